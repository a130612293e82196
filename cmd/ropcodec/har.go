package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// harFile is what decode --har reads of a HAR file (HTTP Archive 1.2, the
// JSON that browsers, Fiddler and mitmproxy export): its creator and its
// entries, each a request and its response. Members decode does not use
// are not read.
type harFile struct {
	Log *struct {
		Creator struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"creator"`
		Entries []harEntry `json:"entries"`
	} `json:"log"`
}

// harEntry is one entry of a HAR file.
type harEntry struct {
	StartedDateTime string `json:"startedDateTime"`
	Request         struct {
		Method      string        `json:"method"`
		URL         string        `json:"url"`
		HTTPVersion string        `json:"httpVersion"`
		Headers     []headerField `json:"headers"`
		PostData    *harContent   `json:"postData"`
	} `json:"request"`
	Response struct {
		Status      int           `json:"status"`
		StatusText  string        `json:"statusText"`
		HTTPVersion string        `json:"httpVersion"`
		Headers     []headerField `json:"headers"`
		Content     *harContent   `json:"content"`
	} `json:"response"`

	// Set by decodeHAR.
	index int
	skip  string // why the entry is not MAPI/HTTP, or ""
}

// harContent is a request's postData or a response's content: the body as
// text, base64 when Encoding says so (content does, in HAR 1.2; exporters
// write it on postData too).
type harContent struct {
	MimeType string  `json:"mimeType"`
	Text     *string `json:"text"`
	Encoding string  `json:"encoding"`
}

// readHAR reads the HAR file name ("-" for standard input), at most o.max
// bytes, and returns it with the input it was read from. A file that is not
// JSON, or has no log.entries, is refused with the line and column at fault.
func readHAR(name string, stdin io.Reader, o inputOptions) (input, *harFile, error) {
	if o.max <= 0 {
		o.max = defaultMaxInput
	}
	in := input{format: formatHAR, from: name}
	src := stdin
	if name == "-" {
		in.from = "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return in, nil, usagef("%v", err)
		}
		defer f.Close()
		src = f
	}
	data, err := readBinary(&capReader{r: src, max: o.max}, o.max, 0)
	if err != nil {
		return in, nil, &usageError{msg: fmt.Sprintf("too much input in %s: %v", in.from, err), err: err}
	}
	in.bytes = data
	h := new(harFile)
	err = json.Unmarshal(data, h)
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		err = fmt.Errorf("%s is a JSON %s, not what a HAR file has there", te.Field, te.Value)
	case err == nil && (h.Log == nil || h.Log.Entries == nil):
		err = fmt.Errorf("no log.entries: not a HAR file")
	}
	if err != nil {
		ie := &inputError{msg: err.Error()}
		if off >= 0 {
			ie.line, ie.col = lineCol(data, int(off))
		}
		return in, nil, &usageError{msg: fmt.Sprintf("cannot read HAR file in %s: %v", in.from, ie), err: ie}
	}
	return in, h, nil
}

// lineCol returns the line and column (1-based) of the byte before offset
// off of data, where encoding/json reports an error.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off-1, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	return line, off - bytes.LastIndexByte(data[:off], '\n')
}

// decodeHAR shows every entry of h in order: a MAPI/HTTP one (see
// harEntry.classify) as its request and its response, each decoded as
// httpMessage decodes a message, others as skipped. Every entry is shown
// whatever the others hold; the outcome names the first problem.
func decodeHAR(h *harFile, opt decodeOptions, em emitter) outcome {
	entries := h.Log.Entries
	for i := range entries {
		entries[i].index = i
		entries[i].classify()
	}
	em.harBegin(h)
	var first string
	problems := 0
	note := func(what string, res outcome) {
		if res.problem != "" {
			problems++
			if first == "" {
				first = what + ": " + res.problem
			}
		}
	}
	for i := range entries {
		e := &entries[i]
		em.harEntry(e)
		if e.skip == "" {
			req := e.message(false, nil)
			note(fmt.Sprintf("entry %d request", i), mapiMessage("request", req, opt, em))
			resp := e.message(true, req)
			note(fmt.Sprintf("entry %d response", i), mapiMessage("response", resp, opt, em))
		}
		em.harEntryEnd()
		if em.err() != nil {
			break
		}
	}
	em.harEnd()
	if problems > 1 {
		first += fmt.Sprintf(" (and %d more entries with a problem)", problems-1)
	}
	return outcome{problem: first}
}

// harHead returns the head of a HAR request or response with the headers
// hs; the pseudo-headers of HTTP/2 (":authority") are left out.
func harHead(h httpHead, hs []headerField) *httpHead {
	h.header = http.Header{}
	for _, kv := range hs {
		if kv.Name != "" && kv.Name[0] != ':' {
			h.add(kv.Name, kv.Value)
		}
	}
	return &h
}

// classify sets e.skip when e is not a MAPI/HTTP exchange: when neither
// its request nor its response has an X-RequestType header, and neither
// body has MAPI/HTTP's Content-Type.
func (e *harEntry) classify() {
	rq, rs := harHead(httpHead{}, e.Request.Headers).header, harHead(httpHead{}, e.Response.Headers).header
	types := []string{rq.Get("Content-Type"), rs.Get("Content-Type")}
	for _, c := range []*harContent{e.Request.PostData, e.Response.Content} {
		if c != nil {
			types = append(types, c.MimeType)
		}
	}
	mapi := rq.Get(mapihttp.HeaderRequestType) != "" || rs.Get(mapihttp.HeaderRequestType) != ""
	var named []string
	for _, t := range types {
		mapi = mapi || isMAPIContentType(t)
		if t != "" && len(named) == 0 {
			named = append(named, t)
		}
	}
	if !mapi {
		ct := "no Content-Type"
		if len(named) > 0 {
			ct = "Content-Type " + named[0]
		}
		e.skip = fmt.Sprintf("not MAPI/HTTP: no X-RequestType header, %s", ct)
	}
}

// message returns the request or the response of e as a MAPI/HTTP message
// to decode. A response without an X-RequestType takes its request's.
func (e *harEntry) message(resp bool, req *mapiMsg) *mapiMsg {
	h := harHead(httpHead{method: e.Request.Method, target: e.Request.URL, proto: e.Request.HTTPVersion}, e.Request.Headers)
	c := e.Request.PostData
	if resp {
		r := e.Response
		h = harHead(httpHead{response: true, proto: r.HTTPVersion, status: r.Status, reason: r.StatusText}, r.Headers)
		c = r.Content
	}
	m := &mapiMsg{response: resp, head: h}
	if req != nil && req.requestType != "" && h.header.Get(mapihttp.HeaderRequestType) == "" {
		m.requestType, m.typeFrom = req.requestType, "request"
	}
	if c == nil || c.Text == nil {
		m.absent = true
		return m
	}
	m.body = []byte(*c.Text)
	if strings.EqualFold(c.Encoding, "base64") {
		s := newScanner(bufio.NewReader(strings.NewReader(*c.Text)), int64(len(*c.Text)))
		if err := s.base64(); err != nil {
			m.err = fmt.Errorf("the body's base64 does not decode: %w", err)
		}
		m.body = s.out
	}
	return m
}
