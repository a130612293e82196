package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// variantKind is the table of a variant: structures of which the first
// field, a byte of fixed value, says which one follows (the restrictions of
// [MS-OXCDATA] 2.12, chosen by RestrictType). Members may hold variants
// themselves, so decoding nests; the limit directive bounds how deeply.
var variantKind = tableKind{
	name:     "variant",
	required: []string{"value", "message", "section"},
	load:     (*Model).loadVariants,
	emit:     variantFiles,
}

// Variant is a Go interface over structures chosen by a selector byte.
type Variant struct {
	Type     string // the Go interface: Restriction
	Selector string // the first field of every member: RestrictType
	Limit    int    // how deeply members may nest in one another
	Source   string
	Cases    []*VariantCase
	file     string
}

// VariantCase is one member of a variant: the selector value and its structure.
type VariantCase struct {
	Value   uint8
	Message *Message
	Section string
	row     row
}

// variant returns the variant of that Go type, or nil.
func (m *Model) variant(name string) *Variant {
	for _, v := range m.Variants {
		if v.Type == name {
			return v
		}
	}
	return nil
}

func (m *Model) loadVariants(tables []*table) error {
	for _, t := range tables {
		d := t.directives
		v := &Variant{Type: d["variant"], Selector: d["selector"], Source: d["source"], file: t.file}
		limit, err := strconv.Atoi(d["limit"])
		switch {
		case !token.IsIdentifier(v.Type) || !token.IsExported(v.Type) || m.variant(v.Type) != nil:
			return &Error{t.file, 0, fmt.Sprintf("variant %q: want a new exported Go identifier in a '# variant:' directive", v.Type)}
		case !token.IsIdentifier(v.Selector):
			return &Error{t.file, 0, fmt.Sprintf("selector %q: want the name of the members' first field", v.Selector)}
		case err != nil || limit < 1 || limit > 1000:
			return &Error{t.file, 0, fmt.Sprintf("limit %q: want how deeply members may nest, 1 to 1000", d["limit"])}
		}
		v.Limit = limit
		for _, r := range t.rows {
			n, err := parseValue(r.get("value"), 8)
			if err != nil {
				return r.errorf("value %q: %v", r.get("value"), err)
			}
			c := &VariantCase{Value: uint8(n), Section: r.get("section"), row: r}
			for _, o := range v.Cases {
				if o.Value == c.Value {
					return r.errorf("value 0x%02X is given twice", c.Value)
				}
			}
			v.Cases = append(v.Cases, c)
		}
		if len(v.Cases) == 0 {
			return &Error{t.file, 0, "a variant needs at least one member"}
		}
		m.Variants = append(m.Variants, v)
	}
	return nil
}

// resolveLate completes, once every message table is read, what refers to
// the fields of other structures: the types of property values, the columns
// lists and structures give, and the members of variants.
func (m *Model) resolveLate() error {
	for _, msg := range m.Messages {
		for _, f := range msg.Fields {
			var err error
			switch k := baseKind(f).(type) {
			case *propValue:
				err = k.resolve(f)
			case *structure:
				err = checkColumnsBy(f, k.msg, k.from, k.ctx)
			case *structList:
				err = checkColumnsBy(f, k.elem, k.from, k.ctx)
			}
			if err != nil {
				return err
			}
		}
	}
	return m.resolveVariants()
}

// resolveVariants links each variant to its members: each a structure whose
// first field is the selector byte with the member's value.
func (m *Model) resolveVariants() error {
	for _, v := range m.Variants {
		for _, c := range v.Cases {
			name := c.row.get("message")
			msg := m.message(name)
			if msg == nil || msg.Direction != "struct" || msg.Variant != nil {
				return c.row.errorf("message %q is no structure of a message table, or is a member of another variant", name)
			}
			first := msg.Fields[0]
			if k, ok := first.Kind.(*integer); !ok || first.Name != v.Selector || k.width != 1 || !first.HasValue || first.Value != uint64(c.Value) {
				return c.row.errorf("%s must start with %s u8 of value 0x%02X", msg.Type, v.Selector, c.Value)
			}
			msg.Variant, c.Message = v, msg
		}
	}
	for _, pt := range m.PropertyTypes {
		if pt.Form == "restriction" && m.variant("Restriction") == nil {
			return pt.row.errorf("%s: its values are Restrictions, and no variant table defines Restriction", pt.Name)
		}
	}
	return nil
}

// minSize is a bound on the fewest bytes a member takes: its selector byte
// (members nest, so their own sizes would be counted without end).
func (v *Variant) minSize() int { return 1 }

