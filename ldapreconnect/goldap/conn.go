package goldap

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// ErrClosed is returned by the operations of a Conn after Close.
var ErrClosed = errors.New("goldap: connection closed")

// ErrMalformed is wrapped by the cause of a connection lost to a response
// go-ldap could not handle: go-ldap closed the connection without a socket
// error, or panicked reading the response.
var ErrMalformed = errors.New("goldap: malformed response")

// ErrNilRequest is returned for a nil request, which go-ldap would
// dereference.
var ErrNilRequest = errors.New("goldap: nil request")

// DefaultTimeout is the time limit of a Conn whose Config leaves Timeout
// zero: ldapreconnect.BindTimeLimit (120 seconds), what [MS-ADTS] 7.6.2.5
// gives a bind when LDAP_OPT_TIMELIMIT is 0. The document gives other
// requests no limit then; the adapter applies this one to every request so
// that none waits forever.
const DefaultTimeout = ldapreconnect.BindTimeLimit

// DialFunc opens the network connection to the directory server. A
// *tls.Conn is handed to go-ldap as a TLS connection.
type DialFunc func() (net.Conn, error)

// DialContextFunc opens the network connection to the directory server
// (the Connecting to a Directory Server task, [MS-ADTS] 7.6.2.2) within
// ctx. A *tls.Conn is handed to go-ldap as a TLS connection. A function
// that ignores ctx is abandoned when ctx ends, and the connection it
// returns later is closed.
type DialContextFunc func(ctx context.Context) (net.Conn, error)

// Config configures a Conn made by NewConn or Open. Only Dial is required.
type Config struct {
	// Dial opens each network connection, the first and every reconnect.
	Dial DialContextFunc
	// Timeout is LDAP_OPT_TIMELIMIT ([MS-ADTS] 7.3) for every request:
	// the longest an operation waits, reconnects and resends included.
	// It also bounds each dial, each rebind, each write to the socket and
	// Setup. Zero means DefaultTimeout; it must not be negative.
	Timeout time.Duration
	// Setup, if set, is called on every new *ldap.Conn, the first
	// included, before any request; it is bounded by Timeout.
	Setup func(*ldap.Conn)
	// NoAutoReconnect sets LDAP_OPT_AUTO_RECONNECT ([MS-ADTS] 7.3) to
	// FALSE; it is TRUE by default.
	NoAutoReconnect bool
}

// Conn is a go-ldap connection with [MS-ADTS] 7.6.3.1 / 7.6.2.7 semantics
// and the time limits of the package documentation. Its methods are safe
// for concurrent use; at most one connect or reconnect runs at a time, and
// operations that fail on the same broken connection share it.
type Conn struct {
	dial    DialContextFunc
	timeout time.Duration
	ctx     context.Context // canceled by Close
	cancel  context.CancelFunc

	mu         sync.Mutex // never held across network I/O
	cur        *session   // nil while disconnected or reconnecting
	att        *attempt   // a connect or autoreconnect in flight
	auto       bool       // LDAP_OPT_AUTO_RECONNECT
	bound      bool       // bindHasHappened
	bindReq    ldap.SimpleBindRequest
	closed     bool
	lastErr    error // why the Conn was last left disconnected
	reconnects int
	setup      func(*ldap.Conn)
}

