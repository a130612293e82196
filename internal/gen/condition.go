package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// A condition is what the when cell of a field says (the field is present
// only while it holds) and what the by cell of a string says (the string is
// UTF-16 while it holds): terms joined by " and ", each a test of an earlier
// integer or flag field that the struct stores:
//
//	FIELD            FIELD is not 0 (a Boolean such as IsGhosted)
//	!FIELD           FIELD is 0
//	FIELD.FLAG       the flag FLAG of a flags field is set; !FIELD.FLAG: clear
//	FIELD=V,V...     FIELD is one of the values (hex or decimal)
//	FIELD&MASK=V...  the bits MASK of FIELD are one of the values
//	FIELD!=V,V...    FIELD is none of the values; FIELD&MASK!=V...: the bits
//	                 MASK of FIELD are none of them (a NotificationType other
//	                 than TableModified and Extended)
//
// A truth test (FIELD, !FIELD) may name the length field of an earlier bytes
// field, which the struct does not store: it tests the derived size, the
// length of the bytes (HelpFileName after a nonzero HelpFileSize). Decoders
// have read the bytes, so the length is the size read; encoders derive the
// size from it.
//
// Decoders evaluate it on the fields decoded so far, encoders on the struct.
type condition struct {
	text  string
	terms []condTerm
}

// condTerm is one term of a condition.
type condTerm struct {
	field  *Field
	flag   *Flag    // FIELD.FLAG
	mask   uint64   // FIELD&MASK=V; 0 for all bits
	values []uint64 // FIELD=V...; nil for a truth test
	negate bool
	logon  bool   // logon.public (logon.go); field is then the LogonId
	sizeOf *Field // the bytes field whose size field is field, for a truth test of a length field
}

// parseCondition reads a when or by cell; earlier holds the fields before
// the one it belongs to.
func parseCondition(cell string, earlier map[string]*Field) (*condition, error) {
	c := &condition{text: cell}
	for _, part := range strings.Split(cell, " and ") {
		t, err := parseCondTerm(strings.TrimSpace(part), earlier)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", part, err)
		}
		c.terms = append(c.terms, t)
	}
	return c, nil
}

// parseCondTerm reads one term of a condition: FIELD, !FIELD, FIELD.FLAG,
// !FIELD.FLAG, FIELD=V,... or FIELD!=V,..., each with an optional &MASK
// before the values, or a logon term (parseLogonTerm).
func parseCondTerm(s string, earlier map[string]*Field) (condTerm, error) {
	if t, ok, err := parseLogonTerm(s, earlier); ok {
		return t, err
	}
	var t condTerm
	name, values, hasValues := strings.Cut(s, "=")
	switch {
	case hasValues && strings.HasSuffix(name, "!"): // FIELD!=V...
		t.negate = true
		name = strings.TrimSuffix(name, "!")
	case !hasValues:
		t.negate = strings.HasPrefix(s, "!")
		name = strings.TrimPrefix(s, "!")
	}
	name, mask, hasMask := strings.Cut(name, "&")
	name, flag, hasFlag := strings.Cut(name, ".")
	t.field = earlier[name]
	var k *integer
	ok := t.field != nil
	if ok {
		k, ok = baseKind(t.field).(*integer)
	}
	switch {
	case ok && t.field.LengthOf != nil:
		return t, t.lengthTest(earlier, hasValues || hasMask || hasFlag)
	case !ok || !t.field.InStruct():
		return t, fmt.Errorf("%s is no earlier integer or flags field that the struct stores", name)
	case hasFlag && (k.flags == nil || hasValues || hasMask):
		return t, fmt.Errorf("FIELD.FLAG needs a flags field, without = or &")
	case hasFlag:
		if t.flag = k.flags.byName(flag); t.flag == nil {
			return t, fmt.Errorf("%s has no flag %s", name, flag)
		}
		return t, nil
	case hasMask && !hasValues:
		return t, fmt.Errorf("FIELD&MASK needs =V")
	}
	return t, t.parseValues(k, mask, hasMask, values, hasValues)
}

