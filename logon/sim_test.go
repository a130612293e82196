package logon

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// An in-process simulation of Exchange mailbox servers that speaks RopLogon
// in bytes through the codec: it decodes each request buffer and answers
// with an encoded response buffer, following [MS-OXCSTOR] 3.2.5.1.1.

const (
	orgDN   = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
	alphaDN = orgDN + "/cn=Configuration/cn=Servers/cn=ALPHA"
	betaDN  = orgDN + "/cn=Configuration/cn=Servers/cn=BETA"
	gammaDN = orgDN + "/cn=Configuration/cn=Servers/cn=GAMMA"
)

func mailboxDN(name string) string {
	return "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + name
}

// directory is the global directory: which server is each mailbox's home.
type directory struct {
	mu      sync.Mutex
	home    map[string]string // folded mailbox DN -> home server DN, as redirects name it
	transit map[string]bool   // folded mailbox DN -> being moved ([MS-OXCSTOR] 3.1.5.1)
	offline map[string]bool   // folded mailbox DN -> its database is offline (ecLoginFailure)
}

func newDirectory() *directory {
	return &directory{home: map[string]string{}, transit: map[string]bool{}, offline: map[string]bool{}}
}

// setState marks a mailbox in transit or on an offline database.
func (d *directory) setState(mailbox string, inTransit, offline bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.transit[foldKey(mailbox)] = inTransit
	d.offline[foldKey(mailbox)] = offline
}

func (d *directory) state(mailbox string) (inTransit, offline bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.transit[foldKey(mailbox)], d.offline[foldKey(mailbox)]
}

func (d *directory) set(mailbox, server string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.home[foldKey(mailbox)] = server
}

func (d *directory) remove(mailbox string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.home, foldKey(mailbox))
}

func (d *directory) lookup(mailbox string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.home[foldKey(mailbox)]
	return s, ok
}

// simServer is one mailbox server.
type simServer struct {
	dn    string
	dir   *directory
	clock Clock

	mu        sync.Mutex
	redirects map[string][]time.Time // client -> times of its redirected logons
	counts    map[errors.LogonAction]int

	// For the procedure tests; the zero values keep the behaviour above.
	replGUID   codec.GUID         // REPLGUID of its logons
	misroute   map[string]string  // folded mailbox -> server this server wrongly redirects to
	publicHost bool               // hosts a public folder container
	publicHome string             // public logons without IGNORE_HOME_MDB are redirected here ("" = accept)
	alternate  string             // server ALTERNATE_SERVER logons are sent to; "" = none (ecLoginFailure)
	backoffs   []simBackoff       // answers to the next ROP buffers with a RopLogon
	backoff    func() *simBackoff // when backoffs is empty: a RopBackoff for this buffer, or nil
	logons     []codec.RopLogonRequest
	sessions   int // sessions opened with it
	handles    uint32
}

// simBackoff is a RopBackoff the server puts in one ROP output buffer. Unless
// withLogon, the RopLogon is not run and the buffer holds only the backoff.
type simBackoff struct {
	resp      codec.RopBackoffResponse
	withLogon bool
}