func (v *Variant) readFunc() string { return "read" + v.Type }
func (v *Variant) sizeFunc() string { return "sizeOf" + v.Type }
func (v *Variant) maxConst() string { return "Max" + v.Type + "Depth" }

// variantFiles renders each variant: its interface, its decoders, its size
// and nesting helpers.
func variantFiles(m *Model, files map[string]*jen.File) error {
	for _, v := range m.Variants {
		f := newPackageFile(CodecPath, "codec")
		variantCode(f, v)
		files["codec/"+ascii.Lower(v.Type)+"_gen.go"] = f
	}
	if len(m.Variants) > 0 {
		f := newPackageFile(CodecPath, "codec")
		bounds := make([]jen.Code, len(m.Variants))
		for i, v := range m.Variants {
			bounds[i] = jen.Id(v.maxConst())
		}
		f.Comment("maxNesting is the deepest any variant may nest. MarshalBinary sizes a value that")
		f.Comment("holds variants before it encodes it only when it nests no deeper: a deeper one may")
		f.Comment("be a cycle, whose size has no bound, and append refuses it.")
		f.Const().Id("maxNesting").Op("=").Max(bounds...)
		files["codec/nesting_gen.go"] = f
	}
	return nil
}

func variantCode(f *jen.File, v *Variant) {
	var members []string
	for _, c := range v.Cases {
		members = append(members, fmt.Sprintf("*%s (0x%02X)", c.Message.Type, c.Value))
	}
	f.Commentf("%s is one of the structures of %s that %s chooses:", v.Type, v.Source, v.Selector)
	f.Comment(strings.Join(members, ", ") + ".")
	f.Type().Id(v.Type).Interface(
		jen.Id("Message"),
		jen.Id("is"+v.Type).Params(),
		jen.Id("read").Params(jen.Id("r").Op("*").Id("reader")).Error(),
		jen.Id("append").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()),
		jen.Id("size").Params().Int(),
		jen.Id("nesting").Params(jen.Id("limit").Int()).Int(),
	)
	f.Commentf("%s is how deeply %s structures may nest in one another: decoders refuse a", v.maxConst(), v.Type)
	f.Comment("deeper one with ErrTooDeep, and encoders too. It is this package's bound, not the document's.")
	f.Const().Id(v.maxConst()).Op("=").Lit(v.Limit)

	f.Commentf("%s decodes the %s at r's offset, choosing its structure by its %s.", v.readFunc(), v.Type, v.Selector)
	f.Func().Params(jen.Id("r").Op("*").Id("reader")).Id(v.readFunc()).Params(jen.Id("field").String()).Params(jen.Id(v.Type), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.If(jen.Id("r").Dot("off").Op(">=").Len(jen.Id("r").Dot("b"))).Block(jen.Return(jen.Nil(), jen.Id("r").Dot("short").Call(jen.Id("field"))))
		g.Var().Id("v").Id(v.Type)
		g.Switch(jen.Id("r").Dot("b").Index(jen.Id("r").Dot("off"))).BlockFunc(func(g *jen.Group) {
			for _, c := range v.Cases {
				g.Case(jen.Op(fmt.Sprintf("0x%02X", c.Value))).Id("v").Op("=").New(jen.Id(c.Message.Type))
			}
			g.Default().Return(jen.Nil(), jen.Id("r").Dot("unexpected").Call(jen.Id("r").Dot("off"), jen.Id("field"), jen.Uint64().Call(jen.Id("r").Dot("b").Index(jen.Id("r").Dot("off")))))
		})
		g.If(jen.Id("r").Dot("ctx").Dot("depth").Op(">=").Id(v.maxConst())).Block(
			jen.Return(jen.Nil(), jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("off"), jen.Id("field"), jen.Id("ErrTooDeep"))))
		g.Id("r").Dot("ctx").Dot("depth").Op("++")
		g.Err().Op(":=").Id("v").Dot("read").Call(jen.Id("r"))
		g.Id("r").Dot("ctx").Dot("depth").Op("--")
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		g.Return(jen.Id("v"), jen.Nil())
	})

	name := "Decode" + v.Type
	f.Commentf("%s decodes the %s at the start of b, choosing its structure by its %s,", name, v.Type, v.Selector)
	f.Commentf("and reports how many bytes it used. Structures nested deeper than %s are ErrTooDeep.", v.maxConst())
	f.Func().Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(v.Type), jen.Int(), jen.Error()).Block(viaNilDecoder(name))
	f.Commentf("%s is the package's %s with d's strings (see Decoder).", name, name)
	f.Func().Add(decoderRecv()).Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(v.Type), jen.Int(), jen.Error()).Block(
		jen.Var().Id("r").Id("reader"),
		jen.Id("r").Dot("init").Call(jen.Id("b"), jen.Lit(v.Type), jen.Id("d")),
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot(v.readFunc()).Call(jen.Lit(v.Type)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Err())),
		jen.Return(jen.Id("v"), jen.Id("r").Dot("offset").Call(), jen.Nil()),
	)

	f.Commentf("%s is the wire size of v, 0 for nil.", v.sizeFunc())
	f.Func().Id(v.sizeFunc()).Params(jen.Id("v").Id(v.Type)).Int().Block(
		jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Lit(0))),
		jen.Return(jen.Id("v").Dot("size").Call()),
	)
	f.Commentf("%sListSize is the wire size of a list of %s structures.", v.sizeFunc(), v.Type)
	f.Func().Id(v.sizeFunc()+"List").Params(jen.Id("list").Index().Id(v.Type)).Int().Block(
		jen.Id("n").Op(":=").Lit(0),
		jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Id("list")).Block(jen.Id("n").Op("+=").Id(v.sizeFunc()).Call(jen.Id("v"))),
		jen.Return(jen.Id("n")),
	)
	f.Commentf("nestingOf%s is how deeply v nests, 0 for nil, counting no further than limit.", v.Type)
	f.Func().Id("nestingOf"+v.Type).Params(jen.Id("v").Id(v.Type), jen.Id("limit").Int()).Int().Block(
		jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Lit(0))),
		jen.Return(jen.Id("v").Dot("nesting").Call(jen.Id("limit"))),
	)
	f.Commentf("check%s refuses a nil %s, or one nested deeper than %s.", v.Type, v.Type, v.maxConst())
	f.Func().Id("check"+v.Type).Params(jen.Id("v").Id(v.Type)).Error().Block(
		jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%w: no "+v.Type), jen.Id("ErrUnexpectedValue")))),
		jen.If(jen.Id("v").Dot("nesting").Call(jen.Id(v.maxConst())).Op(">").Id(v.maxConst())).Block(jen.Return(jen.Id("ErrTooDeep"))),
		jen.Return(jen.Nil()),
	)
}

