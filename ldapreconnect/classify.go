package ldapreconnect

import (
	"context"
	"io"
	"net"
	"os"
	"syscall"

	"github.com/ropcodec/ropcodec/errors"
)

// MaxResends is the resend limit of [MS-ADTS] 7.6.2.7 step 5, ResendLimit
// of the spec table as an int: a pending request whose numResends, once
// incremented, is greater than 20 is not sent again but completes with
// LDAP_SERVER_DOWN.
const MaxResends = int(ResendLimit)

// Action is what a client does when a read or write on its LDAP connection
// fails ([MS-ADTS] 7.6.3.1).
type Action uint8

const (
	// ReturnError: the error is not a network failure ([MS-ADTS] 7.4), so
	// 7.6.3.1 does not run; the error goes to the caller.
	ReturnError Action = iota
	// CompleteServerDown: 7.6.3.1 steps 2 and 3, LDAP_OPT_AUTO_RECONNECT is
	// FALSE: close the connection and complete every pending request with
	// LDAP_SERVER_DOWN.
	CompleteServerDown
	// Autoreconnect: 7.6.3.1 steps 2 and 4, LDAP_OPT_AUTO_RECONNECT is TRUE:
	// close the connection and run 7.6.2.7.
	Autoreconnect
)

// String returns the constant's name.
func (a Action) String() string {
	switch a {
	case ReturnError:
		return "ReturnError"
	case CompleteServerDown:
		return "CompleteServerDown"
	case Autoreconnect:
		return "Autoreconnect"
	}
	return "Action(invalid)"
}

// OnError is the decision of [MS-ADTS] 7.6.3.1 for a failed read or write:
// ReturnError unless IsNetworkError(err), and otherwise Autoreconnect or
// CompleteServerDown according to LDAP_OPT_AUTO_RECONNECT. It does not
// allocate.
func OnError(err error, autoReconnect bool) Action {
	if !IsNetworkError(err) {
		return ReturnError
	}
	if autoReconnect {
		return Autoreconnect
	}
	return CompleteServerDown
}

// ShouldResend is the decision of [MS-ADTS] 7.6.2.7 step 5 for a pending
// request with no result after a successful reconnect (and rebind):
// numResends is the request's count after the increment of that step. It
// reports false, meaning complete the request with LDAP_SERVER_DOWN, when
// numResends is greater than MaxResends or the request is a SearchRequest
// carrying the LDAP_SERVER_NOTIFICATION_OID control.
func ShouldResend(numResends int, notificationSearch bool) bool {
	return numResends <= MaxResends && !notificationSearch
}

// IsNetworkError reports whether err, a failed read or write on an LDAP
// connection, is a network failure in the sense of [MS-ADTS] 7.4 and 7.6.3.1
// (media disconnected, host or port unreachable, route unavailable, TCP
// keep-alive failed, connection reset or closed by the peer). It looks
// through wrapping (Unwrap() error and Unwrap() []error) and does not
// allocate.
//
// Network failures: io.EOF and io.ErrUnexpectedEOF (the server closed the
// connection, possibly mid-message), net.ErrClosed, the errno values
// ECONNRESET, ECONNABORTED, ECONNREFUSED, EPIPE, ENETDOWN, ENETUNREACH,
// ENETRESET, EHOSTDOWN, EHOSTUNREACH, ETIMEDOUT (what a failed TCP keep-alive
// or retransmission reports), ENOTCONN and ESHUTDOWN (their WSAE equivalents
// on Windows), and any other *net.OpError or net.Error that is not a timeout
// (a bare syscall.Errno outside that list is not).
//
// Not network failures: nil; context.Canceled and context.DeadlineExceeded;
// os.ErrDeadlineExceeded and other net.Error timeouts without one of the
// errno values above (a deadline the caller set ran out: that is the
// requestTimer's business, [MS-ADTS] 7.6.4.1, not a broken connection); an
// errors.LDAPResult, including LDAP_SERVER_DOWN itself (an answer, or the
// outcome of this procedure, never its trigger); anything else.
//
// The first of these rules that matches on the way down the chain decides.
func IsNetworkError(err error) bool {
	return classify(err) == verdictNetwork
}

type verdict uint8

const (
	verdictUnknown verdict = iota
	verdictNetwork
	verdictNotNetwork
)

func classify(err error) verdict {
	var outer net.Error
	for depth := 0; err != nil && depth < 64; depth++ {
		switch err {
		case context.Canceled, context.DeadlineExceeded, os.ErrDeadlineExceeded:
			return verdictNotNetwork
		case io.EOF, io.ErrUnexpectedEOF, net.ErrClosed:
			return verdictNetwork
		}
		switch e := err.(type) {
		case errors.LDAPResult:
			return verdictNotNetwork
		case syscall.Errno:
			// Errno implements net.Error; only the listed values count.
			if networkErrno(e) {
				return verdictNetwork
			}
		case net.Error:
			if outer == nil {
				outer = e
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if v := classify(e); v != verdictUnknown {
					return v
				}
			}
			err = nil
		default:
			err = nil
		}
	}
	if outer != nil && !outer.Timeout() {
		return verdictNetwork
	}
	return verdictUnknown
}
