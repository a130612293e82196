package logon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ropcodec/ropcodec/internal/clock"
)

// The redirect rule of Exchange: "If the client has made more than five
// attempts within a 10-second period to log on to a mailbox that is not
// hosted on the server, the server MUST fail the operation with
// ecServerPaused" ([MS-OXCSTOR] 3.2.5.1.1; the code is listed in
// [MS-OXCSTOR] 3.2.5.1.3). RateBudget uses these as its defaults.
const (
	// DefaultRedirectLimit is the most logons that may be redirected by one
	// server within DefaultRedirectWindow: five, RedirectLimit of the spec
	// table ([MS-OXCSTOR] 3.2.5.1.1, 3.2.5.1.3).
	DefaultRedirectLimit = int(RedirectLimit)
	// DefaultRedirectWindow is the period of the redirect rule: ten seconds,
	// RedirectWindowSeconds of the spec table ([MS-OXCSTOR] 3.2.5.1.1,
	// 3.2.5.1.3).
	DefaultRedirectWindow = time.Duration(RedirectWindowSeconds) * time.Second
	// DefaultBudgetServers is the number of servers a RateBudget tracks
	// before it prunes servers with no place in flight or inside the
	// window.
	DefaultBudgetServers = 1024
)

// ErrRedirectBudget reports that a server's redirect budget is spent and the
// RateBudget was configured not to wait. The error Reserve returns is a
// *BudgetError that matches it with errors.Is.
var ErrRedirectBudget = errors.New("logon: redirect budget spent")

// BudgetError is the error of an Acquire, Hold or Reserve that would have to
// wait but was configured to fail instead (BudgetConfig.FailFast).
type BudgetError struct {
	Server string // the server DN passed to Acquire, Hold or Reserve
	// RetryAfter is how long until the passage of time alone frees a place:
	// until the oldest counted place leaves the window. It is 0 when only
	// places held by requests in flight stand in the way, since one of them
	// may end at any moment.
	RetryAfter time.Duration
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
	// FailFast makes Acquire, Hold and Reserve return a *BudgetError
	// (ErrRedirectBudget) at once instead of waiting for the budget to free
	// up.
	FailFast bool
	// Clock is the source of time; nil means SystemClock.
	Clock Clock
	// MaxServers is how many servers are tracked before those with no
	// place in flight or inside the window are pruned; 0 means
	// DefaultBudgetServers. Servers with such a place are never dropped,
	// so the rule holds whatever the value.
	MaxServers int
}

// RateBudget keeps a client under the redirect rate that makes Exchange
// pause it: at most Limit logons counted as redirected, per server, within
// any Window (by default five in ten seconds, [MS-OXCSTOR] 3.2.5.1.1). Past
// the budget, taking a place waits until one frees up, or fails with
// ErrRedirectBudget, as configured (in "Enough With The Redirects Already"
// the customer's only workaround was to slow down; this does it by rule). Servers are keyed by DN
// without regard to case, with a trailing "/cn=Microsoft Private MDB"
// ignored.
//
// A place is taken for one RopLogon request and is in one of two states:
//
//   - in flight, from Acquire until the caller ends it, however long the
//     request takes;
//   - counted, from the moment it was ended with Charge (or taken with
//     Hold or Reserve, or recorded with Record) for one Window.
//
// A new place is given while fewer than Limit places of the server are in
// flight or counted. Release ends a place without counting it: the server
// answered without a redirect, or the request was never sent. Acquire with
// Charge and Release is what the package documentation's guarantee rests
// on, and what Client uses; Hold, Reserve and Record count from the moment
// they are called, which keeps their earlier meaning (see the package
// documentation for what that does not cover).
//
// All methods are safe for concurrent use. Servers are locked one by one,
// so that places for different servers do not wait for each other, and a
// place within budget is taken without allocating (for DNs up to 512
// bytes).
type RateBudget struct {
	limit      int
	window     time.Duration
	failFast   bool
	clock      Clock
	maxServers int

	mu      sync.RWMutex            // guards the map; each server has its own lock
	servers map[string]*serverState // folded server DN -> its places
}

// serverState holds the places of one server.
type serverState struct {
	key string // folded server DN

	mu       sync.Mutex
	stamps   stampRing     // when the last counted places started to count
	inFlight int           // places taken by Acquire and not ended yet
	changed  chan struct{} // closed when a place is ended; nil until someone waits
	dropped  bool          // pruned: the budget no longer holds it
}

