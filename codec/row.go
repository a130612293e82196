package codec

import (
	"fmt"
	"slices"
)

// PropertyRow is one row of property values ([MS-OXCDATA] 2.8.1): a
// StandardPropertyRow (Flag PropertyRowStandard), a value for each column,
// or a FlaggedPropertyRow (Flag PropertyRowFlagged), where each value says
// whether it is there, missing or an error. The buffer does not say what the
// columns are: they come from the table's columns, the request's tags or the
// message's recipient columns (see Decoder.SetColumns and
// MessageInfo.Columns). Decoded without them, a row is kept as bytes: Raw
// holds them and Undecoded says why.
type PropertyRow struct {
	// Columns are the columns the row was laid out by; nil when they were
	// not known. Encoders write the row by them too.
	Columns []PropertyTag
	// Flag is PropertyRowStandard or PropertyRowFlagged.
	Flag uint8
	// Values holds a value a column, in the order of Columns.
	Values []RowValue
	// Raw holds the row's bytes, undecoded, when the columns were not
	// known: from the row's Flag to the end of its buffer, as its size is
	// not known either. Columns, Flag and Values are then zero.
	Raw []byte
}

// RowValue is the value of one column of a PropertyRow: a PropertyValue
// ([MS-OXCDATA] 2.11.2.1) in a standard row, a FlaggedPropertyValue (2.11.5)
// in a flagged row, and for a column of type PtypUnspecified, whose type is
// written beside its value, a TypedPropertyValue (2.11.3) or a
// FlaggedPropertyValueWithType (2.11.6).
type RowValue struct {
	// Type is the property's type: the column's (for one value of a
	// multivalued property, its single-valued type, PropertyType.ValueType),
	// or the one written beside the value for a PtypUnspecified column.
	Type PropertyType
	// Flag is, in a flagged row, PropertyFlagValue (Value holds the
	// value), PropertyFlagNone (no value; Value is zero) or
	// PropertyFlagError (Value is the PtypErrorCode the server gave instead).
	// It is PropertyFlagValue in a standard row.
	Flag uint8
	// Value is the value.
	Value PropertyValue
}

// Undecoded returns ErrNoColumns when the row is kept as bytes for want of
// its columns, and nil when it was decoded.
func (row *PropertyRow) Undecoded() error {
	if row.Raw != nil {
		return ErrNoColumns
	}
	return nil
}

// isZero reports whether row is the zero PropertyRow (left out).
func (row *PropertyRow) isZero() bool {
	return row.Columns == nil && row.Flag == 0 && row.Values == nil && row.Raw == nil
}

// propertyRow reads a row laid out by cols, or, when the columns are not
// known, keeps the rest of the input as its bytes.
func (r *reader) propertyRow(cols []PropertyTag, known bool, field string) (PropertyRow, error) {
	if !known {
		if r.remaining() == 0 {
			return PropertyRow{}, r.short(field)
		}
		raw, err := r.rest(field)
		return PropertyRow{Raw: raw}, err
	}
	row := PropertyRow{Columns: cols}
	if err := r.rowValues(&row, field); err != nil {
		return PropertyRow{}, err
	}
	return row, nil
}

// rowValues reads the Flag and the values of row, whose Columns are set.
func (r *reader) rowValues(row *PropertyRow, field string) error {
	flag, err := r.u8(field)
	if err != nil {
		return err
	}
	if flag != PropertyRowStandard && flag != PropertyRowFlagged {
		return r.unexpected(r.off-1, field, uint64(flag))
	}
	row.Flag = flag
	if len(row.Columns) == 0 {
		return nil
	}
	row.Values = make([]RowValue, len(row.Columns))
	for i, c := range row.Columns {
		if err := r.rowValue(&row.Values[i], c.Type(), flag == PropertyRowFlagged, field); err != nil {
			return err
		}
	}
	return nil
}

// rowValue reads the value of a column of type t.
func (r *reader) rowValue(v *RowValue, t PropertyType, flagged bool, field string) error {
	v.Type, v.Flag = t.ValueType(), PropertyFlagValue
	if t == PtypUnspecified {
		x, err := r.u16(field)
		if err != nil {
			return err
		}
		v.Type = PropertyType(x)
	}
	if flagged {
		f, err := r.u8(field)
		if err != nil {
			return err
		}
		v.Flag = f
	}
	var err error
	switch v.Flag {
	case PropertyFlagValue:
		v.Value, err = r.propertyValue(v.Type, field)
	case PropertyFlagError:
		v.Value, err = r.propertyValue(PtypErrorCode, field)
	case PropertyFlagNone:
	default:
		return r.unexpected(r.off-1, field, uint64(v.Flag))
	}
	return err
}

