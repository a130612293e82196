package gen

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// codesKind is a table of codes of one namespace: its names and values.
var codesKind = tableKind{
	name:     "codes",
	required: []string{"name", "value", "section"},
	optional: []string{"alias_of", "go", "source", "summary", "win32"},
	load:     (*Model).loadCodes,
	emit:     codesFiles,
}

// Value is one number of a namespace with all its names, canonical first.
type Value struct {
	V     uint32
	Names []*Name
}

// Canonical is the value's canonical name.
func (v *Value) Canonical() *Name { return v.Names[0] }

// Name is one document name of a value.
type Name struct {
	Name    string
	Go      string // Go constant name; "" when the name has no constant
	Alias   bool
	Section string
	Source  string // secondary source of the value; "" when read in Section
	Summary string
	Win32   *Name // LDAP only: the Win32 code this result maps to
	Value   *Value
	ns      *Namespace
	row     row
}

// maxValues is the most values one namespace may have: the runtime's hash
// index stores entry positions as uint16, with 0 meaning an empty slot.
const maxValues = 1<<16 - 2

// loadCodes reads the code tables in two passes, canonical rows first, so
// that an alias may name a canonical row of another file of its namespace.
func (m *Model) loadCodes(tables []*table) error {
	values := map[*Namespace]map[uint32]*Value{}
	goNames := map[string]string{} // Go identifier -> where it was first used
	for _, id := range reservedIdentifiers(m) {
		goNames[id] = "the generated API"
	}
	for pass := 0; pass < 2; pass++ {
		for _, t := range tables {
			ns := m.Namespace(t.directives["namespace"])
			if ns == nil {
				return &Error{t.file, 0, fmt.Sprintf("unknown namespace %q", t.directives["namespace"])}
			}
			if values[ns] == nil {
				values[ns] = map[uint32]*Value{}
			}
			for _, r := range t.rows {
				alias := r.get("alias_of")
				if (pass == 0) != (alias == "") {
					continue
				}
				if err := m.addName(ns, values[ns], goNames, r); err != nil {
					return err
				}
			}
		}
	}
	for _, ns := range m.Namespaces {
		for _, v := range values[ns] {
			ns.Values = append(ns.Values, v)
		}
		slices.SortFunc(ns.Values, func(a, b *Value) int { return cmp.Compare(a.V, b.V) })
		if len(ns.Values) > maxValues {
			return &Error{"spec", 0, fmt.Sprintf("%s has %d values; the generated index holds at most %d", ns.Type, len(ns.Values), maxValues)}
		}
	}
	return m.linkWin32()
}

func (m *Model) addName(ns *Namespace, values map[uint32]*Value, goNames map[string]string, r row) error {
	name := r.get("name")
	if name == "" || strings.ContainsFunc(name, func(c rune) bool { return c <= ' ' || c > '~' || c == '"' || c == '\\' }) {
		return r.errorf("name %q: want a single word of printable ASCII", name)
	}
	if prev := ns.byFold[strings.ToLower(name)]; prev != nil {
		return r.errorf("duplicate name %q in %s (first at %s; names compare case-insensitively)", name, ns.Type, prev.row.where())
	}
	v, err := parseValue(r.get("value"), ns.Bits)
	if err != nil {
		return r.errorf("value %q: %v", r.get("value"), err)
	}
	n := &Name{
		Name: name, Section: r.get("section"), Source: r.get("source"), Summary: r.get("summary"),
		ns: ns, row: r,
	}
	if n.Section == "" {
		return r.errorf("%s: section is empty; every row names its document and section", name)
	}
	if n.Go, err = goIdentifier(name, r.get("go")); err != nil {
		return r.errorf("%s: %v", name, err)
	}
	if n.Go != "" {
		if where, taken := goNames[n.Go]; taken {
			return r.errorf("Go identifier %s of %s %s is already used by %s; set the go column to disambiguate", n.Go, ns.Type, name, where)
		}
		goNames[n.Go] = fmt.Sprintf("%s %s (%s)", ns.Type, name, r.where())
	}
	if aliasOf := r.get("alias_of"); aliasOf != "" {
		canon := ns.byFold[strings.ToLower(aliasOf)]
		switch {
		case canon == nil:
			return r.errorf("%s is an alias of %q, which is not a name in %s", name, aliasOf, ns.Type)
		case canon.Alias:
			return r.errorf("%s is an alias of %s, which is itself an alias; name the canonical %s", name, aliasOf, canon.Value.Canonical().Name)
		case canon.Value.V != v:
			return r.errorf("%s (0x%08X) is an alias of %s, which has value 0x%08X", name, v, aliasOf, canon.Value.V)
		}
		n.Alias, n.Value = true, canon.Value
	} else {
		if prev := values[v]; prev != nil {
			return r.errorf("value 0x%08X of %s repeats %s (%s) without alias_of", v, name, prev.Canonical().Name, prev.Canonical().row.where())
		}
		n.Value = &Value{V: v}
		values[v] = n.Value
	}
	n.Value.Names = append(n.Value.Names, n)
	ns.byFold[strings.ToLower(name)] = n
	return nil
}

