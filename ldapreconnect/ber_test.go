package ldapreconnect_test

import (
	"encoding/hex"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// Golden LDAP_SERVER_DOWN messages, written out by hand from RFC 4511's ASN.1:
//
//	LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp CHOICE {...}, ... }
//	LDAPResult  ::= SEQUENCE { resultCode ENUMERATED, matchedDN LDAPDN, diagnosticMessage LDAPString, ... }
//
// 30 len | 02 len id | [APPLICATION n] 07 | 0a 01 51 | 04 00 | 04 00
func TestAppendServerDownGolden(t *testing.T) {
	cases := []struct {
		id   int64
		op   byte
		want string
	}{
		{5, 0x63, "300c020105" + "6507" + "0a0151" + "0400" + "0400"},                // searchResDone [APPLICATION 5]
		{1, 0x60, "300c020101" + "6107" + "0a0151" + "0400" + "0400"},                // bindResponse [APPLICATION 1]
		{127, 0x66, "300c02017f" + "6707" + "0a0151" + "0400" + "0400"},              // modifyResponse [APPLICATION 7]
		{128, 0x68, "300d02020080" + "6907" + "0a0151" + "0400" + "0400"},            // addResponse [APPLICATION 9]
		{300, 0x4A, "300d0202012c" + "6b07" + "0a0151" + "0400" + "0400"},            // delResponse [APPLICATION 11]
		{0x10000, 0x6C, "300e0203010000" + "6d07" + "0a0151" + "0400" + "0400"},      // modDNResponse [APPLICATION 13]
		{2147483647, 0x6E, "300f02047fffffff" + "6f07" + "0a0151" + "0400" + "0400"}, // compareResponse [APPLICATION 15]
		{9, 0x77, "300c020109" + "7807" + "0a0151" + "0400" + "0400"},                // extendedResp [APPLICATION 24]
	}
	for _, tc := range cases {
		got, err := ldapreconnect.AppendServerDown([]byte{0xEE}, tc.id, tc.op)
		require.NoError(t, err)
		if h := hex.EncodeToString(got[1:]); h != tc.want || got[0] != 0xEE {
			t.Errorf("id %d op %#x: %s, want %s", tc.id, tc.op, h, tc.want)
		}
	}
	for _, bad := range []struct {
		id int64
		op byte
	}{{1, 0x42}, {1, 0x50}, {1, 0x64}, {-1, 0x63}, {1 << 31, 0x63}} {
		if _, err := ldapreconnect.AppendServerDown(nil, bad.id, bad.op); err == nil {
			t.Errorf("AppendServerDown(%d, %#x) accepted", bad.id, bad.op)
		}
	}
}

// NetTransport delimits messages by their BER length, short and long forms,
// and reports a stream cut inside a message as io.ErrUnexpectedEOF.
func TestNetTransportFraming(t *testing.T) {
	a, b := net.Pipe()
	tr := ldapreconnect.NewNetTransport(a)
	msgs := [][]byte{
		entry(1, "cn=short"),
		entry(2, "cn="+strings.Repeat("x", 200)),   // 81 len
		entry(3, "cn="+strings.Repeat("y", 70000)), // 83 len
	}
	go func() {
		for _, m := range msgs {
			b.Write(m)
		}
		b.Write(msgs[0][:5])
		b.Close()
	}()
	for i, want := range msgs {
		got, err := tr.Receive()
		require.NoError(t, err, "message %d", i)
		require.Equal(t, want, got, "message %d", i)
	}
	if _, err := tr.Receive(); err != io.ErrUnexpectedEOF {
		t.Fatalf("cut message: %v", err)
	}
	if _, err := tr.Receive(); err != io.EOF {
		t.Fatalf("end of stream: %v", err)
	}
}

// Malformed requests are refused before anything is sent.
func TestDoRejectsMalformedRequests(t *testing.T) {
	s := sim(t)
	c := connect(t, s, true)
	for _, req := range []ldapreconnect.Request{
		{Op: nil},
		{Op: []byte{0x63, 0x05, 0x00}}, // truncated
		{Op: []byte{0x42, 0x00}},       // unbind: no response
		{Op: searchOp("cn=x"), Controls: []byte{0x30, 0x00}}, // not [0]
		{Op: append(searchOp("cn=x"), 0x00)},                 // trailing byte
	} {
		if _, err := c.Do(t.Context(), req); err == nil {
			t.Errorf("request % x accepted", req.Op)
		}
	}
	if _, err := c.Bind(t.Context(), search("cn=x")); err == nil {
		t.Error("Bind accepted a SearchRequest")
	}
}
