package session

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// notifyContext decodes again, in its context, a response that no request
// asks for and whose rows were kept as bytes: the TableRowData of a
// RopNotify takes the columns of the table whose handle its
// NotificationHandle is ([MS-OXCNOTIF] 2.2.1.4.1.1, 2.2.1.4.1.2). The row is
// sized (TableRowDataSize), so the response takes the same bytes with or
// without its columns. When the session lacks them, or they do not lay the
// row out, p keeps the row as bytes and says why (a *ContextError).
func (s *callState) notifyContext(list []byte, p *Pair, key string) {
	ce := &ContextError{ROP: p.Response.Info().ROP, Needs: key, Index: -1}
	o, err := s.notifyObject(p.Response, key)
	ce.Object = o
	if err != nil {
		ce.Err = err
		p.Err = ce
		return
	}
	s.d.layColumns(o.Columns)
	w := s.d.dec.WalkResponses(list[p.ResponseOffset : p.ResponseOffset+p.ResponseSize])
	if !w.Next() { // sized, the row takes the same bytes if it decodes
		ce.Err = fmt.Errorf("the row does not decode by the table's %d columns: %w", len(o.Columns), w.Err())
		p.Err = ce
		return
	}
	p.Response, p.Object, p.Columns = w.ROP(), o, o.Columns
}

// notifyObject returns the table whose columns the unasked response r needs
// (context key codec.ColumnsFromTable): the object its NotificationHandle
// names.
func (s *callState) notifyObject(r codec.Response, key string) (*Object, error) {
	if key != codec.ColumnsFromTable {
		return nil, fmt.Errorf("%w: %q", ErrUnknownContext, key)
	}
	for f := range r.Fields() {
		if f.Name != "NotificationHandle" {
			continue
		}
		o, ok := s.d.Object(uint32(f.Uint))
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: handle 0x%08X was opened before the session's first buffer, or released", ErrNoObject, f.Uint)
		case o.ColumnsErr != nil:
			return o, o.ColumnsErr
		case o.Columns == nil:
			return o, ErrColumnsNotSet
		}
		return o, nil
	}
	return nil, fmt.Errorf("%w: the response names no handle", ErrNoObject)
}
