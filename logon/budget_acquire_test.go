package logon

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
)

// acquireN takes n places of serverDN with Acquire, which must not wait.
func acquireN(t *testing.T, b *RateBudget, serverDN string, n int) []Reservation {
	t.Helper()
	places := make([]Reservation, n)
	for i := range places {
		var err error
		places[i], err = b.Acquire(context.Background(), serverDN)
		require.NoError(t, err)
	}
	return places
}

// TestAcquireCountsWhileInFlight: a place taken with Acquire counts for as
// long as its request is in flight, however long; Release frees it at once;
// Charge counts it from that moment for one window.
func TestAcquireCountsWhileInFlight(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
	ctx := context.Background()
	places := acquireN(t, b, alphaDN, 5)
	clock.Advance(time.Hour) // requests in flight do not leave the window
	_, err := b.Acquire(ctx, alphaDN)
	var be *BudgetError
	require.ErrorAs(t, err, &be)
	assert.ErrorIs(t, err, ErrRedirectBudget)
	assert.Zero(t, be.RetryAfter, "only the end of a request frees a place")
	assert.Zero(t, b.Remaining(alphaDN))

	places[0].Charge() // redirected: counts from now, t0+1h
	for _, p := range places[1:] {
		p.Release() // answered at the right server
	}
	assert.Equal(t, 4, b.Remaining(alphaDN))
	acquireN(t, b, alphaDN, 4)
	clock.Advance(3 * time.Second)
	_, err = b.Acquire(ctx, alphaDN)
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 7*time.Second, be.RetryAfter, "the charged place leaves the window 10s after it was charged")
	clock.Advance(7*time.Second - time.Nanosecond)
	_, err = b.Acquire(ctx, alphaDN)
	assert.ErrorIs(t, err, ErrRedirectBudget)
	clock.Advance(time.Nanosecond)
	_, err = b.Acquire(ctx, alphaDN)
	assert.NoError(t, err)

	Reservation{}.Release() // the zero place: nothing to end
	Reservation{}.Charge()
}

// waiting reports whether someone waits for a place of serverDN.
func waiting(b *RateBudget, serverDN string) bool {
	b.mu.RLock()
	s := b.servers[foldKey(TrimPrivateMDB(serverDN))]
	b.mu.RUnlock()
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed != nil
}

// waitForWaiter returns once someone waits for a place of serverDN.
func waitForWaiter(b *RateBudget, serverDN string) {
	for !waiting(b, serverDN) {
		runtime.Gosched()
	}
}

// TestAcquireWaitsForAnEnd: past the budget with every place in flight,
// Acquire waits without a timer until one is ended, and the end of a place
// wakes it whether released or charged.
func TestAcquireWaitsForAnEnd(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock})
	ctx := context.Background()
	places := acquireN(t, b, betaDN, 5)
	got := make(chan Reservation)
	go func() {
		r, err := b.Acquire(ctx, betaDN)
		assert.NoError(t, err)
		got <- r
	}()
	waitForWaiter(b, betaDN)
	clock.Advance(time.Second)
	places[0].Release()
	r := <-got
	assert.Equal(t, epoch.Add(time.Second), r.At(), "the place was taken after the release")

	// A charge ends a place in flight too; the waiter then waits on the
	// clock for the charged place to leave the window.
	go func() {
		r, err := b.Acquire(ctx, betaDN)
		assert.NoError(t, err)
		got <- r
	}()
	waitForWaiter(b, betaDN)
	places[1].Charge() // at t0+1s: counts until t0+11s
	clock.blockUntil(1)
	clock.Advance(10 * time.Second)
	r = <-got
	assert.Equal(t, epoch.Add(11*time.Second), r.At())
}

// TestAcquireWaitHonoursContext: a wait for a request in flight to end
// stops when the context is done, without taking a place.
func TestAcquireWaitHonoursContext(t *testing.T) {
	b := NewRateBudget(BudgetConfig{Clock: newFakeClock(false)})
	acquireN(t, b, betaDN, 5)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		_, err := b.Acquire(ctx, betaDN)
		errc <- err
	}()
	waitForWaiter(b, betaDN)
	cancel()
	assert.ErrorIs(t, <-errc, context.Canceled)
	assert.Zero(t, b.Remaining(betaDN))
}

