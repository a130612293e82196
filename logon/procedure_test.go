package logon

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// Tests of the logon procedure, one per rule of [MS-OXCSTOR] 3.1.5.1 (and of
// [MS-OXCROPS] 3.1.5.1.1 for RopBackoff), against the simulated servers of
// sim_test.go, which read and write ROP buffers through the codec.

const (
	deltaDN   = orgDN + "/cn=Configuration/cn=Servers/cn=DELTA"
	epsilonDN = orgDN + "/cn=Configuration/cn=Servers/cn=EPSILON"
)

var (
	bart    = mailboxDN("Bart")
	guidOne = codec.GUID{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	guidTwo = codec.GUID{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
)

// newProc returns a network of Alpha, Beta, Gamma, Delta and Epsilon with
// Bart's mailbox on Beta, a client that dials it, and its clock (auto mode:
// every wait advances it at once).
func newProc(t *testing.T) (*simNet, *Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock(true)
	net := newSimNet(clock, alphaDN, betaDN, gammaDN, deltaDN, epsilonDN)
	net.dir.set(bart, betaDN+PrivateMDBSuffix)
	c, err := NewClient(Config{Dialer: net.dialer("app"), Clock: clock})
	require.NoError(t, err)
	return net, c, clock
}

// NewClient refuses a Config it cannot run with an error, never a panic; a
// Client literal with the same fault fails its first logon with that error
// instead, without dialing.
func TestNewClientRefusesBadConfig(t *testing.T) {
	net := newSimNet(newFakeClock(true), alphaDN)
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no Dialer", Config{}, "Config.Dialer is nil"},
		{"negative MaxHops", Config{Dialer: net.dialer("app"), MaxHops: -1}, "negative limit"},
		{"negative MaxBackoff", Config{Dialer: net.dialer("app"), MaxBackoff: -time.Second}, "negative limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.cfg)
			assert.Nil(t, c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)

			literal := Client(tt.cfg)
			_, err = literal.Logon(t.Context(), bart, alphaDN)
			var le *LogonError
			require.ErrorAs(t, err, &le)
			assert.Contains(t, le.Err.Error(), tt.want)
			assert.Empty(t, le.Chain, "nothing dialed")
		})
	}
	c, err := NewClient(Config{Dialer: net.dialer("app")})
	require.NoError(t, err)
	assert.NotNil(t, c.Dialer)
}

// misroute makes server redirect mailbox to `to`, whatever the directory says.
func misroute(net *simNet, server, mailbox, to string) {
	s := net.server(server)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.misroute == nil {
		s.misroute = map[string]string{}
	}
	s.misroute[foldKey(mailbox)] = to
}

func logonError(t *testing.T, err error) *LogonError {
	t.Helper()
	var le *LogonError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not a *LogonError", err, err)
	}
	return le
}

func shortNames(dns []string) []string {
	var names []string
	for _, d := range dns {
		names = append(names, ServerShortName(d))
	}
	return names
}

func wantChain(t *testing.T, got []string, want ...string) {
	t.Helper()
	assert.Equal(t, want, shortNames(got), "chain")
}

// TestWrongServerFollowsRedirect: "If the server returns the value
// ecWrongServer ... the client SHOULD create a new Session Context with the
// server that is specified by the ServerName field ... Using that
// connection, the client then re-attempts the logon."
func TestWrongServerFollowsRedirect(t *testing.T) {
	net, c, _ := newProc(t)
	net.server(betaDN).replGUID = guidOne
	c.Cache = NewRedirectCache(0)
	res, err := c.Logon(context.Background(), bart, alphaDN)
	require.NoError(t, err)
	if !EqualDN(TrimPrivateMDB(res.Server), betaDN) || res.Mailbox != bart {
		t.Errorf("logged on to %s at %s", res.Mailbox, res.Server)
	}
	wantChain(t, res.Chain, "ALPHA", "BETA")
	if d := net.dialed(); !slices.Equal(d, []string{"ALPHA", "BETA"}) {
		t.Errorf("sessions opened with %v, want a new one per server", d)
	}
	if res.ReplGUID != guidOne || res.Handle == 0 || res.Handle == codec.UnusedHandle {
		t.Errorf("REPLGUID %v, handle %#x", res.ReplGUID, res.Handle)
	}
	if _, ok := res.Response.(*codec.RopLogonPrivateResponse); !ok {
		t.Errorf("response %T", res.Response)
	}
	// The session with Alpha was released; the one with Beta is the result's.
	if _, err := res.Session.Execute(context.Background(), mustROPBuffer(t, codec.NewPrivateLogon(0, 0, bart))); err != nil {
		t.Errorf("result's session: %v", err)
	}
	// Both logons carried the same request but for nothing.
	a, b := net.server(alphaDN).loggedOn(), net.server(betaDN).loggedOn()
	if len(a) != 1 || len(b) < 1 || a[0] != b[0] || a[0] != *codec.NewPrivateLogon(0, 0, bart) {
		t.Errorf("requests %+v then %+v", a, b)
	}
	// The redirect is cached: the next logon goes straight to Beta.
	if _, err := c.Logon(context.Background(), bart, alphaDN); err != nil {
		t.Fatal(err)
	}
	if d := net.dialed(); !slices.Equal(d, []string{"ALPHA", "BETA", "BETA"}) {
		t.Errorf("sessions opened with %v, want the cached server", d)
	}
}

