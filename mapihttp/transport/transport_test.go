package transport_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/logon"
	"github.com/ropcodec/ropcodec/mapihttp"
	"github.com/ropcodec/ropcodec/mapihttp/transport"
)

const userDN = "/o=Test/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice"

// betaMailbox is the MailboxId that the alpha server's redirects name for
// the mailboxes that live on beta.
func betaMailbox(mailbox string) string {
	return fmt.Sprintf("%08x-0000-4000-8000-000000000000@beta.example", len(mailbox))
}

// twoServers starts alpha, which owns the mailboxes whose DN has "alpha"
// in it and redirects the others to beta by MailboxId, and beta, which
// owns every mailbox; and a Dialer whose Route sends beta.example mailbox
// identifiers to beta.
func twoServers(t *testing.T) (alpha, beta *server, cfg transport.Config) {
	alpha = newServer(t, "alpha", func(m string) string {
		if strings.Contains(m, "alpha") {
			return ""
		}
		return betaMailbox(m)
	})
	beta = newServer(t, "beta", func(string) string { return "" })
	cfg = transport.Config{
		Client:            alpha.srv.Client(), // trusts the test certificate both servers use
		Endpoint:          alpha.url(),
		UserDN:            userDN,
		ClientApplication: "ropcodec-test/1.0",
		Route: func(_ context.Context, server string) (string, error) {
			if strings.HasSuffix(server, "@beta.example") {
				return beta.url(), nil
			}
			return alpha.url(), nil
		},
	}
	return alpha, beta, cfg
}

// dialer is NewDialer(cfg), which must succeed.
func dialer(t *testing.T, cfg transport.Config) *transport.Dialer {
	d, err := transport.NewDialer(cfg)
	require.NoError(t, err)
	return d
}

// logonClient is a logon.Client over d.
func logonClient(t *testing.T, d *transport.Dialer, cache *logon.RedirectCache) *logon.Client {
	c, err := logon.NewClient(logon.Config{Dialer: d, Cache: cache})
	require.NoError(t, err)
	return c
}

func TestLogonOverHTTP(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	c := logonClient(t, dialer(t, cfg), nil)
	res, err := c.Logon(context.Background(), userDN+"-alpha", "")
	require.NoError(t, err)
	assert.IsType(t, &codec.RopLogonPrivateResponse{}, res.Response)
	assert.Equal(t, codec.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, res.ReplGUID)
	assert.Equal(t, uint32(0x101), res.Handle)

	s := res.Session.(*transport.Session)
	info := s.ConnectResponse()
	assert.Equal(t, "Zoë Ünger alice", info.DisplayName, "the UTF-16 DisplayName of the Connect response")
	assert.Equal(t, uint32(10), info.RetryDelay)

	// More ROPs on the same Session Context: the sequence cookie the server
	// checks moves on with every request.
	for range 3 {
		_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
		require.NoError(t, err)
	}
	require.NoError(t, s.Ping(context.Background()))
	pending, err := s.NotificationWait(context.Background())
	require.NoError(t, err)
	assert.True(t, pending)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "Close twice")

	alpha.lock(func() {
		assert.Equal(t, 1, alpha.connects)
		assert.Equal(t, 4, alpha.executes)
		assert.Equal(t, 1, alpha.pings)
		assert.Equal(t, 1, alpha.disconnects)
		assert.Empty(t, alpha.contexts, "Disconnect ended the Session Context")
		assert.Len(t, alpha.remotes, 1, "keep-alive: every request on one TLS connection")
		assert.Equal(t, codec.HeaderLast|codec.HeaderCompressed|codec.HeaderXorMagic, alpha.outputFlags[0], "the output came compressed and obfuscated")
		// X-ClientInfo is the same for the whole Session Context; the
		// X-RequestId counter grows with every request.
		for i, ci := range alpha.clientInfos {
			assert.Equal(t, alpha.clientInfos[0], ci)
			if i > 0 {
				assert.Greater(t, requestCounter(t, alpha.requestIDs[i]), requestCounter(t, alpha.requestIDs[i-1]))
			}
		}
	})
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN))
	assert.ErrorIs(t, err, transport.ErrClosed)

	// A client that asks for plain output gets it.
	cfg.ExecuteFlags = mapihttp.ExecuteNoCompression | mapihttp.ExecuteNoXorMagic
	res, err = logonClient(t, dialer(t, cfg), nil).Logon(context.Background(), userDN+"-alpha", "")
	require.NoError(t, err)
	require.NoError(t, res.Session.Close())
	alpha.lock(func() { assert.Equal(t, codec.HeaderLast, alpha.outputFlags[len(alpha.outputFlags)-1]) })
}

