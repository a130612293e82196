package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

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

	f.Comment("CMRPMethod is an [MS-CMRP] method whose section tells the client to treat the")
	f.Comment("3.2.4.6 errors as recoverable and start the reconnect procedure.")
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
	f.Comment("example ApiGetClusterName) starts the 3.2.4.6 reconnect procedure in that protocol")
	f.Comment("version. Names compare exactly, as the document writes them.")
	methodSwitch("IsReconnectEligibleCMRP", "method", jen.String(), func(me *CMRPMethod) jen.Code { return jen.Lit(me.Name) })
	f.Comment("IsReconnectEligibleCMRPOpnum is IsReconnectEligibleCMRP by opnum.")
	methodSwitch("IsReconnectEligibleCMRPOpnum", "opnum", jen.Uint16(), func(me *CMRPMethod) jen.Code { return jen.Lit(me.Opnum) })
	return f
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

// logonFile renders LogonAction and LogonActionFor from the [MS-OXCSTOR]
// 3.1.5.1 table.
func logonFile(m *Model) *jen.File {
	f := newFile()
	actions := []string{m.LogonDefault}
	docs := map[string][]string{m.LogonDefault: {"every code the table does not list"}}
	for _, a := range m.LogonActions {
		if _, seen := docs[a.Action]; !seen {
			actions = append(actions, a.Action)
		}
		docs[a.Action] = append(docs[a.Action], fmt.Sprintf("%s (%s)", a.Code.Name, a.Section))
	}
	f.Comment("LogonAction is what a client does next after a RopLogon returns a code")
	f.Comment("([MS-OXCSTOR] 3.1.5.1). The zero value is " + "Logon" + m.LogonDefault + ".")
	f.Type().Id("LogonAction").Uint8()
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, a := range actions {
			g.Commentf("Logon%s: %s.", a, strings.Join(docs[a], ", "))
			if i == 0 {
				g.Id("Logon" + a).Id("LogonAction").Op("=").Iota()
			} else {
				g.Id("Logon" + a)
			}
		}
	})
	f.Comment("String returns the action's name without the Logon prefix.")
	f.Func().Params(jen.Id("a").Id("LogonAction")).Id("String").Params().String().Block(
		jen.Switch(jen.Id("a")).BlockFunc(func(g *jen.Group) {
			for _, a := range actions {
				g.Case(jen.Id("Logon" + a)).Return(jen.Lit(a))
			}
		}),
		jen.Return(jen.Lit("LogonAction(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("a"))).Op("+").Lit(")")),
	)
	summaries := map[string]string{}
	sections := map[string][]string{}
	for _, a := range m.LogonActions {
		if summaries[a.Action] == "" {
			summaries[a.Action] = a.Summary
		}
		if !slices.Contains(sections[a.Action], a.Section) {
			sections[a.Action] = append(sections[a.Action], a.Section)
		}
	}
	summaries[m.LogonDefault] = m.LogonDefaultSummary
	sections[m.LogonDefault] = []string{m.LogonDefaultSection}
	f.Comment("Summary says in a sentence what a client does for the action, from the table.")
	f.Func().Params(jen.Id("a").Id("LogonAction")).Id("Summary").Params().String().Block(
		jen.Switch(jen.Id("a")).BlockFunc(func(g *jen.Group) {
			for _, a := range actions {
				g.Case(jen.Id("Logon" + a)).Return(jen.Lit(summaries[a]))
			}
		}),
		jen.Return(jen.Lit("")),
	)
	f.Comment("Section names the document sections the action comes from.")
	f.Func().Params(jen.Id("a").Id("LogonAction")).Id("Section").Params().String().Block(
		jen.Switch(jen.Id("a")).BlockFunc(func(g *jen.Group) {
			for _, a := range actions {
				g.Case(jen.Id("Logon" + a)).Return(jen.Lit(strings.Join(sections[a], "; ")))
			}
		}),
		jen.Return(jen.Lit("")),
	)
	f.Comment("LogonActionFor classifies the result of a RopLogon. A nil error is success, the")
	f.Comment("EC value 0; otherwise the first EC in err's chain decides, looking through")
	f.Comment("wrapping as errors.As does (As methods included), and an error with no EC in its")
	f.Comment("chain is Logon" + m.LogonDefault + ".")
	f.Func().Id("LogonActionFor").Params(jen.Id("err").Error()).Id("LogonAction").Block(
		jen.If(jen.Id("err").Op("==").Nil()).Block(jen.Return(jen.Id("logonAction").Call(jen.Lit(0)))),
		jen.Var().Id("code").Id("EC"),
		jen.If(jen.Op("!").Id("walk").Call(jen.Id("err"), jen.Func().Params(jen.Id("e").Error()).Bool().Block(
			jen.List(jen.Id("c"), jen.Id("ok")).Op(":=").Id("ecOf").Call(jen.Id("e")),
			jen.Id("code").Op("=").Id("c"),
			jen.Return(jen.Id("ok")),
		))).Block(jen.Return(jen.Id("Logon"+m.LogonDefault))),
		jen.Return(jen.Id("logonAction").Call(jen.Id("code"))),
	)
	f.Comment("logonAction is the action table itself, by canonical code.")
	f.Func().Id("logonAction").Params(jen.Id("c").Id("EC")).Id("LogonAction").Block(
		jen.Switch(jen.Id("c")).BlockFunc(func(g *jen.Group) {
			for _, a := range actions[1:] {
				var cases []jen.Code
				for _, r := range m.LogonActions {
					if r.Action == a {
						cases = append(cases, codeRef(r.Code))
					}
				}
				g.Case(cases...).Return(jen.Id("Logon" + a))
			}
		}),
		jen.Return(jen.Id("Logon"+m.LogonDefault)),
	)
	return f
}
