package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Rows ([MS-OXCDATA] 2.8) are laid out by columns that the buffer does not
// carry: the columns RopSetColumns set on the table, the PropertyTags of the
// request, the RecipientColumns of the message. The by cell of a row names
// where they come from, as a context key that the registry publishes
// (MessageInfo.Columns), so that a session decoder knows what to give the
// Decoder (Decoder.SetColumns):
//
//	table                 the columns set on the table the ROP runs on
//	request.PropertyTags  the request's field PropertyTags
//	recipients            the RecipientColumns of the message's RopOpenMessage
//	context               the columns a parent message gives (a list field
//	                      whose by cell names the message's own PropertyTag[])
//	columns TAG...        columns the document fixes, as 32-bit property tags
//	                      (RopGetReceiveFolderTable's rows: PidTagFolderId,
//	                      PidTagMessageClass, PidTagLastModificationTime); the
//	                      rows always decode, and encoders refuse others
//
// The keys the registry publishes are those of the columns table
// (spec/rops/columns.tsv, Model.ColumnsKeys), each a constant of package
// codec; a by cell that names another is refused.
//
// Decoders read the columns from the reader's context; without any, a row is
// kept as bytes (PropertyRow.Raw), never laid out by a guess. The count of
// rows or of leading columns (the length cell) stays a field of the struct,
// since undecoded rows cannot give it back. A PropertyRow whose length field
// has the unit bytes takes exactly that many bytes instead (the TableRowData
// of a RopNotify, TableRowDataSize): the row, decoded or kept as bytes, gives
// its size back, so that field is derived like any length.

// contextKey checks a by cell that names a context of columns: "context"
// (a parent's), or one of m.ColumnsKeys, the keys the registry publishes.
func (m *Model) contextKey(cell string) bool {
	return cell == "context" || m.columnsKey(cell) != nil
}

// contextKeyNames lists the by cells that name a context of columns, for an
// error message.
func (m *Model) contextKeyNames() string {
	var names []string
	for _, k := range m.ColumnsKeys {
		names = append(names, k.Key)
	}
	return strings.Join(append(names, "context"), ", ")
}

// rowCount is what the row kinds share: the context key of their columns and
// the stored field that counts rows or leading columns.
type rowCount struct {
	ctx   string
	count *Field
	fixed []uint64 // the columns a "columns TAG..." cell fixes
}

// takeRowBy reads the by cell of a row kind and keeps its count field stored.
func (rc *rowCount) takeRowBy(m *Model, f *Field, cell string) error {
	if tags, ok := strings.CutPrefix(cell, "columns "); ok {
		for _, w := range strings.Fields(tags) {
			v, err := parseValue(w, 32)
			if err != nil {
				return f.row.errorf("%s: by %q: column %q: %v", f.Name, cell, w, err)
			}
			rc.fixed = append(rc.fixed, uint64(v))
		}
	} else if !m.contextKey(cell) {
		return f.row.errorf("%s: by %q: want one of %s, or columns TAG...", f.Name, cell, m.contextKeyNames())
	} else {
		rc.ctx = cell
	}
	if f.Length != nil && !sizedRow(f) {
		rc.count = f.Length
		f.Length.LengthOf = nil // stored: raw rows cannot give their count back
	}
	return nil
}

// columns emits cols and ok, the columns the rows are laid out by: those
// the cell fixes, or the reader's context.
func (rc *rowCount) columns(g *jen.Group) {
	if rc.fixed == nil {
		g.List(jen.Id("cols"), jen.Id("ok")).Op(":=").Id("r").Dot("columns").Call()
		return
	}
	g.List(jen.Id("cols"), jen.Id("ok")).Op(":=").Add(rc.fixedColumns()).Op(",").True()
}

// fixedColumns is the literal of the columns the cell fixes.
func (rc *rowCount) fixedColumns() jen.Code {
	var tags []jen.Code
	for _, t := range rc.fixed {
		tags = append(tags, jen.Id("NewPropertyTag").Call(jen.Op(fmt.Sprintf("0x%08X", t))))
	}
	return jen.Index().Id("PropertyTag").Values(tags...)
}