// TestRedirectHopsBounded: the procedure follows at most MaxHops redirects.
func TestRedirectHopsBounded(t *testing.T) {
	// Alpha -> Beta -> Gamma -> Delta, where the mailbox is.
	setup := func(t *testing.T) (*simNet, *Client) {
		net, c, _ := newProc(t)
		mb := mailboxDN("Lisa")
		net.dir.set(mb, deltaDN)
		misroute(net, alphaDN, mb, betaDN)
		misroute(net, betaDN, mb, gammaDN)
		return net, c
	}
	lisa := mailboxDN("Lisa")
	t.Run("default", func(t *testing.T) {
		_, c := setup(t)
		res, err := c.Logon(context.Background(), lisa, alphaDN)
		require.NoError(t, err, "three redirects with the default of %d", DefaultMaxHops)
		wantChain(t, res.Chain, "ALPHA", "BETA", "GAMMA", "DELTA")
	})
	t.Run("two", func(t *testing.T) {
		net, c := setup(t)
		c.MaxHops = 2
		_, err := c.Logon(context.Background(), lisa, alphaDN)
		if !errors.Is(err, ErrTooManyRedirects) || !errors.Is(err, errors.EcWrongServer) {
			t.Fatalf("err = %v, want ErrTooManyRedirects", err)
		}
		le := logonError(t, err)
		wantChain(t, le.Chain, "ALPHA", "BETA", "GAMMA", "DELTA")
		if d := net.dialed(); len(d) != 3 {
			t.Errorf("sessions opened with %v, want three", d)
		}
	})
}

// TestRedirectBackToServerJustLeft: a redirect to the server just left (or
// to the server itself) ends the logon.
func TestRedirectBackToServerJustLeft(t *testing.T) {
	t.Run("back", func(t *testing.T) {
		net, c, _ := newProc(t)
		misroute(net, betaDN, bart, strings.ToUpper(alphaDN)+PrivateMDBSuffix) // Alpha under another spelling
		_, err := c.Logon(context.Background(), bart, alphaDN)
		require.ErrorIs(t, err, ErrRedirectLoop)
		wantChain(t, logonError(t, err).Chain, "ALPHA", "BETA", "ALPHA")
		if d := net.dialed(); !slices.Equal(d, []string{"ALPHA", "BETA"}) {
			t.Errorf("sessions opened with %v", d)
		}
	})
	t.Run("itself", func(t *testing.T) {
		net, c, _ := newProc(t)
		misroute(net, alphaDN, bart, alphaDN)
		_, err := c.Logon(context.Background(), bart, alphaDN)
		require.ErrorIs(t, err, ErrRedirectLoop)
		wantChain(t, logonError(t, err).Chain, "ALPHA", "ALPHA")
	})
}

// TestRedirectLoopListsChain: a redirect to a server already visited in this
// logon ends it with an error listing the chain; the error carries the code.
func TestRedirectLoopListsChain(t *testing.T) {
	net, c, _ := newProc(t)
	misroute(net, betaDN, bart, gammaDN)
	misroute(net, gammaDN, bart, alphaDN)
	_, err := c.Logon(context.Background(), bart, alphaDN)
	if !errors.Is(err, ErrRedirectLoop) || errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("err = %v, want ErrRedirectLoop", err)
	}
	le := logonError(t, err)
	if !slices.Equal(le.Chain, []string{alphaDN, betaDN + PrivateMDBSuffix, gammaDN, alphaDN}) {
		t.Errorf("chain %q", le.Chain)
	}
	if !strings.Contains(err.Error(), "ALPHA -> BETA -> GAMMA -> ALPHA") || !strings.Contains(err.Error(), "Bart") {
		t.Errorf("message %q does not list the chain", err)
	}
	if le.Code != errors.EcWrongServer || errors.LogonActionFor(err) != errors.LogonRedirect {
		t.Errorf("code %v, action %v", le.Code, errors.LogonActionFor(err))
	}
}

