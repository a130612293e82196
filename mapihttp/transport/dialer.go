package transport

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
	"github.com/ropcodec/ropcodec/logon"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// Defaults of the Dialer's settings. They are choices of this package, not
// protocol values: a client may pick others.
const (
	// DefaultCodePage is the Connect DefaultCodePage when Dialer.CodePage is 0
	// (Windows-1252).
	DefaultCodePage = 1252
	// DefaultLocale is the Connect LcidSort and LcidString when the Dialer's
	// are 0 (en-US).
	DefaultLocale = 0x0409
	// DefaultDisconnectTimeout bounds the Disconnect request Close sends
	// when Dialer.DisconnectTimeout is 0.
	DefaultDisconnectTimeout = 2 * time.Second
	// DefaultMaxRetries is how many times a request the server refused
	// with InvalidSequence is sent again, when Dialer.MaxRetries is 0.
	DefaultMaxRetries = 2
	// DefaultRetryDelay is the wait before such a retry when the Connect
	// response gave no RetryDelay.
	DefaultRetryDelay = 500 * time.Millisecond
)

// Config configures a Dialer; NewDialer checks it. Client, UserDN and
// Endpoint (or Route) are required; a zero limit or timeout means its
// default, and a nil Clock means logon.SystemClock.
type Config struct {
	// Client sends the requests. Required.
	Client *http.Client
	// Endpoint is the EMSMDB endpoint URL that Autodiscover gave (the
	// MailStore URL, https://host/mapi/emsmdb/?MailboxId=...).
	Endpoint string
	// Route, if set, returns the endpoint URL for a server that Dial is
	// given and that is not itself a URL (a mailbox GUID@domain or a server
	// DN). Nil uses Endpoint. For a mailbox identifier the URL's MailboxId
	// parameter is then set to it.
	Route func(ctx context.Context, server string) (endpoint string, err error)
	// UserDN is the UserDn of the Connect request: the legacyExchangeDN of
	// the user logging on. Required.
	UserDN string
	// Instance identifies this client (X-ClientInfo, X-RequestId); nil
	// makes one for the Dialer.
	Instance *mapihttp.Instance
	// ClientApplication is the X-ClientApplication header; "" sends none.
	ClientApplication string
	// ConnectFlags is the Connect request's Flags.
	ConnectFlags uint32
	// CodePage, LcidSort and LcidString fill the Connect request; 0 means
	// DefaultCodePage and DefaultLocale.
	CodePage, LcidSort, LcidString uint32
	// ExecuteFlags are the Flags of every Execute request
	// (mapihttp.ExecuteNoCompression, ExecuteNoXorMagic). 0 lets the server
	// compress and obfuscate the ROP output, which the Session undoes
	// (codec.DecodeRPCPayloads, package lz77), as Outlook lets it.
	// ExecuteChain is refused: the Session reads one payload.
	ExecuteFlags codec.ExecuteFlags
	// MaxRopOut is the Execute MaxRopOut; 0 means mapihttp.MaxRopOutLimit.
	MaxRopOut uint32
	// Limits bound what a response may make the Session buffer.
	Limits mapihttp.Limits
	// KeepAliveTimeout, if not 0, abandons a request when no meta-tag
	// (PROCESSING, PENDING) has come for that long ([MS-OXCMAPIHTTP]
	// 3.1.5.6), with ErrKeepAlive. Context deadlines apply in any case.
	KeepAliveTimeout time.Duration
	// KeepAlive makes each Session send PING when it has been idle for half
	// the X-ExpirationInfo the server gave, so that its Session Context
	// does not expire ([MS-OXCMAPIHTTP] 2.2.6). Close stops it.
	KeepAlive bool
	// DisconnectTimeout bounds the Disconnect that Close sends; 0 means
	// DefaultDisconnectTimeout.
	DisconnectTimeout time.Duration
	// MaxRetries is the most times a request refused with InvalidSequence
	// is sent again; 0 means DefaultMaxRetries.
	MaxRetries int
	// Clock is the source of time for keep-alives, retry waits and
	// timeouts; nil means logon.SystemClock. Context deadlines are real
	// time.
	Clock logon.Clock
}

