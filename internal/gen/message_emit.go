package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// codecFiles renders the messages, dispatchers and RopId switches of package
// codec, one file per ROP and per structure, and the registry of them all.
func codecFiles(m *Model, files map[string]*jen.File) error {
	if len(m.Messages) == 0 {
		return nil
	}
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
			if err := messageCode(m, f, msg); err != nil {
				return err
			}
		}
		for _, d := range m.Dispatches {
			if d.ROP == key {
				dispatchCode(f, d)
			}
		}
		files["codec/"+ascii.Lower(key)+"_gen.go"] = f
	}
	files["codec/rops_gen.go"] = ropSwitches(m)
	files["codec/registry_gen.go"] = registryFile(m)
	files["codec/columns_gen.go"] = columnsFile(m)
	files["codec/decoders_gen_test.go"] = decodersTestFile(m)
	return nil
}

// messageCode renders one message type: the struct, then the code that
// varies with its fields (read, append, size, Fields), then the methods
// every message has (skeleton.go).
func messageCode(m *Model, f *jen.File, msg *Message) error {
	typeDecl(f, msg)
	readCode(f, msg)
	appendCode(f, msg)
	if msg.Direction == "struct" && plainFixed(msg) {
		fixedCode(f, msg)
	}
	sizeCode(f, msg)
	resetCode(f, msg)
	if len(locatedFields(msg)) > 0 {
		locateCode(f, msg)
	}
	fieldsCode(f, msg)
	if err := skeleton(f, msg); err != nil {
		return err
	}
	messageInfoCode(m, f, msg)
	if msg.Direction == "response" {
		statusCode(f, msg)
	}
	if msg.Dispatch != nil {
		f.Func().Params(jen.Op("*").Id(msg.Type)).Id("is" + msg.Dispatch.Interface).Params().Block()
	}
	if msg.Names != nil {
		fieldNamesCode(f, msg)
	}
	variantMethods(f, msg)
	checkColumnsCode(f, msg)
	return nil
}

// recv is the receiver of a message's methods.
func recv(msg *Message) *jen.Statement { return jen.Func().Params(jen.Id("m").Op("*").Id(msg.Type)) }

// typeDecl renders the struct of a message: its stored fields, each with the
// summary and section of its row.
func typeDecl(f *jen.File, msg *Message) {
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
			g.Id(fl.Go).Add(fl.Kind.goType(fl))
		}
		logonDecl(g, msg)
	})
}

// readCode renders read, which decodes msg run by run: a run of fixed fields
// by offset when the input holds all of it, and otherwise field by field, so
// that the error names the field at which the input ends.
func readCode(f *jen.File, msg *Message) {
	f.Commentf("read decodes the fields of %s from r.", msg.Type)
	f.Add(recv(msg).Id("read").Params(jen.Id("r").Op("*").Id("reader")).Error().BlockFunc(func(g *jen.Group) {
		loc := locatedFields(msg)
		if len(loc) > 0 {
			g.Id("origin").Op(":=").Id("r").Dot("off").Comment("where offsets count from, with their base")
		}
		for _, fl := range msg.Fields {
			if fl.LengthOf != nil || fl.OffsetOf != nil {
				g.Var().Id(lengthVar(fl)).Int()
			}
		}
		for _, run := range fieldRuns(msg) {
			if !run.fixed {
				if len(loc) > 0 && run.fields[0] == loc[0] {
					// Where the fields read in sequence end, and the furthest byte read.
					g.List(jen.Id("start"), jen.Id("end")).Op(":=").List(jen.Id("r").Dot("off"), jen.Id("r").Dot("off"))
				}
				run.fields[0].Kind.(varKind).read(g, run.fields[0])
				continue
			}
			g.If(jen.Id("r").Dot("remaining").Call().Op(">=").Lit(run.size)).BlockFunc(func(g *jen.Group) {
				g.Id("p").Op(":=").Id("r").Dot("b").Index(jen.Id("r").Dot("off"), jen.Empty())
				off := 0
				for _, fl := range run.fields {
					fl.Kind.(fixedKind).readAt(g, fl, fastPlace(off))
					off += fl.fixedSize()
				}
				g.Id("r").Dot("off").Op("+=").Lit(run.size)
			}).Else().BlockFunc(func(g *jen.Group) {
				for _, fl := range run.fields {
					fl.Kind.(fixedKind).readOne(g, fl)
				}
			})
		}
		if len(loc) > 0 {
			g.Id("r").Dot("off").Op("=").Id("end")
		}
		g.Return(jen.Nil())
	}))
}

