package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// The kinds of field whose size varies, and structures, which are fixed or
// not as their fields are.

// lengthVar is the local variable of read that holds a length field's value.
func lengthVar(l *Field) string { return "len" + l.Name }

// maxLength is the largest value the length field l can hold, less what it
// counts beyond its field.
func maxLength(l *Field, adjust int) *jen.Statement {
	return jen.Op(fmt.Sprintf("0x%X", uint64(1)<<(8*baseKind(l).fixedSize(l))-1-uint64(adjust)))
}

// lengthValue is the value the length field l takes from the field it
// counts or sizes: a list's byte size when l is its Size (sizedList).
func lengthValue(l *Field) jen.Code {
	t := l.LengthOf
	if t.Size == l {
		return listBytes(t)
	}
	return t.Kind.(varKind).lengthOf(t)
}

// encodeError returns b and an *EncodeError for field fl of rop.
func encodeError(rop string, fl *Field, err jen.Code) jen.Code {
	return jen.Return(jen.Id("b"), jen.Op("&").Id("EncodeError").Values(jen.Dict{
		jen.Id("ROP"): jen.Lit(rop), jen.Id("Field"): jen.Lit(fl.Name), jen.Id("Err"): err,
	}))
}

// tooLong refuses a value whose length does not fit the field's length field.
func tooLong(g *jen.Group, rop string, f *Field, sentinel string) {
	g.If(jen.Len(jen.Id("m").Dot(f.Go)).Op(">").Add(maxLength(f.Length, f.LengthAdjust))).Block(encodeError(rop, f, jen.Id(sentinel)))
}

// checkASCIIZ refuses a string that cannot be written with a NUL in a field
// whose size, NUL included, is at most max. The test is written out, rather
// than called through a helper, so that the common case costs one call (to
// badASCII).
func checkASCIIZ(rop string, f *Field, s, max jen.Code) jen.Code {
	return jen.If(jen.Len(s).Op(">=").Add(max).Op("||").Id("badASCII").Call(s).Op(">=").Lit(0)).Block(
		jen.Return(jen.Id("b"), jen.Id("asciizError").Call(s, max, jen.Lit(rop), jen.Lit(f.Name))))
}

// appendChecked appends the wire form of x, the value of field f or (with
// index i, not nil) an element of it, to out, returning b and the error
// when x refuses to encode: the error of f's message, with the path to the
// value refused (nestedEncodeError).
func appendChecked(x jen.Code, f *Field, i jen.Code) []jen.Code {
	if i == nil {
		i = jen.Lit(-1)
	}
	return []jen.Code{
		jen.List(jen.Id("next"), jen.Err()).Op(":=").Add(x).Dot("append").Call(jen.Id("out")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"),
			jen.Id("nestedEncodeError").Call(jen.Err(), jen.Lit(f.owner), jen.Lit(f.Name), i))),
		jen.Id("out").Op("=").Id("next"),
	}
}

// structure is a message of direction struct used as a field. With a
// length field it takes exactly as many bytes as that field says (a
// RecipientRowSize); with empty-if-zero too, it is a pointer, nil for a
// size of 0. With a by cell it gives the rows inside it the columns of its
// message's PropertyTag[] field (from), or passes the Decoder's on (ctx).
type structure struct {
	msg  *Message
	from *Field
	ctx  string
}

func (k *structure) takeBy(m *Model, f *Field, cell string, earlier map[string]*Field) (err error) {
	k.from, k.ctx, err = takeColumnsBy(m, f, cell, earlier)
	return err
}