// checkFixed emits the encoder's test that rows laid out by fixed columns
// are decoded rows of those columns.
func (rc *rowCount) checkFixed(g *jen.Group, rop string, f *Field, rows jen.Code) {
	if rc.fixed == nil {
		return
	}
	v := jen.Id("m").Dot(f.Go)
	g.If(v.Clone().Dot("Raw").Op("!=").Nil().Op("||").Add(rows).Op("&&").Op("!").Qual("slices", "Equal").Call(v.Clone().Dot("Rows").Index(jen.Lit(0)).Dot("Columns"), rc.fixedColumns())).Block(
		encodeError(rop, f, jen.Qual("fmt", "Errorf").Call(jen.Lit("%w: rows not of the columns the document fixes"), jen.Id("ErrUnexpectedValue"))))
}

// countExpr is the count field's value as an int.
func (rc *rowCount) countExpr() jen.Code { return jen.Int().Call(jen.Id("m").Dot(rc.count.Go)) }

// sizedRow reports whether f is a PropertyRow of the size in bytes its length
// field gives (that field's unit is bytes).
func sizedRow(f *Field) bool {
	_, ok := baseKind(f).(*propRow)
	return ok && f.Length != nil && f.Length.Unit == "bytes"
}

// propRow is one PropertyRow ([MS-OXCDATA] 2.8.1) laid out by the columns of
// its context, or by as many of them as its length field counts (a
// RecipientRow's RecipientColumnCount), or taking the bytes its length field
// gives (sizedRow).
type propRow struct{ rowCount }

func (k *propRow) takeBy(m *Model, f *Field, cell string, _ map[string]*Field) error {
	if strings.HasPrefix(cell, "columns ") {
		return f.row.errorf("%s: by %q: fixed columns are for PropertyRow[]", f.Name, cell)
	}
	return k.takeRowBy(m, f, cell)
}

func (k *propRow) goType(*Field) *jen.Statement { return jen.Id("PropertyRow") }
func (k *propRow) fixedSize(*Field) int         { return -1 }
func (k *propRow) minSize(*Field) int           { return 1 }
func (k *propRow) lengths() lengthForms         { return lengthField }
func (k *propRow) lengthOf(f *Field) jen.Code {
	if sizedRow(f) {
		return k.size(f, jen.Id("m").Dot(f.Go))
	}
	return nil
}
func (k *propRow) nonZero(v *jen.Statement) jen.Code {
	return jen.Op("!").Add(v.Clone().Dot("isZero").Call())
}
func (k *propRow) size(_ *Field, v *jen.Statement) jen.Code { return v.Clone().Dot("size").Call() }
func (k *propRow) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Value"] = jen.Op("&").Add(v)
	d["Size"] = k.size(f, v)
}

