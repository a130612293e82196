package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// ropName returns "RopLogon" for 0xFE, or "RopId 0x05" for a RopId this
// command cannot decode, from the codec's registry.
func ropName(id uint8) string {
	if r := codec.LookupROP(id); r != nil {
		return r.Name
	}
	return fmt.Sprintf("RopId 0x%02X", id)
}

// ropNode describes one decoded ROP: its title from the registry, its fields
// as the codec's visitor yields them, and, for a RopLogon response, what a
// client does next. off is the ROP's offset in the input, so that byte
// fields are dumped with their offsets.
func ropNode(rop codec.ROP, off int) node {
	t := node{title: rop.Info().Title}
	addFields(&t, rop, off)
	if r, ok := rop.(codec.RopLogonResponse); ok {
		t.add("Logon action", logonActionText(errors.LogonActionFor(r.Status())))
	}
	return t
}

// addFields adds the fields of m, which starts at offset off of the input
// (-1 when unknown), to t. The RopId is in the title, and size, count and
// offset fields are shown with the field they size or place ("2 strings"),
// so none is listed (see hiddenField).
func addFields(t *node, m codec.Message, off int) {
	for f := range m.Fields() {
		if !hiddenField(f) {
			t.f = append(t.f, fieldOf(f, off))
		}
		off = advance(off, f.Size)
	}
}

// fieldOf renders one field, at offset off of the input. The renderings are
// chosen by the field's type: status codes by name, flags by their bit
// names, GUIDs in registry form, a LogonTime as a date, strings quoted,
// bytes as a dump, structures and lists field by field.
func fieldOf(f codec.Field, off int) field {
	switch v := f.Value.(type) {
	case errors.EC:
		return field{label: f.Name, value: codeText(v.Code())}
	case errors.Win32:
		return field{label: f.Name, value: codeText(v.Code())}
	case codec.GUID:
		return field{label: f.Name, value: v.String(), wrap: wrapLiteral}
	case *codec.LogonTime:
		return field{label: f.Name, value: logonTime(*v)}
	case string:
		return field{label: f.Name, value: quote(v), wrap: wrapLiteral}
	case []byte:
		return bytesField(f.Name, v, f.Unit, off)
	case codec.PropertyValue, *codec.PropertyTag, *codec.TaggedPropertyValue, codec.Restriction, *codec.PropertyRow, *codec.PropertyRowSet:
		return oxcdataField(f, off)
	case codec.Message:
		var n node
		addFields(&n, v, off)
		return field{label: f.Name, kids: []node{n}}
	case fmt.Stringer: // a flag type
		return field{label: f.Name, value: flagText(f.Uint, 2*f.Size, v.String()), wrap: wrapLiteral}
	}
	switch {
	case f.Elem != nil:
		return listField(f, off)
	case !isUint(f.Value):
		// A [N]byte, which fmt writes as the bytes it holds.
		return field{label: f.Name, value: fmt.Sprintf("% X", f.Value)}
	}
	return field{label: f.Name, value: intText(f)}
}

// bytesField dumps b, at offset off of the input, 16 bytes a line. Bytes
// that the table says hold ROP requests are also shown as requests, when
// they decode, as a reader of a capture wants to know which ones they are.
func bytesField(name string, b []byte, unit string, off int) field {
	kids := hexDump(b, off)
	if unit == "requests" {
		var rs node
		w := codec.WalkRequests(b)
		for w.Next() {
			rn := ropNode(w.ROP(), off+w.Offset())
			title := rn.title
			rn.title = ""
			rs.f = append(rs.f, field{
				label: index(len(rs.f)),
				value: fmt.Sprintf("%s (RopId 0x%02X, %d bytes at offset %d)", title, w.ROP().RopID(), w.Size(), off+w.Offset()),
				kids:  []node{rn},
			})
		}
		if w.Err() == nil && len(rs.f) > 0 {
			kids = append(kids, node{f: []field{{
				label: "As requests",
				value: plural(len(rs.f), "request", "requests"),
				kids:  []node{rs},
			}}})
		}
	}
	return field{label: name, value: plural(len(b), "byte", "bytes"), kids: kids}
}

// listField renders the elements of an array or list, each on its own line
// labelled with its index. A structure whose fields each take one short
// line is written on one line, its fields joined by commas.
func listField(f codec.Field, off int) field {
	var n node
	for i := range f.Len {
		e := f.Elem(i)
		el := fieldOf(e, off)
		if _, ok := e.Value.(codec.Message); ok {
			el = inline(el)
		}
		el.label = index(i)
		if e.Name != "" {
			el.value += " " + e.Name
		}
		n.f = append(n.f, el)
		off = advance(off, e.Size)
	}
	one, many := elementWords(f)
	return field{label: f.Name, value: plural(f.Len, one, many), kids: []node{n}}
}

