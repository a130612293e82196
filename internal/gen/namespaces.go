package gen

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// namespacesKind is the table of namespaces ([MS-ERREF] Win32, [MS-OXCDATA]
// EC, ...): one Go type each. The codes kind renders the index of them.
var namespacesKind = tableKind{
	name:     "namespaces",
	required: []string{"namespace", "bits", "section"},
	optional: []string{"summary"},
	load:     (*Model).loadNamespaces,
}

// Namespace is one code space with its own Go type ([MS-ERREF] 2.2 Win32
// codes, [MS-OXCDATA] 2.4 EC codes, ...).
type Namespace struct {
	Type    string // Go type name, also the namespace's name
	Bits    int    // values must fit in this many bits
	Section string
	Summary string
	Values  []*Value // ascending
	byFold  map[string]*Name
}

// Namespace returns the namespace with the given type name, or nil.
func (m *Model) Namespace(name string) *Namespace {
	for _, ns := range m.Namespaces {
		if ns.Type == name {
			return ns
		}
	}
	return nil
}

// Lookup finds a name, case-insensitively.
func (ns *Namespace) Lookup(name string) *Name { return ns.byFold[strings.ToLower(name)] }

func (m *Model) loadNamespaces(tables []*table) error {
	if len(tables) != 1 {
		return &Error{"spec", 0, fmt.Sprintf("want exactly one namespaces table, have %d", len(tables))}
	}
	for _, r := range tables[0].rows {
		name := r.get("namespace")
		if !token.IsIdentifier(name) || !token.IsExported(name) {
			return r.errorf("namespace %q is not an exported Go identifier", name)
		}
		if m.Namespace(name) != nil {
			return r.errorf("duplicate namespace %q", name)
		}
		b, err := strconv.Atoi(r.get("bits"))
		if err != nil || b < 1 || b > 32 {
			return r.errorf("bits %q: want a number from 1 to 32", r.get("bits"))
		}
		m.Namespaces = append(m.Namespaces, &Namespace{
			Type: name, Bits: b, Section: r.get("section"), Summary: r.get("summary"),
			byFold: map[string]*Name{},
		})
	}
	return nil
}

// nsConst is the Go name of a namespace's Namespace constant.
func nsConst(ns *Namespace) string { return "Namespace" + ns.Type }

// indexFile renders the Namespace type and the case-insensitive index of
// every name of every namespace, whose texts are in texts.
func indexFile(m *Model, texts map[*Namespace]*codeText) *jen.File {
	f := newFile()
	f.Comment("Namespace identifies a code space; the same number means different things in different namespaces.")
	f.Type().Id("Namespace").Uint8()
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, ns := range m.Namespaces {
			g.Commentf("%s is the namespace of %s codes (%s).", nsConst(ns), ns.Type, ns.Section)
			g.Id(nsConst(ns)).Id("Namespace").Op("=").Lit(i + 1)
		}
	})
	f.Comment("Namespaces lists every namespace in a fixed order.")
	f.Func().Id("Namespaces").Params().Index().Id("Namespace").Block(jen.Return(jen.Index().Id("Namespace").ValuesFunc(func(g *jen.Group) {
		for _, ns := range m.Namespaces {
			g.Id(nsConst(ns))
		}
	})))
	f.Comment("String returns the namespace's Go type name.")
	f.Func().Params(jen.Id("n").Id("Namespace")).Id("String").Params().String().Block(
		jen.Switch(jen.Id("n")).BlockFunc(func(g *jen.Group) {
			for _, ns := range m.Namespaces {
				g.Case(jen.Id(nsConst(ns))).Return(jen.Lit(ns.Type))
			}
		}),
		jen.Return(jen.Lit("Namespace(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("n"))).Op("+").Lit(")")),
	)
	f.Comment("table returns the code table of n, or nil for an unknown namespace.")
	f.Func().Params(jen.Id("n").Id("Namespace")).Id("table").Params().Op("*").Id("codeTable").Block(
		jen.Switch(jen.Id("n")).BlockFunc(func(g *jen.Group) {
			for _, ns := range m.Namespaces {
				g.Case(jen.Id(nsConst(ns))).Return(jen.Op("&").Id(tableVar(ns)))
			}
		}),
		jen.Return(jen.Nil()),
	)
	f.Comment("Err returns c as a value of its namespace's type, or nil for an unknown namespace.")
	f.Func().Params(jen.Id("c").Id("Code")).Id("Err").Params().Error().Block(
		jen.Switch(jen.Id("c").Dot("Namespace")).BlockFunc(func(g *jen.Group) {
			for _, ns := range m.Namespaces {
				g.Case(jen.Id(nsConst(ns))).Return(jen.Id(ns.Type).Call(jen.Id("c").Dot("Value")))
			}
		}),
		jen.Return(jen.Nil()),
	)

	type entry struct {
		n  *Name
		ns int
	}
	var entries []entry
	for i, ns := range m.Namespaces {
		for _, v := range ns.Values {
			for _, n := range v.Names {
				entries = append(entries, entry{n, i})
			}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		// errors.LookupName searches by the same ascii.CompareFold.
		return cmp.Or(ascii.CompareFold(a.n.Name, b.n.Name), cmp.Compare(a.ns, b.ns))
	})
	f.Comment("nameIndex holds every name of every namespace, sorted by its form with ASCII letters in lower")
	f.Comment("case: its namespace, whether it is an alias, its value, and the name and its section in the")
	f.Comment("namespace's text. It holds no pointers.")
	f.Var().Id("nameIndex").Op("=").Index().Id("nameEntry").CustomFunc(jen.Options{Open: "{", Close: "}", Multi: true}, func(g *jen.Group) {
		for _, e := range entries {
			txt := texts[e.n.ns]
			g.Values(jen.Id(nsConst(e.n.ns)), jen.Lit(e.n.Alias), hex(e.n.Value.V), txt.ref(e.n.Name), txt.ref(e.n.Section)).Op(",").Comment(e.n.Name)
		}
	})
	return f
}
