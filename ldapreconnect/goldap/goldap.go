// Package goldap gives a github.com/go-ldap/ldap/v3 connection the LDAP
// network-error handling and autoreconnect of [MS-ADTS] 7.6.3.1 and 7.6.2.7,
// using the decisions of package ldapreconnect (IsNetworkError, OnError,
// ShouldResend). It lives in its own package so that ldapreconnect itself
// does not depend on go-ldap.
//
// A Conn wraps an *ldap.Conn. When an operation fails because the connection
// broke (a read or write on the socket failed with an error that
// ldapreconnect.IsNetworkError accepts), the Conn closes the connection
// (7.6.3.1 step 2) and then:
//
//   - with auto-reconnect off, returns an *ldap.Error whose ResultCode is
//     ldap.LDAPResultServerDown (LDAP_SERVER_DOWN, 81) (7.6.3.1 step 3);
//   - with auto-reconnect on (the default, [MS-ADTS] 7.3), dials again,
//     binds again with the recorded simple bind only if the connection had
//     been bound, and sends the operation again, at most
//     ldapreconnect.MaxResends times (7.6.2.7). A search carrying the
//     LDAP_SERVER_NOTIFICATION_OID control, or a search that had already
//     returned entries, is not resent and returns LDAP_SERVER_DOWN.
//
// If the redial or the rebind fails, the operation returns LDAP_SERVER_DOWN
// and the Conn is left disconnected and unbound: every later operation
// returns LDAP_SERVER_DOWN until Connect succeeds (as ldapreconnect.Conn).
//
// How go-ldap reports a broken connection: its reader goroutine closes the
// *ldap.Conn and pending operations fail with an *ldap.Error of ResultCode
// ldap.ErrorNetwork (200) and a message such as "ldap: response channel
// closed"; a failed write gives a plain error. Neither keeps the socket
// error, and go-ldap also uses ErrorNetwork for errors that are not network
// failures (a nil request, a malformed packet, its own request timeout). So
// the Conn wraps the net.Conn it hands to ldap.NewConn and records the first
// read or write error on it; an operation error counts as a network failure
// when it is not a server's LDAPResult (ResultCode below ErrorNetwork) and
// that recorded error satisfies ldapreconnect.IsNetworkError.
//
// Only simple binds (Bind, SimpleBind with a password) are replayed after
// a reconnect. Operations not wrapped here can be run through Do.
package goldap

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/go-ldap/ldap/v3"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// ErrClosed is returned by the operations of a Conn after Close.
var ErrClosed = errors.New("goldap: connection closed")

// DialFunc opens the network connection to the directory server. A
// *tls.Conn is handed to go-ldap as a TLS connection.
type DialFunc func() (net.Conn, error)

// Conn is a go-ldap connection with [MS-ADTS] 7.6.3.1 / 7.6.2.7 semantics.
// Its methods are safe for concurrent use; at most one reconnect runs at a
// time, and operations that fail on the same broken connection share it.
type Conn struct {
	dial DialFunc

	mu         sync.Mutex
	lc         *ldap.Conn // nil while disconnected
	tc         *trackConn
	gen        uint64 // incremented on every (re)connect
	auto       bool   // LDAP_OPT_AUTO_RECONNECT
	bound      bool   // bindHasHappened
	bindDN     string
	bindPW     string
	closed     bool
	lastErr    error // why the last autoreconnect failed
	reconnects int
	setup      func(*ldap.Conn)
}

// New dials through dial and returns a connected Conn with auto-reconnect
// on.
func New(dial DialFunc) (*Conn, error) {
	c := &Conn{dial: dial, auto: true}
	if err := c.Connect(); err != nil {
		return nil, err
	}
	return c, nil
}

// Dial returns a Conn to the LDAP server at addr ("host:port") over TCP.
func Dial(addr string) (*Conn, error) {
	return New(func() (net.Conn, error) { return net.Dial("tcp", addr) })
}

// SetSetup registers f, called on every new *ldap.Conn before use (for
// example to call SetTimeout). It applies from the next (re)connect on.
func (c *Conn) SetSetup(f func(*ldap.Conn)) {
	c.mu.Lock()
	c.setup = f
	c.mu.Unlock()
}

// SetAutoReconnect sets LDAP_OPT_AUTO_RECONNECT ([MS-ADTS] 7.3).
func (c *Conn) SetAutoReconnect(on bool) {
	c.mu.Lock()
	c.auto = on
	c.mu.Unlock()
}

// AutoReconnect returns LDAP_OPT_AUTO_RECONNECT.
func (c *Conn) AutoReconnect() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auto
}

// Bound reports bindHasHappened: the last bind succeeded.
func (c *Conn) Bound() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bound
}