// TestUnknownUserRediscovers: on ecUnknownUser "the client SHOULD use the
// Autodiscover HTTP Service protocol ... to attempt to retrieve updated user
// and server information. If successful, the client attempts to log on again
// by releasing the previous Session Context and creating a new Session
// Context with the information supplied".
func TestUnknownUserRediscovers(t *testing.T) {
	net, c, _ := newProc(t)
	old := mailboxDN("Bart (renamed)") // the directory no longer knows it
	var asked []string
	c.Cache = NewRedirectCache(0)
	c.Cache.Redirected(old, alphaDN)
	c.Rediscover = func(ctx context.Context, mailbox string) (string, string, error) {
		asked = append(asked, mailbox)
		return bart, betaDN, nil
	}
	res, err := c.Logon(context.Background(), old, gammaDN)
	require.NoError(t, err)
	if !slices.Equal(asked, []string{old}) {
		t.Errorf("rediscovery asked for %q", asked)
	}
	if res.Mailbox != bart || !res.Rediscovered || !EqualDN(res.Server, betaDN) {
		t.Errorf("result %s at %s, rediscovered %v", res.Mailbox, res.Server, res.Rediscovered)
	}
	wantChain(t, res.Chain, "ALPHA", "BETA") // Alpha from the cache, not Gamma
	if d := net.dialed(); !slices.Equal(d, []string{"ALPHA", "BETA"}) {
		t.Errorf("sessions opened with %v", d)
	}
	if _, ok := c.Cache.Lookup(old); ok {
		t.Error("the cache still routes the unknown mailbox")
	}
}

// TestLoginFailureRediscovers: ecLoginFailure is handled as ecUnknownUser.
func TestLoginFailureRediscovers(t *testing.T) {
	net, c, _ := newProc(t)
	net.dir.set(bart, alphaDN)
	net.dir.setState(bart, false, true) // Alpha's database is offline: ecLoginFailure
	c.Rediscover = func(ctx context.Context, mailbox string) (string, string, error) {
		// The database failed over to Beta; Autodiscover says so.
		net.dir.set(bart, betaDN)
		net.dir.setState(bart, false, false)
		return "", betaDN, nil // same mailbox, new server
	}
	res, err := c.Logon(context.Background(), bart, alphaDN)
	require.NoError(t, err)
	if res.Mailbox != bart || !EqualDN(res.Server, betaDN) || !res.Rediscovered {
		t.Errorf("result %s at %s", res.Mailbox, res.Server)
	}
	if net.total(errors.LogonRediscover) != 1 {
		t.Errorf("%d ecLoginFailure/ecUnknownUser answers, want 1", net.total(errors.LogonRediscover))
	}
}

// TestRediscoveryFailureFailsLogon: "If the client is not successful at
// retrieving updated information ... then the client MUST fail the logon."
func TestRediscoveryFailureFailsLogon(t *testing.T) {
	unknown := mailboxDN("Nobody")
	autodiscoverDown := errors.New("autodiscover: 503")
	t.Run("hook fails", func(t *testing.T) {
		net, c, _ := newProc(t)
		c.Rediscover = func(context.Context, string) (string, string, error) { return "", "", autodiscoverDown }
		_, err := c.Logon(context.Background(), unknown, alphaDN)
		if !errors.Is(err, ErrRediscoveryFailed) || !errors.Is(err, autodiscoverDown) || !errors.Is(err, errors.EcUnknownUser) {
			t.Fatalf("err = %v", err)
		}
		if errors.LogonActionFor(err) != errors.LogonRediscover {
			t.Errorf("action %v", errors.LogonActionFor(err))
		}
		if d := net.dialed(); len(d) != 1 {
			t.Errorf("sessions opened with %v", d)
		}
	})
	t.Run("no hook", func(t *testing.T) {
		_, c, _ := newProc(t)
		_, err := c.Logon(context.Background(), unknown, alphaDN)
		require.ErrorIs(t, err, ErrRediscoveryFailed)
	})
	t.Run("fails again after rediscovery", func(t *testing.T) {
		_, c, _ := newProc(t)
		calls := 0
		c.Rediscover = func(context.Context, string) (string, string, error) {
			calls++
			return mailboxDN("Nobody Either"), betaDN, nil
		}
		_, err := c.Logon(context.Background(), unknown, alphaDN)
		if !errors.Is(err, ErrRediscoveryFailed) || calls != DefaultMaxRediscoveries {
			t.Fatalf("err = %v after %d rediscoveries", err, calls)
		}
		wantChain(t, logonError(t, err).Chain, "ALPHA", "BETA")
	})
}

