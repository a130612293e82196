package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// The text of what wraps ROPs on the wire: AUX blocks, MAPI/HTTP messages
// and HAR entries.

func (t *textOut) auxBegin(off, size int) {
	render(t.w, node{title: fmt.Sprintf("AUX blocks (%d bytes at offset %d)", size, off)}, t.indent)
}

func (t *textOut) auxBlock(i int, blk codec.AuxBlock, off, n, fieldsAt int) {
	var bn node
	if bt := blk.BlockType(); bt != nil {
		bn.add("Structure", auxStructure(bt))
	}
	if blk.Data != nil {
		addFields(&bn, blk.Data, fieldsAt)
	}
	if blk.Err != nil {
		bn.add("Not decoded", errText(blk.Err))
	}
	at := off + int(codec.AuxHeaderSize)
	if blk.Raw != nil {
		bn.f = append(bn.f, bytesField("Raw", blk.Raw, "", at))
	}
	if blk.Pad != nil {
		bn.f = append(bn.f, bytesField("Pad", blk.Pad, "", off+n-len(blk.Pad)))
	}
	entry := field{label: index(i), value: auxBlockTitle(blk, off, n), kids: []node{bn}}
	renderField(t.w, entry, t.indent+2, labelWidth([]field{entry}))
}

func (t *textOut) auxStop(i, off int, err error) {
	f := field{label: index(i), value: errText(err)}
	renderField(t.w, f, t.indent+2, labelWidth([]field{f}))
}

func (t *textOut) auxEnd() {}

// shownHeaders are the headers of a MAPI/HTTP message the text shows
// ([MS-OXCMAPIHTTP] 2.2.3), X-ResponseCode apart, in this order.
var shownHeaders = []string{
	"Content-Type",
	mapihttp.HeaderRequestType,
	mapihttp.HeaderRequestID,
	mapihttp.HeaderClientInfo,
	mapihttp.HeaderClientApplication,
	mapihttp.HeaderServerApplication,
	mapihttp.HeaderPendingPeriod,
	mapihttp.HeaderExpirationInfo,
}

func (t *textOut) mapiBegin(key string, m *mapiMsg) {
	n := node{title: m.title()}
	if h := m.head; h != nil {
		if h.response {
			n.add("HTTP", strings.TrimSpace(fmt.Sprintf("%d %s (%s)", h.status, h.reason, h.proto)))
		} else {
			n.add("HTTP", fmt.Sprintf("%s (%s)", h.method, h.proto))
			n.addLit("URL", h.target)
		}
		for _, k := range shownHeaders {
			if v := h.header.Get(k); v != "" {
				n.addLit(k, v)
			}
		}
		if names := cookieNames(h); len(names) > 0 {
			n.addList(map[bool]string{false: "Cookie", true: "Set-Cookie"}[m.response], strings.Join(names, ", "))
		}
	}
	if s := typeSource(m); s != "" {
		n.add(mapihttp.HeaderRequestType, s)
	}
	switch {
	case m.furthest:
		n.add("Reading", "none of those tried decodes the body to its end; shown is the one that got furthest")
	case m.dirDetected:
		n.add("Direction", m.direction()+" (not in the input: the body decodes as one, not as the other)")
	}
	if m.flagIgnored != "" {
		n.add("Note", fmt.Sprintf("--request-type %s is not used: the X-RequestType header names %s", m.flagIgnored, m.requestType))
	}
	if r := m.resp; r != nil {
		switch {
		case r.HasResponseCode:
			n.add(mapihttp.HeaderResponseCode, xResponseCodeText(r.ResponseCode))
			n.add("MAPI/HTTP client", xResponseActionText(errors.XResponseActionFor(r.ResponseCode)))
		case m.head != nil:
			n.add(mapihttp.HeaderResponseCode, "none in the response")
		}
		if tags := metaTagsText(m); tags != "" {
			n.add("Meta-tags", tags)
		}
		if r.ElapsedTime > 0 {
			n.add(mapihttp.HeaderElapsedTime, fmt.Sprintf("%d ms", r.ElapsedTime.Milliseconds()))
		}
		if r.StartTime != "" {
			n.addLit(mapihttp.HeaderStartTime, r.StartTime)
		}
	}
	if m.respErr != nil {
		n.add("Response format", m.respErr.Error())
	}
	body := field{label: "Body", value: bodyText(m)}
	if m.shape == shapeDiagnostic {
		body.kids = []node{{f: []field{{label: "Text", value: diagnosticText(m.body)}}}}
	}
	n.f = append(n.f, body)
	render(t.w, n, t.indent)
	t.push(t.indent + 4)
	var fs []field
	if m.msg != nil {
		for f := range m.msg.Fields() {
			if !hiddenField(f) {
				fs = append(fs, field{label: f.Name, value: "-"})
			}
		}
	}
	t.bodyLW = labelWidth(fs)
}