// Reconnects returns how many autoreconnects have succeeded.
func (c *Conn) Reconnects() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reconnects
}

// Connect dials if the Conn is disconnected (after a failed autoreconnect);
// the new connection is not bound. It does nothing if connected.
func (c *Conn) Connect() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.lc != nil {
		return nil
	}
	lc, tc, err := c.open()
	if err != nil {
		return err
	}
	c.lc, c.tc = lc, tc
	c.gen++
	c.bound = false
	return nil
}

// open dials and starts a go-ldap connection. Called with c.mu held.
func (c *Conn) open() (*ldap.Conn, *trackConn, error) {
	nc, err := c.dial()
	if err != nil {
		return nil, nil, err
	}
	_, isTLS := nc.(*tls.Conn)
	tc := &trackConn{Conn: nc}
	lc := ldap.NewConn(tc, isTLS)
	lc.Start()
	if c.setup != nil {
		c.setup(lc)
	}
	return lc, tc, nil
}

// Close closes the connection; later operations return ErrClosed.
func (c *Conn) Close() error {
	c.mu.Lock()
	lc := c.lc
	c.lc, c.tc = nil, nil
	c.closed = true
	c.mu.Unlock()
	if lc != nil {
		return lc.Close()
	}
	return nil
}

// Conn returns the current *ldap.Conn, nil while disconnected. It is
// replaced on every reconnect.
func (c *Conn) Conn() *ldap.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lc
}

// ServerDown returns the error the Conn reports for LDAP_SERVER_DOWN: an
// *ldap.Error with ResultCode ldap.LDAPResultServerDown wrapping cause.
func ServerDown(cause error) error {
	if cause == nil {
		cause = errors.New("server down")
	}
	return &ldap.Error{ResultCode: ldap.LDAPResultServerDown, Err: cause}
}

// IsServerDown reports whether err carries LDAP_SERVER_DOWN.
func IsServerDown(err error) bool {
	return ldap.IsErrorWithCode(err, ldap.LDAPResultServerDown)
}

// Op describes an operation for Do.
type Op struct {
	// Run performs the operation on lc. It may be called more than once.
	Run func(lc *ldap.Conn) error
	// Notification marks a search carrying LDAP_SERVER_NOTIFICATION_OID,
	// which is never resent.
	Notification bool
	// Partial reports, after Run failed, whether the operation had already
	// received results (e.g. search entries); such an operation is not
	// resent.
	Partial func() bool
}

// Do runs op with the [MS-ADTS] 7.6.3.1 / 7.6.2.7 handling.
func (c *Conn) Do(op Op) error {
	for numResends := 0; ; {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return ErrClosed
		}
		lc, tc, gen := c.lc, c.tc, c.gen
		auto := c.auto
		c.mu.Unlock()
		if lc == nil {
			c.mu.Lock()
			last := c.lastErr
			c.mu.Unlock()
			return ServerDown(fmt.Errorf("goldap: not connected (call Connect); last failure: %v", last))
		}
		err := op.Run(lc)
		if err == nil || !isNetworkFailure(err, tc) {
			return err
		}
		switch ldapreconnect.OnError(tc.err(), auto) {
		case ldapreconnect.CompleteServerDown:
			c.drop(gen)
			return ServerDown(err)
		case ldapreconnect.Autoreconnect:
			if rerr := c.reconnect(gen); rerr != nil {
				return ServerDown(fmt.Errorf("%w; autoreconnect failed: %w", err, rerr))
			}
			if op.Partial != nil && op.Partial() {
				return ServerDown(err)
			}
			numResends++
			if !ldapreconnect.ShouldResend(numResends, op.Notification) {
				return ServerDown(err)
			}
		default:
			return err
		}
	}
}

// isNetworkFailure: err is not a server's result, and the socket under
// the connection failed with a network error.
func isNetworkFailure(err error, tc *trackConn) bool {
	var le *ldap.Error
	if errors.As(err, &le) && le.ResultCode < ldap.ErrorNetwork {
		return false
	}
	return ldapreconnect.IsNetworkError(tc.err())
}

// drop closes the connection of generation gen (7.6.3.1 step 2) and leaves
// the Conn disconnected and unbound.
func (c *Conn) drop(gen uint64) {
	c.mu.Lock()
	if c.gen != gen || c.lc == nil {
		c.mu.Unlock()
		return
	}
	lc := c.lc
	c.lc, c.tc = nil, nil
	c.bound = false
	c.lastErr = errors.New("connection lost with auto-reconnect off")
	c.mu.Unlock()
	lc.Close()
}

