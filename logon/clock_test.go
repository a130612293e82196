package logon

import (
	"sync"
	"testing"
	"time"
)

// fakeClock is a Clock whose time moves only when told to, so that the
// ten-second rule runs without sleeping. In auto mode After advances the
// clock by d itself and fires at once (a simulation that never blocks); in
// manual mode After fires when Advance reaches its deadline.
type fakeClock struct {
	mu      sync.Mutex
	cond    *sync.Cond
	now     time.Time
	auto    bool
	waiters []fakeWaiter
	slept   time.Duration // total advanced by After in auto mode
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

var epoch = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

func newFakeClock(auto bool) *fakeClock {
	c := &fakeClock{now: epoch, auto: auto}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if c.auto {
		if d > 0 {
			c.now = c.now.Add(d)
			c.slept += d
		}
		ch <- c.now
		return ch
	}
	at := c.now.Add(d)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: at, ch: ch})
	c.cond.Broadcast()
	return ch
}

// Advance moves the clock forward by d and fires the waiters now due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// Slept returns how far After has moved the clock in auto mode.
func (c *fakeClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

// blockUntil waits until n callers are blocked in After (manual mode).
func (c *fakeClock) blockUntil(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.waiters) < n {
		c.cond.Wait()
	}
}

func TestFakeClock(t *testing.T) {
	c := newFakeClock(false)
	ch := c.After(time.Second)
	c.Advance(999 * time.Millisecond)
	select {
	case <-ch:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Millisecond)
	if got := <-ch; !got.Equal(epoch.Add(time.Second)) {
		t.Fatalf("fired at %v", got)
	}
	a := newFakeClock(true)
	<-a.After(3 * time.Second)
	if a.Now().Sub(epoch) != 3*time.Second || a.Slept() != 3*time.Second {
		t.Fatalf("auto clock at %v, slept %v", a.Now(), a.Slept())
	}
}

func TestSystemClock(t *testing.T) {
	before := time.Now()
	if SystemClock.Now().Before(before) {
		t.Fatal("SystemClock.Now went backwards")
	}
	<-SystemClock.After(0)
}
