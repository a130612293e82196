package main

import (
	"fmt"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// textOut writes what decode finds as an outline (see node), a ROP at a
// time.
type textOut struct {
	w      *errWriter
	indent int   // where the next block's title goes
	saved  []int // indents to return to at the end of a block
	// started is set once anything of the reading being shown was written.
	started bool
	// leftOver is the one ROP of --as rop, held back until the bytes left
	// over after it are added to its fields.
	leftOver *node
	// bodyLW is the label width of the fields of the MAPI/HTTP body being
	// shown.
	bodyLW int
}

func (t *textOut) err() error { return t.w.first }

func (t *textOut) push(indent int) {
	t.saved = append(t.saved, t.indent)
	t.indent = indent
}

func (t *textOut) pop() {
	t.indent = t.saved[len(t.saved)-1]
	t.saved = t.saved[:len(t.saved)-1]
}

func (t *textOut) input(in input) {
	switch {
	case in.format == formatHTTP && in.body == formatHTTP:
		fmt.Fprintf(t.w, "Input: %s read as %s, without a body\n", plural(in.length(), "byte", "bytes"), in.format)
	case in.format == formatHTTP && in.body == formatBinary:
		fmt.Fprintf(t.w, "Input: %s read as %s, body as it is\n", plural(in.length(), "byte", "bytes"), in.format)
	case in.format == formatHTTP:
		fmt.Fprintf(t.w, "Input: %s read as %s, body in %s\n", plural(in.length(), "byte", "bytes"), in.format, in.body)
	case in.format != formatHex:
		fmt.Fprintf(t.w, "Input: %s read as %s\n", plural(in.length(), "byte", "bytes"), in.format)
	}
}

func (t *textOut) rpcBegin(off, size, count int) {
	at := ""
	if off != 0 {
		at = fmt.Sprintf(" at offset %d", off)
	}
	render(t.w, node{title: fmt.Sprintf("RPC_HEADER_EXT-framed payloads (%d bytes%s): %s", size, at, plural(count, "payload", "payloads"))}, t.indent)
}

func (t *textOut) payloadBegin(i int, p codec.Payload, off, dataOff int) {
	h := p.Header
	var pn node
	pn.add("Version", fmt.Sprintf("0x%04X", h.Version))
	pn.addLit("Flags", flagText(uint64(h.Flags), 4, h.Flags.String()))
	what := plural(len(p.Data), "byte", "bytes")
	if h.Flags&codec.HeaderCompressed != 0 {
		pn.add("Size -> SizeActual", fmt.Sprintf("%d -> %d bytes, compressed to %s", h.Size, h.SizeActual, ratio(h.Size, h.SizeActual)))
		what += " decompressed; offsets below count from its start"
	} else {
		pn.add("Size", fmt.Sprintf("%d", h.Size))
		pn.add("SizeActual", fmt.Sprintf("%d", h.SizeActual))
	}
	if h.Flags&codec.HeaderXorMagic != 0 {
		what += ", XorMagic undone"
	}
	pn.add("Payload", what)
	entry := field{label: index(i), value: fmt.Sprintf("RPC_HEADER_EXT at offset %d, payload at offset %d", off, dataOff)}
	renderField(t.w, entry, t.indent+2, labelWidth([]field{entry}))
	renderFields(t.w, pn.f, t.indent+4)
	t.push(t.indent + 6)
}

// ratio gives part of whole as a percentage.
func ratio(part, whole uint16) string {
	if whole == 0 {
		return "0%"
	}
	return fmt.Sprintf("%d%%", (int(part)*100+int(whole)/2)/int(whole))
}

func (t *textOut) payloadEnd() { t.pop() }
func (t *textOut) rpcEnd()     {}

func (t *textOut) failed(title string, size, base int, err error) {
	at := ""
	if base != 0 {
		at = fmt.Sprintf(" at offset %d", base)
	}
	why := fmt.Sprintf("bad input at offset %d", errOffset(err))
	if errOffset(err) < 0 {
		why = err.Error()
	}
	render(t.w, node{title: fmt.Sprintf("%s (%d bytes%s): %s", title, size, at, why)}, t.indent)
}

// heading is the title of a reading with its size and place.
func (t *textOut) heading(r *reading) string {
	if r.base != 0 {
		return fmt.Sprintf("%s (%d bytes at offset %d)", r.title(), r.size, r.base)
	}
	return fmt.Sprintf("%s (%d bytes)", r.title(), r.size)
}

// bufferLabels are the labels of a buffer's fields, aligned together.
var bufferLabels = []field{{label: "RopsList", value: "-"}, {label: "ServerObjectHandleTable", value: "-"}}

func (t *textOut) ropsBegin(r *reading) {
	t.started = false
	if r.kind == kindBuffer {
		render(t.w, node{title: t.heading(r)}, t.indent)
		f := field{label: "RopsList", value: fmt.Sprintf("%s at offset %d", plural(len(r.list), "byte", "bytes"), r.listOff)}
		renderField(t.w, f, t.indent+2, labelWidth(bufferLabels))
		t.started = true
	}
}

// entryIndent is where the ROPs of r go.
func (t *textOut) entryIndent(r *reading) int {
	if r.kind == kindBuffer {
		return t.indent + 4
	}
	return t.indent + 2
}

func (t *textOut) rop(r *reading, i int, rop codec.ROP, off, n int, doubt string) {
	rn := ropNode(rop, r.listOff+off)
	if doubt != "" {
		rn.add("Doubt", doubt)
	}
	if !t.started && r.kind != kindBuffer && off == 0 && (n == len(r.list) || r.kind == kindROP) {
		// One ROP: its fields right under its title.
		rn.title += fmt.Sprintf(" (RopId 0x%02X, %d bytes)", rop.RopID(), n)
		if n < len(r.list) {
			rn.title = strings.Replace(rn.title, fmt.Sprintf("%d bytes", n), fmt.Sprintf("%d of %d bytes", n, len(r.list)), 1)
		}
		if r.base != 0 {
			rn.title += fmt.Sprintf(" at offset %d", r.base)
		}
		t.started = true
		if n < len(r.list) {
			t.leftOver = &rn
			return
		}
		render(t.w, rn, t.indent)
		return
	}
	t.listHeading(r)
	title := rn.title
	rn.title = ""
	entry := field{
		label: index(i),
		value: fmt.Sprintf("%s (RopId 0x%02X, %d bytes at offset %d)", title, rop.RopID(), n, r.listOff+off),
		kids:  []node{rn},
	}
	renderField(t.w, entry, t.entryIndent(r), labelWidth([]field{entry}))
}

// listHeading writes the title of a RopsList before its first ROP.
func (t *textOut) listHeading(r *reading) {
	if !t.started {
		render(t.w, node{title: t.heading(r)}, t.indent)
		t.started = true
	}
}

func (t *textOut) ropsStop(r *reading, i int, st *stop) {
	if st.kind == stopDoubt && st.rop != nil {
		t.rop(r, i, st.rop, st.off, st.n, st.doubt)
		return
	}
	sn := stopNode(r, st, !t.started && r.kind != kindBuffer)
	switch {
	case t.leftOver != nil:
		// --as rop with bytes left over: those bytes, under the ROP.
		t.leftOver.f = append(t.leftOver.f, field{label: "Left over", value: sn.title, kids: []node{{f: sn.f}}})
		render(t.w, *t.leftOver, t.indent)
		t.leftOver = nil
	case !t.started && r.kind != kindBuffer:
		render(t.w, sn, t.indent)
		t.started = true
	default:
		t.listHeading(r)
		f := field{label: index(i), value: sn.title, kids: []node{{f: sn.f}}}
		renderField(t.w, f, t.entryIndent(r), labelWidth([]field{f}))
	}
}

func (t *textOut) ropsEnd(r *reading, also []*reading) {
	if t.leftOver != nil {
		render(t.w, *t.leftOver, t.indent)
		t.leftOver = nil
	}
	if r.kind == kindBuffer {
		var hn node
		for i, v := range r.handles {
			hn.f = append(hn.f, field{label: index(i), value: fmt.Sprintf("0x%08X", v)})
		}
		f := field{label: "ServerObjectHandleTable", value: plural(len(r.handles), "handle", "handles"), kids: []node{hn}}
		renderField(t.w, f, t.indent+2, labelWidth(bufferLabels))
	}
	for _, a := range also {
		f := field{label: "Also decodes as", value: fmt.Sprintf("%s (%s)", a.title(), a.flags())}
		renderField(t.w, f, t.indent, labelWidth([]field{f}))
	}
}

func (t *textOut) end(string) {}

// stopNode describes the ROP at which a reading stopped: its RopId, where
// the bad byte is, and the bytes of the ROP before it. top is set when the
// ROP is the whole display rather than an element of a list.
func stopNode(r *reading, st *stop, top bool) node {
	at := r.listOff + st.off
	var t node
	if st.kind == stopTrailing {
		t.title = fmt.Sprintf("%s after the ROP, at offset %d", plural(len(r.list)-st.off, "byte", "bytes"), at)
		t.addKids("Bytes", "", hexDump(r.list[st.off:], at)...)
		return t
	}
	id := r.list[st.off]
	name := ropName(id) + " " + r.direction()
	if codec.LookupROP(id) == nil {
		name = ropName(id)
	}
	problem := fmt.Sprintf("bad input at offset %d", errOffset(st.err))
	if st.kind == stopUnsupported {
		problem = "not a ROP this command decodes"
		if codec.LookupROP(id) != nil {
			problem = fmt.Sprintf("no %s layout in this command", r.direction())
		}
	} else if st.kind == stopDoubt {
		problem = st.doubt
	}
	if top {
		t.title = fmt.Sprintf("%s (%d bytes): %s", name, len(r.list), problem)
	} else {
		t.title = fmt.Sprintf("%s at offset %d: %s", name, at, problem)
	}
	if st.kind != stopMalformed {
		return t
	}
	if n := errOffset(st.err) - at; n > 0 && st.off+n <= len(r.list) {
		if fs := decodedFields(st, at); len(fs) > 0 {
			t.addKids("Decoded before the bad byte", "", node{f: fs})
		}
		t.addKids("Read before the bad byte", plural(n, "byte", "bytes"), hexDump(r.list[st.off:st.off+n], at)...)
	}
	return t
}

// decodedFields returns the fields of the ROP that failed, which starts at
// offset at of the input, that come before the field the error names, or
// nothing when the error names no field the description shows (a size
// field, say), since later fields hold no data.
func decodedFields(st *stop, at int) []field {
	var de *codec.DecodeError
	if st.rop == nil || !errors.As(st.err, &de) {
		return nil
	}
	fs := ropNode(st.rop, at).f
	for i, f := range fs {
		if f.label == de.Field {
			return fs[:i]
		}
	}
	return nil
}
