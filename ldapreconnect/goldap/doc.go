// Package goldap gives a github.com/go-ldap/ldap/v3 connection the LDAP
// network-error handling and autoreconnect of [MS-ADTS] 7.6.3.1 and 7.6.2.7,
// using the decisions of package ldapreconnect (ShouldResend), and time
// limits on everything that waits. It lives in its own package so that
// ldapreconnect itself does not depend on go-ldap.
//
// # Time limits
//
// A Conn has a time limit, Timeout (Config.Timeout, DefaultTimeout of 120
// seconds when zero), that plays the part of LDAP_OPT_TIMELIMIT ([MS-ADTS]
// 7.3) for every request:
//
//   - Every operation (Bind, SimpleBind, Search, Add, Modify, ModifyDN, Del,
//     Compare, Do) returns within Timeout of its call, the first connection
//     included; its Context form (BindContext, ..., DoContext) returns
//     sooner if its context ends sooner. A context cannot extend an
//     operation beyond Timeout. The limit covers the whole call: waiting for
//     a connect or autoreconnect, and every resend.
//   - When the limit or the context's deadline runs out, the operation
//     returns an *ldap.Error with ResultCode ldap.LDAPResultTimeout
//     (LDAP_TIMEOUT, 85, as [MS-ADTS] 7.6.4.1 says the Microsoft client
//     sets) wrapping context.DeadlineExceeded (IsTimeout reports it); a
//     canceled context gives context.Canceled. The connection stays up:
//     7.6.4.1 ends the request, not the connection. go-ldap's request timer,
//     set to Timeout on every connection, drops the request's state.
//   - Open, New, Dial, DialContext and Connect (ConnectContext) return
//     within Timeout (and the context). Each dial, each rebind and
//     Config.Setup are bounded by Timeout as well, and a dial function that
//     ignores its context is abandoned when the limit runs out.
//   - Each write to the socket has Timeout as its deadline. A write that
//     does not finish in time leaves part of a message on the stream, so
//     the connection counts as lost (below).
//
// The document's own defaults differ: with LDAP_OPT_TIMELIMIT 0 it limits a
// bind to 120 seconds and other requests not at all, and 7.6.2.5 restarts a
// request's timer at every resend. The adapter applies one limit to the
// whole of every call, so that no call waits forever.
//
// # Close
//
// Close returns promptly in every state: it closes the socket, which ends
// every blocked read and write at once, cancels a connect or autoreconnect
// in flight (its dial, its rebind, its Setup), and makes every operation in
// progress or waiting return ErrClosed. Its only wait is for go-ldap's own
// shutdown once the socket is closed, at most one second. No method
// holds the Conn's lock across network I/O, so Bound, AutoReconnect,
// Reconnects and Conn never wait for the network.
//
// # Lost connections and reconnects
//
// A connection counts as lost when a read or write on its socket failed
// (the network failures of [MS-ADTS] 7.4, and a write that ran out of
// time), when go-ldap closed it itself (it does so, without a socket error,
// on a message it cannot parse), or when go-ldap panicked reading a response
// (the panic is recovered; the cause wraps ErrMalformed). 7.6.3.1 names
// network failures as its trigger; 7.3 defines LDAP_OPT_AUTO_RECONNECT for
// a lost connection whatever the cause, and the adapter handles all these
// losses alike. The Conn then closes the connection (7.6.3.1 step 2) and:
//
//   - with auto-reconnect off, returns an *ldap.Error whose ResultCode is
//     ldap.LDAPResultServerDown (LDAP_SERVER_DOWN, 81) (7.6.3.1 step 3);
//     every later operation returns LDAP_SERVER_DOWN until Connect, which
//     dials a new, unbound connection;
//   - with auto-reconnect on (the default, [MS-ADTS] 7.3), dials again,
//     binds again with the recorded simple bind only if the connection had
//     been bound, and sends the operation again, at most
//     ldapreconnect.MaxResends times (7.6.2.7). A search carrying the
//     LDAP_SERVER_NOTIFICATION_OID control, or a search that had already
//     returned entries, is not resent and returns LDAP_SERVER_DOWN. One
//     autoreconnect runs at a time; operations that find the connection
//     lost wait for it, each within its own limit.
//
// If the redial or the rebind fails, the operation returns LDAP_SERVER_DOWN
// and the Conn is left disconnected and unbound: every later operation
// returns LDAP_SERVER_DOWN until Connect succeeds (as ldapreconnect.Conn).
// A connection lost while no operation runs is noticed by the next one,
// which handles it before sending.
//
// How go-ldap reports a broken connection: its reader goroutine closes the
// *ldap.Conn and pending operations fail with an error such as "ldap:
// response channel closed" or "unable to read LDAP response packet"; a
// failed write gives a plain error. Neither keeps the socket error, and
// go-ldap uses ErrorNetwork for errors that are not network failures as
// well (a malformed packet, its own request timer). So the Conn wraps the
// net.Conn it hands to ldap.NewConn, records the first read or write error
// on it, and asks the *ldap.Conn whether it is closing. An error that is a
// server's LDAPResult (ResultCode below ldap.ErrorNetwork) is always
// returned as it is.
//
// Operations run go-ldap on a goroutine of their own, so that a context can
// end the wait; see Op for what that means for a Run function. Only simple
// binds (Bind, SimpleBind) are replayed after a reconnect. Operations not
// wrapped here can be run through Do.
//
// # Construction and time
//
// The procedure packages (logon, reconnect, ldapreconnect and this adapter)
// are built one way: a Config struct whose zero fields mean the documented
// defaults, and a constructor New<Type>(cfg Config) (*Type, error) that
// refuses a bad Config (a required field missing, a negative limit) with an
// error instead of a panic, and does no I/O; every wait ends with its
// context. Earlier entry points stay as thin wrappers.
//
// Here: NewConn(Config), which requires Dial; Connect dials. Open is NewConn
// and ConnectContext in one call, the way go-ldap's Dial functions connect
// at once; New, Dial and DialContext are thin wrappers around Open, kept
// from earlier versions. The Config has no Clock: every limit here is a
// socket deadline or one of go-ldap's timers, which only the system clock
// drives.
package goldap
