package gen

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// facilitiesKind is the [MS-ERREF] 2.1 table of HRESULT facilities; its file
// also holds the accessors of bitfieldsKind.
var facilitiesKind = tableKind{
	name:     "facilities",
	required: []string{"name", "value", "section"},
	optional: []string{"alias_of"},
	load:     (*Model).loadFacilities,
	emit: func(m *Model, files map[string]*jen.File) error {
		if len(m.Facilities) > 0 || len(m.BitLayouts) > 0 {
			files["errors/hresult_fields_gen.go"] = hresultFile(m)
		}
		return nil
	},
}

// bitfieldsKind is the bit layout of a code type, such as the HRESULT's
// ([MS-ERREF] 2.1), rendered with the facilities.
var bitfieldsKind = tableKind{
	name:     "bitfields",
	required: []string{"field", "bits", "go", "type", "section"},
	optional: []string{"summary"},
	load:     (*Model).loadBitLayouts,
}

// Facility is one row of the [MS-ERREF] 2.1 facility table.
type Facility struct {
	Name, Section string
	Value         int
	Alias         bool
}

// BitField is one field of a bit layout such as the HRESULT's ([MS-ERREF]
// 2.1), with bits numbered from the most significant, as the diagram does.
type BitField struct {
	Field, Method, Type, Section, Summary string
	First, Last                           int
}

// BitLayout is the bit layout of one 32-bit code type.
type BitLayout struct {
	Type   string
	Source string
	Fields []*BitField
}

func (m *Model) loadFacilities(tables []*table) error {
	seen := map[string]bool{}
	values := map[int]string{}
	for _, t := range tables {
		for _, r := range t.rows {
			f := &Facility{Name: r.get("name"), Section: r.get("section")}
			if !token.IsIdentifier(f.Name) || !token.IsExported(f.Name) || seen[f.Name] {
				return r.errorf("facility %q: want a new exported Go identifier", f.Name)
			}
			v, err := parseValue(r.get("value"), 11)
			if err != nil {
				return r.errorf("value %q: %v", r.get("value"), err)
			}
			f.Value = int(v)
			switch alias := r.get("alias_of"); {
			case alias == "" && values[f.Value] != "":
				return r.errorf("value %d of %s repeats %s without alias_of", f.Value, f.Name, values[f.Value])
			case alias != "" && values[f.Value] != alias:
				return r.errorf("%s is an alias of %q, which is not the canonical name of %d", f.Name, alias, f.Value)
			case alias == "":
				values[f.Value] = f.Name
			default:
				f.Alias = true
			}
			seen[f.Name] = true
			m.Facilities = append(m.Facilities, f)
		}
	}
	return nil
}

func (m *Model) loadBitLayouts(tables []*table) error {
	for _, t := range tables {
		l := &BitLayout{Type: t.directives["type"], Source: t.directives["source"]}
		if m.Namespace(l.Type) == nil {
			return &Error{t.file, 0, fmt.Sprintf("type %q is not a namespace", l.Type)}
		}
		next := 0
		for _, r := range t.rows {
			b := &BitField{Field: r.get("field"), Method: r.get("go"), Type: r.get("type"), Section: r.get("section"), Summary: r.get("summary")}
			first, last, ok := strings.Cut(r.get("bits"), "-")
			if !ok {
				last = first
			}
			var err1, err2 error
			b.First, err1 = strconv.Atoi(first)
			b.Last, err2 = strconv.Atoi(last)
			if err1 != nil || err2 != nil || b.First != next || b.Last < b.First || b.Last > 31 {
				return r.errorf("bits %q: want the next bits, from %d, in order up to 31", r.get("bits"), next)
			}
			next = b.Last + 1
			if !token.IsIdentifier(b.Method) || !token.IsExported(b.Method) {
				return r.errorf("go %q: want an exported method name", b.Method)
			}
			width := b.Last - b.First + 1
			switch {
			case b.Type == "bool" && width == 1:
			case b.Type == "uint16" && width <= 16:
			case b.Type == "HRESULTFacility" && width <= 16 && len(m.Facilities) > 0:
			default:
				return r.errorf("type %q does not fit %d bits (want bool for one bit, uint16, or HRESULTFacility)", b.Type, width)
			}
			l.Fields = append(l.Fields, b)
		}
		if next != 32 {
			return &Error{t.file, 0, fmt.Sprintf("the fields cover bits 0 to %d, not 0 to 31", next-1)}
		}
		m.BitLayouts = append(m.BitLayouts, l)
	}
	return nil
}

// hresultFile renders HRESULTFacility and the accessors of the bit layouts.
func hresultFile(m *Model) *jen.File {
	f := newFile()
	if len(m.Facilities) > 0 {
		f.Comment("HRESULTFacility is the Facility field of an HRESULT ([MS-ERREF] 2.1).")
		f.Type().Id("HRESULTFacility").Uint16()
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, fa := range m.Facilities {
				doc := fmt.Sprintf("%s is facility %d (%s).", fa.Name, fa.Value, fa.Section)
				if fa.Alias {
					doc = fmt.Sprintf("%s is facility %d, another name for it (%s).", fa.Name, fa.Value, fa.Section)
				}
				g.Comment(doc)
				g.Id(fa.Name).Id("HRESULTFacility").Op("=").Lit(fa.Value)
			}
		})
		f.Comment("String returns the facility's canonical document name, or FACILITY(n) when the table has none.")
		f.Func().Params(jen.Id("f").Id("HRESULTFacility")).Id("String").Params().String().Block(
			jen.Switch(jen.Id("f")).BlockFunc(func(g *jen.Group) {
				for _, fa := range m.Facilities {
					if !fa.Alias {
						g.Case(jen.Id(fa.Name)).Return(jen.Lit(fa.Name))
					}
				}
			}),
			jen.Return(jen.Lit("FACILITY(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("f"))).Op("+").Lit(")")),
		)
	}
	for _, l := range m.BitLayouts {
		for _, b := range l.Fields {
			shift := 31 - b.Last
			mask := uint32(1)<<(b.Last-b.First+1) - 1
			x := jen.Id("uint32").Call(jen.Id("c")).Op(">>").Lit(shift).Op("&").Op(fmt.Sprintf("0x%X", mask))
			doc := fmt.Sprintf("%s returns the %s field of c (%s): %s", b.Method, b.Field, b.Section, b.Summary)
			f.Comment(doc)
			var body jen.Code
			if b.Type == "bool" {
				body = jen.Return(x.Op("!=").Lit(0))
			} else {
				body = jen.Return(jen.Id(b.Type).Call(x))
			}
			f.Func().Params(jen.Id("c").Id(l.Type)).Id(b.Method).Params().Id(b.Type).Block(body)
		}
	}
	return f
}
