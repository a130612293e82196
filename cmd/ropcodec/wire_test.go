package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// mapiGoldenBodies returns the bodies of the MAPI/HTTP package's golden
// file, mapihttp/testdata/bodies.txtar, by name ("connect-request").
func mapiGoldenBodies(t testing.TB) map[string][]byte {
	a, err := txtar.ParseFile(filepath.Join("..", "..", "mapihttp", "testdata", "bodies.txtar"))
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range a.Files {
		b, err := parseHex(string(f.Data))
		require.NoError(t, err, f.Name)
		out[f.Name] = b
	}
	require.NotEmpty(t, out)
	return out
}

// TestMAPIGoldenBodies decodes every body of mapihttp/testdata/bodies.txtar
// as a bare body, with its request type and without: each is read as the
// layout its name gives (a failure body as the failure shape, whose request
// type no body tells), and the detection finds that type. The Execute
// bodies there carry three bytes for a ROP buffer, which the ROP reading
// refuses: exit status 1, and the reason names the ROP buffer.
func TestMAPIGoldenBodies(t *testing.T) {
	types := map[string]string{"connect": "Connect", "execute": "Execute", "disconnect": "Disconnect", "notificationwait": "NotificationWait"}
	for name, b := range mapiGoldenBodies(t) {
		typ, dir, _ := strings.Cut(name, "-")
		as, shape := "mapihttp-response", dir
		if dir == "request" {
			as = "mapihttp-request"
		}
		for _, withType := range []bool{true, false} {
			args := []string{"--json", "--as", as}
			if withType {
				args = append(args, "--request-type", types[typ])
			}
			stdout, stderr, exit := decodeRun(t, b, args...)
			var doc decodeDoc
			require.NoError(t, json.Unmarshal([]byte(stdout), &doc), "%s %v", name, args)
			d := doc.Decoded
			require.NotNil(t, d.Body, "%s %v", name, args)
			assert.Equal(t, shape, d.Body.Shape, "%s %v", name, args)
			switch {
			case shape == "failure" && !withType:
				assert.Empty(t, d.RequestType, "%s: a failure body does not tell its type", name)
			default:
				assert.Equal(t, types[typ], d.RequestType, "%s %v", name, args)
			}
			if withType {
				assert.Equal(t, "flag", d.RequestTypeFrom, name)
			} else {
				assert.Equal(t, "detected", d.RequestTypeFrom, name)
			}
			if typ == "execute" && shape != "failure" {
				assert.Equal(t, 1, exit, name)
				assert.Contains(t, stderr, "ROPBuffer", name)
				continue
			}
			assert.Equal(t, 0, exit, "%s %v: %s", name, args, stderr)
		}
	}
}

// goldenFile returns the args and the file section of a golden run.
func goldenFile(t *testing.T, name string) (args, file string) {
	a, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
	require.NoError(t, err)
	sec := map[string]string{}
	for _, f := range a.Files {
		sec[f.Name] = string(f.Data)
	}
	return strings.TrimSpace(sec["args"]), sec["file"]
}

// httpRuns are the golden runs of HTTP messages pasted as text.
var httpRuns = []string{"decode-http-connect-request", "decode-http-connect-response", "decode-http-execute-request", "decode-http-execute-response"}

