package gen

import (
	"strings"

	"github.com/dave/jennifer/jen"
)

// A list can be bounded by a size in bytes as well as, or instead of, a
// count: the length cell names the count field and the size field ("COUNT
// SIZE"), or the size field alone when its unit is bytes. The size may count
// N bytes outside the list ("SIZE-N": RopSetLocalReplicaMidsetDeleted's
// DataSize counts LongTermIdRangeCount too). Decoders read the list within
// that many bytes and refuse bytes it leaves over; a list without a count
// takes elements until the bytes are used. Encoders derive both fields.
// RopGetAddressTypes' AddressTypeCount and AddressTypeSize,
// RopSynchronizationImportReadStateChanges' MessageReadStateSize.

// isByteSize reports whether l is an integer field whose unit is bytes.
func isByteSize(l *Field) bool {
	if l == nil || l.Unit != "bytes" {
		return false
	}
	_, ok := baseKind(l).(*integer)
	return ok
}

// isRow reports whether f is a PropertyRow, which takes a size in bytes of
// its own (sizedRow).
func isRow(f *Field) bool {
	_, ok := f.Kind.(*propRow)
	return ok
}

// sizedList resolves the length cell of a list bounded by bytes: its count
// field (or "") and its size field, SIZE or SIZE-N.
func sizedList(f *Field, earlier map[string]*Field, count, size string) error {
	switch k := f.Kind.(type) {
	case *structList:
		if count == "" && k.elem.minSize() == 0 {
			return f.row.errorf("%s: a list of %s bounded by bytes alone needs elements of a byte or more", f.Name, k.elem.Type)
		}
	case *asciizList:
	default:
		return f.row.errorf("%s: only lists of structures or strings take a size in bytes", f.Name)
	}
	if count != "" {
		if err := fieldLength(f, earlier, count); err != nil {
			return err
		}
	}
	if strings.Contains(size, " ") {
		return f.row.errorf("%s: length %q: want COUNT SIZE", f.Name, count+" "+size)
	}
	l, adjust, err := earlierField(f, earlier, size, "length", "SIZE-N")
	if err != nil {
		return err
	}
	f.Size, f.SizeAdjust, l.LengthOf = l, adjust, f
	return nil
}

// listBytes is the value of a list's size field: its bytes, and those the
// field counts beyond it.
func listBytes(f *Field) jen.Code {
	n := f.Kind.size(f, jen.Id("m").Dot(f.Go))
	if f.SizeAdjust > 0 {
		return jen.Add(n).Op("+").Lit(f.SizeAdjust)
	}
	return n
}

// readSized wraps the reading of a list bounded by bytes: body reads it from
// a reader limited to those bytes, which it must use up.
func readSized(g *jen.Group, f *Field, body func(g *jen.Group)) {
	if f.Size == nil {
		body(g)
		return
	}
	name := jen.Lit(f.Name)
	n := jen.Id(lengthVar(f.Size))
	if f.SizeAdjust > 0 {
		n = n.Op("-").Lit(f.SizeAdjust)
	}
	g.BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("sub"), jen.Err()).Op(":=").Id("r").Dot("limit").Call(n, name)
		g.Add(returnErr())
		read := jen.Func().Params(jen.Id("r").Op("*").Id("reader")).Error().BlockFunc(func(g *jen.Group) {
			body(g)
			g.Return(jen.Nil())
		})
		g.Add(errCheck(jen.Add(read).Call(jen.Op("&").Id("sub"))))
		g.Add(errCheck(jen.Id("r").Dot("endLimit").Call(jen.Op("&").Id("sub"), name)))
	})
}

// sizeCheck refuses a list too large for its size field (first one that
// nests too deeply to be sized, see guardNesting).
func sizeCheck(g *jen.Group, rop string, f *Field) {
	if f.Size != nil {
		guardNesting(g, rop, f)
		g.If(jen.Add(f.Kind.size(f, jen.Id("m").Dot(f.Go))).Op(">").Add(maxLength(f.Size, f.SizeAdjust))).Block(encodeError(rop, f, jen.Id("ErrTooLong")))
	}
}
