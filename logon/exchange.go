package logon

import (
	"context"
	"fmt"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
)

// One session of the logon procedure: open a Session Context, send the
// RopLogon in a ROP input buffer with a place in the budget while it is in
// flight, wait out a RopBackoff and send again ([MS-OXCROPS] 3.1.5.1.1),
// and read the ROP output buffer.

// exchanged is what one session gave for the logon.
type exchanged struct {
	resp    codec.RopLogonResponse
	handle  uint32
	backoff time.Duration // a RopBackoff that came with resp
}

// exchange opens a session with a.server and sends the RopLogon, again
// after each RopBackoff that holds it off, until a RopLogon response comes.
// Each request has a place in the Budget while it is in flight (send).
// On success the session is open and returned; on error it is closed.
func (c *Client) exchange(ctx context.Context, a *attempt, st *exchangeState) (exchanged, Session, error) {
	req := &codec.RopLogonRequest{
		LogonID:    a.logonID,
		LogonFlags: a.logonFlags,
		OpenFlags:  a.openFlags,
		Essdn:      a.mailbox,
	}
	rops, err := req.AppendBinary(st.rops[:0])
	if err != nil {
		return exchanged{}, nil, a.fail(nil, 0, err)
	}
	st.rops = rops
	handles := [...]uint32{codec.UnusedHandle}
	in := codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: handles[:]}
	// The buffer sent is the one allocation: a transport may keep it after
	// Execute returns (an HTTP/2 request body may still be being sent).
	inBytes, err := in.MarshalBinary()
	if err != nil {
		return exchanged{}, nil, a.fail(nil, 0, err)
	}
	if c.Budget != nil {
		if err := c.Budget.ready(ctx, a.server); err != nil {
			return exchanged{}, nil, a.fail(nil, 0, err)
		}
	}
	sess, err := c.Dialer.Dial(ctx, a.server)
	if err != nil {
		return exchanged{}, nil, a.fail(nil, 0, err)
	}
	for retries := 0; ; retries++ {
		out, delay, err := c.send(ctx, a, st, sess, inBytes, req)
		if err != nil {
			sess.Close()
			return exchanged{}, nil, err
		}
		if out.resp != nil {
			return out, sess, nil
		}
		// Held off: the server did not run the logon. Wait and resend
		// ([MS-OXCROPS] 3.1.5.1.1).
		if retries >= c.maxBackoffRetries() {
			sess.Close()
			e := a.fail(ErrBackoff, 0, fmt.Errorf("held off %d times", retries+1))
			e.RetryAfter = delay
			return exchanged{}, nil, e
		}
		if err := c.wait(ctx, delay); err != nil {
			sess.Close()
			e := a.fail(ErrBackoff, 0, err)
			e.RetryAfter = delay
			return exchanged{}, nil, e
		}
	}
}

// send sends one ROP input buffer with the RopLogon req on sess and reads
// the output buffer, holding a place in the Budget while the request is in
// flight: released when the server ran the logon without a redirect or did
// not run it (a RopBackoff alone), charged otherwise, since the server may
// have counted it (a redirect, ecServerPaused, an error after sending).
func (c *Client) send(ctx context.Context, a *attempt, st *exchangeState, sess Session, in []byte, req *codec.RopLogonRequest) (exchanged, time.Duration, error) {
	var place Reservation
	if c.Budget != nil {
		var err error
		if place, err = c.Budget.Acquire(ctx, a.server); err != nil {
			return exchanged{}, 0, a.fail(nil, 0, err)
		}
	}
	outBytes, err := sess.Execute(ctx, in)
	if err != nil {
		place.Charge()
		return exchanged{}, 0, a.fail(nil, 0, err)
	}
	out, delay, err := c.readOutput(outBytes, req, st)
	if err != nil {
		place.Charge()
		return exchanged{}, 0, a.fail(ErrProtocol, 0, err)
	}
	if out.resp == nil {
		place.Release() // held off: the logon did not run
		return out, delay, nil
	}
	switch errors.LogonActionFor(out.resp.Status()) {
	case errors.LogonRedirect, errors.LogonServerPaused:
		place.Charge()
	default:
		place.Release()
	}
	return out, delay, nil
}

// wait sleeps d on the Clock, unless the context ends first or its
// deadline comes before d has passed: a backoff never waits past the
// deadline, and then returns context.DeadlineExceeded at once. The deadline
// is the context's, in the time of the time package.
func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return context.DeadlineExceeded
	}
	return clock.Sleep(ctx, c.clock(), d)
}

// readOutput reads a ROP output buffer: the RopLogon response, if any, the
// handle it was given, and the delay of a RopBackoff for the logon (capped
// by MaxBackoff). A buffer with neither is an error. It decodes into st,
// and the response it returns is st's (exchangeState.keep).
func (c *Client) readOutput(b []byte, req *codec.RopLogonRequest, st *exchangeState) (exchanged, time.Duration, error) {
	buf := &st.buf
	// The handle table runs to the end of the buffer: a whole buffer or an
	// error, as UnmarshalBinary.
	if _, err := codec.DecodeInto(buf, b); err != nil {
		return exchanged{}, 0, err
	}
	var out exchanged
	var delay time.Duration
	backedOff := false
	w := st.dec.WalkResponses(buf.RopsList)
	for w.Next() {
		switch r := w.ROP().(type) {
		case *codec.RopBackoffResponse:
			if d, ok := logonBackoff(r, req.LogonID); ok {
				backedOff = true
				delay = max(delay, d)
			}
		case codec.RopLogonResponse:
			if out.resp == nil {
				out.resp = st.keep(r)
			}
		}
	}
	if err := w.Err(); err != nil && out.resp == nil && !backedOff {
		return exchanged{}, 0, err
	} // else a ROP after ours this package cannot walk past
	if delay > c.maxBackoff() {
		delay = c.maxBackoff()
	}
	if out.resp == nil {
		if !backedOff {
			return exchanged{}, 0, errors.New("no RopLogon response")
		}
		return out, delay, nil
	}
	out.backoff = delay
	if i := int(req.OutputHandleIndex); i < len(buf.ServerObjectHandleTable) {
		out.handle = buf.ServerObjectHandleTable[i]
	}
	return out, delay, nil
}

// logonBackoff returns the delay a RopBackoff response puts on the RopLogon
// of logon logonID ([MS-OXCROPS] 2.2.15.2.1, 3.1.5.1.1): the Duration when
// BackoffRopCount is 0 (every ROP of the logon is delayed), else the
// Duration of a BackoffRop that names RopLogon (0xFE).
func logonBackoff(r *codec.RopBackoffResponse, logonID uint8) (time.Duration, bool) {
	if r.LogonID != logonID {
		return 0, false
	}
	if len(r.BackoffRopData) == 0 {
		return time.Duration(r.Duration) * time.Millisecond, true
	}
	for _, br := range r.BackoffRopData {
		if br.RopIDBackoff == ropIDLogon {
			return time.Duration(br.Duration) * time.Millisecond, true
		}
	}
	return 0, false
}