// TestHTTPMessageForms checks that an HTTP message reads the same whatever
// form it comes in: the text of each golden run (header as text, body in
// hex), the same message as raw bytes from a file (a capture), the whole
// message written in hex, and the message with its body in the chunked
// transfer coding. Only the Input line may differ.
func TestHTTPMessageForms(t *testing.T) {
	for _, run := range httpRuns {
		_, text := goldenFile(t, run)
		in, err := readInput([]string{"-"}, strings.NewReader(text), inputOptions{http: true})
		require.NoError(t, err, run)
		want := decodeOut(t, run, "@"+writeTemp(t, "text", []byte(text)))
		require.True(t, strings.HasPrefix(want, "Input: "), run)
		want = want[strings.IndexByte(want, '\n')+1:]

		raw := decodeOut(t, run, "@"+writeTemp(t, "raw", in.bytes))
		assert.Equal(t, fmt.Sprintf("Input: %d bytes read as HTTP message, body as it is\n", len(in.bytes))+want, raw, "%s: a raw capture", run)

		assert.Equal(t, want, decodeOut(t, run, fmt.Sprintf("%X", in.bytes)), "%s: the message in hex", run)

		head, _, err := readHTTPHead(bufio.NewReader(bytes.NewReader(in.bytes)))
		require.NoError(t, err)
		body := in.bytes[head.size:]
		var chunked []byte
		chunked = append(chunked, in.bytes[:head.size-2]...) // without the empty line
		chunked = append(chunked, "Transfer-Encoding: chunked\r\n\r\n"...)
		for len(body) > 0 {
			n := min(len(body), 100)
			chunked = fmt.Appendf(chunked, "%x\r\n%s\r\n", n, body[:n])
			body = body[n:]
		}
		chunked = append(chunked, "0\r\n\r\n"...)
		got := decodeOut(t, run, "@"+writeTemp(t, "chunked", chunked))
		assert.Equal(t, want, got[strings.IndexByte(got, '\n')+1:], "%s: the body chunked", run)
	}
}

// decodeOut runs decode with args and returns its output; the run must
// succeed.
func decodeOut(t *testing.T, what string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"decode"}, args...), nil, &out, &errOut)
	require.Equal(t, 0, code, "%s: %s", what, errOut.String())
	return out.String()
}

