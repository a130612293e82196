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
// txt is the namespace's text, as buildText lays it out.
func namespaceFile(ns *Namespace, txt *codeText) *jen.File {
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

	f.Commentf("%s holds every name, section, summary and source of the %s table, each string once;", textVar(ns), t)
	f.Commentf("%s and %s locate strings in it by offset and length, so they hold no pointers.", entriesVar(ns), aliasesVar(ns))
	f.Const().Id(textVar(ns)).Op("=").CustomFunc(jen.Options{Separator: " +"}, func(g *jen.Group) {
		for _, p := range txt.pieces {
			g.Line().Lit(p)
		}
		if len(txt.pieces) == 0 {
			g.Lit("")
		}
	})
	f.Commentf("%s holds every %s value, sorted by value: its canonical name, section, summary", entriesVar(ns), t)
	f.Commentf("and source in %s, and where its other names start in %s and how many there are.", textVar(ns), aliasesVar(ns))
	var aliases []jen.Code
	f.Var().Id(entriesVar(ns)).Op("=").Index().Id("codeEntry").CustomFunc(jen.Options{Open: "{", Close: "}", Multi: true}, func(g *jen.Group) {
		for _, v := range ns.Values {
			c := v.Canonical()
			first := 0
			if len(v.Names) > 1 {
				first = len(aliases)
				for _, n := range v.Names[1:] {
					aliases = append(aliases, jen.Values(txt.pos(n.Name)...).Op(",").Comment(n.Name))
				}
			}
			g.Values(hex(v.V), txt.ref(c.Name), txt.ref(c.Section), txt.ref(c.Summary), txt.ref(c.Source),
				jen.Lit(first), jen.Lit(len(v.Names)-1)).Op(",").Comment(c.Name)
		}
	})
	f.Commentf("%s holds the names of each %s value other than its canonical one, in %s.", aliasesVar(ns), t, textVar(ns))
	f.Var().Id(aliasesVar(ns)).Op("=").Index().Id("textRef").CustomFunc(jen.Options{Open: "{", Close: "}", Multi: true}, func(g *jen.Group) {
		for _, a := range aliases {
			g.Add(a)
		}
	})
	f.Commentf("%s indexes %s by value.", tableVar(ns), entriesVar(ns))
	f.Var().Id(tableVar(ns)).Op("=").Id("newCodeTable").Call(jen.Id(nsConst(ns)), jen.Id(textVar(ns)), jen.Id(entriesVar(ns)), jen.Id(aliasesVar(ns)))

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
		key string
		n   *Name
		ns  int
	}
	var entries []entry
	for i, ns := range m.Namespaces {
		for _, v := range ns.Values {
			for _, n := range v.Names {
				entries = append(entries, entry{lowerASCII(n.Name), n, i})
			}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.ns, b.ns))
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

// lowerASCII returns s with its ASCII capitals in lower case and every other
// byte as it is: the order of errors.compareFold, which LookupName searches
// by, and the stem of a generated file's name (ldapresult_gen.go).
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// textVar is the Go name of a namespace's text constant (ecText).
func textVar(ns *Namespace) string { return lowerLead(ns.Type) + "Text" }

// entriesVar is the Go name of a namespace's entry table (ecEntries).
func entriesVar(ns *Namespace) string { return lowerLead(ns.Type) + "Entries" }

// aliasesVar is the Go name of a namespace's table of other names (ecAliases).
func aliasesVar(ns *Namespace) string { return lowerLead(ns.Type) + "Aliases" }

// Limits of the runtime's pointer-free tables (errors/table.go): a textRef
// holds a uint32 offset and a uint16 length, a codeEntry the index of its
// first alias as a uint16 and their number as a uint8.
const (
	maxTextLen    = 1<<32 - 1
	maxStringLen  = 1<<16 - 1
	maxAliasIndex = 1<<16 - 1
	maxAliases    = 1<<8 - 1
)

// codeText is the text constant of one namespace: every name, section,
// summary and source of its values, each distinct string once, and where
// each string sits in it.
type codeText struct {
	// pieces are the literals the constant is written as, one per value
	// that adds strings to the text: the strings it adds.
	pieces []string
	len    int
	at     map[string]int // offset of each string in the text
}

// buildText lays out the text of a namespace, value by value: the names,
// then the section, summary and source of the canonical name, then the
// sections of the other names, each string only where it first occurs. It
// fails when a string, the text or the alias table does not fit the
// integers of the runtime's tables.
func buildText(ns *Namespace) (*codeText, error) {
	txt := &codeText{at: map[string]int{}}
	aliases := 0
	for _, v := range ns.Values {
		var piece strings.Builder
		add := func(n *Name, what, s string) error {
			if s == "" {
				return nil
			}
			if len(s) > maxStringLen {
				return n.row.errorf("%s of %s is %d bytes long; the generated %s table holds strings of at most %d bytes", what, n.Name, len(s), ns.Type, maxStringLen)
			}
			if _, ok := txt.at[s]; ok {
				return nil
			}
			if int64(txt.len+piece.Len()+len(s)) > maxTextLen {
				return n.row.errorf("the text of the %s table passes %d bytes at %s of %s; the generated table cannot locate it", ns.Type, maxTextLen, what, n.Name)
			}
			txt.at[s] = txt.len + piece.Len()
			piece.WriteString(s)
			return nil
		}
		c := v.Canonical()
		if n := len(v.Names) - 1; n > 0 {
			if n > maxAliases {
				return nil, c.row.errorf("%s has %d other names; the generated %s table holds at most %d per value", c.Name, n, ns.Type, maxAliases)
			}
			if aliases > maxAliasIndex {
				return nil, c.row.errorf("the other names of %s start at index %d of the %s alias table, past the %d the generated table can hold", c.Name, aliases, ns.Type, maxAliasIndex)
			}
			aliases += n
		}
		for _, n := range v.Names {
			if err := add(n, "name", n.Name); err != nil {
				return nil, err
			}
		}
		for _, s := range []struct{ what, s string }{{"section", c.Section}, {"summary", c.Summary}, {"source", c.Source}} {
			if err := add(c, s.what, s.s); err != nil {
				return nil, err
			}
		}
		for _, n := range v.Names[1:] {
			if err := add(n, "section", n.Section); err != nil {
				return nil, err
			}
		}
		if piece.Len() > 0 {
			txt.pieces = append(txt.pieces, piece.String())
			txt.len += piece.Len()
		}
	}
	return txt, nil
}

// ref renders the textRef of s, which buildText has put in the text; the
// empty string is the zero textRef.
func (txt *codeText) ref(s string) *jen.Statement { return jen.Id("textRef").Values(txt.pos(s)...) }

// pos renders the offset and the length of s in the text, or nothing for the
// empty string.
func (txt *codeText) pos(s string) []jen.Code {
	if s == "" {
		return nil
	}
	off, ok := txt.at[s]
	if !ok {
		panic(fmt.Sprintf("gen: %q is not in the text", s)) // buildText adds every string the tables refer to
	}
	return []jen.Code{jen.Lit(off), jen.Lit(len(s))}
}

// codesFiles renders the generated files of the code tables: one per
// namespace and the index of every name.
func codesFiles(m *Model, files map[string]*jen.File) error {
	texts := map[*Namespace]*codeText{}
	for _, ns := range m.Namespaces {
		txt, err := buildText(ns)
		if err != nil {
			return err
		}
		texts[ns] = txt
		files["errors/"+lowerASCII(ns.Type)+"_gen.go"] = namespaceFile(ns, txt)
	}
	files["errors/namespace_gen.go"] = indexFile(m, texts)
	return nil
}