// variantField is a field holding one member of a variant. With a length
// field it takes exactly as many bytes as that says, and a size of 0 stands
// for no member (nil), as RopRestrict's RestrictionDataSize does.
type variantField struct{ v *Variant }

func (k *variantField) goType(*Field) *jen.Statement { return jen.Id(k.v.Type) }
func (k *variantField) fixedSize(*Field) int         { return -1 }
func (k *variantField) lengths() lengthForms         { return lengthField }
func (k *variantField) nonZero(v *jen.Statement) jen.Code {
	return v.Clone().Op("!=").Nil()
}
func (k *variantField) minSize(f *Field) int {
	if f.Length != nil {
		return 0
	}
	return k.v.minSize()
}
func (k *variantField) size(_ *Field, v *jen.Statement) jen.Code {
	return jen.Id(k.v.sizeFunc()).Call(v)
}
func (k *variantField) lengthOf(f *Field) jen.Code { return k.size(f, jen.Id("m").Dot(f.Go)) }
func (k *variantField) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
}

// presence: an optional member left out is not yielded.
func (k *variantField) presence(f *Field) jen.Code {
	if f.Length != nil {
		return jen.Id("m").Dot(f.Go).Op("!=").Nil()
	}
	return nil
}

func (k *variantField) read(g *jen.Group, f *Field) {
	name := jen.Lit(f.Name)
	if f.Length == nil {
		g.BlockFunc(func(g *jen.Group) {
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot(k.v.readFunc()).Call(name)
			g.Add(returnErr())
			g.Id("m").Dot(f.Go).Op("=").Id("v")
		})
		return
	}
	n := jen.Id(lengthVar(f.Length))
	g.If(n.Clone().Op(">").Lit(0)).BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("sub"), jen.Err()).Op(":=").Id("r").Dot("limit").Call(n, name)
		g.Add(returnErr())
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("sub").Dot(k.v.readFunc()).Call(name)
		g.Add(returnErr())
		g.Add(errCheck(jen.Id("r").Dot("endLimit").Call(jen.Op("&").Id("sub"), name)))
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *variantField) encodeCheck(g *jen.Group, rop string, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	check := jen.If(jen.Err().Op(":=").Id("check"+k.v.Type).Call(v), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err()))
	if f.Length == nil {
		g.Add(check)
		return
	}
	g.If(v.Clone().Op("!=").Nil()).Block(check)
	g.If(k.size(f, v).(*jen.Statement).Clone().Op(">").Add(maxLength(f.Length, 0))).Block(encodeError(rop, f, jen.Id("ErrTooLong")))
}