// TestHARLikeHTTP checks that a HAR entry decodes as the HTTP message it
// records: the bodies of testdata/har/session.har, written by hand from the
// golden runs of HTTP messages, are those runs' bodies, and --json shows
// them the same, field for field.
func TestHARLikeHTTP(t *testing.T) {
	stdout := decodeOut(t, "session.har", "--json", "--har", filepath.Join("testdata", "har", "session.har"))
	var har struct {
		Decoded struct {
			Entries []struct {
				Skipped  string                     `json:"skipped"`
				Request  map[string]json.RawMessage `json:"request"`
				Response map[string]json.RawMessage `json:"response"`
			} `json:"entries"`
		} `json:"decoded"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &har))
	es := har.Decoded.Entries
	require.Len(t, es, 5)
	assert.NotEmpty(t, es[0].Skipped, "the Autodiscover request")
	for i, run := range httpRuns {
		e := es[1+i/2]
		m := e.Request
		if strings.HasSuffix(run, "response") {
			m = e.Response
		}
		_, text := goldenFile(t, run)
		var doc map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(decodeOut(t, run, "--json", "@"+writeTemp(t, "text", []byte(text)))), &doc))
		var want map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(doc["decoded"], &want))
		assert.JSONEq(t, string(want["body"]), string(m["body"]), "%s: the body in the HAR file", run)
		assert.JSONEq(t, string(want["request_type"]), string(m["request_type"]), run)
	}
}

// TestHTTPInputLines checks that input errors in an HTTP message name the
// line and column in the whole input: the header's lines count.
func TestHTTPInputLines(t *testing.T) {
	text := "POST /mapi/emsmdb/ HTTP/1.1\r\nX-RequestType: Disconnect\r\n\r\n00 00\n00 0g\n"
	var out, errOut bytes.Buffer
	code := run([]string{"decode", "-"}, strings.NewReader(text), &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "line 5, column 5: 'g' is not a hex digit")

	// The response format, read from bytes, is checked by mapihttp: a
	// header after DONE that has no colon stops the body from being read.
	msg := "HTTP/1.1 200 OK\r\nX-RequestType: Disconnect\r\nX-ResponseCode: 0\r\n\r\nPROCESSING\r\nDONE\r\nno colon\r\n\r\n"
	stdout, stderr, exit := decodeRun(t, []byte(msg))
	assert.Equal(t, 1, exit)
	assert.Contains(t, stderr, "the MAPI/HTTP response format: ")
	assert.Contains(t, stderr, "malformed additional header")
	assert.Contains(t, stdout, "  Body:             not read\n")
}

// BenchmarkDecodeHAR measures decode --har on a HAR file of about 1 MB: the
// Connect and Execute entries of testdata/har/session.har over and over,
// beside reading the file (see benchVsRead); MB/s counts the bytes of the
// file.
//
//	go test ./cmd/ropcodec -run X -bench DecodeHAR -benchmem -count 6 -cpu 1
func BenchmarkDecodeHAR(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "har", "session.har"))
	require.NoError(b, err)
	var h map[string]map[string]any
	require.NoError(b, json.Unmarshal(data, &h))
	entries := h["log"]["entries"].([]any)
	var many []any
	for len(many)*len(data)/len(entries) < 1<<20 {
		many = append(many, entries[1], entries[2])
	}
	h["log"]["entries"] = many
	big, err := json.Marshal(h)
	require.NoError(b, err)
	name := writeTemp(b, "big.har", big)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"text", []string{"decode", "--har", name}},
		{"json", []string{"decode", "--json", "--har", name}},
	} {
		b.Run(c.name, func(b *testing.B) { benchVsRead(b, c.args, name, len(big)) })
	}
}

// TestHAREntries checks how decode --har reads entries that session.har
// does not hold: a response without X-RequestType takes its request's; a
// body whose base64 does not decode stops that body, with the line and
// column, and the next entry is decoded all the same; an entry that only its
// Content-Type marks as MAPI/HTTP has its request type detected.
func TestHAREntries(t *testing.T) {
	entry := func(reqHeaders, post, respHeaders, content string) string {
		return `{"request":{"method":"POST","url":"https://h/mapi/emsmdb/","headers":[` + reqHeaders + `],"postData":` + post +
			`},"response":{"status":200,"statusText":"OK","headers":[` + respHeaders + `],"content":` + content + `}}`
	}
	const (
		disconnect   = `{"name":"X-RequestType","value":"Disconnect"}`
		mapiType     = `{"name":"Content-Type","value":"application/mapi-http"}`
		code0        = `{"name":"X-ResponseCode","value":"0"}`
		zeros4       = `{"mimeType":"application/mapi-http","text":"AAAAAA==","encoding":"base64"}`
		zeros8       = `{"mimeType":"application/mapi-http","text":"AAAAAAAAAAA=","encoding":"base64"}`
		badBase64    = `{"mimeType":"application/mapi-http","text":"AA*A","encoding":"base64"}`
		disconnectOK = `{"mimeType":"application/mapi-http","text":"UFJPQ0VTU0lORw0KRE9ORQ0KDQoAAAAAAAAAAAAAAAA=","encoding":"base64"}`
	)
	har := `{"log":{"entries":[` +
		entry(disconnect, zeros4, code0, disconnectOK) + "," +
		entry(disconnect, badBase64, code0, disconnectOK) + "," +
		entry(mapiType, zeros8, code0, `{"mimeType":"application/mapi-http"}`) + `]}}`
	var out, errOut bytes.Buffer
	code := run([]string{"decode", "--json", "--har", "-"}, strings.NewReader(har), &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ropcodec decode: entry 1 request: the body's base64 does not decode: line 1, column 3: '*' is not a base64 character\n", errOut.String())
	var doc decodeDoc
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	es := doc.Decoded.Entries
	require.Len(t, es, 3)

	assert.Equal(t, "request", es[0].Response.RequestTypeFrom, "a response without X-RequestType")
	assert.Equal(t, "Disconnect", es[0].Response.RequestType)
	assert.Equal(t, "success", es[0].Response.Body.Shape)
	assert.True(t, es[0].Response.ResponseFormat.Processing && es[0].Response.ResponseFormat.Done)

	require.NotNil(t, es[1].Request.Body.Stop, "bad base64")
	assert.Equal(t, "success", es[1].Response.Body.Shape, "the entry's response is decoded all the same")

	assert.Equal(t, "detected", es[2].Request.RequestTypeFrom)
	assert.Equal(t, "NotificationWait", es[2].Request.RequestType)
	assert.Equal(t, "absent", es[2].Response.Body.Shape, "no content.text")
}
