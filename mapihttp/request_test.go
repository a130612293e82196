package mapihttp_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/mapihttp"
)

func TestInstanceHeaders(t *testing.T) {
	in := mapihttp.NewInstance()
	// The form the document gives as an example: "{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:123".
	form := regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}:[0-9]+$`)
	ci1, ci2 := in.NewClientInfo(), in.NewClientInfo()
	assert.Regexp(t, form, ci1)
	assert.Equal(t, in.GUID()+":1", ci1)
	assert.Equal(t, in.GUID()+":2", ci2, "a new counter for each Session Context")
	assert.Equal(t, in.GUID()+":1", in.NextRequestID())
	assert.Equal(t, in.GUID()+":2", in.NextRequestID())
	assert.NotEqual(t, in.GUID(), mapihttp.NewInstance().GUID())

	h := http.Header{}
	mapihttp.RequestHeaders{RequestType: mapihttp.RequestTypeExecute, RequestID: "r", ClientInfo: "c", ClientApplication: "app/1"}.Apply(h)
	assert.Equal(t, http.Header{
		"Content-Type":        {"application/mapi-http"},
		"X-Requesttype":       {"Execute"},
		"X-Requestid":         {"r"},
		"X-Clientinfo":        {"c"},
		"X-Clientapplication": {"app/1"},
	}, h)
}

func TestEndpointURL(t *testing.T) {
	tests := []struct{ base, mailbox, want string }{
		{"https://mail.contoso.com/mapi/emsmdb/", "416c6368-656d-794a-6f45-57615272456e@Contoso.com",
			"https://mail.contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e%40Contoso.com"},
		{"https://mail.contoso.com/mapi/emsmdb/?MailboxId=old@contoso.com", "new@contoso.com",
			"https://mail.contoso.com/mapi/emsmdb/?MailboxId=new%40contoso.com"},
		{"https://mail.contoso.com/mapi/emsmdb/?MailboxId=old@contoso.com", "",
			"https://mail.contoso.com/mapi/emsmdb/?MailboxId=old@contoso.com"},
	}
	for _, tc := range tests {
		got, err := mapihttp.EndpointURL(tc.base, tc.mailbox)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	for _, bad := range []string{"mail.contoso.com/mapi", "ftp://x/", "https:///mapi", "%zz"} {
		_, err := mapihttp.EndpointURL(bad, "a@b")
		assert.Error(t, err, bad)
	}
}

func TestIsMailboxID(t *testing.T) {
	for s, want := range map[string]bool{
		"416c6368-656d-794a-6f45-57615272456e@Contoso.com": true,
		"a@b": true,
		"/o=First Organization/ou=Exchange Administrative Group/cn=Servers": false,
		"@contoso.com": false, "guid@": false, "a@b@c": false, "": false, "a b@c": false,
	} {
		assert.Equal(t, want, mapihttp.IsMailboxID(s), s)
	}
}

func TestSessionCookies(t *testing.T) {
	var c mapihttp.SessionCookies
	resp := &http.Response{Header: http.Header{"Set-Cookie": {
		"MapiContext=ctx1; path=/mapi/; secure; HttpOnly",
		"MapiSequence=seq1; path=/mapi/; secure; HttpOnly",
	}}}
	c.Observe(resp)
	c.Observe(&http.Response{Header: http.Header{"Set-Cookie": {"MapiSequence=seq2; path=/mapi/"}}})
	req, _ := http.NewRequest(http.MethodPost, "https://x/mapi/emsmdb/", nil)
	c.Apply(req)
	assert.Equal(t, "MapiContext=ctx1; MapiSequence=seq2", req.Header.Get("Cookie"), "a new value replaces the old, order kept")

	c.Observe(&http.Response{Header: http.Header{"Set-Cookie": {
		"MapiContext=; Max-Age=0",
		"Old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
	}}})
	assert.Equal(t, 1, c.Len(), "expired cookies are dropped")

	many := &http.Response{Header: http.Header{}}
	for i := range 2 * mapihttp.MaxCookies {
		many.Header.Add("Set-Cookie", "c"+string(rune('A'+i%26))+string(rune('a'+i/26))+"=1")
	}
	c.Observe(many)
	assert.Equal(t, mapihttp.MaxCookies, c.Len())
	c.Reset()
	assert.Zero(t, c.Len())
}