// elementWords names the elements of a list: strings, values (integers) or
// entries (structures).
func elementWords(f codec.Field) (one, many string) {
	v := f.Value
	if f.Len > 0 {
		v = f.Elem(0).Value
	}
	switch v.(type) {
	case string, []string:
		return "string", "strings"
	case codec.Message:
		return "entry", "entries"
	case []uint8, []uint16, []uint32, []uint64:
		return "value", "values"
	}
	if f.Len > 0 {
		return "value", "values"
	}
	return "entry", "entries"
}

// inline writes a structure's fields on one line when each is a short value.
func inline(f field) field {
	if len(f.kids) != 1 {
		return f
	}
	var parts []string
	for _, k := range f.kids[0].f {
		if len(k.kids) > 0 || k.value == "" {
			return f
		}
		parts = append(parts, k.label+" "+k.value)
	}
	return field{label: f.label, value: strings.Join(parts, ", ")}
}

// intText renders an unsigned integer: with the unit the table gives it in
// decimal and hex, a RopId with the ROP's name, and otherwise a byte in
// decimal (handle indexes, logon IDs) and wider ones in hex.
func intText(f codec.Field) string {
	switch {
	case f.Unit == "RopId":
		return fmt.Sprintf("0x%02X (%s)", f.Uint, ropName(uint8(f.Uint)))
	case f.Unit != "":
		return fmt.Sprintf("%d %s (0x%0*X)", f.Uint, f.Unit, 2*f.Size, f.Uint)
	case f.Size == 1:
		return strconv.FormatUint(f.Uint, 10)
	}
	return fmt.Sprintf("0x%0*X", 2*f.Size, f.Uint)
}

// logonActionText says what a client does after a RopLogon that returned a
// code with action a, in the words of spec/reconnect/logon-actions.tsv.
func logonActionText(a errors.LogonAction) string {
	return a.String() + ": " + a.Summary()
}

// xResponseActionText says what a MAPI/HTTP client does after an
// X-ResponseCode with action a, in the words of the table.
func xResponseActionText(a errors.XResponseAction) string {
	return a.String() + ": " + a.Summary()
}

// codeText gives a status code by name and value: "ecNone (0x00000000)",
// or "0x0000ABCD (not in the EC table)".
func codeText(c errors.Code) string {
	if n := c.Name(); n != "" {
		return fmt.Sprintf("%s (0x%08X)", n, c.Value)
	}
	return fmt.Sprintf("0x%08X (not in the %v table)", c.Value, c.Namespace)
}

// flagText gives a flag field in hex (digits wide) and by its bit names.
func flagText(v uint64, digits int, names string) string {
	if v == 0 {
		names = "none"
	}
	return fmt.Sprintf("0x%0*X %s", digits, v, names)
}

// logonTime gives a LogonTime as a date, a time and the weekday the
// DayOfWeek field names, or says that it is unset when every field is 0 (no
// date at all, rather than the year 0). Fields out of range are shown as
// they are, and a DayOfWeek that disagrees with the date is pointed out.
func logonTime(t codec.LogonTime) string {
	if t == (codec.LogonTime{}) {
		return "unset (all fields 0)"
	}
	s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", t.Year, t.Month, t.Day, t.Hour, t.Minutes, t.Seconds)
	if t.DayOfWeek > 6 {
		return s + fmt.Sprintf(" (DayOfWeek %d is not a weekday)", t.DayOfWeek)
	}
	day := time.Weekday(t.DayOfWeek)
	s += " (" + day.String() + ")"
	if t.Month >= 1 && t.Month <= 12 && t.Day >= 1 {
		d := time.Date(int(t.Year), time.Month(t.Month), int(t.Day), 0, 0, 0, 0, time.UTC)
		if d.Day() == int(t.Day) && d.Weekday() != day {
			s += fmt.Sprintf("; the date is a %s", d.Weekday())
		}
	}
	return s
}

func quote(s string) string { return strconv.Quote(s) }

// index labels element i of a list.
func index(i int) string { return "[" + strconv.Itoa(i) + "]" }

// advance moves the offset off of the input past n bytes; an unknown
// offset (-1) stays unknown.
func advance(off, n int) int {
	if off < 0 {
		return off
	}
	return off + n
}
