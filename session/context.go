package session

import (
	"fmt"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
)

// context returns the columns the response to q needs, when its layout has
// rows whose columns come from a context (codec.MessageInfo.Columns): the
// session's own slice (the table's, or the request's), never nil; or
// returns why the session lacks them (a *ContextError), and the response is
// decoded without them.
func (s *callState) context(q *pending) ([]codec.PropertyTag, error) {
	key := columnsKey(q.info)
	if key == "" {
		return nil, nil
	}
	cols, err := s.columnsFor(q, key)
	if err != nil {
		ce := &ContextError{ROP: q.info.Name, Needs: key, Index: q.in, Err: err}
		ce.Object, _ = s.objectAt(q.in)
		return nil, ce
	}
	if cols == nil {
		cols = []codec.PropertyTag{} // a request of no PropertyTags: no columns, known
	}
	return cols, nil
}

// layColumns has the codec Decoder lay out the rows it decodes next by
// cols, or keep them as bytes when cols is nil. The codec Decoder and the
// rows share cols, with no copy: the session never changes a column set in
// place, and the responses of a call cost no copy of their table's columns
// each, however they move between tables.
func (d *Decoder) layColumns(cols []codec.PropertyTag) {
	if cols == nil {
		d.dec.ForgetColumns()
		return
	}
	d.dec.SetColumnsShared(cols)
}

// columnsFor returns the columns of context key (one of the codec.ColumnsFrom
// constants) for the response to q.
func (s *callState) columnsFor(q *pending, key string) ([]codec.PropertyTag, error) {
	switch key {
	case codec.ColumnsFromTable, codec.ColumnsFromRecipients:
		o, err := s.objectAt(q.in)
		switch {
		case err != nil:
			return nil, err
		case key == codec.ColumnsFromTable && o.ColumnsErr != nil:
			return nil, o.ColumnsErr
		case key == codec.ColumnsFromTable && o.Columns == nil:
			return nil, ErrColumnsNotSet
		case key == codec.ColumnsFromTable:
			return o.Columns, nil
		case o.RecipientColumnsErr != nil:
			return nil, o.RecipientColumnsErr
		case o.RecipientColumns == nil:
			return nil, ErrNoRecipientColumns
		}
		return o.RecipientColumns, nil
	}
	if name, ok := codec.ColumnsRequestField(key); ok {
		for f := range q.req.Fields() {
			if cols, isTags := f.Value.([]codec.PropertyTag); isTags && f.Name == name {
				return cols, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownContext, key)
}

// columnsKey returns where the columns of the rows of info's responses come
// from, or "" when no response shape has such rows.
func columnsKey(info *codec.ROPInfo) string {
	for _, r := range info.Responses {
		if r.Columns != "" {
			return r.Columns
		}
	}
	return ""
}

// objectAt returns the object at handle index i as the ROPs processed so far
// left it, or why there is none.
func (s *callState) objectAt(i int) (*Object, error) {
	switch {
	case i < 0:
		return nil, fmt.Errorf("%w: the ROP names no handle index", ErrNoObject)
	case i >= len(s.slots):
		return nil, fmt.Errorf("%w: handle index %d is outside the handle table of %d", ErrNoObject, i, len(s.slots))
	}
	sl := &s.slots[i]
	switch {
	case sl.obj != nil:
		return sl.obj, nil
	case sl.why != nil:
		return nil, sl.why
	case sl.handle == codec.UnusedHandle:
		return nil, fmt.Errorf("%w: the slot holds 0xFFFFFFFF, and no ROP of the buffer created an object there", ErrNoObject)
	}
	return nil, fmt.Errorf("%w: handle 0x%08X was opened before the session's first buffer", ErrNoObject, sl.handle)
}

// objectFor returns the object at handle index i for a ROP that tells
// something about it: when the session does not know it, but the handle
// table names a handle, an object met by that handle, which later calls find
// by it. It returns nil when there is none to tell about.
func (s *callState) objectFor(i int, logon int) *Object {
	o, _ := s.objectAt(i)
	if o != nil || i < 0 || i >= len(s.slots) {
		return o
	}
	sl := &s.slots[i]
	if sl.why != nil || sl.handle == codec.UnusedHandle {
		return nil
	}
	o, err := s.d.newObject("", uint8(logon))
	if err != nil {
		sl.why = err
		return nil
	}
	s.d.bind(o, sl.handle)
	sl.obj = o
	return o
}

// handleIndexes notes in p the InputHandleIndex (or, for the ROPs that copy
// between objects, SourceHandleIndex), OutputHandleIndex and LogonId of its
// request, -1 for those its layout lacks, and every handle index it names,
// which the response copies; by the document's field names.
func (p *pending) handleIndexes() {
	p.in, p.out, p.logon = -1, -1, -1
	for f := range p.req.Fields() {
		switch f.Name {
		case "InputHandleIndex", "SourceHandleIndex":
			if p.in < 0 {
				p.in = int(f.Uint)
			}
		case "OutputHandleIndex":
			p.out = int(f.Uint)
		case "LogonId":
			p.logon = int(f.Uint)
		}
		if strings.HasSuffix(f.Name, "HandleIndex") && p.indexes < len(p.index) {
			p.index[p.indexes] = namedIndex{f.Name, uint8(f.Uint)}
			p.indexes++
		}
	}
}

// keptAsBytes reports whether m holds rows kept as bytes for want of their
// columns (codec.PropertyRow.Raw), in its fields or in the structures and
// lists inside them.
func keptAsBytes(m codec.Message) bool {
	for f := range m.Fields() {
		if fieldKeptAsBytes(f) {
			return true
		}
	}
	return false
}

func fieldKeptAsBytes(f codec.Field) bool {
	switch v := f.Value.(type) {
	case interface{ Undecoded() error }:
		return v.Undecoded() != nil
	case codec.Message:
		return keptAsBytes(v)
	}
	for i := range f.Len {
		if f.Elem != nil && fieldKeptAsBytes(f.Elem(i)) {
			return true
		}
	}
	return false
}
