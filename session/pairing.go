package session

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// pending is a request of the call being decoded, waiting for its response.
type pending struct {
	req  codec.Request
	info *codec.ROPInfo
	buf  int // index in Call.In: above 0 for a packed input payload
	off  int // in its buffer's RopsList
	n    int
	// in, out and logon are the request's InputHandleIndex (or
	// SourceHandleIndex), OutputHandleIndex and LogonId; -1 when its layout
	// has none. index holds its handle indexes by name, indexes of them.
	in, out, logon int
	index          [4]namedIndex
	indexes        int
	answers        bool // its ROP has a response
	done           bool // emitted in a pair
	// err is why the server did not process it, set by a RopBackoff or
	// RopBufferTooSmall response.
	err error
}

// namedIndex is a handle index field of a request.
type namedIndex struct {
	name  string
	value uint8
}

// slot is one entry of the Server object handle table of the call being
// decoded: the object at that index as the ROPs processed so far left it.
type slot struct {
	handle  uint32  // the value the input buffer's table gave
	obj     *Object // nil when the session knows no object there
	why     error   // why obj is nil, when a ROP of this call said
	created bool    // obj was created in this call: its handle comes back in the output table
}

// callState is the decoding of one call.
type callState struct {
	d     *Decoder
	c     *Call
	reqs  []pending
	slots []slot
	next  int // requests before next are emitted
	// end bounds the requests that wait for a response: those of the
	// input buffer, or after a chained output buffer the copy of the last
	// one (chain); the packed requests after them never do.
	end int
	// ans is where nextAnswering starts: the requests before it, emitted
	// or not, wait for no response, and stay so.
	ans int
	// inStop is why the requests of the input buffer end early, or nil.
	inStop error
	// outStop is why no response after the last one decoded is known:
	// the walk of the output buffer stopped, or rows kept as bytes took the
	// rest of it.
	outStop error
	// delays and leftOut are what the RopBackoff responses of the output
	// buffer being read did, so that each marks the requests it delays
	// once, not once per RopBackoff: the reason shared by the requests of
	// each logon one delays whole, and whether one left out the requests
	// after its own.
	delays  map[uint8]*logonDelay
	leftOut bool
}

// run decodes a call of ROP input buffers ins and output buffers outs.
func (d *Decoder) run(ins, outs []*codec.ROPBuffer) *Call {
	c := &Call{Index: d.calls}
	s := &callState{d: d, c: c, reqs: d.reqs[:0], slots: d.slots[:0]}
	defer func() {
		// The requests and slots are the decoder's scratch for the next
		// call, cleared so that they hold on to nothing.
		clear(s.reqs)
		clear(s.slots)
		d.reqs, d.slots = s.reqs[:0], s.slots[:0]
		d.calls++
	}()
	for i, rb := range ins {
		s.readRequests(i, rb)
	}
	c.Pairs = make([]Pair, 0, len(s.reqs)+1)
	if len(ins) > 0 {
		for _, h := range ins[0].ServerObjectHandleTable {
			s.slots = append(s.slots, slot{handle: h, obj: d.objects[h]})
		}
	}
	for i, rb := range outs {
		if i > 0 {
			s.chain()
		}
		s.readResponses(i, rb)
	}
	s.finish(len(outs) > 0)
	if len(outs) > 0 {
		s.bindCreated(outs[0].ServerObjectHandleTable)
	}
	return c
}

// readRequests walks the requests of input buffer i.
func (s *callState) readRequests(i int, rb *codec.ROPBuffer) {
	s.d.layColumns(nil)
	s.d.setLogons()
	w := s.d.dec.WalkRequests(rb.RopsList)
	for w.Next() {
		req := w.ROP()
		if l, ok := req.(*codec.RopLogonRequest); ok {
			// The requests after it in this buffer run on the logon it asks for.
			s.d.dec.SetLogon(l.LogonID, l.LogonFlags&codec.LogonPrivate == 0)
			s.d.logonsStale = true
		}
		p := pending{req: req, info: codec.LookupROP(req.RopID()), buf: i, off: w.Offset(), n: w.Size()}
		p.handleIndexes()
		p.answers = len(p.info.Responses) > 0
		s.reqs = append(s.reqs, p)
	}
	s.c.In = append(s.c.In, Buffer{RopsList: rb.RopsList, Handles: rb.ServerObjectHandleTable, Err: w.Err()})
	if i > 0 {
		return
	}
	s.end = len(s.reqs)
	if err := w.Err(); err != nil {
		s.inStop = fmt.Errorf("the requests end at offset %d of the input buffer, where one does not decode: %w", w.Offset(), err)
	}
}

// chain readies a chained output buffer: a response to the last request of
// the input buffer, again ([MS-OXCRPC] 3.1.4.2.1.2.2). The requests the
// buffers before it left unanswered, and the packed ones, are emitted first.
func (s *callState) chain() {
	s.finish(true)
	if s.end > 0 {
		p := s.reqs[s.end-1]
		p.done, p.err = false, nil
		s.reqs = append(s.reqs, p)
	}
	s.end = len(s.reqs)
}

