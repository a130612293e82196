// Package clock is the time source behind the Clock fields of the procedure
// packages (logon, reconnect, ldapreconnect): each declares a Clock
// interface with the method set of Clock here, so that one fake clock
// drives them all in tests, and a nil Clock means System.
package clock

import (
	"context"
	"time"
)

// Clock is the method set of every procedure package's Clock.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once at least d has passed.
	After(d time.Duration) <-chan time.Time
}

// System is the Clock of the time package: time.Now and time.After.
type System struct{}

// Now returns time.Now().
func (System) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (System) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Or returns c, or System when c is nil.
func Or(c Clock) Clock {
	if c == nil {
		return System{}
	}
	return c
}

// Sleep waits until d has passed on c, or until ctx ends, and then returns
// ctx.Err(). A d of 0 or less returns at once (ctx.Err()). A nil c is
// System.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	if c == nil || c == (System{}) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	select {
	case <-c.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WithTimeout returns a copy of ctx that ends once d has passed on c. On
// System (or nil) it is context.WithTimeout, whose deadline a dialer can
// read; on another Clock the context has no deadline and is canceled, with
// cause context.DeadlineExceeded, when c.After(d) fires.
func WithTimeout(ctx context.Context, c Clock, d time.Duration) (context.Context, context.CancelFunc) {
	if c == nil || c == (System{}) {
		return context.WithTimeout(ctx, d)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	fire := c.After(d)
	go func() {
		select {
		case <-fire:
			cancel(context.DeadlineExceeded)
		case <-ctx.Done():
		}
	}()
	return ctx, func() { cancel(context.Canceled) }
}
