package logon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The redirect rule of Exchange: "If the client has made more than five
// attempts within a 10-second period to log on to a mailbox that is not
// hosted on the server, the server MUST fail the operation with
// ecServerPaused" ([MS-OXCSTOR] 3.2.5.1.1; the code is listed in
// [MS-OXCSTOR] 3.2.5.1.3). RateBudget uses these as its defaults.
const (
	// DefaultRedirectLimit is the most logons that may be redirected by one
	// server within DefaultRedirectWindow: five ([MS-OXCSTOR] 3.2.5.1.1,
	// 3.2.5.1.3).
	DefaultRedirectLimit = 5
	// DefaultRedirectWindow is the period of the redirect rule: ten seconds
	// ([MS-OXCSTOR] 3.2.5.1.1, 3.2.5.1.3).
	DefaultRedirectWindow = 10 * time.Second
	// DefaultBudgetServers is the number of servers a RateBudget tracks
	// before it prunes servers with no reservation inside the window.
	DefaultBudgetServers = 1024
)

// ErrRedirectBudget reports that a server's redirect budget is spent and the
// RateBudget was configured not to wait. The error Reserve returns is a
// *BudgetError that matches it with errors.Is.
var ErrRedirectBudget = errors.New("logon: redirect budget spent")

// BudgetError is the error of a Reserve or Hold that would have to wait but was
// configured to fail instead (BudgetConfig.FailFast).
type BudgetError struct {
	Server     string        // the server DN passed to Reserve
	RetryAfter time.Duration // how long until a reservation would succeed
}

// Error returns a message naming the server and the wait.
func (e *BudgetError) Error() string {
	return fmt.Sprintf("%v: %q, retry after %v", ErrRedirectBudget, e.Server, e.RetryAfter)
}

// Unwrap returns ErrRedirectBudget.
func (e *BudgetError) Unwrap() error { return ErrRedirectBudget }

// BudgetConfig configures a RateBudget. The zero value is the Exchange rule
// (five in ten seconds), waiting, on the system clock.
type BudgetConfig struct {
	// Limit is the most reservations per server within Window; 0 means
	// DefaultRedirectLimit (5, [MS-OXCSTOR] 3.2.5.1.1).
	Limit int
	// Window is the period of the rule; 0 means DefaultRedirectWindow
	// (10 s, [MS-OXCSTOR] 3.2.5.1.1).
	Window time.Duration
	// FailFast makes Reserve return a *BudgetError (ErrRedirectBudget) at
	// once instead of waiting for the budget to free up.
	FailFast bool
	// Clock is the source of time; nil means SystemClock.
	Clock Clock
	// MaxServers is how many servers are tracked before those with no
	// reservation inside the window are pruned; 0 means
	// DefaultBudgetServers. Servers still inside their window are never
	// dropped, so the rule holds whatever the value.
	MaxServers int
}

// RateBudget keeps a client under the redirect rate that makes Exchange
// pause it: at most Limit logons that may be redirected, per server, within
// any Window (by default five in ten seconds, [MS-OXCSTOR] 3.2.5.1.1). Past
// the budget, Reserve waits until the oldest reservation leaves the window,
// or fails with ErrRedirectBudget, as configured (seed 001: the customer's
// only workaround was "to slow down a bit"; this does it by rule).
//
// A client takes a place before each logon that the server may redirect:
// every logon whose server is a guess (the profile's server, a DN made from a
// short name) rather than the one a RedirectCache returned. With Hold it
// gets the place back (Reservation.Release) when the logon was not
// redirected, so that logons to mailboxes on the guessed server cost no
// budget; Reserve keeps the place, which is safe but slower. Record charges
// a redirect that was not reserved for (a cached route gone stale), so that
// the places taken after it account for it. Servers are keyed by DN without
// regard to case, with a trailing "/cn=Microsoft Private MDB" ignored.
//
// Places are stamped when they are taken; the server counts a redirect when
// the request arrives, a little later, so the budget errs on the safe side
// for a client whose logons are answered in order.
//
// All methods are safe for concurrent use; a Reserve within budget does not
// allocate (for DNs up to 512 bytes).
type RateBudget struct {
	limit      int
	window     time.Duration
	failFast   bool
	clock      Clock
	maxServers int

	mu      sync.Mutex
	servers map[string]*stampRing // folded server DN -> its last reservations

	// onRecord, when set (by tests in this package), is called under mu with
	// the folded server DN and each timestamp recorded (delta +1) or released
	// (delta -1), so that tests can check the sliding window.
	onRecord func(key string, t time.Time, delta int)
}

