package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"

	"github.com/ropcodec/ropcodec/mapihttp"
)

// An HTTP message as a proxy (Fiddler's Raw view, mitmproxy, Burp) or a
// browser's network log shows it: a start line, header lines up to an empty
// line, then the body. The same reader serves the input (text whose first
// line is a start line; the body may then be written in any input format)
// and decode (bytes that start with one: a raw capture, or the message
// written in hex).

// maxHTTPLine is the longest start or header line read; long cookies fit.
const maxHTTPLine = 64 << 10

// maxHTTPHeaders is the most header lines read.
const maxHTTPHeaders = 256

// httpHead is the start line and the header lines of an HTTP request or
// response.
type httpHead struct {
	response bool
	method   string // request line: POST
	target   string // request line: /mapi/emsmdb/?MailboxId=...
	proto    string // HTTP/1.1
	status   int    // status line: 200
	reason   string // status line: OK
	header   http.Header
	lines    []headerField // the header lines in order, names as written
	size     int           // bytes of the start line, the header lines and the empty line after them
}

// headerField is one header line: as HAR files write headers, and as the
// JSON output shows them.
type headerField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// add adds a header line to h.
func (h *httpHead) add(name, value string) {
	h.header.Add(name, value)
	h.lines = append(h.lines, headerField{name, value})
}

// parseStartLine reads line (without its line end) as the start line of an
// HTTP/1.x request ("POST /mapi/emsmdb/ HTTP/1.1") or response ("HTTP/1.1
// 200 OK"; "HTTP/2 200" as browsers copy it too). It reports false for any
// other line; hex, dumps and base64 never start like one.
func parseStartLine(line string) (httpHead, bool) {
	if rest, ok := strings.CutPrefix(line, "HTTP/"); ok {
		ver, status, _ := strings.Cut(rest, " ")
		code, reason, _ := strings.Cut(status, " ")
		n, err := strconv.Atoi(code)
		if !httpVersion(ver) || len(code) != 3 || err != nil || n < 100 {
			return httpHead{}, false
		}
		return httpHead{response: true, proto: "HTTP/" + ver, status: n, reason: strings.TrimSpace(reason)}, true
	}
	method, rest, ok1 := strings.Cut(line, " ")
	target, proto, ok2 := strings.Cut(rest, " ")
	ver, ok3 := strings.CutPrefix(proto, "HTTP/")
	if !ok1 || !ok2 || !ok3 || !httpVersion(ver) || target == "" || strings.ContainsAny(target, " \t") || !isToken(method) {
		return httpHead{}, false
	}
	return httpHead{method: method, target: target, proto: proto}, true
}

// httpVersion reports whether v is the version of an HTTP start line after
// "HTTP/": a digit, and a dot and a digit or not.
func httpVersion(v string) bool {
	switch len(v) {
	case 1:
		return '1' <= v[0] && v[0] <= '3'
	case 3:
		return '1' <= v[0] && v[0] <= '3' && v[1] == '.' && '0' <= v[2] && v[2] <= '9'
	}
	return false
}

// isToken reports whether s is a method name: upper-case letters.
func isToken(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for i := range len(s) {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// startsHTTP reports whether the first line of r is an HTTP start line,
// without reading anything.
func startsHTTP(r *bufio.Reader) bool {
	head, _ := r.Peek(min(r.Size(), 4<<10))
	line, _, _ := bytes.Cut(head, []byte("\n"))
	_, ok := parseStartLine(string(bytes.TrimSuffix(line, []byte("\r"))))
	return ok
}

// httpError is a start or header line that cannot be read: its line
// (1-based) and why.
type httpError struct {
	line int
	msg  string
}

func (e *httpError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// readHTTPHead reads a start line and header lines from r up to the empty
// line that ends them, or up to the end of r (a message pasted without a
// body), and returns them with the bytes read, line ends included. Lines
// may end in CRLF or LF; a header line is "Name: value", and the
// pseudo-headers of HTTP/2 (":status: 200"), which browsers copy, are
// skipped. At most maxHTTPHeaders lines of maxHTTPLine bytes are read.
func readHTTPHead(r *bufio.Reader) (httpHead, []byte, error) {
	var raw []byte
	line, n, err := readLine(r, &raw)
	if err != nil {
		return httpHead{}, raw, &httpError{line: 1, msg: err.Error()}
	}
	h, ok := parseStartLine(line)
	if !ok {
		return httpHead{}, raw, &httpError{line: 1, msg: fmt.Sprintf("%q is not the start line of an HTTP request or response", clip(line))}
	}
	h.header = http.Header{}
	for no := 2; n > 0; no++ {
		if no > maxHTTPHeaders+1 {
			return h, raw, &httpError{line: no, msg: fmt.Sprintf("more than %d header lines", maxHTTPHeaders)}
		}
		line, n, err = readLine(r, &raw)
		switch {
		case err != nil:
			return h, raw, &httpError{line: no, msg: err.Error()}
		case line == "":
			n = 0 // the empty line that ends the header, or the end of r
		case line[0] == ':':
			// an HTTP/2 pseudo-header
		default:
			k, v, ok := strings.Cut(line, ":")
			k = strings.TrimSpace(k)
			if !ok || k == "" || strings.ContainsAny(k, " \t") {
				return h, raw, &httpError{line: no, msg: fmt.Sprintf("%q is not a header line (Name: value) or the empty line that ends them", clip(line))}
			}
			h.add(k, strings.TrimSpace(v))
		}
	}
	h.size = len(raw)
	return h, raw, nil
}

// readLine reads one line of r, at most maxHTTPLine bytes, appends it with
// its line end to raw and returns it without the line end, with the number
// of bytes read (0 at the end of r).
func readLine(r *bufio.Reader, raw *[]byte) (string, int, error) {
	var line []byte
	for {
		frag, err := r.ReadSlice('\n')
		if len(line)+len(frag) > maxHTTPLine {
			return "", 0, fmt.Errorf("a line longer than %d bytes", maxHTTPLine)
		}
		line = append(line, frag...)
		switch err {
		case nil, io.EOF:
			*raw = append(*raw, line...)
			return string(bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))), len(line), nil
		case bufio.ErrBufferFull:
			continue
		default:
			return "", 0, err
		}
	}
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// chunked reports whether the header says the body has the chunked transfer
// coding.
func (h *httpHead) chunked() bool {
	for _, v := range h.header.Values("Transfer-Encoding") {
		if strings.Contains(strings.ToLower(v), "chunked") {
			return true
		}
	}
	return false
}

// rawBody reports whether the body of a message with this head is taken as
// the bytes it is rather than read as text in an input format: a chunked
// body, a body whose Content-Type is not MAPI/HTTP's (an error page), and
// the diagnostic text of a response whose X-ResponseCode is not 0.
func (h *httpHead) rawBody() bool {
	ct := h.header.Get("Content-Type")
	rc := strings.TrimSpace(h.header.Get(mapihttp.HeaderResponseCode))
	return h.chunked() || ct != "" && !isMAPIContentType(ct) || rc != "" && rc != "0"
}

// isMAPIContentType reports whether a Content-Type is that of MAPI/HTTP
// bodies, parameters aside.
func isMAPIContentType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), mapihttp.ContentType)
}

// dechunk removes the chunked transfer coding from body.
func dechunk(body []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(body))
	if _, err := out.ReadFrom(httputil.NewChunkedReader(bytes.NewReader(body))); err != nil {
		return nil, fmt.Errorf("the chunked transfer coding does not decode: %w", err)
	}
	return out.Bytes(), nil
}
