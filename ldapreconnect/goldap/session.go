package goldap

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// closeWait bounds how long closing a session waits for go-ldap's own
// shutdown once the socket is closed.
const closeWait = time.Second

// session is one network connection (ConnectionInfo.networkConnection of
// [MS-ADTS] 7.3) with the go-ldap client running on it.
type session struct {
	lc *ldap.Conn
	tc *trackConn
}

// open dials (the Connecting to a Directory Server task, [MS-ADTS] 7.6.2.2),
// starts go-ldap on the connection with its request timer set to the Conn's
// time limit, and runs setup on it. ctx bounds all of it.
func (c *Conn) open(ctx context.Context, setup func(*ldap.Conn)) (*session, error) {
	nc, err := dialContext(ctx, c.dial)
	if err != nil {
		return nil, err
	}
	_, isTLS := nc.(*tls.Conn)
	tc := &trackConn{Conn: nc, timeout: c.timeout}
	lc := ldap.NewConn(tc, isTLS)
	lc.SetTimeout(c.timeout)
	lc.Start()
	s := &session{lc: lc, tc: tc}
	if setup != nil {
		// Setup may talk to the server (StartTLS): it is bounded like an
		// operation.
		if _, err := c.run(ctx, s, func(lc *ldap.Conn) error { setup(lc); return nil }); err != nil {
			go s.close()
			return nil, err
		}
	}
	return s, nil
}

// dialContext calls dial and returns when it does or when ctx ends,
// whichever comes first, so that a dial function that ignores its context
// cannot hold up the caller; a connection it returns after that is closed.
func dialContext(ctx context.Context, dial DialContextFunc) (net.Conn, error) {
	type dialed struct {
		nc  net.Conn
		err error
	}
	ch := make(chan dialed, 1)
	go func() {
		nc, err := dial(ctx)
		ch <- dialed{nc, err}
	}()
	select {
	case d := <-ch:
		if d.err == nil && d.nc == nil {
			d.err = errors.New("goldap: Dial returned no connection and no error")
		}
		return d.nc, d.err
	case <-ctx.Done():
		go func() {
			if d := <-ch; d.nc != nil {
				d.nc.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// health returns why s can no longer carry requests, or nil: a read or write
// on its socket failed, or go-ldap closed it (which it does, without a
// socket error, on a message it cannot parse).
func (s *session) health() error {
	if err := s.tc.err(); err != nil {
		return fmt.Errorf("goldap: connection lost: %w", err)
	}
	if s.lc.IsClosing() {
		return fmt.Errorf("%w: go-ldap closed the connection", ErrMalformed)
	}
	return nil
}

// lost returns why s is gone after an operation on it failed with err, or
// nil when s is still usable: a recovered panic (go-ldap reading a response
// it did not check) or any cause health reports.
func (s *session) lost(err error) error {
	var pe *panicError
	if errors.As(err, &pe) {
		return err
	}
	if cause := s.health(); cause != nil {
		return fmt.Errorf("%w (%v)", cause, err)
	}
	return nil
}

// close closes the socket first, which ends every read and write blocked on
// it at once, then lets go-ldap shut down, waiting for that at most
// closeWait.
func (s *session) close() {
	s.tc.Conn.Close()
	done := make(chan struct{})
	go func() {
		s.lc.Close()
		close(done)
	}()
	t := time.NewTimer(closeWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// panicError is a panic recovered from a go-ldap call. go-ldap indexes into
// responses it has not checked (a message with no protocolOp makes Search
// panic), so a panic there means a malformed response.
type panicError struct{ value any }

func (e *panicError) Error() string {
	return fmt.Sprintf("%v: go-ldap panicked on it: %v", ErrMalformed, e.value)
}

func (e *panicError) Unwrap() error { return ErrMalformed }

// run calls f(s.lc) on its own goroutine and waits until it returns, ctx
// ends or the Conn is closed. finished reports that f returned (and err is
// its error); otherwise f goes on in the background until go-ldap's request
// timer or the connection's end stops it. A panic in f is returned as a
// *panicError.
func (c *Conn) run(ctx context.Context, s *session, f func(*ldap.Conn) error) (finished bool, err error) {
	ch := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- &panicError{p}
			}
		}()
		ch <- f(s.lc)
	}()
	select {
	case err := <-ch:
		return true, err
	case <-ctx.Done():
		return false, c.interrupted(ctx)
	case <-c.ctx.Done():
		return false, ErrClosed
	}
}

// trackConn is the net.Conn go-ldap reads and writes. It records the first
// read or write error, gives every write the Conn's time limit as a
// deadline, and refuses to write after a write failed: a write cut short
// leaves part of a message on the stream, so nothing sent after it could be
// read by the server.
type trackConn struct {
	net.Conn
	timeout time.Duration

	mu       sync.Mutex
	first    error
	writeErr error
}

func (t *trackConn) err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first
}

func (t *trackConn) note(err error, write bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.first == nil {
		t.first = err
	}
	if write && t.writeErr == nil {
		t.writeErr = err
	}
}

func (t *trackConn) Read(b []byte) (int, error) {
	n, err := t.Conn.Read(b)
	if err != nil {
		t.note(err, false)
	}
	return n, err
}

func (t *trackConn) Write(b []byte) (int, error) {
	t.mu.Lock()
	failed := t.writeErr
	t.mu.Unlock()
	if failed != nil {
		return 0, failed
	}
	t.Conn.SetWriteDeadline(time.Now().Add(t.timeout))
	n, err := t.Conn.Write(b)
	if err != nil {
		t.note(err, true)
	}
	return n, err
}
