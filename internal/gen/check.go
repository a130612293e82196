package gen

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/dave/jennifer/jen"
)

// A check is one rule a field's value must keep: a word of the check column,
// the field's fixed value, or the flag a dispatch table reads to choose the
// shape. It knows the condition under which a decoded value breaks it and the
// condition under which a value to encode does, with the error each side
// reports, so that the fast and the field-by-field decoders and the encoder
// all emit the same rule from one place.
type check interface {
	// decodeFails returns the condition under which x, the field's value as
	// read (an unsigned integer, or an array of bytes), breaks the rule, or
	// nil when decoders do not test it.
	decodeFails(f *Field, x jen.Code) jen.Code
	// encodeFails returns the condition under which v, the field's value in
	// the struct, breaks the rule (an if statement's clauses, an optional
	// init statement first) and the error the encoder wraps in an
	// *EncodeError, or nil when encoders do not test it.
	encodeFails(f *Field, v jen.Code) (cond []jen.Code, err jen.Code)
}

// decodeError is implemented by checks whose decode failure is not the
// field's ErrUnexpectedValue.
type decodeError interface {
	decodeErr(f *Field, x, off jen.Code) jen.Code
}

// checkWord parses one word of the check column for field f, whose kind is
// already resolved; earlier holds the fields before f by name.
type checkWord struct {
	word  string
	parse func(m *Model, f *Field, args []string, earlier map[string]*Field) (check, error)
}

// checkWords are the words the check column may hold.
var checkWords = []checkWord{
	{"defined", parseDefined},
	{"zero", parseZero},
	{"empty-if-zero", parseEmptyIfZero},
	{"not", parseNot},
	{"min", parseMin},
	{"only", parseOnly},
	{"in", parseIn},
	{"requires", parseRequires},
}

// parseChecks resolves the check column of f: words separated by ";".
func (m *Model) parseChecks(f *Field, cell string, earlier map[string]*Field) error {
	for _, c := range strings.Split(cell, ";") {
		words := strings.Fields(c)
		if len(words) == 0 {
			continue
		}
		var chk check
		err := errNotHere(f) // an unknown word too
		for _, w := range checkWords {
			if w.word == words[0] {
				chk, err = w.parse(m, f, words[1:], earlier)
				break
			}
		}
		if err != nil {
			return f.row.errorf("%s: check %q: %v", f.Name, c, err)
		}
		if chk != nil {
			f.Checks = append(f.Checks, chk)
		}
	}
	return nil
}

// errNotHere is the error of a check word on a field it does not fit.
func errNotHere(f *Field) error { return fmt.Errorf("does not apply to a %s field", f.Type) }

// unexpectedValue is the decode error of a field whose value the shape does
// not allow: an integer is named in the error, an array of bytes is not.
func unexpectedValue(f *Field, x, off jen.Code) jen.Code {
	if _, ok := f.Kind.(*integer); ok {
		return jen.Id("r").Dot("unexpected").Call(off, jen.Lit(f.Name), jen.Uint64().Call(x))
	}
	return jen.Id("r").Dot("errAt").Call(off, jen.Lit(f.Name), jen.Id("ErrUnexpectedValue"))
}

// wrapped is fmt.Errorf(format, sentinel, args...).
func wrapped(format, sentinel string, args ...jen.Code) jen.Code {
	return jen.Qual("fmt", "Errorf").Call(append([]jen.Code{jen.Lit(format), jen.Id(sentinel)}, args...)...)
}

// anyOf is x op v[0] || x op v[1] ...; allOf joins with &&.
func anyOf(x jen.Code, op string, v []jen.Code) jen.Code { return join(x, op, "||", v) }
func allOf(x jen.Code, op string, v []jen.Code) jen.Code { return join(x, op, "&&", v) }

func join(x jen.Code, op, with string, v []jen.Code) jen.Code {
	var cond *jen.Statement
	for i, c := range v {
		t := jen.Add(x).Op(op).Add(c)
		if i == 0 {
			cond = t
		} else {
			cond = cond.Op(with).Add(t)
		}
	}
	return cond
}

// hexLits renders values as hexadecimal literals.
func hexLits(vs []uint64) []jen.Code {
	out := make([]jen.Code, len(vs))
	for i, v := range vs {
		out[i] = jen.Op(fmt.Sprintf("0x%X", v))
	}
	return out
}

// fixedValue is a field's value column: decoders refuse any other value;
// encoders write it and so have nothing to test.
type fixedValue struct{}

func (fixedValue) decodeFails(f *Field, x jen.Code) jen.Code {
	if f.Bytes != nil {
		return jen.Add(x).Op("!=").Add(bytesLit(f.Kind.(*byteArray), f.Bytes))
	}
	return jen.Add(x).Op("!=").Op(fmt.Sprintf("0x%X", f.Value))
}
func (fixedValue) encodeFails(*Field, jen.Code) ([]jen.Code, jen.Code) { return nil, nil }

