package codec

import (
	"errors"
	"iter"
)

// Requests walks the RopsList of a ROP input buffer ([MS-OXCROPS] 2.2.1),
// yielding each ROP request in order. On malformed input it yields the error,
// with its offset counted from the start of list, and stops; a RopId this
// package cannot decode ends the walk with ErrUnsupportedROP, since the size
// of an unknown ROP cannot be known. WalkRequests walks the same way and says
// where each ROP lies.
func Requests(list []byte) iter.Seq2[Request, error] {
	return (*Decoder)(nil).Requests(list)
}

// Responses walks the RopsList of a ROP output buffer ([MS-OXCROPS] 2.2.1),
// yielding each ROP response in order. The shape of each response (success,
// failure, redirect, ...) is chosen by its ReturnValue, so error codes that
// carry no body are walked past correctly. Errors are reported as by Requests.
func Responses(list []byte) iter.Seq2[Response, error] {
	return (*Decoder)(nil).Responses(list)
}

// Requests is the package's Requests with d's strings; with d.ReuseValues
// it yields d's own values, each valid until the next step of the walk (see
// Decoder).
func (d *Decoder) Requests(list []byte) iter.Seq2[Request, error] {
	return func(yield func(Request, error) bool) {
		w := Walker[Request]{list: list, d: d, decode: (*Decoder).DecodeRequest}
		w.all(yield)
	}
}

// Responses is the package's Responses with d's strings; with
// d.ReuseValues it yields d's own values, each valid until the next step of
// the walk (see Decoder).
func (d *Decoder) Responses(list []byte) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		w := Walker[Response]{list: list, d: d, decode: (*Decoder).DecodeResponse}
		w.all(yield)
	}
}

// A Walker decodes the ROPs of a RopsList ([MS-OXCROPS] 2.2.1) one after
// another, in the manner of bufio.Scanner, and says where each one lies in
// the list, as json.Decoder.InputOffset does for JSON:
//
//	w := codec.WalkResponses(list)
//	for w.Next() {
//		fmt.Println(w.Offset(), w.Size(), w.ROP())
//	}
//	if err := w.Err(); err != nil { ... }
//
// R is Request or Response.
type Walker[R ROP] struct {
	list   []byte
	d      *Decoder
	decode func(*Decoder, []byte) (R, int, error) // a method expression, which costs no allocation
	off, n int                                    // the last ROP read: its offset and size
	rop    R
	err    error
}

// WalkRequests returns a Walker over the requests of list.
func WalkRequests(list []byte) *Walker[Request] { return (*Decoder)(nil).WalkRequests(list) }

// WalkResponses returns a Walker over the responses of list.
func WalkResponses(list []byte) *Walker[Response] { return (*Decoder)(nil).WalkResponses(list) }

// WalkRequests is the package's WalkRequests with d's strings; with
// d.ReuseValues its ROP is d's own value, valid until the next call of Next
// (see Decoder).
func (d *Decoder) WalkRequests(list []byte) *Walker[Request] {
	return &Walker[Request]{list: list, d: d, decode: (*Decoder).DecodeRequest}
}

// WalkResponses is the package's WalkResponses with d's strings; with
// d.ReuseValues its ROP is d's own value, valid until the next call of Next
// (see Decoder).
func (d *Decoder) WalkResponses(list []byte) *Walker[Response] {
	return &Walker[Response]{list: list, d: d, decode: (*Decoder).DecodeResponse}
}

// Next decodes the next ROP and reports whether it did. It returns false at
// the end of the list and at the first ROP that does not decode, whose error
// Err then returns.
func (w *Walker[R]) Next() bool {
	if w.err != nil || w.off+w.n >= len(w.list) {
		w.off, w.n = w.off+w.n, 0
		var zero R
		w.rop = zero
		return false
	}
	w.off += w.n
	rop, n, err := w.decode(w.d, w.list[w.off:])
	w.rop, w.n = rop, n
	if err != nil {
		w.err = shiftOffset(err, w.off)
		return false
	}
	return true
}

// ROP returns the ROP that Next decoded last. After Next failed on a ROP whose
// RopId the package knows, it holds the fields decoded before the bad one;
// otherwise it is nil. A Walker of a Decoder with ReuseValues returns the
// Decoder's value, valid until the next call of Next; other Walkers return a
// new one each time.
func (w *Walker[R]) ROP() R { return w.rop }

// Offset returns the offset in the list of the ROP that Next decoded last or
// failed on; after the end of the list, the list's length.
func (w *Walker[R]) Offset() int { return w.off }

// Size returns the number of bytes of the ROP that Next decoded last; 0 after
// a failure or the end.
func (w *Walker[R]) Size() int { return w.n }

// InputOffset returns the offset in the list of the first byte not yet
// decoded: where the next ROP starts.
func (w *Walker[R]) InputOffset() int { return w.off + w.n }

// Err returns the error at which the walk stopped, with its offset counted
// from the start of the list, or nil.
func (w *Walker[R]) Err() error { return w.err }

// all yields the ROPs of the walk, then its error if any.
func (w *Walker[R]) all(yield func(R, error) bool) {
	for w.Next() {
		if !yield(w.rop, nil) {
			return
		}
	}
	if w.err != nil {
		var zero R
		yield(zero, w.err)
	}
}

// shiftOffset adds base to the offset of a *DecodeError, so that it counts
// from the start of the enclosing buffer rather than of the ROP.
func shiftOffset(err error, base int) error {
	var de *DecodeError
	if base == 0 || !errors.As(err, &de) {
		return err
	}
	shifted := *de
	shifted.Offset += base
	return &shifted
}
