package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// The when term logon.public (or !logon.public) makes a field depend on the
// logon the ROP runs on: present only on a public folders logon (or only on
// a private mailbox logon), which the bytes do not say (the ClientData of a
// RopSetMessageReadFlag request, [MS-OXCROPS] 2.2.6.11.1). Such a message has
// a PublicLogon field that is not on the wire: encoders test it, so that
// they need no context; decoders set it from the kind of logon that
// codec.Decoder.SetLogon gave for the message's LogonId (codec/logon.go), and
// fail with codec.ErrNeedsLogonContext when they were not given it. The
// registry marks such messages (codec.MessageInfo.NeedsLogon).

// logonTerm is the when term naming the logon's kind.
const logonTerm = "logon.public"

// logonGo is the Go field that holds the logon's kind in the struct.
const logonGo = "PublicLogon"

// parseLogonTerm reads s as the logon term, if it is one: ok reports whether
// it is. The message must have an earlier LogonId u8 field, whose logon the
// term asks about.
func parseLogonTerm(s string, earlier map[string]*Field) (t condTerm, ok bool, err error) {
	name := strings.TrimPrefix(s, "!")
	if name != logonTerm {
		return t, false, nil
	}
	id := earlier["LogonId"]
	if id == nil || !id.InStruct() {
		return t, true, fmt.Errorf("%s needs an earlier LogonId field that the struct stores", logonTerm)
	}
	if k, isInt := baseKind(id).(*integer); !isInt || k.width != 1 || k.named() {
		return t, true, fmt.Errorf("%s needs LogonId to be a u8", logonTerm)
	}
	return condTerm{field: id, logon: true, negate: name != s}, true, nil
}

// hasLogon reports whether a condition has the logon term.
func (c *condition) hasLogon() bool {
	for _, t := range c.terms {
		if t.logon {
			return true
		}
	}
	return false
}

// needsLogon reports whether msg has a field that depends on its logon.
func needsLogon(msg *Message) bool {
	for _, f := range msg.Fields {
		if c, ok := f.Kind.(*conditional); ok && c.cond.hasLogon() {
			return true
		}
	}
	return false
}

// logonDecl adds the PublicLogon field to the struct of a message that needs
// it.
func logonDecl(g *jen.Group, msg *Message) {
	if !needsLogon(msg) {
		return
	}
	g.Comment(logonGo + " says whether the logon of the ROP (LogonID) is to public folders; it is not on")
	g.Comment("the wire, but fields depend on it. Decoders set it from Decoder.SetLogon; encoders follow it.")
	g.Id(logonGo).Bool()
}

// readLogon sets PublicLogon from the reader's context before a field that
// depends on it is read, when the field's other terms hold (so that a field
// left out by them needs no context).
func readLogon(g *jen.Group, f *Field, c *condition) {
	if !c.hasLogon() {
		return
	}
	var id *Field
	others := &condition{text: c.text}
	for _, t := range c.terms {
		if t.logon {
			id = t.field
		} else {
			others.terms = append(others.terms, t)
		}
	}
	body := []jen.Code{
		jen.List(jen.Id("public"), jen.Err()).Op(":=").Id("r").Dot("publicLogon").Call(jen.Id("m").Dot(id.Go), jen.Lit(f.Name)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("m").Dot(logonGo).Op("=").Id("public"),
	}
	if len(others.terms) == 0 {
		g.Block(body...)
		return
	}
	g.If(others.expr()).Block(body...)
}
