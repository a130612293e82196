// Package logon holds the client-side procedures around RopLogon that are
// not a single ROP: remembering where a redirect sent a mailbox, and keeping
// a client under the redirect rate that makes Exchange answer ecServerPaused.
//
// The failure this package exists for is seed 001 ("Enough With The
// Redirects Already"): a program that opens many mailboxes in quick
// succession logs on to the wrong server, is redirected with ecWrongServer
// ([MS-OXCSTOR] 3.1.5.1), and after more than five redirected logons within
// ten seconds the server answers ecServerPaused ([MS-OXCSTOR] 3.2.5.1.1,
// 3.2.5.1.3), which MAPI callers only see as MAPI_E_FAILONEPROVIDER. The
// client in the seed had a cache of recently used server DNs, but it was torn
// down at every logout, so it never helped.
//
//   - RedirectCache maps a mailbox DN to the server DN a redirect named. It is
//     owned by the application, not by a session, so it outlives every logout;
//     a newer redirect replaces an older one, ecUnknownUser (and
//     ecLoginFailure, which [MS-OXCSTOR] 3.1.5.1 treats the same) drops it,
//     and it holds at most a fixed number of mailboxes (least recently used
//     first out).
//   - RateBudget allows at most five logons that may be redirected per server
//     in any ten-second window (configurable); past that a Reserve waits for
//     the oldest to leave the window, honouring its context, or fails with
//     ErrRedirectBudget. Hold returns the place so that a logon that was
//     not redirected can give it back.
//   - Client runs the logon procedure of [MS-OXCSTOR] 3.1.5.1 over a
//     caller's transport (Dialer, Session: ROP buffers in and out): it
//     follows ecWrongServer to the server named, a bounded number of times
//     and never back to a server already tried (ErrTooManyRedirects,
//     ErrRedirectLoop); calls a rediscovery hook (Autodiscover) on
//     ecUnknownUser and ecLoginFailure (ErrRediscoveryFailed); ends on
//     ecMailboxInTransit and ecServerPaused (ErrMailboxInTransit,
//     ErrServerPaused); runs the ALTERNATE_SERVER sequence to an alternate
//     public folder server (LogonPublicAlternate, ErrNoAlternateServer);
//     logs on again after a lost session and compares REPLGUIDs (Relogon);
//     and waits out a RopBackoff ([MS-OXCROPS] 3.1.5.1.1). It consults and
//     updates a RedirectCache and keeps to a RateBudget. Its errors are
//     *LogonError, which carries the chain of servers and the ReturnValue.
//   - ParseDN, EqualDN, ServerShortName and TrimPrivateMDB read ESSDNs
//     (legacyExchangeDN values) and server DNs.
//
// Time is read only through a Clock, so that tests and simulations can run
// the ten-second rule and RopBackoff delays without sleeping (a context's
// deadline is the one exception: it is real time).
package logon