// handle answers one RopLogon request buffer from client with a response
// buffer, as [MS-OXCSTOR] 3.2.5.1.1 says a private mailbox logon goes.
func (s *simServer) handle(client string, reqBytes []byte) []byte {
	req, n, err := codec.DecodeRopLogonRequest(reqBytes)
	if err != nil || n != len(reqBytes) {
		return s.fail(req.OutputHandleIndex, errors.EcLoginFailure)
	}
	s.mu.Lock()
	s.logons = append(s.logons, req)
	s.mu.Unlock()
	if req.LogonFlags&codec.LogonPrivate == 0 {
		return s.public(req)
	}
	home, ok := s.dir.lookup(req.Essdn)
	if !ok {
		// ESSDN not in the directory: ecUnknownUser.
		return s.fail(req.OutputHandleIndex, errors.EcUnknownUser)
	}
	if inTransit, offline := s.dir.state(req.Essdn); offline {
		// Database offline: ecLoginFailure ([MS-OXCSTOR] 3.2.5.1.1).
		return s.fail(req.OutputHandleIndex, errors.EcLoginFailure)
	} else if inTransit {
		return s.fail(req.OutputHandleIndex, errors.EcMailboxInTransit)
	}
	s.mu.Lock()
	to, misrouted := s.misroute[foldKey(req.Essdn)]
	if misrouted {
		home = to // this server's stale idea of the mailbox's home, itself included
	}
	s.mu.Unlock()
	if !misrouted && EqualDN(TrimPrivateMDB(home), s.dn) {
		s.mu.Lock()
		guid := s.replGUID
		s.mu.Unlock()
		resp := codec.RopLogonPrivateResponse{
			OutputHandleIndex: req.OutputHandleIndex,
			LogonFlags:        req.LogonFlags,
			ResponseFlags:     codec.ResponseReserved,
			ReplGUID:          guid,
			LogonTime:         codec.LogonTime{Day: 1, Month: 3, Year: 2024, Hour: 9},
		}
		b, err := resp.MarshalBinary()
		if err != nil {
			panic(err)
		}
		s.count(errors.LogonSucceeded)
		return b
	}
	// Not hosted here. More than five redirected logons from this client
	// within ten seconds: ecServerPaused; otherwise ecWrongServer naming home.
	s.mu.Lock()
	now := s.clock.Now()
	recent := s.redirects[client][:0]
	for _, t := range s.redirects[client] {
		if t.After(now.Add(-10 * time.Second)) {
			recent = append(recent, t)
		}
	}
	s.redirects[client] = recent
	paused := len(recent) >= 5
	if !paused {
		s.redirects[client] = append(recent, now)
	}
	s.mu.Unlock()
	if paused {
		return s.fail(req.OutputHandleIndex, errors.EcServerPaused)
	}
	resp := codec.RopLogonRedirectResponse{
		OutputHandleIndex: req.OutputHandleIndex,
		LogonFlags:        req.LogonFlags,
		ServerName:        home,
	}
	b, err := resp.MarshalBinary()
	if err != nil {
		panic(err)
	}
	s.count(errors.LogonRedirect)
	return b
}

// public answers a public folders logon as [MS-OXCSTOR] 3.2.5.1.2 says:
// ALTERNATE_SERVER is redirected to the alternate (ecLoginFailure when there
// is none); a logon to a server without a public folder container fails with
// ecLoginFailure; one without IGNORE_HOME_MDB to a server that is not the
// user's default is redirected to the default.
func (s *simServer) public(req codec.RopLogonRequest) []byte {
	s.mu.Lock()
	alternate, host, home, guid := s.alternate, s.publicHost, s.publicHome, s.replGUID
	s.mu.Unlock()
	redirect := func(to string) []byte {
		resp := codec.RopLogonRedirectResponse{OutputHandleIndex: req.OutputHandleIndex, LogonFlags: req.LogonFlags, ServerName: to}
		b, err := resp.MarshalBinary()
		if err != nil {
			panic(err)
		}
		s.count(errors.LogonRedirect)
		return b
	}
	switch {
	case req.OpenFlags&codec.OpenPublic == 0:
		return s.fail(req.OutputHandleIndex, errors.EcLoginFailure)
	case req.OpenFlags&codec.OpenAlternateServer != 0:
		if alternate == "" {
			return s.fail(req.OutputHandleIndex, errors.EcLoginFailure)
		}
		return redirect(alternate)
	case !host:
		return s.fail(req.OutputHandleIndex, errors.EcLoginFailure)
	case req.OpenFlags&codec.OpenIgnoreHomeMDB == 0 && home != "":
		return redirect(home)
	}
	resp := codec.RopLogonPublicResponse{OutputHandleIndex: req.OutputHandleIndex, LogonFlags: req.LogonFlags, ReplGUID: guid}
	b, err := resp.MarshalBinary()
	if err != nil {
		panic(err)
	}
	s.count(errors.LogonSucceeded)
	return b
}