// check reports why row cannot be encoded: values that do not match its
// columns, or, when count is not negative, a number of columns other than
// the count field that goes before it says.
func (row *PropertyRow) check(count int) error {
	if row.Raw != nil {
		if row.Columns != nil || row.Flag != 0 || row.Values != nil || len(row.Raw) == 0 {
			return fmt.Errorf("%w: a row kept as bytes has nothing else", ErrUnexpectedValue)
		}
		return nil
	}
	if row.Columns == nil {
		return fmt.Errorf("%w: no Columns: a decoded row keeps those it was laid out by", ErrUnexpectedValue)
	}
	if count >= 0 && len(row.Columns) != count {
		return fmt.Errorf("%w: %d columns, but the count field says %d", ErrSizeMismatch, len(row.Columns), count)
	}
	if row.Flag != PropertyRowStandard && row.Flag != PropertyRowFlagged {
		return fmt.Errorf("%w: row Flag 0x%02X", ErrUnexpectedValue, row.Flag)
	}
	if len(row.Values) != len(row.Columns) || len(row.Columns) == 0 && row.Values != nil {
		return fmt.Errorf("%w: %d values for %d columns", ErrSizeMismatch, len(row.Values), len(row.Columns))
	}
	for i := range row.Values {
		if err := row.Values[i].check(row.Columns[i].Type(), row.Flag == PropertyRowFlagged); err != nil {
			return fmt.Errorf("column %d (%v): %w", i, row.Columns[i], err)
		}
	}
	return nil
}

// check reports why v cannot be encoded as the value of a column of type t.
func (v *RowValue) check(t PropertyType, flagged bool) error {
	if t != PtypUnspecified && v.Type != t.ValueType() {
		return fmt.Errorf("%w: a %v value in a %v column", ErrUnexpectedValue, v.Type, t)
	}
	if t == PtypUnspecified && v.Type == PtypUnspecified {
		return fmt.Errorf("%w: a value of PtypUnspecified", ErrNoWireForm)
	}
	switch {
	case !flagged && v.Flag != PropertyFlagValue:
		return fmt.Errorf("%w: Flag 0x%02X in a standard row", ErrUnexpectedValue, v.Flag)
	case v.Flag == PropertyFlagValue:
		return v.Value.check(v.Type)
	case v.Flag == PropertyFlagError:
		return v.Value.check(PtypErrorCode)
	case v.Flag == PropertyFlagNone && !v.Value.isZero():
		return fmt.Errorf("%w: a value with Flag PropertyFlagNone", ErrUnexpectedValue)
	case v.Flag != PropertyFlagNone:
		return fmt.Errorf("%w: Flag 0x%02X", ErrUnexpectedValue, v.Flag)
	}
	return nil
}

// checkColumns reports whether row, which takes its columns from its
// context, is laid out by cols (the first of them, for a row that counts its
// columns): what decoding with cols would give back.
func (row *PropertyRow) checkColumns(cols []PropertyTag) error {
	if row.Raw != nil {
		return nil
	}
	if len(row.Columns) > len(cols) || !slices.Equal(row.Columns, cols[:len(row.Columns)]) {
		return fmt.Errorf("%w: the row's columns are not those of its message", ErrUnexpectedValue)
	}
	return nil
}

// size returns the number of bytes the wire form of row takes.
func (row *PropertyRow) size() int {
	if row.Raw != nil {
		return len(row.Raw)
	}
	n := 1
	for i := range row.Values {
		v := &row.Values[i]
		if row.Columns[i].Type() == PtypUnspecified {
			n += 2
		}
		if row.Flag == PropertyRowFlagged {
			n++
		}
		if v.Flag != PropertyFlagNone {
			n += v.Value.size()
		}
	}
	return n
}

// append encodes row, which check has accepted, after b; a Restriction in
// its values may still refuse to encode.
func (row *PropertyRow) append(b []byte) ([]byte, error) {
	if row.Raw != nil {
		return append(b, row.Raw...), nil
	}
	out := append(b, row.Flag)
	for i := range row.Values {
		v := &row.Values[i]
		if row.Columns[i].Type() == PtypUnspecified {
			out = appendLE(out, uint64(v.Type), 2)
		}
		if row.Flag == PropertyRowFlagged {
			out = append(out, v.Flag)
		}
		if v.Flag != PropertyFlagNone {
			next, err := v.Value.append(out)
			if err != nil {
				return b, err
			}
			out = next
		}
	}
	return out, nil
}

