package ldapreconnect

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
)

// ErrClosed is returned by the methods of a Conn that has been closed.
var ErrClosed = errors.New("ldapreconnect: connection closed")

// Request is the requestMessage of an LDAPRequest ([MS-ADTS] 7.3) without its
// message ID, which the Conn assigns.
type Request struct {
	// Op is the BER encoding of the protocolOp (RFC 4511 4.1.1), for example
	// a SearchRequest [APPLICATION 3]. Requests without a response (unbind,
	// abandon) are not accepted.
	Op []byte
	// Controls is the BER encoding of the [0] Controls element (RFC 4511
	// 4.1.11), or nil. A SearchRequest whose controls include
	// LDAP_SERVER_NOTIFICATION_OID is never resent ([MS-ADTS] 7.6.2.7).
	Controls []byte
}

// Result is the LDAPResult (RFC 4511 4.1.9) that ended a request.
type Result struct {
	MessageID         int64
	Code              errors.LDAPResult
	MatchedDN         string
	DiagnosticMessage string
}

// Err returns nil for LDAP_SUCCESS and the code as an error otherwise.
func (r Result) Err() error {
	if r.Code == errors.LDAP_SUCCESS {
		return nil
	}
	return r.Code
}

// Response is what a request ended with: the resultMessages of its
// LDAPRequest ([MS-ADTS] 7.3) and the decoded LDAPResult of the last one.
type Response struct {
	// Result is the final LDAPResult.
	Result Result
	// Messages are the LDAPMessages received for the request, in order, the
	// last one being Result's; when Synthesized is true the last one is the
	// LDAP_SERVER_DOWN message built by AppendServerDown.
	Messages [][]byte
	// Synthesized reports that the client built Result ([MS-ADTS] 7.6.3.1
	// step 3, 7.6.2.7 step 5, or a send that failed, 7.6.2.5): it is
	// LDAP_SERVER_DOWN with empty matchedDN and diagnosticMessage.
	Synthesized bool
	// Resends is numResends ([MS-ADTS] 7.3): how many times 7.6.2.7 resent
	// the request.
	Resends int
}

// ldapRequest is the LDAPRequest of [MS-ADTS] 7.3.
type ldapRequest struct {
	id           int64
	req          Request
	respOp       byte
	notification bool
	msgs         [][]byte // resultMessages
	resends      int      // numResends
	gen          uint64   // the connection it was last sent on
	done         chan struct{}
	resp         Response
	err          error
}

// Conn is an ADConnection ([MS-ADTS] 7.3) with its primaryConnection: one
// LDAP connection to a directory server that runs [MS-ADTS] 7.6.3.1 and
// 7.6.2.7 on network failures. Its methods are safe for concurrent use;
// any number of goroutines may issue requests at once.
type Conn struct {
	dialer Dialer
	clock  Clock
	err    error           // why New's Dialer cannot make a Conn; Connect returns it
	ctx    context.Context // canceled by Close; bounds the reconnect's Dial
	cancel context.CancelFunc
	closed chan struct{}

	wmu sync.Mutex // serializes Transport.Send

	mu            sync.Mutex
	autoReconnect bool      // LDAP_OPT_AUTO_RECONNECT
	tr            Transport // networkConnection; nil when not connected
	gen           uint64    // incremented for every new networkConnection
	reconnecting  bool      // 7.6.2.7 is running
	recDone       chan struct{}
	recTr         Transport // the connection 7.6.2.7 is binding on
	isClosed      bool
	bound         bool     // bindHasHappened
	bindReq       *Request // the bind to replay in 7.6.2.7 step 4
	nextID        int64
	pending       map[int64]*ldapRequest // pendingRequestList
	reconnects    int
	timeLimit     time.Duration // LDAP_OPT_TIMELIMIT; 0: BindTimeLimit for the rebind
}

// BindTimeLimit is how long a bind may wait for its response when
// LDAP_OPT_TIMELIMIT is 0, its default ([MS-ADTS] 7.6.2.5: 120 seconds,
// BindTimeLimitSeconds of the spec table).
const BindTimeLimit = time.Duration(BindTimeLimitSeconds) * time.Second

