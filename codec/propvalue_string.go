package codec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The readable forms of property values and rows, for tools that show them:
// a value as its type reads (numbers, quoted strings, times in UTC, error
// codes by name), a row as its columns by name with their values.

// String returns v as its type reads: 42, true, 1.5, "Inbox", 2024-11-19T13:45:30Z,
// ecNotFound (0x8004010F), a GUID in registry form, bytes in hex with their
// count ([3] 01 02 03), a Restriction as an expression, the values of a
// multivalued type in brackets; null for PtypNull.
func (v PropertyValue) String() string {
	w := v.Type.wire()
	switch w.form {
	case formInt:
		return strconv.FormatInt(v.Int(), 10)
	case formCurrency:
		return currencyString(v.Int())
	case formFloat:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case formApptime:
		return apptime(v.Float())
	case formBoolean:
		return strconv.FormatBool(v.Bool())
	case formErrorcode:
		return ecString(uint32(v.Uint))
	case formFiletime:
		return filetimeString(v.Uint)
	case formGuid:
		return v.GUID.String()
	case formUTF16Z, formString8Z:
		return strconv.Quote(v.Text)
	case formCounted:
		return bytesString(v.Bytes)
	case formRestriction:
		return restrictionString(v.Restriction)
	case formRuleaction:
		return fmt.Sprintf("%d action blocks", len(v.Binaries))
	case formMultiple:
		return v.elementsString(w)
	case formNone:
		return "null"
	}
	return fmt.Sprintf("%v value", v.Type)
}

// elementsString is the values of a multivalued v in brackets.
func (v PropertyValue) elementsString(w propertyWire) string {
	var parts []string
	for _, x := range v.Uints {
		parts = append(parts, PropertyValue{Type: w.elem, Uint: x}.String())
	}
	for _, g := range v.GUIDs {
		parts = append(parts, g.String())
	}
	for _, s := range v.Strings {
		parts = append(parts, strconv.Quote(s))
	}
	for _, b := range v.Binaries {
		parts = append(parts, bytesString(b))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// ecString is an error code by name and value.
func ecString(x uint32) string {
	name := PropertyValue{Type: PtypErrorCode, Uint: uint64(x)}.EC().String()
	return fmt.Sprintf("%s (0x%08X)", name, x)
}

// filetimeString is a FILETIME in UTC, or the number when it is out of range.
func filetimeString(x uint64) string {
	if x == 0 || x > math.MaxInt64 {
		return fmt.Sprintf("FILETIME 0x%016X", x)
	}
	return filetime(x).Format(time.RFC3339Nano)
}

// apptime is a PtypFloatingTime: days since 1899-12-30, the fraction the time.
func apptime(days float64) string {
	if math.IsNaN(days) || math.Abs(days) > 3e6 {
		return strconv.FormatFloat(days, 'g', -1, 64) + " days"
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(days * 24 * float64(time.Hour)))
	return t.Format(time.RFC3339Nano)
}

// currencyString is a PtypCurrency: ten-thousandths, written with 4 decimals.
func currencyString(x int64) string {
	sign := ""
	u := uint64(x)
	if x < 0 {
		sign, u = "-", uint64(-x)
	}
	return fmt.Sprintf("%s%d.%04d", sign, u/10000, u%10000)
}

// bytesString is bytes in hex with their count: [3] 01 02 03, at most 32
// of them shown.
func bytesString(b []byte) string {
	shown := b
	if len(shown) > 32 {
		shown = shown[:32]
	}
	s := fmt.Sprintf("[%d] % X", len(b), shown)
	if len(b) > len(shown) {
		s += " ..."
	}
	return strings.TrimSpace(s)
}

// String returns the value, or what stands in its place in a flagged row:
// "not found" for no value, "error ecX (0x...)" for an error code.
func (v RowValue) String() string {
	switch v.Flag {
	case PropertyFlagNone:
		return "not found"
	case PropertyFlagError:
		return "error " + v.Value.String()
	}
	return v.Value.String()
}

// String returns the row as "{PidTagDisplayName: "Inbox", 0x0E080003: 42}",
// or, for a row kept as bytes, how many bytes and why.
func (row PropertyRow) String() string {
	if row.Raw != nil {
		return fmt.Sprintf("%d bytes, %v", len(row.Raw), ErrNoColumns)
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range row.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(columnName(row.Columns[i]))
		b.WriteString(": ")
		b.WriteString(v.String())
	}
	b.WriteByte('}')
	return b.String()
}

// String returns the rows one a line, or, for rows kept as bytes, how many
// bytes and why.
func (s PropertyRowSet) String() string {
	if s.Raw != nil {
		return fmt.Sprintf("%d bytes, %v", len(s.Raw), ErrNoColumns)
	}
	rows := make([]string, len(s.Rows))
	for i, r := range s.Rows {
		rows[i] = r.String()
	}
	return strings.Join(rows, "\n")
}

// String returns "PidTagDisplayName = "Inbox"".
func (t TaggedPropertyValue) String() string {
	return columnName(t.PropertyTag) + " = " + t.PropertyValue.String()
}

// columnName is a property by its name, or its tag in hex.
func columnName(t PropertyTag) string {
	if n := t.Name(); n != "" {
		return n
	}
	return fmt.Sprintf("0x%08X", t.Tag())
}
