package transport

import (
	"cmp"
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// Session is one Session Context with an EMSMDB endpoint: a logon.Session
// that carries ROP buffers in Execute requests ([MS-OXCMAPIHTTP] 3.1.5.2).
//
// Execute and Ping run one at a time, as the protocol allows one request at
// a time per Session Context (X-ResponseCode InvalidSequence); a call waits
// for its turn honouring its context, and no lock is held while a request
// is on the wire. NotificationWait, a request that the server holds until
// it has an event, runs beside them. Close cancels what is in flight,
// sends a Disconnect bounded by Dialer.DisconnectTimeout and returns.
type Session struct {
	d          *Dialer
	client     *http.Client
	url        string
	clientInfo string
	cookies    mapihttp.SessionCookies

	turn      chan struct{} // holds a token while a request of the Session Context runs
	closing   chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
	ctx       context.Context // cancelled by Close: ends what is in flight
	cancel    context.CancelFunc
	wg        sync.WaitGroup // the keep-alive goroutine

	mu         sync.Mutex // guards the fields below; never held across I/O
	connected  codec.ConnectSuccessResponseBody
	expiration time.Duration
	executed   bool // an Execute ran on the current Session Context
	lastUsed   time.Time
	connects   int
}

func newSession(d *Dialer, url string) *Session {
	s := &Session{
		d:          d,
		client:     d.client,
		url:        url,
		clientInfo: d.instance.NewClientInfo(),
		turn:       make(chan struct{}, 1),
		closing:    make(chan struct{}),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// URL returns the endpoint URL of the Session.
func (s *Session) URL() string { return s.url }

// ConnectResponse returns the success body of the last Connect of the
// Session (DnPrefix, DisplayName, PollsMax, RetryDelay, ...).
func (s *Session) ConnectResponse() codec.ConnectSuccessResponseBody {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected
}

// Connects returns how many Connect requests created or re-established the
// Session Context: 1, plus one per reconnect.
func (s *Session) Connects() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects
}

// acquire waits for the Session's turn.
func (s *Session) acquire(ctx context.Context) error {
	select {
	case s.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closing:
		return ErrClosed
	}
}

func (s *Session) release() { <-s.turn }

// connect sends a Connect request ([MS-OXCMAPIHTTP] 2.2.4.1). To
// re-establish a lost Session Context (again), it sends the cookies of the
// old one and the same X-ClientInfo (4.4); the new cookies replace them.
func (s *Session) connect(ctx context.Context, again bool) error {
	body, err := (&codec.ConnectRequestBody{
		UserDn:          s.d.cfg.UserDN,
		Flags:           s.d.cfg.ConnectFlags,
		DefaultCodePage: cmp.Or(s.d.cfg.CodePage, DefaultCodePage),
		LcidSort:        cmp.Or(s.d.cfg.LcidSort, DefaultLocale),
		LcidString:      cmp.Or(s.d.cfg.LcidString, DefaultLocale),
	}).MarshalBinary()
	if err != nil {
		return &Error{RequestType: mapihttp.RequestTypeConnect, URL: s.url, Err: err}
	}
	if !again {
		s.cookies.Reset()
	}
	r, err := s.roundTrip(ctx, mapihttp.RequestTypeConnect, body)
	if err != nil {
		return err
	}
	ok, err := mapihttp.DecodeConnectResponse(r.Body)
	if err == nil && ok.ErrorCode != 0 {
		err = ok.ErrorCode
	}
	if err != nil {
		return s.bodyError(mapihttp.RequestTypeConnect, err)
	}
	s.mu.Lock()
	s.connected = *ok
	s.expiration = r.Expiration
	s.executed = false
	s.connects++
	s.lastUsed = s.d.clock.Now()
	s.mu.Unlock()
	return nil
}

// bodyError wraps an error found in a response body.
func (s *Session) bodyError(rt string, err error) error {
	var kind error
	switch err.(type) {
	case *mapihttp.StatusError, errors.EC:
	default:
		kind = ErrProtocol
	}
	return &Error{RequestType: rt, URL: s.url, HTTPStatus: http.StatusOK, Kind: kind, Err: err}
}

// Execute sends a ROP input buffer ([MS-OXCROPS] 2.2.1) in an Execute
// request and returns the ROP output buffer ([MS-OXCMAPIHTTP] 2.2.4.2,
// 3.1.5.2), with Config.ExecuteFlags, and reads one output payload,
// decompressed and de-obfuscated.
//
// On an X-ResponseCode that tells the client to reconnect (ContextNotFound
// and the others errors.XResponseActionFor maps to Reconnect) it sends a
// new Connect with the old cookies ([MS-OXCMAPIHTTP] 4.4). If no ROPs had
// run on the lost Session Context, nothing was lost and the request is sent
// again; otherwise Execute fails with ErrContextReset and the caller logs on
// again. InvalidSequence is retried after the Connect response's
// RetryDelay, at most Dialer.MaxRetries times. Errors are *Error.
func (s *Session) Execute(ctx context.Context, rops []byte) ([]byte, error) {
	req, err := mapihttp.NewExecuteRequest(rops, s.d.cfg.ExecuteFlags, cmp.Or(s.d.cfg.MaxRopOut, mapihttp.MaxRopOutLimit), nil)
	if err != nil {
		return nil, &Error{RequestType: mapihttp.RequestTypeExecute, URL: s.url, Err: err}
	}
	body, err := req.MarshalBinary()
	if err != nil {
		return nil, &Error{RequestType: mapihttp.RequestTypeExecute, URL: s.url, Err: err}
	}
	r, err := s.do(ctx, mapihttp.RequestTypeExecute, body)
	if err != nil {
		return nil, err
	}
	ok, err := mapihttp.DecodeExecuteResponse(r.Body)
	if err == nil && ok.ErrorCode != 0 {
		err = ok.ErrorCode
	}
	if err != nil {
		return nil, s.bodyError(mapihttp.RequestTypeExecute, err)
	}
	out, err := mapihttp.ROPOutput(ok)
	if err != nil {
		return nil, s.bodyError(mapihttp.RequestTypeExecute, err)
	}
	s.mu.Lock()
	s.executed = true
	s.mu.Unlock()
	return out, nil
}

// Ping sends a PING request, which tells whether the server is alive and
// keeps the Session Context from expiring ([MS-OXCMAPIHTTP] 2.2.6). It
// reconnects as Execute does.
func (s *Session) Ping(ctx context.Context) error {
	_, err := s.do(ctx, mapihttp.RequestTypePing, nil)
	return err
}

// do runs one request of the Session Context in its turn, re-establishing
// the Session Context and retrying as Execute describes.
func (s *Session) do(ctx context.Context, rt string, body []byte) (*mapihttp.Response, error) {
	if err := s.acquire(ctx); err != nil {
		return nil, &Error{RequestType: rt, URL: s.url, Kind: closedKind(err), Err: err}
	}
	defer s.release()
	reconnected, retries := false, 0
	for {
		r, err := s.roundTrip(ctx, rt, body)
		switch errors.XResponseActionFor(err) {
		case errors.XResponseSucceeded, errors.XResponseIgnore:
			return r, nil
		case errors.XResponseReconnect:
			if reconnected {
				return nil, err
			}
			reconnected = true
			s.mu.Lock()
			lost := s.executed
			s.mu.Unlock()
			if cerr := s.connect(ctx, true); cerr != nil {
				return nil, cerr
			}
			if lost {
				e := *err.(*Error)
				e.Kind = ErrContextReset
				return nil, &e
			}
		case errors.XResponseRetry:
			if retries >= cmp.Or(s.d.cfg.MaxRetries, DefaultMaxRetries) {
				return nil, err
			}
			retries++
			if werr := s.wait(ctx, s.retryDelay()); werr != nil {
				return nil, &Error{RequestType: rt, URL: s.url, Kind: closedKind(werr), Err: werr}
			}
		default:
			return nil, err
		}
	}
}

func (s *Session) retryDelay() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.connected.RetryDelay; d != 0 {
		return time.Duration(d) * time.Millisecond
	}
	return DefaultRetryDelay
}

// wait sleeps d on the Dialer's Clock unless ctx ends or the Session
// closes first.
func (s *Session) wait(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	if err := clock.Sleep(ctx, s.d.clock, d); err != nil {
		if s.ctx.Err() != nil {
			return ErrClosed
		}
		return err
	}
	return nil
}

// closedKind is ErrClosed for ErrClosed, else nil (the cause says it).
func closedKind(err error) error {
	if err == ErrClosed {
		return ErrClosed
	}
	return nil
}

// NotificationWait sends a NotificationWait request, which the server
// holds until it has an event for the Session Context or its own time runs
// out ([MS-OXCMAPIHTTP] 2.2.4.4), and reports whether an event is pending
// (the client then sends an Execute with RopPending's ROPs to fetch it). It
// runs beside Execute; ctx bounds the wait.
func (s *Session) NotificationWait(ctx context.Context) (pending bool, err error) {
	body, err := (&codec.NotificationWaitRequestBody{}).MarshalBinary()
	if err != nil {
		return false, &Error{RequestType: mapihttp.RequestTypeNotificationWait, URL: s.url, Err: err}
	}
	r, err := s.roundTrip(ctx, mapihttp.RequestTypeNotificationWait, body)
	if err != nil {
		return false, err
	}
	ok, err := mapihttp.DecodeNotificationWaitResponse(r.Body)
	if err == nil && ok.ErrorCode != 0 {
		err = ok.ErrorCode
	}
	if err != nil {
		return false, s.bodyError(mapihttp.RequestTypeNotificationWait, err)
	}
	return ok.EventPending != 0, nil
}

// Close ends the Session: it cancels the requests in flight, stops the
// keep-alive, and sends a Disconnect ([MS-OXCMAPIHTTP] 2.2.4.3) bounded by
// Dialer.DisconnectTimeout, whose error it returns. Later calls return the
// same error; requests after Close fail with ErrClosed.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		s.shut()
		s.wg.Wait()
		ctx, cancel := clock.WithTimeout(context.Background(), s.d.clock, cmp.Or(s.d.cfg.DisconnectTimeout, DefaultDisconnectTimeout))
		defer cancel()
		body, err := (&codec.DisconnectRequestBody{}).MarshalBinary()
		if err == nil {
			var r *mapihttp.Response
			if r, err = s.send(ctx, mapihttp.RequestTypeDisconnect, body); err == nil {
				var ok *codec.DisconnectSuccessResponseBody
				if ok, err = mapihttp.DecodeDisconnectResponse(r.Body); err == nil && ok.ErrorCode != 0 {
					err = ok.ErrorCode
				}
				if err != nil {
					err = s.bodyError(mapihttp.RequestTypeDisconnect, err)
				}
			}
		}
		s.closeErr = err
	})
	return s.closeErr
}

// shut marks the Session closed and cancels what is in flight.
func (s *Session) shut() {
	select {
	case <-s.closing:
	default:
		close(s.closing)
	}
	s.cancel()
}

// startKeepAlive starts the goroutine that sends PING when the Session has
// been idle for half its expiration (Dialer.KeepAlive).
func (s *Session) startKeepAlive() {
	s.mu.Lock()
	every := s.expiration / 2
	s.mu.Unlock()
	if !s.d.cfg.KeepAlive || every <= 0 {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		next := every
		for {
			select {
			case <-s.closing:
				return
			case <-s.d.clock.After(next):
			}
			s.mu.Lock()
			idle := s.d.clock.Now().Sub(s.lastUsed)
			s.mu.Unlock()
			if idle >= every {
				s.Ping(s.ctx) // a failure shows on the next Execute
				idle = 0
			}
			next = every - idle
		}
	}()
}
