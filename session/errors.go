package session

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// Why a request has no response, or a response no request, in a Pair
// (Pair.Err wraps one of these; test with errors.Is).
var (
	// ErrNoOutput reports a request of a call that came without an output
	// buffer: whether the server processed it is not known.
	ErrNoOutput = errors.New("the call has no output buffer")
	// ErrNoResponse reports a request that expects a response and has none
	// in the output buffer: the buffer ends before it, its walk stopped at a
	// ROP that does not decode, or rows kept as bytes took its rest.
	ErrNoResponse = errors.New("no response in the output buffer")
	// ErrNotProcessed reports a request the server says it did not process:
	// a RopBufferTooSmall response lists it among its RequestBuffers, or a
	// RopBackoff response delays it ([MS-OXCROPS] 3.1.5.1).
	ErrNotProcessed = errors.New("not processed by the server")
	// ErrPacked reports the requests of a packed input payload ([MS-OXCRPC]
	// 3.1.4.2.1.2.1): the server joins them to the last request of the first
	// payload, whose response answers them all.
	ErrPacked = errors.New("packed: answered by the response of the last request of the first payload")
	// ErrNoRequest reports a response with no request to pair it with: the
	// call has no input buffer, or its requests ran out or stopped decoding
	// before it.
	ErrNoRequest = errors.New("no request for this response")
	// ErrOutOfStep reports a response that is not of the ROP of the next
	// request waiting for one: the buffers are not a request and its answer,
	// or a request before it did not decode as the server read it.
	ErrOutOfStep = errors.New("the response is not of the next request's ROP")
	// ErrNotEchoed reports a response whose handle index is not the one of
	// its request, which the response copies ([MS-OXCROPS] 2.2).
	ErrNotEchoed = errors.New("the response does not copy its request's handle index")
)

// Why a response was decoded without its context (ContextError.Err wraps one
// of these).
var (
	// ErrNoObject reports a handle index that names no object the session
	// knows: the index lies outside the handle table, the object was opened
	// before the first buffer the session saw, the ROP that was to create it
	// failed, or it was released.
	ErrNoObject = errors.New("no object the session knows")
	// ErrColumnsNotSet reports a table on which the session saw no
	// successful RopSetColumns.
	ErrColumnsNotSet = errors.New("no RopSetColumns on the table")
	// ErrNoRecipientColumns reports a message whose RecipientColumns the
	// session did not see (it was created, not opened, or opened before the
	// first buffer).
	ErrNoRecipientColumns = errors.New("the message's RecipientColumns are not known")
	// ErrTooManyObjects reports an object the session did not track
	// because it tracked Limits.Objects already.
	ErrTooManyObjects = errors.New("more objects than the session's limit")
	// ErrTooManyColumns reports a column set the session did not keep
	// because it was longer than Limits.Columns, or would have taken the
	// columns kept over Limits.TotalColumns.
	ErrTooManyColumns = errors.New("more columns than the session's limit")
	// ErrUnknownContext reports a layout whose columns come from a context
	// (codec.MessageInfo.Columns) that this package does not provide.
	ErrUnknownContext = errors.New("a context this package does not provide")
)

// ContextError says which ROP needed what context and why the session did
// not have it. The response was decoded without it: its rows are kept as
// bytes.
type ContextError struct {
	// ROP is the ROP whose response needed the context.
	ROP string
	// Needs is what it needed, as codec.MessageInfo.Columns names it: one of
	// the codec.ColumnsFrom constants, such as codec.ColumnsFromTable (the
	// columns RopSetColumns set on its table); codec.ColumnsDescription says
	// it in words.
	Needs string
	// Index is the handle index of the object the context belongs to, or
	// -1.
	Index int
	// Object is the object at Index when the session knows it.
	Object *Object
	// Err is why the context was missing: ErrNoObject, ErrColumnsNotSet,
	// ErrNoRecipientColumns, ErrTooManyColumns, ... with details.
	Err error
}

// Error says which ROP's rows are kept as bytes, what they needed and why
// the session lacked it.
func (e *ContextError) Error() string {
	what := codec.ColumnsDescription(e.Needs)
	if what == "" {
		what = "context " + e.Needs
	}
	at := ""
	switch {
	case e.Object != nil:
		at = fmt.Sprintf(" (%v)", e.Object)
	case e.Index >= 0:
		at = fmt.Sprintf(" (handle index %d)", e.Index)
	}
	return fmt.Sprintf("rows kept as bytes: %s needs %s%s: %v", e.ROP, what, at, e.Err)
}

// Unwrap returns Err, so that errors.Is finds ErrNoObject and its kin.
func (e *ContextError) Unwrap() error { return e.Err }
