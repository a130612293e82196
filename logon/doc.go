// Package logon holds the client-side procedures around RopLogon that are
// not a single ROP: remembering where a redirect sent a mailbox, and keeping
// a client under the redirect rate that makes Exchange answer ecServerPaused.
//
// The failure this package exists for is the one Stephen Griffin describes
// in "Enough With The Redirects Already" (SGriffin's MAPI Internals, MSDN
// blogs, July 2011): a program that opens many mailboxes in quick
// succession logs on to the wrong server, is redirected with ecWrongServer
// ([MS-OXCSTOR] 3.1.5.1), and after more than five redirected logons within
// ten seconds the server answers ecServerPaused ([MS-OXCSTOR] 3.2.5.1.1,
// 3.2.5.1.3), which MAPI callers only see as MAPI_E_FAILONEPROVIDER.
// Outlook's MAPI keeps a cache of recently used server DNs, but the program
// in the article logged out of MAPI between mailboxes, which tore the cache
// down each time, so it never helped.
//
//   - RedirectCache maps a mailbox DN to the server DN a redirect named. It is
//     owned by the application, not by a session, so it outlives every logout;
//     a newer redirect replaces an older one, ecUnknownUser (and
//     ecLoginFailure, which [MS-OXCSTOR] 3.1.5.1 treats the same) drops it,
//     and it holds at most a fixed number of mailboxes (those not looked up
//     for a while first out). A hit takes only a read lock.
//   - RateBudget gives places, at most five per server (configurable) in
//     flight or counted within the last ten seconds; past that taking one
//     waits, honouring its context, or fails with ErrRedirectBudget. A
//     place taken with Acquire is in flight until the caller ends it:
//     Release when the server answered without a redirect, Charge
//     otherwise, which counts it from that moment for the window.
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
// # What the redirect budget guarantees
//
// Suppose every RopLogon request a program sends to a server S has a place
// in one RateBudget: taken with Acquire before the request is sent, and
// ended after it with Release if S answered without counting it (no
// redirect, no ecServerPaused) or the request was never sent, with Charge in
// every other case, an error after sending included. Client does exactly
// this for every logon it sends, whether the server was a guess, came from
// the RedirectCache or from a redirect, and takes a fresh place for each
// resend after a RopBackoff. Suppose too that S counts a request at some
// instant between its sending and the arrival of its answer, and that the
// budget's Clock measures time as S does. Then, within any period shorter
// than Window, S counts at most Limit of these requests as redirected,
// whatever the latencies, the order in which requests arrive, the number of
// goroutines, the RopBackoffs, and however many cached routes have gone
// stale. With the defaults that is the rule of [MS-OXCSTOR] 3.2.5.1.1: the
// program is not paused with ecServerPaused for its own redirects.
//
// Why: a place is given only while fewer than Limit places of S are in
// flight or were charged less than Window ago. Take Limit+1 requests that S
// counted within a period shorter than Window, and among them the one whose
// place was taken last, at time T. It arrived after T, and the others less
// than Window apart from it, so each of them arrived, and had its answer,
// after T-Window. Their places were taken before T and not released (S
// counted them), so at T each was in flight or charged less than Window
// before: Limit places that left no room for the last one.
//
// The price: at most Limit logons to one server are in flight at once, fewer
// after recent redirects, since each of them could be redirected. A logon
// that is not redirected ends its place the moment its answer arrives, so
// logons to the right server are never held back for a window, and a Client
// opens a session only once the budget has room, so that a place is held
// just while its request is in flight.
//
// Not covered: requests sent without a place, such as those sent under the
// same identity by another program or through another RateBudget (Record
// charges such a redirect after the fact), and places taken with Hold or
// Reserve, which count from the moment they are taken, as before Acquire
// existed: they keep to the rule only for requests that reach the server at
// that moment. Earlier versions of Client held a place only for logons to a
// guessed server, counted it from before the session was opened, kept it
// across a RopBackoff, and recorded a redirect by a cached server after the
// fact; under concurrency, latency, long RopBackoffs and stale routes each
// pushed servers over the rule.
//
// # Construction and time
//
// The procedure packages (logon, reconnect, ldapreconnect and its goldap
// adapter) are built one way: a Config struct whose zero fields mean the
// documented defaults, and a constructor New<Type>(cfg Config) (*Type, error)
// that refuses a bad Config (a required field missing, a negative limit)
// with an error instead of a panic, and does no I/O. Time is read through
// Config.Clock (Now and After, like time.Now and time.After), nil meaning
// the system clock, so that tests and simulations run the ten-second rule
// and RopBackoff delays without sleeping; every wait also ends with its
// context (whose deadline is the one thing read in real time). Earlier entry
// points stay as thin wrappers.
//
// Here: NewClient(Config). A Client literal, the form earlier versions
// documented, still works, and is checked as NewClient checks a Config when
// its first logon starts. NewRateBudget(BudgetConfig) and NewRedirectCache
// take values every one of which is usable (a number below 1 means the
// default), so they return no error.
package logon
