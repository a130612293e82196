package main

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// oxcdataJSON renders a field that holds an [MS-OXCDATA] structure, as
// oxcdataField does for text: a property tag, a tagged value and a
// restriction as a struct with its readable form in text; a value as type
// "value", a row as "row", the rows of a RopQueryRows response as "rows".
func oxcdataJSON(f codec.Field, off int) jsonField {
	j := jsonField{Name: f.Name}
	switch v := f.Value.(type) {
	case *codec.PropertyTag:
		j.Type, j.Fields, j.Text = "struct", fieldsJSON(v, off), tagText(*v)
	case *codec.TaggedPropertyValue:
		j.Type, j.Fields, j.Text = "struct", fieldsJSON(v, off), tagName(v.PropertyTag)+": "+valueText(v.PropertyValue)
	case codec.Restriction:
		j.Type, j.Fields, j.Text = "struct", fieldsJSON(v, off), fmt.Sprint(v)
	case codec.PropertyValue:
		j.Type, j.ValueType, j.Text = "value", v.Type.String(), v.String()
	case *codec.PropertyRow:
		return rowJSON(f.Name, v)
	case *codec.PropertyRowSet:
		j.Type = "rows"
		if v.Raw != nil {
			size := len(v.Raw)
			j.Size, j.Hex, j.Text = &size, fmt.Sprintf("%X", v.Raw), v.Undecoded().Error()
			break
		}
		count := len(v.Rows)
		j.Count, j.Elements = &count, []jsonField{}
		for i := range v.Rows {
			r := rowJSON("", &v.Rows[i])
			idx := i
			r.Index = &idx
			j.Elements = append(j.Elements, r)
		}
	}
	return j
}

// rowJSON renders a row: its kind in text and a "value" element a column,
// named by the column, with its tag and, in a flagged row, its status
// (value, none or error); a row kept as bytes as its size and hex, with why
// in text.
func rowJSON(name string, row *codec.PropertyRow) jsonField {
	j := jsonField{Name: name, Type: "row"}
	if row.Raw != nil {
		size := len(row.Raw)
		j.Size, j.Hex, j.Text = &size, fmt.Sprintf("%X", row.Raw), row.Undecoded().Error()
		return j
	}
	j.Text, j.Elements = rowKind(row), []jsonField{}
	for i, v := range row.Values {
		c := row.Columns[i]
		e := jsonField{Name: columnLabel(c), Type: "value", Tag: fmt.Sprintf("0x%08X", c.Tag()), ValueType: v.Type.String(), Text: v.Value.String()}
		if row.Flag == codec.PropertyRowFlagged {
			e.Status = [...]string{codec.PropertyFlagValue: "value", codec.PropertyFlagNone: "none", codec.PropertyFlagError: "error"}[v.Flag]
		}
		if v.Flag == codec.PropertyFlagNone {
			e.Text = ""
		}
		j.Elements = append(j.Elements, e)
	}
	return j
}