func (k *structure) goType(f *Field) *jen.Statement {
	if f != nil && f.EmptyIfZero {
		return jen.Op("*").Id(k.msg.Type)
	}
	return jen.Id(k.msg.Type)
}
func (k *structure) fixedSize(f *Field) int {
	if f != nil && f.Length != nil {
		return -1
	}
	return k.msg.fixedSize()
}
func (k *structure) minSize(f *Field) int {
	if f != nil && f.EmptyIfZero {
		return 0
	}
	return k.msg.minSize()
}
func (k *structure) lengths() lengthForms { return lengthField }
func (k *structure) fast(f *Field) bool   { return plainFixed(k.msg) && f.Length == nil && k.from == nil }
func (k *structure) lengthOf(f *Field) jen.Code {
	return k.size(f, jen.Id("m").Dot(f.Go))
}

func (k *structure) size(f *Field, v *jen.Statement) jen.Code {
	if f != nil && f.EmptyIfZero {
		return jen.Id("ptrSize").Call(v)
	}
	if n := k.msg.fixedSize(); n >= 0 {
		return jen.Lit(n)
	}
	return v.Clone().Dot("size").Call()
}

func (k *structure) visit(f *Field, v *jen.Statement, d fieldDict) {
	if f.EmptyIfZero {
		d["Value"] = v
	} else {
		d["Value"] = jen.Op("&").Add(v)
	}
	d["Size"] = k.size(f, v)
}

// presence is the condition under which the visitor yields the field: a
// structure that a size of 0 leaves out is not yielded.
func (k *structure) presence(f *Field) jen.Code {
	if f.EmptyIfZero {
		return jen.Id("m").Dot(f.Go).Op("!=").Nil()
	}
	return nil
}

func (k *structure) readAt(g *jen.Group, f *Field, pl place) {
	g.Id("m").Dot(f.Go).Dot("readFixed").Call(pl.at())
}
func (k *structure) readOne(g *jen.Group, f *Field) { k.read(g, f) }
func (k *structure) read(g *jen.Group, f *Field) {
	withColumns(g, k.from, func(g *jen.Group) {
		if f.Length == nil {
			g.Add(errCheck(jen.Id("m").Dot(f.Go).Dot("read").Call(jen.Id("r"))))
			return
		}
		// A structure of the size its length field gives.
		n := jen.Id(lengthVar(f.Length))
		body := func(g *jen.Group) {
			if f.EmptyIfZero {
				g.Id("m").Dot(f.Go).Op("=").New(jen.Id(k.msg.Type))
			}
			g.List(jen.Id("sub"), jen.Err()).Op(":=").Id("r").Dot("limit").Call(n, jen.Lit(f.Name))
			g.Add(returnErr())
			g.Add(errCheck(jen.Id("m").Dot(f.Go).Dot("read").Call(jen.Op("&").Id("sub"))))
			g.Add(errCheck(jen.Id("r").Dot("endLimit").Call(jen.Op("&").Id("sub"), jen.Lit(f.Name))))
		}
		if f.EmptyIfZero {
			g.If(n.Clone().Op(">").Lit(0)).BlockFunc(body)
		} else {
			g.BlockFunc(body)
		}
	})
}
func (k *structure) writeAt(g *jen.Group, f *Field, off int) {
	g.Id("m").Dot(f.Go).Dot("writeFixed").Call(place{off: off}.at())
}
func (k *structure) encodeCheck(g *jen.Group, rop string, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	if f.Length != nil {
		guardNesting(g, rop, f)
		g.If(k.size(f, v).(*jen.Statement).Clone().Op(">").Add(maxLength(f.Length, 0))).Block(encodeError(rop, f, jen.Id("ErrTooLong")))
	}
	if k.from == nil {
		return // its append checks its fields
	}
	if f.EmptyIfZero {
		g.If(v.Clone().Op("!=").Nil()).Block(checkColumnsCall(rop, f, v, k.from))
		return
	}
	g.Add(checkColumnsCall(rop, f, v, k.from))
}
func (k *structure) write(g *jen.Group, f *Field) {
	if f.EmptyIfZero {
		g.If(jen.Id("m").Dot(f.Go).Op("!=").Nil()).Block(appendChecked(jen.Id("m").Dot(f.Go), f, nil)...)
		return
	}
	g.Block(appendChecked(jen.Id("m").Dot(f.Go), f, nil)...)
}

