package main

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/session"
)

// The session view as text: a call at a time, its buffers, then its pairs,
// each the request and the response with their fields and what the session
// says of them.

func (t *textOut) sessionBegin(buffers int, skipped []string) {
	n := node{title: fmt.Sprintf("Session of %s, %s; offsets count from the start of each RopsList",
		plural(buffers, "buffer", "buffers"), plural((buffers+1)/2, "call", "calls"))}
	for _, s := range skipped {
		n.add("Skipped", s)
	}
	render(t.w, n, t.indent)
}

func (t *textOut) call(c *session.Call, in, out *operand, err error) {
	n := node{title: fmt.Sprintf("Call %d", c.Index)}
	for i := range c.In {
		n.add("Input", bufferText(in, i, &c.In[i]))
	}
	for i := range c.Out {
		n.add("Output", bufferText(out, i, &c.Out[i]))
	}
	if len(c.In) == 0 {
		n.add("Input", noBuffer(in, "input"))
	}
	switch {
	case out == nil:
		n.add("Output", "none: the buffers end with this call's input buffer")
	case len(c.Out) == 0:
		n.add("Output", noBuffer(out, "output"))
	}
	if err != nil {
		n.add("Error", errText(err))
	}
	for i := range c.Pairs {
		n.f = append(n.f, pairField(i, &c.Pairs[i]))
	}
	render(t.w, n, t.indent+2)
}

func (t *textOut) sessionEnd() {}

// pairField renders pair i: its request and its response, each titled and
// with its fields, then the notes.
func pairField(i int, p *session.Pair) field {
	f := field{label: index(i)}
	if p.Request != nil {
		f.kids = append(f.kids, sessionROPNode(p.Request, p.RequestOffset, p.RequestSize))
	}
	if p.Response != nil {
		f.kids = append(f.kids, sessionROPNode(p.Response, p.ResponseOffset, p.ResponseSize))
	}
	if notes := pairNotes(p); len(notes) > 0 {
		f.kids = append(f.kids, node{f: notes})
	}
	return f
}

// sessionROPNode describes a ROP of a pair, at offset off of its RopsList.
func sessionROPNode(rop codec.ROP, off, n int) node {
	rn := ropNode(rop, off)
	rn.title += fmt.Sprintf(" (RopId 0x%02X, %d bytes at offset %d)", rop.RopID(), n, off)
	return rn
}

// noBuffer says that op carries no input or output buffer, and why when it
// is a refusal rather than bad input (which the call's error says).
func noBuffer(op *operand, which string) string {
	s := fmt.Sprintf("%s carries no %s buffer", op.label, which)
	if errors.As(op.err, new(*refusedError)) {
		s += ": " + op.err.Error()
	}
	return s
}