// nesting returns how deeply Restrictions nest in the values of row.
func (row *PropertyRow) nesting(limit int) int {
	n := 0
	for i := range row.Values {
		n = max(n, row.Values[i].Value.nesting(limit))
	}
	return n
}

// PropertyRowSet is rows laid out by the same columns: the RowData of a
// RopQueryRows or RopExpandRow response, whose RowCount the ROP carries apart
// from them (where [MS-OXCDATA] 2.8.2 has it in the structure). Decoded
// without the columns, the rows are kept as bytes in Raw.
type PropertyRowSet struct {
	// Rows are the rows, each with the columns it was decoded by.
	Rows []PropertyRow
	// Raw holds the bytes of all the rows, undecoded, when the columns were
	// not known, to the end of the buffer; Rows is then nil.
	Raw []byte
}

// Undecoded returns ErrNoColumns when the rows are kept as bytes for want of
// their columns, and nil when they were decoded.
func (s *PropertyRowSet) Undecoded() error {
	if s.Raw != nil {
		return ErrNoColumns
	}
	return nil
}

// isZero reports whether s is the zero PropertyRowSet (left out).
func (s *PropertyRowSet) isZero() bool { return s.Rows == nil && s.Raw == nil }

// propertyRowSet reads n rows laid out by cols, or keeps the rest of the
// input as their bytes when the columns are not known. Each row takes at
// least its Flag byte, and the cells of all rows are bounded by the input
// (maxCellsPerByte), both checked before anything is allocated, so that
// decoding stays linear in the input however many columns there are.
func (r *reader) propertyRowSet(n int, cols []PropertyTag, known bool, field string) (PropertyRowSet, error) {
	if n == 0 {
		return PropertyRowSet{}, nil
	}
	if !known {
		raw, err := r.rawBytes(r.remaining(), field)
		if err == nil && len(raw) < n {
			err = r.short(field)
		}
		if err != nil {
			return PropertyRowSet{}, err
		}
		return PropertyRowSet{Raw: raw}, nil
	}
	n, err := r.arrayLen(n, 1, field)
	if err != nil {
		return PropertyRowSet{}, err
	}
	if n*len(cols) > len(cols)+maxCellsPerByte*r.remaining() {
		return PropertyRowSet{}, r.errAt(r.off, field, fmt.Errorf("%w: %d rows of %d columns in %d bytes", ErrTooManyValues, n, len(cols), r.remaining()))
	}
	s := PropertyRowSet{Rows: make([]PropertyRow, n)}
	for i := range s.Rows {
		s.Rows[i].Columns = cols
		if err := r.rowValues(&s.Rows[i], field); err != nil {
			return PropertyRowSet{}, err
		}
	}
	return s, nil
}

// maxCellsPerByte bounds the values of a row set by its bytes: every value
// but that of a PtypNull column takes a byte at least, so only rows of
// placeholder columns come near it.
const maxCellsPerByte = 8

// check reports why s cannot be encoded as count rows.
func (s *PropertyRowSet) check(count int) error {
	if s.Raw != nil {
		if s.Rows != nil || len(s.Raw) < count || count == 0 {
			return fmt.Errorf("%w: rows kept as bytes have nothing else, and a byte a row at least", ErrUnexpectedValue)
		}
		return nil
	}
	if len(s.Rows) != count {
		return fmt.Errorf("%w: %d rows, but the count field says %d", ErrSizeMismatch, len(s.Rows), count)
	}
	for i := range s.Rows {
		row := &s.Rows[i]
		if row.Raw != nil || !slices.Equal(row.Columns, s.Rows[0].Columns) {
			return fmt.Errorf("%w: row %d is not laid out by the columns of row 0", ErrUnexpectedValue, i)
		}
		if err := row.check(-1); err != nil {
			return fmt.Errorf("row %d: %w", i, err)
		}
	}
	return nil
}

// size returns the number of bytes the wire form of s takes.
func (s *PropertyRowSet) size() int {
	n := len(s.Raw)
	for i := range s.Rows {
		n += s.Rows[i].size()
	}
	return n
}

// append encodes s, which check has accepted, after b.
func (s *PropertyRowSet) append(b []byte) ([]byte, error) {
	out := append(b, s.Raw...)
	for i := range s.Rows {
		next, err := s.Rows[i].append(out)
		if err != nil {
			return b, err
		}
		out = next
	}
	return out, nil
}

// nesting returns how deeply Restrictions nest in the values of s.
func (s *PropertyRowSet) nesting(limit int) int {
	n := 0
	for i := range s.Rows {
		n = max(n, s.Rows[i].nesting(limit))
	}
	return n
}
