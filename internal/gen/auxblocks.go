package gen

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// auxBlocksKind is the table of [MS-OXCRPC] 2.2.2.2 that says which block
// structure follows an AUX_HEADER of each Version and Type.
var auxBlocksKind = tableKind{
	name:     "aux-blocks",
	required: []string{"version", "type", "name", "go", "block", "section"},
	optional: []string{"summary"},
	load:     (*Model).loadAuxBlocks,
	emit:     auxBlocksFile,
}

// AuxBlock is one row of an aux-blocks table: the block structure that
// follows an AUX_HEADER with this Version and Type.
type AuxBlock struct {
	Version, Type    uint8
	Name             string   // the document's name of the Type, AUX_TYPE_PERF_CLIENTINFO
	Go               string   // the Go constant of the Type, AuxTypePerfClientInfo
	Block            *Message // the structure, a message of direction struct
	Section, Summary string
}

func (m *Model) loadAuxBlocks(tables []*table) error {
	seen := map[[2]uint8]row{}
	byType := map[uint8]*AuxBlock{}
	for _, t := range tables {
		for _, r := range t.rows {
			b := &AuxBlock{Name: r.get("name"), Go: r.get("go"), Section: r.get("section"), Summary: r.get("summary")}
			for _, c := range []struct {
				col string
				v   *uint8
			}{{"version", &b.Version}, {"type", &b.Type}} {
				v, err := parseValue(r.get(c.col), 8)
				if err != nil {
					return r.errorf("%s %q: %v", c.col, r.get(c.col), err)
				}
				*c.v = uint8(v)
			}
			if b.Block = m.message(r.get("block")); b.Block == nil || b.Block.Direction != "struct" {
				return r.errorf("block %q is not a message of direction struct", r.get("block"))
			}
			if err := m.checkAuxName(r, b, byType[b.Type]); err != nil {
				return err
			}
			key := [2]uint8{b.Version, b.Type}
			if first, dup := seen[key]; dup {
				return r.errorf("Version 0x%02X and Type 0x%02X are given twice (first at %s)", b.Version, b.Type, first.where())
			}
			seen[key], byType[b.Type] = r, b
			m.AuxBlocks = append(m.AuxBlocks, b)
		}
	}
	slices.SortFunc(m.AuxBlocks, func(a, b *AuxBlock) int {
		return cmp.Or(cmp.Compare(a.Version, b.Version), cmp.Compare(a.Type, b.Type))
	})
	return nil
}

// checkAuxName checks the names of a row: a Type has one document name and
// one Go constant, whichever Version it comes with (same, an earlier row
// with the Type, if any), and the constant is a Go name no other table uses.
func (m *Model) checkAuxName(r row, b, same *AuxBlock) error {
	switch {
	case b.Name == "" || strings.ContainsAny(b.Name, " \t"):
		return r.errorf("name %q: want the document's name of the Type", b.Name)
	case !token.IsIdentifier(b.Go) || !token.IsExported(b.Go):
		return r.errorf("go %q is not an exported Go identifier", b.Go)
	case m.message(b.Go) != nil || m.flagType(b.Go) != nil || m.constant(b.Go) != nil:
		return r.errorf("go %q is already the name of a type or constant", b.Go)
	case same != nil && (same.Name != b.Name || same.Go != b.Go):
		return r.errorf("Type 0x%02X is %s (%s) here but %s (%s) in another row", b.Type, b.Name, b.Go, same.Name, same.Go)
	}
	for _, o := range m.AuxBlocks {
		if o.Type != b.Type && (o.Name == b.Name || o.Go == b.Go) {
			return r.errorf("%s (%s) names Type 0x%02X in another row", b.Name, b.Go, o.Type)
		}
	}
	return nil
}

// auxBlocksFile renders codec/registry_aux_gen.go: a constant and a name for
// each Type, the table of Version and Type pairs with their structures (for
// codec.LookupAuxBlockType), and the part of the package doc that lists
// them.
func auxBlocksFile(m *Model, files map[string]*jen.File) error {
	if len(m.AuxBlocks) == 0 {
		return nil
	}
	f := newPackageFile(CodecPath, "codec")
	for _, line := range strings.Split(auxBlocksDoc(m), "\n") {
		f.PackageComment(line)
	}
	var types []*AuxBlock // one row per Type, by Type
	for _, b := range m.AuxBlocks {
		if !slices.ContainsFunc(types, func(t *AuxBlock) bool { return t.Type == b.Type }) {
			types = append(types, b)
		}
	}
	slices.SortFunc(types, func(a, b *AuxBlock) int { return cmp.Compare(a.Type, b.Type) })
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, t := range types {
			doc := fmt.Sprintf("%s is %s, Type 0x%02X (%s).", t.Go, t.Name, t.Type, t.Section)
			if t.Summary != "" {
				doc += " " + t.Summary
			}
			g.Comment(doc)
			g.Id(t.Go).Id("AuxType").Op("=").Op(fmt.Sprintf("0x%02X", t.Type))
		}
	})
	f.Comment("String returns the document's name of t, or AuxType(0xNN) for a Type no table names.")
	f.Func().Params(jen.Id("t").Id("AuxType")).Id("String").Params().String().Block(
		jen.Switch(jen.Id("t")).BlockFunc(func(g *jen.Group) {
			for _, t := range types {
				g.Case(jen.Id(t.Go)).Block(jen.Return(jen.Lit(t.Name)))
			}
		}),
		jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit("AuxType(0x%02X)"), jen.Uint8().Call(jen.Id("t")))),
	)
	f.Comment("auxBlockTypes describes every Version and Type pair the package decodes, by Version and Type.")
	f.Var().Id("auxBlockTypes").Op("=").Index(jen.Op("...")).Id("AuxBlockType").CustomFunc(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, func(g *jen.Group) {
		for _, b := range m.AuxBlocks {
			g.Values(jen.Dict{
				jen.Id("Version"): jen.Op(fmt.Sprintf("0x%02X", b.Version)),
				jen.Id("Type"):    jen.Id(b.Go),
				jen.Id("Section"): jen.Lit(b.Section),
				jen.Id("Block"):   jen.Op("&").Id(infoVar(b.Block)),
			})
		}
	})
	files["codec/registry_aux_gen.go"] = f
	return nil
}

// auxBlocksDoc is the paragraph of the package doc that lists the Version
// and Type pairs.
func auxBlocksDoc(m *Model) string {
	var b strings.Builder
	b.WriteString("# Auxiliary blocks\n\n")
	b.WriteString("The blocks of an auxiliary buffer this package decodes and encodes, by the Version\n")
	b.WriteString("and Type of their AUX_HEADER (AuxBlockTypes lists them at run time):\n\n")
	for _, a := range m.AuxBlocks {
		fmt.Fprintf(&b, "  - Version %d, %s (0x%02X): %s\n", a.Version, a.Name, a.Type, a.Block.Type)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