// NewConn returns an unconnected Conn configured by cfg, or an error naming
// what is wrong with cfg (no Dial, a negative Timeout). It does no I/O: the
// first connection is made by Connect (ConnectContext); until then every
// operation returns LDAP_SERVER_DOWN.
func NewConn(cfg Config) (*Conn, error) {
	switch {
	case cfg.Dial == nil:
		return nil, errors.New("goldap: Config.Dial is nil")
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("goldap: Config.Timeout %v is negative", cfg.Timeout)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	base, cancel := context.WithCancel(context.Background())
	return &Conn{
		dial:    cfg.Dial,
		timeout: timeout,
		ctx:     base,
		cancel:  cancel,
		auto:    !cfg.NoAutoReconnect,
		setup:   cfg.Setup,
	}, nil
}

// Open is NewConn followed by ConnectContext: it returns a Conn connected
// through cfg.Dial, the way go-ldap's Dial functions do. ctx bounds the
// first connection (dial and Setup), as does cfg.Timeout.
func Open(ctx context.Context, cfg Config) (*Conn, error) {
	c, err := NewConn(cfg)
	if err != nil {
		return nil, err
	}
	if err := c.ConnectContext(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// New dials through dial and returns a connected Conn with auto-reconnect
// on and DefaultTimeout; a dial that takes longer is abandoned.
func New(dial DialFunc) (*Conn, error) {
	return Open(context.Background(), Config{Dial: func(context.Context) (net.Conn, error) { return dial() }})
}

// Dial returns a Conn to the LDAP server at addr ("host:port") over TCP,
// with DefaultTimeout.
func Dial(addr string) (*Conn, error) {
	return DialContext(context.Background(), addr)
}

// DialContext returns a Conn to the LDAP server at addr ("host:port") over
// TCP, with DefaultTimeout; ctx bounds the first dial.
func DialContext(ctx context.Context, addr string) (*Conn, error) {
	return Open(ctx, Config{Dial: func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}})
}

// SetSetup registers f, called on every new *ldap.Conn before use. It
// applies from the next connect or reconnect on; Config.Setup reaches the
// first connection too.
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

// AutoReconnect returns LDAP_OPT_AUTO_RECONNECT ([MS-ADTS] 7.3).
func (c *Conn) AutoReconnect() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auto
}

// Bound reports bindHasHappened ([MS-ADTS] 7.3): the last bind succeeded
// and the connection it was made on is still in use. It is false while an
// autoreconnect runs (7.6.2.7 step 2) and never waits for the network.
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

// Conn returns the current *ldap.Conn, nil while disconnected or
// reconnecting. It is replaced on every reconnect.
func (c *Conn) Conn() *ldap.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil {
		return nil
	}
	return c.cur.lc
}

// Connect is ConnectContext with context.Background(); Timeout bounds it.
func (c *Conn) Connect() error {
	return c.ConnectContext(context.Background())
}

// ConnectContext makes sure the Conn is connected: it does nothing if the
// current connection is usable, waits for a connect or autoreconnect in
// flight, and otherwise dials (Establishing an ADConnection, [MS-ADTS]
// 7.6.1.3). A connection found lost (go-ldap closed it, a read or write
// failed) is first handled as an operation would (7.6.3.1); a connection
// dialed here is not bound. ctx and the Conn's Timeout bound the wait.
func (c *Conn) ConnectContext(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	for {
		c.mu.Lock()
		closed, a, s := c.closed, c.att, c.cur
		if !closed && a == nil && s == nil {
			a = c.startLocked(false)
			c.mu.Unlock()
			if err := c.wait(ctx, a); err != nil {
				return err
			}
			return a.err
		}
		c.mu.Unlock()
		switch {
		case closed:
			return ErrClosed
		case a != nil:
			if err := c.wait(ctx, a); err != nil {
				return err
			}
		default:
			cause := s.health()
			if cause == nil {
				return nil
			}
			if err := c.lose(ctx, s, cause); errors.Is(err, ErrClosed) || ctx.Err() != nil {
				return err
			}
		}
	}
}

// Close closes the connection and returns promptly: it closes the socket,
// which ends every blocked read and write, cancels a connect or
// autoreconnect in flight, and makes every operation in progress or
// waiting return ErrClosed. Later operations return ErrClosed.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	s, a := c.cur, c.att
	c.cur = nil
	c.bound = false
	c.mu.Unlock()
	c.cancel()
	if s != nil {
		s.close()
	}
	if a != nil {
		<-a.done // canceled above: it ends as soon as its dial or bind returns
	}
	return nil
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

// IsTimeout reports whether err carries LDAP_TIMEOUT ([MS-ADTS] 7.6.4.1):
// an operation's time limit ran out.
func IsTimeout(err error) bool {
	return ldap.IsErrorWithCode(err, ldap.LDAPResultTimeout)
}
