package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// The values of --as that read a bare MAPI/HTTP body.
const (
	asMAPIRequest  = "mapihttp-request"
	asMAPIResponse = "mapihttp-response"
)

// emsmdbTypes are the request types of the EMSMDB endpoint that have bodies
// ([MS-OXCMAPIHTTP] 2.2.4), in the order a body of unknown type is tried.
var emsmdbTypes = []string{
	mapihttp.RequestTypeExecute,
	mapihttp.RequestTypeConnect,
	mapihttp.RequestTypeDisconnect,
	mapihttp.RequestTypeNotificationWait,
}

// requestTypeOf returns the X-RequestType value the EMSMDB endpoint knows
// that v names, in the document's spelling, or "" for another value.
func requestTypeOf(v string) string {
	for _, t := range append(emsmdbTypes, mapihttp.RequestTypePing) {
		if strings.EqualFold(strings.TrimSpace(v), t) {
			return t
		}
	}
	return ""
}

// bodyShape says what the body of a MAPI/HTTP message is.
type bodyShape uint8

const (
	shapeRequest    bodyShape = iota // the request body of its request type
	shapeSuccess                     // a success response body
	shapeFailure                     // a failure response body: StatusCode not 0
	shapeDiagnostic                  // text: the X-ResponseCode is not 0
	shapeNone                        // PING: no body layout
	shapeOther                       // a request type this command does not decode, or none
	shapeAbsent                      // a HAR entry that holds no body text
)

// mapiMsg is one MAPI/HTTP request or response ([MS-OXCMAPIHTTP] 2.2.2):
// its HTTP head (nil for a bare body), the response format read from the
// start of a response's body, and the body decoded by its request type.
// Offsets in the body count from its start.
type mapiMsg struct {
	response bool
	head     *httpHead
	// requestType is the X-RequestType, as the EMSMDB endpoint spells it
	// when it knows it; typeFrom says where it came from: "header",
	// "flag", "request" (a HAR entry's response that lacks the header
	// takes its request's) or "detected" (each EMSMDB request type was
	// tried).
	requestType, typeFrom string
	// dirDetected is set when a bare body was read as a request and as a
	// response; furthest when of several readings none decodes to its end,
	// and the one that got furthest is shown.
	dirDetected, furthest bool
	// flagIgnored is a --request-type the header overrules.
	flagIgnored string
	resp        *mapihttp.Response // the response format, when read
	respErr     error              // why it did not read
	noMetaTags  bool               // a response with no meta-tags before its body
	absent      bool               // a HAR entry with no body text
	body        []byte
	shape       bodyShape
	msg         codec.Message // the body decoded
	err         error         // why the body did not decode
	also        []mapiReading // other readings of a bare body that decode too
}

// mapiReading is a bare body read as one direction and request type.
type mapiReading struct {
	response    bool
	requestType string
	shape       bodyShape
	msg         codec.Message
	err         error
}

// flags are the flags of decode that choose the reading.
func (r mapiReading) flags() string {
	as := asMAPIRequest
	if r.response {
		as = asMAPIResponse
	}
	return "--as " + as + " --request-type " + r.requestType
}

// title names the message: "MAPI/HTTP Execute request".
func (m *mapiMsg) title() string {
	dir := "request"
	if m.response {
		dir = "response"
	}
	if m.requestType == "" {
		return "MAPI/HTTP " + dir
	}
	return "MAPI/HTTP " + m.requestType + " " + dir
}

// direction is "request" or "response".
func (m *mapiMsg) direction() string {
	if m.response {
		return "response"
	}
	return "request"
}

// looksHTTP reports whether b starts with an HTTP start line.
func looksHTTP(b []byte) bool {
	line, _, _ := bytes.Cut(b[:min(len(b), 4<<10)], []byte("\n"))
	_, ok := parseStartLine(string(bytes.TrimSuffix(line, []byte("\r"))))
	return ok
}