// stampRing holds the times of the last limit counted places of a server,
// oldest first from next-n.
type stampRing struct {
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

// push adds t, which is not before any stamp held, dropping the oldest
// when full: with limit stamps newer than it, the oldest no longer decides
// when a place frees.
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

// wait reports whether a new place would exceed limit at now, and if so how
// long until the passage of time alone frees one (0 when only the end of a
// request in flight can). Called with s.mu held.
func (s *serverState) wait(now time.Time, limit int, window time.Duration) (time.Duration, bool) {
	room := limit - 1 - s.inFlight // counted places that may lie in the window beside a new one
	if room < 0 {
		return 0, true
	}
	if s.stamps.n <= room {
		return 0, false
	}
	// The stamps are in order: the one with room newer stamps after it
	// must have left the window.
	free := s.stamps.at(s.stamps.n - 1 - room).Add(window)
	if !now.Before(free) {
		return 0, false
	}
	return free.Sub(now), true
}

// notify wakes those waiting for a place of s. Called with s.mu held.
func (s *serverState) notify() {
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
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
		servers:    make(map[string]*serverState),
	}
	if b.limit < 1 {
		b.limit = DefaultRedirectLimit
	}
	if b.window <= 0 {
		b.window = DefaultRedirectWindow
	}
	b.clock = clock.Or(b.clock)
	if b.maxServers < 1 {
		b.maxServers = DefaultBudgetServers
	}
	return b
}

// Limit returns the most places per server within Window.
func (b *RateBudget) Limit() int { return b.limit }

// Window returns the period of the rule.
func (b *RateBudget) Window() time.Duration { return b.window }

// Reservation is a place in a server's budget, taken by Acquire or Hold.
// The zero value is a place in nothing; its Release and Charge do nothing.
// End a place once, with Release or Charge.
type Reservation struct {
	b        *RateBudget
	s        *serverState
	at       time.Time
	inFlight bool // taken by Acquire: in flight until ended
}

// At returns the time the place was taken (the zero time for the zero
// Reservation).
func (r Reservation) At() time.Time { return r.at }

// Release gives the place back: the server did not count the logon it was
// taken for as redirected (the logon succeeded there, or failed for another
// reason, or was never sent), so it takes nothing from the budget
// ([MS-OXCSTOR] 3.2.5.1.1 counts logons to mailboxes the server does not
// host). Logons to the right server thus cost no budget once answered.
// Releasing a place of Hold that has left the window does nothing.
func (r Reservation) Release() {
	if r.s == nil {
		return
	}
	s := r.s
	s.mu.Lock()
	r.end(s)
	s.mu.Unlock()
}

// Charge ends the place as counted: the server redirected the logon, or
// answered ecServerPaused, or may have received it without the answer
// reaching the client. The place counts from now, when the server had
// counted the request at the latest, for one Window.
func (r Reservation) Charge() {
	if r.s == nil {
		return
	}
	s := r.s
	s.mu.Lock()
	if s.dropped {
		// Only a place of Hold, which had left the window, can be on a
		// pruned server: count it on the one the budget holds now.
		s.mu.Unlock()
		r.b.record([]byte(s.key))
		return
	}
	r.end(s)
	s.stamps.push(r.b.clock.Now())
	s.mu.Unlock()
}

// end takes the place off s and wakes those waiting. Called with s.mu held.
func (r Reservation) end(s *serverState) {
	if r.inFlight {
		if s.inFlight > 0 {
			s.inFlight--
		}
	} else {
		s.stamps.remove(r.at)
	}
	s.notify()
}

// take modes.
const (
	takeInFlight = iota // Acquire: a place in flight
	takeCounted         // Hold, Reserve: a place counted from now
	takeNone            // ready: wait until a place is free, take none
)

// Acquire takes a place in serverDN's budget for one RopLogon request about
// to be sent. The place is in flight until the caller ends it: with Release
// when the server answered without redirecting the logon (or the request was
// never sent), with Charge otherwise. Places in flight count however long
// the request takes, so a server that counts a redirect when the request
// arrives never sees more than the budget allows (the package documentation
// states the guarantee). Past the budget Acquire waits until a place is
// ended or leaves the window, unless the budget was configured with
// FailFast, in which case it returns a *BudgetError (errors.Is
// ErrRedirectBudget) at once. The context wins: a context that is done
// before or during the wait makes Acquire return ctx.Err() without taking a
// place. Acquire does not allocate within budget.
func (b *RateBudget) Acquire(ctx context.Context, serverDN string) (Reservation, error) {
	return b.take(ctx, serverDN, takeInFlight)
}

