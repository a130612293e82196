package goldap

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-ldap/ldap/v3"
)

// attempt is a connect or an autoreconnect in flight. Operations wait for
// it without holding the Conn's lock.
type attempt struct {
	done chan struct{}
	err  error // set before done is closed
}

// startLocked starts an attempt, with c.mu held and c.cur nil. With
// reconnect, it is the autoreconnect of [MS-ADTS] 7.6.2.7 for a connection
// whose bindHasHappened was c.bound.
func (c *Conn) startLocked(reconnect bool) *attempt {
	a := &attempt{done: make(chan struct{})}
	c.att = a
	var bind *ldap.SimpleBindRequest
	if reconnect && c.bound {
		r := c.bindReq
		bind = &r
	}
	c.bound = false // 7.6.2.7 steps 1 and 2
	go c.establish(a, reconnect, bind, c.setup)
	return a
}

// establish dials (7.6.2.7 step 3) and, if bind is not nil, binds with it
// again (step 4), all within the Conn's time limit and until Close. The
// new connection replaces nothing until it is ready.
func (c *Conn) establish(a *attempt, reconnect bool, bind *ldap.SimpleBindRequest, setup func(*ldap.Conn)) {
	ctx, cancel := context.WithTimeout(c.ctx, c.timeout)
	defer cancel()
	s, err := c.open(ctx, setup)
	if err == nil && bind != nil {
		if _, err = c.run(ctx, s, func(lc *ldap.Conn) error { _, err := lc.SimpleBind(bind); return err }); err != nil {
			go s.close()
			s, err = nil, fmt.Errorf("goldap: rebind: %w", err)
		}
	}
	c.mu.Lock()
	c.att = nil
	switch {
	case c.closed:
		err = ErrClosed
	case err != nil:
		c.lastErr = err
	default:
		c.cur, s = s, nil
		c.bound = bind != nil
		if reconnect {
			c.reconnects++
		}
	}
	a.err = err
	close(a.done)
	c.mu.Unlock()
	if s != nil {
		s.close() // Close came first
	}
}

// lose is Processing Network Errors ([MS-ADTS] 7.6.3.1) for session s,
// lost because of cause; the first operation to report s runs it, the
// others wait for its outcome. It closes s (step 2); with auto-reconnect
// off it returns LDAP_SERVER_DOWN (step 3), and with it on it waits for the
// autoreconnect (step 4, 7.6.2.7) and returns nil once a connection is up
// again. It returns ErrClosed after Close, and an LDAP_TIMEOUT or
// context error when ctx ends first.
func (c *Conn) lose(ctx context.Context, s *session, cause error) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	a := c.att
	if c.cur == s {
		c.cur = nil
		c.lastErr = cause
		if !c.auto {
			c.bound = false
			c.mu.Unlock()
			go s.close() // unused from here on; its shutdown does not hold up the caller
			return ServerDown(cause)
		}
		a = c.startLocked(true)
		c.mu.Unlock()
		go s.close()
	} else {
		c.mu.Unlock()
	}
	if a != nil {
		if err := c.wait(ctx, a); err != nil {
			return err
		}
		if a.err != nil {
			return ServerDown(fmt.Errorf("%w; autoreconnect failed: %w", cause, a.err))
		}
		return nil
	}
	// Another operation handled the loss already.
	c.mu.Lock()
	up := c.cur != nil
	c.mu.Unlock()
	if up {
		return nil
	}
	return ServerDown(cause)
}

// wait waits for attempt a, ctx or Close.
func (c *Conn) wait(ctx context.Context, a *attempt) error {
	select {
	case <-a.done:
		return nil
	case <-ctx.Done():
		return c.interrupted(ctx)
	case <-c.ctx.Done():
		return ErrClosed
	}
}

// interrupted is what an operation whose ctx ended returns: ErrClosed after
// Close, LDAP_TIMEOUT ([MS-ADTS] 7.6.4.1) wrapping the context's error when
// time ran out, the context's error when it was canceled.
func (c *Conn) interrupted(ctx context.Context) error {
	if c.ctx.Err() != nil {
		return ErrClosed
	}
	if err := ctx.Err(); !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return timedOut(ctx.Err())
}

// timedOut returns LDAP_TIMEOUT wrapping cause.
func timedOut(cause error) error {
	return &ldap.Error{ResultCode: ldap.LDAPResultTimeout, Err: fmt.Errorf("goldap: no response within the time limit: %w", cause)}
}