func (k *variantField) write(g *jen.Group, f *Field) {
	g.If(jen.Id("m").Dot(f.Go).Op("!=").Nil()).Block(appendChecked(jen.Id("m").Dot(f.Go), f, nil)...)
}

// variantList is Variant[]: members counted by an earlier field.
type variantList struct{ v *Variant }

func (k *variantList) goType(*Field) *jen.Statement { return jen.Index().Id(k.v.Type) }
func (k *variantList) fixedSize(*Field) int         { return -1 }
func (k *variantList) minSize(*Field) int           { return 0 }
func (k *variantList) lengths() lengthForms         { return lengthField }
func (k *variantList) lengthOf(f *Field) jen.Code   { return countOf(f) }
func (k *variantList) nonZero(v *jen.Statement) jen.Code {
	return jen.Len(v).Op("!=").Lit(0)
}
func (k *variantList) size(_ *Field, v *jen.Statement) jen.Code {
	return jen.Id(k.v.sizeFunc() + "List").Call(v)
}
func (k *variantList) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
	d["Len"] = jen.Len(v)
	d["Elem"] = elemFunc(fieldDict{
		"Value": v.Clone().Index(jen.Id("i")),
		"Size":  jen.Id(k.v.sizeFunc()).Call(v.Clone().Index(jen.Id("i"))),
	})
}

func (k *variantList) read(g *jen.Group, f *Field) {
	readCounted(g, f, k.v.minSize(), func(g *jen.Group) {
		t := jen.Id("m").Dot(f.Go)
		g.For(jen.Id("i").Op(":=").Range().Add(t)).Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot(k.v.readFunc()).Call(jen.Lit(f.Name)),
			returnErr(),
			t.Clone().Index(jen.Id("i")).Op("=").Id("v"),
		)
	})
}

func (k *variantList) encodeCheck(g *jen.Group, rop string, f *Field) {
	tooLong(g, rop, f, "ErrTooMany")
	g.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Id("m").Dot(f.Go)).Block(
		jen.If(jen.Err().Op(":=").Id("check"+k.v.Type).Call(jen.Id("x")), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err())))
}

func (k *variantList) write(g *jen.Group, f *Field) {
	g.For(jen.Id("i").Op(":=").Range().Id("m").Dot(f.Go)).Block(appendChecked(jen.Id("m").Dot(f.Go).Index(jen.Id("i")), f, jen.Id("i"))...)
}

// nests reports whether msg holds, itself or in its structures, a variant
// or property values (a value, a row or rows, which can hold a Restriction).
func nests(msg *Message) bool {
	return holds(msg, func(m *Message) bool {
		return m.Variant != nil || slices.ContainsFunc(m.Fields, holdsVariantValue)
	}, map[*Message]bool{})
}

// holdsVariantValue reports whether f is itself a variant or property
// values, not a structure that holds some.
func holdsVariantValue(f *Field) bool {
	switch baseKind(f).(type) {
	case *variantField, *variantList, *propValue, *propRow, *propRowSet:
		return true
	}
	return false
}

// fieldNests reports whether f holds a variant or property values: itself,
// or in the structures it holds.
func fieldNests(f *Field) bool {
	switch k := baseKind(f).(type) {
	case *structure:
		return nests(k.msg)
	case *structList:
		return nests(k.elem)
	}
	return holdsVariantValue(f)
}

// holds reports whether msg, or a structure it holds (in a structure or a
// list of them, at any depth), is one of which is reports true. seen holds
// the structures already looked at.
func holds(msg *Message, is func(*Message) bool, seen map[*Message]bool) bool {
	if seen[msg] {
		return false
	}
	seen[msg] = true
	if is(msg) {
		return true
	}
	for _, f := range msg.Fields {
		switch k := baseKind(f).(type) {
		case *structure:
			if holds(k.msg, is, seen) {
				return true
			}
		case *structList:
			if holds(k.elem, is, seen) {
				return true
			}
		}
	}
	return false
}