func TestRedirectToSecondServer(t *testing.T) {
	alpha, beta, cfg := twoServers(t)
	cache := logon.NewRedirectCache(0)
	c := logonClient(t, dialer(t, cfg), cache)
	mailbox := userDN + "-on-beta"
	res, err := c.Logon(context.Background(), mailbox, "")
	require.NoError(t, err)
	defer res.Session.Close()
	assert.Equal(t, betaMailbox(mailbox), res.Server)
	assert.Equal(t, []string{"", betaMailbox(mailbox)}, res.Chain)
	assert.Equal(t, beta.url()+"?MailboxId="+url.QueryEscape(betaMailbox(mailbox)), res.Session.(*transport.Session).URL())
	beta.lock(func() {
		assert.Equal(t, 1, beta.connects)
		assert.Equal(t, betaMailbox(mailbox), beta.mailboxIDs[0], "the redirect's ServerName is the MailboxId")
	})
	alpha.lock(func() { assert.Equal(t, 1, alpha.disconnects, "the redirected Session Context was released") })

	// The cache sends the next logon to the same mailbox straight to beta.
	res2, err := c.Logon(context.Background(), mailbox, "")
	require.NoError(t, err)
	defer res2.Session.Close()
	assert.Equal(t, []string{betaMailbox(mailbox)}, res2.Chain)
	alpha.lock(func() { assert.Equal(t, 1, alpha.connects) })
}

func TestContextNotFoundThenNewConnect(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	s, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	defer s.Close()

	// The server lost the Session Context before any ROP ran: the Session
	// connects again with the old cookies and sends the request again.
	alpha.lock(func() { alpha.forget = 1 })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	require.NoError(t, err)
	assert.Equal(t, 2, s.Connects())
	alpha.lock(func() {
		require.Len(t, alpha.connectCookies, 2)
		assert.Empty(t, alpha.connectCookies[0])
		assert.Contains(t, alpha.connectCookies[1], "MapiContext=alpha-1", "the new Connect carries the old context cookie ([MS-OXCMAPIHTTP] 4.4)")
	})

	// Lost after ROPs ran: the Session reconnects, but says that what was
	// open is gone.
	alpha.lock(func() { alpha.forget = 1 })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	require.Error(t, err)
	assert.ErrorIs(t, err, transport.ErrContextReset)
	assert.ErrorIs(t, err, errors.XResponseContextNotFound)
	assert.True(t, errors.ShouldReconnectMAPIHTTP(err))
	assert.Equal(t, 3, s.Connects())
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	assert.NoError(t, err, "the re-established Session Context works")

	// InvalidSequence is sent again after the RetryDelay of the Connect.
	alpha.lock(func() { alpha.busy = 1 })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	assert.NoError(t, err)
	alpha.lock(func() { alpha.busy = 5 })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	assert.ErrorIs(t, err, errors.XResponseInvalidSequence)
	assert.Equal(t, errors.XResponseRetry, errors.XResponseActionFor(err))
}

func TestStallInProcessing(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	s, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	defer s.Close()
	alpha.lock(func() { alpha.stall, alpha.pendings = true, 2 })

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = s.Execute(ctx, logonBuffer(t, userDN+"-alpha"))
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, errors.XResponseFail, errors.XResponseActionFor(err), "no X-ResponseCode in a deadline")

	// With KeepAliveTimeout, a server that sends no keep-alive is
	// abandoned before the context's deadline. The Dialer's Clock is a fake
	// that the test moves on, so that a loaded machine cannot abandon the
	// Connect first.
	clk := &fakeClock{}
	cfg.KeepAliveTimeout, cfg.Clock = time.Minute, clk
	s2, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	defer s2.Close()
	done := make(chan error, 1)
	go func() {
		_, err := s2.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
		done <- err
	}()
	var got error
	require.Eventually(t, func() bool {
		clk.fire()
		select {
		case got = <-done:
			return true
		default:
			return false
		}
	}, 10*time.Second, 5*time.Millisecond)
	assert.ErrorIs(t, got, transport.ErrKeepAlive)
}

