package logon

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
)

// The logon procedure of [MS-OXCSTOR] 3.1.4.1 and 3.1.5.1: send a RopLogon
// in a ROP input buffer, read the ROP output buffer, and act on the
// ReturnValue (follow ecWrongServer, rediscover on ecUnknownUser and
// ecLoginFailure, stop on ecMailboxInTransit and ecServerPaused), with the
// public folder ALTERNATE_SERVER sequence, the log on again after a lost
// session (REPLGUID comparison) and RopBackoff ([MS-OXCROPS] 3.1.5.1.1).

// Defaults of the Client's limits.
const (
	// DefaultMaxHops is the most ecWrongServer redirects one logon follows
	// when Client.MaxHops is 0.
	DefaultMaxHops = 3
	// DefaultMaxRediscoveries is the most times one logon calls the
	// rediscovery hook when Client.MaxRediscoveries is 0: once
	// (RediscoveriesPerLogon), as [MS-OXCSTOR] 3.1.5.1 describes one
	// Autodiscover and one more logon.
	DefaultMaxRediscoveries = int(RediscoveriesPerLogon)
	// DefaultMaxBackoff caps the wait a RopBackoff asks for when
	// Client.MaxBackoff is 0.
	DefaultMaxBackoff = 30 * time.Second
	// DefaultMaxBackoffRetries is the most times one logon is resent on the
	// same session after a RopBackoff, when Client.MaxBackoffRetries is 0.
	DefaultMaxBackoffRetries = 3
)

// ropIDLogon is the RopId of RopLogon, taken from the codec's generated
// type so that the number is not typed in here again.
var ropIDLogon = (*codec.RopLogonRequest)(nil).RopID()

// Errors of the logon procedure. Each comes inside a *LogonError, which also
// carries the ReturnValue (an errors.EC) when a server sent one, so that
// errors.Is finds both the sentinel and the code, and errors.LogonActionFor
// classifies the error.
var (
	// ErrMailboxInTransit: the mailbox is being moved and is locked for the
	// whole move; every logon gets ecMailboxInTransit ([MS-OXCSTOR] 3.1.5.1).
	ErrMailboxInTransit = errors.New("logon: mailbox in transit")
	// ErrServerPaused: the server answered ecServerPaused, because this
	// client was redirected by it more than five times within ten seconds
	// ([MS-OXCSTOR] 3.2.5.1.1, 3.2.5.1.3).
	ErrServerPaused = errors.New("logon: server paused")
	// ErrRedirectLoop: a redirect named a server this logon had already
	// been to, the one it just left included.
	ErrRedirectLoop = errors.New("logon: redirect loop")
	// ErrTooManyRedirects: the logon was redirected more than MaxHops times.
	ErrTooManyRedirects = errors.New("logon: too many redirects")
	// ErrNoAlternateServer: the private store answered a RopLogon with
	// ALTERNATE_SERVER by ecLoginFailure, meaning there is no alternate
	// public folder server ([MS-OXCSTOR] 3.2.5.1.2).
	ErrNoAlternateServer = errors.New("logon: no alternate public folder server")
	// ErrRediscoveryFailed: after ecUnknownUser or ecLoginFailure the
	// rediscovery hook failed, was missing, or returned nothing new, and
	// [MS-OXCSTOR] 3.1.5.1 says the client MUST then fail the logon.
	ErrRediscoveryFailed = errors.New("logon: rediscovery failed")
	// ErrBackoff: a RopBackoff asked for a delay that would end past the
	// context's deadline, or the server kept backing off the logon more
	// than MaxBackoffRetries times ([MS-OXCROPS] 3.1.5.1.1).
	ErrBackoff = errors.New("logon: server backed off the logon")
	// ErrProtocol: a ROP output buffer could not be read, or held no
	// RopLogon response and no RopBackoff for the logon.
	ErrProtocol = errors.New("logon: bad ROP output buffer")
)

// LogonError is the error of a logon that failed. It wraps Kind (one of the
// Err* sentinels of this package, or nil), Code (when a server sent a
// ReturnValue) and Err (a cause: the rediscovery hook's error, a transport
// error, the context's error, a *BudgetError), so that errors.Is and
// errors.As see each of them.
type LogonError struct {
	// Mailbox is the mailbox DN the logon was for; "" for public folders.
	Mailbox string
	// Chain is the server DNs the logon went to, in order. For
	// ErrRedirectLoop and ErrTooManyRedirects it ends with the server the
	// last redirect named, which was not visited.
	Chain []string
	// Code is the ReturnValue of the last RopLogon response, or 0 when the
	// logon failed without one.
	Code errors.EC
	// Kind is the sentinel that names the failure, or nil for a code the
	// procedure does not act on (ecAccessDenied, ...) and for transport
	// errors.
	Kind error
	// Err is the cause, if any.
	Err error
	// RetryAfter is, for ErrBackoff, the delay the server asked for (after
	// the MaxBackoff cap).
	RetryAfter time.Duration
}

