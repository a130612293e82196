package logon

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
)

// TestRedirectBudgetDefaults: the zero config is the Exchange rule, five
// redirected logons in ten seconds ([MS-OXCSTOR] 3.2.5.1.1, 3.2.5.1.3).
func TestRedirectBudgetDefaults(t *testing.T) {
	b := NewRateBudget(BudgetConfig{})
	if b.Limit() != 5 || b.Window() != 10*time.Second {
		t.Fatalf("defaults %d in %v, want 5 in 10s", b.Limit(), b.Window())
	}
}

// TestRedirectBudgetFiveInTenSeconds: five places per server in any ten
// seconds; the sixth is refused until the oldest has left the window.
func TestRedirectBudgetFiveInTenSeconds(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		require.NoError(t, b.Reserve(ctx, alphaDN), "reservation %d", i+1)
		clock.Advance(time.Second)
	}
	// t0+5s: the sixth within ten seconds of the first.
	err := b.Reserve(ctx, alphaDN)
	var be *BudgetError
	if !errors.Is(err, ErrRedirectBudget) || !errors.As(err, &be) || be.RetryAfter != 5*time.Second || be.Server != alphaDN {
		t.Fatalf("sixth reservation: %v, want ErrRedirectBudget retry after 5s", err)
	}
	if !strings.Contains(err.Error(), "retry after 5s") {
		t.Errorf("message %q", err)
	}
	if b.Remaining(alphaDN) != 0 {
		t.Errorf("remaining %d, want 0", b.Remaining(alphaDN))
	}
	// Same server in another case or with its private MDB: same budget.
	assert.Error(t, b.Reserve(ctx, strings.ToUpper(alphaDN)+PrivateMDBSuffix), "the same server under another spelling has its own budget")
	// Another server has its own budget.
	assert.NoError(t, b.Reserve(ctx, betaDN), "Beta")
	clock.Advance(5*time.Second - time.Nanosecond) // t0+10s-1ns: the first is still inside
	assert.Error(t, b.Reserve(ctx, alphaDN), "reservation before the first left the window")
	clock.Advance(time.Nanosecond) // t0+10s: the first has left
	assert.NoError(t, b.Reserve(ctx, alphaDN), "reservation once the first left the window")
	assert.Error(t, b.Reserve(ctx, alphaDN), "two places freed by one leaving")
}

// TestRedirectBudgetWaits: past the budget, Reserve waits on the clock
// until the oldest place leaves the window, then takes it.
func TestRedirectBudgetWaits(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock})
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		require.NoError(t, b.Reserve(ctx, alphaDN))
	}
	done := make(chan Reservation)
	go func() {
		r, err := b.Hold(ctx, alphaDN)
		assert.NoError(t, err)
		done <- r
	}()
	clock.blockUntil(1)
	clock.Advance(9 * time.Second)
	select {
	case <-done:
		t.Fatal("Reserve returned before the window passed")
	default:
	}
	clock.Advance(time.Second)
	if r := <-done; !r.At().Equal(epoch.Add(10 * time.Second)) {
		t.Fatalf("place taken at %v, want t0+10s", r.At())
	}
}

// TestRedirectBudgetWaitHonoursContext: a context cancelled during the wait
// ends it with ctx.Err(); a context already done takes no place even within
// budget.
func TestRedirectBudgetWaitHonoursContext(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock})
	for i := 0; i < 5; i++ {
		require.NoError(t, b.Reserve(context.Background(), alphaDN))
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { errc <- b.Reserve(ctx, alphaDN) }()
	clock.blockUntil(1)
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled, "cancelled wait")

	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	require.ErrorIs(t, b.Reserve(expired, betaDN), context.DeadlineExceeded, "expired context")
	if b.Remaining(betaDN) != 5 {
		t.Errorf("an expired context took a place: remaining %d", b.Remaining(betaDN))
	}
}

// TestRedirectBudgetRelease: a place given back (the logon was not
// redirected) can be taken again at once; a place never given back counts
// until it leaves the window.
func TestRedirectBudgetRelease(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
	ctx := context.Background()
	var places []Reservation
	for i := 0; i < 5; i++ {
		r, err := b.Hold(ctx, alphaDN)
		require.NoError(t, err)
		places = append(places, r)
		clock.Advance(time.Second)
	}
	places[2].Release() // the middle one was not redirected
	if b.Remaining(alphaDN) != 1 {
		t.Fatalf("remaining %d after a release, want 1", b.Remaining(alphaDN))
	}
	require.NoError(t, b.Reserve(ctx, alphaDN), "reservation after a release")
	// The oldest (t0) leaves at t0+10s; t0+2s was released, so the next
	// place frees when t0+1s leaves.
	clock.Advance(5 * time.Second) // t0+10s
	require.NoError(t, b.Reserve(ctx, alphaDN), "at t0+10s")
	require.ErrorIs(t, b.Reserve(ctx, alphaDN), ErrRedirectBudget, "at t0+10s, second")
	clock.Advance(time.Second) // t0+11s: t0+1s leaves
	require.NoError(t, b.Reserve(ctx, alphaDN), "at t0+11s")
	places[0].Release() // long gone: no effect
	Reservation{}.Release()
	if b.Remaining(alphaDN) != 0 {
		t.Errorf("remaining %d, want 0", b.Remaining(alphaDN))
	}
}

