package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
)

// codecFiles renders the messages, dispatch functions, constants and the
// RopId switches of package codec, one file per ROP and per structure.
func codecFiles(m *Model, files map[string]*jen.File) {
	byFile := map[string][]*Message{}
	for _, msg := range m.Messages {
		key := msg.ROP
		if msg.Direction == "struct" {
			key = msg.Type
		}
		byFile[key] = append(byFile[key], msg)
	}
	for key, msgs := range byFile {
		f := newPackageFile(CodecPath, "codec")
		for _, msg := range msgs {
			messageCode(f, msg)
		}
		for _, d := range m.Dispatches {
			if d.ROP == key {
				dispatchCode(f, d)
			}
		}
		files["codec/"+lowerASCII(key)+"_gen.go"] = f
	}
	byPackage := map[string][]*Constant{}
	for _, c := range m.Constants {
		pkg := c.Package
		if pkg == "" {
			pkg = "codec"
		}
		byPackage[pkg] = append(byPackage[pkg], c)
	}
	for pkg, cs := range byPackage {
		files[pkg+"/constants_gen.go"] = constantsFile(pkg, cs)
	}
	if len(m.Messages) > 0 {
		files["codec/rops_gen.go"] = ropSwitches(m)
	}
}

func intType(width int) *jen.Statement {
	switch width {
	case 1:
		return jen.Uint8()
	case 2:
		return jen.Uint16()
	case 4:
		return jen.Uint32()
	}
	return jen.Uint64()
}

// goType is the Go type of a field of the generated struct.
func goType(f *Field) *jen.Statement {
	switch f.Kind {
	case kindInt:
		return intType(f.Width)
	case kindEC:
		return jen.Qual(ErrorsPath, "EC")
	case kindFlags:
		return jen.Id(f.Flags.Type)
	case kindGUID:
		return jen.Id("GUID")
	case kindStruct:
		return jen.Id(f.Struct.Type)
	case kindASCIIZ:
		return jen.String()
	case kindBytes:
		return jen.Index().Byte()
	case kindArray:
		return jen.Index(jen.Lit(f.N)).Add(intType(f.Width))
	case kindStructList:
		return jen.Index().Id(f.Struct.Type)
	case kindASCIIZList:
		return jen.Index().String()
	}
	return jen.Index().Add(intType(f.Width)) // kindIntList
}

// ropName is the name a message's errors carry.
func ropName(msg *Message) string {
	if msg.ROP != "" {
		return msg.ROP
	}
	return msg.Type
}

// lengthVar is the local variable that holds a length field's value.
func lengthVar(f *Field) string { return lowerLead(f.Name) }

// readMethod is the reader method for an integer of the given width.
func readMethod(width int) string {
	return map[int]string{1: "u8", 2: "u16", 4: "u32", 8: "u64"}[width]
}

// appendInt appends the little-endian form of x, of the given width, to out.
func appendInt(width int, x jen.Code) jen.Code {
	if width == 1 {
		return jen.Id("out").Op("=").Append(jen.Id("out"), jen.Byte().Call(x))
	}
	return jen.Id("out").Op("=").Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("AppendUint%d", 8*width)).Call(jen.Id("out"), intType(width).Call(x))
}

// maxLength is the largest value a length field can hold, less what it
// counts beyond its field.
func maxLength(l *Field, adjust int) *jen.Statement {
	return jen.Op(fmt.Sprintf("0x%X", uint64(1)<<(8*l.Width)-1-uint64(adjust)))
}

