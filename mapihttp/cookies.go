package mapihttp

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// MaxCookies is the most cookies a SessionCookies keeps; a response that
// sets more has the rest ignored, so that a server cannot grow a client's
// memory without bound.
const MaxCookies = 32

// SessionCookies are the cookies of one Session Context: the session
// context cookie and the request sequence cookie that the server sets
// (Set-Cookie, [MS-OXCMAPIHTTP] 2.2.3.2.3; Exchange calls them MapiContext
// and MapiSequence) and any other the server adds, such as a load balancer's
// affinity cookie. The client sends all of them back with the next request
// of the Session Context (Cookie, 2.2.3.2.4; 3.1.5.2), and sends them with
// a new Connect to re-establish an expired one (4.4).
//
// They belong to the Session Context, not to the http.Client: two Session
// Contexts with the same server have different cookies, which a shared
// cookie jar would mix up. Methods are safe for concurrent use.
type SessionCookies struct {
	mu      sync.Mutex
	cookies []*http.Cookie // in the order first set
}

// Observe takes the Set-Cookie headers of a response: a new value replaces
// the old one of the same name, and a cookie the server expires (a Max-Age
// of 0 or less, or an Expires in the past) is dropped.
func (c *SessionCookies) Observe(resp *http.Response) {
	set := resp.Cookies()
	if len(set) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range set {
		i := slices.IndexFunc(c.cookies, func(o *http.Cookie) bool { return o.Name == k.Name })
		switch {
		case k.MaxAge < 0 || !k.Expires.IsZero() && k.Expires.Before(time.Now()):
			if i >= 0 {
				c.cookies = slices.Delete(c.cookies, i, i+1)
			}
		case i >= 0:
			c.cookies[i] = &http.Cookie{Name: k.Name, Value: k.Value}
		case len(c.cookies) < MaxCookies:
			c.cookies = append(c.cookies, &http.Cookie{Name: k.Name, Value: k.Value})
		}
	}
}

// Apply adds the cookies to req.
func (c *SessionCookies) Apply(req *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.cookies {
		req.AddCookie(k)
	}
}

// Len returns the number of cookies kept.
func (c *SessionCookies) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cookies)
}

// Reset drops every cookie.
func (c *SessionCookies) Reset() {
	c.mu.Lock()
	c.cookies = nil
	c.mu.Unlock()
}
