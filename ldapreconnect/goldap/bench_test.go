package goldap_test

import (
	"net"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/stretchr/testify/require"
)

// What the adapter adds to an operation (its goroutine, time limit and
// state checks), beside go-ldap alone on the same kind of connection: a
// delete that a loopback peer answers at once.
//
//	go test ./ldapreconnect/goldap -run X -bench Del -benchmem -cpu 1 -count 6
func BenchmarkDel(b *testing.B) {
	del := ldap.NewDelRequest("cn=x,"+baseDN, nil)
	b.Run("goldap", func(b *testing.B) {
		c := newPeer(b, always(answer)).open(time.Minute, true)
		b.ReportAllocs()
		for b.Loop() {
			if err := c.Del(del); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go-ldap", func(b *testing.B) {
		p := newPeer(b, always(answer))
		nc, err := net.Dial("tcp", p.ln.Addr().String())
		require.NoError(b, err)
		lc := ldap.NewConn(nc, false)
		lc.Start()
		lc.SetTimeout(time.Minute)
		defer lc.Close()
		b.ReportAllocs()
		for b.Loop() {
			if err := lc.Del(del); err != nil {
				b.Fatal(err)
			}
		}
	})
}
