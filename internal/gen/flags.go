package gen

import (
	"cmp"
	"fmt"
	"go/token"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// flagsKind is a table of the bits of one flag field.
var flagsKind = tableKind{
	name:     "flags",
	required: []string{"name", "value", "section"},
	optional: []string{"go", "summary"},
	load:     (*Model).loadFlags,
	emit: func(m *Model, files map[string]*jen.File) error {
		if len(m.Flags) > 0 {
			files["codec/flags_gen.go"] = flagsFile(m)
		}
		return nil
	},
}

// FlagType is a bit-flag field of a ROP, such as the LogonFlags of RopLogon.
type FlagType struct {
	Type    string // Go type name
	Bits    int    // 8, 16 or 32
	Prefix  string // prefix of the constants' Go names
	Source  string
	Flags   []*Flag // ascending by bit
	Defined uint32  // every bit the table names
}

// Flag is one named bit of a FlagType.
type Flag struct {
	Name    string // document name
	Go      string // constant name, prefix included
	Value   uint32
	Section string
	Summary string
}

func (m *Model) flagType(name string) *FlagType {
	for _, ft := range m.Flags {
		if ft.Type == name {
			return ft
		}
	}
	return nil
}

func (ft *FlagType) byName(name string) *Flag {
	for _, f := range ft.Flags {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (m *Model) loadFlags(tables []*table) error {
	for _, t := range tables {
		ft := &FlagType{Type: t.directives["type"], Prefix: t.directives["prefix"], Source: t.directives["source"]}
		if !token.IsIdentifier(ft.Type) || !token.IsExported(ft.Type) {
			return &Error{t.file, 0, fmt.Sprintf("type %q: want an exported Go identifier in a '# type:' directive", ft.Type)}
		}
		if !token.IsIdentifier(ft.Prefix) || !token.IsExported(ft.Prefix) {
			return &Error{t.file, 0, fmt.Sprintf("prefix %q: want an exported Go identifier in a '# prefix:' directive", ft.Prefix)}
		}
		var err error
		switch ft.Bits, err = strconv.Atoi(t.directives["bits"]); {
		case err != nil, ft.Bits != 8 && ft.Bits != 16 && ft.Bits != 32:
			return &Error{t.file, 0, fmt.Sprintf("bits %q: want 8, 16 or 32 in a '# bits:' directive", t.directives["bits"])}
		}
		for _, prev := range m.Flags {
			if prev.Type == ft.Type {
				return &Error{t.file, 0, fmt.Sprintf("flag type %s is defined twice", ft.Type)}
			}
		}
		if len(t.rows) == 0 {
			return &Error{t.file, 0, "a flags table needs at least one row"}
		}
		seen := map[string]bool{}
		for _, r := range t.rows {
			v, err := parseValue(r.get("value"), ft.Bits)
			if err != nil {
				return r.errorf("value %q: %v", r.get("value"), err)
			}
			if bits.OnesCount32(v) != 1 {
				return r.errorf("value %q: a flag is a single bit", r.get("value"))
			}
			if ft.Defined&v != 0 {
				return r.errorf("bit 0x%X is named twice", v)
			}
			f := &Flag{Name: r.get("name"), Value: v, Section: r.get("section"), Summary: r.get("summary")}
			suffix := r.get("go")
			if suffix == "" {
				suffix = camel(f.Name)
			}
			f.Go = ft.Prefix + suffix
			if !token.IsIdentifier(f.Go) || seen[f.Go] {
				return r.errorf("flag %s: Go name %q is not a new identifier; set the go column", f.Name, f.Go)
			}
			if f.Section == "" {
				return r.errorf("%s: section is empty", f.Name)
			}
			seen[f.Go] = true
			ft.Defined |= v
			ft.Flags = append(ft.Flags, f)
		}
		slices.SortFunc(ft.Flags, func(a, b *Flag) int { return cmp.Compare(a.Value, b.Value) })
		m.Flags = append(m.Flags, ft)
	}
	return nil
}

// camel turns a document flag name into the CamelCase part of its Go name:
// a name in capitals with underscores becomes one capitalised word per part
// (USE_ADMIN_PRIVILEGE -> UseAdminPrivilege); a name with lower-case letters
// is already CamelCase and stays as written.
func camel(name string) string {
	if strings.ToUpper(name) != name {
		return name
	}
	var b strings.Builder
	for _, part := range strings.Split(name, "_") {
		if part == "" {
			continue
		}
		b.WriteString(part[:1])
		b.WriteString(strings.ToLower(part[1:]))
	}
	return b.String()
}

// flagsFile renders every flag type into package codec: the type, a constant
// per bit, String in document names, and Undefined for validation.
func flagsFile(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	for _, ft := range m.Flags {
		goType := map[int]string{8: "uint8", 16: "uint16", 32: "uint32"}[ft.Bits]
		names := lowerLead(ft.Type) + "Names"
		section := ft.Flags[0].Section
		f.Commentf("%s is a bit-flag field of %d bits (%s).", ft.Type, ft.Bits, section)
		f.Type().Id(ft.Type).Id(goType)
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, fl := range ft.Flags {
				doc := fmt.Sprintf("%s is %s (0x%X), %s.", fl.Go, fl.Name, fl.Value, fl.Section)
				if fl.Summary != "" {
					doc += " " + fl.Summary
				}
				g.Comment(doc)
				g.Id(fl.Go).Id(ft.Type).Op("=").Op(fmt.Sprintf("0x%0*X", ft.Bits/4, fl.Value))
			}
		})
		f.Commentf("%s maps each named bit of %s to its document name, in ascending bit order.", names, ft.Type)
		f.Var().Id(names).Op("=").Index().Id("flagName").ValuesFunc(func(g *jen.Group) {
			for _, fl := range ft.Flags {
				g.Line().Values(jen.Uint32().Call(jen.Id(fl.Go)), jen.Lit(fl.Name))
			}
			g.Line()
		})
		recv := jen.Id("f").Id(ft.Type)
		f.Comment("String lists the document names of the bits that are set, in ascending bit")
		f.Comment("order joined by |, then any bits the table does not name in hex; 0 prints as 0.")
		f.Func().Params(recv).Id("String").Params().String().Block(
			jen.Return(jen.Id("flagString").Call(jen.Uint32().Call(jen.Id("f")), jen.Id(names))),
		)
		f.Commentf("Undefined returns the bits of f that %s does not define.", section)
		f.Func().Params(jen.Id("f").Id(ft.Type)).Id("Undefined").Params().Id(ft.Type).Block(
			jen.Return(jen.Id("f").Op("&^").Op(fmt.Sprintf("0x%0*X", ft.Bits/4, ft.Defined))),
		)
	}
	return f
}