// TestRedirectBudgetRecord: a redirect that was not reserved for counts
// against the server's budget.
func TestRedirectBudgetRecord(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
	for i := 0; i < 5; i++ {
		b.Record(betaDN)
	}
	require.ErrorIs(t, b.Reserve(context.Background(), betaDN), ErrRedirectBudget, "after five recorded redirects")
}

// TestRedirectBudgetPrunesIdleServers: past MaxServers, servers with no
// place inside the window are forgotten; busy ones are kept.
func TestRedirectBudgetPrunesIdleServers(t *testing.T) {
	clock := newFakeClock(false)
	b := NewRateBudget(BudgetConfig{Clock: clock, FailFast: true, MaxServers: 2})
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		b.Reserve(ctx, alphaDN)
	}
	clock.Advance(11 * time.Second)
	for i := 0; i < 5; i++ {
		b.Reserve(ctx, betaDN)
	}
	b.Reserve(ctx, gammaDN) // Alpha is idle: pruned
	b.mu.Lock()
	_, alpha := b.servers[foldKey(alphaDN)]
	_, beta := b.servers[foldKey(betaDN)]
	n := len(b.servers)
	b.mu.Unlock()
	if alpha || !beta || n != 2 {
		t.Fatalf("after pruning: alpha %v beta %v servers %d", alpha, beta, n)
	}
	assert.Error(t, b.Reserve(ctx, betaDN), "a busy server lost its budget")
}

// TestRedirectBudgetHoldDoesNotAllocate: within budget, no allocation.
func TestRedirectBudgetHoldDoesNotAllocate(t *testing.T) {
	clock := &stepClock{step: 3 * time.Second}
	b := NewRateBudget(BudgetConfig{Clock: clock})
	ctx := context.Background()
	b.Reserve(ctx, alphaDN)
	if n := testing.AllocsPerRun(1000, func() { b.Reserve(ctx, alphaDN) }); n != 0 {
		t.Errorf("Reserve allocates %v times", n)
	}
	if n := testing.AllocsPerRun(1000, func() {
		r, _ := b.Hold(ctx, alphaDN)
		r.Release()
	}); n != 0 {
		t.Errorf("Hold+Release allocates %v times", n)
	}
	if n := testing.AllocsPerRun(1000, func() {
		r, _ := b.Acquire(ctx, alphaDN)
		r.Release()
		r, _ = b.Acquire(ctx, alphaDN)
		r.Charge()
	}); n != 0 {
		t.Errorf("Acquire with Release or Charge allocates %v times", n)
	}
}

// stepClock advances by step at every Now, so a budget never runs out.
type stepClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now()
	return ch
}

// TestConcurrent64Goroutines: 64 goroutines share one RedirectCache and one
// RateBudget, logging on through the simulated servers and churning the
// cache. Under -race this checks the locking; the servers, which count each
// redirect when it arrives, never pause the program, and every mailbox ends
// up cached at its home server.
func TestConcurrent64Goroutines(t *testing.T) {
	const goroutines, perServer = 64, 16
	clock := newFakeClock(true)
	net := newSimNet(clock, alphaDN, betaDN, gammaDN)
	onAlpha, onBeta := seedMailboxes(net, perServer)
	var onGamma []string
	for i := 0; i < perServer; i++ {
		mb := mailboxDN(fmt.Sprint("maggie", i))
		net.dir.set(mb, gammaDN)
		onGamma = append(onGamma, mb)
	}
	all := slices.Concat(onAlpha, onBeta, onGamma)
	cache := NewRedirectCache(len(all) + 8)
	budget := NewRateBudget(BudgetConfig{Clock: clock})

	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			c := &simClient{id: "app", net: net, profile: alphaDN, cache: cache, budget: budget}
			for i := 0; i < len(all); i++ {
				mb := all[(g*7+i)%len(all)]
				if _, err := c.logon(ctx, mb); err != nil {
					t.Errorf("goroutine %d, %s: %v", g, mb, err)
				}
				churn := mailboxDN(fmt.Sprint("churn", g%8))
				cache.Redirected(churn, gammaDN)
				cache.Lookup(churn)
				cache.Forget(churn)
				budget.Remaining(betaDN)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d redirects, budget waited %v", net.total(errors.LogonRedirect), clock.Slept())
	if p := net.total(errors.LogonServerPaused); p != 0 {
		t.Errorf("%d ecServerPaused", p)
	}
	for _, mb := range slices.Concat(onBeta, onGamma) {
		home, _ := net.dir.lookup(mb)
		if s, ok := cache.Lookup(mb); !ok || s != home {
			t.Errorf("%s cached at %q, %v; want %q", mb, s, ok, home)
		}
	}
	for _, mb := range onAlpha {
		if s, ok := cache.Lookup(mb); ok {
			t.Errorf("%s on the profile's server was cached at %q", mb, s)
		}
	}
}