// inStructures renders do for the structures of field f when they hold
// what has reports: the structure (unless nil, for one that may be absent)
// or each structure of the list. Fields of other kinds render nothing.
func inStructures(g *jen.Group, f *Field, has func(*Message) bool, do func(v *jen.Statement) jen.Code) {
	v := jen.Id("m").Dot(f.Go)
	switch k := baseKind(f).(type) {
	case *structure:
		switch {
		case !has(k.msg):
		case f.EmptyIfZero:
			g.If(v.Clone().Op("!=").Nil()).Block(do(v.Clone()))
		default:
			g.Add(do(v.Clone()))
		}
	case *structList:
		if has(k.elem) {
			g.For(jen.Id("i").Op(":=").Range().Add(v.Clone())).Block(do(v.Clone().Index(jen.Id("i"))))
		}
	}
}

// guardNesting refuses a value of field f nested deeper than maxNesting, for
// the checks that compute its size: a value in a cycle nests without end,
// and its size would recurse for ever. A field that holds no variants needs
// no guard, and a variant field is checked before its size anyway.
func guardNesting(g *jen.Group, rop string, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	tooDeep := func(x *jen.Statement) jen.Code {
		return jen.If(x.Clone().Dot("nesting").Call(jen.Id("maxNesting")).Op(">").Id("maxNesting")).Block(encodeError(rop, f, jen.Id("ErrTooDeep")))
	}
	switch baseKind(f).(type) {
	case *propValue, *propRow, *propRowSet:
		g.Add(tooDeep(v))
	default:
		inStructures(g, f, nests, tooDeep)
	}
}

// variantMethods renders, for a member of a variant, the method that marks it
// so, and for every message that holds variants, nesting: how deeply they
// nest in it, a member counting one, counting no further than limit.
func variantMethods(f *jen.File, msg *Message) {
	if msg.Variant != nil {
		f.Func().Params(jen.Op("*").Id(msg.Type)).Id("is" + msg.Variant.Type).Params().Block()
	}
	if !nests(msg) {
		return
	}
	member := msg.Variant != nil
	f.Commentf("nesting returns how deeply variants nest in m%s, counting no further than limit.",
		map[bool]string{true: ", m itself counting one", false: ""}[member])
	inner := jen.Id("limit")
	if member {
		inner = jen.Id("limit").Op("-").Lit(1)
	}
	holding := slices.DeleteFunc(slices.Clone(msg.Fields), func(f *Field) bool { return !fieldNests(f) })
	f.Add(recv(msg).Id("nesting").Params(jen.Id("limit").Int()).Int().BlockFunc(func(g *jen.Group) {
		if len(holding) == 0 { // a member that holds no variant itself
			g.Return(jen.Lit(1))
			return
		}
		if member {
			g.If(jen.Id("limit").Op("<=").Lit(0)).Block(jen.Return(jen.Lit(1)))
		}
		var n jen.Code = jen.Id("n")
		if x := nestingOf(holding[0], inner); len(holding) == 1 && x != nil {
			n = x // the one value that holds variants: no running maximum
		} else {
			g.Id("n").Op(":=").Lit(0)
			for _, fl := range holding {
				if x := nestingOf(fl, inner); x != nil {
					g.Id("n").Op("=").Max(jen.Id("n"), x)
				} else if k, ok := baseKind(fl).(*variantList); ok {
					g.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Id("m").Dot(fl.Go)).Block(
						jen.Id("n").Op("=").Max(jen.Id("n"), jen.Id("nestingOf"+k.v.Type).Call(jen.Id("x"), inner)))
				} else {
					inStructures(g, fl, nests, func(x *jen.Statement) jen.Code {
						return jen.Id("n").Op("=").Max(jen.Id("n"), x.Dot("nesting").Call(inner))
					})
				}
			}
		}
		if member {
			g.Return(jen.Lit(1).Op("+").Add(n))
		} else {
			g.Return(n)
		}
	}))
}

// nestingOf is how deeply variants nest in the value of fl, when fl holds
// one value that is always there (a variant, property values, a structure
// that holds variants), or nil: for a list, or a structure that may be
// absent.
func nestingOf(fl *Field, inner jen.Code) jen.Code {
	v := jen.Id("m").Dot(fl.Go)
	switch k := baseKind(fl).(type) {
	case *variantField:
		return jen.Id("nestingOf"+k.v.Type).Call(v, inner)
	case *propValue, *propRow, *propRowSet:
		return v.Dot("nesting").Call(inner)
	case *structure:
		if !fl.EmptyIfZero && nests(k.msg) {
			return v.Dot("nesting").Call(inner)
		}
	}
	return nil
}
