package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// logonActionsKind is the [MS-OXCSTOR] 3.1.5.1 table of what a client does
// after a RopLogon returns a code.
var logonActionsKind = tableKind{
	name:     "logon-actions",
	required: []string{"action", "code", "section"},
	optional: []string{"summary"},
	load:     (*Model).loadLogonActions,
	emit: func(m *Model, files map[string]*jen.File) error {
		files["errors/logon_gen.go"] = logonFile(m)
		return nil
	},
}

// LogonAction maps an EC code to what a client does after RopLogon returns it.
type LogonAction struct {
	Action  string
	Code    *Name
	Section string
	Summary string
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
