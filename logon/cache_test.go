package logon

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// decodeLogon runs a response through its bytes, as a client receives it.
func decodeLogon(t *testing.T, m interface{ MarshalBinary() ([]byte, error) }) codec.RopLogonResponse {
	t.Helper()
	b, err := m.MarshalBinary()
	require.NoError(t, err)
	resp, _, err := codec.DecodeRopLogonResponse(b)
	require.NoError(t, err)
	return resp
}

// TestCacheOutlivesSession is the seed's third site: the program logged all
// the way out between mailboxes, so a cache kept by the session was rebuilt
// every pass and every pass was redirected again. A RedirectCache shared by
// the sessions makes the second and later passes go straight to Beta.
func TestCacheOutlivesSession(t *testing.T) {
	const passes = 3
	run := func(perSession bool) (redirects map[string]int, total int) {
		clock := newFakeClock(true)
		net := newSimNet(clock, alphaDN, betaDN)
		_, onBeta := seedMailboxes(net, 3)
		shared := NewRedirectCache(16)
		budget := NewRateBudget(BudgetConfig{Clock: clock})
		redirects = map[string]int{}
		for pass := 0; pass < passes; pass++ {
			cache := shared
			if perSession {
				cache = NewRedirectCache(16) // torn down with the session
			}
			c := &simClient{id: "app", net: net, profile: alphaDN, cache: cache, budget: budget, step: time.Second}
			for _, mb := range onBeta {
				if _, err := c.logon(context.Background(), mb); err != nil {
					t.Fatalf("pass %d: %v", pass, err)
				}
			}
			for k, v := range c.redirects {
				redirects[k] += v
			}
		}
		return redirects, net.total(errors.LogonRedirect)
	}
	if _, total := run(true); total != 3*passes {
		t.Errorf("per-session cache: %d redirects, want %d (one per mailbox per pass)", total, 3*passes)
	}
	redirects, total := run(false)
	if total != 3 {
		t.Errorf("shared cache: %d redirects, want 3 (one per mailbox)", total)
	}
	for k, v := range redirects {
		if v != 1 {
			t.Errorf("%s redirected %d times", k, v)
		}
	}
}

// TestCacheReplacedByNewerRedirect: a mailbox moves again (Beta to Gamma).
// The stale route is followed once, Beta redirects, the newer redirect
// replaces the entry, and the next logon goes straight to Gamma.
func TestCacheReplacedByNewerRedirect(t *testing.T) {
	c := NewRedirectCache(4)
	c.Redirected(bartDN, betaDN)
	c.Redirected(strings.ToUpper(bartDN), gammaDN)
	if s, ok := c.Lookup(bartDN); !ok || s != gammaDN || c.Len() != 1 {
		t.Fatalf("after a newer redirect: %q, %v, len %d", s, ok, c.Len())
	}

	clock := newFakeClock(true)
	net := newSimNet(clock, alphaDN, betaDN, gammaDN)
	net.dir.set(bartDN, betaDN)
	cache := NewRedirectCache(4)
	budget := NewRateBudget(BudgetConfig{Clock: clock})
	cl := &simClient{id: "app", net: net, profile: alphaDN, cache: cache, budget: budget}
	ctx := context.Background()
	if r, err := cl.logon(ctx, bartDN); err != nil || r.hops != 1 || !EqualDN(r.server, betaDN) {
		t.Fatalf("first logon: %+v, %v", r, err)
	}
	net.dir.set(bartDN, gammaDN) // the mailbox moves
	if r, err := cl.logon(ctx, bartDN); err != nil || r.hops != 1 || !EqualDN(r.server, gammaDN) {
		t.Fatalf("logon after the move: %+v, %v", r, err)
	}
	if s, _ := cache.Lookup(bartDN); s != gammaDN {
		t.Fatalf("cache holds %q after the newer redirect, want Gamma", s)
	}
	if r, err := cl.logon(ctx, bartDN); err != nil || r.hops != 0 || !EqualDN(r.server, gammaDN) {
		t.Fatalf("third logon: %+v, %v; want straight to Gamma", r, err)
	}
	// The unreserved redirect by Beta was charged to Beta's budget.
	if got := budget.Remaining(betaDN); got != DefaultRedirectLimit-1 {
		t.Errorf("Beta budget remaining %d, want %d", got, DefaultRedirectLimit-1)
	}
}

