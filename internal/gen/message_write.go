package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// encodeError returns an *EncodeError for a field.
func encodeError(rop string, fl *Field, err jen.Code) jen.Code {
	return jen.Return(jen.Id("b"), jen.Op("&").Id("EncodeError").Values(jen.Dict{
		jen.Id("ROP"): jen.Lit(rop), jen.Id("Field"): jen.Lit(fl.Name), jen.Id("Err"): err,
	}))
}

// checkField emits the encoder's checks of one field, before anything is written.
func checkField(g *jen.Group, rop string, fl *Field) {
	v := jen.Id("m").Dot(fl.Go)
	if fl.Defined {
		g.If(jen.Id("u").Op(":=").Add(v).Dot("Undefined").Call(), jen.Id("u").Op("!=").Lit(0)).Block(
			encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit("%w %s"), jen.Id("ErrUndefinedFlags"), jen.Id("u"))))
	}
	if fl.Zero {
		g.If(v.Clone().Op("!=").Lit(0)).Block(encodeError(rop, fl, jen.Id("ErrNotZero")))
	}
	if len(fl.Not) > 0 {
		var cond *jen.Statement
		for i, n := range fl.Not {
			c := v.Clone().Op("==").Op(fmt.Sprintf("0x%X", n))
			if i == 0 {
				cond = c
			} else {
				cond = cond.Op("||").Add(c)
			}
		}
		g.If(cond).Block(encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit("%w 0x%X"), jen.Id("ErrUnexpectedValue"), jen.Uint64().Call(v.Clone()))))
	}
	if fl.InBytes != nil {
		g.If(notIn(fl, v.Clone())).Block(encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit("%w %s"), jen.Id("ErrUnexpectedValue"), v.Clone())))
	}
	if len(fl.In) > 0 && fl.InStruct() {
		g.If(notIn(fl, v.Clone())).Block(encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit("%w 0x%X"), jen.Id("ErrUnexpectedValue"), jen.Uint64().Call(v.Clone()))))
	}
	if fl.Shape != nil {
		g.If(shapeWrong(fl, v.Clone())).Block(encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit(shapeDoc(fl)), jen.Id("ErrUnexpectedValue"))))
	}
	if q := fl.Requires; q != nil {
		g.If(jen.Id("m").Dot(q.UnlessField.Go).Op("&").Id(q.UnlessFlag.Go).Op("==").Lit(0).Op("&&").Add(v.Clone()).Op("&").Id(q.Flag.Go).Op("==").Lit(0)).Block(
			encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%w: %s without %s.%s", q.Flag.Name, q.UnlessField.Name, q.UnlessFlag.Name)), jen.Id("ErrMissingFlag"))))
	}
	// Strings are checked here too, so that writing them is a plain copy.
	// The test is written out, rather than called through a helper, so that
	// the common case costs one call (to badASCII).
	checkASCIIZ := func(s jen.Code, max jen.Code) jen.Code {
		return jen.If(jen.Len(s).Op(">=").Add(max).Op("||").Id("badASCII").Call(s).Op(">=").Lit(0)).Block(
			jen.Return(jen.Id("b"), jen.Id("asciizError").Call(s, max, jen.Lit(rop), jen.Lit(fl.Name))))
	}
	switch fl.Kind {
	case kindASCIIZ:
		max := jen.Qual("math", "MaxInt")
		if fl.Length != nil {
			max = maxLength(fl.Length, 0)
		}
		if fl.EmptyIfZero {
			g.If(v.Clone().Op("!=").Lit("")).Block(checkASCIIZ(v.Clone(), max))
		} else {
			g.Add(checkASCIIZ(v.Clone(), max))
		}
	case kindASCIIZList:
		g.If(jen.Len(v.Clone()).Op(">").Add(maxLength(fl.Length, 0))).Block(encodeError(rop, fl, jen.Id("ErrTooMany")))
		g.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Add(v.Clone())).Block(checkASCIIZ(jen.Id("s"), jen.Qual("math", "MaxInt")))
	case kindStructList, kindBytes, kindIntList:
		if fl.Length == nil {
			return
		}
		err := "ErrTooMany"
		if fl.Kind == kindBytes {
			err = "ErrTooLong"
		}
		g.If(jen.Len(v.Clone()).Op(">").Add(maxLength(fl.Length, fl.LengthAdjust))).Block(encodeError(rop, fl, jen.Id(err)))
	}
}