// reconnect runs 7.6.3.1 step 2 and 7.6.2.7 steps 1-4 for the connection of
// generation gen. If another operation has already replaced that
// connection, it returns nil at once. c.mu is held throughout, so only one
// reconnect runs at a time.
func (c *Conn) reconnect(gen uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.gen != gen {
		if c.lc == nil {
			return errors.New("goldap: not connected")
		}
		return nil // someone else reconnected already
	}
	if c.lc != nil {
		c.lc.Close()
	}
	c.lc, c.tc = nil, nil
	c.lastErr = nil
	wasBound := c.bound
	c.bound = false
	c.gen++
	lc, tc, err := c.open()
	if err != nil {
		c.lastErr = err
		return err
	}
	if wasBound {
		if err := lc.Bind(c.bindDN, c.bindPW); err != nil {
			lc.Close()
			c.lastErr = fmt.Errorf("rebind: %w", err)
			return c.lastErr
		}
	}
	c.lc, c.tc = lc, tc
	c.bound = wasBound
	c.reconnects++
	return nil
}

// Bind performs a simple bind and, on success, records the DN and password
// to bind again after an autoreconnect. A failed bind leaves the
// connection unbound (RFC 4511 4.2.1).
func (c *Conn) Bind(username, password string) error {
	err := c.Do(Op{Run: func(lc *ldap.Conn) error { return lc.Bind(username, password) }})
	c.recordBind(err, username, password)
	return err
}

// SimpleBind is Bind with go-ldap's request type.
func (c *Conn) SimpleBind(req *ldap.SimpleBindRequest) (*ldap.SimpleBindResult, error) {
	var res *ldap.SimpleBindResult
	err := c.Do(Op{Run: func(lc *ldap.Conn) (err error) { res, err = lc.SimpleBind(req); return err }})
	if req != nil {
		c.recordBind(err, req.Username, req.Password)
	}
	return res, err
}

func (c *Conn) recordBind(err error, dn, pw string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var le *ldap.Error
	switch {
	case err == nil:
		c.bound, c.bindDN, c.bindPW = true, dn, pw
	case errors.As(err, &le) && le.ResultCode < ldap.ErrorNetwork:
		c.bound, c.bindDN, c.bindPW = false, "", ""
	}
}

// Search runs a search. A search whose controls include
// LDAP_SERVER_NOTIFICATION_OID, or one that had returned entries or
// referrals before the connection broke, is not resent.
func (c *Conn) Search(req *ldap.SearchRequest) (*ldap.SearchResult, error) {
	var res *ldap.SearchResult
	notif := false
	if req != nil {
		notif = ldap.FindControl(req.Controls, ldapreconnect.NotificationOID) != nil
	}
	err := c.Do(Op{
		Run:          func(lc *ldap.Conn) (err error) { res, err = lc.Search(req); return err },
		Notification: notif,
		Partial: func() bool {
			return res != nil && (len(res.Entries) > 0 || len(res.Referrals) > 0)
		},
	})
	return res, err
}

// Add runs an add request.
func (c *Conn) Add(req *ldap.AddRequest) error {
	return c.Do(Op{Run: func(lc *ldap.Conn) error { return lc.Add(req) }})
}

// Modify runs a modify request.
func (c *Conn) Modify(req *ldap.ModifyRequest) error {
	return c.Do(Op{Run: func(lc *ldap.Conn) error { return lc.Modify(req) }})
}

// ModifyDN runs a modify DN request.
func (c *Conn) ModifyDN(req *ldap.ModifyDNRequest) error {
	return c.Do(Op{Run: func(lc *ldap.Conn) error { return lc.ModifyDN(req) }})
}

// Del runs a delete request.
func (c *Conn) Del(req *ldap.DelRequest) error {
	return c.Do(Op{Run: func(lc *ldap.Conn) error { return lc.Del(req) }})
}

// Compare runs a compare request.
func (c *Conn) Compare(dn, attribute, value string) (bool, error) {
	var ok bool
	err := c.Do(Op{Run: func(lc *ldap.Conn) (err error) { ok, err = lc.Compare(dn, attribute, value); return err }})
	return ok, err
}

// trackConn records the first read or write error on the connection.
type trackConn struct {
	net.Conn
	mu    sync.Mutex
	first error
}

func (t *trackConn) note(err error) {
	if err == nil {
		return
	}
	t.mu.Lock()
	if t.first == nil {
		t.first = err
	}
	t.mu.Unlock()
}

func (t *trackConn) err() error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first
}

func (t *trackConn) Read(b []byte) (int, error) {
	n, err := t.Conn.Read(b)
	t.note(err)
	return n, err
}

func (t *trackConn) Write(b []byte) (int, error) {
	n, err := t.Conn.Write(b)
	t.note(err)
	return n, err
}