// fakeClock is a logon.Clock whose timers fire only when the test says.
type fakeClock struct {
	mu      sync.Mutex
	waiting []chan time.Time
}

func (c *fakeClock) Now() time.Time { return time.Unix(0, 0) }

func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	c.waiting = append(c.waiting, ch)
	c.mu.Unlock()
	return ch
}

// fire fires every timer made so far.
func (c *fakeClock) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.waiting {
		ch <- time.Unix(0, 0)
	}
	c.waiting = nil
}

func TestCloseEndsWhatIsInFlight(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	cfg.DisconnectTimeout = 100 * time.Millisecond
	s, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	alpha.lock(func() { alpha.stall, alpha.stallDisconnect = true, true })
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
		done <- err
	}()
	require.Eventually(t, func() bool {
		var n int
		alpha.lock(func() { n = alpha.executes })
		return n == 1
	}, 5*time.Second, 5*time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, transport.ErrClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("Execute did not return after Close")
	}
	select {
	case err := <-closed:
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the stalled Disconnect was given up")
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
}

func TestBodyCutShort(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	s, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	defer s.Close()
	alpha.lock(func() { alpha.abort = true })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	require.Error(t, err)
	assert.ErrorIs(t, err, transport.ErrProtocol)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestGarbageMetaTags(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	alpha.lock(func() { alpha.garbage, alpha.pendings = true, 3 })
	c := logonClient(t, dialer(t, cfg), nil)
	res, err := c.Logon(context.Background(), userDN+"-alpha", "")
	require.NoError(t, err, "lines that are no meta-tag are skipped")
	res.Session.Close()
}

func TestUnauthorizedAndBasicAuth(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	alpha.basic = "alice:secret"
	_, err := dialer(t, cfg).Dial(context.Background(), "")
	require.Error(t, err)
	assert.ErrorIs(t, err, transport.ErrUnauthorized)
	var te *transport.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, http.StatusUnauthorized, te.HTTPStatus)

	cfg.Client = &http.Client{Transport: BasicAuth{User: "alice", Password: "secret", Next: alpha.srv.Client().Transport}}
	s, err := dialer(t, cfg).Dial(context.Background(), "")
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// TestConcurrentLogons runs 64 goroutines that share one http.Client, one
// Dialer and one RedirectCache, half of them redirected to the second
// server; run it with -race.
func TestConcurrentLogons(t *testing.T) {
	alpha, beta, cfg := twoServers(t)
	// A pool that keeps a connection per goroutine, and time enough for a
	// Disconnect on a machine that -race and other work slow down.
	pool := alpha.srv.Client().Transport.(*http.Transport).Clone()
	pool.MaxIdleConnsPerHost = 64
	cfg.Client = &http.Client{Transport: pool}
	cfg.DisconnectTimeout = time.Minute
	cache := logon.NewRedirectCache(0)
	c := logonClient(t, dialer(t, cfg), cache)
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mailbox := fmt.Sprintf("%s-%d", userDN, i)
			if i%2 == 0 {
				mailbox += "-alpha"
			}
			for range 2 { // the second logon of a redirected mailbox uses the cache
				res, err := c.Logon(context.Background(), mailbox, "")
				if err != nil {
					errs[i] = err
					return
				}
				if _, err := res.Session.Execute(context.Background(), logonBuffer(t, mailbox)); err != nil {
					errs[i] = err
				}
				if err := res.Session.Close(); err != nil {
					errs[i] = err
				}
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "goroutine %d", i)
	}
	assert.Equal(t, 32, cache.Len(), "every redirected mailbox is cached")
	alpha.lock(func() {
		assert.Equal(t, 32*2+32, alpha.connects, "alpha: two logons of each of its mailboxes, one of each redirected one")
		assert.Empty(t, alpha.contexts)
	})
	beta.lock(func() {
		assert.Equal(t, 32*2, beta.connects)
		assert.Empty(t, beta.contexts)
	})
}