// ropIDValue is the RopId that starts a ROP: a wrong one is ErrWrongRopID.
type ropIDValue struct{ fixedValue }

func (ropIDValue) decodeErr(f *Field, x, off jen.Code) jen.Code {
	return jen.Id("r").Dot("wrongRopID").Call(off, x, jen.Op(fmt.Sprintf("0x%02X", f.Value)))
}

// valueSet is "not V...", values this shape never has, or "only V...", the
// values it always has one of (the success ReturnValues of a ROP that also
// succeeds with a warning: 0 and ErrorsReturned, 0x00040380).
type valueSet struct {
	values []uint64
	only   bool
}

func parseNot(_ *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	return parseValueSet(f, args, false)
}

func parseOnly(_ *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	return parseValueSet(f, args, true)
}

func parseValueSet(f *Field, args []string, only bool) (check, error) {
	k, ok := f.Kind.(*integer)
	if !ok || k.flags != nil || len(args) == 0 {
		return nil, errNotHere(f)
	}
	c := &valueSet{only: only}
	for _, w := range args {
		v, err := parseValue(w, 8*k.width)
		if err != nil {
			return nil, err
		}
		c.values = append(c.values, uint64(v))
	}
	return c, nil
}

func (c *valueSet) fails(x jen.Code) jen.Code {
	if c.only {
		return allOf(x, "!=", hexLits(c.values))
	}
	return anyOf(x, "==", hexLits(c.values))
}

func (c *valueSet) decodeFails(_ *Field, x jen.Code) jen.Code { return c.fails(x) }
func (c *valueSet) encodeFails(f *Field, v jen.Code) ([]jen.Code, jen.Code) {
	return []jen.Code{c.fails(v)}, wrapped("%w 0x%X", "ErrUnexpectedValue", jen.Uint64().Call(v))
}

// minValue is "min N": the least value the field may have. On a count or
// size field, which encoders derive, it bounds the list or bytes counted
// (MessageIdCount of RopFastTransferSourceCopyMessages is at least 1).
type minValue struct{ min uint64 }

func parseMin(_ *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	k, ok := f.Kind.(*integer)
	if !ok || k.named() || len(args) != 1 {
		return nil, errNotHere(f)
	}
	v, err := parseValue(args[0], 8*k.width)
	if err != nil {
		return nil, err
	}
	if v == 0 {
		return nil, fmt.Errorf("min 0 holds for every value")
	}
	return &minValue{min: uint64(v)}, nil
}

func (c *minValue) decodeFails(_ *Field, x jen.Code) jen.Code {
	return jen.Add(x).Op("<").Lit(int(c.min))
}
func (c *minValue) encodeFails(f *Field, v jen.Code) ([]jen.Code, jen.Code) {
	return []jen.Code{jen.Add(v).Op("<").Lit(int(c.min))},
		wrapped(fmt.Sprintf("%%w %%d, less than the least value %d", c.min), "ErrUnexpectedValue", v)
}

// lengthChecks reports whether checks, those of a field that holds another
// field's size or count, are all checks that encoders can apply to the
// value they derive.
func lengthChecks(checks []check) bool {
	for _, c := range checks {
		if _, ok := c.(*minValue); !ok {
			return false
		}
	}
	return true
}

// inConstants is "in CONST...": the only values, named in a constants table.
type inConstants struct{ names []string }

func parseIn(m *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	if len(args) == 0 {
		return nil, errNotHere(f)
	}
	c := &inConstants{}
	for _, w := range args {
		k := m.constant(w)
		switch kind := f.Kind.(type) {
		case *integer:
			if kind.flags != nil {
				return nil, errNotHere(f)
			}
			if k == nil || k.Bytes != nil || k.IsText || bits.Len64(k.Value) > 8*kind.width {
				return nil, fmt.Errorf("%s is not an integer constant that fits the field", w)
			}
		case *byteArray:
			if !kind.guid {
				return nil, errNotHere(f)
			}
			if k == nil || k.Bytes == nil {
				return nil, fmt.Errorf("%s is not a guid constant", w)
			}
		default:
			return nil, errNotHere(f)
		}
		c.names = append(c.names, w)
	}
	return c, nil
}

func (c *inConstants) lits() []jen.Code {
	out := make([]jen.Code, len(c.names))
	for i, n := range c.names {
		out[i] = jen.Id(n)
	}
	return out
}

func (c *inConstants) decodeFails(_ *Field, x jen.Code) jen.Code { return allOf(x, "!=", c.lits()) }
func (c *inConstants) encodeFails(f *Field, v jen.Code) ([]jen.Code, jen.Code) {
	if _, ok := f.Kind.(*byteArray); ok {
		return []jen.Code{allOf(v, "!=", c.lits())}, wrapped("%w %s", "ErrUnexpectedValue", v)
	}
	return []jen.Code{allOf(v, "!=", c.lits())}, wrapped("%w 0x%X", "ErrUnexpectedValue", jen.Uint64().Call(v))
}

