package goldap

import (
	"context"
	"errors"

	"github.com/go-ldap/ldap/v3"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// Each operation is Performing an LDAP Operation on an ADConnection
// ([MS-ADTS] 7.6.1.6) and has two forms: X(...) and XContext(ctx, ...).
// Both return within the Conn's Timeout; the Context form also returns when
// ctx ends. The results are go-ldap's, with the errors of the package
// documentation for lost connections, time limits and Close.

// Bind performs a simple bind (BindContext with context.Background()).
func (c *Conn) Bind(username, password string) error {
	return c.BindContext(context.Background(), username, password)
}

// BindContext performs a simple bind (RFC 4511 4.2) and, on success, records the DN and
// password to bind again after an autoreconnect ([MS-ADTS] 7.6.2.7 step 4).
// A bind that does not succeed leaves the connection unbound (RFC 4511
// 4.2.1). An empty password is refused, as go-ldap's Bind does.
func (c *Conn) BindContext(ctx context.Context, username, password string) error {
	_, err := c.SimpleBindContext(ctx, &ldap.SimpleBindRequest{Username: username, Password: password})
	return err
}

// SimpleBind is SimpleBindContext with context.Background().
func (c *Conn) SimpleBind(req *ldap.SimpleBindRequest) (*ldap.SimpleBindResult, error) {
	return c.SimpleBindContext(context.Background(), req)
}

// SimpleBindContext is BindContext with go-ldap's request type; the request
// is what an autoreconnect sends again.
func (c *Conn) SimpleBindContext(ctx context.Context, req *ldap.SimpleBindRequest) (*ldap.SimpleBindResult, error) {
	if req == nil {
		return nil, ErrNilRequest
	}
	var res *ldap.SimpleBindResult
	finished, err := c.do(ctx, Op{Run: func(lc *ldap.Conn) (err error) { res, err = lc.SimpleBind(req); return err }})
	c.recordBind(err, req)
	if !finished {
		return nil, err
	}
	return res, err
}

// recordBind keeps bindHasHappened and the bind to replay ([MS-ADTS]
// 7.6.2.3): a success records req; any other outcome leaves the connection
// unbound, except a lost connection or Close, which have set that state
// already.
func (c *Conn) recordBind(err error, req *ldap.SimpleBindRequest) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err == nil:
		c.bound = true
		c.bindReq = *req
	case IsServerDown(err), errors.Is(err, ErrClosed):
	default:
		c.bound, c.bindReq = false, ldap.SimpleBindRequest{}
	}
}

// Search is SearchContext with context.Background().
func (c *Conn) Search(req *ldap.SearchRequest) (*ldap.SearchResult, error) {
	return c.SearchContext(context.Background(), req)
}

// SearchContext runs a search (RFC 4511 4.5). A search whose controls include
// LDAP_SERVER_NOTIFICATION_OID, or one that had returned entries or
// referrals before the connection broke, is not resent ([MS-ADTS] 7.6.2.7
// step 5). As go-ldap's Search, it returns what it received with a server's
// error.
func (c *Conn) SearchContext(ctx context.Context, req *ldap.SearchRequest) (*ldap.SearchResult, error) {
	if req == nil {
		return nil, ErrNilRequest
	}
	var res *ldap.SearchResult
	finished, err := c.do(ctx, Op{
		Run:          func(lc *ldap.Conn) (err error) { res, err = lc.Search(req); return err },
		Notification: ldap.FindControl(req.Controls, ldapreconnect.NotificationOID) != nil,
		Partial: func() bool {
			return res != nil && (len(res.Entries) > 0 || len(res.Referrals) > 0)
		},
	})
	if !finished {
		return nil, err
	}
	return res, err
}

// Add is AddContext with context.Background().
func (c *Conn) Add(req *ldap.AddRequest) error {
	return c.AddContext(context.Background(), req)
}

// AddContext runs an add request (RFC 4511 4.7).
func (c *Conn) AddContext(ctx context.Context, req *ldap.AddRequest) error {
	if req == nil {
		return ErrNilRequest
	}
	return c.DoContext(ctx, Op{Run: func(lc *ldap.Conn) error { return lc.Add(req) }})
}

// Modify is ModifyContext with context.Background().
func (c *Conn) Modify(req *ldap.ModifyRequest) error {
	return c.ModifyContext(context.Background(), req)
}

// ModifyContext runs a modify request (RFC 4511 4.6).
func (c *Conn) ModifyContext(ctx context.Context, req *ldap.ModifyRequest) error {
	if req == nil {
		return ErrNilRequest
	}
	return c.DoContext(ctx, Op{Run: func(lc *ldap.Conn) error { return lc.Modify(req) }})
}

// ModifyDN is ModifyDNContext with context.Background().
func (c *Conn) ModifyDN(req *ldap.ModifyDNRequest) error {
	return c.ModifyDNContext(context.Background(), req)
}

// ModifyDNContext runs a modify DN request (RFC 4511 4.9).
func (c *Conn) ModifyDNContext(ctx context.Context, req *ldap.ModifyDNRequest) error {
	if req == nil {
		return ErrNilRequest
	}
	return c.DoContext(ctx, Op{Run: func(lc *ldap.Conn) error { return lc.ModifyDN(req) }})
}

// Del is DelContext with context.Background().
func (c *Conn) Del(req *ldap.DelRequest) error {
	return c.DelContext(context.Background(), req)
}

// DelContext runs a delete request (RFC 4511 4.8).
func (c *Conn) DelContext(ctx context.Context, req *ldap.DelRequest) error {
	if req == nil {
		return ErrNilRequest
	}
	return c.DoContext(ctx, Op{Run: func(lc *ldap.Conn) error { return lc.Del(req) }})
}

// Compare is CompareContext with context.Background().
func (c *Conn) Compare(dn, attribute, value string) (bool, error) {
	return c.CompareContext(context.Background(), dn, attribute, value)
}

// CompareContext runs a compare request (RFC 4511 4.10).
func (c *Conn) CompareContext(ctx context.Context, dn, attribute, value string) (bool, error) {
	var ok bool
	finished, err := c.do(ctx, Op{Run: func(lc *ldap.Conn) (err error) { ok, err = lc.Compare(dn, attribute, value); return err }})
	return finished && ok, err
}