func messageCode(f *jen.File, msg *Message) {
	rop := ropName(msg)
	doc := fmt.Sprintf("%s is %s.", msg.Type, msg.Source)
	if msg.Direction == "struct" {
		doc = fmt.Sprintf("%s is the structure of %s.", msg.Type, msg.Source)
	}
	f.Comment(doc)
	f.Type().Id(msg.Type).StructFunc(func(g *jen.Group) {
		for _, fl := range msg.Fields {
			if !fl.InStruct() {
				continue
			}
			c := fl.Go + ": " + fl.Section + "."
			if fl.Summary != "" {
				c = fl.Go + ": " + fl.Summary + " (" + fl.Section + ")"
			}
			if fl.Go != fl.Name {
				c += " The document calls it " + fl.Name + "."
			}
			g.Comment(c)
			g.Id(fl.Go).Add(goType(fl))
		}
	})
	recv := func() *jen.Statement { return jen.Func().Params(jen.Id("m").Op("*").Id(msg.Type)) }

	// read
	f.Commentf("read decodes the fields of %s from r.", msg.Type)
	f.Add(recv().Id("read").Params(jen.Id("r").Op("*").Id("reader")).Error().BlockFunc(func(g *jen.Group) {
		for _, fl := range msg.Fields {
			if fl.LengthOf != nil {
				g.Var().Id(lengthVar(fl)).Int()
			}
		}
		for _, run := range fieldRuns(msg) {
			if !run.fixed {
				readField(g, msg, run.fields[0])
				continue
			}
			// Enough input for the whole run: read it by offset. Otherwise
			// read field by field, so that the error names the field at
			// which the input ends.
			g.If(jen.Id("r").Dot("remaining").Call().Op(">=").Lit(run.size)).BlockFunc(func(g *jen.Group) {
				readRunFast(g, msg, run)
			}).Else().BlockFunc(func(g *jen.Group) {
				for _, fl := range run.fields {
					readField(g, msg, fl)
				}
			})
		}
		g.Return(jen.Nil())
	}))
	if msg.Direction == "struct" && plainFixed(msg) {
		f.Commentf("readFixed decodes %s from p, which holds at least %d bytes.", msg.Type, msg.fixedSize())
		f.Add(recv().Id("readFixed").Params(jen.Id("p").Index().Byte()).BlockFunc(func(g *jen.Group) {
			off := 0
			for _, fl := range msg.Fields {
				g.Add(fastRead(fl, off))
				off += fl.fixedSize()
			}
		}))
		f.Commentf("writeFixed encodes %s into p, which holds at least %d bytes.", msg.Type, msg.fixedSize())
		f.Add(recv().Id("writeFixed").Params(jen.Id("p").Index().Byte()).BlockFunc(func(g *jen.Group) {
			off := 0
			for _, fl := range msg.Fields {
				g.Add(fastWrite(fl, off))
				off += fl.fixedSize()
			}
		}))
	}

	// append
	f.Commentf("append encodes m after b; on failure it returns b unchanged.")
	f.Add(recv().Id("append").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(g *jen.Group) {
		for _, fl := range msg.Fields {
			checkField(g, rop, fl)
		}
		g.Id("out").Op(":=").Id("b")
		for _, run := range fieldRuns(msg) {
			if !run.fixed {
				writeField(g, rop, run.fields[0])
				continue
			}
			// A run of fixed-size fields is written by offset into room
			// made once.
			g.BlockFunc(func(g *jen.Group) {
				g.Id("n").Op(":=").Len(jen.Id("out"))
				g.Id("out").Op("=").Qual("slices", "Grow").Call(jen.Id("out"), jen.Lit(run.size)).Index(jen.Empty(), jen.Id("n").Op("+").Lit(run.size))
				g.Id("p").Op(":=").Id("out").Index(jen.Id("n"), jen.Empty())
				off := 0
				for _, fl := range run.fields {
					g.Add(fastWrite(fl, off))
					off += fl.fixedSize()
				}
			})
		}
		g.Return(jen.Id("out"), jen.Nil())
	}))

	sizeDoc := ""
	if n := msg.fixedSize(); n >= 0 {
		sizeDoc = fmt.Sprintf(" It is always %d bytes.", n)
	}
	f.Commentf("AppendBinary appends the wire form of m to b, in the manner of encoding.BinaryAppender.%s", sizeDoc)
	f.Comment("It refuses values the document does not allow, with an *EncodeError, and then returns b unchanged.")
	f.Add(recv().Id("AppendBinary").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("m").Dot("append").Call(jen.Id("b")))))
	f.Comment("MarshalBinary returns the wire form of m.")
	f.Add(recv().Id("MarshalBinary").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("m").Dot("append").Call(jen.Nil()))))
	f.Comment("UnmarshalBinary decodes a buffer that holds exactly one " + msg.Type + "; bytes left over are an error.")
	f.Comment("On failure m is unchanged and the *DecodeError names the field and offset.")
	f.Add(recv().Id("UnmarshalBinary").Params(jen.Id("b").Index().Byte()).Error().Block(
		jen.Var().Id("v").Id(msg.Type),
		jen.Var().Id("r").Id("reader"),
		jen.Id("r").Dot("init").Call(jen.Id("b"), jen.Lit(rop), jen.Nil()),
		jen.If(jen.Err().Op(":=").Id("v").Dot("read").Call(jen.Op("&").Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Err().Op(":=").Id("r").Dot("end").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Op("*").Id("m").Op("=").Id("v"),
		jen.Return(jen.Nil()),
	))
	f.Commentf("Decode%s decodes a %s at the start of b and reports how many bytes it used,", msg.Type, msg.Type)
	f.Comment("so that a caller can go on with the bytes that follow.")
	f.Func().Id("Decode"+msg.Type).Params(jen.Id("b").Index().Byte()).Params(jen.Id(msg.Type), jen.Int(), jen.Error()).Block(
		viaNilDecoder("Decode" + msg.Type),
	)
	f.Commentf("Decode%s is the package's Decode%s with d's strings (see Decoder).", msg.Type, msg.Type)
	// v is a named result so that it is returned field by field from where
	// read stored it, not copied whole first (the wide loads of such a copy
	// stall on the narrow stores just made).
	f.Func().Add(decoderRecv()).Id("Decode"+msg.Type).Params(jen.Id("b").Index().Byte()).Params(jen.Id("v").Id(msg.Type), jen.Id("n").Int(), jen.Err().Error()).Block(
		jen.Var().Id("r").Id("reader"),
		jen.Id("r").Dot("init").Call(jen.Id("b"), jen.Lit(rop), jen.Id("d")),
		jen.If(jen.Err().Op("=").Id("v").Dot("read").Call(jen.Op("&").Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id(msg.Type).Values(), jen.Lit(0), jen.Err())),
		jen.Return(jen.Id("v"), jen.Id("r").Dot("offset").Call(), jen.Nil()),
	)
	if msg.Direction == "struct" {
		return
	}
	f.Commentf("decode%s is d.Decode%s returning a pointer, for the RopId switches. On", msg.Type, msg.Type)
	f.Comment("failure the value holds the fields decoded before the bad one.")
	f.Func().Add(decoderRecv()).Id("decode"+msg.Type).Params(jen.Id("b").Index().Byte()).Params(jen.Op("*").Id(msg.Type), jen.Int(), jen.Error()).Block(
		jen.Id("v").Op(":=").New(jen.Id(msg.Type)),
		jen.Var().Id("r").Id("reader"),
		jen.Id("r").Dot("init").Call(jen.Id("b"), jen.Lit(rop), jen.Id("d")),
		jen.If(jen.Err().Op(":=").Id("v").Dot("read").Call(jen.Op("&").Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("v"), jen.Lit(0), jen.Err())),
		jen.Return(jen.Id("v"), jen.Id("r").Dot("offset").Call(), jen.Nil()),
	)
	f.Commentf("RopID returns 0x%02X, the RopId of %s.", msg.RopID, msg.ROP)
	f.Add(jen.Func().Params(jen.Op("*").Id(msg.Type)).Id("RopID").Params().Uint8().Block(jen.Return(jen.Op(fmt.Sprintf("0x%02X", msg.RopID)))))
	if msg.Direction == "response" {
		statusCode(f, msg)
	}
	if msg.Dispatch != nil {
		f.Func().Params(jen.Op("*").Id(msg.Type)).Id("is" + msg.Dispatch.Interface).Params().Block()
	}
	if fn := msg.Names; fn != nil {
		names := make([]jen.Code, len(fn.Names))
		for i, n := range fn.Names {
			names[i] = jen.Lit(n)
		}
		f.Commentf("%s returns the name the document gives element i of %s, or \"\" for an index out of range.", fn.Method, fn.Field)
		f.Add(jen.Func().Params(jen.Op("*").Id(msg.Type)).Id(fn.Method).Params(jen.Id("i").Int()).String().Block(
			jen.Id("names").Op(":=").Index(jen.Op("...")).String().Values(names...),
			jen.If(jen.Id("i").Op("<").Lit(0).Op("||").Id("i").Op(">=").Len(jen.Id("names"))).Block(jen.Return(jen.Lit(""))),
			jen.Return(jen.Id("names").Index(jen.Id("i"))),
		))
	}
}

// statusCode writes Status: the ReturnValue as an errors.EC, nil for success.
func statusCode(f *jen.File, msg *Message) {
	_, rv := msg.offsetOf("ReturnValue")
	f.Comment("Status returns the ReturnValue as an errors.EC error, or nil for success (and for")
	f.Comment("responses without a ReturnValue), so that errors.LogonActionFor and the like classify it.")
	body := []jen.Code{jen.Return(jen.Nil())}
	switch {
	case rv == nil || rv.Kind != kindEC:
	case rv.HasValue && rv.Value == 0:
	case rv.HasValue:
		body = []jen.Code{jen.Return(jen.Qual(ErrorsPath, "EC").Call(jen.Op(fmt.Sprintf("0x%08X", rv.Value))))}
	default:
		body = []jen.Code{
			jen.If(jen.Id("m").Dot(rv.Go).Op("==").Lit(0)).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Id("m").Dot(rv.Go)),
		}
	}
	f.Func().Params(jen.Id("m").Op("*").Id(msg.Type)).Id("Status").Params().Error().Block(body...)
}

