package logon

import (
	"sync"

	"github.com/ropcodec/ropcodec/codec"
)

// exchangeState is what one logon needs to send its RopLogon requests and
// read the ROP output buffers without allocating: a buffer to encode the
// request in, a ROPBuffer to decode each output buffer into, a
// codec.Decoder for the walk over its RopsList (whose values it hands out,
// and which remembers the server names of redirects), and room for the
// RopLogon response found, copied out of the Decoder's value, which the
// next step of the walk may reuse. A Client is shared by goroutines, so the
// states are pooled: a logon takes one for its whole procedure.
type exchangeState struct {
	rops []byte
	buf  codec.ROPBuffer
	dec  codec.Decoder

	private  codec.RopLogonPrivateResponse
	public   codec.RopLogonPublicResponse
	redirect codec.RopLogonRedirectResponse
	failure  codec.RopLogonFailureResponse
}

var exchangeStates = sync.Pool{New: func() any { return &exchangeState{dec: codec.Decoder{ReuseValues: true}} }}

func getExchangeState() *exchangeState   { return exchangeStates.Get().(*exchangeState) }
func putExchangeState(st *exchangeState) { exchangeStates.Put(st) }

// keep copies r, a value of st.dec, into st and returns the copy, which
// stays as it is until keep is called again: its strings and slices are
// never reused (see codec.Decoder).
func (st *exchangeState) keep(r codec.RopLogonResponse) codec.RopLogonResponse {
	switch v := r.(type) {
	case *codec.RopLogonPrivateResponse:
		st.private = *v
		return &st.private
	case *codec.RopLogonPublicResponse:
		st.public = *v
		return &st.public
	case *codec.RopLogonRedirectResponse:
		st.redirect = *v
		return &st.redirect
	case *codec.RopLogonFailureResponse:
		st.failure = *v
		return &st.failure
	}
	return r // a shape of a later codec: left as it is, as before the Decoder
}

// newResult returns a new Result whose Response is a copy of resp (one of
// st's), allocated with it, and whose ReplGUID is that of a success
// response.
func newResult(resp codec.RopLogonResponse) *Result {
	switch r := resp.(type) {
	case *codec.RopLogonPrivateResponse:
		return resultWith(*r, r.ReplGUID)
	case *codec.RopLogonPublicResponse:
		return resultWith(*r, r.ReplGUID)
	}
	return &Result{Response: resp}
}

// resultWith returns a new Result whose Response points at a copy of resp,
// allocated with it, and whose ReplGUID is replGUID.
func resultWith[T any, P interface {
	*T
	codec.RopLogonResponse
}](resp T, replGUID codec.GUID) *Result {
	v := &struct {
		Result
		resp T
	}{resp: resp}
	v.Response, v.ReplGUID = P(&v.resp), replGUID
	return &v.Result
}
