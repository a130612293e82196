package ldapreconnect_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/ldapreconnect"
)

var sinkAction ldapreconnect.Action
var sinkBool bool

// The reconnect decision on a failed call ([MS-ADTS] 7.6.3.1): no
// allocation for a bare code, nor for the wrapped errors a net.Conn returns.
func BenchmarkOnError(b *testing.B) {
	cases := []struct {
		name string
		err  error
	}{
		{"bare ECONNRESET", syscall.ECONNRESET},
		{"bare io.EOF", io.EOF},
		{"bare LDAPResult", errors.LDAP_SERVER_DOWN},
		{"OpError SyscallError EPIPE", &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}},
		{"fmt wrapped deadline", fmt.Errorf("read: %w", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded})},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAction = ldapreconnect.OnError(tc.err, true)
			}
		})
	}
}

// The resend decision of [MS-ADTS] 7.6.2.7 step 5.
func BenchmarkShouldResend(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		sinkBool = ldapreconnect.ShouldResend(n%25, n%7 == 0)
	}
}

// loopConn is a net.Conn whose reads return msg over and over; writes are
// discarded.
type loopConn struct {
	net.Conn
	msg []byte
	off int
}

func (c *loopConn) Read(b []byte) (int, error) {
	n := copy(b, c.msg[c.off:])
	c.off = (c.off + n) % len(c.msg)
	return n, nil
}

func (c *loopConn) Close() error { return nil }

var sinkMsg []byte

// NetTransport.Receive against a stream that repeats one message of each
// size, beside "read", which moves the same bytes from the same stream into
// a buffer it already has: what receiving costs beyond the read itself
// (the new message's allocation and, past 64 KiB, the growth in steps).
//
//	go test ./ldapreconnect -run X -bench NetTransportReceive -benchmem -cpu 1 -count 6
func BenchmarkNetTransportReceive(b *testing.B) {
	for _, size := range []int{200, 64 << 10, 1 << 20, 16 << 20} {
		msg := entry(1, "cn="+strings.Repeat("x", size-20))
		b.Run(fmt.Sprintf("%dB/receive", len(msg)), func(b *testing.B) {
			tr := ldapreconnect.NewNetTransport(&loopConn{msg: msg})
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				m, err := tr.Receive()
				if err != nil || len(m) != len(msg) {
					b.Fatal(len(m), err)
				}
				sinkMsg = m
			}
		})
		b.Run(fmt.Sprintf("%dB/read", len(msg)), func(b *testing.B) {
			r := bufio.NewReader(&loopConn{msg: msg})
			buf := make([]byte, len(msg))
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := io.ReadFull(r, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