// httpMessage decodes b, an HTTP message (see looksHTTP), as MAPI/HTTP.
func httpMessage(b []byte, opt decodeOptions, em emitter) outcome {
	br := bytes.NewReader(b)
	head, _, err := readHTTPHead(bufio.NewReaderSize(br, maxHTTPLine))
	if err != nil {
		em.failed("HTTP message", len(b), 0, err)
		return outcome{problem: "HTTP message: " + err.Error()}
	}
	m := &mapiMsg{response: head.response, head: &head, body: b[head.size:]}
	if head.chunked() {
		if m.body, err = dechunk(m.body); err != nil {
			em.failed("HTTP message", len(b), head.size, err)
			return outcome{problem: "HTTP message body: " + err.Error()}
		}
	}
	if d := bodyDir(opt); d != dirAuto && (d == dirResponse) != m.response {
		flag := "--as " + opt.as
		if opt.as == "" {
			flag = map[dir]string{dirRequest: "--request", dirResponse: "--response"}[d]
		}
		msg := fmt.Sprintf("the input is an HTTP %s; %s reads the other", m.direction(), flag)
		em.failed("HTTP message", len(b), 0, errors.New(msg))
		return outcome{problem: msg}
	}
	return mapiMessage("decoded", m, opt, em)
}

// bareBody decodes b, a MAPI/HTTP body without its HTTP head, as --as or
// --request-type say.
func bareBody(b []byte, opt decodeOptions, em emitter) outcome {
	m := &mapiMsg{response: bodyDir(opt) == dirResponse, body: b}
	return mapiMessage("decoded", m, opt, em)
}

// bodyDir is the direction of a bare body: --as mapihttp-request or
// -response, or --request and --response beside --request-type.
func bodyDir(opt decodeOptions) dir {
	switch opt.as {
	case asMAPIRequest:
		return dirRequest
	case asMAPIResponse:
		return dirResponse
	case "":
		return opt.dir
	}
	return dirAuto
}

// mapiMessage reads m's request type, response format and body, and shows
// it under key ("decoded"; "request" or "response" in a HAR entry).
func mapiMessage(key string, m *mapiMsg, opt decodeOptions, em emitter) outcome {
	m.readType(opt.requestType)
	if m.response && m.err == nil {
		m.readFormat()
	}
	if m.absent {
		m.shape = shapeAbsent
	}
	m.decodeBody(opt)
	em.mapiBegin(key, m)
	var res outcome
	switch {
	case m.respErr != nil:
		res.problem = "the MAPI/HTTP response format: " + m.respErr.Error()
	case m.err != nil:
		em.mapiStop(m, m.err)
		res.problem = errText(m.err)
		res.rivals = m.furthest
	case m.msg != nil:
		res = mapiFields(m, opt, em)
	}
	em.mapiEnd(m)
	return res
}

// readType takes the request type from the X-RequestType header of a
// request, or of a response that echoes it, or else from --request-type.
func (m *mapiMsg) readType(flag string) {
	if m.head != nil {
		if v := m.head.header.Get(mapihttp.HeaderRequestType); v != "" {
			m.requestType, m.typeFrom = v, "header"
			if t := requestTypeOf(v); t != "" {
				m.requestType = t
			}
			if flag != "" && flag != m.requestType {
				m.flagIgnored = flag
			}
			return
		}
	}
	if m.requestType == "" && flag != "" {
		m.requestType, m.typeFrom = flag, "flag"
	}
}

