package gen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// hex renders a value as a Go hexadecimal literal of eight digits.
func hex(v uint32) jen.Code { return jen.Op(fmt.Sprintf("0x%08X", v)) }

// nsConst is the Go name of a namespace's Namespace constant.
func nsConst(ns *Namespace) string { return "Namespace" + ns.Type }

// tableVar is the Go name of a namespace's code table variable (ecTable,
// win32Table, ldapResultTable).
func tableVar(ns *Namespace) string { return lowerLead(ns.Type) + "Table" }

// lowerLead puts the leading capitals of an exported name in lower case, as
// Go style writes acronyms: EC -> ec, LDAPResult -> ldapResult, Essdn -> essdn.
func lowerLead(t string) string {
	n := 0
	for n < len(t) && 'A' <= t[n] && t[n] <= 'Z' {
		n++
	}
	if n > 1 && n < len(t) && 'a' <= t[n] && t[n] <= 'z' {
		n-- // the last capital starts the next word: LDAPResult -> ldapResult
	}
	return strings.ToLower(t[:n]) + t[n:]
}

// reservedIdentifiers are the package-level names of the errors package
// that are not code constants; a code whose Go name equals one is rejected.
func reservedIdentifiers(m *Model) []string {
	ids := []string{
		"Namespace", "Namespaces", "Code", "Match", "LookupName",
		"LogonAction", "LogonActionFor",
		"ShouldReconnectCMRP", "CMRPReconnectCode", "CMRPReconnectCodes",
		"CMRPMethod", "CMRPReconnectMethods", "IsReconnectEligibleCMRP", "IsReconnectEligibleCMRPOpnum",
		"HRESULTFacility", "HRESULTFromWin32",
	}
	for _, ns := range m.Namespaces {
		ids = append(ids, ns.Type, nsConst(ns))
	}
	return ids
}

// constDoc is the doc comment of one code constant.
func constDoc(n *Name) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is %s", n.Go, n.Name)
	if n.Alias {
		fmt.Fprintf(&b, ", another name for %s", n.Value.Canonical().Name)
	}
	fmt.Fprintf(&b, " (%s 0x%08X), %s", n.ns.Type, n.Value.V, n.Section)
	if n.Source != "" {
		fmt.Fprintf(&b, "; value from %s", n.Source)
	}
	b.WriteString(".")
	if s := n.Summary; s != "" {
		b.WriteString(" " + s)
		if !strings.HasSuffix(s, ".") {
			b.WriteString(".")
		}
	}
	return b.String()
}

// namespaceFile renders one namespace: its type, a constant per document
// name, the sorted table that String, Error and Names search, and methods.
func namespaceFile(ns *Namespace) *jen.File {
	f := newFile()
	t := ns.Type
	f.Commentf("%s is a code of the %s namespace (%s).", t, t, ns.Section)
	if ns.Summary != "" {
		f.Comment(ns.Summary)
	}
	f.Comment("It implements error; String gives the canonical document name.")
	f.Type().Id(t).Uint32()

	f.Const().DefsFunc(func(g *jen.Group) {
		for _, v := range ns.Values {
			for _, n := range v.Names {
				if n.Go == "" {
					continue
				}
				g.Comment(constDoc(n))
				g.Id(n.Go).Id(t).Op("=").Add(hex(v.V))
			}
		}
	})

	f.Commentf("%s holds every %s value with its names, sorted by value.", tableVar(ns), t)
	f.Var().Id(tableVar(ns)).Op("=").Id("newCodeTable").Call(jen.Id(nsConst(ns)), jen.Index().Id("codeEntry").ValuesFunc(func(g *jen.Group) {
		for _, v := range ns.Values {
			names := make([]jen.Code, len(v.Names))
			for i, n := range v.Names {
				names[i] = jen.Lit(n.Name)
			}
			c := v.Canonical()
			g.Line().Values(hex(v.V), jen.Index().String().Values(names...), jen.Lit(c.Section), jen.Lit(c.Summary), jen.Lit(c.Source))
		}
		g.Line()
	}))

	recv := func() *jen.Statement { return jen.Func().Params(jen.Id("c").Id(t)) }
	arg := jen.Id("uint32").Call(jen.Id("c"))
	f.Commentf("String returns the canonical document name of c, or %s(0x%%08X) when c is not in the table.", t)
	f.Add(recv().Id("String").Params().String().Block(jen.Return(jen.Id(tableVar(ns)).Dot("name").Call(arg))))
	f.Comment("Error names the code and gives its value.")
	f.Add(recv().Id("Error").Params().String().Block(jen.Return(jen.Id(tableVar(ns)).Dot("errorText").Call(arg))))
	f.Comment("Names returns every document name of c, canonical first, or nil when c is unknown.")
	f.Add(recv().Id("Names").Params().Index().String().Block(jen.Return(jen.Id(tableVar(ns)).Dot("names").Call(arg))))
	f.Comment("Code returns c with its namespace, for namespace-independent handling.")
	f.Add(recv().Id("Code").Params().Id("Code").Block(jen.Return(jen.Id("Code").Values(jen.Id(nsConst(ns)), arg))))

	if hasWin32Mapping(ns) {
		f.Commentf("Win32 returns the Win32 code that %s maps c to, and false when it maps to none.", ns.Section)
		f.Add(recv().Id("Win32").Params().Params(jen.Id("Win32"), jen.Bool()).Block(
			jen.Switch(jen.Id("c")).BlockFunc(func(g *jen.Group) {
				for _, v := range ns.Values {
					if w := v.Canonical().Win32; w != nil {
						g.Case(codeRef(v.Canonical())).Return(codeRef(w), jen.True())
					}
				}
			}),
			jen.Return(jen.Lit(0), jen.False()),
		))
	}
	return f
}

func hasWin32Mapping(ns *Namespace) bool {
	for _, v := range ns.Values {
		if v.Canonical().Win32 != nil {
			return true
		}
	}
	return false
}

// indexFile renders the Namespace type and the case-insensitive index of
// every name of every namespace.
func indexFile(m *Model) *jen.File {
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
		key string
		n   *Name
		ns  int
	}
	var entries []entry
	for i, ns := range m.Namespaces {
		for _, v := range ns.Values {
			for _, n := range v.Names {
				entries = append(entries, entry{strings.ToLower(n.Name), n, i})
			}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.ns, b.ns))
	})
	f.Comment("nameIndex holds every name of every namespace, sorted by its lower-case form.")
	f.Var().Id("nameIndex").Op("=").Index().Id("nameEntry").ValuesFunc(func(g *jen.Group) {
		for _, e := range entries {
			g.Line().Values(jen.Lit(e.key), jen.Id("Match").Values(jen.Dict{
				jen.Id("Name"):    jen.Lit(e.n.Name),
				jen.Id("Code"):    jen.Id("Code").Values(jen.Id(nsConst(e.n.ns)), hex(e.n.Value.V)),
				jen.Id("Alias"):   jen.Lit(e.n.Alias),
				jen.Id("Section"): jen.Lit(e.n.Section),
			}))
		}
		g.Line()
	})
	return f
}
