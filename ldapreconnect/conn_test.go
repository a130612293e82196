package ldapreconnect_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	ber "github.com/go-asn1-ber/asn1-ber"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/ldapreconnect"
)

type outcome struct {
	resp *ldapreconnect.Response
	err  error
}

func start(c *ldapreconnect.Conn, req ldapreconnect.Request) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		r, err := c.Do(context.Background(), req)
		ch <- outcome{r, err}
	}()
	return ch
}

func wait(t *testing.T, ch <-chan outcome) outcome {
	t.Helper()
	select {
	case o := <-ch:
		return o
	case <-time.After(10 * time.Second):
		t.Fatal("request did not complete")
		return outcome{}
	}
}

func connect(t *testing.T, s *simServer, auto bool) *ldapreconnect.Conn {
	t.Helper()
	c, err := ldapreconnect.NewConn(ldapreconnect.Config{Dialer: s.dialer(), NoAutoReconnect: !auto})
	require.NoError(t, err)
	require.NoError(t, c.Connect(context.Background()))
	t.Cleanup(func() { c.Close() })
	return c
}

func sim(t *testing.T) *simServer {
	s := newSim()
	t.Cleanup(s.Close)
	return s
}

func waitReq(t *testing.T, s *simServer, f func(simReq) bool, n int) {
	t.Helper()
	if !waitFor(func() bool { return s.count(f) >= n }) {
		t.Fatalf("server saw %d matching requests, want %d: %+v", s.count(f), n, s.requests())
	}
}

func base(dn string) func(simReq) bool {
	return func(r simReq) bool { return r.op == 3 && r.dn == dn }
}

func onConn(i int, f func(simReq) bool) func(simReq) bool {
	return func(r simReq) bool { return r.conn == i && f(r) }
}

func holdOnFirst(r simReq, _ int) verdict {
	if r.conn == 0 && r.op != 0 {
		return hold
	}
	return reply
}

// checkServerDown checks the result [MS-ADTS] 7.6.3.1 step 3 and 7.6.2.7
// step 5 construct for a request with protocolOp requestOp.
func checkServerDown(t *testing.T, o outcome, id int64, requestOp byte) {
	t.Helper()
	if o.err != nil {
		t.Fatalf("err = %v, want a LDAP_SERVER_DOWN response", o.err)
	}
	r := o.resp
	want := ldapreconnect.Result{MessageID: id, Code: errors.LDAP_SERVER_DOWN}
	if !r.Synthesized || r.Result != want {
		t.Fatalf("response = %+v, want synthesized %+v", r, want)
	}
	last := r.Messages[len(r.Messages)-1]
	golden, err := ldapreconnect.AppendServerDown(nil, id, requestOp)
	if err != nil || !bytes.Equal(last, golden) {
		t.Fatalf("last message % x, want % x (%v)", last, golden, err)
	}
	// Decoded independently: LDAPMessage{id, [APPLICATION n]{81, "", ""}}.
	p := ber.DecodePacket(last)
	if asInt(p.Children[0]) != id || len(p.Children[1].Children) != 3 || asInt(p.Children[1].Children[0]) != 0x51 {
		t.Fatalf("decoded %s", ber.DescribePacket(p))
	}
}

func idOf(t *testing.T, s *simServer, f func(simReq) bool) int64 {
	t.Helper()
	for _, r := range s.requests() {
		if f(r) {
			return r.id
		}
	}
	t.Fatal("no such request")
	return 0
}

// [MS-ADTS] 7.3: LDAP_OPT_AUTO_RECONNECT "The default value is TRUE."
func TestADConnectionAutoReconnectDefaultTrue(t *testing.T) {
	c, err := ldapreconnect.NewConn(ldapreconnect.Config{Dialer: sim(t).dialer()})
	require.NoError(t, err)
	assert.True(t, c.AutoReconnect(), "NewConn with a zero NoAutoReconnect")
	assert.True(t, ldapreconnect.New(nil).AutoReconnect(), "New, the earlier constructor")
}

