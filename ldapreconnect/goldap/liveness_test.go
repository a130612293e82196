package goldap_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/ldapreconnect/goldap"
)

// The adapter's time limits, Close and reconnects against loopback servers
// that misbehave (peer_test.go). Limits are short so that the tests run in
// seconds; the bounds the tests allow are generous, since the machine may be
// loaded: they catch a hang, not a slow return.

func always(b behaviour) func(int) behaviour { return func(int) behaviour { return b } }

// first behaves as b on the first connection and answers on the others.
func first(b behaviour) func(int) behaviour {
	return func(i int) behaviour {
		if i == 0 {
			return b
		}
		return answer
	}
}

// A server that accepts and never answers: Bind, without a context, ends
// with LDAP_TIMEOUT once the Conn's time limit has run out. The first
// connection is bound by the limit like any other; the connection stays.
func TestSilentServerBindTimesOut(t *testing.T) {
	p := newPeer(t, always(silent))
	c := p.open(300*time.Millisecond, true)
	var err error
	took := within(t, 10*time.Second, "Bind", func() { err = c.Bind(rootDN, rootPW) })
	assert.True(t, goldap.IsTimeout(err), "Bind: %v, want LDAP_TIMEOUT", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.GreaterOrEqual(t, took, 300*time.Millisecond, "returned before the limit")
	assert.False(t, c.Bound())
	assert.Equal(t, 1, p.numConns(), "a time-out does not end the connection")
	assert.Zero(t, c.Reconnects())
	within(t, 3*time.Second, "Close", func() { c.Close() })
}

// go-ldap's own request timer, shortened here by Setup so that it runs out
// first, gives the same LDAP_TIMEOUT as the Conn's limit, not go-ldap's
// ErrorNetwork.
func TestGoLDAPTimerExpiry(t *testing.T) {
	p := newPeer(t, always(silent))
	c, err := goldap.Open(context.Background(), goldap.Config{Dial: p.dialer(), Timeout: time.Minute,
		Setup: func(lc *ldap.Conn) { lc.SetTimeout(200 * time.Millisecond) }})
	require.NoError(t, err)
	defer c.Close()
	within(t, 10*time.Second, "Bind", func() { err = c.Bind(rootDN, rootPW) })
	assert.True(t, goldap.IsTimeout(err), "Bind: %v, want LDAP_TIMEOUT", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, p.numConns(), "a time-out does not end the connection")
}

// The Context forms end at the context's deadline, shorter than the limit,
// or when it is canceled; Close ends an operation in flight with ErrClosed.
func TestSilentServerContexts(t *testing.T) {
	p := newPeer(t, always(silent))
	c := p.open(time.Minute, true)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var err error
	within(t, 10*time.Second, "BindContext", func() { err = c.BindContext(ctx, rootDN, rootPW) })
	assert.True(t, goldap.IsTimeout(err), "BindContext: %v, want LDAP_TIMEOUT", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	within(t, 10*time.Second, "SearchContext", func() { _, err = c.SearchContext(ctx, people()) })
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, goldap.IsTimeout(err))

	ch := make(chan error, 1)
	go func() { ch <- c.Add(ldap.NewAddRequest("cn=x,"+baseDN, nil)) }()
	time.Sleep(100 * time.Millisecond)
	closeEnds(t, c, ch, "Add")
}

// A response that stops in the middle: LDAP_TIMEOUT at the limit, and Close
// returns at once although go-ldap's reader is blocked inside the message.
func TestStallMidMessage(t *testing.T) {
	p := newPeer(t, always(stall))
	c := p.open(300*time.Millisecond, true)
	var err error
	within(t, 10*time.Second, "Bind", func() { err = c.Bind(rootDN, rootPW) })
	assert.True(t, goldap.IsTimeout(err), "Bind: %v, want LDAP_TIMEOUT", err)
	within(t, 3*time.Second, "Close", func() { c.Close() })
}

var garbageKinds = []struct {
	name string
	b    behaviour
}{
	{"length over go-ldap's maximum", badLen},
	{"messageID not an INTEGER", badID},
	{"no protocolOp", noOp},
}

// Garbage in answer to a search: go-ldap closes the connection without a
// socket error (or panics), and the Conn treats the connection as lost:
// it reconnects, binds again and resends the search, which succeeds on the
// next connection.
func TestGarbageReconnects(t *testing.T) {
	for _, g := range garbageKinds {
		t.Run(g.name, func(t *testing.T) {
			p := newPeer(t, first(g.b))
			c := p.open(5*time.Second, true)
			require.NoError(t, c.Bind(rootDN, rootPW))
			res, err := c.Search(people())
			require.NoError(t, err)
			assert.NotNil(t, res)
			assert.Equal(t, 1, c.Reconnects())
			assert.True(t, c.Bound())
			assert.Equal(t, 2, p.numConns())
			assert.Equal(t, 1, p.bindsOn(1), "bound again on the new connection")
		})
	}
}

// The same with auto-reconnect off: LDAP_SERVER_DOWN whose cause wraps
// ErrMalformed, the Conn stays down, and Connect dials a new, unbound
// connection.
func TestGarbageNoAutoreconnect(t *testing.T) {
	for _, g := range garbageKinds {
		t.Run(g.name, func(t *testing.T) {
			p := newPeer(t, first(g.b))
			c := p.open(5*time.Second, false)
			require.NoError(t, c.Bind(rootDN, rootPW))
			_, err := c.Search(people())
			assert.True(t, goldap.IsServerDown(err), "Search: %v, want LDAP_SERVER_DOWN", err)
			assert.ErrorIs(t, err, goldap.ErrMalformed)
			_, err = c.Search(people())
			assert.True(t, goldap.IsServerDown(err), "Search after: %v", err)
			require.NoError(t, c.Connect())
			_, err = c.Search(people())
			assert.NoError(t, err)
			assert.Equal(t, 2, p.numConns(), "answered on a second connection")
			assert.False(t, c.Bound())
			assert.Zero(t, c.Reconnects())
		})
	}
}

// An autoreconnect whose rebind gets no answer: Bound and Close return at
// once, and the operation waiting for the reconnect returns ErrClosed.
func TestCloseDuringReconnect(t *testing.T) {
	p := newPeer(t, func(i int) behaviour {
		if i == 0 {
			return answer
		}
		return silent
	})
	c := p.open(time.Minute, true)
	require.NoError(t, c.Bind(rootDN, rootPW))
	p.drop(0)
	ch := searching(c)
	require.Eventually(t, func() bool { return p.bindsOn(1) == 1 }, 10*time.Second, 5*time.Millisecond,
		"the autoreconnect never sent its bind")
	within(t, time.Second, "Bound", func() { assert.False(t, c.Bound()) })
	closeEnds(t, c, ch, "Search")
}

// A dial function that ignores its context: Open ends at the limit or at
// the context's deadline, and Close ends an autoreconnect stuck in such a
// dial.
func TestDialIgnoringContext(t *testing.T) {
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	stuck := func(context.Context) (net.Conn, error) { <-block; return nil, errors.New("unblocked") }
	var err error
	within(t, 10*time.Second, "Open", func() {
		_, err = goldap.Open(context.Background(), goldap.Config{Dial: stuck, Timeout: 200 * time.Millisecond})
	})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	within(t, 10*time.Second, "Open with a context", func() {
		_, err = goldap.Open(ctx, goldap.Config{Dial: stuck, Timeout: time.Minute})
	})
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	p := newPeer(t, always(answer))
	var dials atomic.Int32
	c, err := goldap.Open(context.Background(), goldap.Config{Timeout: time.Minute,
		Dial: func(ctx context.Context) (net.Conn, error) {
			if dials.Add(1) > 1 {
				return stuck(ctx)
			}
			return p.dialer()(ctx)
		}})
	require.NoError(t, err)
	require.NoError(t, c.Bind(rootDN, rootPW))
	p.drop(0)
	ch := searching(c)
	require.Eventually(t, func() bool { return dials.Load() == 2 }, 10*time.Second, 5*time.Millisecond)
	closeEnds(t, c, ch, "Search")
}

// A server that reads nothing: a large Add cannot be written; it ends at the
// limit, and since its write was cut short the connection counts as lost:
// the next operation reconnects. (The write's own deadline runs from when
// go-ldap starts writing, after encoding 8 MiB, so the next operation needs
// some of its limit to see the write fail; 5 s leaves room on a slow run:
// built with -race, on two cores busy with .ci/run's other builds, encoding
// took over 2 s.)
func TestDeafServerWriteDeadline(t *testing.T) {
	p := newPeer(t, first(deaf))
	c := p.open(5*time.Second, true)
	// More than the socket buffers hold: the peer's receive window stays at
	// its initial size (it reads nothing), our send buffer is at most 4 MiB.
	add := ldap.NewAddRequest("cn=big,"+baseDN, nil)
	add.Attribute("description", []string{strings.Repeat("x", 8<<20)})
	var err error
	within(t, 10*time.Second, "Add", func() { err = c.Add(add) })
	assert.True(t, goldap.IsTimeout(err), "Add: %v, want LDAP_TIMEOUT", err)
	within(t, 10*time.Second, "Search", func() { _, err = c.Search(people()) })
	assert.NoError(t, err)
	assert.Equal(t, 2, p.numConns())
}

// Config.Setup runs on the first connection and on every reconnect.
func TestSetupReachesEveryConnection(t *testing.T) {
	p := newPeer(t, always(answer))
	var calls atomic.Int32
	c, err := goldap.Open(context.Background(), goldap.Config{Dial: p.dialer(), Setup: func(*ldap.Conn) { calls.Add(1) }})
	require.NoError(t, err)
	defer c.Close()
	assert.EqualValues(t, 1, calls.Load(), "Setup on the first connection")
	require.NoError(t, c.Bind(rootDN, rootPW))
	p.drop(0)
	require.NoError(t, c.Del(ldap.NewDelRequest("cn=x,"+baseDN, nil)))
	assert.Equal(t, 1, c.Reconnects())
	assert.EqualValues(t, 2, calls.Load(), "Setup on the reconnect")
}

// Nil requests are refused before go-ldap sees them (it would dereference
// them).
func TestNilRequests(t *testing.T) {
	p := newPeer(t, always(answer))
	c := p.open(5*time.Second, true)
	for name, call := range map[string]func() error{
		"SimpleBind": func() error { _, err := c.SimpleBind(nil); return err },
		"Search":     func() error { _, err := c.Search(nil); return err },
		"Add":        func() error { return c.Add(nil) },
		"Modify":     func() error { return c.Modify(nil) },
		"ModifyDN":   func() error { return c.ModifyDN(nil) },
		"Del":        func() error { return c.Del(nil) },
	} {
		assert.ErrorIs(t, call(), goldap.ErrNilRequest, name)
	}
	require.NoError(t, c.Del(ldap.NewDelRequest("cn=x,"+baseDN, nil)))
	assert.Equal(t, 1, p.numConns(), "the connection outlived the nil requests")
	assert.Zero(t, c.Reconnects())
}

// NewConn refuses a Config without Dial or with a negative Timeout, and
// dials nothing: operations return LDAP_SERVER_DOWN until Connect, after
// which they run on the connection it made.
func TestNewConnDoesNoIO(t *testing.T) {
	_, err := goldap.NewConn(goldap.Config{})
	assert.ErrorContains(t, err, "Config.Dial is nil")
	p := newPeer(t, always(answer))
	_, err = goldap.NewConn(goldap.Config{Dial: p.dialer(), Timeout: -time.Second})
	assert.ErrorContains(t, err, "Timeout -1s is negative")

	c, err := goldap.NewConn(goldap.Config{Dial: p.dialer(), Timeout: 5 * time.Second})
	require.NoError(t, err)
	defer c.Close()
	assert.Zero(t, p.numConns(), "NewConn dialed")
	assert.True(t, goldap.IsServerDown(c.Del(ldap.NewDelRequest("cn=x,"+baseDN, nil))), "an operation before Connect")
	require.NoError(t, c.Connect())
	require.NoError(t, c.Del(ldap.NewDelRequest("cn=x,"+baseDN, nil)))
	assert.Equal(t, 1, p.numConns())
}
