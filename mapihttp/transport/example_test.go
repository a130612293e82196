package transport_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/logon"
	"github.com/ropcodec/ropcodec/mapihttp/transport"
)

// BasicAuth is a RoundTripper that sends Basic credentials with every
// request. NTLM, Negotiate or OAuth go in the same place: the http.Client's
// Transport; the Dialer never sees them.
type BasicAuth struct {
	User, Password string
	Next           http.RoundTripper
}

// RoundTrip adds the Authorization header to a copy of r.
func (a BasicAuth) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.SetBasicAuth(a.User, a.Password)
	return a.Next.RoundTrip(r)
}

// A logon over MAPI over HTTP with Basic authentication: the Dialer carries
// the ROP buffers of logon.Client, which follows redirects to other
// mailbox servers (their MailboxId) and remembers them in a RedirectCache
// shared by every logon of the program.
func ExampleDialer() {
	client := &http.Client{
		Transport: BasicAuth{User: "alice@contoso.com", Password: "secret", Next: http.DefaultTransport},
		Timeout:   0, // each call's context bounds it instead
	}
	cfg := transport.Config{
		Client: client,
		// The MailStore URL of the user's Autodiscover response.
		Endpoint:         "https://mail.contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com",
		UserDN:           "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice",
		KeepAlive:        true,             // PING an idle Session Context before it expires
		KeepAliveTimeout: 45 * time.Second, // give up on a request without PENDING keep-alives
	}
	d, err := transport.NewDialer(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := logon.NewClient(logon.Config{Dialer: d, Cache: logon.NewRedirectCache(0)})
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := c.Logon(ctx, cfg.UserDN, "")
	switch {
	case errors.Is(err, transport.ErrUnauthorized):
		fmt.Println("wrong password")
		return
	case errors.ShouldReconnectMAPIHTTP(err):
		fmt.Println("the server lost the Session Context; log on again")
		return
	case err != nil:
		fmt.Println("logon failed:", err)
		return
	}
	defer res.Session.Close()
	fmt.Println("logged on at", res.Server)
}

// The README shows this example's body; TestREADMESnippets (in the module's
// root package) keeps the two the same. It needs a server, so it is compiled
// but not run.
func Example_openMailboxes() {
	d, err := transport.NewDialer(transport.Config{
		Client:   &http.Client{Transport: BasicAuth{User: "svc@contoso.com", Password: "secret", Next: http.DefaultTransport}},
		Endpoint: "https://mail.contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com",
		UserDN:   "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=svc",
	})
	if err != nil {
		panic(err) // a Config without a Client, Endpoint or UserDN
	}
	// One cache and one budget for the whole program: every logon, on any
	// goroutine, learns where a redirect sent a mailbox, and no server sees
	// more than five redirected logons in ten seconds ([MS-OXCSTOR] 3.2.5.1.1).
	client, err := logon.NewClient(logon.Config{
		Dialer: d,
		Cache:  logon.NewRedirectCache(0),
		Budget: logon.NewRateBudget(logon.BudgetConfig{}),
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	for _, mailbox := range []string{
		"/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice",
		"/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=bob",
	} {
		res, err := client.Logon(ctx, mailbox, "")
		if err != nil {
			fmt.Println(err) // a *logon.LogonError: the servers tried and the ReturnValue
			continue
		}
		fmt.Println(mailbox, "is on", res.Server)
		res.Session.Close()
	}
}