// NewConn refuses a Config without a Dialer or with a negative TimeLimit;
// New, the earlier constructor, does not panic on a nil Dialer: Connect
// returns the error instead.
func TestNewConnRefusesBadConfig(t *testing.T) {
	c, err := ldapreconnect.NewConn(ldapreconnect.Config{})
	assert.Nil(t, c)
	assert.ErrorContains(t, err, "Config.Dialer is nil")
	c, err = ldapreconnect.NewConn(ldapreconnect.Config{Dialer: sim(t).dialer(), TimeLimit: -time.Second})
	assert.Nil(t, c)
	assert.ErrorContains(t, err, "TimeLimit -1s is negative")

	old := ldapreconnect.New(nil)
	defer old.Close()
	assert.ErrorContains(t, old.Connect(context.Background()), "Config.Dialer is nil")
	assert.False(t, old.Connected())
}

// Step 1: the procedure runs on the ADConnection holding the failed
// connection, and on no other.
func TestProcessNetworkErrorStep1OnlyContainingADConnection(t *testing.T) {
	s := sim(t)
	s.setRule(func(simReq, int) verdict { return hold })
	c1 := connect(t, s, false)
	c2 := connect(t, s, false)
	o1 := start(c1, search("cn=one"))
	start(c2, search("cn=two"))
	waitReq(t, s, base("cn=one"), 1)
	waitReq(t, s, base("cn=two"), 1)
	var conn1 int
	for _, r := range s.requests() {
		if r.dn == "cn=one" {
			conn1 = r.conn
		}
	}
	s.mu.Lock()
	s.conns[conn1].Close()
	s.mu.Unlock()
	checkServerDown(t, wait(t, o1), 1, 0x63)
	if !c2.Connected() || c2.Pending() != 1 {
		t.Fatalf("other Conn: connected %v, pending %d", c2.Connected(), c2.Pending())
	}
}

// Step 2: the client closes its TCP connection (the server sees the client's
// FIN after shutting its own write side).
func TestProcessNetworkErrorStep2ClosesConnection(t *testing.T) {
	for _, auto := range []bool{false, true} {
		t.Run(fmt.Sprintf("auto=%v", auto), func(t *testing.T) {
			s := sim(t)
			s.setRule(func(r simReq, _ int) verdict {
				if r.conn == 0 {
					return halfClose
				}
				return reply
			})
			c := connect(t, s, auto)
			o := wait(t, start(c, search("cn=x")))
			if !waitFor(func() bool { return s.closedByPeer(0) }) {
				t.Fatal("client did not close the failed connection")
			}
			if auto != !o.resp.Synthesized {
				t.Fatalf("auto=%v: response %+v", auto, o.resp)
			}
		})
	}
}

// Step 3: auto-reconnect FALSE: every pending request completes with
// LDAP_SERVER_DOWN, its message ID, empty matchedDN and errorMessage; no
// reconnect.
func TestProcessNetworkErrorStep3CompletesPendingWithServerDown(t *testing.T) {
	s := sim(t)
	s.setRule(func(simReq, int) verdict { return hold })
	c := connect(t, s, false)
	reqs := []struct {
		req ldapreconnect.Request
		op  byte
		f   func(simReq) bool
	}{
		{search("cn=a"), 0x63, base("cn=a")},
		{search("cn=b"), 0x63, base("cn=b")},
		{ldapreconnect.Request{Op: delOp("cn=c")}, 0x4A, func(r simReq) bool { return r.op == 10 }},
		{notificationSearch("cn=d"), 0x63, base("cn=d")},
	}
	var chans []<-chan outcome
	for _, r := range reqs {
		chans = append(chans, start(c, r.req))
		waitReq(t, s, r.f, 1)
	}
	s.dropAll()
	for i, r := range reqs {
		checkServerDown(t, wait(t, chans[i]), idOf(t, s, r.f), r.op)
	}
	if n := s.numConns(); n != 1 {
		t.Fatalf("%d connections, want 1 (no reconnect)", n)
	}
	if c.Connected() || c.Pending() != 0 {
		t.Fatalf("connected %v, pending %d", c.Connected(), c.Pending())
	}
	// 7.6.2.5 on a connection that is gone: the send fails, LDAP_SERVER_DOWN.
	o := wait(t, start(c, search("cn=later")))
	if !o.resp.Synthesized || o.resp.Result.Code != errors.LDAP_SERVER_DOWN {
		t.Fatalf("after close: %+v", o.resp)
	}
}

