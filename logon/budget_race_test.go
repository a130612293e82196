package logon

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// The three ways issue 11 found a concurrent program paused although it kept
// to the redirect budget: 64 goroutines share one Client, RedirectCache and
// RateBudget, and log on through the simulated servers of sim_test.go, which
// count a redirect when the request arrives and answer ecServerPaused to the
// sixth within ten seconds ([MS-OXCSTOR] 3.2.5.1.1). Time runs on a fastClock,
// so that each goroutine's requests take their own time, as on a network,
// while a ten-second window lasts 50 ms.

// fastClock is a Clock that runs speed times faster than real time. Unlike
// fakeClock, whose time moves only when told to, it lets goroutines wait
// independently of each other, as requests on a network do.
type fastClock struct {
	start time.Time
	speed time.Duration
}

func newFastClock(speed int) *fastClock {
	return &fastClock{start: time.Now(), speed: time.Duration(speed)}
}

func (c *fastClock) Now() time.Time { return epoch.Add(time.Since(c.start) * c.speed) }

func (c *fastClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	time.AfterFunc((d+c.speed-1)/c.speed, func() { ch <- c.Now() })
	return ch
}

// TestFastClock: Now runs at speed, After waits at least d of its time.
func TestFastClock(t *testing.T) {
	c := newFastClock(200)
	t0 := c.Now()
	at := <-c.After(10 * time.Second)
	assert.GreaterOrEqual(t, at.Sub(t0), 10*time.Second)
	assert.False(t, c.Now().Before(at))
}

// concurrentScenario is one workload of 64 goroutines logging on through one
// Client.
type concurrentScenario struct {
	latency    time.Duration // a request's round trip is uniform in [0, latency]
	backoff    float64       // share of ROP buffers a server holds off with a RopBackoff
	backoffFor time.Duration // the Duration of that RopBackoff
	moves      int           // mailboxes moved (once each) between Beta and Gamma while the logons run
	logons     int           // logons per goroutine, at least: more while mailboxes move
	cacheAll   bool          // the cache knows every mailbox's server before the logons start
}

// concurrentOutcome is what the servers and the goroutines saw.
type concurrentOutcome struct {
	logons, redirects, paused int // as the servers counted them
	pausedErrs                int // logons that ended in ErrServerPaused
	otherErrs                 []error
	known                     int // logons the cache sent straight to a server
	backoffs                  int // RopBackoffs the servers sent
}

const (
	raceGoroutines = 64
	raceSpeed      = 200 // a ten-second window lasts 50 ms
	racePerServer  = 48  // mailboxes on each of Alpha, Beta and Gamma
)

