package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/ropcodec/ropcodec/errors"
)

// PropertyValue is the value of a property ([MS-OXCDATA] 2.11.2.1) as its
// PropertyType lays it out in a ROP buffer, where the type is not written
// beside it but given by a tag or a column. Type says which of the other
// fields holds the value; the rest are zero:
//
//   - Uint: the fixed-size types (integers, PtypBoolean, PtypErrorCode,
//     PtypTime, PtypCurrency, and the bits of the floating-point types), as
//     the bytes on the wire, zero-extended; see Int, Float, Time, Bool, EC.
//   - GUID: PtypGuid.
//   - Text: PtypString, as UTF-8, and PtypString8, its bytes as they are
//     (their code page is given elsewhere).
//   - Bytes: PtypBinary and PtypServerId.
//   - Restriction: PtypRestriction.
//   - Uints, GUIDs, Strings, Binaries: the multivalued types, one element a
//     value; Binaries also holds the action blocks of a PtypRuleAction, each
//     without its 16-bit length.
//
// PtypNull has no value; PtypObject and PtypUnspecified have no form of
// their own in a ROP buffer, so no PropertyValue holds them.
type PropertyValue struct {
	Type        PropertyType
	Uint        uint64
	GUID        GUID
	Text        string
	Bytes       []byte
	Restriction Restriction
	Uints       []uint64
	GUIDs       []GUID
	Strings     []string
	Binaries    [][]byte
}

// Int returns a signed integer type's value (PtypInteger16, 32 and 64, and
// PtypCurrency, in ten-thousandths), sign-extended from its size.
func (v PropertyValue) Int() int64 { return signExtend(v.Uint, v.Type.wire().size) }

// Float returns a floating-point type's value (PtypFloating32 and 64, and
// PtypFloatingTime in days since 1899-12-30).
func (v PropertyValue) Float() float64 {
	if v.Type.wire().size == 4 {
		return float64(math.Float32frombits(uint32(v.Uint)))
	}
	return math.Float64frombits(v.Uint)
}

// Bool returns a PtypBoolean's value: true for any byte but 0.
func (v PropertyValue) Bool() bool { return v.Uint != 0 }

// EC returns a PtypErrorCode's value as the error code it is.
func (v PropertyValue) EC() errors.EC { return errors.EC(uint32(v.Uint)) }

// Time returns a PtypTime's value (a FILETIME, in UTC) as a time.Time.
func (v PropertyValue) Time() time.Time { return filetime(v.Uint) }

// filetime is the instant of a FILETIME: x 100-ns intervals since 1601-01-01 UTC.
func filetime(x uint64) time.Time {
	const perSecond, unixEpoch = 10_000_000, 11_644_473_600 // FILETIME seconds before 1970
	return time.Unix(int64(x/perSecond)-unixEpoch, int64(x%perSecond)*100).UTC()
}

// signExtend reads the low size bytes of x as a two's-complement integer.
func signExtend(x uint64, size int) int64 {
	if size <= 0 || size >= 8 {
		return int64(x)
	}
	shift := 64 - 8*size
	return int64(x<<shift) >> shift
}

// isZero reports whether v is the zero PropertyValue (a conditional field
// left out).
func (v *PropertyValue) isZero() bool {
	return v.Type == 0 && v.Uint == 0 && v.GUID == GUID{} && v.Text == "" && v.Bytes == nil &&
		v.Restriction == nil && v.Uints == nil && v.GUIDs == nil && v.Strings == nil && v.Binaries == nil
}

// nesting returns how deeply Restrictions nest in v, counting no further
// than limit.
func (v *PropertyValue) nesting(limit int) int { return nestingOfRestriction(v.Restriction, limit) }

// propertyValue reads a value of type t.
func (r *reader) propertyValue(t PropertyType, field string) (PropertyValue, error) {
	v := PropertyValue{Type: t}
	w := t.wire()
	switch w.form {
	case formUnknown:
		return v, r.errAt(r.off, field, fmt.Errorf("%w 0x%04X", ErrUnknownPropertyType, uint16(t)))
	case formUnspecified, formObject:
		return v, r.errAt(r.off, field, fmt.Errorf("%w: %v", ErrNoWireForm, t))
	case formNone:
		return v, nil
	case formGuid:
		p, _, err := r.field(16, field)
		if err != nil {
			return v, err
		}
		copy(v.GUID[:], p)
		return v, nil
	case formUTF16Z, formString8Z:
		s, err := r.text(w.form == formUTF16Z, field)
		v.Text = s
		return v, err
	case formCounted:
		n, err := r.count(w.count, field)
		if err != nil {
			return v, err
		}
		v.Bytes, err = r.rawBytes(n, field)
		return v, err
	case formRestriction:
		x, err := r.readRestriction(field)
		v.Restriction = x
		return v, err
	case formRuleaction:
		return v, r.ruleActions(&v, w, field)
	case formMultiple:
		return v, r.multiple(&v, w, field)
	}
	p, _, err := r.field(w.size, field)
	if err != nil {
		return v, err
	}
	v.Uint = leUint(p)
	return v, nil
}