// execute answers a ROP input buffer with a ROP output buffer ([MS-OXCROPS]
// 2.2.1, 3.2.5.1): each RopLogon in the RopsList is run (or held off by a
// queued RopBackoff), the handle of a logon that succeeded goes in the
// handle table at its OutputHandleIndex.
func (s *simServer) execute(client string, in []byte) ([]byte, error) {
	var buf codec.ROPBuffer
	if err := buf.UnmarshalBinary(in); err != nil {
		return nil, fmt.Errorf("sim: RPC fails with 0x000004B6: %w", err)
	}
	out := codec.ROPBuffer{ServerObjectHandleTable: append([]uint32(nil), buf.ServerObjectHandleTable...)}
	for rop, err := range codec.Requests(buf.RopsList) {
		if err != nil {
			return nil, fmt.Errorf("sim: RPC fails with 0x000004B6: %w", err)
		}
		req, ok := rop.(*codec.RopLogonRequest)
		if !ok {
			return nil, fmt.Errorf("sim: RopId %#x not simulated", rop.RopID())
		}
		s.mu.Lock()
		var bo *simBackoff
		if len(s.backoffs) > 0 {
			bo = &s.backoffs[0]
			s.backoffs = s.backoffs[1:]
		} else if s.backoff != nil {
			bo = s.backoff()
		}
		s.mu.Unlock()
		if bo == nil || bo.withLogon {
			reqBytes, err := req.MarshalBinary()
			if err != nil {
				return nil, err
			}
			respBytes := s.handle(client, reqBytes)
			out.RopsList = append(out.RopsList, respBytes...)
			if resp, _, err := codec.DecodeRopLogonResponse(respBytes); err == nil && resp.Status() == nil {
				for int(req.OutputHandleIndex) >= len(out.ServerObjectHandleTable) {
					out.ServerObjectHandleTable = append(out.ServerObjectHandleTable, 0xFFFFFFFF)
				}
				s.mu.Lock()
				s.handles++
				out.ServerObjectHandleTable[req.OutputHandleIndex] = 0x1000 + s.handles
				s.mu.Unlock()
			}
		}
		if bo != nil {
			var err error
			if out.RopsList, err = bo.resp.AppendBinary(out.RopsList); err != nil {
				return nil, err
			}
		}
	}
	return out.MarshalBinary()
}

// loggedOn returns the RopLogon requests the server received.
func (s *simServer) loggedOn() []codec.RopLogonRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]codec.RopLogonRequest(nil), s.logons...)
}

func (s *simServer) fail(h uint8, ec errors.EC) []byte {
	resp := codec.RopLogonFailureResponse{OutputHandleIndex: h, ReturnValue: ec}
	b, err := resp.MarshalBinary()
	if err != nil {
		panic(err)
	}
	s.count(errors.LogonActionFor(ec))
	return b
}

func (s *simServer) count(a errors.LogonAction) {
	s.mu.Lock()
	s.counts[a]++
	s.mu.Unlock()
}

// simNet is the set of servers a client can open sessions to.
type simNet struct {
	dir     *directory
	clock   Clock
	servers map[string]*simServer // folded server DN

	// latency, if set, gives each ROP buffer its time on the way to the
	// server (the server reads it, and counts a redirect, on arrival) and
	// the way back.
	latency func() (up, down time.Duration)

	mu    sync.Mutex
	dials []string // server DNs sessions were opened with, in order
}

// dialer returns a Dialer for the client id: its sessions speak ROP buffers
// to the servers of n.
func (n *simNet) dialer(client string) Dialer {
	return DialerFunc(func(ctx context.Context, serverDN string) (Session, error) {
		n.mu.Lock()
		n.dials = append(n.dials, serverDN)
		n.mu.Unlock()
		s := n.server(serverDN)
		if s == nil {
			return nil, fmt.Errorf("sim: no server %q", serverDN)
		}
		s.mu.Lock()
		s.sessions++
		s.mu.Unlock()
		return &simSession{net: n, srv: s, client: client}, nil
	})
}

// dialed returns the short names of the servers sessions were opened with.
func (n *simNet) dialed() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var names []string
	for _, d := range n.dials {
		names = append(names, ServerShortName(d))
	}
	return names
}

// simSession is one Session Context with a simulated server.
type simSession struct {
	net    *simNet
	srv    *simServer
	client string

	mu     sync.Mutex
	closed bool
}

func (s *simSession) Execute(ctx context.Context, in []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, fmt.Errorf("sim: session with %s closed", ServerShortName(s.srv.dn))
	}
	if s.net.latency == nil {
		return s.srv.execute(s.client, in)
	}
	up, down := s.net.latency()
	if err := s.net.sleep(ctx, up); err != nil {
		return nil, err
	}
	out, err := s.srv.execute(s.client, in)
	if err != nil {
		return nil, err
	}
	if err := s.net.sleep(ctx, down); err != nil {
		return nil, err
	}
	return out, nil
}

// sleep waits d on the network's clock, or until ctx is done.
func (n *simNet) sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-n.clock.After(d):
		return nil
	}
}

func (s *simSession) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return nil
}

