package ldapreconnect_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// The decision of [MS-ADTS] 7.6.3.1 for a failed read or write.
func ExampleOnError() {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	fmt.Println(ldapreconnect.OnError(reset, true))
	fmt.Println(ldapreconnect.OnError(fmt.Errorf("receive: %w", io.EOF), false))
	fmt.Println(ldapreconnect.OnError(context.Canceled, true))
	fmt.Println(ldapreconnect.OnError(errors.LDAP_BUSY, true))
	// Output:
	// Autoreconnect
	// CompleteServerDown
	// ReturnError
	// ReturnError
}

// The resend rule of [MS-ADTS] 7.6.2.7 step 5.
func ExampleShouldResend() {
	fmt.Println(ldapreconnect.ShouldResend(20, false)) // the 20th resend
	fmt.Println(ldapreconnect.ShouldResend(21, false)) // numResends > 20
	fmt.Println(ldapreconnect.ShouldResend(1, true))   // LDAP_SERVER_NOTIFICATION_OID search
	// Output:
	// true
	// false
	// false
}

// The LDAPMessage built for a search the server did not answer.
func ExampleAppendServerDown() {
	b, _ := ldapreconnect.AppendServerDown(nil, 5, 0x63)
	fmt.Printf("% x\n", b)
	// Output:
	// 30 0c 02 01 05 65 07 0a 01 51 04 00 04 00
}

// A bound Conn loses its connection while a search is pending: it
// reconnects, binds again and resends the search ([MS-ADTS] 7.6.3.1 step 4,
// 7.6.2.7).
func ExampleConn() {
	s := newSim() // a directory server on loopback
	defer s.Close()
	s.setRule(func(r simReq, _ int) verdict {
		if r.conn == 0 && r.op == 3 {
			return drop // the first connection dies under the search
		}
		return reply
	})

	c, err := ldapreconnect.NewConn(ldapreconnect.Config{Dialer: &ldapreconnect.NetDialer{Address: s.ln.Addr().String()}})
	if err != nil {
		panic(err) // a Config without a Dialer, or with a negative TimeLimit
	}
	defer c.Close()
	ctx := context.Background()
	if err := c.Connect(ctx); err != nil {
		panic(err)
	}
	if _, err := c.Bind(ctx, ldapreconnect.Request{Op: bindOp("cn=admin,dc=example,dc=com", "secret")}); err != nil {
		panic(err)
	}
	r, err := c.Do(ctx, ldapreconnect.Request{Op: searchOp("dc=example,dc=com")})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Result.Code, "after", r.Resends, "resend;", "bound:", c.Bound(), "reconnects:", c.Reconnects())
	// Output:
	// LDAP_SUCCESS (LDAPResult 0x00000000) after 1 resend; bound: true reconnects: 1
}

// With LDAP_OPT_AUTO_RECONNECT off, pending requests end with
// LDAP_SERVER_DOWN ([MS-ADTS] 7.6.3.1 step 3).
func ExampleConn_SetAutoReconnect() {
	s := newSim()
	defer s.Close()
	s.setRule(func(simReq, int) verdict { return drop })

	c := ldapreconnect.New(&ldapreconnect.NetDialer{Address: s.ln.Addr().String()})
	defer c.Close()
	c.SetAutoReconnect(false)
	if err := c.Connect(context.Background()); err != nil {
		panic(err)
	}
	r, _ := c.Do(context.Background(), ldapreconnect.Request{Op: searchOp("dc=example,dc=com")})
	fmt.Printf("%v messageID=%d matchedDN=%q diagnosticMessage=%q\n",
		r.Result.Code, r.Result.MessageID, r.Result.MatchedDN, r.Result.DiagnosticMessage)
	// Output:
	// LDAP_SERVER_DOWN (LDAPResult 0x00000051) messageID=1 matchedDN="" diagnosticMessage=""
}
