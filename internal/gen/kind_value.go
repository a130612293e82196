package gen

import (
	"strings"

	"github.com/dave/jennifer/jen"
)

// The kinds of the [MS-OXCDATA] structures: property values typed by another
// field, strings whose encoding is fixed or chosen by a flag, rows laid out
// by columns (kind_row.go) and variants chosen by a selector (variant.go).

// oxcdataKind resolves the type words of these kinds, or returns nil.
func (m *Model) oxcdataKind(typ string) wireKind {
	switch typ {
	case PropertyTypeGo:
		if len(m.PropertyTypes) > 0 {
			return &integer{width: 2, goName: PropertyTypeGo}
		}
	case "PropertyValue":
		return &propValue{}
	case "string8z":
		return &text{mode: text8}
	case "string":
		return &text{mode: textBy}
	case "PropertyRow":
		return &propRow{}
	case "PropertyRow[]":
		return &propRowSet{}
	}
	elem, list := strings.CutSuffix(typ, "[]")
	if v := m.variant(elem); v != nil {
		if list {
			return &variantList{v: v}
		}
		return &variantField{v: v}
	}
	return nil
}

// A byTaker is a kind whose layout the by cell completes: the field that
// gives a value its type, the columns of a row, the condition under which a
// string is UTF-16.
type byTaker interface {
	takeBy(m *Model, f *Field, cell string, earlier map[string]*Field) error
}

// fieldBy reads the by cell of f.
func (m *Model) fieldBy(msg *Message, f *Field, cell string, earlier map[string]*Field) error {
	if bt, ok := f.Kind.(byTaker); ok {
		return bt.takeBy(m, f, cell, earlier)
	}
	if cell != "" {
		return f.row.errorf("%s: a %s takes no by", f.Name, f.Type)
	}
	return nil
}

// propValue is a PropertyValue ([MS-OXCDATA] 2.11.2) whose type another field
// gives: a PropertyType, or a PropertyTag (its PropertyType).
type propValue struct {
	src *Field
	typ jen.Code // the Go expression of the type, once resolved
}

func (k *propValue) takeBy(_ *Model, f *Field, cell string, earlier map[string]*Field) error {
	if k.src = earlier[cell]; k.src == nil || !k.src.InStruct() {
		return f.row.errorf("%s: by %q: want the earlier field that gives its PropertyType", f.Name, cell)
	}
	return nil
}

// resolve finds the type in the by field, once every structure's fields are
// read.
func (k *propValue) resolve(f *Field) error {
	switch sk := baseKind(k.src).(type) {
	case *integer:
		if sk.width == 2 {
			k.typ = jen.Id(PropertyTypeGo).Call(jen.Id("m").Dot(k.src.Go))
			return nil
		}
	case *structure:
		for _, sf := range sk.msg.Fields {
			if ik, ok := sf.Kind.(*integer); ok && sf.Name == "PropertyType" && ik.width == 2 && sf.InStruct() {
				k.typ = jen.Id(PropertyTypeGo).Call(jen.Id("m").Dot(k.src.Go).Dot(sf.Go))
				return nil
			}
		}
	}
	return f.row.errorf("%s: by %s: want a PropertyType field or a structure with one", f.Name, k.src.Name)
}

func (k *propValue) goType(*Field) *jen.Statement { return jen.Id("PropertyValue") }
func (k *propValue) fixedSize(*Field) int         { return -1 }
func (k *propValue) minSize(*Field) int           { return 0 }
func (k *propValue) lengths() lengthForms         { return 0 }
func (k *propValue) lengthOf(*Field) jen.Code     { return nil }
func (k *propValue) nonZero(v *jen.Statement) jen.Code {
	return jen.Op("!").Add(v.Clone().Dot("isZero").Call())
}

func (k *propValue) size(_ *Field, v *jen.Statement) jen.Code { return v.Clone().Dot("size").Call() }
func (k *propValue) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
}

func (k *propValue) read(g *jen.Group, f *Field) {
	g.BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("propertyValue").Call(k.typ, jen.Lit(f.Name))
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *propValue) encodeCheck(g *jen.Group, rop string, f *Field) {
	g.If(jen.Err().Op(":=").Id("m").Dot(f.Go).Dot("check").Call(k.typ), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err()))
}

func (k *propValue) write(g *jen.Group, f *Field) {
	g.Block(appendChecked(jen.Id("m").Dot(f.Go), f, nil)...)
}

// textMode says how a text field is encoded.
type textMode uint8

const (
	text8  textMode = iota // 8-bit characters up to a NUL byte
	textBy                 // UTF-16 while the by condition holds, else 8-bit
)

// text is a NUL-terminated string without a size field, 8-bit (string8z:
// any byte but NUL, kept as it is, since the code page is given elsewhere)
// or UTF-16 or 8-bit as a flag or Boolean says (string, by COND); utf16z is
// the kind of kind_var.go.
type text struct {
	mode    textMode
	unicode *condition
}

func (k *text) takeBy(_ *Model, f *Field, cell string, earlier map[string]*Field) error {
	if k.mode != textBy {
		if cell != "" {
			return f.row.errorf("%s: a %s takes no by", f.Name, f.Type)
		}
		return nil
	}
	if cell == "" {
		return f.row.errorf("%s: a string needs a by condition under which it is UTF-16", f.Name)
	}
	c, err := parseCondition(cell, earlier)
	if err != nil {
		return f.row.errorf("%s: by %v", f.Name, err)
	}
	if c.hasLogon() {
		return f.row.errorf("%s: by %q: %s is a term of the when column only", f.Name, cell, logonTerm)
	}
	k.unicode = c
	return nil
}

func (k *text) goType(*Field) *jen.Statement                  { return jen.String() }
func (k *text) fixedSize(*Field) int                          { return -1 }
func (k *text) lengths() lengthForms                          { return 0 }
func (k *text) lengthOf(*Field) jen.Code                      { return nil }
func (k *text) nonZero(v *jen.Statement) jen.Code             { return v.Clone().Op("!=").Lit("") }
func (k *text) visit(f *Field, v *jen.Statement, d fieldDict) { d["Size"] = k.size(f, v) }

func (k *text) minSize(*Field) int { return 1 }

// isUnicode is the Go expression of whether the string is UTF-16.
func (k *text) isUnicode() jen.Code {
	if k.mode == text8 {
		return jen.False()
	}
	return k.unicode.expr()
}

func (k *text) size(_ *Field, v *jen.Statement) jen.Code {
	if k.mode == text8 {
		return jen.Len(v).Op("+").Lit(1)
	}
	return jen.Id("textSize").Call(v, k.isUnicode())
}

func (k *text) read(g *jen.Group, f *Field) {
	g.BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("text").Call(k.isUnicode(), jen.Lit(f.Name))
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *text) encodeCheck(g *jen.Group, rop string, f *Field) {
	g.If(jen.Err().Op(":=").Id("textError").Call(jen.Id("m").Dot(f.Go), k.isUnicode()), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err()))
}

func (k *text) write(g *jen.Group, f *Field) {
	g.Id("out").Op("=").Id("appendText").Call(jen.Id("out"), jen.Id("m").Dot(f.Go), k.isUnicode())
}

// mustTakeBy is the error of a by cell a kind needs and lacks.
func mustTakeBy(f *Field, what string) error {
	return f.row.errorf("%s: a %s needs a by cell naming %s", f.Name, f.Type, what)
}