// typeSource says where the request type came from, when not from the
// X-RequestType header (which the headers show).
func typeSource(m *mapiMsg) string {
	switch m.typeFrom {
	case "flag":
		return m.requestType + " (--request-type)"
	case "request":
		return m.requestType + " (the request's; the response does not echo it)"
	case "detected":
		switch {
		case m.requestType == "":
			return "not told: a failure body reads the same for every request type"
		case m.furthest:
			return m.requestType + " (not in the input: each request type was tried)"
		}
		return m.requestType + " (not in the input: the first request type whose body decodes to its end)"
	}
	return ""
}

// cookieNames returns the names of the cookies of a request (Cookie) or a
// response (Set-Cookie): the Session Context cookies of [MS-OXCMAPIHTTP]
// 2.2.3.2.3 among them.
func cookieNames(h *httpHead) []string {
	var cs []*http.Cookie
	if h.response {
		cs = (&http.Response{Header: h.header}).Cookies()
	} else {
		cs = (&http.Request{Header: h.header}).Cookies()
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return names
}

// xResponseCodeText gives an X-ResponseCode in decimal, as the header
// carries it, and by name.
func xResponseCodeText(c errors.XResponseCode) string {
	if n := c.Code().Name(); n != "" {
		return fmt.Sprintf("%d %s", uint32(c), n)
	}
	return fmt.Sprintf("%d (not in the X-ResponseCode table)", uint32(c))
}

// metaTagsText lists the meta-tags of a response: "PROCESSING, PENDING
// (2), DONE", and the lines before DONE that are none.
func metaTagsText(m *mapiMsg) string {
	r := m.resp
	if m.noMetaTags {
		return "none: the body follows the HTTP header"
	}
	var tags []string
	if r.Processing {
		tags = append(tags, mapihttp.MetaTagProcessing)
	}
	switch {
	case r.Pending == 1:
		tags = append(tags, mapihttp.MetaTagPending)
	case r.Pending > 1:
		tags = append(tags, fmt.Sprintf("%s (%d)", mapihttp.MetaTagPending, r.Pending))
	}
	if r.Done {
		tags = append(tags, mapihttp.MetaTagDone)
	}
	if r.Unknown > 0 {
		tags = append(tags, fmt.Sprintf("%s that no meta-tag starts, skipped", plural(r.Unknown, "line", "lines")))
	}
	return strings.Join(tags, ", ")
}

// bodyText describes the body of m on its Body line.
func bodyText(m *mapiMsg) string {
	size := plural(len(m.body), "byte", "bytes")
	where := ""
	if m.head != nil && m.msg != nil {
		where = "; offsets below count from its start"
	}
	switch {
	case m.shape == shapeAbsent:
		return "none: the HAR entry holds no body text"
	case m.respErr != nil:
		return "not read"
	case m.shape == shapeDiagnostic:
		return size + " of text (an X-ResponseCode that is not 0 comes with no body of the request type)"
	case m.shape == shapeNone:
		return size + ", not decoded: PING has no body layout"
	case m.shape == shapeOther && m.requestType != "":
		return fmt.Sprintf("%s, not decoded: %s is not a request type of the EMSMDB endpoint", size, m.requestType)
	case m.shape == shapeOther:
		return size + ", not decoded"
	case m.err != nil:
		return fmt.Sprintf("%s, %s: %s", size, bodyName(m), errText(m.err))
	}
	return fmt.Sprintf("%s, %s%s", size, bodyName(m), where)
}

// bodyName names the body's layout: "Execute request body", "failure
// response body".
func bodyName(m *mapiMsg) string {
	switch m.shape {
	case shapeFailure:
		return "failure response body (StatusCode not 0)"
	case shapeSuccess:
		return strings.TrimSpace(m.requestType + " success response body")
	}
	return strings.TrimSpace(m.requestType + " request body")
}

// maxDiagnostic is the most text of a diagnostic body the text shows.
const maxDiagnostic = 512

// diagnosticText quotes the start of a diagnostic body.
func diagnosticText(b []byte) string {
	if len(b) > maxDiagnostic {
		return quote(string(b[:maxDiagnostic])) + fmt.Sprintf(" (the first %d bytes)", maxDiagnostic)
	}
	return quote(string(b))
}

func (t *textOut) mapiField(f codec.Field, off int) {
	renderField(t.w, fieldOf(f, off), t.indent, t.bodyLW)
}

func (t *textOut) mapiBufferBegin(f codec.Field, off int) {
	b, _ := f.Value.([]byte)
	fl := field{label: f.Name, value: fmt.Sprintf("%s at offset %d", plural(len(b), "byte", "bytes"), off)}
	renderField(t.w, fl, t.indent, t.bodyLW)
	t.push(t.indent + 2)
}

func (t *textOut) mapiBufferEnd() { t.pop() }

func (t *textOut) mapiStop(m *mapiMsg, err error) {
	if n := errOffset(err); n > 0 && n <= len(m.body) {
		f := field{label: "Read before the bad byte", value: plural(n, "byte", "bytes"), kids: hexDump(m.body[:n], 0)}
		renderField(t.w, f, t.indent, labelWidth([]field{f}))
	}
}

func (t *textOut) mapiEnd(m *mapiMsg) {
	t.pop()
	for _, a := range m.also {
		f := field{label: "Also decodes as", value: fmt.Sprintf("%s %s (%s)", a.requestType, map[bool]string{false: "request", true: "response"}[a.response], a.flags())}
		renderField(t.w, f, t.indent, labelWidth([]field{f}))
	}
}

func (t *textOut) harBegin(h *harFile) {
	title := "HAR file"
	if c := h.Log.Creator; c.Name != "" {
		title += " from " + strings.TrimSpace(c.Name+" "+c.Version)
	}
	mapi := 0
	for _, e := range h.Log.Entries {
		if e.skip == "" {
			mapi++
		}
	}
	title += fmt.Sprintf(": %s, %d MAPI/HTTP", plural(len(h.Log.Entries), "entry", "entries"), mapi)
	render(t.w, node{title: title}, t.indent)
}

func (t *textOut) harEntry(e *harEntry) {
	var n node
	if e.StartedDateTime != "" {
		n.add("Started", e.StartedDateTime)
	}
	if e.skip != "" {
		n.add("Status", strings.TrimSpace(fmt.Sprintf("%d %s", e.Response.Status, e.Response.StatusText)))
		n.add("Skipped", e.skip)
	}
	f := field{label: index(e.index), value: e.Request.Method + " " + e.Request.URL, wrap: wrapLiteral, kids: []node{n}}
	renderField(t.w, f, t.indent+2, labelWidth([]field{f}))
	t.push(t.indent + 4)
}

func (t *textOut) harEntryEnd() { t.pop() }
func (t *textOut) harEnd()      {}
