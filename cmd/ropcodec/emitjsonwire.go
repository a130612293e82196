package main

import (
	"fmt"
	"maps"
	"net/textproto"
	"slices"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// The JSON of what wraps ROPs on the wire: AUX blocks, MAPI/HTTP messages
// and HAR entries; the schema is in decodeUsage.

func (o *jsonOut) auxBegin(off, size int) {
	o.j.open("decoded", '{')
	o.j.item("kind", "aux")
	o.j.item("offset", off)
	o.j.item("size", size)
	o.j.open("blocks", '[')
}

// auxJSON is one AUX block; see decodeUsage.
type auxJSON struct {
	Index     int         `json:"index"`
	Offset    int         `json:"offset"`
	Size      int         `json:"size"`
	Version   uint8       `json:"version"`
	Type      uint8       `json:"type"`
	TypeName  string      `json:"type_name,omitempty"`
	Structure string      `json:"structure,omitempty"`
	Source    string      `json:"source,omitempty"`
	Fields    []jsonField `json:"fields,omitempty"`
	Raw       string      `json:"raw,omitempty"`
	Pad       string      `json:"pad,omitempty"`
	Error     string      `json:"error,omitempty"`
}

func (o *jsonOut) auxBlock(i int, blk codec.AuxBlock, off, n, fieldsAt int) {
	a := auxJSON{Index: i, Offset: off, Size: n, Version: blk.Version, Type: uint8(blk.Type)}
	if bt := blk.BlockType(); bt != nil {
		a.TypeName, a.Structure, a.Source = blk.Type.String(), bt.Block.Type, bt.Block.Source
	}
	if blk.Data != nil {
		a.Fields = fieldsJSON(blk.Data, fieldsAt)
	}
	a.Raw, a.Pad = fmt.Sprintf("%X", blk.Raw), fmt.Sprintf("%X", blk.Pad)
	if blk.Err != nil {
		a.Error = errText(blk.Err)
	}
	o.j.item("", a)
}

func (o *jsonOut) auxStop(i, off int, err error) {
	o.j.close() // blocks
	js := stopJSON{Kind: "malformed", Offset: off, ErrorOffset: errOffset(err), Reason: errText(err)}
	var de *codec.DecodeError
	if errors.As(err, &de) {
		js.Field = de.Field
	}
	o.j.item("stop", js)
	o.blocksClosed = true
}

func (o *jsonOut) auxEnd() {
	if !o.blocksClosed {
		o.j.close()
	}
	o.blocksClosed = false
	o.j.close()
}

// httpJSON is the start line of an HTTP message.
type httpJSON struct {
	Method string `json:"method,omitempty"`
	Target string `json:"target,omitempty"`
	Proto  string `json:"proto,omitempty"`
	Status int    `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// responseCodeJSON is an X-ResponseCode with what a client does on it.
type responseCodeJSON struct {
	Value   uint32 `json:"value"`
	Name    string `json:"name,omitempty"`
	Action  string `json:"action"`
	Summary string `json:"summary"`
}

// formatJSON is the response format read before a response's body.
type formatJSON struct {
	Processing    bool          `json:"processing"`
	Pending       int           `json:"pending"`
	Done          bool          `json:"done"`
	Unknown       int           `json:"unknown_lines"`
	NoMetaTags    bool          `json:"no_meta_tags,omitempty"`
	Additional    []headerField `json:"additional_headers,omitempty"`
	ElapsedTimeMS int64         `json:"elapsed_time_ms,omitempty"`
	StartTime     string        `json:"start_time,omitempty"`
	Error         string        `json:"error,omitempty"`
}

// shapeNames name the body shapes in the JSON.
var shapeNames = [...]string{"request", "success", "failure", "diagnostic", "none", "not decoded", "absent"}

func (o *jsonOut) mapiBegin(key string, m *mapiMsg) {
	o.j.open(key, '{')
	o.j.item("kind", "mapihttp")
	o.j.item("direction", m.direction())
	if m.requestType != "" {
		o.j.item("request_type", m.requestType)
	}
	if m.typeFrom != "" {
		o.j.item("request_type_from", m.typeFrom)
	}
	if m.dirDetected {
		o.j.item("direction_detected", true)
	}
	if m.furthest {
		o.j.item("furthest", true)
	}
	if m.flagIgnored != "" {
		o.j.item("request_type_flag_ignored", m.flagIgnored)
	}
	if h := m.head; h != nil {
		o.j.item("http", httpJSON{Method: h.method, Target: h.target, Proto: h.proto, Status: h.status, Reason: h.reason})
		o.j.item("headers", append([]headerField{}, h.lines...))
	}
	if r := m.resp; r != nil {
		if r.HasResponseCode {
			a := errors.XResponseActionFor(r.ResponseCode)
			o.j.item("response_code", responseCodeJSON{uint32(r.ResponseCode), r.ResponseCode.Code().Name(), a.String(), a.Summary()})
		}
		f := formatJSON{Processing: r.Processing, Pending: r.Pending, Done: r.Done, Unknown: r.Unknown, NoMetaTags: m.noMetaTags,
			ElapsedTimeMS: r.ElapsedTime.Milliseconds(), StartTime: r.StartTime}
		for _, k := range slices.Sorted(maps.Keys(r.Additional)) {
			for _, v := range r.Additional[k] {
				f.Additional = append(f.Additional, headerField{headerName(k), v})
			}
		}
		if m.respErr != nil {
			f.Error = m.respErr.Error()
		}
		o.j.item("response_format", f)
	}
	o.j.open("body", '{')
	o.j.item("size", len(m.body))
	o.j.item("shape", shapeNames[m.shape])
	if m.msg != nil {
		o.j.item("type", m.msg.Info().Type)
	}
	if m.shape == shapeDiagnostic {
		o.j.item("text", string(m.body))
	}
	o.j.open("fields", '[')
}

func (o *jsonOut) mapiField(f codec.Field, off int) { o.j.item("", fieldJSON(f, off)) }

func (o *jsonOut) mapiBufferBegin(f codec.Field, off int) {
	b, _ := f.Value.([]byte)
	o.j.open("", '{')
	o.j.item("name", f.Name)
	o.j.item("type", "bytes")
	o.j.item("offset", off)
	o.j.item("size", len(b))
	o.j.item("hex", fmt.Sprintf("%X", b))
}

func (o *jsonOut) mapiBufferEnd() { o.j.close() }

func (o *jsonOut) mapiStop(m *mapiMsg, err error) {
	o.j.close() // fields
	o.fieldsClosed = true
	js := stopJSON{Kind: "malformed", Offset: 0, ErrorOffset: errOffset(err), Reason: errText(err)}
	var de *codec.DecodeError
	if errors.As(err, &de) {
		js.Field = de.Field
		if n := de.Offset; n > 0 && n <= len(m.body) {
			js.Read = fmt.Sprintf("%X", m.body[:n])
		}
	}
	o.j.item("stop", js)
}

func (o *jsonOut) mapiEnd(m *mapiMsg) {
	if !o.fieldsClosed {
		o.j.close()
	}
	o.fieldsClosed = false
	o.j.close() // body
	if len(m.also) > 0 {
		var as []alsoJSON
		for _, a := range m.also {
			as = append(as, alsoJSON{Kind: "mapihttp", Direction: map[bool]string{false: "request", true: "response"}[a.response], RequestType: a.requestType, Flags: a.flags()})
		}
		o.j.item("also", as)
	}
	o.j.close()
}

func (o *jsonOut) harBegin(h *harFile) {
	o.j.open("decoded", '{')
	o.j.item("kind", "har")
	if c := h.Log.Creator; c.Name != "" {
		o.j.item("creator", c)
	}
	o.j.open("entries", '[')
}

func (o *jsonOut) harEntry(e *harEntry) {
	o.j.open("", '{')
	o.j.item("index", e.index)
	if e.StartedDateTime != "" {
		o.j.item("started", e.StartedDateTime)
	}
	o.j.item("method", e.Request.Method)
	o.j.item("url", e.Request.URL)
	o.j.item("status", e.Response.Status)
	if e.skip != "" {
		o.j.item("skipped", e.skip)
	}
}

func (o *jsonOut) harEntryEnd() { o.j.close() }

func (o *jsonOut) harEnd() {
	o.j.close()
	o.j.close()
}

// protocolHeaders are the headers of [MS-OXCMAPIHTTP] 2.2.3.3, as the
// document spells them.
var protocolHeaders = append(slices.Clone(shownHeaders[1:]), mapihttp.HeaderResponseCode, mapihttp.HeaderElapsedTime, mapihttp.HeaderStartTime)

// headerName spells a canonical header name (X-Elapsedtime) as the
// document does (X-ElapsedTime) when it is a protocol header.
func headerName(k string) string {
	for _, p := range protocolHeaders {
		if textproto.CanonicalMIMEHeaderKey(p) == k {
			return p
		}
	}
	return k
}
