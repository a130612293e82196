package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// conditional is a field with a when cell: present on the wire only while
// its condition holds (MessageId after HasMessageId, the Servers of a ghosted
// folder, a RecipientRow's optional strings). Absent, it is the zero value of
// its Go type: decoders leave it so and encoders refuse any other value, so
// that what is encoded decodes back to the same struct. Its checks apply
// while it is present.
type conditional struct {
	inner wireKind
	cond  *condition
}

// zeroTester is a kind whose absent value a conditional can test.
type zeroTester interface {
	// nonZero is the condition under which v is not the zero value.
	nonZero(v *jen.Statement) jen.Code
}

// withWhen wraps f's kind in a conditional for the when cell.
func withWhen(f *Field, cell string, earlier map[string]*Field) error {
	if _, ok := f.Kind.(zeroTester); !ok && f.InStruct() {
		return f.row.errorf("%s: a %s field cannot be conditional", f.Name, f.Type)
	}
	if f.HasValue {
		return f.row.errorf("%s: a field with a value cannot be conditional", f.Name)
	}
	if sharesCount(f) {
		return f.row.errorf("%s: a list that shares its count with %s cannot be conditional", f.Name, f.Length.LengthOf.Name)
	}
	// A list whose condition tests its own count keeps the count stored: the
	// count can hold a value that is no length (a TagCount of 0xFFFF, which
	// leaves the Tags out as 0 does), so the struct must keep it.
	l := f.Length
	counted := l != nil && l.LengthOf == f && isCountedList(f)
	if counted {
		l.LengthOf = nil
	}
	c, err := parseCondition(cell, earlier)
	if err != nil {
		return f.row.errorf("%s: when %v", f.Name, err)
	}
	if counted && !slices.ContainsFunc(c.terms, func(t condTerm) bool { return t.field == l }) {
		l.LengthOf = f // derived after all
	}
	f.Kind = &conditional{inner: f.Kind, cond: c}
	return nil
}

// isCountedList reports whether f is a list its length field counts.
func isCountedList(f *Field) bool {
	switch baseKind(f).(type) {
	case *structList, *asciizList, *intList, *variantList:
		return true
	}
	return false
}

// countStored reports whether f is a list whose count is a field of the
// struct rather than derived from the list (isCountedList, withWhen).
func countStored(f *Field) bool {
	return f.Length != nil && f.Length.LengthOf == nil && isCountedList(f)
}

func (k *conditional) goType(f *Field) *jen.Statement { return k.inner.goType(f) }
func (k *conditional) fixedSize(*Field) int           { return -1 }
func (k *conditional) minSize(*Field) int             { return 0 }
func (k *conditional) lengths() lengthForms           { return k.inner.lengths() }

func (k *conditional) size(f *Field, v *jen.Statement) jen.Code {
	n := k.inner.size(f, v)
	if s := k.inner.fixedSize(f); s >= 0 {
		n = jen.Lit(s)
	}
	return jen.Id("sizeIf").Call(k.cond.expr(), n)
}

func (k *conditional) visit(f *Field, v *jen.Statement, d fieldDict) {
	k.inner.visit(f, v, d)
	d["Size"] = k.size(f, v)
}

// presence is the condition the visitor tests before it yields the field.
func (k *conditional) presence(*Field) jen.Code { return k.cond.expr() }

func (k *conditional) lengthOf(f *Field) jen.Code {
	if vk, ok := k.inner.(varKind); ok {
		return vk.lengthOf(f)
	}
	return nil
}

func (k *conditional) read(g *jen.Group, f *Field) {
	readLogon(g, f, k.cond)
	g.If(k.cond.expr()).BlockFunc(func(g *jen.Group) {
		if fk, ok := k.inner.(fixedKind); ok && fk.fast(f) {
			fk.readOne(g, f)
			return
		}
		k.inner.(varKind).read(g, f)
	})
}

func (k *conditional) encodeCheck(g *jen.Group, rop string, f *Field) {
	if f.InStruct() {
		v := jen.Id("m").Dot(f.Go)
		g.If(jen.Op("!").Parens(k.cond.expr()).Op("&&").Add(k.inner.(zeroTester).nonZero(v))).Block(
			encodeError(rop, f, jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%w: set, but absent unless %s", k.cond.text)), jen.Id("ErrUnexpectedValue"))))
	}
	checks := jen.BlockFunc(func(g *jen.Group) {
		fieldEncodeChecks(g, rop, f)
		if countStored(f) {
			g.If(jen.Len(jen.Id("m").Dot(f.Go)).Op("!=").Int().Call(jen.Id("m").Dot(f.Length.Go))).Block(
				encodeError(rop, f, jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%w: %%d elements, %s %%d", f.Length.Name)), jen.Id("ErrSizeMismatch"), jen.Len(jen.Id("m").Dot(f.Go)), jen.Id("m").Dot(f.Length.Go))))
		}
		if vk, ok := k.inner.(varKind); ok {
			vk.encodeCheck(g, rop, f)
		}
	})
	if !emptyBlock(checks) { // no empty block for a field without checks
		g.If(k.cond.expr()).Add(checks)
	}
}

// emptyBlock reports whether the block b holds no statement: jennifer
// renders an empty BlockFunc as "{\n}".
func emptyBlock(b jen.Code) bool {
	return strings.TrimSpace(strings.Trim(fmt.Sprintf("%#v", b), "{}")) == ""
}

func (k *conditional) write(g *jen.Group, f *Field) {
	g.If(k.cond.expr()).BlockFunc(func(g *jen.Group) {
		if fk, ok := k.inner.(fixedKind); ok && fk.fast(f) {
			writeFixedOne(g, f, fk)
			return
		}
		k.inner.(varKind).write(g, f)
	})
}

// writeFixedOne appends one fixed-size field on its own: room for it, then
// its bytes by offset.
func writeFixedOne(g *jen.Group, f *Field, k fixedKind) {
	n := k.fixedSize(f)
	g.Id("n").Op(":=").Len(jen.Id("out"))
	g.Id("out").Op("=").Qual("slices", "Grow").Call(jen.Id("out"), jen.Lit(n)).Index(jen.Empty(), jen.Id("n").Op("+").Lit(n))
	g.Id("p").Op(":=").Id("out").Index(jen.Id("n"), jen.Empty())
	k.writeAt(g, f, 0)
}

// The zero tests of the kinds that can be conditional.

func (k *integer) nonZero(v *jen.Statement) jen.Code { return v.Clone().Op("!=").Lit(0) }
func (k *byteArray) nonZero(v *jen.Statement) jen.Code {
	return v.Clone().Op("!=").Parens(k.goType(nil).Values())
}
func (k *asciiz) nonZero(v *jen.Statement) jen.Code    { return v.Clone().Op("!=").Lit("") }
func (k *utf16z) nonZero(v *jen.Statement) jen.Code    { return v.Clone().Op("!=").Lit("") }
func (k *bytesKind) nonZero(v *jen.Statement) jen.Code { return jen.Len(v).Op("!=").Lit(0) }
func (k *asciizList) nonZero(v *jen.Statement) jen.Code {
	return jen.Len(v).Op("!=").Lit(0)
}
func (k *intList) nonZero(v *jen.Statement) jen.Code    { return jen.Len(v).Op("!=").Lit(0) }
func (k *structList) nonZero(v *jen.Statement) jen.Code { return jen.Len(v).Op("!=").Lit(0) }
