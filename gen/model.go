package gen

import (
	"cmp"
	"fmt"
	"go/token"
	"io/fs"
	"math/bits"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Model is everything the spec tables say, validated and cross-linked.
type Model struct {
	Namespaces   []*Namespace
	CMRPCodes    []*CMRPCode
	CMRPMethods  []*CMRPMethod
	LogonActions []*LogonAction
	Flags        []*FlagType
	Messages     []*Message
	Dispatches   []*Dispatch
	Constants    []*Constant
	Facilities   []*Facility
	BitLayouts   []*BitLayout
	// LogonDefault is the action for every code the logon-actions table
	// does not list (its "*" row), with that row's summary and section.
	LogonDefault, LogonDefaultSummary, LogonDefaultSection string
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

// CMRPCode is one row of the [MS-CMRP] 3.2.4.6 reconnect error tables.
type CMRPCode struct {
	Code              *Name
	V2, V3            bool
	NT, W2000, XP2003 bool // note <227>; false for codes only the version 3.0 table lists
	Section           string
}

// CMRPMethod is an [MS-CMRP] method whose section makes it reconnect-eligible.
type CMRPMethod struct {
	Name    string
	Opnum   int
	Version int
	Section string
}

// LogonAction maps an EC code to what a client does after RopLogon returns it.
type LogonAction struct {
	Action  string
	Code    *Name
	Section string
	Summary string
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

// Load reads every *.tsv file under fsys, validates it and builds the model.
// Errors name the file and line of the first problem.
func Load(fsys fs.FS) (*Model, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".tsv" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	byKind := map[string][]*table{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		t, err := readTable(f, data)
		if err != nil {
			return nil, err
		}
		byKind[t.directives["table"]] = append(byKind[t.directives["table"]], t)
	}
	m := &Model{}
	if err := m.loadNamespaces(byKind["namespaces"]); err != nil {
		return nil, err
	}
	if err := m.loadCodes(byKind["codes"]); err != nil {
		return nil, err
	}
	if err := m.loadErrata(byKind["errata"]); err != nil {
		return nil, err
	}
	if err := m.loadCMRPCodes(byKind["cmrp-reconnect-codes"]); err != nil {
		return nil, err
	}
	if err := m.loadCMRPMethods(byKind["cmrp-methods"]); err != nil {
		return nil, err
	}
	if err := m.loadLogonActions(byKind["logon-actions"]); err != nil {
		return nil, err
	}
	if err := m.loadFacilities(byKind["facilities"]); err != nil {
		return nil, err
	}
	if err := m.loadBitLayouts(byKind["bitfields"]); err != nil {
		return nil, err
	}
	if err := m.loadFlags(byKind["flags"]); err != nil {
		return nil, err
	}
	if err := m.loadConstants(byKind["constants"]); err != nil {
		return nil, err
	}
	if err := m.loadMessages(byKind["message"]); err != nil {
		return nil, err
	}
	if err := m.loadDispatches(byKind["dispatch"]); err != nil {
		return nil, err
	}
	if err := m.loadFieldNames(byKind["field-names"]); err != nil {
		return nil, err
	}

	return m, nil
}

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

// parseValue reads "0x..." hexadecimal or decimal and checks it fits in bits.
func parseValue(s string, width int) (uint32, error) {
	var v uint64
	var err error
	if h, ok := strings.CutPrefix(s, "0x"); ok {
		v, err = strconv.ParseUint(h, 16, 64)
	} else {
		v, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	if bits.Len64(v) > width {
		return 0, fmt.Errorf("does not fit in %d bits", width)
	}
	return uint32(v), nil
}

// goIdentifier applies the naming rule of DESIGN.md: a name starting with
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

// need returns the namespace a table kind depends on, or an error naming the
// first table of that kind when the namespace is missing.
func (m *Model) need(name string, tables []*table) (*Namespace, error) {
	ns := m.Namespace(name)
	if ns == nil && len(tables) > 0 {
		return nil, &Error{tables[0].file, 0, fmt.Sprintf("needs the %s namespace, which the namespaces table does not define", name)}
	}
	return ns, nil
}

func (m *Model) loadCMRPCodes(tables []*table) error {
	win32, err := m.need("Win32", tables)
	if err != nil {
		return err
	}
	for _, t := range tables {
		for _, r := range t.rows {
			n := win32.Lookup(r.get("name"))
			if n == nil {
				return r.errorf("%q is not a Win32 name", r.get("name"))
			}
			v, err := parseValue(r.get("value"), win32.Bits)
			if err != nil {
				return r.errorf("value %q: %v", r.get("value"), err)
			}
			if v != n.Value.V {
				return r.errorf("%s is %d here but %d in the Win32 table (%s)", n.Name, v, n.Value.V, n.row.where())
			}
			c := &CMRPCode{Code: n, Section: r.get("section")}
			if c.V2, err = yesNo(r, "v2"); err == nil {
				c.V3, err = yesNo(r, "v3")
			}
			if err != nil {
				return err
			}
			for _, col := range []struct {
				name string
				dst  *bool
			}{{"nt", &c.NT}, {"w2000", &c.W2000}, {"xp2003", &c.XP2003}} {
				switch cell := r.get(col.name); {
				case cell == "-" && !c.V2:
				case (cell == "yes" || cell == "no") && c.V2:
					*col.dst = cell == "yes"
				default:
					return r.errorf("%s %q: want yes or no for a version 2.0 code, - otherwise", col.name, cell)
				}
			}
			for _, prev := range m.CMRPCodes {
				if prev.Code == n {
					return r.errorf("duplicate code %s", n.Name)
				}
			}
			m.CMRPCodes = append(m.CMRPCodes, c)
		}
	}
	return nil
}

func yesNo(r row, col string) (bool, error) {
	switch r.get(col) {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, r.errorf("%s %q: want yes or no", col, r.get(col))
}

func (m *Model) loadCMRPMethods(tables []*table) error {
	type key struct {
		version int
		opnum   int
	}
	type nameKey struct {
		version int
		name    string
	}
	seen := map[key]row{}
	names := map[nameKey]row{}
	for _, t := range tables {
		for _, r := range t.rows {
			name := r.get("name")
			if !token.IsIdentifier(name) {
				return r.errorf("method name %q is not an identifier", name)
			}
			op, err := strconv.ParseUint(r.get("opnum"), 10, 16)
			if err != nil {
				return r.errorf("opnum %q: want a number from 0 to 65535", r.get("opnum"))
			}
			ver, err := strconv.Atoi(r.get("version"))
			if err != nil || (ver != 2 && ver != 3) {
				return r.errorf("version %q: want 2 or 3", r.get("version"))
			}
			k := key{ver, int(op)}
			if prev, dup := seen[k]; dup {
				return r.errorf("version %d opnum %d given twice (first at %s)", ver, op, prev.where())
			}
			if prev, dup := names[nameKey{ver, name}]; dup {
				return r.errorf("version %d method %s given twice (first at %s)", ver, name, prev.where())
			}
			seen[k], names[nameKey{ver, name}] = r, r
			m.CMRPMethods = append(m.CMRPMethods, &CMRPMethod{Name: name, Opnum: int(op), Version: ver, Section: r.get("section")})
		}
	}
	return nil
}

func (m *Model) loadLogonActions(tables []*table) error {
	ec, err := m.need("EC", tables)
	if err != nil {
		return err
	}
	seen := map[*Name]row{}
	for _, t := range tables {
		for _, r := range t.rows {
			action := r.get("action")
			if !token.IsIdentifier(action) || !token.IsExported(action) {
				return r.errorf("action %q is not an exported Go identifier", action)
			}
			if r.get("code") == "*" {
				if m.LogonDefault != "" {
					return r.errorf("a second default (*) action")
				}
				m.LogonDefault, m.LogonDefaultSummary, m.LogonDefaultSection = action, r.get("summary"), r.get("section")
				continue
			}
			n := ec.Lookup(r.get("code"))
			if n == nil {
				return r.errorf("%q is not an EC name", r.get("code"))
			}
			n = n.Value.Canonical()
			if prev, dup := seen[n]; dup {
				return r.errorf("code %s (%s) already has an action at %s", r.get("code"), n.Name, prev.where())
			}
			seen[n] = r
			m.LogonActions = append(m.LogonActions, &LogonAction{Action: action, Code: n, Section: r.get("section"), Summary: r.get("summary")})
		}
	}
	if len(m.LogonActions) > 0 && m.LogonDefault == "" {
		return &Error{"spec", 0, "the logon-actions table has no default (*) row"}
	}
	return nil
}
