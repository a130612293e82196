package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// A wireKind is one kind of field of a message table's type column (u32,
// guid, asciiz, Struct[], ...): its Go type, its size on the wire, and what
// the visitor of generated messages (Fields) says about it. A kind is either
// a fixedKind, read and written by offset, or a varKind, read through the
// reader and appended; the structure kind is both, as its fields are.
type wireKind interface {
	goType(f *Field) *jen.Statement
	// fixedSize is the wire size, or -1 when it varies.
	fixedSize(f *Field) int
	// minSize is the fewest bytes the field can take.
	minSize(f *Field) int
	// lengths says which cells of the length column the kind takes.
	lengths() lengthForms
	// size is the wire size of the value v.
	size(f *Field, v *jen.Statement) jen.Code
	// visit adds to d what a Field of the visitor says about v, beyond its
	// name, role and value: Uint, Size, Len, Elem.
	visit(f *Field, v *jen.Statement, d fieldDict)
}

// lengthForms are the cells of the length column a kind accepts.
type lengthForms uint8

const (
	lengthField  lengthForms = 1 << iota // an earlier field holds the size or count
	lengthAdjust                         // FIELD-N: the size counts N bytes more
	lengthRest                           // *: the field runs to the end of its buffer
)

// A fixedKind is read and written by offset in a run of fixed-size fields.
type fixedKind interface {
	wireKind
	// fast reports whether this field can be read and written by offset.
	fast(f *Field) bool
	// readAt decodes the field from p at pl, testing its checks.
	readAt(g *jen.Group, f *Field, pl place)
	// readOne decodes the field through the reader, when the input may
	// end inside it.
	readOne(g *jen.Group, f *Field)
	// writeAt encodes the field into p at offset off.
	writeAt(g *jen.Group, f *Field, off int)
}

// A varKind is read through the reader and appended to the output.
type varKind interface {
	wireKind
	// lengthOf is the value the length field of f takes: a size or count.
	lengthOf(f *Field) jen.Code
	read(g *jen.Group, f *Field)
	// encodeCheck tests, before anything is written, what the encoder
	// must refuse beyond the field's checks: a size or count too large for
	// its length field, a string that is not ASCII.
	encodeCheck(g *jen.Group, rop string, f *Field)
	write(g *jen.Group, f *Field)
}

// place is where a fixed field's bytes are while it is decoded: at offset
// off of p, which is errOff in the input.
type place struct {
	off    int
	errOff jen.Code
	// own is set when the field is read in a block of its own, where its
	// value can be declared without a block around it.
	own bool
}

// at is p[off:], or p itself at offset 0.
func (pl place) at() *jen.Statement {
	if pl.off == 0 {
		return jen.Id("p")
	}
	return jen.Id("p").Index(jen.Lit(pl.off), jen.Empty())
}

// uint reads an integer of width bytes at the place.
func (pl place) uint(width int) jen.Code {
	if width == 1 {
		return jen.Id("p").Index(jen.Lit(pl.off))
	}
	return leUint(width, pl.at())
}

// fastPlace is offset off of a run read by offset from r.off.
func fastPlace(off int) place {
	if off == 0 {
		return place{off: 0, errOff: jen.Id("r").Dot("off")}
	}
	return place{off: off, errOff: jen.Id("r").Dot("off").Op("+").Lit(off)}
}

// parseKind resolves the type column of f, a field of msg.
func (m *Model) parseKind(msg *Message, f *Field) error {
	typ := f.Type
	if w, ok := intWidths[typ]; ok {
		f.Kind = &integer{width: w}
		return nil
	}
	switch typ {
	case "ec":
		f.Kind = &integer{width: 4, ec: true}
	case "guid":
		f.Kind = &byteArray{n: 16, guid: true}
	case "asciiz":
		f.Kind = &asciiz{}
	case "utf16z":
		f.Kind = &utf16z{}
	case "bytes":
		f.Kind = &bytesKind{}
	case "asciiz[]":
		f.Kind = &asciizList{}
	}
	if f.Kind == nil {
		f.Kind = m.oxcdataKind(typ)
	}
	if f.Kind != nil {
		return nil
	}
	if elem, n, ok := strings.Cut(typ, "["); ok && strings.HasSuffix(n, "]") {
		return m.parseListKind(msg, f, elem, strings.TrimSuffix(n, "]"))
	}
	if ft := m.flagType(typ); ft != nil {
		f.Kind = &integer{width: ft.Bits / 8, flags: ft}
		return nil
	}
	if s := m.message(typ); s != nil && s.Direction == "struct" && s != msg {
		f.Kind = &structure{msg: s}
		return nil
	}
	return f.row.errorf("%s: unknown type %q", f.Name, typ)
}

