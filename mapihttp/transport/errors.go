package transport

import (
	"fmt"
	"strings"

	"github.com/ropcodec/ropcodec/errors"
)

// Kinds of failure. Each comes inside an *Error, which also carries the
// X-ResponseCode when the server sent one other than 0, so that errors.Is
// finds the kind and the code, and errors.XResponseActionFor classifies it.
var (
	// ErrUnauthorized: the server answered 401; the credentials the
	// http.Client's RoundTripper adds are missing or refused.
	ErrUnauthorized = errors.New("mapihttp transport: unauthorized")
	// ErrRedirected: the server answered with an HTTP redirect (3xx);
	// Error.Location names where. The transport does not follow it: a
	// client follows it only after checking it (Autodiscover's rules).
	ErrRedirected = errors.New("mapihttp transport: HTTP redirect")
	// ErrHTTPStatus: the server answered with another status than 200,
	// 401 or 3xx: an exceptional failure ([MS-OXCMAPIHTTP] 2.2.2.2).
	ErrHTTPStatus = errors.New("mapihttp transport: HTTP status")
	// ErrResponseCode: the server refused the request with an X-ResponseCode
	// other than 0 (which the Error carries).
	ErrResponseCode = errors.New("mapihttp transport: X-ResponseCode")
	// ErrContextReset: the server had lost the Session Context and the
	// Session re-established it with a new Connect ([MS-OXCMAPIHTTP] 4.4)
	// after ROPs had run on the old one. The Session works again, but the
	// objects opened on the old context (logons, folders, tables) are gone:
	// log on again.
	ErrContextReset = errors.New("mapihttp transport: Session Context re-established; log on again")
	// ErrKeepAlive: no meta-tag arrived within Dialer.KeepAliveTimeout, and
	// the request was abandoned ([MS-OXCMAPIHTTP] 3.1.5.6).
	ErrKeepAlive = errors.New("mapihttp transport: no keep-alive from the server")
	// ErrProtocol: a response could not be read (a body cut short, a
	// malformed body, limits exceeded).
	ErrProtocol = errors.New("mapihttp transport: bad response")
	// ErrClosed: the Session is closed.
	ErrClosed = errors.New("mapihttp transport: session closed")
)

// Error is the error of one request of a Session. It wraps Kind (one of the
// Err* sentinels above), Code (when the server sent an X-ResponseCode other
// than 0) and Err (the cause: a transport error, the context's error, a
// *mapihttp.ResponseError, a *mapihttp.StatusError, a *codec.DecodeError).
type Error struct {
	// RequestType is the X-RequestType of the request (Connect, Execute, ...).
	RequestType string
	// URL is the endpoint the request went to.
	URL string
	// HTTPStatus is the HTTP status of the response; 0 when none came.
	HTTPStatus int
	// Location is the Location header of an HTTP redirect.
	Location string
	// Code is the X-ResponseCode, or 0.
	Code errors.XResponseCode
	// Diagnostic is the start of a failure's body (at most 512 bytes), as
	// the server sent it: text for a person, not for the client.
	Diagnostic string
	// Kind is the sentinel that names the failure, or nil for a cause that
	// says it all (the context's error, a *mapihttp.StatusError).
	Kind error
	// Err is the cause, if any.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("mapihttp transport: ")
	b.WriteString(e.RequestType)
	if e.Kind != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Kind.Error(), "mapihttp transport: "))
	}
	if e.HTTPStatus != 0 && e.HTTPStatus != 200 {
		fmt.Fprintf(&b, ": HTTP %d", e.HTTPStatus)
	}
	if e.Location != "" {
		fmt.Fprintf(&b, " to %s", e.Location)
	}
	if e.Code != 0 {
		fmt.Fprintf(&b, ": X-ResponseCode %d (%s)", uint32(e.Code), e.Code.String())
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns Kind, Code and Err, those that are set.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 3)
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Code != 0 {
		errs = append(errs, e.Code)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}