// Step 4: auto-reconnect TRUE runs 7.6.2.7: a new connection, the pending
// request resent and answered.
func TestProcessNetworkErrorStep4InvokesAutoreconnect(t *testing.T) {
	s := sim(t)
	s.setRule(holdOnFirst)
	c := connect(t, s, true)
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	s.dropAll()
	o := wait(t, ch)
	if o.err != nil || o.resp.Synthesized || o.resp.Result.Code != errors.LDAP_SUCCESS || o.resp.Resends != 1 {
		t.Fatalf("response %+v, err %v", o.resp, o.err)
	}
	if s.numConns() != 2 || c.Reconnects() != 1 || s.count(onConn(1, base("cn=x"))) != 1 {
		t.Fatalf("conns %d, reconnects %d, requests %+v", s.numConns(), c.Reconnects(), s.requests())
	}
	// The same message ID is kept on the new connection.
	if ids := []int64{idOf(t, s, onConn(0, base("cn=x"))), idOf(t, s, onConn(1, base("cn=x")))}; ids[0] != ids[1] || o.resp.Result.MessageID != ids[0] {
		t.Fatalf("message IDs %v, result %d", ids, o.resp.Result.MessageID)
	}
}

// 7.6.2.7 steps 1, 2 and 4: bind again only if the connection had been bound.
func TestAutoreconnectStep4RebindsOnlyIfBound(t *testing.T) {
	isBind := func(r simReq) bool { return r.op == 0 }
	cases := []struct {
		name      string
		password  string // "" for no bind
		wantBound bool
	}{
		{"bound", "secret", true},
		{"never bound", "", false},
		{"bind failed", "bad", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := sim(t)
			s.setRule(holdOnFirst)
			c := connect(t, s, true)
			var bindBytes []byte
			if tc.password != "" {
				bindBytes = bindOp("cn=admin", tc.password)
				r, err := c.Bind(context.Background(), ldapreconnect.Request{Op: bindBytes})
				if err != nil || (r.Result.Code == errors.LDAP_SUCCESS) != tc.wantBound {
					t.Fatalf("bind: %+v %v", r, err)
				}
			}
			if c.Bound() != tc.wantBound {
				t.Fatalf("Bound() = %v before the failure", c.Bound())
			}
			ch := start(c, search("cn=x"))
			waitReq(t, s, base("cn=x"), 1)
			s.dropAll()
			if o := wait(t, ch); o.err != nil || o.resp.Result.Code != errors.LDAP_SUCCESS {
				t.Fatalf("response %+v, err %v", o.resp, o.err)
			}
			rebinds := s.count(onConn(1, isBind))
			if tc.wantBound != (rebinds == 1) || rebinds > 1 {
				t.Fatalf("%d binds on the new connection", rebinds)
			}
			if tc.wantBound {
				reqs := s.requests()
				var first simReq
				for _, r := range reqs {
					if r.conn == 1 {
						first = r
						break
					}
				}
				if first.op != 0 || !bytes.Equal(first.opBytes, bindBytes) {
					t.Fatalf("first request on the new connection %+v, want the bind replayed", first)
				}
			}
			if c.Bound() != tc.wantBound {
				t.Fatalf("Bound() = %v after the reconnect", c.Bound())
			}
		})
	}
}

// 7.6.2.7 step 3: Connecting to a Directory Server fails, the task returns
// FALSE. The document does not say what becomes of the pending requests; they
// complete with LDAP_SERVER_DOWN.
func TestAutoreconnectStep3ConnectFailureCompletesWithServerDown(t *testing.T) {
	s := sim(t)
	s.setRule(holdOnFirst)
	c := connect(t, s, true)
	if _, err := c.Bind(context.Background(), ldapreconnect.Request{Op: bindOp("cn=admin", "secret")}); err != nil {
		t.Fatal(err)
	}
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	s.closeListener()
	s.dropAll()
	checkServerDown(t, wait(t, ch), idOf(t, s, base("cn=x")), 0x63)
	if c.Connected() || c.Bound() || c.Reconnects() != 0 {
		t.Fatalf("connected %v, bound %v, reconnects %d", c.Connected(), c.Bound(), c.Reconnects())
	}
}

