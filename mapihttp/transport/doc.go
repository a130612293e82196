// Package transport carries ROP buffers over MAPI over HTTP
// ([MS-OXCMAPIHTTP]) with the caller's *http.Client: a Dialer, made by
// NewDialer(Config), is a logon.Dialer, and the Sessions it opens are
// logon.Sessions, so that
// logon.Client logs on to a current Exchange server over HTTP and follows
// its redirects with the same redirect cache and budget as over any
// transport.
//
// A Session is one Session Context ([MS-OXCMAPIHTTP] 3.1.5.1): Connect when
// it is dialled, Execute for each ROP buffer (3.1.5.2), PING to keep it
// alive (optional, Dialer.KeepAlive), NotificationWait to wait for events,
// and Disconnect when it is closed. It keeps the Session Context's cookies
// and sends X-ClientInfo and a growing X-RequestId with every request; it
// re-establishes a lost Session Context with a new Connect that carries the
// old cookies (4.4) and retries a request refused with InvalidSequence.
//
// Redirects: on ecWrongServer a RopLogon redirect names the mailbox's server
// as GUID@domain on MAPI over HTTP; logon.Client dials that name, and the
// Dialer makes it the MailboxId of the endpoint URL (Dialer.Route may send
// the domain to another endpoint). HTTP redirects are reported, not
// followed (ErrRedirected).
//
// Errors are *Error: the kind (ErrUnauthorized, ErrRedirected,
// ErrHTTPStatus, ErrResponseCode, ErrContextReset, ErrKeepAlive,
// ErrProtocol, ErrClosed), the X-ResponseCode (errors.XResponseCode, which
// errors.XResponseActionFor classifies), and the cause (the context's error,
// a *mapihttp.StatusError, an errors.EC from a response body).
//
// Every call takes a context; no lock is held while a request is on the
// wire; Close cancels what is in flight and bounds its Disconnect.
package transport
