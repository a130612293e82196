package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// propertyTypesKind is the table of property data types ([MS-OXCDATA]
// 2.11.1): each type's value and the form its values take in a ROP buffer.
var propertyTypesKind = tableKind{
	name:     "property-types",
	required: []string{"name", "value", "form", "section"},
	optional: []string{"size", "count", "of", "summary"},
	load:     (*Model).loadPropertyTypes,
	emit: func(m *Model, files map[string]*jen.File) error {
		if len(m.PropertyTypes) > 0 {
			files["codec/propertytypes_gen.go"] = propertyTypesFile(m)
		}
		return nil
	},
}

// PropertyTypeGo is the Go type of a property data type, usable as the
// type of a message field (a TypedPropertyValue's PropertyType).
const PropertyTypeGo = "PropertyType"

// PropertyType is one row of the property-types table.
type PropertyType struct {
	Name    string // PtypInteger32
	Value   uint16
	Form    string // one of propertyForms
	Size    int    // bytes of a fixed-size value
	Count   int    // bits of the count of a counted or multiple value
	Of      *PropertyType
	Section string
	Summary string
	row     row
}

// propertyForms are the wire forms the codec's value reader implements
// (codec/propvalue.go), with what each needs from its row: a size, a count
// width, the type of its elements.
var propertyForms = map[string]struct{ size, count, of bool }{
	"int": {size: true}, "float": {size: true}, "currency": {size: true}, "apptime": {size: true},
	"errorcode": {size: true}, "boolean": {size: true}, "filetime": {size: true}, "guid": {size: true},
	"none":    {size: true},
	"utf16z":  {},
	"counted": {count: true}, "multiple": {count: true, of: true}, "ruleaction": {count: true},
	"string8z": {}, "restriction": {}, "unspecified": {}, "object": {},
}

