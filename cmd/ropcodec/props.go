package main

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// The [MS-OXCDATA] structures as people read them: a property tag by its
// PidTag name ([MS-OXPROPS]) with its type, a property value by its type, a
// row as its columns by name with their values, a restriction as an
// expression.

// tagText writes a property tag: "PidTagDisplayName (0x3001001F), PtypString",
// or the tag and type alone for a property the table of well-known
// properties does not list. A tag whose ID the table lists with another
// type (Outlook asks for PtypString8 forms) is named by that ID.
func tagText(t codec.PropertyTag) string { return tagName(t) + ", " + t.Type().String() }

// tagName writes a property tag without its type: "PidTagDisplayName
// (0x3001001F)", or "0x3001001F".
func tagName(t codec.PropertyTag) string {
	if n := propertyName(t); n != "" {
		return fmt.Sprintf("%s (0x%08X)", n, t.Tag())
	}
	return fmt.Sprintf("0x%08X", t.Tag())
}

// columnLabel labels a column of a row: its PidTag name, or its tag in hex.
func columnLabel(t codec.PropertyTag) string {
	if n := propertyName(t); n != "" {
		return n
	}
	return fmt.Sprintf("0x%08X", t.Tag())
}

// propertyName is the PidTag name of t, or of the one property the table
// lists with t's ID under another type; "" for neither.
func propertyName(t codec.PropertyTag) string {
	if n := t.Name(); n != "" {
		return n
	}
	n, _ := t.NameByID()
	return n
}

// valueText writes a property value by its type: `PtypString "Inbox"`.
func valueText(v codec.PropertyValue) string {
	return fmt.Sprintf("%v %v", v.Type, v)
}

// rowValueText writes the value of a column: the value by its type, or what
// a flagged row has in its place, as codec.RowValue writes it.
func rowValueText(v codec.RowValue) string {
	if v.Flag != codec.PropertyFlagValue {
		return v.String()
	}
	return valueText(v.Value)
}

// rowKind names the kind of a row by its Flag ([MS-OXCDATA] 2.8.1).
func rowKind(row *codec.PropertyRow) string {
	if row.Flag == codec.PropertyRowFlagged {
		return "FlaggedPropertyRow"
	}
	return "StandardPropertyRow"
}

// rowField renders a row: its kind, then a line a column, labelled with the
// column's name; a row kept as bytes is dumped, with why. off is the row's
// offset in the input (-1 when not known).
func rowField(label string, row *codec.PropertyRow, off int) field {
	if row.Raw != nil {
		return field{label: label, value: fmt.Sprintf("%s, %v", plural(len(row.Raw), "byte", "bytes"), row.Undecoded()), kids: hexDump(row.Raw, off)}
	}
	var n node
	for i, v := range row.Values {
		n.f = append(n.f, field{label: columnLabel(row.Columns[i]), value: rowValueText(v), wrap: valueWrap(v.Value)})
	}
	return field{label: label, value: fmt.Sprintf("%s, %s", rowKind(row), plural(len(row.Values), "column", "columns")), kids: []node{n}}
}

// rowSetField renders the rows of a RopQueryRows or RopExpandRow response.
func rowSetField(label string, s *codec.PropertyRowSet, off int) field {
	if s.Raw != nil {
		return field{label: label, value: fmt.Sprintf("%s, %v", plural(len(s.Raw), "byte", "bytes"), s.Undecoded()), kids: hexDump(s.Raw, off)}
	}
	var n node
	for i := range s.Rows {
		r := rowField(index(i), &s.Rows[i], -1)
		n.f = append(n.f, r)
	}
	return field{label: label, value: plural(len(s.Rows), "row", "rows"), kids: []node{n}}
}

// oxcdataField renders a field that holds one of the structures above.
func oxcdataField(f codec.Field, off int) field {
	switch v := f.Value.(type) {
	case *codec.PropertyTag:
		return field{label: f.Name, value: tagText(*v), wrap: wrapLiteral}
	case *codec.TaggedPropertyValue:
		return field{label: f.Name, value: tagName(v.PropertyTag) + ": " + valueText(v.PropertyValue), wrap: valueWrap(v.PropertyValue)}
	case codec.Restriction:
		return field{label: f.Name, value: fmt.Sprint(v)}
	case *codec.PropertyRow:
		return rowField(f.Name, v, off)
	case *codec.PropertyRowSet:
		return rowSetField(f.Name, v, off)
	case codec.PropertyValue:
		return field{label: f.Name, value: valueText(v), wrap: valueWrap(v)}
	}
	return field{label: f.Name, value: fmt.Sprint(f.Value)}
}

// valueWrap is how a value's text may be broken: a string only where a
// literal may be, other values (bytes, lists of numbers) at spaces.
func valueWrap(v codec.PropertyValue) wrapMode {
	if v.Text != "" || len(v.Strings) > 0 {
		return wrapLiteral
	}
	return wrapWords
}