// linkWin32 resolves the win32 column of code rows against the Win32 namespace.
func (m *Model) linkWin32() error {
	win32 := m.Namespace("Win32")
	for _, ns := range m.Namespaces {
		for _, v := range ns.Values {
			for _, n := range v.Names {
				target := n.row.get("win32")
				if target == "" {
					continue
				}
				if win32 == nil || win32.Lookup(target) == nil {
					return n.row.errorf("%s maps to Win32 %q, which is not a Win32 name", n.Name, target)
				}
				if n.Alias {
					return n.row.errorf("%s: give the win32 mapping on the canonical row", n.Name)
				}
				n.Win32 = win32.Lookup(target)
			}
		}
	}
	return nil
}

// goIdentifier applies the project's naming rule for codes: a name starting with
// "ec" becomes "Ec" + the rest; other names stay as written. A go cell
// overrides the rule; "-" means the name gets no constant.
func goIdentifier(name, cell string) (string, error) {
	if cell == "-" {
		return "", nil
	}
	id := cell
	if id == "" {
		id = name
		if rest, ok := strings.CutPrefix(name, "ec"); ok && rest != "" {
			id = "Ec" + rest
		}
	}
	if !token.IsIdentifier(id) || !token.IsExported(id) {
		if cell != "" {
			return "", fmt.Errorf("go column %q is not an exported Go identifier", cell)
		}
		return "", fmt.Errorf("%q is not an exported Go identifier; set the go column to one, or to - for no constant", id)
	}
	return id, nil
}

// hex renders a value as a Go hexadecimal literal of eight digits.
func hex(v uint32) jen.Code { return jen.Op(fmt.Sprintf("0x%08X", v)) }

// tableVar is the Go name of a namespace's code table variable (ecTable,
// win32Table, ldapResultTable).
func tableVar(ns *Namespace) string { return lowerLead(ns.Type) + "Table" }

// reservedIdentifiers are the package-level names of the errors package
// that are not code constants; a code whose Go name equals one is rejected.
func reservedIdentifiers(m *Model) []string {
	ids := []string{
		"Namespace", "Namespaces", "Code", "Match", "LookupName",
		"LogonAction", "LogonActionFor",
		"ShouldReconnectCMRP", "CMRPReconnectCode", "CMRPReconnectCodes",
		"CMRPMethod", "CMRPReconnectMethods", "IsReconnectEligibleCMRP", "IsReconnectEligibleCMRPOpnum",
		"HRESULTFacility", "HRESULTFromWin32", "HRESULTFromNT",
		"Is", "As", "Unwrap", "Join", "New", // errors/std.go
	}
	for _, ns := range m.Namespaces {
		ids = append(ids, ns.Type, nsConst(ns))
	}
	return ids
}

// constDoc is the doc comment of one code constant. It does not restate the
// name: it gives the table's summary where the row has one, and the value and
// the section it was read from in any case ("ERROR_SUCCESS is Win32
// 0x00000000, [MS-ERREF] 2.2."). The document's name follows the Go name when
// the two differ.
func constDoc(n *Name) string {
	var b strings.Builder
	b.WriteString(n.Go)
	if n.Name != n.Go {
		fmt.Fprintf(&b, " (%s)", n.Name)
	}
	what := fmt.Sprintf("%s 0x%08X", n.ns.Type, n.Value.V)
	switch {
	case n.Alias:
		fmt.Fprintf(&b, " is another name for %s (%s), %s.", n.Value.Canonical().Name, what, n.Section)
		if n.Summary != "" {
			b.WriteString(" " + sentence(n.Summary))
		}
	case n.Summary != "":
		fmt.Fprintf(&b, ": %s %s, %s.", sentence(n.Summary), what, n.Section)
	default:
		fmt.Fprintf(&b, " is %s, %s.", what, n.Section)
	}
	if n.Source != "" {
		fmt.Fprintf(&b, " Value from %s.", n.Source)
	}
	return b.String()
}

// sentence returns s ending in a full stop.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
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

// textVar is the Go name of a namespace's text constant (ecText).
func textVar(ns *Namespace) string { return lowerLead(ns.Type) + "Text" }

// entriesVar is the Go name of a namespace's entry table (ecEntries).
func entriesVar(ns *Namespace) string { return lowerLead(ns.Type) + "Entries" }

// aliasesVar is the Go name of a namespace's table of other names (ecAliases).
func aliasesVar(ns *Namespace) string { return lowerLead(ns.Type) + "Aliases" }

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
		files["errors/"+ascii.Lower(ns.Type)+"_gen.go"] = namespaceFile(ns, txt)
	}
	files["errors/namespace_gen.go"] = indexFile(m, texts)
	return nil
}

// codeRef refers to a code by its Go constant, or by value when it has none.
func codeRef(n *Name) jen.Code {
	if n.Go != "" {
		return jen.Id(n.Go)
	}
	for _, alias := range n.Value.Names {
		if alias.Go != "" {
			return jen.Id(alias.Go)
		}
	}
	return jen.Id(n.ns.Type).Call(hex(n.Value.V))
}