// parseListKind resolves ELEM[N] and ELEM[].
func (m *Model) parseListKind(msg *Message, f *Field, elem, n string) error {
	w, isInt := intWidths[elem]
	switch {
	case isInt && n == "":
		f.Kind = &intList{width: w}
		return nil
	case isInt:
		count, err := strconv.Atoi(n)
		if err != nil || count < 1 {
			return f.row.errorf("%s: array length %q", f.Name, n)
		}
		if w == 1 {
			f.Kind = &byteArray{n: count}
		} else {
			f.Kind = &intArray{width: w, n: count}
		}
		return nil
	case n == "":
		if s := m.message(elem); s != nil && s.Direction == "struct" && s != msg {
			f.Kind = &structList{elem: s}
			return nil
		}
	}
	return f.row.errorf("%s: unknown type %q", f.Name, f.Type)
}

var intWidths = map[string]int{"u8": 1, "u16": 2, "u32": 4, "u64": 8}

// intType is the Go type of an unsigned integer of width bytes.
func intType(width int) *jen.Statement {
	return map[int]*jen.Statement{1: jen.Uint8(), 2: jen.Uint16(), 4: jen.Uint32(), 8: jen.Uint64()}[width].Clone()
}

// leUint reads an integer of width bytes at p.
func leUint(width int, p *jen.Statement) jen.Code {
	if width == 1 {
		return p.Clone().Index(jen.Lit(0))
	}
	return jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("Uint%d", 8*width)).Call(p)
}

// putUint writes x, of width bytes, at offset off of p.
func putUint(width, off int, x jen.Code) jen.Code {
	if width == 1 {
		return jen.Id("p").Index(jen.Lit(off)).Op("=").Byte().Call(x)
	}
	return jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("PutUint%d", 8*width)).Call(place{off: off}.at(), intType(width).Call(x))
}

// appendInt appends the little-endian form of x, of width bytes, to out.
func appendInt(width int, x jen.Code) jen.Code {
	if width == 1 {
		return jen.Id("out").Op("=").Append(jen.Id("out"), jen.Byte().Call(x))
	}
	return jen.Id("out").Op("=").Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("AppendUint%d", 8*width)).Call(jen.Id("out"), intType(width).Call(x))
}

// errCheck is "if err := call; err != nil { return err }".
func errCheck(call jen.Code) jen.Code {
	return jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
}

// returnErr is "if err != nil { return err }".
func returnErr() jen.Code { return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())) }

// readThroughField decodes a fixed field through the reader: r.field checks
// that its bytes are there and consumes them, and readAt decodes them.
func readThroughField(g *jen.Group, f *Field, k fixedKind) {
	g.BlockFunc(func(g *jen.Group) {
		off := jen.Id("_")
		if f.decodeChecked() {
			off = jen.Id("off")
		}
		g.List(jen.Id("p"), off, jen.Err()).Op(":=").Id("r").Dot("field").Call(jen.Lit(k.fixedSize(f)), jen.Lit(f.Name))
		g.Add(returnErr())
		k.readAt(g, f, place{0, jen.Id("off"), true})
	})
}

// decodeChecks emits the tests of f's checks on the decoded value x, which
// sits at errOff in the input.
func decodeChecks(g *jen.Group, f *Field, x, errOff jen.Code) {
	for _, c := range f.Checks {
		cond := c.decodeFails(f, x)
		if cond == nil {
			continue
		}
		fail := unexpectedValue(f, x, errOff)
		if de, ok := c.(decodeError); ok {
			fail = de.decodeErr(f, x, errOff)
		}
		g.If(cond).Block(jen.Return(fail))
	}
}

