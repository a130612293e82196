package session

import (
	"bytes"
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// What the ROPs do to the session: the objects they create and free, the
// logons they open, the columns they set. Each effect follows a response
// that says the ROP succeeded (ReturnValue 0); a failed ROP changes nothing
// but the slot it was to fill.

// apply records the effects of request q, answered by p.Response.
func (s *callState) apply(q *pending, p *Pair) {
	ok := p.Response.Status() == nil
	if q.out >= 0 {
		s.create(q, p, ok)
	}
	switch r := q.req.(type) {
	case *codec.RopSetColumnsRequest:
		// [MS-OXCTABL] 2.2.2.2: the columns of the table's rows from now on.
		if !ok {
			break
		}
		if o := s.objectFor(q.in, q.logon); o != nil {
			s.d.setColumns(o, r.PropertyTags)
			p.Object = o
		}
	}
	switch r := p.Response.(type) {
	case *codec.RopOpenMessageSuccessResponse:
		// [MS-OXCMSG] 2.2.3.1.2, 2.2.3.6.2: the columns of the recipient
		// rows RopReadRecipients returns for this message.
		s.recipientColumns(p.Created, r.RecipientColumns)
	case *codec.RopOpenEmbeddedMessageSuccessResponse:
		s.recipientColumns(p.Created, r.RecipientColumns)
	case *codec.RopReloadCachedInformationSuccessResponse:
		if o := s.objectFor(q.in, q.logon); o != nil {
			s.recipientColumns(o, r.RecipientColumns)
			p.Object = o
		}
	}
}

// recipientColumns makes cols the recipient columns of message o, if any.
func (s *callState) recipientColumns(o *Object, cols []codec.PropertyTag) {
	if o != nil {
		s.d.setRecipientColumns(o, cols)
	}
}

// create fills the slot at q's OutputHandleIndex: with a new object when the
// ROP succeeded, and with why there is none when it failed ([MS-OXCROPS]
// 1.3.1: the entry is then undefined). A successful RopLogon opens its
// logon.
func (s *callState) create(q *pending, p *Pair, ok bool) {
	for q.out >= len(s.slots) {
		s.slots = append(s.slots, slot{handle: codec.UnusedHandle})
	}
	sl := &s.slots[q.out]
	if sl.created && sl.obj != nil {
		s.d.forget(sl.obj) // created earlier in the call, and never returned
	}
	if !ok {
		*sl = slot{handle: sl.handle, why: fmt.Errorf("%w: the %s that was to create it failed with %v", ErrNoObject, q.info.Name, p.Response.Status())}
		return
	}
	o, err := s.d.newObject(q.info.Name, uint8(q.logon))
	if err != nil {
		*sl = slot{handle: sl.handle, why: err}
		return
	}
	*sl = slot{handle: sl.handle, obj: o, created: true}
	p.Created = o
	if _, isLogon := q.req.(*codec.RopLogonRequest); isLogon {
		_, private := p.Response.(*codec.RopLogonPrivateResponse)
		s.d.logons[uint8(q.logon)] = Logon{ID: uint8(q.logon), Private: private, Object: o}
	}
}

// processed records the effects of request p, which has no response and
// which the server processed: RopRelease frees its object ([MS-OXCROPS]
// 2.2.15.3).
func (s *callState) processed(p *pending) {
	if _, isRelease := p.req.(*codec.RopReleaseRequest); !isRelease || p.in < 0 || p.in >= len(s.slots) {
		return
	}
	sl := &s.slots[p.in]
	if sl.obj != nil {
		sl.obj.Released = true
		s.d.forget(sl.obj)
	}
	*sl = slot{handle: sl.handle, why: fmt.Errorf("%w: a RopRelease of call %d freed it", ErrNoObject, s.c.Index)}
}

// notEchoed returns ErrNotEchoed when a handle index of resp (its
// InputHandleIndex, OutputHandleIndex or ResponseHandleIndex) is not the one
// of the same name in p's request, which the response copies; else nil.
func (p *pending) notEchoed(resp codec.Response) error {
	for rf := range resp.Fields() {
		for _, ix := range p.index[:p.indexes] {
			if ix.name == rf.Name && uint64(ix.value) != rf.Uint {
				return fmt.Errorf("%w: its %s is %d, the request's %d", ErrNotEchoed, rf.Name, rf.Uint, ix.value)
			}
		}
	}
	return nil
}

// unasked places a response that no request asks for ([MS-OXCROPS]
// 3.1.5.1): RopBackoff, RopBufferTooSmall, RopPending.
func (s *callState) unasked(p Pair) {
	switch r := p.Response.(type) {
	case *codec.RopBackoffResponse:
		s.backoff(r, p)
	case *codec.RopBufferTooSmallResponse:
		s.bufferTooSmall(r, p)
	default:
		s.emit(p)
	}
}

// backoff places a RopBackoff response ([MS-OXCROPS] 3.1.5.1.1, 3.2.4.2).
// One that names ROPs stands in place of the response of the request it
// delays, the next one waiting, when that request is of a ROP it names; the
// server processes none of the requests after it. One that names none
// delays every request of its logon; the other requests go on.
func (s *callState) backoff(r *codec.RopBackoffResponse, p Pair) {
	if len(r.BackoffRopData) == 0 {
		why := fmt.Errorf("%w: a RopBackoff delays every request of logon %d by %d ms", ErrNotProcessed, r.LogonID, r.Duration)
		if d := s.delays[r.LogonID]; d != nil {
			// The requests of the logon are those an earlier one marked,
			// less those emitted since: the latest reason is theirs.
			d.err = why
			s.emit(p)
			return
		}
		d := &logonDelay{err: why}
		if s.delays == nil {
			s.delays = make(map[uint8]*logonDelay)
		}
		s.delays[r.LogonID] = d
		for k := s.next; k < s.end; k++ {
			if q := &s.reqs[k]; !q.done && q.logon == int(r.LogonID) {
				q.err = d
			}
		}
		s.emit(p)
		return
	}
	q := s.nextAnswering()
	if q != nil {
		for _, b := range r.BackoffRopData {
			if b.RopIDBackoff == q.req.RopID() {
				s.flushBefore(q)
				s.fill(&p, q)
				p.Err = fmt.Errorf("%w: the RopBackoff in place of its response delays it by %d ms", ErrNotProcessed, b.Duration)
				break
			}
		}
	}
	if !s.leftOut {
		// Once done, every request of the buffer waiting is emitted or not
		// processed: a later RopBackoff leaves out none.
		s.leftOut = true
		why := fmt.Errorf("%w: a RopBackoff before its response leaves out the responses after it", ErrNotProcessed)
		for k := s.next; k < s.end; k++ {
			if q := &s.reqs[k]; !q.done && q.err == nil {
				q.err = why
			}
		}
	}
	s.emit(p)
}

// logonDelay is why the requests of a logon were not processed: the latest
// RopBackoff of the output buffer that delays the whole logon. The requests
// share it, so that a later such RopBackoff changes their reason at once;
// a Pair takes err, the reason at the time it is emitted.
type logonDelay struct{ err error }

func (l *logonDelay) Error() string { return l.err.Error() }
func (l *logonDelay) Unwrap() error { return l.err }

// bufferTooSmall places a RopBufferTooSmall response, the last of its
// buffer ([MS-OXCROPS] 3.1.5.1.2): its RequestBuffers are the requests the
// server did not process, the last ones of the input buffer, byte for byte.
// The requests before them without a response were processed.
func (s *callState) bufferTooSmall(r *codec.RopBufferTooSmallResponse, p Pair) {
	if len(s.c.In) == 0 {
		s.emit(p)
		return
	}
	list := s.c.In[0].RopsList
	start := len(list) - len(r.RequestBuffers)
	if start < 0 || !bytes.Equal(list[start:], r.RequestBuffers) {
		p.Err = fmt.Errorf("%w: its RequestBuffers (%d bytes) are not the last requests of the input buffer", ErrNotEchoed, len(r.RequestBuffers))
		start = len(list)
	}
	why := fmt.Errorf("%w: a RopBufferTooSmall returns it unprocessed (the output buffer needs %d bytes)", ErrNotProcessed, r.SizeNeeded)
	for k := s.next; k < s.end; k++ {
		q := &s.reqs[k]
		switch {
		case q.done:
		case q.off >= start:
			q.err = why
		case !q.answers && q.err == nil:
			s.alone(q, nil)
		}
	}
	s.emit(p)
}
