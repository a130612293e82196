package clock

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readyClock is a Clock whose waits end at once; it records them.
type readyClock struct{ waits []time.Duration }

func (c *readyClock) Now() time.Time { return time.Time{} }

func (c *readyClock) After(d time.Duration) <-chan time.Time {
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

// neverClock is a Clock whose waits never end.
type neverClock struct{}

func (neverClock) Now() time.Time                       { return time.Time{} }
func (neverClock) After(time.Duration) <-chan time.Time { return nil }

func TestOr(t *testing.T) {
	assert.Equal(t, Clock(System{}), Or(nil))
	c := &readyClock{}
	assert.Same(t, c, Or(c))
}

func TestSleep(t *testing.T) {
	c := &readyClock{}
	require.NoError(t, Sleep(t.Context(), c, time.Hour))
	assert.Equal(t, []time.Duration{time.Hour}, c.waits, "the wait is on the Clock")
	require.NoError(t, Sleep(t.Context(), c, 0))
	assert.Len(t, c.waits, 1, "no wait for 0")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, Sleep(ctx, c, time.Hour), context.Canceled, "a done context wins")
	ctx, cancel = context.WithTimeout(t.Context(), time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, Sleep(ctx, neverClock{}, time.Hour), context.DeadlineExceeded, "the context ends a wait the clock never ends")
	assert.NoError(t, Sleep(t.Context(), nil, time.Microsecond), "nil is the system clock")
}

func TestWithTimeout(t *testing.T) {
	ctx, cancel := WithTimeout(t.Context(), nil, time.Hour)
	defer cancel()
	_, ok := ctx.Deadline()
	assert.True(t, ok, "the system clock gives a deadline a dialer can read")

	ctx, cancel = WithTimeout(t.Context(), &readyClock{}, time.Hour)
	defer cancel()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the context did not end when the clock fired")
	}
	assert.ErrorIs(t, context.Cause(ctx), context.DeadlineExceeded)

	ctx, cancel = WithTimeout(t.Context(), neverClock{}, time.Hour)
	cancel()
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
	_, ok = ctx.Deadline()
	assert.False(t, ok, "another clock's timeout is no deadline of the time package")
}