func TestKeepAlivePings(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	alpha.lock(func() { alpha.expiration = "60" }) // milliseconds: a PING every 30 ms of idleness
	cfg.KeepAlive = true
	s, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		var n int
		alpha.lock(func() { n = alpha.pings })
		return n >= 2
	}, 5*time.Second, 10*time.Millisecond, "an idle Session pings")
	require.NoError(t, s.Close())
	var after int
	alpha.lock(func() { after = alpha.pings })
	time.Sleep(100 * time.Millisecond)
	alpha.lock(func() { assert.Equal(t, after, alpha.pings, "Close stops the keep-alive") })
}

func TestHTTPFailures(t *testing.T) {
	alpha, _, cfg := twoServers(t)
	s, err := dialer(t, cfg).DialSession(context.Background(), "")
	require.NoError(t, err)
	defer s.Close()
	alpha.lock(func() { alpha.httpStatus, alpha.location = http.StatusFound, "https://elsewhere.example/mapi/emsmdb/" })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	assert.ErrorIs(t, err, transport.ErrRedirected)
	var te *transport.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "https://elsewhere.example/mapi/emsmdb/", te.Location)

	alpha.lock(func() { alpha.httpStatus = http.StatusServiceUnavailable })
	_, err = s.Execute(context.Background(), logonBuffer(t, userDN+"-alpha"))
	assert.ErrorIs(t, err, transport.ErrHTTPStatus)
	require.ErrorAs(t, err, &te)
	assert.Equal(t, http.StatusServiceUnavailable, te.HTTPStatus)
	assert.Contains(t, te.Diagnostic, "exceptional")

	// A refused Connect: the failure body's StatusCode, as a Win32 code.
	alpha.lock(func() { alpha.connectStatus = 0x6BB })
	_, err = dialer(t, cfg).Dial(context.Background(), "")
	assert.ErrorIs(t, err, errors.RPC_S_SERVER_TOO_BUSY)
	var se *mapihttp.StatusError
	assert.ErrorAs(t, err, &se)

	// A response body above the Dialer's limit.
	alpha.lock(func() { alpha.connectStatus = 0 })
	cfg.Limits.MaxBody = 16
	_, err = dialer(t, cfg).Dial(context.Background(), "")
	assert.ErrorIs(t, err, mapihttp.ErrBodyTooLarge)
	assert.ErrorIs(t, err, transport.ErrProtocol)
}

// logonBuffer is a ROP input buffer with one private RopLogon.
func logonBuffer(t testing.TB, mailbox string) []byte {
	rops := mustMarshal(t, codec.NewPrivateLogon(0, 0, mailbox))
	return mustMarshal(t, &codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: []uint32{codec.UnusedHandle}})
}

func requestCounter(t *testing.T, id string) int {
	_, n, ok := strings.Cut(id, ":")
	require.True(t, ok, id)
	v, err := strconv.Atoi(n)
	require.NoError(t, err)
	return v
}

func TestNewDialerChecksConfig(t *testing.T) {
	ok := transport.Config{Client: http.DefaultClient, UserDN: userDN, Endpoint: "https://mail.contoso.com/mapi/emsmdb/"}
	for name, change := range map[string]func(*transport.Config){
		"no client":        func(c *transport.Config) { c.Client = nil },
		"no user":          func(c *transport.Config) { c.UserDN = "" },
		"no endpoint":      func(c *transport.Config) { c.Endpoint = "" },
		"endpoint not URL": func(c *transport.Config) { c.Endpoint = "mail.contoso.com" },
		"negative timeout": func(c *transport.Config) { c.KeepAliveTimeout = -1 },
		"MaxRopOut":        func(c *transport.Config) { c.MaxRopOut = 0x40001 },
		"chained":          func(c *transport.Config) { c.ExecuteFlags = mapihttp.ExecuteChain },
	} {
		cfg := ok
		change(&cfg)
		_, err := transport.NewDialer(cfg)
		assert.Error(t, err, name)
	}
	_, err := transport.NewDialer(ok)
	assert.NoError(t, err)
	route := ok
	route.Endpoint, route.Route = "", func(context.Context, string) (string, error) { return "https://x/", nil }
	_, err = transport.NewDialer(route)
	assert.NoError(t, err, "Route instead of Endpoint")
}