// 7.6.2.7 step 4: the rebind fails, the task returns FALSE; the new
// connection is closed and nothing is resent.
func TestAutoreconnectStep4RebindFailureCompletesWithServerDown(t *testing.T) {
	s := sim(t)
	s.setRule(holdOnFirst)
	s.bindCode = func(r simReq) int64 {
		if r.conn > 0 {
			return 49
		}
		return 0
	}
	c := connect(t, s, true)
	if _, err := c.Bind(context.Background(), ldapreconnect.Request{Op: bindOp("cn=admin", "secret")}); err != nil {
		t.Fatal(err)
	}
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	s.dropAll()
	checkServerDown(t, wait(t, ch), idOf(t, s, base("cn=x")), 0x63)
	if !waitFor(func() bool { return s.closedByPeer(1) }) {
		t.Fatal("the connection whose rebind failed was not closed")
	}
	if s.count(onConn(1, base("cn=x"))) != 0 || c.Bound() || c.Connected() {
		t.Fatalf("requests %+v, bound %v", s.requests(), c.Bound())
	}
}

// 7.6.2.7 step 5: only pending requests whose resultMessages is empty are
// resent. A search that had returned entries is not; it ends with its
// entries followed by LDAP_SERVER_DOWN (the document leaves it pending).
func TestAutoreconnectStep5ResendsPendingWithoutResult(t *testing.T) {
	s := sim(t)
	s.setRule(func(r simReq, _ int) verdict {
		switch {
		case r.conn > 0 || r.dn == "cn=answered":
			return reply
		case r.dn == "cn=partial":
			return entryOnly
		}
		return hold
	})
	c := connect(t, s, true)
	if o := wait(t, start(c, search("cn=answered"))); o.resp.Result.Code != errors.LDAP_SUCCESS {
		t.Fatalf("%+v", o.resp)
	}
	held := start(c, search("cn=held"))
	partial := start(c, search("cn=partial"))
	waitReq(t, s, base("cn=held"), 1)
	waitReq(t, s, base("cn=partial"), 1)
	if !waitFor(func() bool { return c.Pending() == 2 }) {
		t.Fatal("requests not pending")
	}
	time.Sleep(5 * time.Millisecond) // let the entry reach the client
	s.dropAll()
	if o := wait(t, held); o.resp.Synthesized || o.resp.Resends != 1 {
		t.Fatalf("held: %+v", o.resp)
	}
	o := wait(t, partial)
	checkServerDown(t, o, idOf(t, s, base("cn=partial")), 0x63)
	if len(o.resp.Messages) != 2 || o.resp.Resends != 0 {
		t.Fatalf("partial: %+v", o.resp)
	}
	if s.count(onConn(1, base("cn=partial"))) != 0 || s.count(onConn(1, base("cn=answered"))) != 0 || s.count(onConn(1, base("cn=held"))) != 1 {
		t.Fatalf("requests on the new connection: %+v", s.requests())
	}
}

// 7.6.2.7 step 5: numResends greater than 20 ends the request with
// LDAP_SERVER_DOWN: the server sees it 1 + 20 times.
func TestAutoreconnectStep5ResendLimit20(t *testing.T) {
	s := sim(t)
	s.setRule(func(r simReq, _ int) verdict {
		if r.dn == "cn=doomed" {
			return drop
		}
		return reply
	})
	c := connect(t, s, true)
	o := wait(t, start(c, search("cn=doomed")))
	checkServerDown(t, o, idOf(t, s, base("cn=doomed")), 0x63)
	if got := s.count(base("cn=doomed")); got != 1+ldapreconnect.MaxResends {
		t.Fatalf("server saw the request %d times, want %d", got, 1+ldapreconnect.MaxResends)
	}
	if o.resp.Resends != ldapreconnect.MaxResends+1 {
		t.Fatalf("Resends = %d", o.resp.Resends)
	}
	// The connection itself is back: another request works.
	if o := wait(t, start(c, search("cn=fine"))); o.resp.Synthesized {
		t.Fatalf("%+v", o.resp)
	}
}