// stampRing holds the times of the last limit reservations of one server,
// oldest first from start.
type stampRing struct {
	key    string      // folded server DN
	stamps []time.Time // len limit
	next   int         // where the next stamp goes; the oldest when full
	n      int         // stamps held
}

// at returns the i-th stamp held, 0 being the oldest.
func (r *stampRing) at(i int) *time.Time {
	j := r.next - r.n + i
	if j < 0 {
		j += len(r.stamps)
	}
	if j >= len(r.stamps) {
		j -= len(r.stamps)
	}
	return &r.stamps[j]
}

func (r *stampRing) push(t time.Time) {
	r.stamps[r.next] = t
	r.next++
	if r.next == len(r.stamps) {
		r.next = 0
	}
	if r.n < len(r.stamps) {
		r.n++
	}
}

// remove drops one stamp equal to t, keeping the others in order, and
// reports whether there was one.
func (r *stampRing) remove(t time.Time) bool {
	for i := r.n - 1; i >= 0; i-- {
		if !r.at(i).Equal(t) {
			continue
		}
		for ; i < r.n-1; i++ {
			*r.at(i) = *r.at(i + 1)
		}
		r.next--
		if r.next < 0 {
			r.next = len(r.stamps) - 1
		}
		r.n--
		return true
	}
	return false
}

// wait returns how long until a new stamp fits at now: 0 if it fits.
// A stamp fits when fewer than limit stamps lie in (now-window, now].
func (r *stampRing) wait(now time.Time, window time.Duration) time.Duration {
	if r.n < len(r.stamps) {
		return 0
	}
	free := r.at(0).Add(window) // when the oldest leaves the window
	if !now.Before(free) {
		return 0
	}
	return free.Sub(now)
}

// inWindow counts the stamps in (now-window, now].
func (r *stampRing) inWindow(now time.Time, window time.Duration) int {
	cut := now.Add(-window)
	c := 0
	for i := 0; i < r.n; i++ {
		if r.at(i).After(cut) {
			c++
		}
	}
	return c
}

// NewRateBudget returns a budget configured by cfg; see BudgetConfig for the
// defaults of zero fields.
func NewRateBudget(cfg BudgetConfig) *RateBudget {
	b := &RateBudget{
		limit:      cfg.Limit,
		window:     cfg.Window,
		failFast:   cfg.FailFast,
		clock:      cfg.Clock,
		maxServers: cfg.MaxServers,
		servers:    make(map[string]*stampRing),
	}
	if b.limit < 1 {
		b.limit = DefaultRedirectLimit
	}
	if b.window <= 0 {
		b.window = DefaultRedirectWindow
	}
	if b.clock == nil {
		b.clock = SystemClock
	}
	if b.maxServers < 1 {
		b.maxServers = DefaultBudgetServers
	}
	return b
}

// Limit returns the most reservations per server within Window.
func (b *RateBudget) Limit() int { return b.limit }

// Window returns the period of the rule.
func (b *RateBudget) Window() time.Duration { return b.window }

