package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
)

// columnsKind is the table of column-context keys (spec/rops/columns.tsv):
// the keys a by cell may name and that the registry publishes as
// MessageInfo.Columns, each a constant of package codec (columnsFile).
var columnsKind = tableKind{
	name:     "columns",
	required: []string{"key", "constant", "section", "doc", "about"},
	load:     (*Model).loadColumns,
}

// ColumnsKey is a context key that a by cell may name and that the registry
// publishes as MessageInfo.Columns: where the columns of a layout's rows come
// from when the buffer does not carry them; one row of the columns table
// each. They are the only keys a by cell may name besides "context" and
// "columns TAG..." (contextKey): a new key is a new row, so that a session
// decoder that switches on the constants is told of it by ColumnsDescription
// and by the tests, not by a silent miss.
type ColumnsKey struct {
	Key     string // the by cell and the value of MessageInfo.Columns
	Const   string // the constant of package codec
	Field   string // for a request.FIELD key, FIELD (from the key)
	Section string // where the document says where the columns come from
	Doc     string // the constant's doc comment after its name, before the section
	About   string // a noun phrase for messages: "the ... of its ..."
	row     row    // where the key is defined, for messages about two rows
}

// loadColumns reads the one table of context keys. A key is a word that is
// neither "context" (a parent's columns) nor "columns" (fixed ones); a
// request.FIELD key names a field of the request, a Go identifier.
func (m *Model) loadColumns(tables []*table) error {
	if len(tables) == 0 {
		return &Error{"spec", 0, "want exactly one columns table, have none"}
	}
	if len(tables) > 1 {
		return &Error{tables[1].file, 0, fmt.Sprintf("a second columns table (the first is %s); want exactly one", tables[0].file)}
	}
	t := tables[0]
	for _, r := range t.rows {
		k := &ColumnsKey{Key: r.get("key"), Const: r.get("constant"),
			Section: r.get("section"), Doc: r.get("doc"), About: r.get("about")}
		if k.Key == "" || strings.ContainsFunc(k.Key, unicode.IsSpace) || k.Key == "context" || k.Key == "columns" {
			return r.errorf("key %q: want a word other than context and columns", k.Key)
		}
		if prev := m.columnsKey(k.Key); prev != nil {
			return r.errorf("key %q given twice (as at %s)", k.Key, prev.row.where())
		}
		if !token.IsIdentifier(k.Const) || !token.IsExported(k.Const) {
			return r.errorf("%s: constant %q is not an exported Go identifier", k.Key, k.Const)
		}
		for _, prev := range m.ColumnsKeys {
			if prev.Const == k.Const {
				return r.errorf("%s: constant %s is the constant of %s too (%s)", k.Key, k.Const, prev.Key, prev.row.where())
			}
		}
		if field, ok := strings.CutPrefix(k.Key, "request."); ok {
			if !token.IsIdentifier(field) {
				return r.errorf("%s: field %q is not a Go identifier", k.Key, field)
			}
			k.Field = field
		}
		if k.Section == "" {
			return r.errorf("%s: section is empty", k.Key)
		}
		if k.Doc == "" || strings.HasSuffix(k.Doc, ".") {
			return r.errorf("%s: doc %q: want a phrase without its full stop (the generator adds the section and one)", k.Key, k.Doc)
		}
		if k.About == "" {
			return r.errorf("%s: about is empty", k.Key)
		}
		k.row = r
		m.ColumnsKeys = append(m.ColumnsKeys, k)
	}
	if len(m.ColumnsKeys) == 0 {
		return &Error{t.file, 0, "no context keys"}
	}
	return nil
}

// columnsKey returns the context key named cell, or nil.
func (m *Model) columnsKey(cell string) *ColumnsKey {
	for _, k := range m.ColumnsKeys {
		if k.Key == cell {
			return k
		}
	}
	return nil
}

// checkRequestColumns checks that when the rows of resp, a response of r,
// take the columns of a field of the request (request.PropertyTags), r has a
// request with that field, a PropertyTag[], for a session decoder to find.
func (m *Model) checkRequestColumns(r *ROP, resp *Message) error {
	k := m.columnsKey(columnsContextOf(resp))
	if k == nil || k.Field == "" {
		return nil
	}
	if r.Request != nil {
		for _, f := range r.Request.Fields {
			if sl, ok := kindOf[*structList](f); ok && f.Name == k.Field && sl.elem.Type == "PropertyTag" {
				return nil
			}
		}
	}
	return &Error{resp.file, 0, fmt.Sprintf("%s: rows by %s, but %s has no request with a PropertyTag[] field %s", resp.Type, k.Key, r.Name, k.Field)}
}

// columnsKeyCode is the constant of package codec for the context key c, as
// the MessageInfo literals use it.
func (m *Model) columnsKeyCode(c string) jen.Code {
	if k := m.columnsKey(c); k != nil {
		return jen.Id(k.Const)
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
		for _, k := range m.ColumnsKeys {
			doc := k.Const + " " + k.Doc + " (" + k.Section + ")."
			if rops := ropsTaking(m, k.Key); len(rops) > 0 {
				doc += " The responses of " + andList(rops) + " take them."
			}
			for _, line := range wrapComment(doc, 76) {
				g.Comment(line)
			}
			g.Id(k.Const).Op("=").Lit(k.Key)
		}
	})
	for _, line := range wrapComment("ColumnsDescription says where the columns that key (a MessageInfo.Columns) names come from, as a noun phrase about the ROP whose rows take them: \""+m.ColumnsKeys[0].About+"\". It returns \"\" for a key the package does not define.", 76) {
		f.Comment(line)
	}
	f.Func().Id("ColumnsDescription").Params(jen.Id("key").String()).String().Block(
		jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
			for _, k := range m.ColumnsKeys {
				g.Case(jen.Id(k.Const)).Block(jen.Return(jen.Lit(k.About)))
			}
		}),
		jen.Return(jen.Lit("")),
	)
	f.Comment("ColumnsRequestField returns the field of the ROP's request whose PropertyTags")
	f.Comment("are the columns that key (a MessageInfo.Columns) names, or false when the")
	f.Comment("columns do not come from the request.")
	f.Func().Id("ColumnsRequestField").Params(jen.Id("key").String()).Params(jen.Id("field").String(), jen.Id("ok").Bool()).Block(
		jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
			for _, k := range m.ColumnsKeys {
				if k.Field != "" {
					g.Case(jen.Id(k.Const)).Block(jen.Return(jen.Lit(k.Field), jen.True()))
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
