package transport

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/ropcodec/ropcodec/mapihttp"
)

// maxDiagnostic is the most bytes of a failure's body an Error keeps.
const maxDiagnostic = 512

// roundTrip sends one request of the open Session: ErrClosed after Close.
func (s *Session) roundTrip(ctx context.Context, rt string, body []byte) (*mapihttp.Response, error) {
	select {
	case <-s.closing:
		return nil, &Error{RequestType: rt, URL: s.url, Kind: ErrClosed}
	default:
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel) // Close ends the request
	defer stop()
	r, err := s.send(rctx, rt, body)
	if err != nil && s.ctx.Err() != nil {
		e := err.(*Error)
		e.Kind, e.Err = ErrClosed, nil
		return nil, e
	}
	return r, err
}

// send sends one request with the Session's headers and cookies, and reads
// the response in the common response format ([MS-OXCMAPIHTTP] 2.2.2). It
// takes the Set-Cookie headers of every response. The response body is
// read to its end and closed, so that the connection is reused.
func (s *Session) send(ctx context.Context, rt string, body []byte) (*mapihttp.Response, error) {
	parent := ctx
	fail := func(status int, kind, err error) *Error {
		if parent.Err() != nil {
			// The caller's deadline or cancellation is why it failed,
			// whatever the connection made of it.
			kind, err = nil, parent.Err()
		}
		return &Error{RequestType: rt, URL: s.url, HTTPStatus: status, Kind: kind, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return nil, fail(0, nil, err)
	}
	mapihttp.RequestHeaders{
		RequestType:       rt,
		RequestID:         s.d.instance.NextRequestID(),
		ClientInfo:        s.clientInfo,
		ClientApplication: s.d.cfg.ClientApplication,
	}.Apply(req.Header)
	s.cookies.Apply(req)
	s.touch()
	defer s.touch()

	// A request the server keeps in PROCESSING or PENDING without a
	// meta-tag for KeepAliveTimeout is abandoned ([MS-OXCMAPIHTTP] 3.1.5.6).
	var silent atomic.Bool
	onTag := func(string) {}
	if t := s.d.cfg.KeepAliveTimeout; t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		req = req.WithContext(ctx)
		tags := make(chan struct{}, 1)
		go s.watch(ctx, t, tags, func() { silent.Store(true); cancel() })
		onTag = func(string) {
			select {
			case tags <- struct{}{}:
			default:
			}
		}
	}

	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fail(0, keepAliveKind(&silent), err)
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}()
	s.cookies.Observe(resp)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, s.httpError(rt, resp, ErrUnauthorized)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return nil, s.httpError(rt, resp, ErrRedirected)
	case resp.StatusCode != http.StatusOK:
		return nil, s.httpError(rt, resp, ErrHTTPStatus)
	}
	r, err := mapihttp.ReadResponse(resp, s.d.cfg.Limits, onTag)
	if err != nil {
		kind := keepAliveKind(&silent)
		if kind == nil {
			kind = ErrProtocol
		}
		return nil, fail(resp.StatusCode, kind, err)
	}
	if err := r.Err(); err != nil {
		e := fail(resp.StatusCode, ErrResponseCode, nil)
		e.Code = r.ResponseCode
		e.Diagnostic = string(r.Body[:min(len(r.Body), maxDiagnostic)])
		return nil, e
	}
	return r, nil
}

// httpError is the error of a response whose HTTP status is not 200.
func (s *Session) httpError(rt string, resp *http.Response, kind error) *Error {
	diag, _ := io.ReadAll(io.LimitReader(resp.Body, maxDiagnostic))
	return &Error{
		RequestType: rt,
		URL:         s.url,
		HTTPStatus:  resp.StatusCode,
		Location:    resp.Header.Get("Location"),
		Kind:        kind,
		Diagnostic:  string(diag),
	}
}

func keepAliveKind(silent *atomic.Bool) error {
	if silent.Load() {
		return ErrKeepAlive
	}
	return nil
}

// watch calls expire when t passes on the Dialer's Clock without a tick
// on tags, and returns when it has or ctx ends.
func (s *Session) watch(ctx context.Context, t time.Duration, tags <-chan struct{}, expire func()) {
	for {
		select {
		case <-s.d.clock.After(t):
			expire()
			return
		case <-tags:
		case <-ctx.Done():
			return
		}
	}
}

// touch records that the Session Context was used now.
func (s *Session) touch() {
	s.mu.Lock()
	s.lastUsed = s.d.clock.Now()
	s.mu.Unlock()
}