// definedFlags is "defined": no flag bit the table does not name.
type definedFlags struct{}

func parseDefined(_ *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	if k, ok := f.Kind.(*integer); !ok || k.flags == nil || len(args) > 0 {
		return nil, errNotHere(f)
	}
	return definedFlags{}, nil
}

func (definedFlags) decodeFails(*Field, jen.Code) jen.Code { return nil }
func (definedFlags) encodeFails(_ *Field, v jen.Code) ([]jen.Code, jen.Code) {
	return []jen.Code{jen.Id("u").Op(":=").Add(v).Dot("Undefined").Call(), jen.Id("u").Op("!=").Lit(0)},
		wrapped("%w %s", "ErrUndefinedFlags", jen.Id("u"))
}

// mustBeZero is "zero": the field is always 0 when sent.
type mustBeZero struct{}

func parseZero(_ *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	if k, ok := f.Kind.(*integer); !ok || k.flags != nil || k.ec || len(args) > 0 {
		return nil, errNotHere(f)
	}
	return mustBeZero{}, nil
}

func (mustBeZero) decodeFails(*Field, jen.Code) jen.Code { return nil }
func (mustBeZero) encodeFails(_ *Field, v jen.Code) ([]jen.Code, jen.Code) {
	return []jen.Code{jen.Add(v).Op("!=").Lit(0)}, jen.Id("ErrNotZero")
}

// parseEmptyIfZero reads "empty-if-zero", which is not a check but says how
// the field is laid out: a size of 0 stands for an empty string, or for a
// structure left out (a nil pointer).
func parseEmptyIfZero(_ *Model, f *Field, args []string, _ map[string]*Field) (check, error) {
	_, isString := f.Kind.(*asciiz)
	_, isStruct := f.Kind.(*structure)
	if !isString && !isStruct || f.Length == nil || len(args) > 0 {
		return nil, errNotHere(f)
	}
	f.EmptyIfZero = true
	return nil, nil
}

// requiresFlag is "requires FLAG unless FIELD.FLAG".
type requiresFlag struct {
	flag        *Flag
	unlessField *Field
	unlessFlag  *Flag
}

func parseRequires(_ *Model, f *Field, args []string, earlier map[string]*Field) (check, error) {
	k, ok := f.Kind.(*integer)
	if !ok || k.flags == nil || len(args) != 3 || args[1] != "unless" {
		return nil, errNotHere(f)
	}
	c := &requiresFlag{flag: k.flags.byName(args[0])}
	field, flag, _ := strings.Cut(args[2], ".")
	c.unlessField = earlier[field]
	if u := c.unlessField; u != nil {
		if uk, ok := u.Kind.(*integer); ok && uk.flags != nil {
			c.unlessFlag = uk.flags.byName(flag)
		}
	}
	if c.flag == nil || c.unlessFlag == nil {
		return nil, fmt.Errorf("names a flag or field that does not exist")
	}
	return c, nil
}

func (c *requiresFlag) decodeFails(*Field, jen.Code) jen.Code { return nil }
func (c *requiresFlag) encodeFails(_ *Field, v jen.Code) ([]jen.Code, jen.Code) {
	cond := jen.Id("m").Dot(c.unlessField.Go).Op("&").Id(c.unlessFlag.Go).Op("==").Lit(0).
		Op("&&").Add(v).Op("&").Id(c.flag.Go).Op("==").Lit(0)
	return []jen.Code{cond}, wrapped(fmt.Sprintf("%%w: %s without %s.%s", c.flag.Name, c.unlessField.Name, c.unlessFlag.Name), "ErrMissingFlag")
}

// shapeFlag is the flag a dispatch table reads to choose this shape: it must
// be set (or, with clear, clear), else the bytes are another shape.
type shapeFlag struct {
	flag  *Flag
	clear bool
}

func (c *shapeFlag) wrong(f *Field, x jen.Code) jen.Code {
	op := "=="
	if c.clear {
		op = "!="
	}
	return jen.Id(f.Kind.(*integer).flags.Type).Call(x).Op("&").Id(c.flag.Go).Op(op).Lit(0)
}

func (c *shapeFlag) decodeFails(f *Field, x jen.Code) jen.Code { return c.wrong(f, x) }
func (c *shapeFlag) encodeFails(f *Field, v jen.Code) ([]jen.Code, jen.Code) {
	doc := fmt.Sprintf("%%w: %s lacks %s, which makes it another response shape", f.Name, c.flag.Name)
	if c.clear {
		doc = fmt.Sprintf("%%w: %s has %s set, which makes it another response shape", f.Name, c.flag.Name)
	}
	return []jen.Code{c.wrong(f, v)}, wrapped(doc, "ErrUnexpectedValue")
}
