package mapihttp_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ropcodec/ropcodec/mapihttp"
)

// Reading a response in the common response format: the meta-tags and the
// additional headers come before the body.
func ExampleReadResponse() {
	resp := &http.Response{
		StatusCode: 200,
		Header: http.Header{
			"X-Requesttype":  {"Execute"},
			"X-Responsecode": {"0"},
		},
		Body: io.NopCloser(strings.NewReader("PROCESSING\r\nPENDING\r\nDONE\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 31\r\n\r\n\x00\x00\x00\x00")),
	}
	r, err := mapihttp.ReadResponse(resp, mapihttp.Limits{}, func(tag string) { fmt.Println("meta-tag", tag) })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.RequestType, r.ResponseCode.String(), r.ElapsedTime, len(r.Body), "body bytes")
	// Output:
	// meta-tag PROCESSING
	// meta-tag PENDING
	// meta-tag DONE
	// Execute Success 31ms 4 body bytes
}

// The endpoint of the mailbox that a RopLogon redirect names.
func ExampleEndpointURL() {
	u, _ := mapihttp.EndpointURL("https://mail.contoso.com/mapi/emsmdb/", "416c6368-656d-794a-6f45-57615272456e@contoso.com")
	fmt.Println(u)
	// Output: https://mail.contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e%40contoso.com
}

// An Execute request that asks for plain ROP output: its Flags print in the
// names of [MS-OXCRPC] 3.1.4.2.
func ExampleNewExecuteRequest() {
	// A ROP input buffer ([MS-OXCROPS] 2.2.1): RopSize 5, a RopRelease of
	// handle index 0, and the one handle of its handle table.
	rops := []byte{0x05, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00}
	req, err := mapihttp.NewExecuteRequest(rops, mapihttp.ExecuteNoCompression|mapihttp.ExecuteNoXorMagic, mapihttp.MaxRopOutLimit, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Flags, len(req.RopBuffer), "RopBuffer bytes")
	// Output: NoCompression|NoXorMagic 17 RopBuffer bytes
}