// asciiz is a NUL-terminated ASCII string, with a size field or without.
type asciiz struct{}

func (k *asciiz) goType(*Field) *jen.Statement { return jen.String() }
func (k *asciiz) fixedSize(*Field) int         { return -1 }
func (k *asciiz) lengths() lengthForms         { return lengthField }

func (k *asciiz) minSize(f *Field) int {
	if f.EmptyIfZero {
		return 0
	}
	return 1
}

func (k *asciiz) lengthOf(f *Field) jen.Code { return k.size(f, jen.Id("m").Dot(f.Go)) }
func (k *asciiz) size(f *Field, v *jen.Statement) jen.Code {
	return jen.Id("asciizSize").Call(v, jen.Lit(f.EmptyIfZero))
}
func (k *asciiz) visit(f *Field, v *jen.Statement, d fieldDict) { d["Size"] = k.size(f, v) }

func (k *asciiz) read(g *jen.Group, f *Field) {
	name := jen.Lit(f.Name)
	g.BlockFunc(func(g *jen.Group) {
		switch {
		case f.Length == nil:
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("asciiNUL").Call(name)
		case f.EmptyIfZero:
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("asciiOpt").Call(jen.Id(lengthVar(f.Length)), name)
		default:
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("ascii").Call(jen.Id(lengthVar(f.Length)), name)
		}
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *asciiz) encodeCheck(g *jen.Group, rop string, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	max := jen.Qual("math", "MaxInt")
	if f.Length != nil {
		max = maxLength(f.Length, 0)
	}
	if f.EmptyIfZero {
		g.If(v.Clone().Op("!=").Lit("")).Block(checkASCIIZ(rop, f, v, max))
		return
	}
	g.Add(checkASCIIZ(rop, f, v, max))
}

func (k *asciiz) write(g *jen.Group, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	write := jen.Id("out").Op("=").Append(jen.Append(jen.Id("out"), v.Clone().Op("...")), jen.Lit(0))
	if f.EmptyIfZero {
		g.If(v.Clone().Op("!=").Lit("")).Block(write)
		return
	}
	g.Add(write)
}

// utf16z is a NUL-terminated UTF-16LE string without a size field (the
// DisplayName of [MS-OXCMAPIHTTP] 2.2.4.1.2): read up to its two-byte NUL,
// an unpaired surrogate as U+FFFD; written from valid UTF-8 without a NUL.
type utf16z struct{}

func (k *utf16z) goType(*Field) *jen.Statement { return jen.String() }
func (k *utf16z) fixedSize(*Field) int         { return -1 }
func (k *utf16z) minSize(*Field) int           { return 2 }
func (k *utf16z) lengths() lengthForms         { return 0 }
func (k *utf16z) lengthOf(*Field) jen.Code     { return nil }

func (k *utf16z) size(_ *Field, v *jen.Statement) jen.Code      { return jen.Id("utf16zSize").Call(v) }
func (k *utf16z) visit(f *Field, v *jen.Statement, d fieldDict) { d["Size"] = k.size(f, v) }

func (k *utf16z) read(g *jen.Group, f *Field) {
	g.BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("utf16NUL").Call(jen.Lit(f.Name))
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *utf16z) encodeCheck(g *jen.Group, rop string, f *Field) {
	g.If(jen.Err().Op(":=").Id("utf16zError").Call(jen.Id("m").Dot(f.Go), jen.Lit(rop), jen.Lit(f.Name)), jen.Err().Op("!=").Nil()).Block(
		jen.Return(jen.Id("b"), jen.Err()))
}

func (k *utf16z) write(g *jen.Group, f *Field) {
	g.Id("out").Op("=").Id("appendUTF16ZValid").Call(jen.Id("out"), jen.Id("m").Dot(f.Go))
}

// bytesKind is raw bytes, sized by a field or running to the end.
type bytesKind struct{}

func (k *bytesKind) goType(*Field) *jen.Statement { return jen.Index().Byte() }
func (k *bytesKind) fixedSize(*Field) int         { return -1 }
func (k *bytesKind) minSize(*Field) int           { return 0 }
func (k *bytesKind) lengths() lengthForms         { return lengthField | lengthAdjust | lengthRest }
func (k *bytesKind) size(_ *Field, v *jen.Statement) jen.Code {
	return jen.Len(v)
}
func (k *bytesKind) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
	if f.Unit != "" {
		d["Unit"] = jen.Lit(f.Unit)
	}
}

func (k *bytesKind) lengthOf(f *Field) jen.Code {
	if f.LengthAdjust > 0 {
		return jen.Len(jen.Id("m").Dot(f.Go)).Op("+").Lit(f.LengthAdjust)
	}
	return jen.Len(jen.Id("m").Dot(f.Go))
}

func (k *bytesKind) read(g *jen.Group, f *Field) {
	name := jen.Lit(f.Name)
	g.BlockFunc(func(g *jen.Group) {
		// m's bytes are reused (DecodeInto) when they have room
		if f.ToEnd {
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("restInto").Call(jen.Id("m").Dot(f.Go), name)
		} else {
			n := jen.Id(lengthVar(f.Length))
			if f.LengthAdjust > 0 {
				n = n.Op("-").Lit(f.LengthAdjust)
			}
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("rawBytesInto").Call(jen.Id("m").Dot(f.Go), n, name)
		}
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *bytesKind) encodeCheck(g *jen.Group, rop string, f *Field) {
	if f.Length != nil {
		tooLong(g, rop, f, "ErrTooLong")
	}
}

func (k *bytesKind) write(g *jen.Group, f *Field) {
	g.Id("out").Op("=").Append(jen.Id("out"), jen.Id("m").Dot(f.Go).Op("..."))
}

// readCounted reads a counted list: it checks the count against the input
// before allocating, then reads each element with elem.
func readCounted(g *jen.Group, f *Field, minElem int, elem func(g *jen.Group)) {
	g.BlockFunc(func(g *jen.Group) {
		var count jen.Code = jen.Id(lengthVar(f.Length))
		if countStored(f) {
			count = jen.Int().Call(jen.Id("m").Dot(f.Length.Go))
		}
		g.List(jen.Id("n"), jen.Err()).Op(":=").Id("r").Dot("arrayLen").Call(count, jen.Lit(minElem), jen.Lit(f.Name))
		g.Add(returnErr())
		// resize reuses the list's memory (DecodeInto) and leaves an empty list nil.
		g.Id("m").Dot(f.Go).Op("=").Id("resize").Call(jen.Id("m").Dot(f.Go), jen.Id("n"))
		elem(g)
	})
}

// countOf is the value of a list's count field.
func countOf(f *Field) jen.Code { return jen.Len(jen.Id("m").Dot(f.Go)) }

// structList is Struct[]: structures, counted by an earlier field. With a
// by cell it gives the rows inside its elements the columns of its message's
// PropertyTag[] field (from), or passes the Decoder's on (ctx).
type structList struct {
	elem *Message
	from *Field
	ctx  string
}

func (k *structList) takeBy(m *Model, f *Field, cell string, earlier map[string]*Field) (err error) {
	k.from, k.ctx, err = takeColumnsBy(m, f, cell, earlier)
	return err
}

func (k *structList) goType(*Field) *jen.Statement { return jen.Index().Id(k.elem.Type) }
func (k *structList) fixedSize(*Field) int         { return -1 }
func (k *structList) minSize(*Field) int           { return 0 }
func (k *structList) lengths() lengthForms         { return lengthField }
func (k *structList) lengthOf(f *Field) jen.Code   { return countOf(f) }

func (k *structList) size(_ *Field, v *jen.Statement) jen.Code {
	if n := k.elem.fixedSize(); n >= 0 {
		return jen.Len(v).Op("*").Lit(n)
	}
	return jen.Id("listSize").Call(v)
}

func (k *structList) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
	d["Len"] = jen.Len(v)
	d["Elem"] = elemFunc(fieldDict{
		"Value": jen.Op("&").Add(v.Clone().Index(jen.Id("i"))),
		"Size":  (&structure{msg: k.elem}).size(nil, v.Clone().Index(jen.Id("i"))),
	})
}

func (k *structList) read(g *jen.Group, f *Field) {
	readSized(g, f, func(g *jen.Group) {
		if f.Length == nil { // bounded by bytes alone
			withColumns(g, k.from, func(g *jen.Group) {
				g.For(jen.Id("r").Dot("remaining").Call().Op(">").Lit(0)).Block(
					jen.Var().Id("e").Id(k.elem.Type),
					errCheck(jen.Id("e").Dot("read").Call(jen.Id("r"))),
					jen.Id("m").Dot(f.Go).Op("=").Append(jen.Id("m").Dot(f.Go), jen.Id("e")))
			})
			return
		}
		readCounted(g, f, k.elem.minSize(), func(g *jen.Group) {
			withColumns(g, k.from, func(g *jen.Group) {
				g.For(jen.Id("i").Op(":=").Range().Id("m").Dot(f.Go)).Block(
					errCheck(jen.Id("m").Dot(f.Go).Index(jen.Id("i")).Dot("read").Call(jen.Id("r"))))
			})
		})
	})
}

func (k *structList) encodeCheck(g *jen.Group, rop string, f *Field) {
	sizeCheck(g, rop, f)
	if f.Length != nil {
		tooLong(g, rop, f, "ErrTooMany")
	}
	if k.from != nil {
		g.For(jen.Id("i").Op(":=").Range().Id("m").Dot(f.Go)).Block(
			checkColumnsCall(rop, f, jen.Id("m").Dot(f.Go).Index(jen.Id("i")), k.from))
	}
}

func (k *structList) write(g *jen.Group, f *Field) {
	g.For(jen.Id("i").Op(":=").Range().Id("m").Dot(f.Go)).Block(appendChecked(jen.Id("m").Dot(f.Go).Index(jen.Id("i")), f, jen.Id("i"))...)
}

// asciizList is asciiz[]: NUL-terminated strings, counted by an earlier field.
type asciizList struct{}

func (k *asciizList) goType(*Field) *jen.Statement { return jen.Index().String() }
func (k *asciizList) fixedSize(*Field) int         { return -1 }
func (k *asciizList) minSize(*Field) int           { return 0 }
func (k *asciizList) lengths() lengthForms         { return lengthField }
func (k *asciizList) lengthOf(f *Field) jen.Code   { return countOf(f) }
func (k *asciizList) size(_ *Field, v *jen.Statement) jen.Code {
	return jen.Id("asciizListSize").Call(v)
}

func (k *asciizList) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
	d["Len"] = jen.Len(v)
	d["Elem"] = elemFunc(fieldDict{
		"Value": v.Clone().Index(jen.Id("i")),
		"Size":  jen.Len(v.Clone().Index(jen.Id("i"))).Op("+").Lit(1),
	})
}

func (k *asciizList) read(g *jen.Group, f *Field) {
	readSized(g, f, func(g *jen.Group) {
		t := jen.Id("m").Dot(f.Go)
		if f.Length == nil { // bounded by bytes alone
			g.For(jen.Id("r").Dot("remaining").Call().Op(">").Lit(0)).Block(
				jen.List(jen.Id("s"), jen.Err()).Op(":=").Id("r").Dot("asciiNUL").Call(jen.Lit(f.Name)),
				returnErr(),
				t.Clone().Op("=").Append(t.Clone(), jen.Id("s")))
			return
		}
		readCounted(g, f, 1, func(g *jen.Group) {
			g.For(jen.Id("i").Op(":=").Range().Add(t)).Block(
				jen.If(jen.List(t.Clone().Index(jen.Id("i")), jen.Err()).Op("=").Id("r").Dot("asciiNUL").Call(jen.Lit(f.Name)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
		})
	})
}

func (k *asciizList) encodeCheck(g *jen.Group, rop string, f *Field) {
	sizeCheck(g, rop, f)
	if f.Length != nil {
		tooLong(g, rop, f, "ErrTooMany")
	}
	g.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Id("m").Dot(f.Go)).Block(checkASCIIZ(rop, f, jen.Id("s"), jen.Qual("math", "MaxInt")))
}

func (k *asciizList) write(g *jen.Group, f *Field) {
	g.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Id("m").Dot(f.Go)).Block(
		jen.Id("out").Op("=").Append(jen.Append(jen.Id("out"), jen.Id("s").Op("...")), jen.Lit(0)))
}

// intList is u32[] and the like: integers, counted by an earlier field or
// running to the end of the buffer.
type intList struct{ width int }

func (k *intList) goType(*Field) *jen.Statement { return jen.Index().Add(intType(k.width)) }
func (k *intList) fixedSize(*Field) int         { return -1 }
func (k *intList) minSize(*Field) int           { return 0 }
func (k *intList) lengths() lengthForms         { return lengthField | lengthRest }
func (k *intList) lengthOf(f *Field) jen.Code   { return countOf(f) }
func (k *intList) size(_ *Field, v *jen.Statement) jen.Code {
	return jen.Len(v).Op("*").Lit(k.width)
}

func (k *intList) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = k.size(f, v)
	d["Len"] = jen.Len(v)
	d["Elem"] = elemFunc(fieldDict{
		"Value": v.Clone().Index(jen.Id("i")),
		"Uint":  jen.Uint64().Call(v.Clone().Index(jen.Id("i"))),
		"Size":  jen.Lit(k.width),
	})
}

func (k *intList) read(g *jen.Group, f *Field) {
	name := jen.Lit(f.Name)
	elems := func(g *jen.Group) {
		t := jen.Id("m").Dot(f.Go)
		g.Id("p").Op(":=").Id("r").Dot("b").Index(jen.Id("r").Dot("off"), jen.Empty())
		if k.width == 1 {
			g.Copy(t, jen.Id("p"))
		} else {
			g.For(jen.Id("i").Op(":=").Range().Add(t)).Block(
				t.Clone().Index(jen.Id("i")).Op("=").Add(leUint(k.width, jen.Id("p").Index(jen.Lit(k.width).Op("*").Id("i"), jen.Empty()))))
		}
		g.Id("r").Dot("off").Op("+=").Lit(k.width).Op("*").Id("n")
	}
	if !f.ToEnd {
		readCounted(g, f, k.width, elems)
		return
	}
	g.BlockFunc(func(g *jen.Group) {
		g.If(jen.Id("r").Dot("remaining").Call().Op("%").Lit(k.width).Op("!=").Lit(0)).Block(
			jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("offset").Call(), name, jen.Id("ErrSizeMismatch"))))
		g.Id("n").Op(":=").Id("r").Dot("remaining").Call().Op("/").Lit(k.width)
		g.Id("m").Dot(f.Go).Op("=").Id("resize").Call(jen.Id("m").Dot(f.Go), jen.Id("n"))
		elems(g)
	})
}

func (k *intList) encodeCheck(g *jen.Group, rop string, f *Field) {
	if f.Length != nil {
		tooLong(g, rop, f, "ErrTooMany")
	}
}

func (k *intList) write(g *jen.Group, f *Field) {
	g.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Id("m").Dot(f.Go)).Block(appendInt(k.width, jen.Id("x")))
}