// 7.6.2.7 step 5: a SearchRequest with LDAP_SERVER_NOTIFICATION_OID is never
// resent; other requests, and non-search requests with the control, are.
func TestAutoreconnectStep5NotificationSearchNotResent(t *testing.T) {
	s := sim(t)
	s.setRule(holdOnFirst)
	c := connect(t, s, true)
	notify := start(c, notificationSearch("cn=watch"))
	plain := start(c, search("cn=plain"))
	isDel := func(r simReq) bool { return r.op == 10 }
	del := start(c, ldapreconnect.Request{Op: delOp("cn=gone"), Controls: controls(ldapreconnect.NotificationOID)})
	waitReq(t, s, base("cn=watch"), 1)
	waitReq(t, s, base("cn=plain"), 1)
	waitReq(t, s, isDel, 1)
	s.dropAll()
	o := wait(t, notify)
	checkServerDown(t, o, idOf(t, s, base("cn=watch")), 0x63)
	if o.resp.Resends != 1 {
		t.Fatalf("Resends = %d", o.resp.Resends)
	}
	for _, ch := range []<-chan outcome{plain, del} {
		if o := wait(t, ch); o.resp.Synthesized {
			t.Fatalf("%+v", o.resp)
		}
	}
	if s.count(onConn(1, base("cn=watch"))) != 0 {
		t.Fatal("notification search resent")
	}
}

// failSendDialer dials the simulated server; the connection of dial number
// failOn fails every Send with EPIPE (the transport is real, only the write
// result is replaced).
type failSendDialer struct {
	d      *ldapreconnect.NetDialer
	n      atomic.Int32
	failOn int32
}

type failSend struct{ ldapreconnect.Transport }

func (failSend) Send([]byte) error {
	return &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}
}

func (f *failSendDialer) Dial(ctx context.Context) (ldapreconnect.Transport, error) {
	tr, err := f.d.Dial(ctx)
	if err != nil {
		return nil, err
	}
	if f.n.Add(1) == f.failOn {
		return failSend{tr}, nil
	}
	return tr, nil
}

// 7.6.2.7 step 5: a resend that fails (7.6.2.5 returns FALSE) completes with
// LDAP_SERVER_DOWN; the write failure is itself a network error, so the Conn
// reconnects again.
func TestAutoreconnectStep5FailedResendCompletesWithServerDown(t *testing.T) {
	s := sim(t)
	s.setRule(holdOnFirst)
	c := ldapreconnect.New(&failSendDialer{d: s.dialer(), failOn: 2})
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.Connect(context.Background()))
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	s.dropAll()
	o := wait(t, ch)
	checkServerDown(t, o, idOf(t, s, base("cn=x")), 0x63)
	if o.resp.Resends != 1 {
		t.Fatalf("Resends = %d", o.resp.Resends)
	}
	if !waitFor(func() bool { return c.Reconnects() == 2 && c.Connected() }) {
		t.Fatalf("reconnects %d", c.Reconnects())
	}
	if o := wait(t, start(c, search("cn=y"))); o.resp.Synthesized {
		t.Fatalf("%+v", o.resp)
	}
}

// 7.6.2.5: with no connection the send fails and the request completes with
// LDAP_SERVER_DOWN.
func TestPerformOperationNotConnected(t *testing.T) {
	c := ldapreconnect.New(ldapreconnect.DialerFunc(func(context.Context) (ldapreconnect.Transport, error) {
		return nil, syscall.ECONNREFUSED
	}))
	defer c.Close()
	r, err := c.Do(context.Background(), search("cn=x"))
	if err != nil || !r.Synthesized || r.Result != (ldapreconnect.Result{MessageID: 1, Code: errors.LDAP_SERVER_DOWN}) {
		t.Fatalf("%+v %v", r, err)
	}
	require.ErrorIs(t, c.Connect(context.Background()), syscall.ECONNREFUSED, "Connect")
}