func newSimNet(clock Clock, serverDNs ...string) *simNet {
	n := &simNet{dir: newDirectory(), clock: clock, servers: map[string]*simServer{}}
	for _, dn := range serverDNs {
		n.servers[foldKey(dn)] = &simServer{dn: dn, dir: n.dir, clock: clock,
			redirects: map[string][]time.Time{}, counts: map[errors.LogonAction]int{}}
	}
	return n
}

// server returns the server a DN names, with or without its private MDB.
func (n *simNet) server(dn string) *simServer {
	return n.servers[foldKey(TrimPrivateMDB(dn))]
}

// total counts the responses of one kind sent by all servers.
func (n *simNet) total(a errors.LogonAction) int {
	sum := 0
	for _, s := range n.servers {
		s.mu.Lock()
		sum += s.counts[a]
		s.mu.Unlock()
	}
	return sum
}

// simClient is one session of a client program (the seed's MAPI profile):
// it knows one server (its profile's), and may share a RedirectCache and a
// RateBudget that outlive it.
type simClient struct {
	id      string
	net     *simNet
	profile string // server DN the client connects to when it has no better idea
	cache   *RedirectCache
	budget  *RateBudget
	step    time.Duration // time between logons: "quick succession"

	mu        sync.Mutex
	redirects map[string]int // folded mailbox -> redirects seen
	paused    int
}

type logonResult struct {
	server string // where the logon succeeded
	action errors.LogonAction
	hops   int
}

// logon opens mailbox the way a client following [MS-OXCSTOR] 3.1.5.1 does:
// consult the cache, take a place in the budget for the request (any may be
// redirected), send the request bytes, decode the response bytes, end the
// place, update the cache, follow one redirect.
func (c *simClient) logon(ctx context.Context, mailbox string) (res logonResult, err error) {
	server := c.profile
	if c.cache != nil {
		if s, ok := c.cache.Lookup(mailbox); ok {
			server = s
		}
	}
	if c.step > 0 {
		c.net.clock.(*fakeClock).Advance(c.step)
	}
	for hop := 0; hop < 3; hop++ {
		var place Reservation
		if c.budget != nil {
			if place, err = c.budget.Acquire(ctx, server); err != nil {
				return logonResult{}, err
			}
		}
		var req []byte
		req, err = codec.NewPrivateLogon(0, 0, mailbox).MarshalBinary()
		if err != nil {
			return logonResult{}, err
		}
		srv := c.net.server(server)
		if srv == nil {
			return logonResult{}, fmt.Errorf("no server %q", server)
		}
		resp, _, err := codec.DecodeRopLogonResponse(srv.handle(c.id, req))
		if err != nil {
			return logonResult{}, err
		}
		action := errors.LogonActionFor(resp.Status())
		if action == errors.LogonRedirect || action == errors.LogonServerPaused {
			place.Charge() // the server counted it when it arrived
		} else {
			place.Release()
		}
		if c.cache != nil {
			c.cache.Observe(mailbox, resp)
		}
		switch action {
		case errors.LogonSucceeded:
			return logonResult{server: server, action: action, hops: hop}, nil
		case errors.LogonRedirect:
			c.mu.Lock()
			if c.redirects == nil {
				c.redirects = map[string]int{}
			}
			c.redirects[foldKey(mailbox)]++
			c.mu.Unlock()
			server = resp.(*codec.RopLogonRedirectResponse).ServerName
		case errors.LogonServerPaused:
			c.mu.Lock()
			c.paused++
			c.mu.Unlock()
			return logonResult{server: server, action: action}, resp.Status()
		default:
			return logonResult{server: server, action: action}, resp.Status()
		}
	}
	return logonResult{}, fmt.Errorf("too many redirects for %q", mailbox)
}

// seedMailboxes sets up the seed's organization: n mailboxes on Alpha
// (homer0...) and n on Beta (bart0...). Beta's redirects name its private
// MDB, as some servers do.
func seedMailboxes(net *simNet, n int) (onAlpha, onBeta []string) {
	for i := 0; i < n; i++ {
		a, b := mailboxDN(fmt.Sprintf("homer%d", i)), mailboxDN(fmt.Sprintf("Bart%d", i))
		net.dir.set(a, alphaDN)
		net.dir.set(b, betaDN+PrivateMDBSuffix)
		onAlpha, onBeta = append(onAlpha, a), append(onBeta, b)
	}
	return onAlpha, onBeta
}

