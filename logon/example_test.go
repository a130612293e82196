package logon_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/logon"
)

const (
	bart = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=Bart"
	beta = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=BETA"
)

func ExampleRedirectCache() {
	// One cache for the whole program, not one per session (seed 001).
	cache := logon.NewRedirectCache(1000)

	// The first logon to Bart went to the profile's server, which redirected.
	redirect := []byte{0xFE, 0x00, 0x78, 0x04, 0x00, 0x00, 0x01}
	redirect = append(redirect, byte(len(beta)+1))
	redirect = append(append(redirect, beta...), 0)
	resp, _, err := codec.DecodeRopLogonResponse(redirect)
	if err != nil {
		panic(err)
	}
	fmt.Println(cache.Observe(bart, resp))

	// The next logon, in any session, goes straight to Beta.
	server, ok := cache.Lookup("/O=FIRST ORGANIZATION/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=BART")
	fmt.Println(logon.ServerShortName(server), ok)
	// Output:
	// Redirect
	// BETA true
}

// fixedClock never moves: every reservation happens at the same instant.
type fixedClock struct{}

func (fixedClock) Now() time.Time                         { return time.Unix(0, 0) }
func (fixedClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func ExampleRateBudget() {
	budget := logon.NewRateBudget(logon.BudgetConfig{Clock: fixedClock{}, FailFast: true})
	ctx := context.Background()
	for i := 1; i <= 6; i++ {
		err := budget.Reserve(ctx, "/o=Org/ou=Site/cn=Configuration/cn=Servers/cn=ALPHA")
		fmt.Println(i, err, errors.Is(err, logon.ErrRedirectBudget))
	}
	// Output:
	// 1 <nil> false
	// 2 <nil> false
	// 3 <nil> false
	// 4 <nil> false
	// 5 <nil> false
	// 6 logon: redirect budget spent: "/o=Org/ou=Site/cn=Configuration/cn=Servers/cn=ALPHA", retry after 10s true
}

func ExampleRateBudget_Hold() {
	budget := logon.NewRateBudget(logon.BudgetConfig{Clock: fixedClock{}, FailFast: true})
	alpha := "/o=Org/ou=Site/cn=Configuration/cn=Servers/cn=ALPHA"
	place, err := budget.Hold(context.Background(), alpha)
	if err != nil {
		panic(err)
	}
	// ... the logon succeeded at Alpha: it was not redirected.
	place.Release()
	fmt.Println(budget.Remaining(alpha))
	// Output: 5
}

func ExampleRateBudget_Acquire() {
	budget := logon.NewRateBudget(logon.BudgetConfig{Clock: fixedClock{}, FailFast: true})
	alpha := "/o=Org/ou=Site/cn=Configuration/cn=Servers/cn=ALPHA"
	for _, redirected := range []bool{false, true, false} {
		// A place for each RopLogon request, taken just before it is sent.
		place, err := budget.Acquire(context.Background(), alpha)
		if err != nil {
			panic(err)
		}
		// ... send the request to Alpha and read the answer.
		if redirected {
			place.Charge() // ecWrongServer: counts for ten seconds from now
		} else {
			place.Release() // answered at Alpha: costs nothing
		}
	}
	fmt.Println(budget.Remaining(alpha))
	// Output: 4
}

func ExampleParseDN() {
	dn, err := logon.ParseDN(bart)
	if err != nil {
		panic(err)
	}
	for _, part := range dn {
		fmt.Printf("%s=%s\n", part.Type, part.Value)
	}
	_, err = logon.ParseDN("/o=Org/Recipients")
	fmt.Println(err)
	// Output:
	// o=First Organization
	// ou=Exchange Administrative Group (FYDIBOHF23SPDLT)
	// cn=Recipients
	// cn=Bart
	// logon: invalid DN: part "Recipients" at offset 7 is not type=value
}

func ExampleServerShortName() {
	fmt.Println(logon.ServerShortName(beta + "/cn=Microsoft Private MDB"))
	// Output: BETA
}

func ExampleTrimPrivateMDB() {
	fmt.Println(logon.TrimPrivateMDB("/o=Org/cn=Servers/cn=BETA/cn=Microsoft Private MDB"))
	// Output: /o=Org/cn=Servers/cn=BETA
}

func ExampleEqualDN() {
	fmt.Println(logon.EqualDN("/o=Org/cn=Servers/cn=BETA", "/O=ORG/CN=SERVERS/CN=beta"))
	// Output: true
}
