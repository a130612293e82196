package main

import (
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/session"
)

// The session view as JSON; the schema is in decodeUsage.

type (
	jsonCall struct {
		Index int          `json:"index"`
		In    []jsonBuffer `json:"in"`
		Out   []jsonBuffer `json:"out"`
		Pairs []jsonPair   `json:"pairs"`
		// Refused says why a MAPI/HTTP response carries no output buffer.
		Refused string `json:"refused,omitempty"`
		Error   string `json:"error,omitempty"`
	}
	jsonBuffer struct {
		From     string   `json:"from"`
		Carrier  string   `json:"carrier"`
		Payload  *int     `json:"payload,omitempty"`
		RopsSize int      `json:"rops_size"`
		Handles  []uint32 `json:"handles"`
		Stop     string   `json:"stop,omitempty"`
	}
	jsonPair struct {
		Index    int      `json:"index"`
		Request  *jsonROP `json:"request,omitempty"`
		Response *jsonROP `json:"response,omitempty"`
		On       string   `json:"on,omitempty"`
		Created  string   `json:"created,omitempty"`
		// ColumnCount is how many columns the response's rows were laid out
		// by: a count, not the list, which a pair would repeat for every
		// response on one table (quadratic output); each row value names its
		// column, and the list is in the request that set it (columns_from).
		ColumnCount *int   `json:"column_count,omitempty"`
		ColumnsFrom string `json:"columns_from,omitempty"`
		Note        string `json:"note,omitempty"`
		NoteKind    string `json:"note_kind,omitempty"`
	}
)

func (o *jsonOut) sessionBegin(buffers int, skipped []string) {
	o.j.open("session", '{')
	o.j.item("buffers", buffers)
	if len(skipped) > 0 {
		o.j.item("skipped", skipped)
	}
	o.j.open("calls", '[')
}

func (o *jsonOut) call(c *session.Call, in, out *operand, err error) {
	jc := jsonCall{Index: c.Index, In: []jsonBuffer{}, Out: []jsonBuffer{}, Pairs: []jsonPair{}}
	if err != nil {
		jc.Error = errText(err)
	}
	if out != nil && errors.As(out.err, new(*refusedError)) {
		jc.Refused = out.err.Error()
	}
	for i := range c.In {
		jc.In = append(jc.In, bufferJSON(in, i, &c.In[i]))
	}
	for i := range c.Out {
		jc.Out = append(jc.Out, bufferJSON(out, i, &c.Out[i]))
	}
	for i := range c.Pairs {
		jc.Pairs = append(jc.Pairs, pairJSON(i, &c.Pairs[i]))
	}
	o.j.item("", jc)
}

func (o *jsonOut) sessionEnd() {
	o.j.close()
	o.j.close()
}

// bufferJSON describes buffer i of a call's input or output buffers.
func bufferJSON(op *operand, i int, b *session.Buffer) jsonBuffer {
	jb := jsonBuffer{From: op.label, Carrier: op.how, RopsSize: len(b.RopsList), Handles: append([]uint32{}, b.Handles...)}
	if op.framed > 0 {
		idx := i
		jb.Payload = &idx
	}
	if b.Err != nil {
		jb.Stop = errText(b.Err)
	}
	return jb
}

// pairJSON describes pair i of a call.
func pairJSON(i int, p *session.Pair) jsonPair {
	jp := jsonPair{Index: i, NoteKind: noteKind(p.Err)}
	if p.Request != nil {
		r := ropJSON(p.Request, 0, p.RequestOffset, p.RequestSize)
		jp.Request = &r
	}
	if p.Response != nil {
		r := ropJSON(p.Response, 0, p.ResponseOffset, p.ResponseSize)
		jp.Response = &r
		if p.Columns != nil {
			n := len(p.Columns)
			jp.ColumnCount, jp.ColumnsFrom = &n, p.Response.Info().Columns
		}
	}
	if p.Object != nil {
		jp.On = p.Object.String()
	}
	if p.Created != nil {
		jp.Created = p.Created.String()
	}
	if p.Err != nil {
		jp.Note = p.Err.Error()
	}
	return jp
}
