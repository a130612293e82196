package gen

import "github.com/dave/jennifer/jen"

// located is a field found through an offset rather than in sequence: a
// NUL-terminated UTF-16LE string (utf16z), or bytes sized by an earlier
// field, where an earlier offset field points. The offset counts from
// OffsetBase bytes before the start of the message: the auxiliary blocks of
// [MS-OXCRPC] 2.2.2.2 count from their AUX_HEADER, 4 bytes before the block
// structure. An offset of 0, or a size of 0, stands for an empty field.
//
// Located fields come after every field read in sequence. Decoders read
// each where its offset points, at or after the end of those fields, and
// report as the message's size the furthest byte they read; encoders write
// them one after another, in table order, after those fields, and derive
// the offsets (the locate method).
type located struct{ str bool }

func (k *located) goType(*Field) *jen.Statement {
	if k.str {
		return jen.String()
	}
	return jen.Index().Byte()
}
func (k *located) fixedSize(*Field) int { return -1 }
func (k *located) minSize(*Field) int   { return 0 }

// lengths: a string runs to its NUL; bytes have a size field.
func (k *located) lengths() lengthForms {
	if k.str {
		return 0
	}
	return lengthField
}

func (k *located) size(_ *Field, v *jen.Statement) jen.Code {
	if k.str {
		return jen.Id("locatedStringSize").Call(v)
	}
	return jen.Len(v)
}

func (k *located) visit(f *Field, v *jen.Statement, d fieldDict) { d["Size"] = k.size(f, v) }

func (k *located) lengthOf(f *Field) jen.Code { return jen.Len(jen.Id("m").Dot(f.Go)) }

// read decodes the field where its offset points (r.utf16At, r.bytesAt),
// counted from origin, where the message starts, less the offset's base; no
// earlier than start, the end of the fields read in sequence; and moves end,
// the furthest byte read, past it (readCode declares all three).
func (k *located) read(g *jen.Group, f *Field) {
	origin := jen.Id("origin")
	if f.OffsetBase > 0 {
		origin = origin.Op("-").Lit(f.OffsetBase)
	}
	method, args := "utf16At", []jen.Code{jen.Id(lengthVar(f.Offset)), origin, jen.Id("start")}
	if !k.str {
		method, args = "bytesAt", append(args, jen.Id(lengthVar(f.Length)))
	}
	g.Block(
		jen.List(jen.Id("v"), jen.Id("e"), jen.Err()).Op(":=").Id("r").Dot(method).Call(append(args, jen.Lit(f.Name))...),
		returnErr(),
		jen.List(jen.Id("m").Dot(f.Go), jen.Id("end")).Op("=").List(jen.Id("v"), jen.Max(jen.Id("end"), jen.Id("e"))),
	)
}

// encodeCheck refuses a string that cannot be written as UTF-16 with a NUL,
// bytes too long for their size field, and a field that would lie beyond
// what its offset field can hold (o is the locate method's result).
func (k *located) encodeCheck(g *jen.Group, rop string, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	if k.str {
		g.If(jen.Err().Op(":=").Id("utf16zError").Call(v, jen.Lit(rop), jen.Lit(f.Name)), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("b"), jen.Err()))
	} else {
		tooLong(g, rop, f, "ErrTooLong")
	}
	at := jen.Id("o").Index(jen.Lit(f.locIndex))
	g.If(at.Clone().Op(">").Add(maxLength(f.Offset, 0))).Block(
		encodeError(rop, f, wrapped("%w: it would start at offset %d, more than its offset field holds", "ErrTooLong", at)))
}

func (k *located) write(g *jen.Group, f *Field) {
	v := jen.Id("m").Dot(f.Go)
	if k.str {
		g.Id("out").Op("=").Id("appendUTF16Located").Call(jen.Id("out"), v)
		return
	}
	g.Id("out").Op("=").Append(jen.Id("out"), v.Op("..."))
}

// locatedFields returns the fields of msg found through an offset.
func locatedFields(msg *Message) []*Field {
	var out []*Field
	for _, f := range msg.Fields {
		if f.Offset != nil {
			out = append(out, f)
		}
	}
	return out
}

// fieldOffset resolves the offset column: the earlier field holding where
// this one is, and, as FIELD-N, the N bytes before the message the offset
// counts from. A bytes or utf16z field with an offset is located; without
// one, a utf16z follows the field before it (kind_var.go).
func fieldOffset(f *Field, earlier map[string]*Field, cell string) error {
	if cell == "" {
		return nil
	}
	switch f.Kind.(type) {
	case *utf16z:
		f.Kind = &located{str: true}
	case *bytesKind:
		f.Kind = &located{}
	default:
		return f.row.errorf("%s: only utf16z and bytes fields are found through an offset", f.Name)
	}
	l, base, err := earlierField(f, earlier, cell, "offset", "FIELD, or FIELD-N when the offset counts from N bytes before the message")
	if err != nil {
		return err
	}
	f.Offset, f.OffsetBase, l.OffsetOf = l, base, f
	return nil
}

// checkLocated checks the located fields of msg as a whole: they all come
// after the fields read in sequence. It numbers them for the locate method.
func checkLocated(msg *Message) error {
	var first *Field
	n := 0
	for _, f := range msg.Fields {
		_, isLocated := f.Kind.(*located)
		switch {
		case isLocated:
			if first == nil {
				first = f
			}
			f.locIndex = n
			n++
		case first != nil:
			return f.row.errorf("%s: fields found through an offset (%s) come after every other field", f.Name, first.Name)
		}
	}
	return nil
}

// locateCode renders locate, which says where append places the located
// fields of msg: for each, the value of its offset field, or 0 when it is
// empty. Fields uses it too, to show the offsets the encoder writes.
func locateCode(f *jen.File, msg *Message) {
	loc := locatedFields(msg)
	var seq []jen.Code
	fixed := 0
	for _, fl := range msg.Fields[:len(msg.Fields)-len(loc)] {
		if n := fl.fixedSize(); n >= 0 {
			fixed += n
		} else {
			seq = append(seq, fl.Kind.size(fl, jen.Id("m").Dot(fl.Go)))
		}
	}
	start := jen.Lit(fixed)
	for _, s := range seq {
		start = start.Op("+").Add(s)
	}
	f.Comment("locate returns the offsets append writes for the fields found through an offset,")
	f.Comment("in table order: each placed after the one before, or 0 for an empty field.")
	f.Add(recv(msg).Id("locate").Params().Params(jen.Id("o").Index(jen.Lit(len(loc))).Int()).BlockFunc(func(g *jen.Group) {
		g.Id("at").Op(":=").Add(start)
		for i, fl := range loc {
			offset := jen.Id("at")
			if fl.OffsetBase > 0 {
				offset = offset.Op("+").Lit(fl.OffsetBase)
			}
			place := jen.Id("o").Index(jen.Lit(i)).Op("=").Add(offset)
			if i < len(loc)-1 { // the last one moves at no further
				place = jen.List(jen.Id("o").Index(jen.Lit(i)), jen.Id("at")).Op("=").List(offset, jen.Id("at").Op("+").Id("n"))
			}
			g.If(jen.Id("n").Op(":=").Add(fl.Kind.size(fl, jen.Id("m").Dot(fl.Go))), jen.Id("n").Op(">").Lit(0)).Block(place)
		}
		g.Return()
	}))
}

// locatedOffset is the value the offset field of l takes: its place as
// locate computes it, in o.
func locatedOffset(l *Field) jen.Code { return jen.Id("o").Index(jen.Lit(l.locIndex)) }