// TestRediscoveryNothingNewFailsLogon: "... or if no changes are detected,
// then the client MUST fail the logon."
func TestRediscoveryNothingNewFailsLogon(t *testing.T) {
	unknown := mailboxDN("Nobody")
	for name, answer := range map[string][2]string{
		"same":          {unknown, alphaDN},
		"same, spelled": {strings.ToUpper(unknown), alphaDN + PrivateMDBSuffix},
		"empty":         {"", ""},
	} {
		t.Run(name, func(t *testing.T) {
			net, c, _ := newProc(t)
			c.Rediscover = func(context.Context, string) (string, string, error) { return answer[0], answer[1], nil }
			_, err := c.Logon(context.Background(), unknown, alphaDN)
			if !errors.Is(err, ErrRediscoveryFailed) || !errors.Is(err, errors.EcUnknownUser) {
				t.Fatalf("err = %v", err)
			}
			if d := net.dialed(); len(d) != 1 {
				t.Errorf("logged on again with nothing new: sessions %v", d)
			}
		})
	}
}

// TestMailboxInTransitEndsLogon: ecMailboxInTransit ends the logon with an
// error that keeps the chain and is told apart from ecServerPaused.
func TestMailboxInTransitEndsLogon(t *testing.T) {
	net, c, _ := newProc(t)
	c.Dialer = DialerFunc(func(ctx context.Context, dn string) (Session, error) {
		if EqualDN(dn, betaDN+PrivateMDBSuffix) {
			net.dir.setState(bart, true, false) // the move starts as Alpha redirects
		}
		return net.dialer("app").Dial(ctx, dn)
	})
	c.Rediscover = func(context.Context, string) (string, string, error) {
		t.Error("rediscovery on ecMailboxInTransit")
		return "", "", nil
	}
	_, err := c.Logon(context.Background(), bart, alphaDN)
	if !errors.Is(err, ErrMailboxInTransit) || !errors.Is(err, errors.EcMailboxInTransit) || errors.Is(err, ErrServerPaused) {
		t.Fatalf("err = %v", err)
	}
	if errors.LogonActionFor(err) != errors.LogonMailboxInTransit {
		t.Errorf("action %v", errors.LogonActionFor(err))
	}
	wantChain(t, logonError(t, err).Chain, "ALPHA", "BETA")
}

// TestServerPausedEndsLogon: ecServerPaused ends the logon with an error
// that keeps the chain and is told apart from ecMailboxInTransit.
func TestServerPausedEndsLogon(t *testing.T) {
	net, c, _ := newProc(t)
	var err error
	for i := range 6 { // no cache, no budget: the seed-001 client
		mb := mailboxDN("Maggie" + string(rune('0'+i)))
		net.dir.set(mb, betaDN)
		if _, err = c.Logon(context.Background(), mb, alphaDN); i < 5 && err != nil {
			t.Fatalf("logon %d: %v", i+1, err)
		}
	}
	if !errors.Is(err, ErrServerPaused) || !errors.Is(err, errors.EcServerPaused) || errors.Is(err, ErrMailboxInTransit) {
		t.Fatalf("sixth logon: err = %v", err)
	}
	if errors.LogonActionFor(err) != errors.LogonServerPaused {
		t.Errorf("action %v", errors.LogonActionFor(err))
	}
	wantChain(t, logonError(t, err).Chain, "ALPHA")
}

