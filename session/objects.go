package session

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// Object is a server object of the session ([MS-OXCROPS] 1.3.1): a logon,
// folder, message, table, stream, ..., as the session saw it. It is the
// session's live record: a later RopSetColumns changes the Columns of the
// same Object; Pair.Columns keeps those a response was decoded by.
type Object struct {
	// ID numbers the objects of the session from 1 in the order it met
	// them.
	ID int
	// Handle is the server object handle, once an output buffer's handle
	// table returned it (HandleKnown).
	Handle      uint32
	HandleKnown bool
	// Logon is the LogonId of the ROP that opened it.
	Logon uint8
	// OpenedBy names the ROP that created it ("RopGetContentsTable"), or
	// is "" for an object opened before the first buffer the session saw,
	// met by its handle.
	OpenedBy string
	// Call is the index of the call that created it or first named it.
	Call int
	// Columns are the columns the last successful RopSetColumns on it set
	// ([MS-OXCTABL] 2.2.2.2), nil before one; ColumnsErr says why a column
	// set was not kept (ErrTooManyColumns), and then Columns is nil.
	Columns    []codec.PropertyTag
	ColumnsErr error
	// RecipientColumns are those its RopOpenMessage (or
	// RopOpenEmbeddedMessage, RopReloadCachedInformation) response returned
	// ([MS-OXCMSG] 2.2.3.1.2), nil before one; RecipientColumnsErr says why
	// they were not kept.
	RecipientColumns    []codec.PropertyTag
	RecipientColumnsErr error
	// Released is set once a RopRelease freed it.
	Released bool

	gone bool // no longer tracked
}

// String names the object: "object 3 (handle 0x0000002A, RopGetContentsTable
// in call 1)".
func (o *Object) String() string {
	h := "handle not known"
	if o.HandleKnown {
		h = fmt.Sprintf("handle 0x%08X", o.Handle)
	}
	by := "opened before the session's first buffer"
	if o.OpenedBy != "" {
		by = fmt.Sprintf("%s in call %d", o.OpenedBy, o.Call)
	}
	return fmt.Sprintf("object %d (%s, %s)", o.ID, h, by)
}

// Logon is a logon of the session: what its RopLogon said.
type Logon struct {
	// ID is the LogonId.
	ID uint8
	// Private is set for a private mailbox logon and clear for a public
	// folders logon, as the RopLogon response's shape says ([MS-OXCSTOR]
	// 2.2.1.1.3, 2.2.1.1.4).
	Private bool
	// Object is the Logon object.
	Object *Object
}

// Limits bound what a Decoder keeps. A zero field takes its default.
type Limits struct {
	// Objects is the most objects the session tracks at once (default
	// 4096). An object over it is not tracked: the ROPs that use it are
	// decoded without its context.
	Objects int
	// Columns is the most columns of one column set the session keeps
	// (default 4096; a RopSetColumns in a 32 KB buffer sets at most about
	// 8,000).
	Columns int
	// TotalColumns is the most columns the session keeps over all its
	// objects (default 262,144: 1 MiB of property tags).
	TotalColumns int
}

// Default limits.
const (
	DefaultObjects      = 4096
	DefaultColumns      = 4096
	DefaultTotalColumns = 1 << 18
)

func (l Limits) withDefaults() Limits {
	if l.Objects <= 0 {
		l.Objects = DefaultObjects
	}
	if l.Columns <= 0 {
		l.Columns = DefaultColumns
	}
	if l.TotalColumns <= 0 {
		l.TotalColumns = DefaultTotalColumns
	}
	return l
}

// newObject returns a new object opened by rop (or met by its handle when
// rop is ""), or ErrTooManyObjects.
func (d *Decoder) newObject(rop string, logon uint8) (*Object, error) {
	if d.live >= d.lim.Objects {
		return nil, fmt.Errorf("%w (%d)", ErrTooManyObjects, d.lim.Objects)
	}
	d.live++
	d.lastID++
	return &Object{ID: d.lastID, Logon: logon, OpenedBy: rop, Call: d.calls}, nil
}

// bind records that handle h names o, in place of any object it named
// before: a server reuses the handles of released objects.
func (d *Decoder) bind(o *Object, h uint32) {
	if old := d.objects[h]; old != nil && old != o {
		d.forget(old)
	}
	o.Handle, o.HandleKnown = h, true
	d.objects[h] = o
}

// forget stops tracking o: released, its handle given to another, or never
// returned.
func (d *Decoder) forget(o *Object) {
	if o.gone {
		return
	}
	o.gone = true
	d.live--
	d.dropColumns(o)
	if o.HandleKnown && d.objects[o.Handle] == o {
		delete(d.objects, o.Handle)
	}
	if l, ok := d.logons[o.Logon]; ok && l.Object == o {
		delete(d.logons, o.Logon)
		d.logonsStale = true
	}
}

// dropColumns gives back the columns o holds to the session's budget.
func (d *Decoder) dropColumns(o *Object) {
	d.columns -= len(o.Columns) + len(o.RecipientColumns)
	o.Columns, o.RecipientColumns = nil, nil
}

// keepColumns returns cols for o to keep in place of old, or
// ErrTooManyColumns when they are over the limits; the session's budget is
// charged for them.
func (d *Decoder) keepColumns(old, cols []codec.PropertyTag) ([]codec.PropertyTag, error) {
	d.columns -= len(old)
	switch {
	case len(cols) > d.lim.Columns:
		return nil, fmt.Errorf("%w: %d columns, more than %d", ErrTooManyColumns, len(cols), d.lim.Columns)
	case d.columns+len(cols) > d.lim.TotalColumns:
		return nil, fmt.Errorf("%w: %d more columns than the %d the session keeps", ErrTooManyColumns, d.columns+len(cols)-d.lim.TotalColumns, d.lim.TotalColumns)
	}
	d.columns += len(cols)
	if cols == nil {
		cols = []codec.PropertyTag{}
	}
	return cols, nil
}

// setColumns makes cols the columns of table o (RopSetColumns).
func (d *Decoder) setColumns(o *Object, cols []codec.PropertyTag) {
	o.Columns, o.ColumnsErr = d.keepColumns(o.Columns, cols)
}

// setRecipientColumns makes cols the recipient columns of message o.
func (d *Decoder) setRecipientColumns(o *Object, cols []codec.PropertyTag) {
	o.RecipientColumns, o.RecipientColumnsErr = d.keepColumns(o.RecipientColumns, cols)
}