// Reserve takes one place in serverDN's budget and keeps it: it is Hold
// without a Release. Within budget it records the current time and returns
// nil. Past the budget it waits until a place frees up, unless the budget
// was configured with FailFast, in which case it returns a *BudgetError
// (errors.Is ErrRedirectBudget) at once. The context wins: a context that is
// done before or during the wait makes Reserve return ctx.Err() without
// taking a place.
func (b *RateBudget) Reserve(ctx context.Context, serverDN string) error {
	_, err := b.take(ctx, serverDN, takeCounted)
	return err
}

// Hold is Reserve returning the place it took, so that the caller can
// Release it when the logon turns out not to be redirected. The place counts
// from the moment it was taken, not from when the server counted the
// request; a caller that never releases it is conservative only if the
// request reaches the server at once (Acquire has no such condition). Hold
// does not allocate within budget.
func (b *RateBudget) Hold(ctx context.Context, serverDN string) (Reservation, error) {
	return b.take(ctx, serverDN, takeCounted)
}

// ready waits, as Acquire does, until serverDN has a place free, but takes
// none, so that a caller can open a session before it takes the place.
func (b *RateBudget) ready(ctx context.Context, serverDN string) error {
	_, err := b.take(ctx, serverDN, takeNone)
	return err
}

// take is Acquire, Hold and ready, as mode says.
func (b *RateBudget) take(ctx context.Context, serverDN string, mode int) (Reservation, error) {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], TrimPrivateMDB(serverDN))
	for {
		if err := ctx.Err(); err != nil {
			return Reservation{}, err
		}
		s := b.server(k)
		s.mu.Lock()
		if s.dropped {
			s.mu.Unlock()
			continue
		}
		now := b.clock.Now()
		d, full := s.wait(now, b.limit, b.window)
		if !full {
			r := Reservation{b: b, s: s, at: now, inFlight: mode == takeInFlight}
			switch mode {
			case takeInFlight:
				s.inFlight++
			case takeCounted:
				s.stamps.push(now)
			}
			s.mu.Unlock()
			return r, nil
		}
		if b.failFast {
			s.mu.Unlock()
			return Reservation{}, &BudgetError{Server: serverDN, RetryAfter: d}
		}
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed := s.changed
		s.mu.Unlock()
		var timer <-chan time.Time // nil, never ready, when only an end frees a place
		if d > 0 {
			timer = b.clock.After(d)
		}
		select {
		case <-ctx.Done():
			return Reservation{}, ctx.Err()
		case <-changed:
		case <-timer:
		}
	}
}

// Record charges serverDN with a redirect that happened without a place (a
// logon sent outside the budget). It never waits; the places taken after it
// wait for it to leave the window.
func (b *RateBudget) Record(serverDN string) {
	var buf [keyBufSize]byte
	b.record(appendFolded(buf[:0], TrimPrivateMDB(serverDN)))
}

// record is Record of the folded key k.
func (b *RateBudget) record(k []byte) {
	for {
		s := b.server(k)
		s.mu.Lock()
		if !s.dropped {
			s.stamps.push(b.clock.Now())
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
	}
}

// Remaining returns how many places serverDN can take now without waiting.
func (b *RateBudget) Remaining(serverDN string) int {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], TrimPrivateMDB(serverDN))
	b.mu.RLock()
	s := b.servers[string(k)]
	b.mu.RUnlock()
	if s == nil {
		return b.limit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return max(0, b.limit-s.inFlight-s.stamps.inWindow(b.clock.Now(), b.window))
}

// server returns the state of the server with folded key k, adding it if
// the budget has none. When MaxServers are tracked it first drops those with
// no place in flight or inside the window.
func (b *RateBudget) server(k []byte) *serverState {
	b.mu.RLock()
	s := b.servers[string(k)] // no allocation: the compiler looks up without a copy
	b.mu.RUnlock()
	if s != nil {
		return s
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if s = b.servers[string(k)]; s != nil {
		return s
	}
	if len(b.servers) >= b.maxServers {
		now := b.clock.Now()
		for key, old := range b.servers {
			old.mu.Lock()
			if old.inFlight == 0 && old.stamps.inWindow(now, b.window) == 0 {
				old.dropped = true
				old.notify()
				delete(b.servers, key)
			}
			old.mu.Unlock()
		}
	}
	s = &serverState{key: string(k), stamps: stampRing{stamps: make([]time.Time, b.limit)}}
	b.servers[s.key] = s
	return s
}