// readResponses walks output buffer i, pairing each response with the
// request it answers and decoding it in that request's context.
func (s *callState) readResponses(i int, rb *codec.ROPBuffer) {
	list := rb.RopsList
	w := s.d.dec.WalkResponses(list)
	s.outStop, s.delays, s.leftOut = nil, nil, false
	for w.InputOffset() < len(list) {
		id := list[w.InputOffset()]
		info := codec.LookupROP(id)
		unasked := info != nil && info.Request == nil
		var q *pending
		var ctxErr error
		var cols []codec.PropertyTag
		if !unasked {
			if q = s.nextAnswering(); q != nil && q.req.RopID() == id {
				cols, ctxErr = s.context(q)
			}
		}
		s.d.layColumns(cols)
		if !w.Next() {
			s.outStop = fmt.Errorf("the responses end at offset %d of the output buffer, where one does not decode: %w", w.Offset(), w.Err())
			break
		}
		at := Pair{In: -1, Response: w.ROP(), Out: i, ResponseOffset: w.Offset(), ResponseSize: w.Size()}
		switch {
		case unasked:
			if columnsKey(info) != "" && keptAsBytes(at.Response) {
				s.notifyContext(list, &at, columnsKey(info))
			}
			s.unasked(at)
		case q == nil:
			at.Err = ErrNoRequest
			if s.inStop != nil {
				at.Err = fmt.Errorf("%w: %v", ErrNoRequest, s.inStop)
			}
			s.emit(at)
		case q.req.RopID() != id:
			at.Err = fmt.Errorf("%w: a %s response where %s is next", ErrOutOfStep, info.Name, q.info.Name)
			s.emit(at)
		default:
			s.answer(q, at, cols, ctxErr)
		}
		// An unasked response (RopNotify) sizes its rows: kept as bytes,
		// they do not take the rest of the buffer.
		if !unasked && at.Response.Info().Columns != "" && keptAsBytes(at.Response) {
			s.outStop = fmt.Errorf("the rows of the %s response at offset %d, kept as bytes for want of their columns, take the rest of the output buffer", at.Response.Info().ROP, at.ResponseOffset)
		}
	}
	s.c.Out = append(s.c.Out, Buffer{RopsList: list, Handles: rb.ServerObjectHandleTable, Err: w.Err()})
}

// nextAnswering returns the first request not yet emitted that waits for a
// response, or nil. A request it passes over never waits again (emitted,
// not processed, or of a ROP without a response), so each call starts where
// the last one stopped: pairing a buffer costs one pass over its requests.
func (s *callState) nextAnswering() *pending {
	for s.ans = max(s.ans, s.next); s.ans < s.end; s.ans++ {
		if p := &s.reqs[s.ans]; !p.done && p.err == nil && p.answers {
			return p
		}
	}
	return nil
}

// answer pairs request q with its response, decoded with the columns cols
// or, when the session lacked them, without them for the reason ctxErr.
func (s *callState) answer(q *pending, p Pair, cols []codec.PropertyTag, ctxErr error) {
	s.flushBefore(q)
	s.fill(&p, q)
	p.Object, _ = s.objectAt(q.in)
	if ctxErr != nil && p.Response.Info().Columns != "" && keptAsBytes(p.Response) {
		p.Err = ctxErr
	}
	if cols != nil && p.Response.Info().Columns != "" {
		p.Columns = cols
	}
	if p.Err == nil {
		p.Err = q.notEchoed(p.Response)
	}
	s.apply(q, &p)
	s.emit(p)
}

// fill sets the request of p to q and marks q emitted.
func (s *callState) fill(p *Pair, q *pending) {
	p.Request, p.In, p.RequestOffset, p.RequestSize = q.req, q.buf, q.off, q.n
	q.done = true
}

// flushBefore emits the requests before q that are not emitted yet: those
// without a response, which the server processed before q (RopRelease), and
// those it did not process.
func (s *callState) flushBefore(q *pending) {
	for k := s.next; k < s.end && &s.reqs[k] != q; k++ {
		if p := &s.reqs[k]; !p.done {
			s.alone(p, nil)
		}
	}
}

// alone emits request p without a response, for the reason why, or, when
// why is nil and p was processed, with its effects.
func (s *callState) alone(p *pending, why error) {
	pair := Pair{Out: -1}
	s.fill(&pair, p)
	switch {
	case p.err != nil:
		pair.Err = p.err
		if d, ok := p.err.(*logonDelay); ok {
			pair.Err = d.err
		}
	case why != nil:
		pair.Err = why
	default:
		pair.Object, _ = s.objectAt(p.in)
		s.processed(p)
	}
	s.emit(pair)
}

// emit appends p to the call's pairs and moves next past the requests
// emitted.
func (s *callState) emit(p Pair) {
	s.c.Pairs = append(s.c.Pairs, p)
	for s.next < len(s.reqs) && s.reqs[s.next].done {
		s.next++
	}
}

// finish emits the requests left when the output buffers are read: not
// processed, packed, without an output buffer, or without a response.
func (s *callState) finish(hadOutput bool) {
	for k := s.next; k < len(s.reqs); k++ {
		p := &s.reqs[k]
		switch {
		case p.done:
		case p.buf > 0:
			s.alone(p, ErrPacked)
		case p.err != nil:
			s.alone(p, p.err)
		case !hadOutput:
			s.alone(p, ErrNoOutput)
		case s.outStop != nil:
			s.alone(p, fmt.Errorf("%w: %v", ErrNoResponse, s.outStop))
		case !p.answers:
			s.alone(p, nil)
		default:
			s.alone(p, ErrNoResponse)
		}
	}
}

// bindCreated binds the objects the call created to the handles the output
// buffer's table returns in their slots ([MS-OXCROPS] 3.2.5.2). An object
// whose slot the table lacks cannot be named by a later call, and is not
// tracked.
func (s *callState) bindCreated(handles []uint32) {
	for i := range s.slots {
		sl := &s.slots[i]
		if !sl.created || sl.obj == nil {
			continue
		}
		if i < len(handles) {
			s.d.bind(sl.obj, handles[i])
		} else {
			s.d.forget(sl.obj)
		}
	}
}
