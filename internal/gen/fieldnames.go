package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// fieldNamesKind names the elements of a fixed array field; the names are
// rendered with the message.
var fieldNamesKind = tableKind{
	name:     "field-names",
	required: []string{"index", "name", "section"},
	load:     (*Model).loadFieldNames,
}

// FieldNames names the elements of a fixed array field ([MS-OXCSTOR]'s
// FolderIds), for a generated look-up method.
type FieldNames struct {
	Field  string
	Method string
	Names  []string
}

func (m *Model) loadFieldNames(tables []*table) error {
	for _, t := range tables {
		msg := m.message(t.directives["message"])
		if msg == nil {
			return &Error{t.file, 0, fmt.Sprintf("message %q is not defined", t.directives["message"])}
		}
		var f *Field
		for _, fl := range msg.Fields {
			if fl.Name == t.directives["field"] {
				f = fl
			}
		}
		var arr *intArray
		if f != nil {
			arr, _ = f.Kind.(*intArray)
		}
		if arr == nil {
			return &Error{t.file, 0, fmt.Sprintf("field %q of %s is not a fixed array of integers", t.directives["field"], msg.Type)}
		}
		fn := &FieldNames{Field: f.Name, Method: t.directives["method"], Names: make([]string, arr.n)}
		if !token.IsIdentifier(fn.Method) || !token.IsExported(fn.Method) {
			return &Error{t.file, 0, fmt.Sprintf("method %q: want an exported Go identifier", fn.Method)}
		}
		for _, r := range t.rows {
			i, err := strconv.Atoi(r.get("index"))
			if err != nil || i < 0 || i >= arr.n || fn.Names[i] != "" {
				return r.errorf("index %q: want each of 0 to %d once", r.get("index"), arr.n-1)
			}
			fn.Names[i] = r.get("name")
		}
		if slices.Contains(fn.Names, "") {
			return &Error{t.file, 0, fmt.Sprintf("want a name for each of the %d elements", arr.n)}
		}
		msg.Names, f.Names = fn, fn
	}
	return nil
}

// fieldNamesCode renders the method that names the elements of msg's array
// field.
func fieldNamesCode(f *jen.File, msg *Message) {
	fn := msg.Names
	names := make([]jen.Code, len(fn.Names))
	for i, n := range fn.Names {
		names[i] = jen.Lit(n)
	}
	f.Commentf("%s returns the name the document gives element i of %s, or \"\" for an index out of range.", fn.Method, fn.Field)
	f.Add(jen.Func().Params(jen.Op("*").Id(msg.Type)).Id(fn.Method).Params(jen.Id("i").Int()).String().Block(
		jen.Id("names").Op(":=").Index(jen.Op("...")).String().Values(names...),
		jen.If(jen.Id("i").Op("<").Lit(0).Op("||").Id("i").Op(">=").Len(jen.Id("names"))).Block(jen.Return(jen.Lit(""))),
		jen.Return(jen.Id("names").Index(jen.Id("i"))),
	))
}
