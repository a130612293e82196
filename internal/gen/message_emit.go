package gen

import (
	"fmt"

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
	if len(m.Messages) > 0 {
		files["codec/rops_gen.go"] = ropSwitches(m)
	}
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
	if msg.Names != nil {
		fieldNamesCode(f, msg)
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
	case kindASCIIZ, kindUTF16Z:
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

// decoderRecv is the receiver of the Decoder methods.
func decoderRecv() *jen.Statement { return jen.Params(jen.Id("d").Op("*").Id("Decoder")) }

// viaNilDecoder is the body of a package-level decode function: the Decoder
// method of the same name on a nil Decoder, which allocates every string.
func viaNilDecoder(name string) jen.Code {
	return jen.Return(jen.Parens(jen.Op("*").Id("Decoder")).Parens(jen.Nil()).Dot(name).Call(jen.Id("b")))
}