// lengthTest accepts a truth test of the length field t.field when it is
// the size, and only the size, of an earlier bytes field, which the
// condition then tests the length of.
func (t *condTerm) lengthTest(earlier map[string]*Field, notTruth bool) error {
	b := t.field.LengthOf
	_, isBytes := baseKind(b).(*bytesKind)
	switch {
	case notTruth:
		return fmt.Errorf("%s is a length field, which a condition can only test for zero (FIELD or !FIELD)", t.field.Name)
	case !isBytes || b.LengthAdjust != 0 || earlier[b.Name] != b:
		return fmt.Errorf("%s is the length field of %s, which is no earlier bytes field it alone sizes", t.field.Name, b.Name)
	}
	t.sizeOf = b
	return nil
}

// checkTermsStored refuses a when or by condition of f that tests a field
// a later row made a length or offset field (not stored), once the whole
// message is read: a term is checked when parsed against the rows before
// it only.
func checkTermsStored(f *Field) error {
	var conds []*condition
	if c, ok := f.Kind.(*conditional); ok {
		conds = append(conds, c.cond)
	}
	if k, ok := baseKind(f).(*text); ok && k.unicode != nil {
		conds = append(conds, k.unicode)
	}
	for _, c := range conds {
		for _, t := range c.terms {
			if !t.logon && t.sizeOf == nil && !t.field.InStruct() {
				return f.row.errorf("%s: %q: %s is a length or offset field of a later field, which the struct does not store", f.Name, c.text, t.field.Name)
			}
		}
	}
	return nil
}

// parseValues reads the MASK and the values V,... of a term on the integer
// field of kind k, each of the field's width.
func (t *condTerm) parseValues(k *integer, mask string, hasMask bool, values string, hasValues bool) error {
	if hasMask {
		m, err := parseValue(mask, 8*k.width)
		if err != nil || m == 0 {
			return fmt.Errorf("mask %q: want a nonzero value of the field's width", mask)
		}
		t.mask = uint64(m)
	}
	if !hasValues {
		return nil
	}
	for _, v := range strings.Split(values, ",") {
		n, err := parseValue(strings.TrimSpace(v), 8*k.width)
		if err != nil {
			return fmt.Errorf("value %q: %v", v, err)
		}
		t.values = append(t.values, uint64(n))
	}
	return nil
}

// kindOf returns f's kind as a K, when f is not nil and its kind is one.
func kindOf[K wireKind](f *Field) (K, bool) {
	var zero K
	if f == nil {
		return zero, false
	}
	k, ok := f.Kind.(K)
	return k, ok
}

// expr is the condition on the struct m.
func (c *condition) expr() jen.Code {
	var out *jen.Statement
	for _, t := range c.terms {
		e := t.expr()
		if out == nil {
			out = jen.Add(e)
		} else {
			out = out.Op("&&").Add(e)
		}
	}
	return out
}

func (t condTerm) expr() jen.Code {
	v := jen.Uint64().Call(jen.Id("m").Dot(t.field.Go))
	var e jen.Code
	switch {
	case t.logon:
		e = jen.Id("m").Dot(logonGo)
	case t.sizeOf != nil:
		e = jen.Len(jen.Id("m").Dot(t.sizeOf.Go)).Op("!=").Lit(0)
	case t.flag != nil:
		e = jen.Id("m").Dot(t.field.Go).Op("&").Id(t.flag.Go).Op("!=").Lit(0)
	case t.values == nil:
		e = jen.Id("m").Dot(t.field.Go).Op("!=").Lit(0)
	default:
		if t.mask != 0 {
			v = jen.Parens(v.Op("&").Op(fmt.Sprintf("0x%X", t.mask)))
		}
		e = jen.Parens(anyOf(v, "==", hexLits(t.values)))
	}
	if t.negate {
		return jen.Op("!").Parens(e)
	}
	return e
}
