package goldap_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/ropcodec/ropcodec/ldapreconnect/goldap"
)

// What a caller sees when a connection with auto-reconnect off breaks
// ([MS-ADTS] 7.6.3.1 step 3): an *ldap.Error with LDAP_SERVER_DOWN that
// keeps the network error as its cause.
func ExampleIsServerDown() {
	err := fmt.Errorf("search: %w", goldap.ServerDown(io.EOF))
	fmt.Println(goldap.IsServerDown(err))
	var le *ldap.Error
	if errors.As(err, &le) {
		fmt.Println(le.ResultCode, errors.Is(err, io.EOF))
	}
	// Output:
	// true
	// 81 true
}

// A typical use: dial, bind, and let the Conn reconnect, rebind and resend
// when the server drops the connection (7.6.2.7).
func ExampleConn() {
	c, err := goldap.Dial("ldap.example.com:389")
	if err != nil {
		return // no server in this example
	}
	defer c.Close()
	if err := c.Bind("cn=admin,dc=example,dc=com", "secret"); err != nil {
		return
	}
	res, err := c.Search(ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree,
		ldap.NeverDerefAliases, 0, 0, false, "(objectClass=person)", []string{"cn"}, nil))
	if goldap.IsServerDown(err) {
		return // the server could not be reached again
	}
	_ = res
}

// Open with a time limit that bounds every operation, the first connection
// included, and a shorter deadline for one bind.
func ExampleOpen() {
	c, err := goldap.Open(context.Background(), goldap.Config{
		Dial: func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", "ldap.example.com:389")
		},
		Timeout: 30 * time.Second, // every operation, the first connection included
	})
	if err != nil {
		return // no server in this example
	}
	defer c.Close() // returns promptly, also during a reconnect
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.BindContext(ctx, "cn=admin,dc=example,dc=com", "secret"); goldap.IsTimeout(err) {
		fmt.Println("no answer within 5 s")
	}
}

// NewConn checks the Config and dials nothing; Connect makes the first
// connection when the program is ready to wait for it.
func ExampleNewConn() {
	c, err := goldap.NewConn(goldap.Config{
		Dial: func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", "ldap.example.com:389")
		},
	})
	if err != nil {
		panic(err) // a Config without Dial, or with a negative Timeout
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.ConnectContext(ctx); err != nil {
		return // no server in this example
	}
	_ = c.Bind("cn=admin,dc=example,dc=com", "secret")
}