// propertyType returns the property type of that name, or nil.
func (m *Model) propertyType(name string) *PropertyType {
	for _, t := range m.PropertyTypes {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func (m *Model) loadPropertyTypes(tables []*table) error {
	if len(tables) > 1 {
		return &Error{tables[1].file, 0, fmt.Sprintf("a second property-types table (the first is %s)", tables[0].file)}
	}
	for _, t := range tables {
		for _, r := range t.rows {
			pt, err := m.newPropertyType(r)
			if err != nil {
				return err
			}
			m.PropertyTypes = append(m.PropertyTypes, pt)
		}
		// The element type of a multiple type is resolved once all rows are read.
		for _, pt := range m.PropertyTypes {
			if of := pt.row.get("of"); of != "" {
				if pt.Of = m.propertyType(of); pt.Of == nil || pt.Of.Form == "multiple" || pt.Of.Form == "unspecified" {
					return pt.row.errorf("%s: of %q names no single-valued property type", pt.Name, of)
				}
			}
		}
	}
	return nil
}

// newPropertyType reads one row of the property-types table.
func (m *Model) newPropertyType(r row) (*PropertyType, error) {
	pt := &PropertyType{Name: r.get("name"), Form: r.get("form"), Section: r.get("section"), Summary: r.get("summary"), row: r}
	v, err := parseValue(r.get("value"), 16)
	if err != nil {
		return nil, r.errorf("value %q: %v", r.get("value"), err)
	}
	pt.Value = uint16(v)
	switch {
	case !token.IsIdentifier(pt.Name) || !token.IsExported(pt.Name) || m.propertyType(pt.Name) != nil:
		return nil, r.errorf("property type %q is not a new exported Go identifier", pt.Name)
	case slices.ContainsFunc(m.PropertyTypes, func(o *PropertyType) bool { return o.Value == pt.Value }):
		return nil, r.errorf("%s: value 0x%04X is given twice", pt.Name, pt.Value)
	case pt.Section == "":
		return nil, r.errorf("%s: section is empty", pt.Name)
	}
	need, ok := propertyForms[pt.Form]
	if !ok {
		return nil, r.errorf("%s: form %q is none the codec implements", pt.Name, pt.Form)
	}
	if err := pt.readSizes(r, need.size, need.count, need.of); err != nil {
		return nil, err
	}
	return pt, nil
}

// readSizes reads the size, count and of cells, each of which a form either
// needs or must leave empty.
func (pt *PropertyType) readSizes(r row, size, count, of bool) error {
	cells := []struct {
		col  string
		need bool
		dst  *int
		ok   func(int) bool
	}{
		{"size", size, &pt.Size, func(n int) bool { return n == 0 || n == 1 || n == 2 || n == 4 || n == 8 || n == 16 }},
		{"count", count, &pt.Count, func(n int) bool { return n == 16 || n == 32 }},
		{"of", of, nil, nil},
	}
	for _, c := range cells {
		cell := r.get(c.col)
		switch {
		case c.need && cell == "":
			return r.errorf("%s: a %s type needs a %s", pt.Name, pt.Form, c.col)
		case !c.need && cell != "":
			return r.errorf("%s: a %s type has no %s", pt.Name, pt.Form, c.col)
		case c.dst == nil || cell == "":
			continue
		}
		n, err := strconv.Atoi(cell)
		if err != nil || !c.ok(n) {
			return r.errorf("%s: %s %q is no width the codec reads", pt.Name, c.col, cell)
		}
		*c.dst = n
	}
	return nil
}

// propertyTypesFile renders the PropertyType type: a constant per row, String,
// and wire, which tells the codec's value reader the form of each type.
func propertyTypesFile(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	first := m.PropertyTypes[0]
	f.Commentf("%s is the data type of a property value (%s), the low 16 bits of a PropertyTag.", PropertyTypeGo, first.Section)
	f.Type().Id(PropertyTypeGo).Uint16()
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, pt := range m.PropertyTypes {
			doc := fmt.Sprintf("%s is 0x%04X (%s).", pt.Name, pt.Value, pt.Section)
			if pt.Summary != "" {
				doc += " " + pt.Summary
			}
			g.Comment(doc)
			g.Id(pt.Name).Id(PropertyTypeGo).Op("=").Op(fmt.Sprintf("0x%04X", pt.Value))
		}
	})
	f.Commentf("String returns the document's name of t (PtypString), or PropertyType(0x0123)")
	f.Comment("for a value the table of data types does not list.")
	f.Func().Params(jen.Id("t").Id(PropertyTypeGo)).Id("String").Params().String().Block(
		jen.Switch(jen.Id("t")).BlockFunc(func(g *jen.Group) {
			for _, pt := range m.PropertyTypes {
				g.Case(jen.Id(pt.Name)).Return(jen.Lit(pt.Name))
			}
		}),
		jen.Return(jen.Id("unknownPropertyType").Call(jen.Id("t"))),
	)
	f.Comment("wire returns the form of the values of t in a ROP buffer; the zero propertyWire")
	f.Comment("(formUnknown) for a type the table of data types does not list.")
	f.Func().Params(jen.Id("t").Id(PropertyTypeGo)).Id("wire").Params().Id("propertyWire").Block(
		jen.Switch(jen.Id("t")).BlockFunc(func(g *jen.Group) {
			for _, pt := range m.PropertyTypes {
				d := jen.Dict{jen.Id("form"): jen.Id(formConst(pt.Form))}
				if pt.Size > 0 {
					d[jen.Id("size")] = jen.Lit(pt.Size)
				}
				if pt.Count > 0 {
					d[jen.Id("count")] = jen.Lit(pt.Count / 8)
				}
				if pt.Of != nil {
					d[jen.Id("elem")] = jen.Id(pt.Of.Name)
				}
				g.Case(jen.Id(pt.Name)).Return(jen.Id("propertyWire").Values(d))
			}
		}),
		jen.Return(jen.Id("propertyWire").Values()),
	)
	return f
}

// formConst is the codec's constant for a form: formInt, formUTF16Z, ...
func formConst(form string) string {
	switch form {
	case "utf16z":
		return "formUTF16Z"
	case "string8z":
		return "formString8Z"
	}
	return "form" + string(form[0]-'a'+'A') + form[1:]
}