// readField emits the decoding of one field.
func readField(g *jen.Group, msg *Message, fl *Field) {
	name := jen.Lit(fl.Name)
	ret := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	target := jen.Id("m").Dot(fl.Go)
	switch fl.Kind {
	case kindInt, kindEC, kindFlags:
		if fl.Name == "RopId" && fl.HasValue && msg.Direction != "struct" {
			g.If(jen.Err().Op(":=").Id("r").Dot("ropID").Call(jen.Op(fmt.Sprintf("0x%02X", fl.Value))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			return
		}
		g.BlockFunc(func(g *jen.Group) {
			check := fl.HasValue || len(fl.Not) > 0 || len(fl.In) > 0 || fl.Shape != nil
			if check {
				g.Id("off").Op(":=").Id("r").Dot("offset").Call()
			}
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot(readMethod(fl.Width)).Call(name)
			g.Add(ret)
			if fl.HasValue {
				g.If(jen.Id("v").Op("!=").Op(fmt.Sprintf("0x%X", fl.Value))).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			if len(fl.Not) > 0 {
				var cond *jen.Statement
				for i, n := range fl.Not {
					c := jen.Id("v").Op("==").Op(fmt.Sprintf("0x%X", n))
					if i == 0 {
						cond = c
					} else {
						cond = cond.Op("||").Add(c)
					}
				}
				g.If(cond).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			if fl.Shape != nil {
				g.If(shapeWrong(fl, jen.Id("v"))).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			if len(fl.In) > 0 {
				g.If(notIn(fl, jen.Id("v"))).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			switch {
			case fl.LengthOf != nil:
				g.Id(lengthVar(fl)).Op("=").Int().Call(jen.Id("v"))
			case fl.InStruct() && fl.Kind == kindInt:
				g.Add(target).Op("=").Id("v")
			case fl.InStruct():
				g.Add(target).Op("=").Add(goType(fl)).Call(jen.Id("v"))
			}
		})
	case kindGUID:
		g.BlockFunc(func(g *jen.Group) {
			if fl.HasValue || fl.InBytes != nil {
				g.Id("off").Op(":=").Id("r").Dot("offset").Call()
			}
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("guid").Call(name)
			g.Add(ret)
			if fl.HasValue {
				g.If(jen.Id("v").Op("!=").Parens(bytesLit(fl))).Block(jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("off"), name, jen.Id("ErrUnexpectedValue"))))
				return
			}
			if fl.InBytes != nil {
				g.If(notIn(fl, jen.Id("v"))).Block(jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("off"), name, jen.Id("ErrUnexpectedValue"))))
			}
			g.Add(target).Op("=").Id("v")
		})
	case kindArray:
		switch {
		case fl.Width == 1 && fl.HasValue:
			g.BlockFunc(func(g *jen.Group) {
				g.Id("off").Op(":=").Id("r").Dot("offset").Call()
				g.Var().Id("v").Index(jen.Lit(fl.N)).Byte()
				g.If(jen.Err().Op(":=").Id("r").Dot("bytes").Call(jen.Id("v").Index(jen.Empty(), jen.Empty()), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
				g.If(jen.Id("v").Op("!=").Add(bytesLit(fl))).Block(jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("off"), name, jen.Id("ErrUnexpectedValue"))))
			})
		case fl.Width == 1:
			g.If(jen.Err().Op(":=").Id("r").Dot("bytes").Call(target.Clone().Index(jen.Empty(), jen.Empty()), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		default:
			g.If(jen.Err().Op(":=").Id("r").Dot(readMethod(fl.Width)+"s").Call(target.Clone().Index(jen.Empty(), jen.Empty()), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
	case kindStruct:
		g.If(jen.Err().Op(":=").Add(target).Dot("read").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	case kindASCIIZ:
		g.BlockFunc(func(g *jen.Group) {
			switch {
			case fl.Length == nil:
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("asciiNUL").Call(name)
			case fl.EmptyIfZero:
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("asciiOpt").Call(jen.Id(lengthVar(fl.Length)), name)
			default:
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("ascii").Call(jen.Id(lengthVar(fl.Length)), name)
			}
			g.Add(ret)
			g.Add(target).Op("=").Id("v")
		})
	case kindBytes:
		g.BlockFunc(func(g *jen.Group) {
			if fl.ToEnd {
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("rest").Call(name)
			} else {
				n := jen.Id(lengthVar(fl.Length))
				if fl.LengthAdjust > 0 {
					n = n.Op("-").Lit(fl.LengthAdjust)
				}
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("rawBytes").Call(n, name)
			}
			g.Add(ret)
			g.Add(target).Op("=").Id("v")
		})
	case kindStructList, kindASCIIZList:
		g.BlockFunc(func(g *jen.Group) {
			min := 1
			if fl.Kind == kindStructList {
				min = fl.Struct.minSize()
			}
			g.List(jen.Id("n"), jen.Err()).Op(":=").Id("r").Dot("arrayLen").Call(jen.Id(lengthVar(fl.Length)), jen.Lit(min), name)
			g.Add(ret)
			g.If(jen.Id("n").Op(">").Lit(0)).BlockFunc(func(g *jen.Group) { // an empty list stays nil
				g.Add(target).Op("=").Make(goType(fl), jen.Id("n"))
				g.For(jen.Id("i").Op(":=").Range().Add(target)).BlockFunc(func(g *jen.Group) {
					if fl.Kind == kindStructList {
						g.If(jen.Err().Op(":=").Add(target).Index(jen.Id("i")).Dot("read").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
						return
					}
					g.If(jen.List(target.Clone().Index(jen.Id("i")), jen.Err()).Op("=").Id("r").Dot("asciiNUL").Call(name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
				})
			})
		})
	case kindIntList:
		g.BlockFunc(func(g *jen.Group) {
			g.If(jen.Id("r").Dot("remaining").Call().Op("%").Lit(fl.Width).Op("!=").Lit(0)).Block(
				jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("offset").Call(), name, jen.Id("ErrSizeMismatch"))))
			g.Id("n").Op(":=").Id("r").Dot("remaining").Call().Op("/").Lit(fl.Width)
			g.If(jen.Id("n").Op("==").Lit(0)).Block(jen.Return(jen.Nil()))
			g.Add(target).Op("=").Make(goType(fl), jen.Id("n"))
			g.If(jen.Err().Op(":=").Id("r").Dot(readMethod(fl.Width)+"s").Call(target.Clone(), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		})
	}
}

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

// dispatchCode renders the interface of a ROP's response shapes and the
// decoder that picks the shape from ReturnValue (and a flag after it).
func dispatchCode(f *jen.File, d *Dispatch) {
	f.Commentf("%s is one of the response shapes of %s (%s):", d.Interface, d.ROP, d.Source)
	var names []string
	for _, c := range d.Cases {
		names = append(names, "*"+c.Message.Type)
	}
	f.Comment(strings.Join(names, ", ") + ".")
	f.Type().Id(d.Interface).Interface(jen.Id("Response"), jen.Id("is"+d.Interface).Params())

	f.Commentf("Decode%sResponse decodes the %s response at the start of b, choosing its shape by", d.ROP, d.ROP)
	f.Comment("the dispatch table of the document: " + dispatchDoc(d) + ".")
	f.Comment("It returns the response as a pointer and the number of bytes it used. On failure")
	f.Comment("after the shape is chosen, the response holds the fields decoded before the bad")
	f.Comment("one (and n is 0), so that a tool can show them; otherwise it is nil.")
	rop := jen.Lit(d.ROP)
	name := "Decode" + d.ROP + "Response"
	f.Func().Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(d.Interface), jen.Int(), jen.Error()).Block(
		viaNilDecoder(name),
	)
	f.Commentf("%s is the package's %s with d's strings (see Decoder).", name, name)
	f.Func().Add(decoderRecv()).Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(d.Interface), jen.Int(), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.Var().Id("r").Id("reader")
		g.Id("r").Dot("init").Call(jen.Id("b"), rop, jen.Id("d"))
		g.If(jen.Err().Op(":=").Id("r").Dot("ropID").Call(jen.Op(fmt.Sprintf("0x%02X", d.RopID))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Err()))
		decode := func(msg *Message) jen.Code {
			return jen.Return(jen.Id("d").Dot("decode" + msg.Type).Call(jen.Id("b")))
		}
		// When the input ends before the bytes that choose the shape, any
		// shape's decoder reports where it ends; the last row's is used.
		fallback := d.Cases[len(d.Cases)-1].Message
		g.Id("p").Op(":=").Id("r").Dot("at").Call(jen.Lit(2))
		g.List(jen.Id("rv"), jen.Err()).Op(":=").Id("p").Dot("u32").Call(jen.Lit("ReturnValue"))
		g.If(jen.Err().Op("!=").Nil()).Block(decode(fallback))
		// group cases by value, keeping table order
		var values []uint64
		byValue := map[uint64][]*DispatchCase{}
		var other *DispatchCase
		for _, c := range d.Cases {
			if c.Any {
				other = c
				continue
			}
			if _, ok := byValue[c.Value]; !ok {
				values = append(values, c.Value)
			}
			byValue[c.Value] = append(byValue[c.Value], c)
		}
		g.Switch(jen.Id("rv")).BlockFunc(func(g *jen.Group) {
			for _, v := range values {
				cases := byValue[v]
				g.Case(jen.Op(fmt.Sprintf("0x%08X", v))).BlockFunc(func(g *jen.Group) {
					if len(cases) == 1 && cases[0].When == nil {
						g.Add(decode(cases[0].Message))
						return
					}
					w := cases[0].When
					off, _ := cases[0].Message.offsetOf(w.Name)
					g.Id("q").Op(":=").Id("r").Dot("at").Call(jen.Lit(off))
					g.List(jen.Id("v"), jen.Err()).Op(":=").Id("q").Dot(readMethod(w.Width)).Call(jen.Lit(w.Name))
					g.If(jen.Err().Op("!=").Nil()).Block(decode(cases[0].Message))
					last := len(cases) - 1
					for i, c := range cases {
						// the last case of a flag and its negation needs no test
						if i == last && i > 0 && cases[i-1].Flag == c.Flag && cases[i-1].Negate != c.Negate {
							g.Add(decode(c.Message))
							return
						}
						op := "!="
						if c.Negate {
							op = "=="
						}
						g.If(jen.Id(w.Flags.Type).Call(jen.Id("v")).Op("&").Id(c.Flag.Go).Op(op).Lit(0)).Block(decode(c.Message))
					}
					g.Return(jen.Nil(), jen.Lit(0), jen.Id("r").Dot("unexpected").Call(jen.Lit(off), jen.Lit(w.Name), jen.Uint64().Call(jen.Id("v"))))
				})
			}
		})
		g.Add(decode(other.Message))
	})
}

func dispatchDoc(d *Dispatch) string {
	var parts []string
	for _, c := range d.Cases {
		cond := "any other ReturnValue"
		if !c.Any {
			cond = fmt.Sprintf("ReturnValue 0x%08X", c.Value)
		}
		if c.When != nil {
			neg := ""
			if c.Negate {
				neg = "no "
			}
			cond += fmt.Sprintf(" with %s%s in %s", neg, c.Flag.Name, c.When.Name)
		}
		parts = append(parts, cond+": "+c.Message.Type)
	}
	return strings.Join(parts, "; ")
}

// ropSwitches renders DecodeRequest and DecodeResponse, which pick the
// decoder by RopId for walking a RopsList.
func ropSwitches(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	type entry struct {
		id   int
		code jen.Code
	}
	var reqs, resps []entry
	dispatched := map[int]bool{}
	for _, d := range m.Dispatches {
		dispatched[d.RopID] = true
		resps = append(resps, entry{d.RopID, jen.Return(jen.Id("d").Dot("Decode" + d.ROP + "Response").Call(jen.Id("b")))})
	}
	seen := map[string]bool{}
	for _, msg := range m.Messages {
		switch {
		case msg.Direction == "request":
			key := fmt.Sprint("req", msg.RopID)
			if seen[key] {
				continue
			}
			seen[key] = true
			reqs = append(reqs, entry{msg.RopID, jen.Return(jen.Id("d").Dot("decode" + msg.Type).Call(jen.Id("b")))})
		case msg.Direction == "response" && !dispatched[msg.RopID]:
			resps = append(resps, entry{msg.RopID, jen.Return(jen.Id("d").Dot("decode" + msg.Type).Call(jen.Id("b")))})
		}
	}
	for _, list := range [][]entry{reqs, resps} {
		sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	}
	gen := func(name, iface, what string, list []entry) {
		f.Commentf("%s decodes the %s at the start of b, choosing the decoder by its RopId,", name, what)
		f.Comment("and reports how many bytes it used. A RopId without a decoder is ErrUnsupportedROP.")
		f.Comment("On a failure inside a known ROP the result holds the fields decoded before the bad")
		f.Comment("one (and n is 0), so that a tool can show them; otherwise it is nil.")
		f.Func().Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(iface), jen.Int(), jen.Error()).Block(
			viaNilDecoder(name),
		)
		f.Commentf("%s is the package's %s with d's strings (see Decoder).", name, name)
		f.Func().Add(decoderRecv()).Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(iface), jen.Int(), jen.Error()).BlockFunc(func(g *jen.Group) {
			g.If(jen.Len(jen.Id("b")).Op("==").Lit(0)).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Op("&").Id("DecodeError").Values(jen.Dict{
				jen.Id("Field"): jen.Lit("RopId"), jen.Id("Err"): jen.Qual("io", "ErrUnexpectedEOF")})))
			g.Switch(jen.Id("b").Index(jen.Lit(0))).BlockFunc(func(g *jen.Group) {
				for _, e := range list {
					g.Case(jen.Op(fmt.Sprintf("0x%02X", e.id))).Add(e.code)
				}
			})
			g.Return(jen.Nil(), jen.Lit(0), jen.Op("&").Id("DecodeError").Values(jen.Dict{
				jen.Id("Field"): jen.Lit("RopId"), jen.Id("Err"): jen.Qual("fmt", "Errorf").Call(jen.Lit("%w 0x%02X"), jen.Id("ErrUnsupportedROP"), jen.Id("b").Index(jen.Lit(0)))}))
		})
	}
	gen("DecodeRequest", "Request", "ROP request", reqs)
	gen("DecodeResponse", "Response", "ROP response", resps)
	return f
}

// fieldRun is a stretch of a message's fields: either fields of fixed size
// that are decoded and encoded by offset, or one field of any other kind.
type fieldRun struct {
	fixed  bool
	fields []*Field
	size   int
}

// fieldRuns splits a message into runs.
func fieldRuns(msg *Message) []fieldRun {
	var runs []fieldRun
	for _, fl := range msg.Fields {
		if !fastField(fl) {
			runs = append(runs, fieldRun{fields: []*Field{fl}})
			continue
		}
		if len(runs) == 0 || !runs[len(runs)-1].fixed {
			runs = append(runs, fieldRun{fixed: true})
		}
		last := &runs[len(runs)-1]
		last.fields = append(last.fields, fl)
		last.size += fl.fixedSize()
	}
	return runs
}

// fastField reports whether a field can be read and written by offset.
func fastField(fl *Field) bool {
	switch fl.Kind {
	case kindInt, kindEC, kindFlags, kindGUID, kindArray:
		return true
	case kindStruct:
		return plainFixed(fl.Struct)
	}
	return false
}

// plainFixed reports whether a structure is of fixed size with no fixed
// values to check, so that it can be read and written by offset.
func plainFixed(msg *Message) bool {
	for _, fl := range msg.Fields {
		if fl.HasValue || len(fl.Not) > 0 || len(fl.In) > 0 || fl.InBytes != nil || fl.LengthOf != nil || !fastField(fl) {
			return false
		}
	}
	return true
}

// leUint reads an integer of the given width at offset off of p.
func leUint(width, off int) jen.Code {
	if width == 1 {
		return jen.Id("p").Index(jen.Lit(off))
	}
	return jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("Uint%d", 8*width)).Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()))
}

// putUint writes x, of the given width, at offset off of p.
func putUint(width, off int, x jen.Code) jen.Code {
	if width == 1 {
		return jen.Id("p").Index(jen.Lit(off)).Op("=").Byte().Call(x)
	}
	return jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("PutUint%d", 8*width)).Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()), intType(width).Call(x))
}