// readFormat reads the response format of [MS-OXCMAPIHTTP] 2.2.2.2 from the
// start of a response's body with mapihttp.ReadResponse: the meta-tags,
// the additional headers after DONE, and the body after them. A response
// with a head whose body has no meta-tag at all (a capture that kept only
// the body) is read whole as the body, and says so; a bare body is read so
// only when it starts with a meta-tag.
func (m *mapiMsg) readFormat() {
	h, status := http.Header{}, http.StatusOK
	if m.head != nil {
		h, status = m.head.header, m.head.status
	} else if !startsWithMetaTag(m.body) {
		return
	}
	resp := &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(m.body))}
	r, err := mapihttp.ReadResponse(resp, mapihttp.Limits{MaxBody: max(len(m.body), 1)}, nil)
	m.resp = r
	switch {
	case m.absent:
		// the headers alone: no body to read the format from
	case err == nil:
		m.body = r.Body
		if r.Err() != nil {
			m.shape = shapeDiagnostic
		}
	case !r.Processing && !r.Done && r.Pending == 0 && (errors.Is(err, mapihttp.ErrTruncated) || errors.Is(err, mapihttp.ErrLineTooLong)):
		// Not one meta-tag before the end, or before a line longer than
		// any of the response format's: no response format at all.
		m.noMetaTags = true
	default:
		m.respErr = err
	}
}

// startsWithMetaTag reports whether b starts with a meta-tag line.
func startsWithMetaTag(b []byte) bool {
	for _, t := range []string{mapihttp.MetaTagProcessing, mapihttp.MetaTagPending, mapihttp.MetaTagDone} {
		if rest, ok := bytes.CutPrefix(b, []byte(t)); ok && (bytes.HasPrefix(rest, []byte("\r\n")) || bytes.HasPrefix(rest, []byte("\n"))) {
			return true
		}
	}
	return false
}

// decodeBody decodes the body by its request type and direction. A bare
// body whose direction no flag gives is read as a request and as a
// response, and one of unknown type as each EMSMDB request type in turn:
// the first reading that decodes to its end, with a RopBuffer and
// AuxiliaryBuffer whose framing decodes, is taken, and the others that do
// too are named; when none does, the one that got furthest is shown.
func (m *mapiMsg) decodeBody(opt decodeOptions) {
	switch {
	case m.respErr != nil || m.err != nil || m.shape == shapeDiagnostic || m.shape == shapeAbsent:
		return
	case m.requestType == mapihttp.RequestTypePing:
		m.shape = shapeNone
		return
	case m.requestType != "" && requestTypeOf(m.requestType) == "":
		m.shape = shapeOther
		return
	}
	dirs := []bool{m.response}
	if m.head == nil && bodyDir(opt) == dirAuto {
		dirs = []bool{false, true}
	}
	types := emsmdbTypes
	if m.requestType != "" {
		types = []string{m.requestType}
	}
	var rs []mapiReading
	for _, resp := range dirs {
		for _, t := range types {
			rs = append(rs, readBody(m.body, t, resp))
		}
	}
	best := -1
	for i, r := range rs {
		switch {
		case !r.plausible():
		case best < 0:
			best = i
		case r.shape != shapeFailure || rs[best].shape != shapeFailure:
			// one failure body reads as every request type's: named once
			m.also = append(m.also, r)
		}
	}
	if best < 0 {
		best = 0
		for i, r := range rs {
			if errOffset(r.err) > errOffset(rs[best].err) {
				best = i
			}
		}
		m.furthest = len(rs) > 1
	}
	if m.requestType == "" {
		m.typeFrom = "detected"
	}
	m.dirDetected = len(dirs) > 1
	r := rs[best]
	m.response, m.requestType = r.response, r.requestType
	m.shape, m.msg, m.err = r.shape, r.msg, r.err
	if m.shape == shapeFailure && len(types) > 1 {
		m.requestType = "" // the body does not tell
	}
}

