package logon

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// Benchmarks of what every logon pays: the cache's answer, a place in the
// budget, and the whole logon to the right server. Each runs under
// b.RunParallel at one goroutine per P and at 64 goroutines in all (run with
// -cpu 1,2), beside a read-locked map, the floor of a shared lookup, or
// beside the same logon without a budget.

// benchSink keeps benchmark results where the compiler cannot drop them.
var benchSink atomic.Int64

// runParallel runs body under b.RunParallel, as two sub-benchmarks: with one
// goroutine per P ("goroutines=GOMAXPROCS", a single goroutine at -cpu 1)
// and with 64 goroutines in all. Each goroutine gets its own id, from 0.
func runParallel(b *testing.B, body func(id int, pb *testing.PB)) {
	for _, total := range []int{0, 64} {
		name := "goroutines=GOMAXPROCS"
		if total > 0 {
			name = fmt.Sprint("goroutines=", total)
		}
		b.Run(name, func(b *testing.B) {
			// GOMAXPROCS is the -cpu value only once the sub-benchmark runs.
			b.SetParallelism(max(1, total/runtime.GOMAXPROCS(0)))
			var ids atomic.Int64
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) { body(int(ids.Add(1)-1), pb) })
		})
	}
}

// benchMailboxes returns n mailbox DNs, in the mixed case that real
// legacyExchangeDN values have.
func benchMailboxes(n int) []string {
	mbs := make([]string, n)
	for i := range mbs {
		mbs[i] = mailboxDN(fmt.Sprintf("User%04d", i))
	}
	return mbs
}

// benchServers returns n server DNs.
func benchServers(n int) []string {
	dns := make([]string, n)
	for i := range dns {
		dns[i] = fmt.Sprintf("%s/cn=Configuration/cn=Servers/cn=EXMBX%02d", orgDN, i)
	}
	return dns
}

// readLockedMap is the baseline: a map read under a sync.RWMutex.
type readLockedMap struct {
	mu sync.RWMutex
	m  map[string]string
}

func newReadLockedMap(keys []string) *readLockedMap {
	m := &readLockedMap{m: make(map[string]string, len(keys))}
	for _, k := range keys {
		m.m[k] = betaDN
	}
	return m
}

func (m *readLockedMap) get(k string) (string, bool) {
	m.mu.RLock()
	v, ok := m.m[k]
	m.mu.RUnlock()
	return v, ok
}

// benchLookups looks keys up with get, each goroutine from its own place in
// keys; every key must be found.
func benchLookups(b *testing.B, keys []string, get func(string) (string, bool)) {
	runParallel(b, func(id int, pb *testing.PB) {
		n := 0
		for i := id * 61; pb.Next(); i++ {
			v, ok := get(keys[i%len(keys)])
			if !ok {
				panic("miss")
			}
			n += len(v)
		}
		benchSink.Add(int64(n))
	})
}

// BenchmarkRedirectCacheHit is the decision before every logon: where does
// this mailbox live? Hits over 1,024 cached mailboxes, each goroutine from
// its own place, beside the same lookups in a read-locked map.
func BenchmarkRedirectCacheHit(b *testing.B) {
	keys := benchMailboxes(1024)
	b.Run("map", func(b *testing.B) { benchLookups(b, keys, newReadLockedMap(keys).get) })
	b.Run("RedirectCache", func(b *testing.B) {
		c := NewRedirectCache(0)
		for _, k := range keys {
			c.Redirected(k, betaDN)
		}
		benchLookups(b, keys, c.Lookup)
	})
}

// atomicClock advances by step at every Now, so that a budget never runs
// out, and is safe and cheap for many goroutines.
type atomicClock struct {
	ticks atomic.Int64
	step  time.Duration
}

func (c *atomicClock) Now() time.Time {
	return epoch.Add(time.Duration(c.ticks.Add(1)) * c.step)
}

func (c *atomicClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now()
	return ch
}