// TestPublicAlternateServer: "the client issues a RopLogon request ... to
// the private message store. The client MUST set the ALTERNATE_SERVER flag
// ... The logon request returns ecWrongServer and redirects the client to an
// alternate server. When issuing the logon request to the alternate server,
// the client MUST clear the ALTERNATE_SERVER flag and set the
// IGNORE_HOME_MDB flag".
func TestPublicAlternateServer(t *testing.T) {
	net, c, _ := newProc(t)
	alpha, gamma := net.server(alphaDN), net.server(gammaDN)
	alpha.alternate = gammaDN
	gamma.publicHost, gamma.publicHome, gamma.replGUID = true, deltaDN, guidTwo

	// The simulated alternate accepts only IGNORE_HOME_MDB: a plain public
	// logon is sent to the user's default public store.
	direct := codec.NewPublicLogon(0, 0, "")
	out, err := gamma.execute("probe", mustROPBuffer(t, direct))
	if err != nil || !strings.Contains(string(out), "DELTA") {
		t.Fatalf("plain public logon at the alternate was not redirected: %v", err)
	}

	c.LogonID = 3
	res, err := c.LogonPublicAlternate(context.Background(), alphaDN)
	require.NoError(t, err)
	wantChain(t, res.Chain, "ALPHA", "GAMMA")
	pub, ok := res.Response.(*codec.RopLogonPublicResponse)
	if !ok || res.ReplGUID != guidTwo || pub.ReplGUID != guidTwo || res.Mailbox != "" {
		t.Errorf("response %T, REPLGUID %v", res.Response, res.ReplGUID)
	}
	first, second := alpha.loggedOn(), gamma.loggedOn()[1:]
	if len(first) != 1 || first[0].OpenFlags != codec.OpenPublic|codec.OpenAlternateServer || first[0].LogonFlags&codec.LogonPrivate != 0 || first[0].LogonID != 3 {
		t.Errorf("request to the private store: %+v", first)
	}
	if len(second) != 1 || second[0].OpenFlags != codec.OpenPublic|codec.OpenIgnoreHomeMDB || second[0].LogonID != 3 {
		t.Errorf("request to the alternate: %+v", second)
	}
	if res.OpenFlags != codec.OpenPublic|codec.OpenIgnoreHomeMDB {
		t.Errorf("result flags %v", res.OpenFlags)
	}
}

// TestPublicNoAlternateServer: ecLoginFailure in answer to ALTERNATE_SERVER
// means there is no alternate ([MS-OXCSTOR] 3.2.5.1.2); it is not a reason to
// rediscover.
func TestPublicNoAlternateServer(t *testing.T) {
	net, c, _ := newProc(t)
	c.Rediscover = func(context.Context, string) (string, string, error) {
		t.Error("rediscovery for a missing alternate")
		return "", "", nil
	}
	_, err := c.LogonPublicAlternate(context.Background(), alphaDN)
	if !errors.Is(err, ErrNoAlternateServer) || !errors.Is(err, errors.EcLoginFailure) {
		t.Fatalf("err = %v", err)
	}
	wantChain(t, logonError(t, err).Chain, "ALPHA")
	if d := net.dialed(); len(d) != 1 {
		t.Errorf("sessions %v", d)
	}
}

// relogonSetup logs Bart on at Beta through Alpha, then loses the session.
func relogonSetup(t *testing.T) (*simNet, *Client, *Result) {
	t.Helper()
	net, c, _ := newProc(t)
	net.server(betaDN).replGUID = guidOne
	c.LogonID = 7
	prev, err := c.Logon(context.Background(), bart, alphaDN)
	require.NoError(t, err)
	return net, c, prev
}

// TestRelogonSameReplGUIDKeepsCaches: after a reconnect the client logs on
// again; the same REPLGUID means the caches stay.
func TestRelogonSameReplGUIDKeepsCaches(t *testing.T) {
	net, c, prev := relogonSetup(t)
	c.OnReplGUIDChange = func(prev, next *Result) { t.Error("OnReplGUIDChange with the same REPLGUID") }
	res, dispose, err := c.Relogon(context.Background(), prev)
	if err != nil || dispose {
		t.Fatalf("dispose %v, err %v", dispose, err)
	}
	if res.ReplGUID != prev.ReplGUID || res.Session == prev.Session {
		t.Errorf("REPLGUID %v, same session %v", res.ReplGUID, res.Session == prev.Session)
	}
	// A new session with the server the logon was on, not the profile's.
	if d := net.dialed(); !slices.Equal(d, []string{"ALPHA", "BETA", "BETA"}) {
		t.Errorf("sessions %v", d)
	}
	if _, err := prev.Session.Execute(context.Background(), nil); err == nil {
		t.Error("the lost session is still open")
	}
}