// fastRead decodes a plain field at offset off of p into m.
func fastRead(fl *Field, off int) jen.Code {
	target := jen.Id("m").Dot(fl.Go)
	switch fl.Kind {
	case kindGUID:
		return jen.Copy(target.Clone().Index(jen.Empty(), jen.Empty()), jen.Id("p").Index(jen.Lit(off), jen.Empty()))
	case kindArray:
		if fl.Width == 1 {
			return jen.Copy(target.Clone().Index(jen.Empty(), jen.Empty()), jen.Id("p").Index(jen.Lit(off), jen.Empty()))
		}
		return jen.For(jen.Id("i").Op(":=").Range().Add(target)).Block(
			target.Clone().Index(jen.Id("i")).Op("=").Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("Uint%d", 8*fl.Width)).Call(
				jen.Id("p").Index(jen.Lit(off).Op("+").Lit(fl.Width).Op("*").Id("i"), jen.Empty())))
	case kindStruct:
		return target.Dot("readFixed").Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()))
	case kindInt:
		return target.Op("=").Add(leUint(fl.Width, off))
	}
	return target.Op("=").Add(goType(fl)).Call(leUint(fl.Width, off))
}

// readRunFast decodes a run of fixed fields by offset, checking fixed values.
func readRunFast(g *jen.Group, msg *Message, run fieldRun) {
	g.Id("p").Op(":=").Id("r").Dot("b").Index(jen.Id("r").Dot("off"), jen.Empty())
	off := 0
	for _, fl := range run.fields {
		name := jen.Lit(fl.Name)
		switch {
		case fl.Name == "RopId" && fl.HasValue && msg.Direction != "struct":
			g.If(jen.Id("p").Index(jen.Lit(off)).Op("!=").Op(fmt.Sprintf("0x%02X", fl.Value))).Block(jen.Return(jen.Id("r").Dot("ropID").Call(jen.Op(fmt.Sprintf("0x%02X", fl.Value)))))
		case fl.InBytes != nil:
			g.Add(fastRead(fl, off))
			g.If(notIn(fl, jen.Id("m").Dot(fl.Go))).Block(
				jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("off").Op("+").Lit(off), name, jen.Id("ErrUnexpectedValue"))))
		case fl.HasValue && fl.Bytes != nil:
			g.If(jen.Index(jen.Lit(len(fl.Bytes))).Byte().Call(jen.Id("p").Index(jen.Lit(off), jen.Lit(off+len(fl.Bytes)))).Op("!=").Add(bytesLit(&Field{Kind: kindArray, Bytes: fl.Bytes}))).Block(
				jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("off").Op("+").Lit(off), name, jen.Id("ErrUnexpectedValue"))))
		case fl.HasValue || len(fl.Not) > 0 || len(fl.In) > 0 || fl.Shape != nil:
			g.BlockFunc(func(g *jen.Group) {
				g.Id("v").Op(":=").Add(leUint(fl.Width, off))
				fail := jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("r").Dot("off").Op("+").Lit(off), name, jen.Uint64().Call(jen.Id("v"))))
				if fl.HasValue {
					g.If(jen.Id("v").Op("!=").Op(fmt.Sprintf("0x%X", fl.Value))).Block(fail)
				}
				for _, n := range fl.Not {
					g.If(jen.Id("v").Op("==").Op(fmt.Sprintf("0x%X", n))).Block(fail)
				}
				if fl.Shape != nil {
					g.If(shapeWrong(fl, jen.Id("v"))).Block(fail)
				}
				if len(fl.In) > 0 {
					g.If(notIn(fl, jen.Id("v"))).Block(fail)
				}
				if fl.InStruct() {
					target := jen.Id("m").Dot(fl.Go)
					if fl.Kind == kindInt {
						g.Add(target).Op("=").Id("v")
					} else {
						g.Add(target).Op("=").Add(goType(fl)).Call(jen.Id("v"))
					}
				}
			})
		case fl.LengthOf != nil:
			g.Id(lengthVar(fl)).Op("=").Int().Call(leUint(fl.Width, off))
		default:
			g.Add(fastRead(fl, off))
		}
		off += fl.fixedSize()
	}
	g.Id("r").Dot("off").Op("+=").Lit(run.size)
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

