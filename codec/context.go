package codec

import (
	"fmt"
	"slices"
)

// Rows of property values ([MS-OXCDATA] 2.8) are laid out by columns that
// their buffer does not carry: a RopQueryRows response by the columns
// RopSetColumns set on the table, a RopGetPropertiesSpecific response by the
// PropertyTags of its request. A Decoder is told them with SetColumns; the
// registry says which layouts need them and where they come from
// (MessageInfo.Columns). Without them a row is kept as bytes (PropertyRow.Raw
// with ErrNoColumns), never laid out by a guess.

// columnContext is the columns a Decoder or a parent message gives rows.
type columnContext struct {
	cols  []PropertyTag
	known bool
}

// readContext is what a reader knows besides its input: how deeply variants
// nest around the one being decoded, and the columns a parent message gave
// the rows inside it.
type readContext struct {
	depth   int
	columns columnContext
}

// SetColumns tells d the columns by which to lay out the rows of the
// responses it decodes next (MessageInfo.Columns says which layouts have
// such rows and where their columns come from), until it is told others or
// ForgetColumns. An empty cols is a column set of no columns, not unknown
// columns. d keeps its own copy.
func (d *Decoder) SetColumns(cols []PropertyTag) { d.SetColumnsShared(slices.Clone(cols)) }

// SetColumnsShared is SetColumns without the copy: d lays the rows out by
// cols itself, and the rows it decodes share it (PropertyRow.Columns), so
// that a caller that moves between the column sets of several tables
// ([MS-OXCTABL] 2.2.2.2) pays no copy of one at each move. cols must not
// change while d or those rows use it.
func (d *Decoder) SetColumnsShared(cols []PropertyTag) { d.columns = knownColumns(cols) }

// ForgetColumns makes d decode rows without columns again: as bytes.
func (d *Decoder) ForgetColumns() { d.columns = columnContext{} }

// Columns returns the columns SetColumns (or SetColumnsShared) gave d, and
// whether it gave any.
func (d *Decoder) Columns() ([]PropertyTag, bool) {
	if d == nil {
		return nil, false
	}
	return d.columns.cols, d.columns.known
}

// columns returns the columns the rows at r's offset are laid out by: those
// a parent message gave (setColumns), else the Decoder's.
func (r *reader) columns() ([]PropertyTag, bool) {
	if r.ctx.columns.known {
		return r.ctx.columns.cols, true
	}
	return r.d.Columns()
}

// setColumns makes cols the columns of the rows read next, for a message
// whose rows take the columns of one of its fields, and returns the context
// to restore after them.
func (r *reader) setColumns(cols []PropertyTag) readContext {
	saved := r.ctx
	r.ctx.columns = knownColumns(cols)
	return saved
}

// knownColumns is cols as known columns, from SetColumns or a field of the
// message. No columns (nil included) is a column set of no columns: the
// rows keep an empty, non-nil Columns, which their encoders tell from a row
// kept as bytes.
func knownColumns(cols []PropertyTag) columnContext {
	if cols == nil {
		cols = []PropertyTag{}
	}
	return columnContext{cols: cols, known: true}
}

// leadingColumns returns the first n of cols, for a row that counts the
// columns it uses (a RecipientRow's RecipientColumnCount); more than there
// are is ErrUnexpectedValue, at the count field's offset (it was just read).
// Unknown columns stay unknown.
func (r *reader) leadingColumns(cols []PropertyTag, known bool, n int, field string) ([]PropertyTag, error) {
	if !known {
		return nil, nil
	}
	if n > len(cols) {
		return nil, r.errAt(r.off-2, field, fmt.Errorf("%w: %d columns, of %d the context gives", ErrUnexpectedValue, n, len(cols)))
	}
	return cols[:n:n], nil
}

// limit returns a reader over the next n bytes of r's input, for a structure
// whose size a field gives; endLimit then checks that it used them all and
// moves r past them. Offsets stay those of the whole input.
func (r *reader) limit(n int, field string) (reader, error) {
	if n < 0 || n > len(r.b)-r.off {
		return reader{}, r.short(field)
	}
	sub := *r
	sub.b = r.b[:r.off+n]
	return sub, nil
}

// endLimit ends a limit: bytes sub left unread are ErrSizeMismatch at the
// first of them.
func (r *reader) endLimit(sub *reader, field string) error {
	if sub.off != len(sub.b) {
		return r.errAt(sub.off, field, fmt.Errorf("%w: %d bytes of the size left over", ErrSizeMismatch, len(sub.b)-sub.off))
	}
	r.off = sub.off
	return nil
}

// sizeIf is n when a field is present and 0 when it is not (the size of a
// field that a when condition leaves out).
func sizeIf(present bool, n int) int {
	if present {
		return n
	}
	return 0
}

// ptrSize is the wire size of the structure p points to, 0 for nil (a
// structure that a size of 0 leaves out).
func ptrSize[T any, P interface {
	*T
	size() int
}](p P) int {
	if p == nil {
		return 0
	}
	return p.size()
}