// BenchmarkRateBudget is a place within budget, for one of 16 servers, each
// goroutine from its own place: Reserve (a place kept, counted from now) and
// Acquire with Release (a logon at the right server), beside a read-locked
// map of the servers.
func BenchmarkRateBudget(b *testing.B) {
	servers := benchServers(16)
	ctx := context.Background()
	b.Run("map", func(b *testing.B) { benchLookups(b, servers, newReadLockedMap(servers).get) })
	b.Run("Reserve", func(b *testing.B) {
		budget := NewRateBudget(BudgetConfig{Clock: &atomicClock{step: 3 * time.Second}})
		runParallel(b, func(id int, pb *testing.PB) {
			for i := id; pb.Next(); i++ {
				if err := budget.Reserve(ctx, servers[i%len(servers)]); err != nil {
					panic(err)
				}
			}
		})
	})
	b.Run("AcquireRelease", func(b *testing.B) {
		budget := NewRateBudget(BudgetConfig{Clock: &atomicClock{step: time.Millisecond}})
		runParallel(b, func(id int, pb *testing.PB) {
			for i := id; pb.Next(); i++ {
				r, err := budget.Acquire(ctx, servers[i%len(servers)])
				if err != nil {
					panic(err)
				}
				r.Release()
			}
		})
	})
}

// BenchmarkLogonRightServer is a whole logon by Client, through the
// simulated server's bytes, to mailboxes whose route the cache knows and
// which are right: without a Budget (what such a logon cost before, when a
// logon to a cached server took no place) and with one (a place taken and
// released). The server answers at once: this is the CPU cost.
func BenchmarkLogonRightServer(b *testing.B) {
	benchLogonRightServer(b, newFakeClock(false), 0)
}

// BenchmarkLogonRightServerLatency is BenchmarkLogonRightServer with each
// ROP buffer taking 1 ms of real time to the server and 1 ms back: the
// throughput of many goroutines logging on to one server. Every request in
// flight holds a place, since any of them could be redirected, so with a
// Budget at most Limit are in flight to one server at once.
func BenchmarkLogonRightServerLatency(b *testing.B) {
	benchLogonRightServer(b, SystemClock, time.Millisecond)
}

func benchLogonRightServer(b *testing.B, clock Clock, latency time.Duration) {
	mbs := benchMailboxes(256)
	for _, budget := range []bool{false, true} {
		name := "no budget"
		if budget {
			name = "budget"
		}
		b.Run(name, func(b *testing.B) {
			net := newSimNet(clock, alphaDN, betaDN)
			if latency > 0 {
				net.latency = func() (up, down time.Duration) { return latency, latency }
			}
			cache := NewRedirectCache(0)
			for _, mb := range mbs {
				net.dir.set(mb, betaDN)
				cache.Redirected(mb, betaDN)
			}
			c := &Client{Dialer: net.dialer("app"), Cache: cache, Clock: clock}
			if budget {
				c.Budget = NewRateBudget(BudgetConfig{Clock: clock})
			}
			ctx := context.Background()
			runParallel(b, func(id int, pb *testing.PB) {
				n := 0
				for i := id * 61; pb.Next(); i++ {
					res, err := c.Logon(ctx, mbs[i%len(mbs)], alphaDN)
					if err != nil {
						panic(err)
					}
					n += int(res.Handle)
					res.Session.Close()
				}
				benchSink.Add(int64(n))
			})
		})
	}
}

// fixedSession answers every ROP input buffer with the same output buffer
// and allocates nothing, so that a benchmark of Client counts only what the
// Client itself does.
type fixedSession struct{ out []byte }

func (s *fixedSession) Execute(context.Context, []byte) ([]byte, error) { return s.out, nil }
func (s *fixedSession) Close() error                                    { return nil }

// cannedOutput is a ROP output buffer holding resp, with the logon's handle.
func cannedOutput(tb testing.TB, resp codec.RopLogonResponse) []byte {
	tb.Helper()
	rops, err := resp.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	out, err := (&codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: []uint32{0x1234}}).MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkClientLogon is a logon by Client through a session that answers
// at once with fixed bytes: what the Client costs and allocates, beside a
// copy of the output buffer. Its allocations are the ROP input buffer it
// sends and what it returns (the Result, its Chain and its Response).
func BenchmarkClientLogon(b *testing.B) {
	sess := &fixedSession{out: cannedOutput(b, &codec.RopLogonPrivateResponse{LogonFlags: codec.LogonPrivate})}
	c, err := NewClient(Config{Dialer: DialerFunc(func(context.Context, string) (Session, error) { return sess, nil })})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	mailbox := benchMailboxes(1)[0]
	benchcopy.VsCopy(b, len(sess.out), func(calls int) {
		var res *Result
		for range calls {
			if res, err = c.Logon(ctx, mailbox, betaDN); err != nil {
				b.Fatal(err)
			}
		}
		benchSink.Add(int64(res.Handle))
	})
}