// TestCacheDroppedOnUnknownUser: the directory no longer knows the mailbox;
// the cached server answers ecUnknownUser and the entry is dropped
// ([MS-OXCSTOR] 3.1.5.1: rediscover). ecLoginFailure, the other rediscover
// code, drops it too; codes that say nothing about where the mailbox lives
// (ecMailboxInTransit, ecServerPaused, success) keep it.
func TestCacheDroppedOnUnknownUser(t *testing.T) {
	clock := newFakeClock(true)
	net := newSimNet(clock, alphaDN, betaDN)
	net.dir.set(bartDN, betaDN)
	cache := NewRedirectCache(4)
	cl := &simClient{id: "app", net: net, profile: alphaDN, cache: cache}
	if _, err := cl.logon(context.Background(), bartDN); err != nil {
		t.Fatal(err)
	}
	if _, ok := cache.Lookup(bartDN); !ok {
		t.Fatal("redirect not cached")
	}
	net.dir.remove(bartDN)
	r, err := cl.logon(context.Background(), bartDN)
	if err != errors.EcUnknownUser || r.action != errors.LogonRediscover || !EqualDN(r.server, betaDN) {
		t.Fatalf("logon of a removed mailbox: %+v, %v", r, err)
	}
	if s, ok := cache.Lookup(bartDN); ok {
		t.Fatalf("entry %q kept after ecUnknownUser", s)
	}

	for _, tc := range []struct {
		ec   errors.EC
		kept bool
	}{
		{errors.EcLoginFailure, false},
		{errors.EcUnknownUser, false},
		{errors.EcMailboxInTransit, true},
		{errors.EcServerPaused, true},
	} {
		cache.Redirected(bartDN, betaDN)
		action := cache.Observe(bartDN, decodeLogon(t, &codec.RopLogonFailureResponse{ReturnValue: tc.ec}))
		if _, ok := cache.Lookup(bartDN); ok != tc.kept {
			t.Errorf("after %v (%v): kept = %v, want %v", tc.ec, action, ok, tc.kept)
		}
	}
	cache.Redirected(bartDN, betaDN)
	cache.Observe(bartDN, decodeLogon(t, &codec.RopLogonPrivateResponse{LogonFlags: codec.LogonPrivate,
		LogonTime: codec.LogonTime{Day: 1, Month: 1, Year: 2024}}))
	if _, ok := cache.Lookup(bartDN); !ok {
		t.Error("success dropped the entry")
	}
	if a := cache.Observe(bartDN, nil); a != errors.LogonFail {
		t.Errorf("Observe(nil) = %v", a)
	}
	cache.Forget("/o=never/cn=cached") // no entry: no effect
	cache.Redirected("", betaDN)
	cache.Redirected(bartDN, "")
	if cache.Len() != 1 {
		t.Errorf("len %d after ignored calls, want 1", cache.Len())
	}
}

// TestCacheBounded: the cache holds at most max mailboxes and evicts the
// least recently used; a Lookup hit counts as use.
func TestCacheBounded(t *testing.T) {
	c := NewRedirectCache(3)
	mb := func(i int) string { return mailboxDN(fmt.Sprint("user", i)) }
	for i := 0; i < 3; i++ {
		c.Redirected(mb(i), betaDN)
	}
	c.Lookup(mb(0)) // user0 is now the most recently used; user1 the least
	c.Redirected(mb(3), betaDN)
	if c.Len() != 3 {
		t.Fatalf("len %d, want 3", c.Len())
	}
	if _, ok := c.Lookup(mb(1)); ok {
		t.Error("least recently used entry not evicted")
	}
	for _, i := range []int{0, 2, 3} {
		if _, ok := c.Lookup(mb(i)); !ok {
			t.Errorf("user%d evicted", i)
		}
	}
	for i := 4; i < 100; i++ {
		c.Redirected(mb(i), betaDN)
	}
	if c.Len() != 3 || c.Max() != 3 {
		t.Errorf("len %d max %d after 100 inserts", c.Len(), c.Max())
	}
	if NewRedirectCache(0).Max() != DefaultRedirectCacheSize {
		t.Error("NewRedirectCache(0) does not use the default size")
	}
}