// appendCode renders append: every check first, so that a refused value
// leaves b as it was, then the fields, a run of fixed ones by offset into
// room made once.
func appendCode(f *jen.File, msg *Message) {
	rop := ropName(msg)
	f.Comment("append encodes m after b; on failure it returns b unchanged.")
	f.Add(recv(msg).Id("append").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(g *jen.Group) {
		if len(locatedFields(msg)) > 0 {
			g.Id("o").Op(":=").Id("m").Dot("locate").Call()
		}
		for _, fl := range msg.Fields {
			encodeChecks(g, rop, fl)
		}
		g.Id("out").Op(":=").Id("b")
		for _, run := range fieldRuns(msg) {
			if !run.fixed {
				run.fields[0].Kind.(varKind).write(g, run.fields[0])
				continue
			}
			g.BlockFunc(func(g *jen.Group) {
				g.Id("n").Op(":=").Len(jen.Id("out"))
				g.Id("out").Op("=").Qual("slices", "Grow").Call(jen.Id("out"), jen.Lit(run.size)).Index(jen.Empty(), jen.Id("n").Op("+").Lit(run.size))
				g.Id("p").Op(":=").Id("out").Index(jen.Id("n"), jen.Empty())
				off := 0
				for _, fl := range run.fields {
					fl.Kind.(fixedKind).writeAt(g, fl, off)
					off += fl.fixedSize()
				}
			})
		}
		g.Return(jen.Id("out"), jen.Nil())
	}))
}

// encodeChecks emits the encoder's tests of one field: its checks, then
// what its kind must refuse.
func encodeChecks(g *jen.Group, rop string, fl *Field) {
	if _, ok := fl.Kind.(*conditional); !ok { // a conditional tests them while present
		fieldEncodeChecks(g, rop, fl)
	}
	if k, ok := fl.Kind.(varKind); ok && !fl.fast() {
		k.encodeCheck(g, rop, fl)
	}
	if sharesCount(fl) {
		first := fl.Length.LengthOf
		g.If(jen.Len(jen.Id("m").Dot(fl.Go)).Op("!=").Len(jen.Id("m").Dot(first.Go))).Block(
			encodeError(rop, fl, jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%w: %%d elements, %s %%d, and %s counts both", first.Name, fl.Length.Name)),
				jen.Id("ErrSizeMismatch"), jen.Len(jen.Id("m").Dot(fl.Go)), jen.Len(jen.Id("m").Dot(first.Go)))))
	}
}

// fieldEncodeChecks emits the encoder's tests of the check column of fl: on
// its value in the struct or, for a size or count, on the value derived.
func fieldEncodeChecks(g *jen.Group, rop string, fl *Field) {
	var v jen.Code = jen.Id("m").Dot(fl.Go)
	switch {
	case fl.LengthOf != nil:
		v = lengthValue(fl)
	case !fl.InStruct():
		return
	}
	for _, c := range fl.Checks {
		if cond, err := c.encodeFails(fl, v); cond != nil {
			g.If(cond...).Block(encodeError(rop, fl, err))
		}
	}
}

// fixedCode renders readFixed and writeFixed, by which a plain structure is
// read and written in place as part of a run of its parent.
func fixedCode(f *jen.File, msg *Message) {
	size := msg.fixedSize()
	f.Commentf("readFixed decodes %s from p, which holds at least %d bytes.", msg.Type, size)
	f.Add(recv(msg).Id("readFixed").Params(jen.Id("p").Index().Byte()).BlockFunc(func(g *jen.Group) {
		off := 0
		for _, fl := range msg.Fields {
			fl.Kind.(fixedKind).readAt(g, fl, place{off: off})
			off += fl.fixedSize()
		}
	}))
	f.Commentf("writeFixed encodes %s into p, which holds at least %d bytes.", msg.Type, size)
	f.Add(recv(msg).Id("writeFixed").Params(jen.Id("p").Index().Byte()).BlockFunc(func(g *jen.Group) {
		off := 0
		for _, fl := range msg.Fields {
			fl.Kind.(fixedKind).writeAt(g, fl, off)
			off += fl.fixedSize()
		}
	}))
}

