// Package ldapreconnect runs the LDAP client's network-error procedures of
// [MS-ADTS] 7.6.3.1 (Processing Network Errors) and 7.6.2.7 (Autoreconnecting
// to a Directory Server) over the caller's transport.
//
// A Conn is the ADConnection of [MS-ADTS] 7.3 with its primaryConnection
// ConnectionInfo: the LDAP_OPT_AUTO_RECONNECT option (TRUE by default, as 7.3
// says), bindHasHappened and the bind request to replay, and the
// pendingRequestList of LDAPRequest values (message ID, request, result
// messages, numResends). Referral connections are not modelled.
//
// When a read or write on the connection fails with an error that
// IsNetworkError accepts ([MS-ADTS] 7.4), the Conn closes the connection
// (7.6.3.1 step 2) and then either completes every pending request with an
// LDAPResult of LDAP_SERVER_DOWN (0x51), the request's message ID and empty
// matchedDN and diagnosticMessage (step 3, auto-reconnect off), or reconnects
// through the Dialer, binds again only if the connection had been bound, and
// resends each pending request that has no result yet, at most MaxResends (20)
// times; a search carrying the LDAP_SERVER_NOTIFICATION_OID control is never
// resent and completes with LDAP_SERVER_DOWN instead (step 4, 7.6.2.7).
//
// The transport plugs in through two small interfaces, Dialer and Transport,
// that move whole BER-encoded LDAPMessages (RFC 4511 4.1.1). The caller
// encodes each request's protocolOp (and Controls, if any); the Conn assigns
// message IDs, frames the LDAPMessage and reads just enough of each response
// (message ID, protocolOp tag and the LDAPResult fields) to route it. The
// LDAP_SERVER_DOWN results the procedures construct are returned both as a
// decoded Result and as LDAPMessage bytes (AppendServerDown) in
// Response.Messages, so a caller that parses responses itself sees them like
// any server response. NetDialer and NetTransport are a ready TCP transport;
// NetTransport reads a message in steps as its bytes arrive, so a peer that
// announces a long message and sends little of it costs little memory.
//
// Waiting: Connect, Bind and Do return when their context ends, also while
// a write is blocked or an autoreconnect runs; no lock is held across a
// Dial, Send or Receive. An autoreconnect's dial and rebind must finish
// within LDAP_OPT_TIMELIMIT (Config.TimeLimit or SetTimeLimit; BindTimeLimit,
// 120 seconds, when it is 0, as 7.6.2.5 times a bind), or the autoreconnect
// fails and the pending requests complete with LDAP_SERVER_DOWN. Close
// returns after at most one second (the time it gives the UnbindRequest),
// and ends pending requests with ErrClosed and any autoreconnect in flight.
//
// OnError, IsNetworkError and ShouldResend are the decisions alone, without a
// Conn, for adapters that keep their own connection state.
//
// # Construction and time
//
// The procedure packages (logon, reconnect, ldapreconnect and its goldap
// adapter) are built one way: a Config struct whose zero fields mean the
// documented defaults, and a constructor New<Type>(cfg Config) (*Type, error)
// that refuses a bad Config (a required field missing, a negative limit)
// with an error instead of a panic, and does no I/O. Time is read through
// Config.Clock (Now and After, like time.Now and time.After), nil meaning
// the system clock, so that tests run the waits without sleeping; every
// wait also ends with its context. Earlier entry points stay as thin
// wrappers.
//
// Here: NewConn(Config), which requires a Dialer; Connect dials. The Clock
// times the autoreconnect's limit and Close's wait for its UnbindRequest.
// New(Dialer), the earlier constructor, is a thin wrapper; with a nil
// Dialer its Connect returns the error NewConn would have. LDAP options
// start from the Config and change with SetAutoReconnect and SetTimeLimit,
// as ldap_set_option changes them on a live connection (7.6.1.2).
package ldapreconnect