// writeField emits the encoding of one field.
func writeField(g *jen.Group, rop string, fl *Field) {
	v := jen.Id("m").Dot(fl.Go)
	switch fl.Kind {
	case kindInt, kindEC, kindFlags:
		switch {
		case fl.HasValue:
			g.Add(appendInt(fl.Width, jen.Op(fmt.Sprintf("0x%X", fl.Value))))
		case fl.LengthOf != nil:
			g.Add(appendInt(fl.Width, lengthValue(fl)))
		default:
			g.Add(appendInt(fl.Width, v))
		}
	case kindStruct:
		g.Var().Err().Error()
		g.If(jen.List(jen.Id("out"), jen.Err()).Op("=").Add(v).Dot("append").Call(jen.Id("out")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err()))
	case kindASCIIZ:
		write := jen.Id("out").Op("=").Append(jen.Append(jen.Id("out"), v.Clone().Op("...")), jen.Lit(0))
		if fl.EmptyIfZero {
			g.If(v.Clone().Op("!=").Lit("")).Block(write)
		} else {
			g.Add(write)
		}
	case kindUTF16Z:
		g.Var().Err().Error()
		g.If(jen.List(jen.Id("out"), jen.Err()).Op("=").Id("appendUTF16Z").Call(jen.Id("out"), v, jen.Lit(rop), jen.Lit(fl.Name)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err()))
	case kindBytes:
		g.Id("out").Op("=").Append(jen.Id("out"), v.Clone().Op("..."))
	case kindStructList:
		g.For(jen.Id("i").Op(":=").Range().Add(v)).Block(
			jen.Var().Err().Error(),
			jen.If(jen.List(jen.Id("out"), jen.Err()).Op("=").Add(v.Clone()).Index(jen.Id("i")).Dot("append").Call(jen.Id("out")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err())))
	case kindASCIIZList:
		g.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Add(v)).Block(
			jen.Id("out").Op("=").Append(jen.Append(jen.Id("out"), jen.Id("s").Op("...")), jen.Lit(0)))
	case kindIntList:
		g.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Add(v)).Block(appendInt(fl.Width, jen.Id("x")))
	}
}

// fastWrite encodes a fixed field at offset off of p.
func fastWrite(fl *Field, off int) jen.Code {
	v := jen.Id("m").Dot(fl.Go)
	switch {
	case fl.HasValue && fl.Bytes != nil:
		return jen.Copy(jen.Id("p").Index(jen.Lit(off), jen.Empty()), byteSliceLit(fl))
	case fl.HasValue:
		return putUint(fl.Width, off, jen.Op(fmt.Sprintf("0x%X", fl.Value)))
	case fl.LengthOf != nil:
		return putUint(fl.Width, off, lengthValue(fl))
	}
	switch fl.Kind {
	case kindGUID:
		return jen.Copy(jen.Id("p").Index(jen.Lit(off), jen.Empty()), v.Clone().Index(jen.Empty(), jen.Empty()))
	case kindArray:
		if fl.Width == 1 {
			return jen.Copy(jen.Id("p").Index(jen.Lit(off), jen.Empty()), v.Clone().Index(jen.Empty(), jen.Empty()))
		}
		return jen.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Add(v)).Block(
			jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("PutUint%d", 8*fl.Width)).Call(
				jen.Id("p").Index(jen.Lit(off).Op("+").Lit(fl.Width).Op("*").Id("i"), jen.Empty()), jen.Id("x")))
	case kindStruct:
		return v.Dot("writeFixed").Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()))
	}
	return putUint(fl.Width, off, v)
}

// lengthValue is the value a length field takes from the field it sizes.
func lengthValue(l *Field) jen.Code {
	t := l.LengthOf
	v := jen.Len(jen.Id("m").Dot(t.Go))
	switch {
	case t.Kind == kindASCIIZ && t.EmptyIfZero:
		return jen.Id("asciizSize").Call(jen.Id("m").Dot(t.Go), jen.True())
	case t.Kind == kindASCIIZ:
		return jen.Id("asciizSize").Call(jen.Id("m").Dot(t.Go), jen.False())
	case t.LengthAdjust > 0:
		return v.Op("+").Lit(t.LengthAdjust)
	}
	return v
}

// appendInt appends the little-endian form of x, of the given width, to out.
func appendInt(width int, x jen.Code) jen.Code {
	if width == 1 {
		return jen.Id("out").Op("=").Append(jen.Id("out"), jen.Byte().Call(x))
	}
	return jen.Id("out").Op("=").Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("AppendUint%d", 8*width)).Call(jen.Id("out"), intType(width).Call(x))
}

// putUint writes x, of the given width, at offset off of p.
func putUint(width, off int, x jen.Code) jen.Code {
	if width == 1 {
		return jen.Id("p").Index(jen.Lit(off)).Op("=").Byte().Call(x)
	}
	return jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("PutUint%d", 8*width)).Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()), intType(width).Call(x))
}

// maxLength is the largest value a length field can hold, less what it
// counts beyond its field.
func maxLength(l *Field, adjust int) *jen.Statement {
	return jen.Op(fmt.Sprintf("0x%X", uint64(1)<<(8*l.Width)-1-uint64(adjust)))
}