// integer is u8 to u64, an errors.EC (ec) or a flag type: an unsigned
// integer of width bytes.
type integer struct {
	width  int
	ec     bool
	flags  *FlagType
	goName string // a named integer type of package codec (PropertyType)
}

func (k *integer) goType(*Field) *jen.Statement {
	switch {
	case k.ec:
		return jen.Qual(ErrorsPath, "EC")
	case k.flags != nil:
		return jen.Id(k.flags.Type)
	case k.goName != "":
		return jen.Id(k.goName)
	}
	return intType(k.width)
}
func (k *integer) fixedSize(*Field) int           { return k.width }
func (k *integer) minSize(*Field) int             { return k.width }
func (k *integer) lengths() lengthForms           { return 0 }
func (k *integer) fast(*Field) bool               { return true }
func (k *integer) named() bool                    { return k.ec || k.flags != nil || k.goName != "" }
func (k *integer) readOne(g *jen.Group, f *Field) { readThroughField(g, f, k) }

func (k *integer) size(*Field, *jen.Statement) jen.Code { return jen.Lit(k.width) }

func (k *integer) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Uint"] = jen.Uint64().Call(v)
	d["Size"] = jen.Lit(k.width)
	if f.Unit != "" {
		d["Unit"] = jen.Lit(f.Unit)
	}
}

func (k *integer) readAt(g *jen.Group, f *Field, pl place) {
	x := pl.uint(k.width)
	var assign func(v jen.Code) jen.Code
	switch {
	case f.LengthOf != nil || f.OffsetOf != nil:
		assign = func(v jen.Code) jen.Code { return jen.Id(lengthVar(f)).Op("=").Int().Call(v) }
	case f.InStruct() && k.named():
		assign = func(v jen.Code) jen.Code { return jen.Id("m").Dot(f.Go).Op("=").Add(k.goType(f)).Call(v) }
	case f.InStruct():
		assign = func(v jen.Code) jen.Code { return jen.Id("m").Dot(f.Go).Op("=").Add(v) }
	}
	if !f.decodeChecked() {
		if assign != nil {
			g.Add(assign(x))
		}
		return
	}
	checked := func(g *jen.Group) {
		g.Id("v").Op(":=").Add(x)
		decodeChecks(g, f, jen.Id("v"), pl.errOff)
		if assign != nil {
			g.Add(assign(jen.Id("v")))
		}
	}
	if pl.own {
		checked(g)
		return
	}
	g.BlockFunc(checked)
}

func (k *integer) writeAt(g *jen.Group, f *Field, off int) {
	switch {
	case f.HasValue:
		g.Add(putUint(k.width, off, jen.Op(fmt.Sprintf("0x%X", f.Value))))
	case f.LengthOf != nil:
		g.Add(putUint(k.width, off, lengthValue(f)))
	case f.OffsetOf != nil:
		g.Add(putUint(k.width, off, locatedOffset(f.OffsetOf)))
	default:
		g.Add(putUint(k.width, off, jen.Id("m").Dot(f.Go)))
	}
}

// byteArray is a GUID (guid) or a fixed array of bytes (u8[N]).
type byteArray struct {
	n    int
	guid bool
}

func (k *byteArray) goType(*Field) *jen.Statement {
	if k.guid {
		return jen.Id("GUID")
	}
	return jen.Index(jen.Lit(k.n)).Byte()
}
func (k *byteArray) fixedSize(*Field) int                          { return k.n }
func (k *byteArray) minSize(*Field) int                            { return k.n }
func (k *byteArray) lengths() lengthForms                          { return 0 }
func (k *byteArray) fast(*Field) bool                              { return true }
func (k *byteArray) readOne(g *jen.Group, f *Field)                { readThroughField(g, f, k) }
func (k *byteArray) size(*Field, *jen.Statement) jen.Code          { return jen.Lit(k.n) }
func (k *byteArray) visit(_ *Field, _ *jen.Statement, d fieldDict) { d["Size"] = jen.Lit(k.n) }