// An error that is not a network failure (a malformed response) does not
// start 7.6.3.1: the requests fail with the error, nothing is resent.
func TestMalformedResponseIsNotANetworkError(t *testing.T) {
	s := sim(t)
	s.setRule(func(r simReq, _ int) verdict {
		if r.dn == "cn=bad" {
			return garbage
		}
		return hold
	})
	c := connect(t, s, true)
	other := start(c, search("cn=other"))
	waitReq(t, s, base("cn=other"), 1)
	o := wait(t, start(c, search("cn=bad")))
	if !errors.Is(o.err, ldapreconnect.ErrMalformed) {
		t.Fatalf("err = %v", o.err)
	}
	if o := wait(t, other); !errors.Is(o.err, ldapreconnect.ErrMalformed) {
		t.Fatalf("other: err = %v", o.err)
	}
	if s.numConns() != 1 || c.Connected() {
		t.Fatalf("conns %d, connected %v", s.numConns(), c.Connected())
	}
}

// Close (7.6.1.5) sends an UnbindRequest and fails pending requests with
// ErrClosed; a canceled context takes the request off the list.
func TestCloseAndCancel(t *testing.T) {
	s := sim(t)
	s.setRule(func(simReq, int) verdict { return hold })
	c := connect(t, s, true)
	ctx, cancel := context.WithCancel(context.Background())
	canceled := make(chan error, 1)
	go func() { _, err := c.Do(ctx, search("cn=cancel")); canceled <- err }()
	waitReq(t, s, base("cn=cancel"), 1)
	cancel()
	if err := <-canceled; err != context.Canceled || c.Pending() != 0 {
		t.Fatalf("err %v, pending %d", err, c.Pending())
	}
	ch := start(c, search("cn=x"))
	waitReq(t, s, base("cn=x"), 1)
	c.Close()
	if o := wait(t, ch); o.err != ldapreconnect.ErrClosed {
		t.Fatalf("err = %v", o.err)
	}
	waitReq(t, s, func(r simReq) bool { return r.op == 2 }, 1)
	if _, err := c.Do(context.Background(), search("cn=y")); err != ldapreconnect.ErrClosed {
		t.Fatalf("after Close: %v", err)
	}
}

// 64 goroutines drive one bound Conn while the server drops the connection
// every 97th request; every request completes, with its own answer (routed by
// message ID, 7.6.3.2) or, if its own write hit the broken connection
// (7.6.2.5), with LDAP_SERVER_DOWN.
func TestConcurrent64Goroutines(t *testing.T) {
	const goroutines, perG = 64, 25
	s := sim(t)
	s.setRule(func(r simReq, seq int) verdict {
		if r.op == 3 && seq%97 == 0 {
			return drop
		}
		return reply
	})
	c := connect(t, s, true)
	if _, err := c.Bind(context.Background(), ldapreconnect.Request{Op: bindOp("cn=admin", "secret")}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var ok, down atomic.Int32
	errs := make(chan error, goroutines*perG)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				dn := fmt.Sprintf("cn=g%d-%d", g, i)
				r, err := c.Do(context.Background(), search(dn))
				switch {
				case err != nil:
					errs <- err
				case r.Synthesized:
					if r.Result.Code != errors.LDAP_SERVER_DOWN {
						errs <- fmt.Errorf("%s: %+v", dn, r)
					}
					down.Add(1)
				default:
					p := ber.DecodePacket(r.Messages[0])
					if len(r.Messages) != 2 || r.Result.Code != 0 || string(p.Children[1].Children[0].Data.Bytes()) != dn || asInt(p.Children[0]) != r.Result.MessageID {
						errs <- fmt.Errorf("%s: wrong answer %+v", dn, r)
					}
					ok.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if c.Reconnects() == 0 || c.Pending() != 0 || !c.Bound() {
		t.Fatalf("reconnects %d, pending %d, bound %v", c.Reconnects(), c.Pending(), c.Bound())
	}
	if s.count(func(r simReq) bool { return r.op == 0 }) != 1+c.Reconnects() {
		t.Fatalf("%d binds for %d reconnects", s.count(func(r simReq) bool { return r.op == 0 }), c.Reconnects())
	}
	t.Logf("%d answered, %d LDAP_SERVER_DOWN, %d reconnects", ok.Load(), down.Load(), c.Reconnects())
}
