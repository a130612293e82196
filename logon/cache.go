package logon

import (
	"container/list"
	"sync"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// DefaultRedirectCacheSize is the number of mailboxes NewRedirectCache keeps
// when asked for a size below 1.
const DefaultRedirectCacheSize = 4096

// RedirectCache remembers, for each mailbox DN, the server DN that the last
// redirect for it named (the ServerName of a RopLogon redirect response,
// [MS-OXCSTOR] 2.2.1.1.2 and 3.1.5.1), so that the next logon to that mailbox
// goes straight to its server instead of being redirected again.
//
// It is the fix of seed 001: a client that opens many mailboxes in quick
// succession through one server is redirected each time, and more than five
// redirects in ten seconds make the server answer ecServerPaused. The seed's
// own cache failed because it was torn down at every logout; a RedirectCache
// belongs to the application, not to a session, and should be shared by all
// sessions (and goroutines) of a process.
//
// Mailbox DNs compare without regard to ASCII letter case (EqualDN). A newer
// redirect replaces an older one; Forget (or Observe of ecUnknownUser or
// ecLoginFailure) drops an entry; when full, the least recently used entry
// is evicted. All methods are safe for concurrent use, and Lookup does not
// allocate for DNs up to 512 bytes.
type RedirectCache struct {
	mu  sync.Mutex
	max int
	m   map[string]*list.Element // folded mailbox DN -> *cacheEntry
	lru list.List                // front: most recently used
}

type cacheEntry struct {
	key     string // folded mailbox DN
	mailbox string // as first given
	server  string // as the redirect named it
}

// NewRedirectCache returns an empty cache holding at most max mailboxes; a
// max below 1 means DefaultRedirectCacheSize.
func NewRedirectCache(max int) *RedirectCache {
	if max < 1 {
		max = DefaultRedirectCacheSize
	}
	c := &RedirectCache{max: max, m: make(map[string]*list.Element)}
	c.lru.Init()
	return c
}

// Lookup returns the server DN the last redirect for mailboxDN named, and
// whether there is one. A hit marks the entry as recently used. It does not
// allocate (for DNs up to 512 bytes), so consulting the cache before every
// logon costs a map access.
func (c *RedirectCache) Lookup(mailboxDN string) (serverDN string, ok bool) {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], mailboxDN)
	c.mu.Lock()
	e, ok := c.m[string(k)] // no allocation: the compiler looks up without a copy
	if ok {
		c.lru.MoveToFront(e)
		serverDN = e.Value.(*cacheEntry).server
	}
	c.mu.Unlock()
	return serverDN, ok
}

// Redirected records that a logon to mailboxDN was redirected to serverDN
// ([MS-OXCSTOR] 3.1.5.1). It replaces what the cache held for that mailbox:
// the newest redirect is the one that counts, since a mailbox can move again.
// An empty mailboxDN or serverDN is ignored. When the cache is full the least
// recently used mailbox is evicted.
func (c *RedirectCache) Redirected(mailboxDN, serverDN string) {
	if mailboxDN == "" || serverDN == "" {
		return
	}
	key := foldKey(mailboxDN)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		e.Value.(*cacheEntry).server = serverDN
		c.lru.MoveToFront(e)
		return
	}
	for c.lru.Len() >= c.max {
		old := c.lru.Back()
		delete(c.m, old.Value.(*cacheEntry).key)
		c.lru.Remove(old)
	}
	c.m[key] = c.lru.PushFront(&cacheEntry{key: key, mailbox: mailboxDN, server: serverDN})
}

// Forget drops what the cache holds for mailboxDN. A client calls it when a
// logon fails with ecUnknownUser: the directory no longer knows the mailbox
// where the cache said, and [MS-OXCSTOR] 3.1.5.1 sends the client to
// Autodiscover for fresh user and server information.
func (c *RedirectCache) Forget(mailboxDN string) {
	var buf [keyBufSize]byte
	k := appendFolded(buf[:0], mailboxDN)
	c.mu.Lock()
	if e, ok := c.m[string(k)]; ok {
		delete(c.m, e.Value.(*cacheEntry).key)
		c.lru.Remove(e)
	}
	c.mu.Unlock()
}

// Observe updates the cache from the RopLogon response a logon to mailboxDN
// received, and returns what the client does next (errors.LogonActionFor of
// its status, [MS-OXCSTOR] 3.1.5.1):
//
//   - LogonRedirect (ecWrongServer): the ServerName of the redirect response
//     replaces the cached server.
//   - LogonRediscover (ecUnknownUser, ecLoginFailure): the entry is dropped,
//     since the client is to rediscover the user's server.
//   - anything else leaves the cache as it is.
//
// A nil response is LogonFail and changes nothing.
func (c *RedirectCache) Observe(mailboxDN string, resp codec.RopLogonResponse) errors.LogonAction {
	if resp == nil {
		return errors.LogonFail
	}
	action := errors.LogonActionFor(resp.Status())
	switch action {
	case errors.LogonRedirect:
		if r, ok := resp.(*codec.RopLogonRedirectResponse); ok {
			c.Redirected(mailboxDN, r.ServerName)
		}
	case errors.LogonRediscover:
		c.Forget(mailboxDN)
	}
	return action
}

// Len returns the number of mailboxes in the cache.
func (c *RedirectCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// Max returns the most mailboxes the cache holds.
func (c *RedirectCache) Max() int { return c.max }
