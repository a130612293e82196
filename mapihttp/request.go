package mapihttp

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
)

// An Instance identifies one client instance to MAPI over HTTP servers: the
// GUID of its X-ClientInfo and X-RequestId headers ([MS-OXCMAPIHTTP]
// 2.2.3.3), the counter of its Session Contexts, and the counter of its
// requests. Its methods are safe for concurrent use; a program normally has
// one.
type Instance struct {
	guid     string // {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}
	sessions atomic.Uint64
	requests atomic.Uint64
}

// NewInstance returns an Instance with a new random GUID.
func NewInstance() *Instance {
	var g [16]byte
	rand.Read(g[:]) // never fails (crypto/rand, Go 1.24)
	g[6] = g[6]&0x0F | 0x40
	g[8] = g[8]&0x3F | 0x80
	return &Instance{guid: fmt.Sprintf("{%08X-%04X-%04X-%04X-%012X}", g[0:4], g[4:6], g[6:8], g[8:10], g[10:16])}
}

// GUID returns the instance's GUID in braces, as the headers carry it.
func (in *Instance) GUID() string { return in.guid }

// NewClientInfo returns the X-ClientInfo of a new Session Context: the
// instance's GUID and a counter that no earlier Session Context of this
// instance used ("{GUID}:N"). Re-establishing a Session Context may send the
// value it had again.
func (in *Instance) NewClientInfo() string {
	return in.guid + ":" + strconv.FormatUint(in.sessions.Add(1), 10)
}

// NextRequestID returns a new X-RequestId: the instance's GUID and a counter
// that grows with every request ("{GUID}:N", [MS-OXCMAPIHTTP] 2.2.3.3.2).
func (in *Instance) NextRequestID() string {
	return in.guid + ":" + strconv.FormatUint(in.requests.Add(1), 10)
}

// RequestHeaders are the protocol headers of one request
// ([MS-OXCMAPIHTTP] 2.2.2.1, 2.2.3).
type RequestHeaders struct {
	RequestType       string // X-RequestType: RequestTypeConnect, ...
	RequestID         string // X-RequestId: Instance.NextRequestID
	ClientInfo        string // X-ClientInfo: Instance.NewClientInfo, the same for a Session Context
	ClientApplication string // X-ClientApplication: the client's name and version; left out when ""
}

// Apply sets the headers on h, with Content-Type application/mapi-http.
func (rh RequestHeaders) Apply(h http.Header) {
	h.Set("Content-Type", ContentType)
	h.Set(HeaderRequestType, rh.RequestType)
	h.Set(HeaderRequestID, rh.RequestID)
	if rh.ClientInfo != "" {
		h.Set(HeaderClientInfo, rh.ClientInfo)
	}
	if rh.ClientApplication != "" {
		h.Set(HeaderClientApplication, rh.ClientApplication)
	}
}

// EndpointURL returns the URL of the EMSMDB endpoint for a mailbox: base
// (the endpoint Autodiscover gives, https://host/mapi/emsmdb/) with its
// MailboxId query parameter set to mailboxID (MailboxIDParam, a mailbox
// GUID @ domain as [MS-OXDSCLI] 4.4 shows it). An empty mailboxID leaves
// base's query as it is.
func EndpointURL(base, mailboxID string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return "", fmt.Errorf("mapihttp: endpoint %q is not an http(s) URL", base)
	}
	if mailboxID != "" {
		q := u.Query()
		q.Set(MailboxIDParam, mailboxID)
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// IsMailboxID reports whether s has the form of a MAPI over HTTP mailbox
// identifier, GUID@domain, as a RopLogon redirect names the server on MAPI
// over HTTP: no slash (a legacy server DN starts with "/o=") and one @ with
// text on both sides.
func IsMailboxID(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Count(s, "@") == 1 && !strings.ContainsAny(s, "/ ")
}