// leUint reads p, of 1 to 8 bytes, as a little-endian unsigned integer.
func leUint(p []byte) uint64 {
	var x uint64
	for i := len(p) - 1; i >= 0; i-- {
		x = x<<8 | uint64(p[i])
	}
	return x
}

// count reads a count of size bytes (2 or 4).
func (r *reader) count(size int, field string) (int, error) {
	p, _, err := r.field(size, field)
	if err != nil {
		return 0, err
	}
	return int(leUint(p)), nil
}

// multiple reads the values of a multivalued type: a count, then each value.
// The count is checked against the input before anything is allocated.
func (r *reader) multiple(v *PropertyValue, w propertyWire, field string) error {
	n, err := r.count(w.count, field)
	if err != nil {
		return err
	}
	ew := w.elem.wire()
	min := max(ew.size, ew.count, 1)
	if ew.form == formUTF16Z {
		min = 2
	}
	if n, err = r.arrayLen(n, min, field); err != nil || n == 0 {
		return err
	}
	switch ew.form {
	case formGuid:
		v.GUIDs = make([]GUID, n)
	case formUTF16Z, formString8Z:
		v.Strings = make([]string, n)
	case formCounted:
		v.Binaries = make([][]byte, n)
	default:
		v.Uints = make([]uint64, n)
	}
	for i := range n {
		e, err := r.propertyValue(w.elem, field)
		if err != nil {
			return err
		}
		switch {
		case v.GUIDs != nil:
			v.GUIDs[i] = e.GUID
		case v.Strings != nil:
			v.Strings[i] = e.Text
		case v.Binaries != nil:
			v.Binaries[i] = e.Bytes
		default:
			v.Uints[i] = e.Uint
		}
	}
	return nil
}

// ruleActions reads a PtypRuleAction: a count of action blocks, each
// starting with its 16-bit length ([MS-OXORULE] 2.2.5), kept as bytes.
func (r *reader) ruleActions(v *PropertyValue, w propertyWire, field string) error {
	n, err := r.count(w.count, field)
	if err != nil {
		return err
	}
	if n, err = r.arrayLen(n, 2, field); err != nil || n == 0 {
		return err
	}
	v.Binaries = make([][]byte, n)
	for i := range v.Binaries {
		size, err := r.count(2, field)
		if err != nil {
			return err
		}
		if v.Binaries[i], err = r.rawBytes(size, field); err != nil {
			return err
		}
	}
	return nil
}

// check reports, as an error for an *EncodeError, why v cannot be encoded as
// a value of type t: another type, a member the type does not use, a value
// the type cannot hold, or a count too large for its field.
func (v *PropertyValue) check(t PropertyType) error {
	if v.Type != t {
		return fmt.Errorf("%w: a %v value where the tag says %v", ErrUnexpectedValue, v.Type, t)
	}
	w := t.wire()
	switch w.form {
	case formUnknown:
		return fmt.Errorf("%w 0x%04X", ErrUnknownPropertyType, uint16(t))
	case formUnspecified, formObject:
		return fmt.Errorf("%w: %v", ErrNoWireForm, t)
	}
	if err := v.onlyMembers(w); err != nil {
		return err
	}
	switch w.form {
	case formBoolean:
		if v.Uint > 1 {
			return fmt.Errorf("%w: PtypBoolean 0x%X, not 0 or 1", ErrUnexpectedValue, v.Uint)
		}
	case formUTF16Z, formString8Z:
		return textError(v.Text, w.form == formUTF16Z)
	case formCounted:
		if len(v.Bytes) > 1<<(8*w.count)-1 {
			return ErrTooLong
		}
	case formRestriction:
		return checkRestriction(v.Restriction)
	case formMultiple, formRuleaction:
		return v.checkElements(w)
	}
	if w.fixed() && w.size < 8 && v.Uint>>(8*w.size) != 0 {
		return fmt.Errorf("%w: 0x%X does not fit %d bytes", ErrUnexpectedValue, v.Uint, w.size)
	}
	return nil
}

// onlyMembers refuses a member that the form of v does not use, which would
// not survive a round trip.
func (v *PropertyValue) onlyMembers(w propertyWire) error {
	uses := v.member(w)
	members := [...]struct {
		name string
		set  bool
	}{
		{"Uint", v.Uint != 0}, {"GUID", v.GUID != GUID{}}, {"Text", v.Text != ""}, {"Bytes", v.Bytes != nil},
		{"Restriction", v.Restriction != nil}, {"Uints", v.Uints != nil}, {"GUIDs", v.GUIDs != nil},
		{"Strings", v.Strings != nil}, {"Binaries", v.Binaries != nil},
	}
	for _, m := range members {
		if m.set && m.name != uses {
			return fmt.Errorf("%w: %s is set in a %v value", ErrUnexpectedValue, m.name, v.Type)
		}
	}
	return nil
}