// TestSimServerPausesSixthRedirect checks the simulator against the rule it
// models ([MS-OXCSTOR] 3.2.5.1.1, 3.2.5.1.3): five redirected logons within
// ten seconds are answered with ecWrongServer, the sixth with
// ecServerPaused, and once the window has passed redirects resume.
func TestSimServerPausesSixthRedirect(t *testing.T) {
	clock := newFakeClock(false)
	net := newSimNet(clock, alphaDN, betaDN)
	_, onBeta := seedMailboxes(net, 7)
	c := &simClient{id: "c1", net: net, profile: alphaDN, step: time.Second}
	for i, mb := range onBeta[:6] {
		_, err := c.logon(context.Background(), mb)
		if i < 5 && err != nil {
			t.Fatalf("logon %d: %v", i+1, err)
		}
		if i == 5 && err != errors.EcServerPaused {
			t.Fatalf("logon 6 within 10 s: err = %v, want ecServerPaused", err)
		}
	}
	clock.Advance(10 * time.Second)
	if _, err := c.logon(context.Background(), onBeta[6]); err != nil {
		t.Fatalf("logon after the window: %v", err)
	}
}

// TestSeed001Scenario replays seed 001: a program opens many mailboxes on
// two servers (Alpha, which its profile names, and Beta) in quick
// succession, logging out between passes. Without a cache every logon to a
// Beta mailbox goes through Alpha and is redirected, and Exchange soon
// answers ecServerPaused. With a RedirectCache that outlives the sessions and
// a RateBudget, each Beta mailbox is redirected exactly once, Alpha mailboxes
// never, and ecServerPaused never comes.
func TestSeed001Scenario(t *testing.T) {
	const perServer, passes = 10, 4
	ctx := context.Background()

	t.Run("without cache", func(t *testing.T) {
		clock := newFakeClock(true)
		net := newSimNet(clock, alphaDN, betaDN)
		onAlpha, onBeta := seedMailboxes(net, perServer)
		paused := 0
		for pass := 0; pass < passes; pass++ {
			c := &simClient{id: "app", net: net, profile: alphaDN, step: 200 * time.Millisecond}
			for i := range onAlpha {
				for _, mb := range []string{onAlpha[i], onBeta[i]} {
					if _, err := c.logon(ctx, mb); err == errors.EcServerPaused {
						paused++
					}
				}
			}
		}
		if paused == 0 {
			t.Fatal("no ecServerPaused without a cache; the simulation does not reproduce the seed")
		}
		t.Logf("without cache: %d redirects, %d ecServerPaused", net.total(errors.LogonRedirect), paused)
	})

	t.Run("with cache and budget", func(t *testing.T) {
		clock := newFakeClock(true)
		net := newSimNet(clock, alphaDN, betaDN)
		onAlpha, onBeta := seedMailboxes(net, perServer)
		cache := NewRedirectCache(0)
		budget := NewRateBudget(BudgetConfig{Clock: clock})
		perMailbox := map[string]int{}
		for pass := 0; pass < passes; pass++ {
			// A new session each pass: the seed's program logged all the way
			// out between mailboxes. The cache and budget are not the session's.
			c := &simClient{id: "app", net: net, profile: alphaDN, cache: cache, budget: budget, step: 200 * time.Millisecond}
			for i := range onAlpha {
				for _, mb := range []string{onAlpha[i], onBeta[i]} {
					r, err := c.logon(ctx, mb)
					require.NoError(t, err, "pass %d, %s", pass, mb)
					want := betaDN
					if mb == onAlpha[i] {
						want = alphaDN
					}
					if !EqualDN(TrimPrivateMDB(r.server), want) {
						t.Fatalf("%s opened on %s, want %s", mb, r.server, want)
					}
				}
			}
			for k, v := range c.redirects {
				perMailbox[k] += v
			}
		}
		for _, mb := range onBeta {
			if got := perMailbox[foldKey(mb)]; got != 1 {
				t.Errorf("%s redirected %d times, want exactly 1", mb, got)
			}
		}
		for _, mb := range onAlpha {
			if got := perMailbox[foldKey(mb)]; got != 0 {
				t.Errorf("%s redirected %d times, want 0", mb, got)
			}
		}
		if p := net.total(errors.LogonServerPaused); p != 0 {
			t.Errorf("%d ecServerPaused with cache and budget, want 0", p)
		}
		if r := net.total(errors.LogonRedirect); r != perServer {
			t.Errorf("%d redirects in all, want %d", r, perServer)
		}
		t.Logf("with cache: %d redirects, 0 ecServerPaused, budget waited %v", net.total(errors.LogonRedirect), clock.Slept())
	})
}