// runConcurrentLogons runs sc: 64 goroutines share one Client (profile
// server Alpha), RedirectCache and RateBudget, and each logs on to sc.logons
// mailboxes drawn at random from 48 on each of Alpha, Beta and Gamma.
func runConcurrentLogons(t *testing.T, sc concurrentScenario) concurrentOutcome {
	t.Helper()
	clock := newFastClock(raceSpeed)
	net := newSimNet(clock, alphaDN, betaDN, gammaDN)
	if sc.latency > 0 {
		net.latency = func() (up, down time.Duration) {
			rtt := rand.N(sc.latency + 1)
			up = rand.N(rtt + 1)
			return up, rtt - up
		}
	}
	var backoffs atomic.Int64
	if sc.backoff > 0 {
		for _, s := range net.servers {
			s.backoff = func() *simBackoff {
				if rand.Float64() >= sc.backoff {
					return nil
				}
				backoffs.Add(1)
				return &simBackoff{resp: codec.RopBackoffResponse{Duration: uint32(sc.backoffFor / time.Millisecond)}}
			}
		}
	}
	onAlpha, onBeta := seedMailboxes(net, racePerServer)
	var onGamma []string
	for i := range racePerServer {
		mb := mailboxDN(fmt.Sprint("maggie", i))
		net.dir.set(mb, gammaDN)
		onGamma = append(onGamma, mb)
	}
	all := slices.Concat(onAlpha, onBeta, onGamma)
	movable := slices.Concat(onBeta, onGamma)

	cache := NewRedirectCache(0)
	if sc.cacheAll {
		for _, mb := range movable {
			home, _ := net.dir.lookup(mb)
			cache.Redirected(mb, home)
		}
	}
	budget := NewRateBudget(BudgetConfig{Clock: clock})
	// Enough resends that a logon held off again and again (0.1^4 per
	// exchange with the default of 3) does not end in ErrBackoff.
	client := &Client{Dialer: net.dialer("app"), Cache: cache, Budget: budget, Clock: clock, MaxBackoffRetries: 12}
	// A deadlock fails the test instead of hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var out concurrentOutcome
	var mu sync.Mutex
	var known atomic.Int64
	var mover sync.WaitGroup
	var moving atomic.Bool // the logons go on while mailboxes move
	if sc.moves > 0 {
		// The mover: every 100 ms one more mailbox moves between Beta and
		// Gamma, so that the cache's route for it goes stale. Each moves
		// once: a mailbox that moved back during a logon would end it in
		// ErrRedirectLoop, rightly.
		require.LessOrEqual(t, sc.moves, len(movable))
		order := rand.Perm(len(movable))[:sc.moves]
		moving.Store(true)
		mover.Add(1)
		go func() {
			defer mover.Done()
			defer moving.Store(false)
			for _, i := range order {
				<-clock.After(100 * time.Millisecond)
				mb := movable[i]
				home, _ := net.dir.lookup(mb)
				to := betaDN
				if EqualDN(TrimPrivateMDB(home), betaDN) {
					to = gammaDN
				}
				net.dir.set(mb, to)
			}
		}()
	}
	var logons sync.WaitGroup
	for range raceGoroutines {
		logons.Add(1)
		go func() {
			defer logons.Done()
			for i := 0; i < sc.logons || moving.Load(); i++ {
				mb := all[rand.N(len(all))]
				if _, ok := cache.Lookup(mb); ok {
					known.Add(1)
				}
				res, err := client.Logon(ctx, mb, alphaDN)
				if err == nil {
					res.Session.Close()
					continue
				}
				mu.Lock()
				if errors.Is(err, ErrServerPaused) {
					out.pausedErrs++
				} else {
					out.otherErrs = append(out.otherErrs, err)
				}
				mu.Unlock()
			}
		}()
	}
	logons.Wait()
	mover.Wait()
	out.redirects = net.total(errors.LogonRedirect)
	out.paused = net.total(errors.LogonServerPaused)
	out.logons = out.redirects + out.paused + net.total(errors.LogonSucceeded)
	out.known = int(known.Load())
	out.backoffs = int(backoffs.Load())
	return out
}

// checkNeverPaused asserts that no server paused the program, and that the
// scenario did what it is for: enough redirects to fill the budget many
// times over.
func checkNeverPaused(t *testing.T, out concurrentOutcome) {
	t.Helper()
	t.Logf("%d logons at servers, %d redirects, %d ecServerPaused, %d cache hits, %d RopBackoffs",
		out.logons, out.redirects, out.paused, out.known, out.backoffs)
	require.GreaterOrEqual(t, out.redirects, 4*DefaultRedirectLimit, "too few redirects to test the budget")
	assert.Zero(t, out.paused, "ecServerPaused sent by the servers")
	assert.Zero(t, out.pausedErrs, "logons that failed with ErrServerPaused")
	assert.Empty(t, out.otherErrs, "logons that failed otherwise")
}

// TestBudgetHoldsUnderLatency: requests take between 0 and 300 ms, so each
// reaches the server some time after its place was taken, and in another
// order than the places were taken.
func TestBudgetHoldsUnderLatency(t *testing.T) {
	checkNeverPaused(t, runConcurrentLogons(t, concurrentScenario{latency: 300 * time.Millisecond, logons: 4}))
}

// TestBudgetHoldsUnderLongBackoff: a tenth of the ROP buffers are held off by
// a RopBackoff of 12 s, longer than the window ([MS-OXCROPS] 3.1.5.1.1); the
// logon is sent again after it.
func TestBudgetHoldsUnderLongBackoff(t *testing.T) {
	out := runConcurrentLogons(t, concurrentScenario{backoff: 0.1, backoffFor: 12 * time.Second, logons: 4})
	require.Positive(t, out.backoffs, "no RopBackoff sent")
	checkNeverPaused(t, out)
}

// TestBudgetHoldsWhenMailboxesMove: the cache knows every mailbox's server,
// and while the logons run mailboxes move between Beta and Gamma, so cached
// routes go stale and the server the cache names redirects.
func TestBudgetHoldsWhenMailboxesMove(t *testing.T) {
	out := runConcurrentLogons(t, concurrentScenario{cacheAll: true, moves: 2 * racePerServer, logons: 8, latency: 50 * time.Millisecond})
	require.Positive(t, out.known, "no logon went by the cache")
	checkNeverPaused(t, out)
}