// Error returns a message naming the failure, the mailbox, the chain of
// servers by their short names, and the code or cause.
func (e *LogonError) Error() string {
	var b strings.Builder
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	} else {
		b.WriteString("logon failed")
	}
	if e.Mailbox != "" {
		fmt.Fprintf(&b, ": mailbox %q", e.Mailbox)
	}
	if len(e.Chain) > 0 {
		b.WriteString(": servers ")
		for i, s := range e.Chain {
			if i > 0 {
				b.WriteString(" -> ")
			}
			if n := ServerShortName(s); n != "" {
				b.WriteString(n)
			} else {
				b.WriteString(s)
			}
		}
	}
	if e.Code != 0 {
		fmt.Fprintf(&b, ": %v", e.Code)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, ": retry after %v", e.RetryAfter)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns Kind, Code and Err, those that are set.
func (e *LogonError) Unwrap() []error {
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

// Session is a Session Context with one server ([MS-OXCRPC] EcDoConnectEx,
// [MS-OXCMAPIHTTP] Connect), as the caller's transport provides it.
type Session interface {
	// Execute sends a ROP input buffer ([MS-OXCROPS] 2.2.1; the rgbIn of
	// EcDoRpcExt2 or the RopBuffer of an Execute request, without the
	// RPC_HEADER_EXT framing) and returns the ROP output buffer.
	Execute(ctx context.Context, ropBuffer []byte) ([]byte, error)
	// Close releases the Session Context.
	Close() error
}

// Dialer creates Session Contexts. serverDN is the DN of the server as the
// profile, a redirect (the ServerName of a RopLogon redirect response) or
// the rediscovery hook names it; mapping it to an address is the
// transport's business.
type Dialer interface {
	Dial(ctx context.Context, serverDN string) (Session, error)
}

// DialerFunc is a function that is a Dialer.
type DialerFunc func(ctx context.Context, serverDN string) (Session, error)

// Dial calls f.
func (f DialerFunc) Dial(ctx context.Context, serverDN string) (Session, error) {
	return f(ctx, serverDN)
}

// Config configures a Client; NewClient checks it. Only Dialer is required;
// a zero limit means its default, and a nil Clock means SystemClock.
type Config struct {
	// Dialer opens the Session Contexts. Required.
	Dialer Dialer
	// Cache, if set, is consulted before each private logon (a mailbox a
	// redirect sent elsewhere goes straight there) and updated from every
	// RopLogon response (RedirectCache.Observe).
	Cache *RedirectCache
	// Budget, if set, gives each RopLogon request a place (Acquire) just
	// before it is sent, whatever its server (a guess, the Cache's, a
	// redirect's): any of them may be redirected, a cached route that has
	// gone stale included. The place is released when the server answers
	// without a redirect and charged otherwise (a redirect,
	// ecServerPaused, no answer); a resend after a RopBackoff takes a fresh
	// one. The session is opened once the budget has room, so that a
	// logon waiting for the budget holds no session and a place is held
	// only while its request is in flight. Past the budget the logon
	// waits, honouring its context, or fails with ErrRedirectBudget, as the
	// RateBudget is configured ([MS-OXCSTOR] 3.2.5.1.1).
	Budget *RateBudget
	// Rediscover is called after ecUnknownUser or ecLoginFailure to get
	// fresh user and server information (Autodiscover, [MS-OXDISCO]). It
	// returns the mailbox DN and server DN to log on with; an empty value
	// keeps the current one. Nil, an error, or an answer with nothing new
	// fails the logon with ErrRediscoveryFailed ([MS-OXCSTOR] 3.1.5.1).
	Rediscover func(ctx context.Context, mailboxDN string) (newMailboxDN, serverDN string, err error)
	// MaxHops is the most redirects one logon follows; 0 means
	// DefaultMaxHops.
	MaxHops int
	// MaxRediscoveries is the most calls of Rediscover in one logon; 0
	// means DefaultMaxRediscoveries.
	MaxRediscoveries int
	// MaxBackoff caps the delay one RopBackoff imposes; 0 means
	// DefaultMaxBackoff.
	MaxBackoff time.Duration
	// MaxBackoffRetries is the most times a logon is resent after a
	// RopBackoff; 0 means DefaultMaxBackoffRetries.
	MaxBackoffRetries int
	// LogonID is the LogonId of the RopLogon requests ([MS-OXCROPS]
	// 3.1.4.2: any value, unique per session).
	LogonID uint8
	// Clock is the source of time for backoff waits; nil means SystemClock.
	Clock Clock
	// OnReplGUIDChange, if set, is called by Relogon when the REPLGUID of
	// the new logon differs from the cached one: the caller MUST then
	// dispose of all its caches of server information ([MS-OXCSTOR]
	// 3.1.5.1).
	OnReplGUIDChange func(prev, next *Result)
}

// check returns why c cannot make a Client: no Dialer, or a negative limit.
func (c *Config) check() error {
	switch {
	case c.Dialer == nil:
		return errors.New("logon: Config.Dialer is nil")
	case c.MaxHops < 0 || c.MaxRediscoveries < 0 || c.MaxBackoff < 0 || c.MaxBackoffRetries < 0:
		return fmt.Errorf("logon: a negative limit in Config (MaxHops %d, MaxRediscoveries %d, MaxBackoff %v, MaxBackoffRetries %d)",
			c.MaxHops, c.MaxRediscoveries, c.MaxBackoff, c.MaxBackoffRetries)
	}
	return nil
}

// Client logs on to message stores the way [MS-OXCSTOR] 3.1.5.1 tells a
// client to handle a RopLogon that fails. Its fields are those of Config.
// Make one with NewClient; a Client literal, the form earlier versions
// documented, works too and is checked as NewClient checks a Config when a
// logon starts. A Client is safe for concurrent use when its Dialer and
// hooks are; the RedirectCache and RateBudget are meant to be shared by
// every Client of a program.
type Client Config

// NewClient returns a Client configured by cfg, or an error naming what is
// wrong with cfg (no Dialer, a negative limit). It does no I/O.
func NewClient(cfg Config) (*Client, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	c := Client(cfg)
	return &c, nil
}

// Result is a successful logon.
type Result struct {
	// Session is the Session Context the logon lives on. The caller owns
	// it and closes it.
	Session Session
	// Server is the DN of the server the logon succeeded on.
	Server string
	// Mailbox is the mailbox DN logged on to (the one the rediscovery hook
	// returned, if it was called); "" for public folders.
	Mailbox string
	// Chain is the server DNs the logon went to, in order, ending with
	// Server.
	Chain []string
	// LogonID, LogonFlags and OpenFlags are those of the request that
	// succeeded; Relogon sends them again.
	LogonID    uint8
	LogonFlags codec.LogonFlags
	OpenFlags  codec.OpenFlags
	// Handle is the Server object handle of the logon, from the output
	// handle table.
	Handle uint32
	// Response is the success response: *codec.RopLogonPrivateResponse or
	// *codec.RopLogonPublicResponse.
	Response codec.RopLogonResponse
	// ReplGUID is the REPLGUID of the response, which the client caches
	// and compares after a reconnect ([MS-OXCSTOR] 3.1.4.1, 3.1.5.1).
	ReplGUID codec.GUID
	// Rediscovered reports that the rediscovery hook was called.
	Rediscovered bool
	// Backoff is the delay of a RopBackoff for this logon that came with
	// the success response: the caller holds off the logon's next ROPs
	// for that long ([MS-OXCROPS] 3.1.5.1.1). It is capped by MaxBackoff.
	Backoff time.Duration
}

// attempt is the state of one logon procedure.
type attempt struct {
	mailbox    string // "" for public
	server     string
	logonFlags codec.LogonFlags
	openFlags  codec.OpenFlags
	logonID    uint8

	chain        []string
	visitedFrom  int // chain[visitedFrom:] are the servers since the last rediscovery
	hops         int
	rediscovered int
}

// Logon logs on to the private mailbox mailboxDN, starting at serverDN (the
// profile's server) unless the Cache knows better, and follows
// [MS-OXCSTOR] 3.1.5.1:
//
//   - ecWrongServer: a new session with the server the redirect names, and
//     the logon again; at most MaxHops times, and never to a server this
//     logon has already been to (ErrTooManyRedirects, ErrRedirectLoop).
//   - ecUnknownUser, ecLoginFailure: the Rediscover hook, then the logon
//     again in a new session with what it returned; ErrRediscoveryFailed if
//     it fails or returns nothing new.
//   - ecMailboxInTransit, ecServerPaused: ErrMailboxInTransit,
//     ErrServerPaused.
//   - a RopBackoff for the logon: the logon again on the same session after
//     the delay it asks for ([MS-OXCROPS] 3.1.5.1.1).
//
// Errors are *LogonError. On success the Result holds the open session.
func (c *Client) Logon(ctx context.Context, mailboxDN, serverDN string) (*Result, error) {
	a := &attempt{
		mailbox:    mailboxDN,
		server:     serverDN,
		logonFlags: codec.LogonPrivate,
		openFlags:  codec.OpenUsePerMDBReplIDMapping,
		logonID:    c.LogonID,
	}
	if c.Cache != nil {
		if s, ok := c.Cache.Lookup(mailboxDN); ok {
			a.server = s
		}
	}
	return c.run(ctx, a)
}

// LogonPublicAlternate logs on to an alternate public folder server by the
// sequence of [MS-OXCSTOR] 3.1.5.1: a RopLogon with ALTERNATE_SERVER to the
// private store at privateServerDN, which answers ecWrongServer naming the
// alternate, then the logon at that server with ALTERNATE_SERVER cleared and
// IGNORE_HOME_MDB set. ecLoginFailure at the first step means there is no
// alternate (ErrNoAlternateServer, [MS-OXCSTOR] 3.2.5.1.2).
func (c *Client) LogonPublicAlternate(ctx context.Context, privateServerDN string) (*Result, error) {
	req := codec.NewAlternateServerLogon(c.LogonID, 0)
	a := &attempt{
		server:     privateServerDN,
		logonFlags: req.LogonFlags,
		openFlags:  req.OpenFlags,
		logonID:    c.LogonID,
	}
	return c.run(ctx, a)
}

// Relogon logs on again after the session of prev was lost and is to be
// re-established ([MS-OXCSTOR] 3.1.5.1): it closes prev.Session, opens a new
// session with prev.Server and sends the same RopLogon (the same LogonId,
// flags and mailbox), handling failures as Logon does. It then compares the
// new REPLGUID with prev.ReplGUID: when they differ, disposeCaches is true
// and OnReplGUIDChange is called, and the caller MUST dispose of every
// local cache of server information (open Server objects, data mappings,
// special FIDs), as if the program had been restarted. Objects opened on
// the old logon are invalid in every case and must be opened again.
//
// The Client's RedirectCache is not disposed of: the relogon has just
// confirmed (or, by a redirect, corrected) the only entry it could have
// for this mailbox.
func (c *Client) Relogon(ctx context.Context, prev *Result) (res *Result, disposeCaches bool, err error) {
	if prev == nil {
		return nil, false, &LogonError{Err: errors.New("logon: Relogon without a previous logon")}
	}
	if prev.Session != nil {
		prev.Session.Close() // lost already; the error says nothing new
	}
	a := &attempt{
		mailbox:    prev.Mailbox,
		server:     prev.Server,
		logonFlags: prev.LogonFlags,
		openFlags:  prev.OpenFlags,
		logonID:    prev.LogonID,
	}
	res, err = c.run(ctx, a)
	if err != nil {
		return nil, false, err
	}
	if res.ReplGUID != prev.ReplGUID {
		if c.OnReplGUIDChange != nil {
			c.OnReplGUIDChange(prev, res)
		}
		return res, true, nil
	}
	return res, false, nil
}

func (c *Client) maxHops() int {
	if c.MaxHops > 0 {
		return c.MaxHops
	}
	return DefaultMaxHops
}

func (c *Client) maxRediscoveries() int {
	if c.MaxRediscoveries > 0 {
		return c.MaxRediscoveries
	}
	return DefaultMaxRediscoveries
}

func (c *Client) maxBackoff() time.Duration {
	if c.MaxBackoff > 0 {
		return c.MaxBackoff
	}
	return DefaultMaxBackoff
}

func (c *Client) maxBackoffRetries() int {
	if c.MaxBackoffRetries > 0 {
		return c.MaxBackoffRetries
	}
	return DefaultMaxBackoffRetries
}

func (c *Client) clock() Clock { return clock.Or(c.Clock) }

// fail builds the *LogonError of a.
func (a *attempt) fail(kind error, code errors.EC, cause error) *LogonError {
	return &LogonError{
		Mailbox: a.mailbox,
		Chain:   append([]string(nil), a.chain...),
		Code:    code,
		Kind:    kind,
		Err:     cause,
	}
}

func (a *attempt) wasVisited(server string) bool {
	s := TrimPrivateMDB(server)
	for _, v := range a.chain[a.visitedFrom:] {
		if EqualDN(TrimPrivateMDB(v), s) {
			return true
		}
	}
	return false
}

// run is the procedure: one session per server, one RopLogon per session
// (more after a RopBackoff), acting on each response.
func (c *Client) run(ctx context.Context, a *attempt) (*Result, error) {
	if err := (*Config)(c).check(); err != nil { // a Client literal
		return nil, a.fail(nil, 0, err)
	}
	st := getExchangeState()
	defer putExchangeState(st)
	for {
		if err := ctx.Err(); err != nil {
			return nil, a.fail(nil, 0, err)
		}
		a.chain = append(a.chain, a.server)

		out, sess, err := c.exchange(ctx, a, st)
		if err != nil {
			return nil, err
		}
		resp := out.resp
		code, _ := resp.Status().(errors.EC)
		action := errors.LogonActionFor(resp.Status())
		if c.Cache != nil && a.mailbox != "" {
			c.Cache.Observe(a.mailbox, resp)
		}

		switch action {
		case errors.LogonSucceeded:
			res := newResult(resp) // a copy: resp is st's
			*res = Result{
				Session:    sess,
				Server:     a.server,
				Mailbox:    a.mailbox,
				Chain:      a.chain, // the attempt ends here
				LogonID:    a.logonID,
				LogonFlags: a.logonFlags,
				OpenFlags:  a.openFlags,
				Handle:     out.handle,
				Response:   res.Response,
				ReplGUID:   res.ReplGUID,
				Backoff:    out.backoff,

				Rediscovered: a.rediscovered > 0,
			}
			return res, nil
		}
		sess.Close() // every other outcome releases this Session Context

		switch action {
		case errors.LogonRedirect:
			next := resp.(*codec.RopLogonRedirectResponse).ServerName
			if a.wasVisited(next) {
				a.chain = append(a.chain, next)
				return nil, a.fail(ErrRedirectLoop, code, nil)
			}
			if a.hops >= c.maxHops() {
				a.chain = append(a.chain, next)
				return nil, a.fail(ErrTooManyRedirects, code, nil)
			}
			a.hops++
			a.server = next
			if a.openFlags&codec.OpenAlternateServer != 0 {
				// The logon at the alternate public folder server MUST
				// clear ALTERNATE_SERVER and set IGNORE_HOME_MDB
				// ([MS-OXCSTOR] 3.1.5.1).
				a.openFlags = a.openFlags.AlternateServerRetry()
			}
		case errors.LogonRediscover:
			if a.openFlags&codec.OpenAlternateServer != 0 {
				return nil, a.fail(ErrNoAlternateServer, code, nil)
			}
			if err := c.rediscover(ctx, a, code); err != nil {
				return nil, err
			}
		case errors.LogonMailboxInTransit:
			return nil, a.fail(ErrMailboxInTransit, code, nil)
		case errors.LogonServerPaused:
			return nil, a.fail(ErrServerPaused, code, nil)
		default:
			return nil, a.fail(nil, code, nil)
		}
	}
}

// rediscover calls the Rediscover hook and points a at what it returned,
// or returns the error that ends the logon ([MS-OXCSTOR] 3.1.5.1).
func (c *Client) rediscover(ctx context.Context, a *attempt, code errors.EC) error {
	if c.Rediscover == nil {
		return a.fail(ErrRediscoveryFailed, code, errors.New("no rediscovery hook"))
	}
	if a.rediscovered >= c.maxRediscoveries() {
		return a.fail(ErrRediscoveryFailed, code, fmt.Errorf("rediscovered %d times already", a.rediscovered))
	}
	a.rediscovered++
	mailbox, server, err := c.Rediscover(ctx, a.mailbox)
	if err != nil {
		return a.fail(ErrRediscoveryFailed, code, err)
	}
	if mailbox == "" {
		mailbox = a.mailbox
	}
	if server == "" {
		server = a.server
	}
	if EqualDN(mailbox, a.mailbox) && EqualDN(TrimPrivateMDB(server), TrimPrivateMDB(a.server)) {
		return a.fail(ErrRediscoveryFailed, code, errors.New("no changes detected"))
	}
	// A new mailbox or server: a new logon, whose redirects start afresh.
	a.mailbox, a.server = mailbox, server
	a.visitedFrom = len(a.chain)
	a.hops = 0
	return nil
}