// readBody decodes b as the body of request type t (an EMSMDB one), a
// response's when resp is set: its success or its failure shape.
func readBody(b []byte, t string, resp bool) mapiReading {
	r := mapiReading{response: resp, requestType: t, shape: shapeRequest}
	var v any
	if resp {
		r.shape = shapeSuccess
		v, r.err = mapihttp.DecodeResponseBody(t, b)
		var se *mapihttp.StatusError
		var de *codec.DecodeError
		switch {
		case errors.As(r.err, &se):
			f := new(codec.FailureResponseBody)
			r.shape, r.err, v = shapeFailure, f.UnmarshalBinary(b), f
		case errors.As(r.err, &de) && de.ROP == (&codec.FailureResponseBody{}).Info().Type:
			r.shape = shapeFailure // StatusCode not 0, and the failure shape does not decode
		}
	} else {
		v, r.err = mapihttp.DecodeRequestBody(t, b)
	}
	if r.err == nil {
		r.msg, _ = v.(codec.Message)
	}
	return r
}

// plausible reports whether r decoded to the end, with RopBuffer and
// AuxiliaryBuffer (when not empty) framed by RPC_HEADER_EXT as they must be.
func (r mapiReading) plausible() bool {
	if r.err != nil || r.msg == nil {
		return false
	}
	for f := range r.msg.Fields() {
		if b, ok := f.Value.([]byte); ok && isFramedField(f.Name) && len(b) > 0 {
			if _, err := codec.DecodeRPCPayloads(b); err != nil {
				return false
			}
		}
	}
	return true
}

// isFramedField reports whether a body field holds RPC_HEADER_EXT-framed
// payloads: the RopBuffer of Execute ([MS-OXCMAPIHTTP] 2.2.4.2) and the
// AuxiliaryBuffer of every body ([MS-OXCRPC] 3.1.4.1.2).
func isFramedField(name string) bool { return name == "RopBuffer" || name == "AuxiliaryBuffer" }

// mapiFields shows the fields of m's body in wire order: the RopBuffer as
// the ROP buffer it frames (requests in a request, responses in a
// response), the AuxiliaryBuffer as AUX blocks, and a failure's StatusCode
// as the Win32 code it is. It returns the first problem of the buffers.
func mapiFields(m *mapiMsg, opt decodeOptions, em emitter) outcome {
	var res outcome
	off := 0
	for f := range m.msg.Fields() {
		at := off
		off += f.Size
		if hiddenField(f) {
			continue
		}
		b, _ := f.Value.([]byte)
		if !isFramedField(f.Name) || len(b) == 0 {
			if v, ok := f.Value.(uint32); ok && f.Name == "StatusCode" && v <= 0xFFFF {
				f.Value = errors.Win32(v)
			}
			em.mapiField(f, at)
			continue
		}
		em.mapiBufferBegin(f, at)
		var r outcome
		if f.Name == "RopBuffer" {
			sub := opt
			sub.as, sub.dir = "buffer", dirRequest
			if m.response {
				sub.dir = dirResponse
			}
			r = framed(b, at, em, func(p []byte, base int) outcome { return decodeROPs(p, base, sub, em, false) })
		} else {
			r = framed(b, at, em, func(p []byte, base int) outcome { return auxBlocks(p, base, em) })
		}
		em.mapiBufferEnd()
		if res.problem == "" {
			res = r
		}
		if em.err() != nil {
			break
		}
	}
	return res
}

// framed shows b, at offset base of the input, as RPC_HEADER_EXT-framed
// payloads, each read by read.
func framed(b []byte, base int, em emitter, read func(p []byte, base int) outcome) outcome {
	payloads, err := codec.DecodeRPCPayloads(b)
	if err != nil {
		err = shift(err, base)
		em.failed("RPC_HEADER_EXT-framed payloads", len(b), base, err)
		return outcome{problem: errText(err)}
	}
	return rpcPayloads(b, base, payloads, em, read)
}

// hiddenField reports whether the output leaves f out: the RopId, which a
// ROP's title gives, and the size, count and offset fields, whose fields
// are shown whole.
func hiddenField(f codec.Field) bool {
	return f.Role == codec.FieldLength || f.Role == codec.FieldOffset || f.Role == codec.FieldFixed && f.Name == "RopId"
}