// shapeWrong is the condition under which a flags value x does not belong to
// the shape whose dispatch row reads this field.
func shapeWrong(fl *Field, x jen.Code) jen.Code {
	op := "=="
	if fl.ShapeClear {
		op = "!="
	}
	return jen.Id(fl.Flags.Type).Call(x).Op("&").Id(fl.Shape.Go).Op(op).Lit(0)
}

// shapeDoc explains a shape error.
func shapeDoc(fl *Field) string {
	if fl.ShapeClear {
		return fmt.Sprintf("%%w: %s has %s set, which makes it another response shape", fl.Name, fl.Shape.Name)
	}
	return fmt.Sprintf("%%w: %s lacks %s, which makes it another response shape", fl.Name, fl.Shape.Name)
}

// bytesLit is a fixed value of a GUID or byte array field as a Go literal.
func bytesLit(fl *Field) *jen.Statement {
	vals := make([]jen.Code, len(fl.Bytes))
	for i, b := range fl.Bytes {
		vals[i] = jen.Op(fmt.Sprintf("0x%02X", b))
	}
	if fl.Kind == kindGUID {
		return jen.Id("GUID").Values(vals...)
	}
	return jen.Index(jen.Lit(len(fl.Bytes))).Byte().Values(vals...)
}

// byteSliceLit is a fixed value of a GUID or byte array field as a []byte literal.
func byteSliceLit(fl *Field) *jen.Statement {
	vals := make([]jen.Code, len(fl.Bytes))
	for i, b := range fl.Bytes {
		vals[i] = jen.Op(fmt.Sprintf("0x%02X", b))
	}
	return jen.Index().Byte().Values(vals...)
}

