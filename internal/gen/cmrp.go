package gen

import (
	"go/token"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// cmrpCodesKind is the [MS-CMRP] 3.2.4.6 table of reconnect codes; its file
// also holds the methods of cmrpMethodsKind.
var cmrpCodesKind = tableKind{
	name:     "cmrp-reconnect-codes",
	required: []string{"name", "value", "v2", "v3", "nt", "w2000", "xp2003", "section"},
	load:     (*Model).loadCMRPCodes,
	emit: func(m *Model, files map[string]*jen.File) error {
		files["errors/cmrp_gen.go"] = cmrpFile(m)
		return nil
	},
}

// cmrpMethodsKind is the table of [MS-CMRP] methods that start the reconnect
// procedure, rendered with the reconnect codes.
var cmrpMethodsKind = tableKind{
	name:     "cmrp-methods",
	required: []string{"name", "opnum", "version", "section"},
	load:     (*Model).loadCMRPMethods,
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

// cmrpFile renders the [MS-CMRP] 3.2.4.6 reconnect predicate, the table of
// reconnect codes with note <227>, and the reconnect-eligible methods.
func cmrpFile(m *Model) *jen.File {
	f := newFile()
	versions := []int{2, 3}

	f.Comment("ShouldReconnectCMRP reports whether err's chain holds a Win32 code on which a")
	f.Comment("client of [MS-CMRP] protocol version 2 or 3 reconnects to the cluster and reissues")
	f.Comment("the method ([MS-CMRP] 3.2.4.6). It looks through wrapping as errors.As does, As")
	f.Comment("methods included. A Win32 code counts however it comes: as a Win32, as an HRESULT")
	f.Comment("in FACILITY_WIN32 (0x800706BA is RPC_S_SERVER_UNAVAILABLE, [MS-ERREF] 2.1.2), or, on")
	f.Comment("Windows only, as the syscall.Errno that golang.org/x/sys/windows returns. A code of")
	f.Comment("another namespace that shares the number does not count. Any other version gives false.")
	f.Func().Id("ShouldReconnectCMRP").Params(jen.Id("version").Int(), jen.Id("err").Error()).Bool().Block(
		jen.Return(jen.Id("walk").Call(jen.Id("err"), jen.Func().Params(jen.Id("e").Error()).Bool().Block(
			jen.List(jen.Id("c"), jen.Id("ok")).Op(":=").Id("win32Of").Call(jen.Id("e")),
			jen.Return(jen.Id("ok").Op("&&").Id("cmrpReconnects").Call(jen.Id("version"), jen.Id("c"))),
		))),
	)
	f.Comment("cmrpReconnects is the [MS-CMRP] 3.2.4.6 table for one protocol version.")
	f.Func().Id("cmrpReconnects").Params(jen.Id("version").Int(), jen.Id("c").Id("Win32")).Bool().Block(
		jen.Switch(jen.Id("version")).BlockFunc(func(g *jen.Group) {
			for _, ver := range versions {
				var cases []jen.Code
				for _, c := range m.CMRPCodes {
					if (ver == 2 && c.V2) || (ver == 3 && c.V3) {
						cases = append(cases, codeRef(c.Code))
					}
				}
				if len(cases) == 0 {
					continue
				}
				g.Case(jen.Lit(ver)).Block(jen.Switch(jen.Id("c")).Block(jen.Case(cases...).Return(jen.True())))
			}
		}),
		jen.Return(jen.False()),
	)

	f.Comment("CMRPReconnectCode is one row of the [MS-CMRP] 3.2.4.6 reconnect tables.")
	f.Type().Id("CMRPReconnectCode").Struct(
		jen.Id("Code").Id("Win32"),
		jen.Comment("Version2 and Version3 tell which protocol version's table lists the code."),
		jen.List(jen.Id("Version2"), jen.Id("Version3")).Bool(),
		jen.Comment("WindowsNT, Windows2000 and WindowsXP2003 are note <227>: whether that Windows"),
		jen.Comment("version's protocol 2.0 client reconnects on the code (false for codes only version 3 lists)."),
		jen.List(jen.Id("WindowsNT"), jen.Id("Windows2000"), jen.Id("WindowsXP2003")).Bool(),
		jen.Id("Section").String(),
	)
	f.Comment("CMRPReconnectCodes returns the [MS-CMRP] 3.2.4.6 reconnect codes of both versions,")
	f.Comment("with note <227>'s per-Windows-version table. The caller owns the returned slice.")
	f.Func().Id("CMRPReconnectCodes").Params().Index().Id("CMRPReconnectCode").Block(
		jen.Return(jen.Index().Id("CMRPReconnectCode").ValuesFunc(func(g *jen.Group) {
			for _, c := range m.CMRPCodes {
				g.Line().Values(codeRef(c.Code), jen.Lit(c.V2), jen.Lit(c.V3),
					jen.Lit(c.NT), jen.Lit(c.W2000), jen.Lit(c.XP2003), jen.Lit(c.Section))
			}
			g.Line()
		})),
	)

	f.Comment("CMRPMethod is an [MS-CMRP] method whose failure starts the 3.2.4.6 reconnect")
	f.Comment("procedure: its section tells the client so, or it returns a context handle and its")
	f.Comment("section leaves the codes of its Status parameter to 3.2.4.6 (Section then cites 3.2.4.6).")
	f.Type().Id("CMRPMethod").Struct(
		jen.Id("Name").String(),
		jen.Id("Opnum").Uint16(),
		jen.Comment("Version is the protocol version, 2 or 3."),
		jen.Id("Version").Int(),
		jen.Id("Section").String(),
	)
	f.Comment("CMRPReconnectMethods returns every reconnect-eligible method of both protocol")
	f.Comment("versions, by version and opnum. The caller owns the returned slice.")
	f.Func().Id("CMRPReconnectMethods").Params().Index().Id("CMRPMethod").Block(
		jen.Return(jen.Index().Id("CMRPMethod").ValuesFunc(func(g *jen.Group) {
			for _, me := range m.CMRPMethods {
				g.Line().Values(jen.Lit(me.Name), jen.Lit(me.Opnum), jen.Lit(me.Version), jen.Lit(me.Section))
			}
			g.Line()
		})),
	)
	methodSwitch := func(name, param string, paramType jen.Code, key func(*CMRPMethod) jen.Code) {
		f.Func().Id(name).Params(jen.Id("version").Int(), jen.Id(param).Add(paramType)).Bool().Block(
			jen.Switch(jen.Id("version")).BlockFunc(func(g *jen.Group) {
				for _, ver := range versions {
					var cases []jen.Code
					for _, me := range m.CMRPMethods {
						if me.Version == ver {
							cases = append(cases, key(me))
						}
					}
					if len(cases) == 0 {
						continue
					}
					g.Case(jen.Lit(ver)).Block(jen.Switch(jen.Id(param)).Block(jen.Case(cases...).Return(jen.True())))
				}
			}),
			jen.Return(jen.False()),
		)
	}
	f.Comment("IsReconnectEligibleCMRP reports whether the [MS-CMRP] method of that name (for")
	f.Comment("example ApiGetClusterName, or ApiOpenResource, whose Status parameter carries the code)")
	f.Comment("starts the 3.2.4.6 reconnect procedure in that protocol version. Names compare exactly,")
	f.Comment("as the document writes them. The procedure itself does not interpret the codes of the")
	f.Comment("methods it calls (3.2.4.6 steps 5 to 17).")
	methodSwitch("IsReconnectEligibleCMRP", "method", jen.String(), func(me *CMRPMethod) jen.Code { return jen.Lit(me.Name) })
	f.Comment("IsReconnectEligibleCMRPOpnum is IsReconnectEligibleCMRP by opnum.")
	methodSwitch("IsReconnectEligibleCMRPOpnum", "opnum", jen.Uint16(), func(me *CMRPMethod) jen.Code { return jen.Lit(me.Opnum) })
	return f
}
