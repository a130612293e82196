package goldap_test

import (
	"context"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/ldapreconnect"
	"github.com/ropcodec/ropcodec/ldapreconnect/goldap"
)

// End-to-end tests of the adapter's time limits, Close and recovery
// against slapd (slapd_test.go starts it).

// cont resumes a slapd stopped by stop.
func (s *slapd) cont() {
	s.t.Helper()
	require.NoError(s.t, s.cmd.Process.Signal(syscall.SIGCONT))
}

// slapd stopped (SIGSTOP) accepts connections in the kernel but answers
// nothing: a bind on the first connection ends at the time limit with
// LDAP_TIMEOUT, a search at its context's deadline; the connection stays,
// and once slapd runs again it carries requests.
func TestSlapdStoppedTimesOut(t *testing.T) {
	s := startSlapd(t)
	populate(t, s)
	s.stop()
	c, err := goldap.Open(context.Background(), goldap.Config{Dial: ctxDialer(s), Timeout: 500 * time.Millisecond})
	require.NoError(t, err)
	defer c.Close()
	within(t, 10*time.Second, "Bind", func() { err = c.Bind(rootDN, rootPW) })
	assert.True(t, goldap.IsTimeout(err), "Bind: %v, want LDAP_TIMEOUT", err)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	within(t, 10*time.Second, "SearchContext", func() { _, err = c.SearchContext(ctx, people()) })
	assert.True(t, goldap.IsTimeout(err), "SearchContext: %v, want LDAP_TIMEOUT", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	s.cont()
	require.NoError(t, c.Bind(rootDN, rootPW))
	res, err := c.Search(people())
	require.NoError(t, err)
	assert.Len(t, res.Entries, 3)
	assert.Zero(t, c.Reconnects(), "the same connection throughout")
	within(t, 3*time.Second, "Close", func() { c.Close() })
}

// slapd restarted and stopped at once: the autoreconnect's TCP connection
// is accepted by the kernel and its rebind is never answered. Bound, Conn
// and Close return at once, and the search waiting for the reconnect
// returns ErrClosed.
func TestSlapdCloseDuringReconnect(t *testing.T) {
	s, c := setup(t, true)
	s.restart()
	s.stop()
	ch := searching(c)
	var lc *ldap.Conn
	require.Eventually(t, func() bool {
		within(t, time.Second, "Conn", func() { lc = c.Conn() })
		return lc == nil
	}, 10*time.Second, 5*time.Millisecond, "the search never started a reconnect")
	time.Sleep(100 * time.Millisecond) // the reconnect dials and sends its bind
	within(t, time.Second, "Bound", func() { assert.False(t, c.Bound()) })
	closeEnds(t, c, ch, "Search")
}

// A proxy in front of slapd answers one request with bytes go-ldap cannot
// read (a SEQUENCE announcing 4 GiB): go-ldap closes the connection with no
// socket error. With auto-reconnect on, the Conn reconnects through the
// proxy, binds again at slapd and resends the modify; with it off, the
// modify gets LDAP_SERVER_DOWN and Connect dials a new, anonymous
// connection.
func TestSlapdGarbageRecovers(t *testing.T) {
	s := startSlapd(t)
	populate(t, s)
	t.Run("autoreconnect", func(t *testing.T) {
		px := newProxy(t, s.addr)
		c := openVia(t, px, true)
		px.poison(0)
		mod := ldap.NewModifyRequest("cn=alice,"+baseDN, nil)
		mod.Replace("sn", []string{"Garbage"}) // needs the rebind: anonymous may not write
		require.NoError(t, c.Modify(mod))
		assert.Equal(t, 1, c.Reconnects())
		assert.True(t, c.Bound())
		assert.Equal(t, "dn:"+rootDN, whoAmI(t, c))
		ok, err := c.Compare("cn=alice,"+baseDN, "sn", "Garbage")
		require.NoError(t, err)
		assert.True(t, ok)
	})
	t.Run("no autoreconnect", func(t *testing.T) {
		px := newProxy(t, s.addr)
		c := openVia(t, px, false)
		px.poison(0)
		_, err := c.Search(people())
		assert.True(t, goldap.IsServerDown(err), "Search: %v, want LDAP_SERVER_DOWN", err)
		assert.ErrorIs(t, err, goldap.ErrMalformed)
		require.NoError(t, c.Connect())
		assert.Empty(t, whoAmI(t, c), "Connect gives an anonymous connection")
		res, err := c.Search(people())
		require.NoError(t, err)
		assert.Len(t, res.Entries, 3)
	})
}

func ctxDialer(s *slapd) goldap.DialContextFunc {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", s.addr)
	}
}

func openVia(t *testing.T, px *proxy, auto bool) *goldap.Conn {
	t.Helper()
	c, err := goldap.Open(context.Background(), goldap.Config{Dial: px.dialer(), Timeout: 10 * time.Second, NoAutoReconnect: !auto})
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.Bind(rootDN, rootPW))
	return c
}

// proxy forwards loopback connections to a server, reading the client's
// LDAPMessages with ldapreconnect.NetTransport; a poisoned connection
// answers its next request itself, with garbage, instead of forwarding it.
type proxy struct {
	ln     net.Listener
	target string

	mu       sync.Mutex
	n        int
	poisoned map[int]bool
	conns    []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	px := &proxy{ln: ln, target: target, poisoned: map[int]bool{}}
	go px.accept()
	t.Cleanup(func() {
		ln.Close()
		px.mu.Lock()
		defer px.mu.Unlock()
		for _, c := range px.conns {
			c.Close()
		}
	})
	return px
}

func (px *proxy) dialer() goldap.DialContextFunc {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", px.ln.Addr().String())
	}
}

func (px *proxy) poison(i int) {
	px.mu.Lock()
	px.poisoned[i] = true
	px.mu.Unlock()
}

func (px *proxy) accept() {
	for {
		client, err := px.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", px.target)
		if err != nil {
			client.Close()
			continue
		}
		px.mu.Lock()
		i := px.n
		px.n++
		px.conns = append(px.conns, client, server)
		px.mu.Unlock()
		go func() {
			buf := make([]byte, 32<<10)
			for {
				n, err := server.Read(buf)
				if n > 0 {
					if _, werr := client.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					client.Close()
					return
				}
			}
		}()
		go px.forward(i, client, server)
	}
}

func (px *proxy) forward(i int, client, server net.Conn) {
	tr := ldapreconnect.NewNetTransport(client)
	for {
		msg, err := tr.Receive()
		if err != nil {
			server.Close()
			return
		}
		px.mu.Lock()
		poisoned := px.poisoned[i]
		px.poisoned[i] = false
		px.mu.Unlock()
		if poisoned {
			client.Write(garbage[badLen])
			continue
		}
		if _, err := server.Write(msg); err != nil {
			return
		}
	}
}
