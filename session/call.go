package session

import "github.com/ropcodec/ropcodec/codec"

// Call is one call of the session: its ROP input buffers and output
// buffers, and the requests paired with their responses.
type Call struct {
	// Index numbers the calls of the session from 0.
	Index int
	// In holds the ROP input buffer, and after it any packed ones (CallRPC);
	// none when the call came without one.
	In []Buffer
	// Out holds the ROP output buffer, and after it any chained ones; none
	// when the call came without one.
	Out []Buffer
	// Pairs are the requests and responses in the order the server
	// processed them: each request with its response, a request that has
	// none (RopRelease, one the server did not process) alone, and a
	// response that answers no request (RopBackoff, RopPending,
	// RopBufferTooSmall, one whose request is missing) alone.
	Pairs []Pair
}

// Buffer is one ROP input or output buffer of a call ([MS-OXCROPS] 2.2.1).
type Buffer struct {
	// RopsList holds the ROPs, one after another.
	RopsList []byte
	// Handles is the Server object handle table.
	Handles []uint32
	// Err is why the walk of RopsList stopped before its end (a
	// *codec.DecodeError whose offset counts from the start of RopsList),
	// or nil.
	Err error
}

// Pair is a request and its response. Either may be nil (see Call.Pairs);
// Err then says why, as it says why a response was decoded without its
// context.
type Pair struct {
	// Request is the request, or nil; In is the index in Call.In of its
	// buffer (-1 without a request), RequestOffset and RequestSize where it
	// lies in that buffer's RopsList.
	Request                    codec.Request
	In                         int
	RequestOffset, RequestSize int
	// Response is the response, or nil; Out, ResponseOffset and
	// ResponseSize say where it lies as for the request.
	Response                     codec.Response
	Out                          int
	ResponseOffset, ResponseSize int
	// Object is the object the request ran on (the one at its
	// InputHandleIndex), when the session knows it.
	Object *Object
	// Created is the object the request created at its OutputHandleIndex,
	// when it succeeded and the session tracks it.
	Created *Object
	// Columns are the columns the response's rows were laid out by, when
	// its layout has rows whose columns come from a context
	// (codec.MessageInfo.Columns) and the session had them. The slice is
	// the session's: the Columns or RecipientColumns of the object at the
	// time, or the request's PropertyTags, and the rows' Columns
	// (codec.PropertyRow.Columns) are the same slice; do not change it.
	Columns []codec.PropertyTag
	// Err says what is amiss: why the request has no response (ErrNoOutput,
	// ErrNoResponse, ErrNotProcessed, ErrPacked), why the response has no
	// request (ErrNoRequest, ErrOutOfStep), why the response's rows are kept
	// as bytes (a *ContextError), or a response that does not copy its
	// request's handle index (ErrNotEchoed). nil for a request answered in
	// full, and for RopRelease, RopBackoff, RopPending and RopBufferTooSmall
	// where the documents put them.
	Err error
}