// TestRelogonNewReplGUIDDisposesCaches: "The new REPLGUID returned by
// RopLogon MUST be compared to the cached value. If the GUIDs are different,
// then the client MUST dispose of all local caches of server information."
func TestRelogonNewReplGUIDDisposesCaches(t *testing.T) {
	net, c, prev := relogonSetup(t)
	net.server(betaDN).replGUID = guidTwo // the database was restored while we were away
	var told [2]*Result
	c.OnReplGUIDChange = func(prev, next *Result) { told = [2]*Result{prev, next} }
	res, dispose, err := c.Relogon(context.Background(), prev)
	if err != nil || !dispose {
		t.Fatalf("dispose %v, err %v", dispose, err)
	}
	if res.ReplGUID != guidTwo || told[0] != prev || told[1] != res {
		t.Errorf("REPLGUID %v, callback %v", res.ReplGUID, told)
	}
}

// TestRelogonReusesLogonID: "The client MUST log on again by calling
// RopLogon (the client can reuse the existing LogonID)."
func TestRelogonReusesLogonID(t *testing.T) {
	net, c, prev := relogonSetup(t)
	if _, _, err := c.Relogon(context.Background(), prev); err != nil {
		t.Fatal(err)
	}
	reqs := net.server(betaDN).loggedOn()
	if len(reqs) != 2 || reqs[0] != reqs[1] || reqs[1].LogonID != 7 || reqs[1].Essdn != bart {
		t.Errorf("requests %+v", reqs)
	}
}

// TestBackoffDelaysRetry: a RopBackoff for the logon ([MS-OXCROPS] 2.2.15.2,
// 3.1.5.1.1) delays the retry of the logon, on the same session, by its
// Duration.
func TestBackoffDelaysRetry(t *testing.T) {
	t.Run("all ROPs of the logon", func(t *testing.T) {
		net, c, clock := newProc(t)
		beta := net.server(betaDN)
		beta.backoffs = []simBackoff{{resp: codec.RopBackoffResponse{LogonID: 0, Duration: 0x1234}}}
		res, err := c.Logon(context.Background(), bart, betaDN)
		require.NoError(t, err)
		if clock.Slept() != 0x1234*time.Millisecond || beta.sessions != 1 || res.Backoff != 0 {
			t.Errorf("slept %v over %d sessions, result backoff %v", clock.Slept(), beta.sessions, res.Backoff)
		}
	})
	t.Run("RopLogon named", func(t *testing.T) {
		net, c, clock := newProc(t)
		c.LogonID = 2
		net.server(betaDN).backoffs = []simBackoff{{resp: codec.RopBackoffResponse{LogonID: 2, Duration: 9000,
			BackoffRopData: []codec.BackoffRop{{RopIDBackoff: 0x12, Duration: 7000}, {RopIDBackoff: 0xFE, Duration: 1500}}}}}
		if _, err := c.Logon(context.Background(), bart, betaDN); err != nil {
			t.Fatal(err)
		}
		if clock.Slept() != 1500*time.Millisecond {
			t.Errorf("slept %v, want RopLogon's 1.5s", clock.Slept())
		}
	})
	t.Run("with the response", func(t *testing.T) {
		net, c, clock := newProc(t)
		net.server(betaDN).backoffs = []simBackoff{{resp: codec.RopBackoffResponse{Duration: 800}, withLogon: true}}
		res, err := c.Logon(context.Background(), bart, betaDN)
		require.NoError(t, err)
		if clock.Slept() != 0 || res.Backoff != 800*time.Millisecond {
			t.Errorf("slept %v, result backoff %v", clock.Slept(), res.Backoff)
		}
	})
	t.Run("other logon or ROP", func(t *testing.T) {
		net, c, clock := newProc(t)
		net.server(betaDN).backoffs = []simBackoff{
			{resp: codec.RopBackoffResponse{LogonID: 9, Duration: 800}, withLogon: true},
		}
		res, err := c.Logon(context.Background(), bart, betaDN)
		if err != nil || res.Backoff != 0 || clock.Slept() != 0 {
			t.Fatalf("backoff of logon 9 applied: %v, %v", res, err)
		}
		net.server(betaDN).backoffs = []simBackoff{
			{resp: codec.RopBackoffResponse{Duration: 800, BackoffRopData: []codec.BackoffRop{{RopIDBackoff: 0x12, Duration: 800}}}, withLogon: true},
		}
		if res, err = c.Logon(context.Background(), bart, betaDN); err != nil || res.Backoff != 0 {
			t.Fatalf("backoff of RopSetColumns applied to RopLogon: %v, %v", res, err)
		}
	})
	t.Run("example 4.6", func(t *testing.T) {
		// The output buffer of [MS-OXCROPS] 4.6, byte for byte, then the
		// simulated server.
		net, c, clock := newProc(t)
		c.Dialer = DialerFunc(func(ctx context.Context, dn string) (Session, error) {
			s, err := net.dialer("app").Dial(ctx, dn)
			return &cannedSession{Session: s, first: []byte{0x12, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF9, 0x00, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00}}, err
		})
		if _, err := c.Logon(context.Background(), bart, betaDN); err != nil {
			t.Fatal(err)
		}
		if clock.Slept() != 4660*time.Millisecond {
			t.Errorf("slept %v, want 4660ms", clock.Slept())
		}
	})
}