// sizeCode renders size, the number of bytes append writes for m.
func sizeCode(f *jen.File, msg *Message) {
	fixed := 0
	var terms []jen.Code
	for _, fl := range msg.Fields {
		if n := fl.fixedSize(); n >= 0 {
			fixed += n
			continue
		}
		terms = append(terms, fl.Kind.size(fl, jen.Id("m").Dot(fl.Go)))
	}
	sum := jen.Lit(fixed)
	for _, t := range terms {
		sum = sum.Op("+").Add(t)
	}
	f.Comment("size returns the number of bytes the wire form of m takes.")
	f.Add(recv(msg).Id("size").Params().Int().Block(jen.Return(sum)))
}

// resetCode renders reset, which zeroes m before a decode into it
// (DecodeInto) but keeps the memory of its slices, and of those of its
// structures, for the decode to reuse.
func resetCode(f *jen.File, msg *Message) {
	keep := jen.Dict{}
	var nested []jen.Code
	for _, fl := range msg.Fields {
		switch {
		case !fl.InStruct():
		case reusesMemory(fl):
			keep[jen.Id(fl.Go)] = jen.Id("m").Dot(fl.Go).Index(jen.Empty(), jen.Lit(0))
		case keepsMemory(fl):
			keep[jen.Id(fl.Go)] = jen.Id("m").Dot(fl.Go)
			nested = append(nested, jen.Id("m").Dot(fl.Go).Dot("reset").Call())
		}
	}
	f.Comment("reset zeroes m for a decode into it, keeping the memory of its slices.")
	f.Add(recv(msg).Id("reset").Params().BlockFunc(func(g *jen.Group) {
		g.Op("*").Id("m").Op("=").Id(msg.Type).Values(keep)
		for _, c := range nested {
			g.Add(c)
		}
	}))
}

// reusesMemory reports whether f is a slice whose read assigns it, every
// time, through resize or rawBytesInto, which reuse its memory: the lists of
// integers, strings and structures, and bytes. Other kinds start from nil
// (a conditional field that is absent is left as reset left it).
func reusesMemory(f *Field) bool {
	switch f.Kind.(type) {
	case *bytesKind, *structList, *asciizList, *intList:
		return true
	}
	return false
}

// keepsMemory reports whether f is a structure whose reset keeps memory.
func keepsMemory(f *Field) bool {
	k, ok := f.Kind.(*structure)
	if !ok {
		return false
	}
	for _, fl := range k.msg.Fields {
		if fl.InStruct() && (reusesMemory(fl) || keepsMemory(fl)) {
			return true
		}
	}
	return false
}

// statusCode writes Status: the ReturnValue as an errors.EC, nil for success.
func statusCode(f *jen.File, msg *Message) {
	_, rv := msg.offsetOf("ReturnValue")
	f.Comment("Status returns the ReturnValue as an errors.EC error, or nil for success (and for")
	f.Comment("responses without a ReturnValue), so that errors.LogonActionFor and the like classify it.")
	body := []jen.Code{jen.Return(jen.Nil())}
	switch {
	case rv == nil || !isEC(rv):
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

// ropName is the name a message's errors carry.
func ropName(msg *Message) string {
	if msg.ROP != "" {
		return msg.ROP
	}
	return msg.Type
}

// decoderRecv is the receiver of the Decoder methods.
func decoderRecv() *jen.Statement { return jen.Params(jen.Id("d").Op("*").Id("Decoder")) }

// viaNilDecoder is the body of a package-level decode function: the Decoder
// method of the same name on a nil Decoder, which allocates every string.
func viaNilDecoder(name string) jen.Code {
	return jen.Return(jen.Parens(jen.Op("*").Id("Decoder")).Parens(jen.Nil()).Dot(name).Call(jen.Id("b")))
}
