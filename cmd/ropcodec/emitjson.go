package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// jsonOut writes what decode finds as one JSON object, a ROP at a time; the
// schema is in decodeUsage.
type jsonOut struct {
	j jsonStream
	// ropsOpen is set while the "rops" array of a reading is open.
	ropsOpen bool
	// blocksClosed and fieldsClosed are set when a stop closed the
	// "blocks" array of AUX blocks or the "fields" array of a MAPI/HTTP
	// body early.
	blocksClosed, fieldsClosed bool
}

func newJSONOut(w *errWriter) *jsonOut {
	o := &jsonOut{j: jsonStream{w: w}}
	o.j.open("", '{')
	return o
}

func (o *jsonOut) err() error { return o.j.w.(*errWriter).first }

func (o *jsonOut) input(in input) {
	body := ""
	if in.format == formatHTTP && in.body != formatHTTP {
		body = in.body.String()
	}
	o.j.item("input", struct {
		Format string `json:"format"`
		Size   int    `json:"size"`
		Body   string `json:"body_format,omitempty"`
	}{in.format.String(), in.length(), body})
}

func (o *jsonOut) rpcBegin(off, size, count int) {
	o.j.open("decoded", '{')
	o.j.item("kind", "rpc")
	o.j.item("offset", off)
	o.j.item("size", size)
	o.j.open("payloads", '[')
}

func (o *jsonOut) payloadBegin(i int, p codec.Payload, off, dataOff int) {
	h := p.Header
	o.j.open("", '{')
	o.j.item("index", i)
	o.j.item("header_offset", off)
	o.j.item("data_offset", dataOff)
	o.j.item("version", h.Version)
	o.j.item("flags", h.Flags)
	o.j.item("flag_names", h.Flags.String())
	o.j.item("size", h.Size)
	o.j.item("size_actual", h.SizeActual)
	o.j.item("compressed", h.Flags&codec.HeaderCompressed != 0)
	o.j.item("xor_magic", h.Flags&codec.HeaderXorMagic != 0)
}

func (o *jsonOut) payloadEnd() { o.j.close() }

func (o *jsonOut) rpcEnd() {
	o.j.close()
	o.j.close()
}

func (o *jsonOut) failed(title string, size, base int, err error) {
	kind := "rpc"
	switch {
	case strings.HasPrefix(title, "ROP"):
		kind = "buffer"
	case strings.HasPrefix(title, "HTTP"):
		kind = "mapihttp"
	}
	o.j.open("decoded", '{')
	o.j.item("kind", kind)
	o.j.item("offset", base)
	o.j.item("size", size)
	o.j.item("stop", stopJSON{Kind: "malformed", Offset: base, ErrorOffset: max(errOffset(err), 0), Reason: errText(err)})
	o.j.close()
}

func (o *jsonOut) ropsBegin(r *reading) {
	o.j.open("decoded", '{')
	o.j.item("kind", r.kind.name())
	if r.undirected {
		o.j.item("direction", "unknown")
	} else {
		o.j.item("direction", r.direction())
	}
	o.j.item("offset", r.base)
	o.j.item("size", r.size)
	if r.kind == kindBuffer {
		o.j.item("rops_offset", r.listOff)
		o.j.item("rops_size", len(r.list))
	}
	o.j.open("rops", '[')
	o.ropsOpen = true
}

func (o *jsonOut) rop(r *reading, i int, rop codec.ROP, off, n int, doubt string) {
	jr := ropJSON(rop, i, r.listOff+off, n)
	jr.Doubt = doubt
	o.j.item("", jr)
}

func (o *jsonOut) ropsStop(r *reading, i int, st *stop) {
	if st.kind == stopDoubt && st.rop != nil {
		o.rop(r, i, st.rop, st.off, st.n, st.doubt)
	}
	o.j.close() // rops
	o.ropsOpen = false
	js := stopJSON{
		Kind:   [...]string{"unsupported", "malformed", "trailing", "doubt"}[st.kind],
		Offset: r.listOff + st.off,
		Reason: st.text(r),
	}
	if st.kind == stopMalformed || st.kind == stopTrailing {
		js.ErrorOffset = errOffset(st.err)
	}
	if st.kind != stopTrailing {
		id := r.list[st.off]
		js.RopID = &id
		if ri := codec.LookupROP(id); ri != nil {
			js.ROP = ri.Name
		}
	}
	if st.kind == stopMalformed {
		var de *codec.DecodeError
		if errors.As(st.err, &de) {
			js.Field = de.Field
		}
		at := r.listOff + st.off
		if n := errOffset(st.err) - at; n > 0 && st.off+n <= len(r.list) {
			js.Read = fmt.Sprintf("%X", r.list[st.off:st.off+n])
			for _, f := range decodedFields(st, at) {
				js.Fields = append(js.Fields, f.label)
			}
		}
	}
	o.j.item("stop", js)
}