// cannedSession answers its first Execute with fixed bytes.
type cannedSession struct {
	Session
	first []byte
	used  bool
}

func (s *cannedSession) Execute(ctx context.Context, in []byte) ([]byte, error) {
	if !s.used {
		s.used = true
		return s.first, nil
	}
	return s.Session.Execute(ctx, in)
}

// TestBackoffCapped: the delay is capped by MaxBackoff, and a server that
// keeps backing off ends the logon after MaxBackoffRetries.
func TestBackoffCapped(t *testing.T) {
	net, c, clock := newProc(t)
	c.MaxBackoff = 2 * time.Second
	net.server(betaDN).backoffs = []simBackoff{{resp: codec.RopBackoffResponse{Duration: 600000}}}
	if _, err := c.Logon(context.Background(), bart, betaDN); err != nil {
		t.Fatal(err)
	}
	if clock.Slept() != 2*time.Second {
		t.Errorf("slept %v, want the 2s cap", clock.Slept())
	}

	c.MaxBackoffRetries = 2
	bo := simBackoff{resp: codec.RopBackoffResponse{Duration: 1000}}
	net.server(betaDN).backoffs = []simBackoff{bo, bo, bo}
	_, err := c.Logon(context.Background(), bart, betaDN)
	if !errors.Is(err, ErrBackoff) || logonError(t, err).RetryAfter != time.Second {
		t.Fatalf("err = %v, want ErrBackoff", err)
	}
	if clock.Slept() != 4*time.Second {
		t.Errorf("slept %v in all, want 2s + 2×1s", clock.Slept())
	}
}

// TestBackoffNeverPastDeadline: a backoff that would end past the context's
// deadline ends the logon at once, without waiting.
func TestBackoffNeverPastDeadline(t *testing.T) {
	net, c, clock := newProc(t)
	net.server(betaDN).backoffs = []simBackoff{{resp: codec.RopBackoffResponse{Duration: 20000}}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Logon(ctx, bart, betaDN)
	if !errors.Is(err, ErrBackoff) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if clock.Slept() != 0 || time.Since(start) > 5*time.Second {
		t.Errorf("waited %v (clock), %v (real)", clock.Slept(), time.Since(start))
	}
	if le := logonError(t, err); le.RetryAfter != 20*time.Second {
		t.Errorf("RetryAfter %v", le.RetryAfter)
	}

	// A canceled context stops a wait in progress.
	manual := newFakeClock(false)
	c.Clock = manual
	net.server(betaDN).backoffs = []simBackoff{{resp: codec.RopBackoffResponse{Duration: 1000}}}
	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := c.Logon(ctx2, bart, betaDN); done <- err }()
	manual.blockUntil(1)
	cancel2()
	assert.ErrorIs(t, <-done, context.Canceled, "canceled wait")
}