// TestCacheCaseInsensitive: mailbox DNs compare as DNs, without regard to case.
func TestCacheCaseInsensitive(t *testing.T) {
	c := NewRedirectCache(4)
	c.Redirected(bartDN, betaDN)
	for _, k := range []string{strings.ToUpper(bartDN), strings.ToLower(bartDN)} {
		if s, ok := c.Lookup(k); !ok || s != betaDN {
			t.Errorf("Lookup(%q) = %q, %v", k, s, ok)
		}
	}
	c.Forget(strings.ToUpper(bartDN))
	if c.Len() != 0 {
		t.Error("Forget in another case kept the entry")
	}
	long := "/o=Org/cn=" + strings.Repeat("X", 2*keyBufSize) // longer than the stack buffer
	c.Redirected(long, betaDN)
	if s, ok := c.Lookup(strings.ToLower(long)); !ok || s != betaDN {
		t.Error("long DN not found")
	}
}

// TestCacheLookupDoesNotAllocate: the cached logon decision is allocation-free.
func TestCacheLookupDoesNotAllocate(t *testing.T) {
	c := NewRedirectCache(16)
	c.Redirected(bartDN, betaDN)
	upper := strings.ToUpper(bartDN)
	if n := testing.AllocsPerRun(1000, func() { c.Lookup(upper) }); n != 0 {
		t.Errorf("Lookup hit allocates %v times", n)
	}
	miss := mailboxDN("Lisa")
	if n := testing.AllocsPerRun(1000, func() { c.Lookup(miss) }); n != 0 {
		t.Errorf("Lookup miss allocates %v times", n)
	}
}

// TestCacheSweepSparesUsed: when the cache is full, entries looked up since
// the sweep last passed are spared once; those not looked up go first.
func TestCacheSweepSparesUsed(t *testing.T) {
	c := NewRedirectCache(4)
	mb := func(i int) string { return mailboxDN(fmt.Sprint("user", i)) }
	for i := range 4 {
		c.Redirected(mb(i), betaDN)
	}
	c.Lookup(strings.ToUpper(mb(0))) // any spelling marks the entry used
	c.Lookup(mb(2))
	c.Redirected(mb(4), gammaDN)
	c.Redirected(mb(5), gammaDN)
	for i, want := range []bool{true, false, true, false, true, true} {
		_, ok := c.Lookup(mb(i))
		assert.Equal(t, want, ok, "user%d cached", i)
	}
	assert.Equal(t, 4, c.Len())
}

// TestCacheConsistentUnderChurn: random redirects (in random letter case),
// lookups and forgets keep the cache's maps and sweep ring in step, never
// above its size, and every entry holds the server of the newest redirect
// for its mailbox.
func TestCacheConsistentUnderChurn(t *testing.T) {
	const size, mailboxes = 8, 32
	rng := rand.New(rand.NewPCG(1, 2))
	c := NewRedirectCache(size)
	newest := map[string]string{} // folded mailbox -> server of its newest redirect
	spell := func(i int) string {
		dn := mailboxDN(fmt.Sprint("User", i))
		if rng.IntN(2) == 0 {
			dn = strings.ToUpper(dn)
		}
		return dn
	}
	for step := range 5000 {
		mb := spell(rng.IntN(mailboxes))
		switch rng.IntN(4) {
		case 0, 1:
			srv := fmt.Sprint(betaDN, step)
			c.Redirected(mb, srv)
			newest[foldKey(mb)] = srv
		case 2:
			if s, ok := c.Lookup(mb); ok {
				require.Equal(t, newest[foldKey(mb)], s, "step %d", step)
			}
		case 3:
			c.Forget(mb)
		}
		require.LessOrEqual(t, c.Len(), size)
		require.Len(t, c.ring, len(c.m))
		require.Len(t, c.spelled, len(c.m))
		for i, e := range c.ring {
			require.Equal(t, i, e.pos)
			require.Same(t, e, c.m[e.key])
			require.Same(t, e, c.spelled[e.mailbox])
			require.Equal(t, foldKey(e.mailbox), e.key)
		}
	}
}