// notIn is the condition under which x is none of the constants an "in"
// check names.
func notIn(fl *Field, x jen.Code) *jen.Statement {
	var cond *jen.Statement
	for i, name := range fl.InNames {
		c := jen.Add(x).Op("!=").Id(name)
		if i == 0 {
			cond = c
		} else {
			cond = cond.Op("&&").Add(c)
		}
	}
	return cond
}

// constantsFile renders the constants of one package: GUIDs as variables,
// integers as typed constants.
func constantsFile(pkg string, cs []*Constant) *jen.File {
	f := newPackageFile(ModulePath+"/"+pkg, pkg)
	var guids, ints []*Constant
	for _, c := range cs {
		if c.Bytes != nil {
			guids = append(guids, c)
		} else {
			ints = append(ints, c)
		}
	}
	if len(guids) > 0 {
		f.Var().DefsFunc(func(g *jen.Group) {
			for _, c := range guids {
				g.Comment(fmt.Sprintf("%s is a GUID (%s). %s", c.Name, c.Section, c.Summary))
				g.Id(c.Name).Op("=").Add(bytesLit(&Field{Kind: kindGUID, Bytes: c.Bytes}))
			}
		})
	}
	if len(ints) > 0 {
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, c := range ints {
				doc := fmt.Sprintf("%s is 0x%X (%s).", c.Name, c.Value, c.Section)
				if c.Summary != "" {
					doc += " " + c.Summary
				}
				g.Comment(doc)
				g.Id(c.Name).Add(intType(intWidths[c.Type])).Op("=").Op(fmt.Sprintf("0x%X", c.Value))
			}
		})
	}
	return f
}

// decoderRecv is the receiver of the Decoder methods.
func decoderRecv() *jen.Statement { return jen.Params(jen.Id("d").Op("*").Id("Decoder")) }

// viaNilDecoder is the body of a package-level decode function: the Decoder
// method of the same name on a nil Decoder, which allocates every string.
func viaNilDecoder(name string) jen.Code {
	return jen.Return(jen.Parens(jen.Op("*").Id("Decoder")).Parens(jen.Nil()).Dot(name).Call(jen.Id("b")))
}
