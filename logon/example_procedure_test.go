package logon_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/logon"
)

const (
	alpha = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=ALPHA"
	lisa  = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=Lisa"
)

// memServer is a store that hosts the mailboxes in home and redirects
// every other private logon to elsewhere.
type memServer struct {
	home      map[string]bool
	elsewhere string
}

// memSession is a Session Context with a memServer: ROP buffers in, ROP
// buffers out.
type memSession struct{ srv *memServer }

func (s memSession) Execute(ctx context.Context, in []byte) ([]byte, error) {
	var buf codec.ROPBuffer
	if err := buf.UnmarshalBinary(in); err != nil {
		return nil, err
	}
	req, _, err := codec.DecodeRopLogonRequest(buf.RopsList)
	if err != nil {
		return nil, err
	}
	var resp codec.Response
	handles := []uint32{0xFFFFFFFF}
	if s.srv.home[req.Essdn] {
		resp = &codec.RopLogonPrivateResponse{LogonFlags: req.LogonFlags, ResponseFlags: codec.ResponseReserved,
			ReplGUID: codec.GUID{0xAA, 0xBB}}
		handles[0] = 0x28
	} else {
		resp = &codec.RopLogonRedirectResponse{LogonFlags: req.LogonFlags, ServerName: s.srv.elsewhere}
	}
	rops, err := resp.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out := codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: handles}
	return out.MarshalBinary()
}

func (memSession) Close() error { return nil }

func ExampleClient_Logon() {
	servers := map[string]*memServer{
		alpha: {elsewhere: beta},                                     // the profile's server
		beta:  {home: map[string]bool{lisa: true}, elsewhere: alpha}, // Lisa's
	}
	client, err := logon.NewClient(logon.Config{
		Dialer: logon.DialerFunc(func(ctx context.Context, serverDN string) (logon.Session, error) {
			srv, ok := servers[serverDN]
			if !ok {
				return nil, errors.New("no such server")
			}
			return memSession{srv}, nil
		}),
		Cache:  logon.NewRedirectCache(0),                 // shared by the whole program
		Budget: logon.NewRateBudget(logon.BudgetConfig{}), // five redirected logons per ten seconds
	})
	if err != nil {
		panic(err) // a Config without a Dialer, or with a negative limit
	}

	res, err := client.Logon(context.Background(), lisa, alpha)
	if err != nil {
		panic(err)
	}
	defer res.Session.Close()
	for _, s := range res.Chain {
		fmt.Println("tried", logon.ServerShortName(s))
	}
	fmt.Printf("logged on at %s, handle %#x, REPLGUID %v\n", logon.ServerShortName(res.Server), res.Handle, res.ReplGUID)

	// Bart is on no server: Alpha sends him to Beta, Beta back to Alpha.
	_, err = client.Logon(context.Background(), bart, alpha)
	fmt.Println(errors.Is(err, logon.ErrRedirectLoop))
	fmt.Println(err)
	// Output:
	// tried ALPHA
	// tried BETA
	// logged on at BETA, handle 0x28, REPLGUID {0000BBAA-0000-0000-0000-000000000000}
	// true
	// logon: redirect loop: mailbox "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=Bart": servers ALPHA -> BETA -> ALPHA: ecWrongServer (EC 0x00000478)
}