func (k *byteArray) readAt(g *jen.Group, f *Field, pl place) {
	if !f.InStruct() {
		// A fixed value: compare the bytes where they are.
		x := jen.Index(jen.Lit(k.n)).Byte().Call(jen.Id("p").Index(jen.Lit(pl.off), jen.Lit(pl.off+k.n)))
		decodeChecks(g, f, x, pl.errOff)
		return
	}
	g.Copy(jen.Id("m").Dot(f.Go).Index(jen.Empty(), jen.Empty()), pl.at())
	decodeChecks(g, f, jen.Id("m").Dot(f.Go), pl.errOff)
}

func (k *byteArray) writeAt(g *jen.Group, f *Field, off int) {
	if f.HasValue {
		g.Copy(place{off: off}.at(), byteSliceLit(f.Bytes))
		return
	}
	g.Copy(place{off: off}.at(), jen.Id("m").Dot(f.Go).Index(jen.Empty(), jen.Empty()))
}

// bytesLit is bytes as a literal of k's type ([N]byte or GUID).
func bytesLit(k *byteArray, b []byte) *jen.Statement {
	return jen.Index(jen.Lit(k.n)).Byte().Values(byteLits(b)...)
}

func byteSliceLit(b []byte) *jen.Statement { return jen.Index().Byte().Values(byteLits(b)...) }

func byteLits(b []byte) []jen.Code {
	vals := make([]jen.Code, len(b))
	for i, c := range b {
		vals[i] = jen.Op(fmt.Sprintf("0x%02X", c))
	}
	return vals
}

// intArray is a fixed array of integers wider than a byte (u64[13]).
type intArray struct{ width, n int }

func (k *intArray) goType(*Field) *jen.Statement {
	return jen.Index(jen.Lit(k.n)).Add(intType(k.width))
}
func (k *intArray) fixedSize(*Field) int                 { return k.n * k.width }
func (k *intArray) minSize(*Field) int                   { return k.n * k.width }
func (k *intArray) lengths() lengthForms                 { return 0 }
func (k *intArray) fast(*Field) bool                     { return true }
func (k *intArray) readOne(g *jen.Group, f *Field)       { readThroughField(g, f, k) }
func (k *intArray) size(*Field, *jen.Statement) jen.Code { return jen.Lit(k.n * k.width) }

func (k *intArray) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Size"] = jen.Lit(k.n * k.width)
	d["Len"] = jen.Lit(k.n)
	elem := fieldDict{
		"Value": v.Clone().Index(jen.Id("i")),
		"Uint":  jen.Uint64().Call(v.Clone().Index(jen.Id("i"))),
		"Size":  jen.Lit(k.width),
	}
	if f.Names != nil {
		elem["Name"] = jen.Id("m").Dot(f.Names.Method).Call(jen.Id("i"))
	}
	d["Elem"] = elemFunc(elem)
}

func (k *intArray) readAt(g *jen.Group, f *Field, pl place) {
	t := jen.Id("m").Dot(f.Go)
	g.For(jen.Id("i").Op(":=").Range().Add(t)).Block(
		t.Clone().Index(jen.Id("i")).Op("=").Add(leUint(k.width, jen.Id("p").Index(elemOffset(pl.off, k.width), jen.Empty()))))
}

// elemOffset is the offset of element i of an array of width-byte integers
// at offset off.
func elemOffset(off, width int) jen.Code {
	if off == 0 {
		return jen.Lit(width).Op("*").Id("i")
	}
	return jen.Lit(off).Op("+").Lit(width).Op("*").Id("i")
}

func (k *intArray) writeAt(g *jen.Group, f *Field, off int) {
	g.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Add(jen.Id("m").Dot(f.Go))).Block(
		jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("PutUint%d", 8*k.width)).Call(
			jen.Id("p").Index(elemOffset(off, k.width), jen.Empty()), jen.Id("x")))
}

// elemFunc is the Elem of a visited list: func(i int) Field { return Field{...} }.
func elemFunc(d fieldDict) jen.Code {
	return jen.Func().Params(jen.Id("i").Int()).Id("Field").Block(jen.Return(jen.Id("Field").Values(d.dict())))
}

// fieldDict is the literal of a codec.Field by field name.
type fieldDict map[string]jen.Code

// dict is d as a jennifer Dict, which renders its keys in order.
func (d fieldDict) dict() jen.Dict {
	out := jen.Dict{}
	for k, v := range d {
		out[jen.Id(k)] = v
	}
	return out
}