// Reserve takes one place in serverDN's budget for a logon that may be
// redirected, and keeps it: it is Hold without a Release. Within budget it
// records the current time and returns nil. Past the budget it waits on the
// Clock until the oldest reservation leaves the window and tries again,
// unless the budget was configured with FailFast, in which case it returns a
// *BudgetError (errors.Is ErrRedirectBudget) at once. The context wins: a
// context that is done before or during the wait makes Reserve return
// ctx.Err() without taking a place.
func (b *RateBudget) Reserve(ctx context.Context, serverDN string) error {
	_, err := b.Hold(ctx, serverDN)
	return err
}

// Reservation is a place in a server's budget taken by Hold. The zero value
// is a reservation of nothing; its Release does nothing.
type Reservation struct {
	b    *RateBudget
	ring *stampRing
	at   time.Time
}

// At returns the time the reservation was taken (the zero time for the zero
// Reservation).
func (r Reservation) At() time.Time { return r.at }

// Release gives the place back: the logon it was taken for was not
// redirected (it succeeded at that server, or failed for another reason), so
// the server did not count it ([MS-OXCSTOR] 3.2.5.1.1 counts logons to
// mailboxes the server does not host). Logons to mailboxes on the server the
// client guessed thus cost no budget. Release a reservation at most once;
// releasing one that has left the window does nothing.
func (r Reservation) Release() {
	if r.b == nil {
		return
	}
	r.b.mu.Lock()
	if r.ring.remove(r.at) && r.b.onRecord != nil {
		r.b.onRecord(r.ring.key, r.at, -1)
	}
	r.b.mu.Unlock()
}

// Hold is Reserve returning the place it took, so that the caller can
// Release it when the logon turns out not to be redirected. A caller that
// never releases is conservative: the place counts until it leaves the
// window. Hold does not allocate within budget.
func (b *RateBudget) Hold(ctx context.Context, serverDN string) (Reservation, error) {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], TrimPrivateMDB(serverDN))
	for {
		if err := ctx.Err(); err != nil {
			return Reservation{}, err
		}
		b.mu.Lock()
		now := b.clock.Now()
		r := b.servers[string(k)]
		if r == nil {
			r = b.addServer(string(k), now)
		}
		d := r.wait(now, b.window)
		if d == 0 {
			r.push(now)
			if b.onRecord != nil {
				b.onRecord(string(k), now, +1)
			}
			b.mu.Unlock()
			return Reservation{b: b, ring: r, at: now}, nil
		}
		b.mu.Unlock()
		if b.failFast {
			return Reservation{}, &BudgetError{Server: serverDN, RetryAfter: d}
		}
		select {
		case <-ctx.Done():
			return Reservation{}, ctx.Err()
		case <-b.clock.After(d):
		}
	}
}

// Record charges serverDN with a redirect that happened without a
// reservation (a logon to a cached server that redirected again). It never
// waits; the reservations that follow wait for it to leave the window.
func (b *RateBudget) Record(serverDN string) {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], TrimPrivateMDB(serverDN))
	b.mu.Lock()
	now := b.clock.Now()
	r := b.servers[string(k)]
	if r == nil {
		r = b.addServer(string(k), now)
	}
	r.push(now)
	if b.onRecord != nil {
		b.onRecord(string(k), now, +1)
	}
	b.mu.Unlock()
}

// Remaining returns how many reservations serverDN can take now without
// waiting.
func (b *RateBudget) Remaining(serverDN string) int {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], TrimPrivateMDB(serverDN))
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.servers[string(k)]
	if r == nil {
		return b.limit
	}
	return b.limit - r.inWindow(b.clock.Now(), b.window)
}

// addServer starts tracking the server with folded key. When MaxServers
// are tracked it first drops those with no reservation inside the window.
// Called with mu held.
func (b *RateBudget) addServer(key string, now time.Time) *stampRing {
	if len(b.servers) >= b.maxServers {
		for k, r := range b.servers {
			if r.inWindow(now, b.window) == 0 {
				delete(b.servers, k)
			}
		}
	}
	r := &stampRing{key: key, stamps: make([]time.Time, b.limit)}
	b.servers[key] = r
	return r
}