// check returns why c cannot make a Dialer.
func (c *Config) check() error {
	switch {
	case c.Client == nil:
		return errors.New("mapihttp transport: Config.Client is nil")
	case c.UserDN == "":
		return errors.New("mapihttp transport: Config.UserDN is empty")
	case c.Endpoint == "" && c.Route == nil:
		return errors.New("mapihttp transport: Config has neither Endpoint nor Route")
	case c.KeepAliveTimeout < 0 || c.DisconnectTimeout < 0 || c.MaxRetries < 0:
		return fmt.Errorf("mapihttp transport: a negative limit in Config (KeepAliveTimeout %v, DisconnectTimeout %v, MaxRetries %d)",
			c.KeepAliveTimeout, c.DisconnectTimeout, c.MaxRetries)
	case c.ExecuteFlags&mapihttp.ExecuteChain != 0:
		return errors.New("mapihttp transport: Config.ExecuteFlags has ExecuteChain; a Session reads one ROP output payload")
	case c.MaxRopOut > mapihttp.MaxRopOutLimit:
		return fmt.Errorf("mapihttp transport: Config.MaxRopOut 0x%X is above 0x%X", c.MaxRopOut, mapihttp.MaxRopOutLimit)
	}
	if c.Endpoint != "" {
		if _, err := mapihttp.EndpointURL(c.Endpoint, ""); err != nil {
			return err
		}
	}
	return nil
}

// Dialer opens Session Contexts with the EMSMDB endpoint of MAPI over HTTP
// ([MS-OXCMAPIHTTP] 3.1.5.1): it is a logon.Dialer, so a logon.Client logs
// on over HTTP with it, following redirects and keeping to its redirect
// cache and budget as it does over any transport. Make one with NewDialer.
//
// Authentication, proxies and TLS are the Config's Client's: put Basic,
// NTLM or OAuth in its Transport (see the example). The Dialer uses a copy
// of the Client without its cookie Jar and without following redirects:
// each Session keeps its own cookies (mapihttp.SessionCookies), since two
// Session Contexts with one server have different ones, and an HTTP
// redirect is reported (ErrRedirected), not followed. One Client (and its
// pool of keep-alive connections) serves every Session.
//
// A Dialer is safe for concurrent use.
type Dialer struct {
	cfg      Config
	client   *http.Client
	instance *mapihttp.Instance
	clock    logon.Clock
}

// NewDialer returns a Dialer configured by cfg, or an error naming what is
// wrong with cfg. It does no I/O.
func NewDialer(cfg Config) (*Dialer, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	d := &Dialer{cfg: cfg, instance: cfg.Instance, clock: clock.Or(cfg.Clock)}
	if d.instance == nil {
		d.instance = mapihttp.NewInstance()
	}
	c := *cfg.Client
	c.Jar = nil
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	d.client = &c
	return d, nil
}

var _ logon.Dialer = (*Dialer)(nil)

// Dial opens a Session Context with server and returns it as a
// logon.Session (a *Session). server is what logon hands a Dialer: "" or
// the profile's server for the first logon, the ServerName of a RopLogon
// redirect after ecWrongServer, which on MAPI over HTTP is the mailbox's
// GUID@domain. A mailbox identifier becomes the MailboxId of the endpoint
// URL (Route's, or Endpoint); an http(s) URL is used as it is; anything
// else (a legacy server DN) goes to Route, or to Endpoint unchanged.
func (d *Dialer) Dial(ctx context.Context, server string) (logon.Session, error) {
	s, err := d.DialSession(ctx, server)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// DialSession is Dial returning the *Session itself.
func (d *Dialer) DialSession(ctx context.Context, server string) (*Session, error) {
	url, err := d.endpoint(ctx, server)
	if err != nil {
		return nil, &Error{RequestType: mapihttp.RequestTypeConnect, Err: err}
	}
	s := newSession(d, url)
	if err := s.connect(ctx, false); err != nil {
		s.shut()
		return nil, err
	}
	s.startKeepAlive()
	return s, nil
}

// endpoint maps what Dial was given to a URL.
func (d *Dialer) endpoint(ctx context.Context, server string) (string, error) {
	if strings.HasPrefix(server, "https://") || strings.HasPrefix(server, "http://") {
		return mapihttp.EndpointURL(server, "")
	}
	base := d.cfg.Endpoint
	if d.cfg.Route != nil && (server != "" || base == "") {
		var err error
		if base, err = d.cfg.Route(ctx, server); err != nil {
			return "", err
		}
	}
	if mapihttp.IsMailboxID(server) {
		return mapihttp.EndpointURL(base, server)
	}
	return mapihttp.EndpointURL(base, "")
}
