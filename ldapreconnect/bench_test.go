package ldapreconnect_test

import (
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	ldaperr "github.com/ropcodec/ropcodec/errors"
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
		{"bare LDAPResult", ldaperr.LDAP_SERVER_DOWN},
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
