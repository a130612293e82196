package logon

import (
	"sync"
	"sync/atomic"

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
// It is the fix of the failure in Stephen Griffin's "Enough With The
// Redirects Already": a client that opens many mailboxes in quick
// succession through one server is redirected each time, and more than five
// redirects in ten seconds make the server answer ecServerPaused. Outlook's
// MAPI keeps such a cache, but the program in the article logged out of MAPI
// between mailboxes, which tore the cache down each time; a RedirectCache
// belongs to the application, not to a session, and should be shared by all
// sessions (and goroutines) of a process.
//
// Mailbox DNs compare without regard to ASCII letter case (EqualDN). A newer
// redirect replaces an older one; Forget (or Observe of ecUnknownUser or
// ecLoginFailure) drops an entry; when full, an entry not looked up for a
// while is evicted: the cache sweeps its entries in turn, sparing once each
// entry looked up (or redirected again) since the sweep last passed it (the
// CLOCK, or second chance, approximation of least recently used; earlier
// versions evicted the least recently used exactly, at the price of a write
// lock on every hit).
//
// All methods are safe for concurrent use. Lookup takes only a read lock and
// writes nothing shared unless the entry was not marked used, so hits from
// many goroutines do not wait for each other; it does not allocate for DNs
// up to 512 bytes.
type RedirectCache struct {
	mu      sync.RWMutex
	max     int
	m       map[string]*cacheEntry // folded mailbox DN -> its entry
	spelled map[string]*cacheEntry // mailbox DN as last given to Redirected -> its entry
	ring    []*cacheEntry          // every entry, in the order the sweep visits them
	hand    int                    // the next entry of ring the sweep visits
}

// cacheEntry is one mailbox. Its fields other than used are written under
// the write lock.
type cacheEntry struct {
	key     string      // folded mailbox DN
	mailbox string      // as last given to Redirected
	server  string      // as the redirect named it
	pos     int         // index in ring
	used    atomic.Bool // looked up since the sweep last passed it
}

// NewRedirectCache returns an empty cache holding at most max mailboxes; a
// max below 1 means DefaultRedirectCacheSize.
func NewRedirectCache(max int) *RedirectCache {
	if max < 1 {
		max = DefaultRedirectCacheSize
	}
	return &RedirectCache{max: max, m: make(map[string]*cacheEntry), spelled: make(map[string]*cacheEntry)}
}

// Lookup returns the server DN the last redirect for mailboxDN named, and
// whether there is one. A hit marks the entry as used, so that the next
// eviction spares it. It takes a read lock and does not allocate (for DNs up
// to 512 bytes), so consulting the cache before every logon costs a map
// access: one, for the spelling last given to Redirected; a second, of the
// DN folded, for any other.
func (c *RedirectCache) Lookup(mailboxDN string) (serverDN string, ok bool) {
	c.mu.RLock()
	e, ok := c.spelled[mailboxDN]
	if !ok {
		var buf [keyBufSize]byte
		k := appendFolded(buf[:0], mailboxDN)
		e, ok = c.m[string(k)] // no allocation: the compiler looks up without a copy
	}
	if ok {
		serverDN = e.server
		if !e.used.Load() { // a store only when it changes: hits share the line
			e.used.Store(true)
		}
	}
	c.mu.RUnlock()
	return serverDN, ok
}

// Redirected records that a logon to mailboxDN was redirected to serverDN
// ([MS-OXCSTOR] 3.1.5.1). It replaces what the cache held for that mailbox:
// the newest redirect is the one that counts, since a mailbox can move again.
// An empty mailboxDN or serverDN is ignored. When the cache is full a mailbox
// not looked up for a while is evicted (see RedirectCache).
func (c *RedirectCache) Redirected(mailboxDN, serverDN string) {
	if mailboxDN == "" || serverDN == "" {
		return
	}
	key := foldKey(mailboxDN)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		e.server = serverDN
		e.used.Store(true)
		if e.mailbox != mailboxDN {
			delete(c.spelled, e.mailbox)
			e.mailbox = mailboxDN
			c.spelled[mailboxDN] = e
		}
		return
	}
	e := &cacheEntry{key: key, mailbox: mailboxDN, server: serverDN}
	if len(c.ring) < c.max {
		e.pos = len(c.ring)
		c.ring = append(c.ring, e)
	} else {
		e.pos = c.evict()
		c.ring[e.pos] = e
	}
	c.m[key] = e
	c.spelled[mailboxDN] = e
}

// evict sweeps the ring from the hand, sparing once each entry used since
// the last sweep, drops the first entry that was not, and returns its place
// in ring, past which the hand now stands. Called with the write lock held
// on a full, non-empty cache; it ends within two turns of the ring.
func (c *RedirectCache) evict() int {
	for {
		if c.hand >= len(c.ring) {
			c.hand = 0
		}
		e := c.ring[c.hand]
		c.hand++
		if e.used.Load() {
			e.used.Store(false)
			continue
		}
		delete(c.m, e.key)
		delete(c.spelled, e.mailbox)
		return e.pos
	}
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
		delete(c.m, e.key)
		delete(c.spelled, e.mailbox)
		last := c.ring[len(c.ring)-1]
		c.ring[e.pos], last.pos = last, e.pos
		c.ring[len(c.ring)-1] = nil
		c.ring = c.ring[:len(c.ring)-1]
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
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Max returns the most mailboxes the cache holds.
func (c *RedirectCache) Max() int { return c.max }