// TestChargeOfHoldCountsFromNow: a place of Hold that is charged counts
// from the charge, not from when it was taken.
func TestChargeOfHoldCountsFromNow(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true, Limit: 1})
	r, err := b.Hold(context.Background(), gammaDN)
	require.NoError(t, err)
	clock.Advance(4 * time.Second)
	r.Charge()
	clock.Advance(9 * time.Second) // 13s after the Hold, 9s after the charge
	assert.Zero(t, b.Remaining(gammaDN))
	clock.Advance(time.Second)
	assert.Equal(t, 1, b.Remaining(gammaDN))
}

// TestPruneKeepsServersInFlight: past MaxServers, a server whose only place
// is in flight is not forgotten, and its place still counts when it ends.
func TestPruneKeepsServersInFlight(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true, MaxServers: 1, Limit: 1})
	ctx := context.Background()
	r, err := b.Acquire(ctx, alphaDN)
	require.NoError(t, err)
	clock.Advance(time.Minute)
	require.NoError(t, b.Reserve(ctx, betaDN)) // prunes what it can
	_, err = b.Acquire(ctx, alphaDN)
	assert.ErrorIs(t, err, ErrRedirectBudget, "Alpha's place in flight was forgotten")
	r.Charge()
	assert.Zero(t, b.Remaining(alphaDN))
}

// TestBackoffResendTakesFreshPlace: while the Client waits out a RopBackoff
// the logon holds no place (the server did not run it), and the resend
// takes a new one, so that a budget spent during the wait holds it back.
func TestBackoffResendTakesFreshPlace(t *testing.T) {
	clock := newFakeClock(false)
	net := newSimNet(clock, alphaDN, betaDN)
	net.dir.set(bart, betaDN)
	net.server(betaDN).backoffs = []simBackoff{{resp: codec.RopBackoffResponse{Duration: 12000}}}
	budget := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
	c := &Client{Dialer: net.dialer("app"), Clock: clock, Budget: budget}
	errc := make(chan error)
	go func() {
		_, err := c.Logon(context.Background(), bart, betaDN)
		errc <- err
	}()
	clock.blockUntil(1) // the Client waits out the 12s
	assert.Equal(t, 5, budget.Remaining(betaDN), "a place held across the RopBackoff")
	clock.Advance(5 * time.Second)
	for range 5 {
		budget.Record(betaDN) // five redirects at t0+5s, inside the window at t0+12s
	}
	clock.Advance(7 * time.Second)
	err := <-errc
	assert.ErrorIs(t, err, ErrRedirectBudget, "the resend took no new place")
	assert.Len(t, net.server(betaDN).loggedOn(), 0, "the resend was sent")
}

// failingSession fails every Execute, as a connection lost after the
// request was sent.
type failingSession struct{ Session }

func (failingSession) Execute(context.Context, []byte) ([]byte, error) {
	return nil, errors.New("connection reset")
}

// TestLostAnswerCharges: a request whose answer was lost may have been
// counted, so its place is charged; a dial that failed sent nothing and
// costs nothing.
func TestLostAnswerCharges(t *testing.T) {
	net, c, clock := newProc(t)
	c.Budget = NewRateBudget(BudgetConfig{Clock: clock})
	c.Dialer = DialerFunc(func(ctx context.Context, dn string) (Session, error) {
		s, err := net.dialer("app").Dial(ctx, dn)
		return failingSession{s}, err
	})
	_, err := c.Logon(context.Background(), bart, betaDN)
	require.Error(t, err)
	assert.Equal(t, 4, c.Budget.Remaining(betaDN))

	_, err = c.Logon(context.Background(), bart, "/o=Nowhere/cn=Servers/cn=OMEGA")
	require.Error(t, err)
	assert.Equal(t, 5, c.Budget.Remaining("/o=Nowhere/cn=Servers/cn=OMEGA"))
}