// TestRedirectBudgetAppliesToProcedure: never more than five redirected
// logons to one server within ten seconds from this client ([MS-OXCSTOR]
// 3.2.5.1.1); past the budget the logon waits or fails, as configured.
func TestRedirectBudgetAppliesToProcedure(t *testing.T) {
	mailboxes := func(net *simNet) []string {
		var mbs []string
		for i := range 7 {
			mb := mailboxDN("Milhouse" + string(rune('0'+i)))
			net.dir.set(mb, betaDN)
			mbs = append(mbs, mb)
		}
		return mbs
	}
	t.Run("waits", func(t *testing.T) {
		net, c, clock := newProc(t)
		c.Budget = NewRateBudget(BudgetConfig{Clock: clock})
		for _, mb := range mailboxes(net) {
			if _, err := c.Logon(context.Background(), mb, alphaDN); err != nil {
				t.Fatalf("%s: %v", mb, err)
			}
		}
		if p := net.total(errors.LogonServerPaused); p != 0 {
			t.Errorf("%d ecServerPaused", p)
		}
		if clock.Slept() != 10*time.Second {
			t.Errorf("waited %v, want one window", clock.Slept())
		}
	})
	t.Run("fails", func(t *testing.T) {
		net, c, clock := newProc(t)
		c.Budget = NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
		var err error
		for i, mb := range mailboxes(net)[:6] {
			if _, err = c.Logon(context.Background(), mb, alphaDN); i < 5 && err != nil {
				t.Fatal(err)
			}
		}
		var be *BudgetError
		if !errors.Is(err, ErrRedirectBudget) || !errors.As(err, &be) || be.RetryAfter != 10*time.Second {
			t.Fatalf("sixth: err = %v", err)
		}
		wantChain(t, logonError(t, err).Chain, "ALPHA")
		if d := net.dialed(); len(d) != 10 {
			t.Errorf("%d sessions, want the sixth logon not sent", len(d))
		}
	})
	t.Run("not redirected costs nothing", func(t *testing.T) {
		net, c, clock := newProc(t)
		c.Budget = NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
		for i := range 8 {
			mb := mailboxDN("Homer" + string(rune('0'+i)))
			net.dir.set(mb, alphaDN)
			if _, err := c.Logon(context.Background(), mb, alphaDN); err != nil {
				t.Fatal(err)
			}
		}
		if r := c.Budget.Remaining(alphaDN); r != 5 {
			t.Errorf("remaining %d, want 5", r)
		}
	})
	t.Run("cached route stale", func(t *testing.T) {
		// A logon to a cached server that redirects anyway is charged.
		_, c, clock := newProc(t)
		c.Budget = NewRateBudget(BudgetConfig{Clock: clock, FailFast: true})
		c.Cache = NewRedirectCache(0)
		c.Cache.Redirected(bart, gammaDN) // Bart moved from Gamma to Beta since
		res, err := c.Logon(context.Background(), bart, alphaDN)
		require.NoError(t, err)
		wantChain(t, res.Chain, "GAMMA", "BETA")
		if r := c.Budget.Remaining(gammaDN); r != 4 {
			t.Errorf("Gamma remaining %d, want 4", r)
		}
		if s, _ := c.Cache.Lookup(bart); !EqualDN(TrimPrivateMDB(s), betaDN) {
			t.Errorf("cache says %s", s)
		}
	})
}

// TestLogonOtherFailures: a code the procedure does not act on, a transport
// error and a bad output buffer end the logon with a *LogonError that keeps
// what is known.
func TestLogonOtherFailures(t *testing.T) {
	net, c, _ := newProc(t)
	if _, err := c.Logon(context.Background(), bart, "/o=Nowhere/cn=Servers/cn=OMEGA"); err == nil || !strings.Contains(err.Error(), "OMEGA") {
		t.Errorf("dial failure: %v", err)
	}
	c.Dialer = DialerFunc(func(ctx context.Context, dn string) (Session, error) {
		s, err := net.dialer("app").Dial(ctx, dn)
		return &cannedSession{Session: s, first: []byte{0x02, 0x00}}, err // an empty RopsList
	})
	if _, err := c.Logon(context.Background(), bart, betaDN); !errors.Is(err, ErrProtocol) {
		t.Errorf("empty output buffer: %v", err)
	}
	c.Dialer = DialerFunc(func(ctx context.Context, dn string) (Session, error) {
		s, err := net.dialer("app").Dial(ctx, dn)
		fail := codec.RopLogonFailureResponse{ReturnValue: errors.EC(0x80070005)} // ecAccessDenied
		b, _ := fail.MarshalBinary()
		out := codec.ROPBuffer{RopsList: b, ServerObjectHandleTable: []uint32{codec.UnusedHandle}}
		ob, _ := out.MarshalBinary()
		return &cannedSession{Session: s, first: ob}, err
	})
	_, err := c.Logon(context.Background(), bart, betaDN)
	le := logonError(t, err)
	if le.Kind != nil || le.Code != 0x80070005 || errors.LogonActionFor(err) != errors.LogonFail {
		t.Errorf("ecAccessDenied: %v", err)
	}
}

func mustROPBuffer(t *testing.T, req *codec.RopLogonRequest) []byte {
	t.Helper()
	rops, err := req.MarshalBinary()
	require.NoError(t, err)
	b, err := (&codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: []uint32{codec.UnusedHandle}}).MarshalBinary()
	require.NoError(t, err)
	return b
}
