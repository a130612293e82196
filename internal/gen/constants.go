package gen

import (
	"fmt"
	"go/token"

	"github.com/dave/jennifer/jen"
)

// constantsKind is a table of protocol constants, generated into the package
// its package directive names (codec by default).
var constantsKind = tableKind{
	name:     "constants",
	required: []string{"name", "type", "value", "section"},
	optional: []string{"summary"},
	load:     (*Model).loadConstants,
	emit:     constantsFiles,
}

// Constant is a protocol constant the codec uses, such as the XorMagic byte.
type Constant struct {
	Name, Type, Section, Summary string
	Package                      string // package the constant is generated in; codec when empty
	Value                        uint64
	Bytes                        []byte // a GUID constant, in wire order
	Text                         string // a string constant (type string)
	IsText                       bool
}

// constant returns the constant of that name, or nil.
func (m *Model) constant(name string) *Constant {
	for _, c := range m.Constants {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (m *Model) loadConstants(tables []*table) error {
	for _, t := range tables {
		for _, r := range t.rows {
			c := &Constant{Name: r.get("name"), Type: r.get("type"), Section: r.get("section"), Summary: r.get("summary"), Package: t.directives["package"]}
			if c.Package != "" && !token.IsIdentifier(c.Package) {
				return &Error{t.file, 0, fmt.Sprintf("package %q is not a Go package name", c.Package)}
			}
			if !token.IsIdentifier(c.Name) || !token.IsExported(c.Name) || m.constant(c.Name) != nil {
				return r.errorf("constant %q is not a new exported Go identifier", c.Name)
			}
			if c.Type == "string" {
				c.Text, c.IsText = r.get("value"), true
				if c.Text == "" {
					return r.errorf("constant %s: a string constant needs a value", c.Name)
				}
				m.Constants = append(m.Constants, c)
				continue
			}
			if c.Type == "guid" {
				b, err := parseHexBytes(r.get("value"))
				if err != nil || len(b) != 16 {
					return r.errorf("value %q: want a GUID as 16 bytes in hex, in wire order", r.get("value"))
				}
				c.Bytes = b
				m.Constants = append(m.Constants, c)
				continue
			}
			w, ok := intWidths[c.Type]
			if !ok {
				return r.errorf("type %q: want u8, u16, u32, u64, guid or string", c.Type)
			}
			v, err := parseValue(r.get("value"), 8*w)
			if err != nil {
				return r.errorf("value %q: %v", r.get("value"), err)
			}
			c.Value = uint64(v)
			m.Constants = append(m.Constants, c)
		}
	}
	return nil
}

// constantsFiles renders the constants of each package into its
// constants_gen.go.
func constantsFiles(m *Model, files map[string]*jen.File) error {
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
	return nil
}

// constantsFile renders the constants of one package: GUIDs as variables,
// integers as typed constants.
func constantsFile(pkg string, cs []*Constant) *jen.File {
	f := newPackageFile(ModulePath+"/"+pkg, pkg)
	var guids, ints, texts []*Constant
	for _, c := range cs {
		switch {
		case c.IsText:
			texts = append(texts, c)
		case c.Bytes != nil:
			guids = append(guids, c)
		default:
			ints = append(ints, c)
		}
	}
	if len(guids) > 0 {
		f.Var().DefsFunc(func(g *jen.Group) {
			for _, c := range guids {
				g.Comment(fmt.Sprintf("%s is a GUID (%s). %s", c.Name, c.Section, c.Summary))
				g.Id(c.Name).Op("=").Id("GUID").Values(byteLits(c.Bytes)...)
			}
		})
	}
	// consts renders one const block; value gives a constant's shown value
	// (for its doc) and the Go code after its name.
	consts := func(cs []*Constant, value func(c *Constant) (string, jen.Code)) {
		if len(cs) == 0 {
			return
		}
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, c := range cs {
				shown, code := value(c)
				doc := fmt.Sprintf("%s is %s (%s).", c.Name, shown, c.Section)
				if c.Summary != "" {
					doc += " " + c.Summary
				}
				g.Comment(doc)
				g.Id(c.Name).Add(code)
			}
		})
	}
	consts(texts, func(c *Constant) (string, jen.Code) {
		return fmt.Sprintf("%q", c.Text), jen.Op("=").Lit(c.Text)
	})
	consts(ints, func(c *Constant) (string, jen.Code) {
		v := fmt.Sprintf("0x%X", c.Value)
		return v, jen.Add(intType(intWidths[c.Type])).Op("=").Op(v)
	})
	return f
}
