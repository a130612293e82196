package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// codeActionsKind is a table of what a client does after a code of one
// namespace: the X-ResponseCode table of [MS-OXCMAPIHTTP] 2.2.3.3.3, say. It
// is the logon-actions kind made general: the namespace, the Go type of the
// action and the prefix of its constants are directives, and the predicate
// reads the namespace's codes from an error chain through a hand-written
// function of package errors named after the namespace (xResponseCodeOf for
// XResponseCode).
var codeActionsKind = tableKind{
	name:     "code-actions",
	required: []string{"action", "code", "section"},
	optional: []string{"summary"},
	load:     (*Model).loadCodeActions,
	emit: func(m *Model, files map[string]*jen.File) error {
		for _, t := range m.CodeActions {
			files["errors/"+ascii.Lower(t.Type)+"_gen.go"] = codeActionsFile(t)
		}
		return nil
	},
}

// CodeActions is one code-actions table: an action per code of Namespace,
// and a default for the codes it does not list.
type CodeActions struct {
	Namespace *Namespace
	Type      string // Go type of the action, such as XResponseAction
	Prefix    string // prefix of the action constants, such as XResponse
	Rows      []*LogonAction
	// Default is the "*" row: its Code is nil.
	Default *LogonAction
}

func (m *Model) loadCodeActions(tables []*table) error {
	for _, t := range tables {
		ns := m.Namespace(t.directives["namespace"])
		if ns == nil {
			return &Error{t.file, 0, fmt.Sprintf("unknown namespace %q", t.directives["namespace"])}
		}
		ca := &CodeActions{Namespace: ns, Type: t.directives["type"], Prefix: t.directives["prefix"]}
		for _, id := range []string{ca.Type, ca.Prefix} {
			if !token.IsIdentifier(id) || !token.IsExported(id) {
				return &Error{t.file, 0, fmt.Sprintf("%q: want exported Go identifiers in the '# type:' and '# prefix:' directives", id)}
			}
		}
		seen := map[*Name]row{}
		for _, r := range t.rows {
			a := &LogonAction{Action: r.get("action"), Section: r.get("section"), Summary: r.get("summary")}
			if !token.IsIdentifier(a.Action) || !token.IsExported(a.Action) {
				return r.errorf("action %q is not an exported Go identifier", a.Action)
			}
			if r.get("code") == "*" {
				if ca.Default != nil {
					return r.errorf("a second default (*) action")
				}
				ca.Default = a
				continue
			}
			n := ns.Lookup(r.get("code"))
			if n == nil {
				return r.errorf("%q is not a %s name", r.get("code"), ns.Type)
			}
			a.Code = n.Value.Canonical()
			if prev, dup := seen[a.Code]; dup {
				return r.errorf("code %s already has an action at %s", a.Code.Name, prev.where())
			}
			seen[a.Code] = r
			ca.Rows = append(ca.Rows, a)
		}
		if ca.Default == nil {
			return &Error{t.file, 0, "no default (*) row"}
		}
		m.CodeActions = append(m.CodeActions, ca)
	}
	return nil
}

// codeActionsFile renders the action type of one table, its String, Summary
// and Section methods, and the predicate TypeFor(err).
func codeActionsFile(ca *CodeActions) *jen.File {
	f := newFile()
	actions := []string{ca.Default.Action}
	codes := map[string][]*Name{}
	summaries := map[string]string{ca.Default.Action: ca.Default.Summary}
	sections := map[string][]string{ca.Default.Action: {ca.Default.Section}}
	for _, a := range ca.Rows {
		if _, ok := summaries[a.Action]; !ok {
			actions = append(actions, a.Action)
			summaries[a.Action] = a.Summary
		}
		codes[a.Action] = append(codes[a.Action], a.Code)
		if !slices.Contains(sections[a.Action], a.Section) {
			sections[a.Action] = append(sections[a.Action], a.Section)
		}
	}
	c := func(a string) string { return ca.Prefix + a }
	nsRef := fmt.Sprintf("%s (%s)", ca.Namespace.Type, ca.Namespace.Section)
	f.Commentf("%s is what a client does next after a code of %s. The zero value is %s.", ca.Type, nsRef, c(actions[0]))
	f.Type().Id(ca.Type).Uint8()
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, a := range actions {
			var names []string
			for _, n := range codes[a] {
				names = append(names, n.Name)
			}
			if i == 0 {
				names = append(names, "every code the table does not list")
			}
			g.Commentf("%s: %s.", c(a), strings.Join(names, ", "))
			if i == 0 {
				g.Id(c(a)).Id(ca.Type).Op("=").Iota()
			} else {
				g.Id(c(a))
			}
		}
	})
	method := func(name, doc string, val func(a string) string, unknown jen.Code) {
		f.Comment(doc)
		f.Func().Params(jen.Id("a").Id(ca.Type)).Id(name).Params().String().Block(
			jen.Switch(jen.Id("a")).BlockFunc(func(g *jen.Group) {
				for _, a := range actions {
					g.Case(jen.Id(c(a))).Return(jen.Lit(val(a)))
				}
			}),
			jen.Return(unknown),
		)
	}
	method("String", "String returns the action's name without the "+ca.Prefix+" prefix.", func(a string) string { return a },
		jen.Lit(ca.Type+"(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("a"))).Op("+").Lit(")"))
	method("Summary", "Summary says in a sentence what a client does for the action, from the table.", func(a string) string { return summaries[a] }, jen.Lit(""))
	method("Section", "Section names the document sections the action comes from.", func(a string) string { return strings.Join(sections[a], "; ") }, jen.Lit(""))

	of := lowerLead(ca.Namespace.Type) + "Of"
	lookup := lowerLead(ca.Type)
	f.Commentf("%sFor classifies an error by the first %s in its chain, looking through", ca.Type, ca.Namespace.Type)
	f.Commentf("wrapping as errors.As does (As methods included). A nil error is the code 0; an error")
	f.Commentf("with no %s in its chain is %s.", ca.Namespace.Type, c(actions[0]))
	f.Func().Id(ca.Type+"For").Params(jen.Id("err").Error()).Id(ca.Type).Block(
		jen.If(jen.Id("err").Op("==").Nil()).Block(jen.Return(jen.Id(lookup).Call(jen.Lit(0)))),
		jen.Var().Id("code").Id(ca.Namespace.Type),
		jen.If(jen.Op("!").Id("walk").Call(jen.Id("err"), jen.Func().Params(jen.Id("e").Error()).Bool().Block(
			jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id(of).Call(jen.Id("e")),
			jen.Id("code").Op("=").Id("v"),
			jen.Return(jen.Id("ok")),
		))).Block(jen.Return(jen.Id(c(actions[0])))),
		jen.Return(jen.Id(lookup).Call(jen.Id("code"))),
	)
	f.Commentf("%s is the action table itself, by canonical code.", lookup)
	f.Func().Id(lookup).Params(jen.Id("v").Id(ca.Namespace.Type)).Id(ca.Type).Block(
		jen.Switch(jen.Id("v")).BlockFunc(func(g *jen.Group) {
			for _, a := range actions[1:] {
				var cases []jen.Code
				for _, n := range codes[a] {
					cases = append(cases, codeRef(n))
				}
				g.Case(cases...).Return(jen.Id(c(a)))
			}
		}),
		jen.Return(jen.Id(c(actions[0]))),
	)
	return f
}
