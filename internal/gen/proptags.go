package gen

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// propertyTagsKind is the table of well-known property tags ([MS-OXPROPS]):
// a PidTag name with its property ID and data type a row.
var propertyTagsKind = tableKind{
	name:     "property-tags",
	required: []string{"name", "id", "type", "section"},
	load:     (*Model).loadPropertyTags,
	emit: func(m *Model, files map[string]*jen.File) error {
		if len(m.PropertyTags) > 0 {
			files["codec/propertytags_gen.go"] = propertyTagsFile(m)
		}
		return nil
	},
}

// PropertyTagRow is one well-known property: its canonical name, ID and type.
type PropertyTagRow struct {
	Name    string
	ID      uint16
	Type    *PropertyType
	Section string
}

// Tag is the 32-bit property tag: the ID in the high 16 bits, the type in the low.
func (p *PropertyTagRow) Tag() uint32 { return uint32(p.ID)<<16 | uint32(p.Type.Value) }

func (m *Model) loadPropertyTags(tables []*table) error {
	names := map[string]bool{}
	tags := map[uint32]string{}
	for _, t := range tables {
		for _, r := range t.rows {
			p := &PropertyTagRow{Name: r.get("name"), Section: r.get("section"), Type: m.propertyType(r.get("type"))}
			id, err := parseValue(r.get("id"), 16)
			switch {
			case err != nil:
				return r.errorf("id %q: %v", r.get("id"), err)
			case !token.IsIdentifier(p.Name) || !strings.HasPrefix(p.Name, "PidTag") || names[p.Name]:
				return r.errorf("name %q: want a new PidTag name", p.Name)
			case p.Type == nil:
				return r.errorf("%s: type %q names no row of the property-types table", p.Name, r.get("type"))
			case p.Section == "":
				return r.errorf("%s: section is empty", p.Name)
			}
			p.ID = uint16(id)
			if other, dup := tags[p.Tag()]; dup {
				return r.errorf("%s: tag 0x%08X is %s's too", p.Name, p.Tag(), other)
			}
			names[p.Name], tags[p.Tag()] = true, p.Name
			m.PropertyTags = append(m.PropertyTags, p)
		}
	}
	slices.SortFunc(m.PropertyTags, func(a, b *PropertyTagRow) int { return cmp.Compare(a.Tag(), b.Tag()) })
	return nil
}

// propertyTagsFile renders the look-ups of the well-known property tags:
// name by tag, name by ID (for the IDs that one property has), and tag by
// name, each a switch that allocates nothing.
func propertyTagsFile(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	source := m.PropertyTags[0].Section
	if i := strings.LastIndex(source, " "); i > 0 {
		source = source[:i]
	}
	f.Commentf("propertyTagName returns the canonical name (%s) of the property whose tag is tag,", source)
	f.Comment("or \"\" for a tag the table of well-known properties does not list.")
	f.Func().Id("propertyTagName").Params(jen.Id("tag").Uint32()).String().Block(
		jen.Switch(jen.Id("tag")).BlockFunc(func(g *jen.Group) {
			for _, p := range m.PropertyTags {
				g.Case(jen.Op(fmt.Sprintf("0x%08X", p.Tag()))).Return(jen.Lit(p.Name))
			}
		}),
		jen.Return(jen.Lit("")),
	)
	byID := map[uint16][]*PropertyTagRow{}
	for _, p := range m.PropertyTags {
		byID[p.ID] = append(byID[p.ID], p)
	}
	f.Comment("propertyIDName returns the name and type of the one well-known property with the ID")
	f.Comment("id, or \"\" when the table lists none or several (an ID the document gives two properties).")
	f.Func().Id("propertyIDName").Params(jen.Id("id").Uint16()).Params(jen.String(), jen.Id(PropertyTypeGo)).Block(
		jen.Switch(jen.Id("id")).BlockFunc(func(g *jen.Group) {
			for _, p := range m.PropertyTags {
				if len(byID[p.ID]) == 1 {
					g.Case(jen.Op(fmt.Sprintf("0x%04X", p.ID))).Return(jen.Lit(p.Name), jen.Id(p.Type.Name))
				}
			}
		}),
		jen.Return(jen.Lit(""), jen.Lit(0)),
	)
	f.Comment("propertyTagByName returns the tag of the well-known property of that canonical name.")
	f.Func().Id("propertyTagByName").Params(jen.Id("name").String()).Params(jen.Uint32(), jen.Bool()).Block(
		jen.Switch(jen.Id("name")).BlockFunc(func(g *jen.Group) {
			for _, p := range m.PropertyTags {
				g.Case(jen.Lit(p.Name)).Return(jen.Op(fmt.Sprintf("0x%08X", p.Tag())), jen.True())
			}
		}),
		jen.Return(jen.Lit(0), jen.False()),
	)
	return f
}