// Config configures a Conn; NewConn checks it. Only Dialer is required; the
// zero value of every other field is the default of [MS-ADTS] 7.3.
type Config struct {
	// Dialer opens each network connection, the first (Connect) and every
	// autoreconnect's. Required.
	Dialer Dialer
	// NoAutoReconnect sets LDAP_OPT_AUTO_RECONNECT to FALSE; it starts TRUE,
	// its default in [MS-ADTS] 7.3. SetAutoReconnect changes it later.
	NoAutoReconnect bool
	// TimeLimit is LDAP_OPT_TIMELIMIT ([MS-ADTS] 7.3); see SetTimeLimit,
	// which changes it later. It must not be negative.
	TimeLimit time.Duration
	// Clock is the source of time for the autoreconnect's time limit and
	// for Close's wait for its UnbindRequest; nil means the system clock.
	Clock Clock
}

// Clock is the source of time of a Conn. It has the methods of the Clocks
// of packages logon and reconnect, so one fake serves all three.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once at least d has passed
	// (like time.After).
	After(d time.Duration) <-chan time.Time
}

// check returns why cfg cannot make a Conn: no Dialer, or a negative
// TimeLimit.
func (cfg *Config) check() error {
	switch {
	case cfg.Dialer == nil:
		return errors.New("ldapreconnect: Config.Dialer is nil")
	case cfg.TimeLimit < 0:
		return fmt.Errorf("ldapreconnect: Config.TimeLimit %v is negative", cfg.TimeLimit)
	}
	return nil
}

// NewConn returns an unconnected Conn configured by cfg, or an error naming
// what is wrong with cfg: the Initializing an ADConnection task ([MS-ADTS]
// 7.6.1.1). It does no I/O; Connect dials.
func NewConn(cfg Config) (*Conn, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return newConn(cfg), nil
}

// New is NewConn with only a Dialer, the constructor of earlier versions,
// kept for their callers. It does not panic: with a nil Dialer, Connect
// returns the error NewConn would have.
func New(d Dialer) *Conn {
	cfg := Config{Dialer: d}
	c := newConn(cfg)
	c.err = cfg.check()
	return c
}

// newConn builds the Conn of cfg, which need not pass check.
func newConn(cfg Config) *Conn {
	ctx, cancel := context.WithCancel(context.Background())
	return &Conn{
		dialer:        cfg.Dialer,
		clock:         clock.Or(cfg.Clock),
		ctx:           ctx,
		cancel:        cancel,
		closed:        make(chan struct{}),
		autoReconnect: !cfg.NoAutoReconnect,
		timeLimit:     cfg.TimeLimit,
		pending:       make(map[int64]*ldapRequest),
	}
}

// SetAutoReconnect sets LDAP_OPT_AUTO_RECONNECT ([MS-ADTS] 7.3, set as in
// 7.6.1.2). It is read when a network failure is processed (7.6.3.1).
func (c *Conn) SetAutoReconnect(on bool) {
	c.mu.Lock()
	c.autoReconnect = on
	c.mu.Unlock()
}

// SetTimeLimit sets LDAP_OPT_TIMELIMIT ([MS-ADTS] 7.3, set as in 7.6.1.2).
// The Conn applies it to the autoreconnect (7.6.2.7): its dial and its
// rebind must finish within it, or within BindTimeLimit when it is 0 (the
// bind's limit in 7.6.2.5), or the autoreconnect fails. Requests sent with
// Do are bounded by their contexts instead.
func (c *Conn) SetTimeLimit(d time.Duration) {
	c.mu.Lock()
	c.timeLimit = d
	c.mu.Unlock()
}

// AutoReconnect returns LDAP_OPT_AUTO_RECONNECT ([MS-ADTS] 7.3).
func (c *Conn) AutoReconnect() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.autoReconnect
}

// Bound returns bindHasHappened of the primaryConnection ([MS-ADTS] 7.3).
func (c *Conn) Bound() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bound
}