// member names the field of a PropertyValue that holds a value of form w.
func (v *PropertyValue) member(w propertyWire) string {
	form := w.form
	if form == formMultiple {
		switch w.elem.wire().form {
		case formGuid:
			return "GUIDs"
		case formUTF16Z, formString8Z:
			return "Strings"
		case formCounted:
			return "Binaries"
		}
		return "Uints"
	}
	switch {
	case w.fixed():
		return "Uint"
	case form == formGuid:
		return "GUID"
	case form == formUTF16Z || form == formString8Z:
		return "Text"
	case form == formCounted:
		return "Bytes"
	case form == formRestriction:
		return "Restriction"
	case form == formRuleaction:
		return "Binaries"
	}
	return ""
}

// checkElements checks the elements of a multivalued or rule-action value.
func (v *PropertyValue) checkElements(w propertyWire) error {
	n := max(len(v.Uints), len(v.GUIDs), len(v.Strings), len(v.Binaries))
	if uint64(n) > 1<<(8*w.count)-1 {
		return ErrTooMany
	}
	if w.form == formRuleaction {
		for _, b := range v.Binaries {
			if len(b) > math.MaxUint16 {
				return ErrTooLong
			}
		}
		return nil
	}
	ew := w.elem.wire()
	for _, x := range v.Uints {
		if ew.size < 8 && x>>(8*ew.size) != 0 {
			return fmt.Errorf("%w: 0x%X does not fit %d bytes", ErrUnexpectedValue, x, ew.size)
		}
	}
	for _, s := range v.Strings {
		if err := textError(s, ew.form == formUTF16Z); err != nil {
			return err
		}
	}
	for _, b := range v.Binaries {
		if len(b) > 1<<(8*ew.count)-1 {
			return ErrTooLong
		}
	}
	return nil
}

// size returns the number of bytes the wire form of v takes.
func (v *PropertyValue) size() int {
	w := v.Type.wire()
	switch w.form {
	case formGuid:
		return 16
	case formUTF16Z, formString8Z:
		return textSize(v.Text, w.form == formUTF16Z)
	case formCounted:
		return w.count + len(v.Bytes)
	case formRestriction:
		return sizeOfRestriction(v.Restriction)
	case formRuleaction:
		n := w.count
		for _, b := range v.Binaries {
			n += 2 + len(b)
		}
		return n
	case formMultiple:
		ew := w.elem.wire()
		n := w.count + 16*len(v.GUIDs) + ew.size*len(v.Uints)
		for _, s := range v.Strings {
			n += textSize(s, ew.form == formUTF16Z)
		}
		for _, b := range v.Binaries {
			n += ew.count + len(b)
		}
		return n
	}
	return w.size
}

// append encodes v after b, which check has found well-formed; a nested
// Restriction may still refuse to encode.
func (v *PropertyValue) append(b []byte) ([]byte, error) {
	w := v.Type.wire()
	out := b
	switch {
	case w.fixed():
		out = appendLE(out, v.Uint, w.size)
	case w.form == formGuid:
		out = append(out, v.GUID[:]...)
	case w.form == formUTF16Z || w.form == formString8Z:
		out = appendText(out, v.Text, w.form == formUTF16Z)
	case w.form == formCounted:
		out = append(appendLE(out, uint64(len(v.Bytes)), w.count), v.Bytes...)
	case w.form == formRestriction && v.Restriction != nil:
		return v.Restriction.append(out)
	case w.form == formRuleaction:
		out = appendLE(out, uint64(len(v.Binaries)), w.count)
		for _, x := range v.Binaries {
			out = append(appendLE(out, uint64(len(x)), 2), x...)
		}
	case w.form == formMultiple:
		out = v.appendElements(out, w)
	}
	return out, nil
}

// appendElements encodes the count and values of a multivalued v.
func (v *PropertyValue) appendElements(out []byte, w propertyWire) []byte {
	ew := w.elem.wire()
	out = appendLE(out, uint64(max(len(v.Uints), len(v.GUIDs), len(v.Strings), len(v.Binaries))), w.count)
	for _, x := range v.Uints {
		out = appendLE(out, x, ew.size)
	}
	for _, g := range v.GUIDs {
		out = append(out, g[:]...)
	}
	for _, s := range v.Strings {
		out = appendText(out, s, ew.form == formUTF16Z)
	}
	for _, x := range v.Binaries {
		out = append(appendLE(out, uint64(len(x)), ew.count), x...)
	}
	return out
}

// appendLE appends the low size bytes of x, little-endian.
func appendLE(b []byte, x uint64, size int) []byte {
	var p [8]byte
	binary.LittleEndian.PutUint64(p[:], x)
	return append(b, p[:size]...)
}
