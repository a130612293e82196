package ldapreconnect

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
)

// Dialer opens the network connection of a ConnectionInfo: the Connecting to
// a Directory Server task ([MS-ADTS] 7.6.2.2), used by Conn.Connect
// (7.6.1.3) and by each autoreconnect (7.6.2.7 step 3). Locating the server
// (DC Location, host name resolution) is the Dialer's business. A Dial that
// fails makes 7.6.2.2 return FALSE.
type Dialer interface {
	Dial(ctx context.Context) (Transport, error)
}

// DialerFunc adapts a function to Dialer.
type DialerFunc func(ctx context.Context) (Transport, error)

// Dial calls f(ctx).
func (f DialerFunc) Dial(ctx context.Context) (Transport, error) { return f(ctx) }

// Transport is one TCP connection to a directory server,
// ConnectionInfo.networkConnection of [MS-ADTS] 7.3, carrying whole
// BER-encoded LDAPMessages (RFC 4511 4.1.1 and 5.1).
//
// The Conn calls Send from one goroutine at a time, Receive from one
// goroutine, and Close from any goroutine, possibly while Send or Receive is
// blocked; Close must make them return. Receive returns one complete
// LDAPMessage in a slice the Conn may keep. An error from Send or Receive that
// IsNetworkError accepts is the network failure of [MS-ADTS] 7.4 that starts
// 7.6.3.1.
type Transport interface {
	Send(msg []byte) error
	Receive() ([]byte, error)
	Close() error
}

// MaxMessageSize is the largest LDAPMessage NetTransport.Receive accepts.
const MaxMessageSize = 64 << 20

// readStep is how much NetTransport.Receive reads into a message before it
// grows the buffer again: a peer that announces a long message and sends
// little of it costs at most what it sent plus one step.
const readStep = 64 << 10

// NetTransport is a Transport over a net.Conn: LDAPMessages follow each other
// on the stream (RFC 4511 5.1) and each is delimited by its BER length.
type NetTransport struct {
	conn net.Conn
	r    *bufio.Reader
}

// NewNetTransport returns a Transport reading and writing c.
func NewNetTransport(c net.Conn) *NetTransport {
	return &NetTransport{conn: c, r: bufio.NewReader(c)}
}

// Send writes msg, one whole LDAPMessage.
func (t *NetTransport) Send(msg []byte) error {
	_, err := t.conn.Write(msg)
	return err
}

// Receive reads the next LDAPMessage. A stream that ends between messages
// gives io.EOF, one that ends inside a message io.ErrUnexpectedEOF. A message
// announced longer than MaxMessageSize is refused (ErrMalformed) before any
// of it is read. The buffer grows with the bytes that arrive, in steps of at
// most 64 KiB and at least doubling, so memory follows what the peer sent
// (at most twice that plus 64 KiB), not what it announced.
func (t *NetTransport) Receive() ([]byte, error) {
	var hdr [6]byte
	if _, err := io.ReadFull(t.r, hdr[:2]); err != nil {
		return nil, err
	}
	if hdr[0] != tagSequence {
		return nil, malformed(fmt.Sprintf("LDAPMessage tag 0x%02X", hdr[0]))
	}
	h, n := 2, int(hdr[1])
	if hdr[1] >= 0x80 {
		k := int(hdr[1] & 0x7f)
		if k == 0 || k > 4 {
			return nil, malformed("unsupported length form")
		}
		if _, err := io.ReadFull(t.r, hdr[2:2+k]); err != nil {
			return nil, unexpected(err)
		}
		n = 0
		for _, c := range hdr[2 : 2+k] {
			n = n<<8 | int(c)
		}
		h += k
	}
	if n > MaxMessageSize {
		return nil, malformed(fmt.Sprintf("LDAPMessage of %d bytes exceeds MaxMessageSize", n))
	}
	total := h + n
	msg := make([]byte, h, min(total, h+readStep))
	copy(msg, hdr[:h])
	for len(msg) < total {
		step := min(total-len(msg), readStep)
		if cap(msg)-len(msg) < step {
			// Double, so that the copies add up to less than the message.
			grown := make([]byte, len(msg), min(total, max(2*cap(msg), len(msg)+step)))
			copy(grown, msg)
			msg = grown
		}
		k, err := io.ReadFull(t.r, msg[len(msg):len(msg)+step])
		msg = msg[:len(msg)+k]
		if err != nil {
			return nil, unexpected(err)
		}
	}
	return msg, nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Close closes the connection.
func (t *NetTransport) Close() error { return t.conn.Close() }

// NetDialer is a Dialer that opens a TCP connection to a fixed address.
type NetDialer struct {
	Network string // "tcp" if empty
	Address string // host:port
	Dialer  net.Dialer
}

// Dial connects to d.Address.
func (d *NetDialer) Dial(ctx context.Context) (Transport, error) {
	network := d.Network
	if network == "" {
		network = "tcp"
	}
	c, err := d.Dialer.DialContext(ctx, network, d.Address)
	if err != nil {
		return nil, err
	}
	return NewNetTransport(c), nil
}
