package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// columnsKey is a context key that a by cell may name and that the registry
// publishes as MessageInfo.Columns: where the columns of a layout's rows come
// from when the buffer does not carry them.
type columnsKey struct {
	key   string // the by cell and the value of MessageInfo.Columns
	name  string // the constant of package codec
	doc   string // the constant's doc comment, after its name
	about string // a noun phrase for messages: "the ... of its ..."
	field string // for a request.FIELD key, FIELD
}

// columnsKeys are the context keys the generator knows: one constant of
// package codec each (columnsFile), and the only keys a by cell may name
// besides "context" and "columns TAG..." (contextKey). A new key is added
// here, so that a session decoder that switches on the constants is told of
// it by ColumnsDescription and by the tests, not by a silent miss.
var columnsKeys = []columnsKey{
	{
		key:   "table",
		name:  "ColumnsFromTable",
		doc:   "names the columns that RopSetColumns set on the table the ROP runs on ([MS-OXCTABL] 2.2.2.2).",
		about: "the columns RopSetColumns set on its table",
	},
	{
		key:   "recipients",
		name:  "ColumnsFromRecipients",
		doc:   "names the RecipientColumns of the RopOpenMessage response that opened the message the ROP runs on ([MS-OXCMSG] 2.2.3.1.2).",
		about: "the RecipientColumns of its message",
	},
	{
		key:   "request.PropertyTags",
		name:  "ColumnsFromRequestPropertyTags",
		doc:   "names the PropertyTags field of the ROP's own request ([MS-OXCPRPT] 2.2.2.1).",
		about: "the PropertyTags of its request",
		field: "PropertyTags",
	},
}

// findColumnsKey returns the context key named cell, or nil.
func findColumnsKey(cell string) *columnsKey {
	for i := range columnsKeys {
		if columnsKeys[i].key == cell {
			return &columnsKeys[i]
		}
	}
	return nil
}

// checkRequestColumns checks that when the rows of resp, a response of r,
// take the columns of a field of the request (request.PropertyTags), r has a
// request with that field, a PropertyTag[], for a session decoder to find.
func checkRequestColumns(r *ROP, resp *Message) error {
	k := findColumnsKey(columnsContextOf(resp))
	if k == nil || k.field == "" {
		return nil
	}
	if r.Request != nil {
		for _, f := range r.Request.Fields {
			if sl, ok := kindOf[*structList](f); ok && f.Name == k.field && sl.elem.Type == "PropertyTag" {
				return nil
			}
		}
	}
	return &Error{resp.file, 0, fmt.Sprintf("%s: rows by %s, but %s has no request with a PropertyTag[] field %s", resp.Type, k.key, r.Name, k.field)}
}

// columnsKeyCode is the constant of package codec for the context key c, as
// the MessageInfo literals use it.
func columnsKeyCode(c string) jen.Code {
	if k := findColumnsKey(c); k != nil {
		return jen.Id(k.name)
	}
	return jen.Lit(c) // not reached: contextKey admits only the keys above
}

// columnsFile renders the context keys of package codec: a constant each,
// whose doc names the ROPs of m whose responses take it, ColumnsDescription
// and ColumnsRequestField.
func columnsFile(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	f.Comment("The context keys of MessageInfo.Columns: where the columns of a layout's rows")
	f.Comment("come from when the buffer does not carry them ([MS-OXCDATA] 2.8). Give those")
	f.Comment("columns to a Decoder with SetColumns before decoding the layout.")
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, k := range columnsKeys {
			doc := k.name + " " + k.doc
			if rops := ropsTaking(m, k.key); len(rops) > 0 {
				doc += " The responses of " + andList(rops) + " take them."
			}
			for _, line := range wrapComment(doc, 76) {
				g.Comment(line)
			}
			g.Id(k.name).Op("=").Lit(k.key)
		}
	})
	for _, line := range wrapComment("ColumnsDescription says where the columns that key (a MessageInfo.Columns) names come from, as a noun phrase about the ROP whose rows take them: \""+columnsKeys[0].about+"\". It returns \"\" for a key the package does not define.", 76) {
		f.Comment(line)
	}
	f.Func().Id("ColumnsDescription").Params(jen.Id("key").String()).String().Block(
		jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
			for _, k := range columnsKeys {
				g.Case(jen.Id(k.name)).Block(jen.Return(jen.Lit(k.about)))
			}
		}),
		jen.Return(jen.Lit("")),
	)
	f.Comment("ColumnsRequestField returns the field of the ROP's request whose PropertyTags")
	f.Comment("are the columns that key (a MessageInfo.Columns) names, or false when the")
	f.Comment("columns do not come from the request.")
	f.Func().Id("ColumnsRequestField").Params(jen.Id("key").String()).Params(jen.Id("field").String(), jen.Id("ok").Bool()).Block(
		jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
			for _, k := range columnsKeys {
				if k.field != "" {
					g.Case(jen.Id(k.name)).Block(jen.Return(jen.Lit(k.field), jen.True()))
				}
			}
		}),
		jen.Return(jen.Lit(""), jen.False()),
	)
	return f
}

// ropsTaking lists, in RopId order, the ROPs of m with a response whose rows
// take the columns of context key key.
func ropsTaking(m *Model, key string) []string {
	var rops []string
	for _, r := range m.ROPs {
		if slices.ContainsFunc(r.Responses, func(resp *Message) bool { return columnsContextOf(resp) == key }) {
			rops = append(rops, r.Name)
		}
	}
	return rops
}

// andList joins words as a sentence lists them: "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// wrapComment splits text into lines of at most width bytes, at spaces (a
// longer word stays whole on its own line).
func wrapComment(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
