package ldapreconnect_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// stuckTransport is a connection whose peer never reads nor answers: Send
// and Receive block until Close, as a net.Conn does once the peer's window
// is full.
type stuckTransport struct {
	closed chan struct{}
	sends  chan []byte // every Send that started, in order
}

func newStuck() *stuckTransport {
	return &stuckTransport{closed: make(chan struct{}), sends: make(chan []byte, 16)}
}

func (s *stuckTransport) Send(msg []byte) error {
	s.sends <- msg
	<-s.closed
	return net.ErrClosed
}

func (s *stuckTransport) Receive() ([]byte, error) {
	<-s.closed
	return nil, net.ErrClosed
}

func (s *stuckTransport) Close() error {
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	return nil
}

func stuckConn(t *testing.T) (*ldapreconnect.Conn, *stuckTransport) {
	t.Helper()
	tr := newStuck()
	c := ldapreconnect.New(ldapreconnect.DialerFunc(func(context.Context) (ldapreconnect.Transport, error) {
		return tr, nil
	}))
	require.NoError(t, c.Connect(context.Background()))
	t.Cleanup(func() { c.Close() })
	return c, tr
}

// returnsWithin runs f and fails the test if it has not returned after d.
func returnsWithin(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

// A request whose write blocks (the server reads nothing) still ends when
// its context does: Do waits for the send only as long as ctx allows.
func TestDoContextEndsWhileSendBlocks(t *testing.T) {
	c, tr := stuckConn(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var err error
	returnsWithin(t, 5*time.Second, "Do with a blocked send", func() {
		_, err = c.Do(ctx, search("cn=stuck"))
	})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	require.Len(t, tr.sends, 1, "the request was handed to the transport")
	assert.Zero(t, c.Pending(), "the request left the pendingRequestList")
}

// Close returns promptly while another goroutine's Send is blocked: the
// UnbindRequest it sends is best effort and never waits for that Send.
func TestCloseWhileSendBlocks(t *testing.T) {
	c, tr := stuckConn(t)
	ch := start(c, search("cn=stuck"))
	select {
	case <-tr.sends:
	case <-time.After(5 * time.Second):
		t.Fatal("the request never reached Send")
	}
	returnsWithin(t, 3*time.Second, "Close", func() { c.Close() })
	o := wait(t, ch)
	assert.ErrorIs(t, o.err, ldapreconnect.ErrClosed)
}

// NetTransport reads a message in bounded steps: a header that announces
// MaxMessageSize and is followed by nothing costs a few KiB, not the 64 MiB
// it announces.
func TestNetTransportReadsInBoundedSteps(t *testing.T) {
	const conns = 16
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range conns {
		a, b := net.Pipe()
		tr := ldapreconnect.NewNetTransport(a)
		go func() {
			// SEQUENCE, four length bytes: 0x04000000 = MaxMessageSize.
			b.Write([]byte{0x30, 0x84, 0x04, 0x00, 0x00, 0x00})
			b.Write(bytes.Repeat([]byte{0x04}, 1000))
			b.Close()
		}()
		_, err := tr.Receive()
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		tr.Close()
	}
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d truncated 64 MiB messages: %d bytes allocated", conns, allocated)
	assert.Less(t, allocated, uint64(conns)<<20, "more than 1 MiB a connection")
}

// A message larger than one read step arrives whole, whatever the sizes of
// the writes that carry it.
func TestNetTransportLargeMessageInPieces(t *testing.T) {
	a, b := net.Pipe()
	tr := ldapreconnect.NewNetTransport(a)
	defer tr.Close()
	big := entry(7, "cn="+strings.Repeat("z", 3<<20)) // 84-form length, several steps
	small := entry(8, "cn=after")
	go func() {
		for rest := big; len(rest) > 0; {
			n := min(len(rest), 999)
			b.Write(rest[:n])
			rest = rest[n:]
		}
		b.Write(small)
		b.Close()
	}()
	got, err := tr.Receive()
	require.NoError(t, err)
	assert.True(t, bytes.Equal(big, got), "large message differs")
	got, err = tr.Receive()
	require.NoError(t, err)
	assert.Equal(t, small, got)
}

// A message announced larger than MaxMessageSize is refused before any of
// it is read, with a typed error.
func TestNetTransportRefusesOversizedMessage(t *testing.T) {
	a, b := net.Pipe()
	tr := ldapreconnect.NewNetTransport(a)
	defer tr.Close()
	go func() { b.Write([]byte{0x30, 0x84, 0x04, 0x00, 0x00, 0x01}); b.Close() }()
	_, err := tr.Receive()
	assert.ErrorIs(t, err, ldapreconnect.ErrMalformed)
}

// holdRebind answers the first bind and holds the requests on the first
// connection and the rebind on the second.
func holdRebind(r simReq, _ int) verdict {
	switch {
	case r.conn == 0 && r.op == 0:
		return reply // the first bind
	case r.conn <= 1:
		return hold // the search on the first connection, the rebind on the second
	}
	return reply
}

// An autoreconnect whose rebind is never answered ends when
// LDAP_OPT_TIMELIMIT runs out ([MS-ADTS] 7.6.2.5 times a bind; 7.6.2.7 step
// 4 then returns FALSE): the pending search completes with LDAP_SERVER_DOWN
// and Connect gives a working connection again, instead of every request
// waiting for the rebind until Close.
func TestAutoreconnectRebindTimeLimit(t *testing.T) {
	s := sim(t)
	s.setRule(holdRebind)
	c := connect(t, s, true)
	c.SetTimeLimit(200 * time.Millisecond)
	_, err := c.Bind(context.Background(), ldapreconnect.Request{Op: bindOp("cn=admin", "secret")})
	require.NoError(t, err)
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	s.dropAll()
	o := wait(t, ch)
	checkServerDown(t, o, idOf(t, s, base("cn=x")), 0x63)
	assert.Equal(t, 1, s.count(onConn(1, func(r simReq) bool { return r.op == 0 })), "the rebind was sent")
	assert.False(t, c.Connected())
	assert.False(t, c.Bound())
	require.NoError(t, c.Connect(context.Background()))
	o = wait(t, start(c, search("cn=y")))
	require.NoError(t, o.err)
	assert.False(t, o.resp.Synthesized)
}

// The autoreconnect's time limit runs on Config.Clock: with a limit of an
// hour on a clock that moves only when told to, the rebind that is never
// answered holds the search until the clock fires, and then the search
// completes with LDAP_SERVER_DOWN at once.
func TestAutoreconnectTimeLimitOnClock(t *testing.T) {
	s := sim(t)
	s.setRule(holdRebind)
	clk := &manualClock{}
	c, err := ldapreconnect.NewConn(ldapreconnect.Config{Dialer: s.dialer(), TimeLimit: time.Hour, Clock: clk})
	require.NoError(t, err)
	require.NoError(t, c.Connect(context.Background()))
	t.Cleanup(func() { c.Close() })
	_, err = c.Bind(context.Background(), ldapreconnect.Request{Op: bindOp("cn=admin", "secret")})
	require.NoError(t, err)
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	s.dropAll()
	waitReq(t, s, onConn(1, func(r simReq) bool { return r.op == 0 }), 1) // the rebind
	select {
	case o := <-ch:
		t.Fatalf("the search ended before the clock reached the time limit: %+v", o)
	case <-time.After(50 * time.Millisecond):
	}
	require.Equal(t, 1, clk.fire(time.Hour), "one timer of the time limit")
	o := wait(t, ch)
	checkServerDown(t, o, idOf(t, s, base("cn=x")), 0x63)
	assert.False(t, c.Connected())
}

// manualClock is a Clock whose timers fire only when the test says.
type manualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []manualTimer
}

type manualTimer struct {
	d  time.Duration
	ch chan time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, manualTimer{d, ch})
	return ch
}

// fire fires every waiting timer of duration d and returns how many.
func (c *manualClock) fire(d time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	n := 0
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if tm.d == d {
			tm.ch <- c.now
			n++
		} else {
			kept = append(kept, tm)
		}
	}
	c.timers = kept
	return n
}
