package goldap_test

import (
	"bufio"
	"context"
	"net"
	"sync"
	"testing"
	"time"

	ber "github.com/go-asn1-ber/asn1-ber"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/ldapreconnect/goldap"
)

// peer is a loopback server (net.Listen on 127.0.0.1) that plays a faulty
// directory server. Connection i, counted from 0 in the order accepted,
// behaves as behave(i) says. It reads requests with go-asn1-ber, an
// implementation independent of the adapter, and writes its answers as
// bytes written out by hand from RFC 4511's ASN.1.
type peer struct {
	t      testing.TB
	ln     net.Listener
	behave func(conn int) behaviour

	mu    sync.Mutex
	conns []net.Conn
	binds []int // the connection of every BindRequest received
}

type behaviour int

const (
	answer behaviour = iota // answer every request with success
	silent                  // read every request, answer none
	deaf                    // read nothing, answer nothing
	stall                   // answer with the first bytes of a response, then nothing
	badLen                  // answer with a SEQUENCE announcing 4 GiB: go-ldap's reader fails
	badID                   // answer with a messageID that is not an INTEGER: go-ldap's reader panics
	noOp                    // answer with a messageID and no protocolOp: go-ldap's Search panics
)

// garbage marks the behaviours that answer searches with bytes go-ldap
// cannot take; they answer binds like answer.
var garbage = map[behaviour][]byte{
	badLen: {0x30, 0x84, 0xff, 0xff, 0xff, 0xff},
	badID:  {0x30, 0x03, 0x04, 0x01, 'X'},
}

func newPeer(t testing.TB, behave func(conn int) behaviour) *peer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &peer{t: t, ln: ln, behave: behave}
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *peer) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		i := len(p.conns)
		p.conns = append(p.conns, c)
		p.mu.Unlock()
		go p.serve(i, c, p.behave(i))
	}
}

func (p *peer) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// drop closes connection i from the server's side.
func (p *peer) drop(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns[i].Close()
}

func (p *peer) numConns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

// bindsOn returns how many BindRequests connection i carried.
func (p *peer) bindsOn(i int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.binds {
		if c == i {
			n++
		}
	}
	return n
}

func (p *peer) serve(i int, c net.Conn, b behaviour) {
	if b == deaf {
		return // the connection stays open; nothing is read
	}
	r := bufio.NewReader(c)
	for {
		req, err := ber.ReadPacket(r)
		if err != nil || len(req.Children) < 2 {
			return
		}
		id, _ := req.Children[0].Value.(int64)
		op := req.Children[1].Tag
		if op == ber.Tag(0) { // BindRequest [APPLICATION 0]
			p.mu.Lock()
			p.binds = append(p.binds, i)
			p.mu.Unlock()
		}
		var out []byte
		switch {
		case b == silent || op == ber.Tag(2): // UnbindRequest has no response
		case b == stall:
			out = result(id, op)[:5]
		case op == ber.Tag(3) && b == noOp: // SearchRequest
			out = []byte{0x30, 0x03, 0x02, 0x01, byte(id)}
		case op == ber.Tag(3) && garbage[b] != nil:
			out = garbage[b]
		default:
			out = result(id, op)
		}
		if _, err := c.Write(out); err != nil {
			return
		}
	}
}

// result is the success response to request op with message ID id:
// LDAPMessage { messageID, [APPLICATION op+1] LDAPResult { success, "", "" } }.
// A SearchRequest [APPLICATION 3] is answered by a SearchResultDone
// [APPLICATION 5].
func result(id int64, op ber.Tag) []byte {
	resp := byte(op) + 1
	if op == ber.Tag(3) {
		resp = 5
	}
	var n []byte // the INTEGER's contents: big-endian, two's complement, shortest
	for v := id; ; v >>= 8 {
		n = append([]byte{byte(v)}, n...)
		if v < 0x80 && v >= -0x80 {
			break
		}
	}
	msg := []byte{0x30, byte(2 + len(n) + 9), 0x02, byte(len(n))}
	msg = append(msg, n...)
	return append(msg, 0x60|resp, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00)
}

// dialer dials the peer over TCP.
func (p *peer) dialer() goldap.DialContextFunc {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", p.ln.Addr().String())
	}
}

// open returns a Conn to p with the given time limit, closed at the end of
// the test.
func (p *peer) open(timeout time.Duration, auto bool) *goldap.Conn {
	p.t.Helper()
	c, err := goldap.Open(context.Background(), goldap.Config{Dial: p.dialer(), Timeout: timeout, NoAutoReconnect: !auto})
	require.NoError(p.t, err)
	p.t.Cleanup(func() { c.Close() })
	return c
}

// within runs f and fails the test if it has not returned after d. It
// returns how long f took.
func within(t *testing.T, d time.Duration, what string, f func()) time.Duration {
	t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
		return time.Since(start)
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
		return 0
	}
}

// closeEnds calls Close, which must return at once, and checks that the
// operation whose error ch carries then returns ErrClosed.
func closeEnds(t *testing.T, c *goldap.Conn, ch <-chan error, what string) {
	t.Helper()
	within(t, 3*time.Second, "Close", func() { c.Close() })
	select {
	case err := <-ch:
		assert.ErrorIs(t, err, goldap.ErrClosed, what)
	case <-time.After(3 * time.Second):
		t.Fatalf("%s did not return after Close", what)
	}
}

// searching runs a search on its own goroutine and hands back its error.
func searching(c *goldap.Conn) <-chan error {
	ch := make(chan error, 1)
	go func() { _, err := c.Search(people()); ch <- err }()
	return ch
}
