package goldap

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-ldap/ldap/v3"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// Op describes an operation for Do and DoContext.
type Op struct {
	// Run performs the operation on lc. It may be called more than once,
	// and runs on a goroutine of its own: when the operation returns
	// because its context ended or its time ran out, Run goes on until
	// go-ldap's request timer (the Conn's Timeout) or the connection's end
	// stops it, so the caller must not read what Run writes after such a
	// return. A panic in Run is returned as an error wrapping ErrMalformed.
	Run func(lc *ldap.Conn) error
	// Notification marks a search carrying LDAP_SERVER_NOTIFICATION_OID,
	// which is never resent.
	Notification bool
	// Partial reports, after Run failed, whether the operation had already
	// received results (e.g. search entries); such an operation is not
	// resent.
	Partial func() bool
}

// Do is DoContext with context.Background(): the Conn's Timeout bounds it.
func (c *Conn) Do(op Op) error {
	return c.DoContext(context.Background(), op)
}

// DoContext runs op with the [MS-ADTS] 7.6.3.1 / 7.6.2.7 handling and the
// time limits of the package documentation.
func (c *Conn) DoContext(ctx context.Context, op Op) error {
	_, err := c.do(ctx, op)
	return err
}

// do runs op until it gets an answer, a lost connection cannot be
// recovered, or its time runs out. finished reports that the last call of
// op.Run returned, so that what it wrote may be read.
func (c *Conn) do(ctx context.Context, op Op) (finished bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	for numResends := 0; ; {
		s, err := c.session(ctx)
		if err != nil {
			return false, err
		}
		finished, err := c.run(ctx, s, op.Run)
		if !finished || err == nil {
			return finished, err
		}
		var le *ldap.Error
		if errors.As(err, &le) && le.ResultCode < ldap.ErrorNetwork {
			return true, err // the server's answer
		}
		cause := s.lost(err)
		if cause == nil {
			if isTimerExpiry(err) {
				// The same limit as ctx's, run out on go-ldap's side first.
				return true, timedOut(fmt.Errorf("%w (%v)", context.DeadlineExceeded, err))
			}
			return true, err // go-ldap's own error; the connection is fine
		}
		if err := c.lose(ctx, s, cause); err != nil {
			return true, err
		}
		if op.Partial != nil && op.Partial() {
			return true, ServerDown(cause)
		}
		numResends++
		if !ldapreconnect.ShouldResend(numResends, op.Notification) {
			return true, ServerDown(cause)
		}
	}
}

// session returns a usable connection: it waits for a connect or
// autoreconnect in flight, and handles a connection found lost before it
// is used as lose does.
func (c *Conn) session(ctx context.Context) (*session, error) {
	for {
		c.mu.Lock()
		closed, a, s, last := c.closed, c.att, c.cur, c.lastErr
		c.mu.Unlock()
		switch {
		case closed:
			return nil, ErrClosed
		case a != nil:
			if err := c.wait(ctx, a); err != nil {
				return nil, err
			}
			continue
		case s == nil:
			if last == nil {
				last = errors.New("none recorded")
			}
			return nil, ServerDown(fmt.Errorf("goldap: not connected (call Connect); last failure: %w", last))
		}
		cause := s.health()
		if cause == nil {
			return s, nil
		}
		if err := c.lose(ctx, s, cause); err != nil {
			return nil, err
		}
	}
}

// isTimerExpiry reports go-ldap's request timer running out, which it
// reports as ErrorNetwork with this message and no socket error.
func isTimerExpiry(err error) bool {
	var le *ldap.Error
	return errors.As(err, &le) && le.ResultCode == ldap.ErrorNetwork &&
		le.Err != nil && le.Err.Error() == "ldap: connection timed out"
}
