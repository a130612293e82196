package main

import (
	"bufio"
	"bytes"
	"errors"
	"strings"

	"github.com/ropcodec/ropcodec/mapihttp"
)

// readHTTPText reads an HTTP message whose first line r starts with (see
// startsHTTP) into the bytes decode reads it from: the start line and the
// header lines as they are; for a response, the meta-tags and additional
// headers of the MAPI/HTTP response format as they are, when they come as
// text after the header; then the body, read as binary when it is (a raw
// capture) or when the header says it is no MAPI/HTTP body written as text
// (see rawBody), and otherwise as text in the format its first line shows
// (hex, a dump, an array, base64; see detectFormat). It returns the format
// of the body, or formatHTTP for a message without one. Errors are
// *inputError at the line and column of the whole input.
func readHTTPText(r *bufio.Reader, o inputOptions) ([]byte, inputFormat, error) {
	head, out, err := readHTTPHead(r)
	if err != nil {
		var he *httpError
		if errors.As(err, &he) {
			return nil, formatHTTP, errAt(he.line, 1, "%s", he.msg)
		}
		return nil, formatHTTP, err
	}
	line := 1 + bytes.Count(out, []byte("\n")) // of the next line
	if head.response && !head.rawBody() {
		if out, err = readPreambleText(r, out, &line); err != nil {
			return nil, formatHTTP, err
		}
	}
	if int64(len(out)) > o.max {
		return nil, formatHTTP, &tooLargeError{o.max}
	}
	if _, err := r.Peek(1); err != nil {
		return out, formatHTTP, nil // no body
	}
	if head.rawBody() || looksBinary(r) {
		b, err := readBinary(r, o.max-int64(len(out)), 0)
		return append(out, b...), formatBinary, err
	}
	f, err := detectFormat(r)
	if err != nil {
		return nil, f, err
	}
	s := newScanner(r, o.max)
	s.line, s.out = line, out
	err = s.scan(f)
	if len(s.out) == len(out) {
		f = formatHTTP // blank lines or comments only
	}
	return s.out, f, err
}

// readPreambleText reads, when the next line is a meta-tag of the MAPI/HTTP
// response format ([MS-OXCMAPIHTTP] 2.2.7), the meta-tags up to DONE and
// the additional headers after it up to the empty line that ends them, and
// appends them to out as they are; line counts the lines read. A line that
// is neither stops the preamble there, for the body, and so does a line
// longer than mapihttp.DefaultMaxLine; so the text read is bounded.
func readPreambleText(r *bufio.Reader, out []byte, line *int) ([]byte, error) {
	done := false
	for n := 0; n <= mapihttp.DefaultMaxHeaders; n++ {
		peek, _ := r.Peek(min(r.Size(), mapihttp.DefaultMaxLine))
		l, _, ok := bytes.Cut(peek, []byte("\n"))
		if !ok && len(peek) == len(l) && len(peek) == mapihttp.DefaultMaxLine {
			return out, nil
		}
		t := string(bytes.TrimSuffix(l, []byte("\r")))
		switch {
		case !done && (t == mapihttp.MetaTagProcessing || t == mapihttp.MetaTagPending || t == mapihttp.MetaTagDone):
			done = t == mapihttp.MetaTagDone
		case done && t == "":
			n = mapihttp.DefaultMaxHeaders // the empty line ends the preamble
		case done && isHeaderLine(t):
		default:
			return out, nil
		}
		take := len(l)
		if ok {
			take++
		}
		b, _ := r.Peek(take)
		out = append(out, b...)
		r.Discard(take)
		*line++
	}
	return out, nil
}

// isHeaderLine reports whether l reads as "Name: value".
func isHeaderLine(l string) bool {
	k, _, ok := strings.Cut(l, ":")
	return ok && k != "" && !strings.ContainsAny(k, " \t")
}