func (o *jsonOut) ropsEnd(r *reading, also []*reading) {
	if o.ropsOpen {
		o.j.close()
		o.ropsOpen = false
	}
	if r.kind == kindBuffer {
		o.j.item("handles", append([]uint32{}, r.handles...))
	}
	if len(also) > 0 {
		var as []alsoJSON
		for _, a := range also {
			aj := alsoJSON{Kind: a.kind.name(), Direction: a.direction(), Flags: a.flags()}
			if a.kind == kindAux {
				aj.Direction = ""
			}
			as = append(as, aj)
		}
		o.j.item("also", as)
	}
	o.j.close()
}

func (o *jsonOut) end(problem string) {
	if problem != "" {
		o.j.item("error", problem)
	}
	o.j.close()
	io.WriteString(o.j.w, "\n")
}

// stopJSON is where a reading stopped; see decodeUsage.
type stopJSON struct {
	Kind        string   `json:"kind"`
	Offset      int      `json:"offset"`
	RopID       *uint8   `json:"rop_id,omitempty"`
	ROP         string   `json:"rop,omitempty"`
	Field       string   `json:"field,omitempty"`
	ErrorOffset int      `json:"error_offset,omitempty"`
	Reason      string   `json:"reason"`
	Fields      []string `json:"decoded_fields,omitempty"`
	Read        string   `json:"read,omitempty"`
}

type alsoJSON struct {
	Kind        string `json:"kind"`
	Direction   string `json:"direction,omitempty"`
	RequestType string `json:"request_type,omitempty"`
	Flags       string `json:"flags"`
}

// jsonStream writes JSON a member at a time, indented by two spaces as
// json.MarshalIndent does, so that a long list of ROPs streams out.
type jsonStream struct {
	w      io.Writer
	closer []byte // the closing bracket of each open container
	empty  []bool // whether each open container has no member yet
	buf    bytes.Buffer
	encs   []*json.Encoder // an encoder into buf for each depth
}

// sep starts a member of the innermost container.
func (j *jsonStream) sep(key string) {
	if n := len(j.empty); n > 0 {
		if !j.empty[n-1] {
			io.WriteString(j.w, ",")
		}
		j.empty[n-1] = false
		io.WriteString(j.w, "\n"+strings.Repeat("  ", n))
	}
	if key != "" {
		k, _ := json.Marshal(key)
		j.w.Write(k)
		io.WriteString(j.w, ": ")
	}
}

// open starts a container, '{' or '[', as the member key ("" in an array
// and at the top).
func (j *jsonStream) open(key string, bracket byte) {
	j.sep(key)
	j.w.Write([]byte{bracket})
	j.closer = append(j.closer, bracket+2) // '{'+2 is '}', '['+2 is ']'
	j.empty = append(j.empty, true)
}

// close ends the innermost container.
func (j *jsonStream) close() {
	c := j.closer[len(j.closer)-1]
	j.closer = j.closer[:len(j.closer)-1]
	n := len(j.empty)
	if !j.empty[n-1] {
		io.WriteString(j.w, "\n"+strings.Repeat("  ", n-1))
	}
	j.empty = j.empty[:n-1]
	j.w.Write([]byte{c})
}

// item writes one member.
func (j *jsonStream) item(key string, v any) {
	j.sep(key)
	depth := len(j.empty)
	for len(j.encs) <= depth {
		enc := json.NewEncoder(&j.buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent(strings.Repeat("  ", len(j.encs)), "  ")
		j.encs = append(j.encs, enc)
	}
	j.buf.Reset()
	if err := j.encs[depth].Encode(v); err != nil {
		// Every value written is of a type encoding/json takes; should
		// one not be, the output stays JSON and says so.
		j.buf.Reset()
		j.encs[depth].Encode(fmt.Sprintf("unwritable: %v", err))
	}
	j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}
