package main

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// jsonROP is one decoded ROP in the output of decode --json; see
// decodeUsage.
type jsonROP struct {
	Index       int         `json:"index"`
	Offset      int         `json:"offset"`
	Size        int         `json:"size"`
	ROP         string      `json:"rop"`
	RopID       uint8       `json:"rop_id"`
	Type        string      `json:"type"`
	Title       string      `json:"title"`
	Fields      []jsonField `json:"fields"`
	LogonAction string      `json:"logon_action,omitempty"`
	Doubt       string      `json:"doubt,omitempty"`
}

// jsonField is one field of a ROP or structure; which members it has
// depends on its type (see decodeUsage).
type jsonField struct {
	Index    *int        `json:"index,omitempty"`
	Name     string      `json:"name,omitempty"`
	Type     string      `json:"type"`
	Value    any         `json:"value,omitempty"`
	Hex      string      `json:"hex,omitempty"`
	Unit     string      `json:"unit,omitempty"`
	ROP      string      `json:"rop,omitempty"`
	Code     string      `json:"code,omitempty"`
	Names    string      `json:"names,omitempty"`
	Text     string      `json:"text,omitempty"`
	Size     *int        `json:"size,omitempty"`
	Count    *int        `json:"count,omitempty"`
	Fields   []jsonField `json:"fields,omitempty"`
	Elements []jsonField `json:"elements,omitempty"`
	Requests []jsonROP   `json:"requests,omitempty"`
	// The members of a property value (propjson.go).
	Tag       string `json:"tag,omitempty"`
	ValueType string `json:"value_type,omitempty"`
	Status    string `json:"status,omitempty"`
}

// ropJSON describes a ROP, element i of its list, at offset off of the
// input and n bytes long.
func ropJSON(rop codec.ROP, i, off, n int) jsonROP {
	info := rop.Info()
	jr := jsonROP{Index: i, Offset: off, Size: n, ROP: info.ROP, RopID: rop.RopID(), Type: info.Type, Title: info.Title}
	jr.Fields = fieldsJSON(rop, off)
	if r, ok := rop.(codec.RopLogonResponse); ok {
		jr.LogonAction = errors.LogonActionFor(r.Status()).String()
	}
	return jr
}

// fieldsJSON lists the fields of m, which starts at offset off of the
// input, leaving out what the text output leaves out (see addFields).
func fieldsJSON(m codec.Message, off int) []jsonField {
	fs := []jsonField{}
	for f := range m.Fields() {
		if !hiddenField(f) {
			fs = append(fs, fieldJSON(f, off))
		}
		off = advance(off, f.Size)
	}
	return fs
}

// fieldJSON renders one field, at offset off of the input, by its type, as
// fieldOf does for text.
func fieldJSON(f codec.Field, off int) jsonField {
	j := jsonField{Name: f.Name}
	switch v := f.Value.(type) {
	case errors.EC:
		j.Type, j.Value, j.Hex, j.Code = "ec", uint32(v), fmt.Sprintf("0x%08X", uint32(v)), v.Code().Name()
	case errors.Win32:
		j.Type, j.Value, j.Hex, j.Code = "win32", uint32(v), fmt.Sprintf("0x%08X", uint32(v)), v.Code().Name()
	case codec.GUID:
		j.Type, j.Value = "guid", v.String()
	case string:
		j.Type, j.Value = "string", v
	case []byte:
		size := len(v)
		j.Type, j.Size, j.Hex = "bytes", &size, fmt.Sprintf("%X", v)
		if f.Unit == "requests" {
			if rs := requestsIn(v, off); len(rs) > 0 {
				j.Requests = rs
			}
		}
	case codec.PropertyValue, *codec.PropertyTag, *codec.TaggedPropertyValue, codec.Restriction, *codec.PropertyRow, *codec.PropertyRowSet:
		return oxcdataJSON(f, off)
	case codec.Message:
		j.Type, j.Fields = "struct", fieldsJSON(v, off)
		if t, ok := v.(*codec.LogonTime); ok {
			j.Text = logonTime(*t)
		}
	case fmt.Stringer: // a flag type
		j.Type, j.Value, j.Hex, j.Names = "flags", f.Uint, fmt.Sprintf("0x%0*X", 2*f.Size, f.Uint), v.String()
		if f.Uint == 0 {
			j.Names = ""
		}
	default:
		switch {
		case f.Elem != nil:
			j.Type = "list"
			count := f.Len
			j.Count = &count
			j.Elements = []jsonField{}
			for i := range f.Len {
				e := f.Elem(i)
				ej := fieldJSON(e, off)
				idx := i
				ej.Index = &idx
				j.Elements = append(j.Elements, ej)
				off = advance(off, e.Size)
			}
		case isUint(f.Value):
			j.Type, j.Value, j.Hex, j.Unit = "uint", f.Uint, fmt.Sprintf("0x%0*X", 2*f.Size, f.Uint), f.Unit
			if f.Unit == "RopId" {
				j.ROP = ropName(uint8(f.Uint))
			}
		default:
			j.Type, j.Text = "other", fmt.Sprint(f.Value)
		}
	}
	return j
}

// isUint reports whether v is an unsigned integer.
func isUint(v any) bool {
	switch v.(type) {
	case uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

// requestsIn returns the ROP requests that b, at offset off of the input,
// holds, when all of it decodes as requests.
func requestsIn(b []byte, off int) []jsonROP {
	w := codec.WalkRequests(b)
	var out []jsonROP
	for w.Next() {
		out = append(out, ropJSON(w.ROP(), len(out), off+w.Offset(), w.Size()))
	}
	if w.Err() != nil {
		return nil
	}
	return out
}