// Connected reports whether the Conn has a network connection
// (networkConnection is not NULL, [MS-ADTS] 7.3).
func (c *Conn) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tr != nil
}

// Pending returns the length of the pendingRequestList ([MS-ADTS] 7.3).
func (c *Conn) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// Reconnects returns how many times 7.6.2.7 ([MS-ADTS]) has succeeded.
func (c *Conn) Reconnects() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reconnects
}

// waitIdle waits, with c.mu held on entry and on return, until no
// autoreconnect is running. It returns ErrClosed or ctx's error.
func (c *Conn) waitIdle(ctx context.Context) error {
	for {
		if c.isClosed {
			return ErrClosed
		}
		if !c.reconnecting {
			return nil
		}
		ch := c.recDone
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			c.mu.Lock()
			return ctx.Err()
		case <-c.closed:
		}
		c.mu.Lock()
	}
}

// Connect establishes the network connection: Establishing an ADConnection
// ([MS-ADTS] 7.6.1.3), which invokes Connecting to a Directory Server
// (7.6.2.2) through the Dialer. It does nothing if the Conn is connected. A
// Conn whose autoreconnect failed can be connected again with Connect; it is
// then not bound.
func (c *Conn) Connect(ctx context.Context) error {
	if c.err != nil {
		return c.err
	}
	c.mu.Lock()
	if err := c.waitIdle(ctx); err != nil {
		c.mu.Unlock()
		return err
	}
	connected := c.tr != nil
	c.mu.Unlock()
	if connected {
		return nil
	}
	tr, err := c.dialer.Dial(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.isClosed || c.tr != nil || c.reconnecting {
		closed := c.isClosed
		c.mu.Unlock()
		tr.Close()
		if closed {
			return ErrClosed
		}
		return nil
	}
	c.tr = tr
	c.gen++
	c.bound = false
	gen := c.gen
	c.mu.Unlock()
	go c.read(tr, gen)
	return nil
}

// Bind performs an LDAP bind: Performing an LDAP Bind on an ADConnection
// ([MS-ADTS] 7.6.1.4 and 7.6.2.3). req.Op must be a BindRequest. When the
// server answers LDAP_SUCCESS, bindHasHappened becomes TRUE and the Conn keeps
// req to bind again after an autoreconnect (7.6.2.7 step 4); any other answer
// leaves the connection unbound (RFC 4511 4.2.1). Errors are as for Do.
func (c *Conn) Bind(ctx context.Context, req Request) (*Response, error) {
	if len(req.Op) == 0 || req.Op[0] != opBindRequest {
		return nil, malformed("Bind needs a BindRequest protocolOp")
	}
	return c.Do(ctx, req)
}

// Do sends a request and waits for its final response: Performing an LDAP
// Operation on an ADConnection ([MS-ADTS] 7.6.1.6). While an autoreconnect
// runs, Do waits for it to finish before sending. Do returns when ctx ends,
// also while the request's write is still blocked.
//
// The returned Response holds the server's answer or the LDAP_SERVER_DOWN
// result the client built: when the Conn is not connected or the send fails
// (7.6.2.5 returns FALSE), when a network failure ends the connection with
// auto-reconnect off (7.6.3.1 step 3), and when 7.6.2.7 does not resend the
// request or fails. A non-nil error means no result: ErrClosed, ctx's error
// (the request leaves the pendingRequestList; no Abandon is sent), a
// malformed request or response, or a transport error that is not a network
// failure.
func (c *Conn) Do(ctx context.Context, req Request) (*Response, error) {
	op, err := checkElement(req.Op)
	if err != nil {
		return nil, fmt.Errorf("ldapreconnect: request protocolOp: %w", err)
	}
	respOp, ok := responseOp(op)
	if !ok {
		return nil, fmt.Errorf("ldapreconnect: protocolOp tag 0x%02X has no response", op)
	}
	notification := false
	if len(req.Controls) > 0 {
		if tag, err := checkElement(req.Controls); err != nil || tag != tagControls {
			return nil, malformed("request Controls is not one [0] element")
		}
		if op == opSearchRequest {
			if notification, err = hasNotificationControl(req.Controls); err != nil {
				return nil, err
			}
		}
	}
	l := &ldapRequest{req: req, respOp: respOp, notification: notification, done: make(chan struct{})}

	c.mu.Lock()
	if err := c.waitIdle(ctx); err != nil {
		c.mu.Unlock()
		return nil, err
	}
	l.id = c.newID()
	tr, gen := c.tr, c.gen
	if tr == nil {
		// 7.6.2.5: nothing to send on, the task returns FALSE.
		c.completeServerDown(l)
		c.mu.Unlock()
		return c.finish(l)
	}
	l.gen = gen
	c.pending[l.id] = l
	c.mu.Unlock()

	// The send runs on its own goroutine so that ctx ends the wait even
	// while the write blocks (a server that reads nothing); Close or a
	// network failure ends the write itself.
	msg := appendMessage(nil, l.id, req.Op, req.Controls)
	go func() {
		if err := c.send(tr, msg); err != nil {
			c.sendFailed(l, gen, err)
		}
	}()
	select {
	case <-l.done:
	case <-ctx.Done():
		c.mu.Lock()
		if c.pending[l.id] == l {
			delete(c.pending, l.id)
			c.mu.Unlock()
			return nil, ctx.Err()
		}
		c.mu.Unlock()
		<-l.done
	}
	return c.finish(l)
}

// finish returns a completed request's outcome.
func (c *Conn) finish(l *ldapRequest) (*Response, error) {
	if l.err != nil {
		return nil, l.err
	}
	resp := l.resp
	return &resp, nil
}

// newID returns the next message ID (RFC 4511 4.1.1.1), with c.mu held. IDs
// increase for the life of the Conn and are kept across resends, so a
// request's ID never changes and never collides with another's.
func (c *Conn) newID() int64 {
	c.nextID++
	if c.nextID > maxMessageID {
		c.nextID = 1
	}
	return c.nextID
}

func (c *Conn) send(tr Transport, msg []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return tr.Send(msg)
}

// complete ends a request, with c.mu held; the caller has removed it from the
// pendingRequestList.
func (c *Conn) complete(l *ldapRequest, res Result, synthesized bool) {
	l.resp = Response{Result: res, Messages: l.msgs, Synthesized: synthesized, Resends: l.resends}
	close(l.done)
}

// completeServerDown inserts the LDAP_SERVER_DOWN LDAPMessage of [MS-ADTS]
// 7.6.3.1 step 3 and 7.6.2.7 step 5 into the request's resultMessages and
// ends it, with c.mu held.
func (c *Conn) completeServerDown(l *ldapRequest) {
	delete(c.pending, l.id)
	l.msgs = append(l.msgs, appendServerDown(nil, l.id, l.respOp))
	c.complete(l, Result{MessageID: l.id, Code: errors.LDAP_SERVER_DOWN}, true)
}

// sendFailed handles a send that failed on connection gen: 7.6.2.5 returns
// FALSE, so the request completes with LDAP_SERVER_DOWN (or, for an error
// that is not a network failure, with the error); a network failure also
// starts 7.6.3.1 for the connection ([MS-ADTS] 7.4).
func (c *Conn) sendFailed(l *ldapRequest, gen uint64, err error) {
	network := IsNetworkError(err)
	c.mu.Lock()
	if c.pending[l.id] == l && l.gen == gen && len(l.msgs) == 0 {
		if network {
			c.completeServerDown(l)
		} else {
			delete(c.pending, l.id)
			l.err = fmt.Errorf("ldapreconnect: send: %w", err)
			close(l.done)
		}
	}
	c.mu.Unlock()
	if network {
		go c.networkError(gen)
	}
}

// read runs for each network connection: it routes responses (Getting an
// LDAP Response from a Directory Server, [MS-ADTS] 7.6.3.2) and turns a
// failed read into 7.6.3.1.
func (c *Conn) read(tr Transport, gen uint64) {
	for {
		b, err := tr.Receive()
		if err == nil {
			err = c.deliver(gen, b)
		}
		if err != nil {
			if IsNetworkError(err) {
				c.networkError(gen)
			} else {
				c.broken(gen, err)
			}
			return
		}
	}
}

// deliver is [MS-ADTS] 7.6.3.2 without referrals: append the message to its
// request's resultMessages and end the request on an LDAPResult. Messages
// for no pending request (abandoned, timed out, unsolicited) are dropped.
func (c *Conn) deliver(gen uint64, b []byte) error {
	m, err := parseMessage(b)
	if err != nil {
		return err
	}
	var res Result
	final := isResult(m.op)
	if final {
		code, dn, diag, err := parseResult(m.body)
		if err != nil {
			return err
		}
		res = Result{MessageID: m.id, Code: errors.LDAPResult(code), MatchedDN: dn, DiagnosticMessage: diag}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.pending[m.id]
	if gen != c.gen || l == nil {
		return nil
	}
	l.msgs = append(l.msgs, b)
	if final {
		delete(c.pending, l.id)
		if m.op == opBindResponse {
			// 7.6.2.3: bindHasHappened is TRUE after a successful bind; a
			// failed bind leaves the connection anonymous (RFC 4511 4.2.1).
			// Done here, under c.mu, so that a network failure right after
			// the response sees the right state.
			c.bound = res.Code == errors.LDAP_SUCCESS
			c.bindReq = nil
			if c.bound {
				r := l.req
				c.bindReq = &r
			}
		}
		c.complete(l, res, false)
	}
	return nil
}

// broken ends connection gen after an error that is not a network failure
// (a malformed response, a local deadline): the connection is closed and
// every pending request fails with the error. 7.6.3.1 does not apply.
func (c *Conn) broken(gen uint64, cause error) {
	c.mu.Lock()
	if c.isClosed || gen != c.gen || c.tr == nil {
		c.mu.Unlock()
		return
	}
	tr := c.tr
	c.tr = nil
	c.bound = false
	err := fmt.Errorf("ldapreconnect: connection dropped: %w", cause)
	for _, l := range c.takePending() {
		l.err = err
		close(l.done)
	}
	c.mu.Unlock()
	tr.Close()
}

// takePending empties the pendingRequestList, with c.mu held, and returns it
// in the order the requests were first sent.
func (c *Conn) takePending() []*ldapRequest {
	ls := make([]*ldapRequest, 0, len(c.pending))
	for _, l := range c.pending {
		ls = append(ls, l)
	}
	clear(c.pending)
	sort.Slice(ls, func(i, j int) bool { return ls[i].id < ls[j].id })
	return ls
}

// unbindWait is how long Close waits for its UnbindRequest to be written
// before it closes the connection regardless.
const unbindWait = time.Second

// Close closes the Conn: Performing an LDAP Unbind on an ADConnection
// ([MS-ADTS] 7.6.1.5 and 7.6.2.4) sends an UnbindRequest, best effort, and
// closes the network connection. Pending requests fail with ErrClosed; an
// autoreconnect in progress is abandoned. Close waits at most one second
// for the UnbindRequest to be written (a write can block when the server
// reads nothing), then closes the connection, which ends any blocked write.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.isClosed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.isClosed = true
	close(c.closed)
	c.cancel()
	tr, rec := c.tr, c.recTr
	c.tr = nil
	c.bound = false
	for _, l := range c.takePending() {
		l.err = ErrClosed
		close(l.done)
	}
	var unbind []byte
	if tr != nil {
		unbind = appendMessage(nil, c.newID(), []byte{opUnbindRequest, 0}, nil)
	}
	c.mu.Unlock()
	if rec != nil {
		rec.Close()
	}
	if tr == nil {
		return nil
	}
	sent := make(chan struct{})
	go func() {
		c.send(tr, unbind)
		close(sent)
	}()
	select {
	case <-sent:
	case <-c.clock.After(unbindWait):
	}
	return tr.Close()
}