func (k *propRow) read(g *jen.Group, f *Field) {
	if sizedRow(f) {
		k.readSized(g, f)
		return
	}
	g.BlockFunc(func(g *jen.Group) {
		k.columns(g)
		if k.count != nil {
			g.List(jen.Id("cols"), jen.Err()).Op(":=").Id("r").Dot("leadingColumns").Call(jen.Id("cols"), jen.Id("ok"), k.countExpr(), jen.Lit(k.count.Name))
			g.Add(returnErr())
		}
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("propertyRow").Call(jen.Id("cols"), jen.Id("ok"), jen.Lit(f.Name))
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

// readSized reads a row through a reader limited to the size its length
// field gave, which the row must fill.
func (k *propRow) readSized(g *jen.Group, f *Field) {
	name := jen.Lit(f.Name)
	g.BlockFunc(func(g *jen.Group) {
		k.columns(g)
		g.List(jen.Id("sub"), jen.Err()).Op(":=").Id("r").Dot("limit").Call(jen.Id(lengthVar(f.Length)), name)
		g.Add(returnErr())
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("sub").Dot("propertyRow").Call(jen.Id("cols"), jen.Id("ok"), name)
		g.Add(returnErr())
		g.Add(errCheck(jen.Id("r").Dot("endLimit").Call(jen.Op("&").Id("sub"), name)))
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *propRow) encodeCheck(g *jen.Group, rop string, f *Field) {
	if sizedRow(f) {
		guardNesting(g, rop, f)
		g.If(k.size(f, jen.Id("m").Dot(f.Go)).(*jen.Statement).Clone().Op(">").Add(maxLength(f.Length, 0))).Block(encodeError(rop, f, jen.Id("ErrTooLong")))
	}
	var count jen.Code = jen.Lit(-1)
	if k.count != nil {
		count = k.countExpr()
	}
	g.If(jen.Err().Op(":=").Id("m").Dot(f.Go).Dot("check").Call(count), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err()))
}

func (k *propRow) write(g *jen.Group, f *Field) {
	g.Block(appendChecked(jen.Id("m").Dot(f.Go), f, nil)...)
}

// propRowSet is PropertyRow[]: as many rows as its length field counts
// ([MS-OXCDATA] 2.8.2 without the count, which the ROPs carry apart), all
// laid out by the columns of its context.
type propRowSet struct{ rowCount }

func (k *propRowSet) takeBy(m *Model, f *Field, cell string, _ map[string]*Field) error {
	if f.Length == nil {
		return f.row.errorf("%s: a PropertyRow[] needs a length field counting its rows", f.Name)
	}
	return k.takeRowBy(m, f, cell)
}

func (k *propRowSet) goType(*Field) *jen.Statement { return jen.Id("PropertyRowSet") }
func (k *propRowSet) fixedSize(*Field) int         { return -1 }
func (k *propRowSet) minSize(*Field) int           { return 0 }
func (k *propRowSet) lengths() lengthForms         { return lengthField }
func (k *propRowSet) lengthOf(*Field) jen.Code     { return nil }
func (k *propRowSet) nonZero(v *jen.Statement) jen.Code {
	return jen.Op("!").Add(v.Clone().Dot("isZero").Call())
}
func (k *propRowSet) size(_ *Field, v *jen.Statement) jen.Code { return v.Clone().Dot("size").Call() }
func (k *propRowSet) visit(f *Field, v *jen.Statement, d fieldDict) {
	d["Value"] = jen.Op("&").Add(v)
	d["Size"] = k.size(f, v)
	d["Len"] = jen.Len(v.Clone().Dot("Rows"))
	d["Elem"] = elemFunc(fieldDict{
		"Value": jen.Op("&").Add(v.Clone().Dot("Rows").Index(jen.Id("i"))),
		"Size":  v.Clone().Dot("Rows").Index(jen.Id("i")).Dot("size").Call(),
	})
}

func (k *propRowSet) read(g *jen.Group, f *Field) {
	g.BlockFunc(func(g *jen.Group) {
		k.columns(g)
		g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("propertyRowSet").Call(k.countExpr(), jen.Id("cols"), jen.Id("ok"), jen.Lit(f.Name))
		g.Add(returnErr())
		g.Id("m").Dot(f.Go).Op("=").Id("v")
	})
}

func (k *propRowSet) encodeCheck(g *jen.Group, rop string, f *Field) {
	g.If(jen.Err().Op(":=").Id("m").Dot(f.Go).Dot("check").Call(k.countExpr()), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err()))
	k.checkFixed(g, rop, f, jen.Len(jen.Id("m").Dot(f.Go).Dot("Rows")).Op(">").Lit(0))
}

func (k *propRowSet) write(g *jen.Group, f *Field) {
	g.Block(appendChecked(jen.Id("m").Dot(f.Go), f, nil)...)
}

// takeColumnsBy reads the by cell of a structure or a list of them: the
// earlier PropertyTag[] field whose columns the rows inside take, or a
// context key for a ROP whose nested rows take the Decoder's columns.
func takeColumnsBy(m *Model, f *Field, cell string, earlier map[string]*Field) (*Field, string, error) {
	if cell == "" {
		return nil, "", nil
	}
	if m.contextKey(cell) {
		return nil, cell, nil
	}
	src := earlier[cell]
	if sl, ok := kindOf[*structList](src); !ok || sl.elem.Type != "PropertyTag" || !src.InStruct() {
		return nil, "", f.row.errorf("%s: by %q: want an earlier PropertyTag[] field or a context key", f.Name, cell)
	}
	return src, "", nil
}

// checkColumnsBy checks, once every structure's fields are read, that a list
// or structure with a by cell holds rows that take their columns from it.
func checkColumnsBy(f *Field, elem *Message, from *Field, ctx string) error {
	if (from != nil || ctx != "") && !takesColumns(elem) {
		return f.row.errorf("%s: a by cell, but no row in %s takes its columns from a context", f.Name, elem.Type)
	}
	return nil
}

// takesColumns reports whether msg holds, itself or in its structures, a
// row whose columns come from its context.
func takesColumns(msg *Message) bool {
	return holds(msg, func(m *Message) bool {
		return slices.ContainsFunc(m.Fields, func(f *Field) bool {
			k, ok := baseKind(f).(*propRow)
			return ok && k.ctx == "context"
		})
	}, map[*Message]bool{})
}

// withColumns wraps the code that reads or checks the rows under a list or
// structure that gives them its message's columns.
func withColumns(g *jen.Group, from *Field, body func(g *jen.Group)) {
	if from == nil {
		body(g)
		return
	}
	g.BlockFunc(func(g *jen.Group) {
		g.Id("saved").Op(":=").Id("r").Dot("setColumns").Call(jen.Id("m").Dot(from.Go))
		body(g)
		g.Id("r").Dot("ctx").Op("=").Id("saved")
	})
}

// checkColumnsCall is the encoder's test that the rows inside v take the
// columns of from.
func checkColumnsCall(rop string, f *Field, v jen.Code, from *Field) jen.Code {
	return jen.If(jen.Err().Op(":=").Add(v).Dot("checkColumns").Call(jen.Id("m").Dot(from.Go)), jen.Err().Op("!=").Nil()).Block(encodeError(rop, f, jen.Err()))
}

// checkColumnsCode renders checkColumns for a structure that holds rows
// taking their columns from a context: every such row must be laid out by
// cols (a leading part of them, for a row with a count of columns).
func checkColumnsCode(f *jen.File, msg *Message) {
	if !takesColumns(msg) {
		return
	}
	f.Commentf("checkColumns reports whether the rows in %s that take their columns from their", msg.Type)
	f.Comment("context are laid out by cols, as a decoder given cols would lay them out.")
	f.Add(recv(msg).Id("checkColumns").Params(jen.Id("cols").Index().Id("PropertyTag")).Error().BlockFunc(func(g *jen.Group) {
		for _, fl := range msg.Fields {
			call := func(v *jen.Statement) jen.Code {
				return jen.If(jen.Err().Op(":=").Add(v).Dot("checkColumns").Call(jen.Id("cols")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			}
			if k, ok := baseKind(fl).(*propRow); ok && k.ctx == "context" {
				g.Add(call(jen.Id("m").Dot(fl.Go)))
			} else {
				inStructures(g, fl, takesColumns, call)
			}
		}
		g.Return(jen.Nil())
	}))
}

// columnsContextOf is the context key of the columns msg's rows take, for
// the registry: that of a row field or of a structure field that passes the
// Decoder's columns on; "" for a message whose layout needs no columns.
func columnsContextOf(msg *Message) string {
	for _, f := range msg.Fields {
		switch k := baseKind(f).(type) {
		case *propRow:
			if k.ctx != "context" {
				return k.ctx
			}
		case *propRowSet:
			return k.ctx
		case *structList:
			if k.ctx != "" {
				return k.ctx
			}
		case *structure:
			if k.ctx != "" {
				return k.ctx
			}
		}
	}
	return ""
}
