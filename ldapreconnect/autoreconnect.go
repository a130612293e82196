package ldapreconnect

import (
	"context"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
)

// networkError is Processing Network Errors ([MS-ADTS] 7.6.3.1) for
// connection gen. Only the first report for a connection runs it.
func (c *Conn) networkError(gen uint64) {
	// Step 1: containingADConnection is c; a report for a connection c no
	// longer uses is stale.
	c.mu.Lock()
	if c.isClosed || gen != c.gen || c.tr == nil {
		c.mu.Unlock()
		return
	}
	tr := c.tr
	c.tr = nil
	auto := c.autoReconnect
	if auto {
		c.reconnecting = true
		c.recDone = make(chan struct{})
	}
	c.mu.Unlock()

	// Step 2: close the TCP connection.
	tr.Close()

	if !auto {
		// Step 3: complete every request awaiting a response with
		// LDAP_SERVER_DOWN. The new TCP connection a later Connect opens is
		// not bound.
		c.mu.Lock()
		c.bound = false
		for _, l := range c.takePending() {
			c.completeServerDown(l)
		}
		c.mu.Unlock()
		return
	}
	// Step 4.
	c.autoreconnect()
}

// autoreconnect is Autoreconnecting to a Directory Server ([MS-ADTS]
// 7.6.2.7). c.reconnecting is set on entry and cleared on return.
func (c *Conn) autoreconnect() bool {
	// Steps 1 and 2.
	c.mu.Lock()
	wasBound := c.bound
	c.bound = false
	bindReq := c.bindReq
	limit := c.timeLimit
	c.mu.Unlock()
	if limit <= 0 {
		limit = BindTimeLimit
	}
	// The dial and the rebind end when the time limit runs out or Close
	// is called.
	ctx, cancel := clock.WithTimeout(c.ctx, c.clock, limit)
	defer cancel()

	// Step 3: Connecting to a Directory Server (7.6.2.2).
	tr, err := c.dialer.Dial(ctx)
	if err != nil {
		return c.reconnectFailed(nil)
	}
	c.mu.Lock()
	if c.isClosed {
		c.mu.Unlock()
		return c.reconnectFailed(tr)
	}
	c.recTr = tr
	var bindID int64
	if wasBound {
		bindID = c.newID()
	}
	c.mu.Unlock()

	// Step 4: bind again only if the connection had been bound (7.6.2.3),
	// within the time limit (7.6.2.5): when it runs out the connection is
	// closed, which ends the rebind's Receive.
	if wasBound {
		stop := context.AfterFunc(ctx, func() { tr.Close() })
		ok := c.rebind(tr, bindID, bindReq)
		if !stop() || !ok {
			return c.reconnectFailed(tr)
		}
	}

	// Step 5: resend each pending request that has no result.
	c.mu.Lock()
	if c.isClosed {
		c.mu.Unlock()
		return c.reconnectFailed(tr)
	}
	c.recTr = nil
	c.tr = tr
	c.gen++
	gen := c.gen
	c.bound = wasBound
	c.reconnects++
	var resend []*ldapRequest
	for _, l := range c.takePending() {
		if len(l.msgs) > 0 {
			// Not covered by step 5 (resultMessages is not empty: a search
			// that had returned entries). The new connection will never
			// answer it, so it ends here with LDAP_SERVER_DOWN after the
			// messages it got.
			c.completeServerDown(l)
			continue
		}
		l.resends++ // 5a
		if !ShouldResend(l.resends, l.notification) {
			c.completeServerDown(l) // 5b
			continue
		}
		l.gen = gen
		c.pending[l.id] = l
		resend = append(resend, l)
	}
	c.reconnecting = false
	close(c.recDone)
	c.mu.Unlock()

	go c.read(tr, gen)
	for _, l := range resend {
		// 5c: Performing an LDAP Operation Against a Directory Server
		// (7.6.2.5); a failed send completes the request with
		// LDAP_SERVER_DOWN.
		if err := c.send(tr, appendMessage(nil, l.id, l.req.Op, l.req.Controls)); err != nil {
			c.sendFailed(l, gen, err)
		}
	}
	return true // step 6
}

// rebind sends the kept bind request on tr and reads until its response
// (7.6.2.3). Only a BindResponse with LDAP_SUCCESS counts.
func (c *Conn) rebind(tr Transport, id int64, req *Request) bool {
	if req == nil {
		return false
	}
	if err := c.send(tr, appendMessage(nil, id, req.Op, req.Controls)); err != nil {
		return false
	}
	for {
		b, err := tr.Receive()
		if err != nil {
			return false
		}
		m, err := parseMessage(b)
		if err != nil {
			return false
		}
		if m.id != id {
			continue // unsolicited (e.g. a Notice of Disconnection is ID 0)
		}
		if m.op != opBindResponse {
			return false
		}
		code, _, _, err := parseResult(m.body)
		return err == nil && errors.LDAPResult(code) == errors.LDAP_SUCCESS
	}
}

// reconnectFailed ends a 7.6.2.7 that returns FALSE (steps 3 and 4). The
// document says no more; this implementation then completes every pending
// request with LDAP_SERVER_DOWN, as 7.6.3.1 step 3 does, rather than leave
// them waiting on a connection that no longer exists. The Conn stays
// unconnected until Connect.
func (c *Conn) reconnectFailed(tr Transport) bool {
	if tr != nil {
		tr.Close()
	}
	c.mu.Lock()
	c.recTr = nil
	for _, l := range c.takePending() {
		c.completeServerDown(l)
	}
	c.reconnecting = false
	close(c.recDone)
	c.mu.Unlock()
	return false
}
