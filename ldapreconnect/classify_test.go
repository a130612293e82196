package ldapreconnect_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/ldapreconnect"
)

type timeoutErr struct{ timeout bool }

func (e timeoutErr) Error() string   { return "net error" }
func (e timeoutErr) Timeout() bool   { return e.timeout }
func (e timeoutErr) Temporary() bool { return false }

func opErr(err error) error { return &net.OpError{Op: "read", Net: "tcp", Err: err} }

func sysErr(err error) error { return opErr(os.NewSyscallError("read", err)) }

var classifierCases = []struct {
	name string
	err  error
	want bool
}{
	{"nil", nil, false},
	{"io.EOF", io.EOF, true},
	{"io.ErrUnexpectedEOF", io.ErrUnexpectedEOF, true},
	{"wrapped EOF", fmt.Errorf("receive: %w", io.EOF), true},
	{"net.ErrClosed", opErr(net.ErrClosed), true},
	{"ECONNRESET", syscall.ECONNRESET, true},
	{"ECONNRESET in OpError", sysErr(syscall.ECONNRESET), true},
	{"EPIPE in OpError and fmt", fmt.Errorf("send: %w", sysErr(syscall.EPIPE)), true},
	{"ECONNABORTED", sysErr(syscall.ECONNABORTED), true},
	{"ECONNREFUSED", sysErr(syscall.ECONNREFUSED), true},
	{"ENETUNREACH", sysErr(syscall.ENETUNREACH), true},
	{"EHOSTUNREACH", sysErr(syscall.EHOSTUNREACH), true},
	{"ENETDOWN", sysErr(syscall.ENETDOWN), true},
	{"ETIMEDOUT (keep-alive failed)", sysErr(syscall.ETIMEDOUT), true},
	{"errors.Join with EOF", errors.Join(errors.New("x"), io.EOF), true},
	{"OpError with unknown cause", opErr(errors.New("x")), true},
	{"net.Error, not a timeout", timeoutErr{false}, true},
	{"os.ErrDeadlineExceeded (local deadline)", opErr(os.ErrDeadlineExceeded), false},
	{"net.Error timeout", timeoutErr{true}, false},
	{"context.Canceled", context.Canceled, false},
	{"context.DeadlineExceeded", fmt.Errorf("dial: %w", context.DeadlineExceeded), false},
	{"LDAP result", errors.LDAP_BUSY, false},
	{"LDAP_SERVER_DOWN", fmt.Errorf("op: %w", errors.LDAP_SERVER_DOWN), false},
	{"plain error", errors.New("x"), false},
	{"EINVAL", syscall.EINVAL, false},
	{"malformed", ldapreconnect.ErrMalformed, false},
}

// [MS-ADTS] 7.4 and 7.6.3.1: which read or write errors are network
// failures.
func TestClassifier(t *testing.T) {
	for _, tc := range classifierCases {
		if got := ldapreconnect.IsNetworkError(tc.err); got != tc.want {
			t.Errorf("%s: IsNetworkError(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// [MS-ADTS] 7.6.3.1 steps 3 and 4.
func TestOnError(t *testing.T) {
	for _, tc := range classifierCases {
		for _, auto := range []bool{false, true} {
			want := ldapreconnect.ReturnError
			if tc.want {
				want = ldapreconnect.CompleteServerDown
				if auto {
					want = ldapreconnect.Autoreconnect
				}
			}
			if got := ldapreconnect.OnError(tc.err, auto); got != want {
				t.Errorf("%s auto=%v: %v, want %v", tc.name, auto, got, want)
			}
		}
	}
}

// [MS-ADTS] 7.6.2.7 step 5: "greater than 20", and notification searches.
func TestShouldResendLimit20(t *testing.T) {
	for n := 1; n <= 25; n++ {
		if got := ldapreconnect.ShouldResend(n, false); got != (n <= 20) {
			t.Errorf("ShouldResend(%d, false) = %v", n, got)
		}
		if ldapreconnect.ShouldResend(n, true) {
			t.Errorf("ShouldResend(%d, true) = true", n)
		}
	}
}

// The decision allocates nothing on a bare code, nor through wrapping.
func TestOnErrorAllocs(t *testing.T) {
	for _, tc := range classifierCases {
		err := tc.err
		if n := testing.AllocsPerRun(100, func() { ldapreconnect.OnError(err, true) }); n != 0 {
			t.Errorf("%s: %v allocations", tc.name, n)
		}
	}
}
