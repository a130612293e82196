package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
)

const decodeUsage = `Usage: ropcodec decode [--as rpc|buffer|list|rop] [--request|--response]
                       HEX|-|@FILE
       ropcodec decode --example NAME

Decodes ROP bytes and prints every field by name: flag names, the folder
names of FolderIds, GUIDs in registry form, LogonTime as a date, return values
by name, and the logon action of a RopLogon response.

Input: hex bytes as arguments, - for standard input, or @FILE. Spaces, line
breaks, colons, commas, hyphens and 0x prefixes are ignored, and # starts a
comment that runs to the end of the line. --example NAME decodes one of the
examples built into the command (see: ropcodec example).

What the bytes are is detected in this order; the first reading that decodes
the whole input wins:
  1. rpc     RPC_HEADER_EXT-framed payloads (rgbIn/rgbOut of EcDoRpcExt2),
             XorMagic undone; each payload is then read as below, from 2
  2. buffer  a ROP input or output buffer: RopSize, RopsList, handle table
  3. list    a RopsList: ROPs one after another; a single ROP is a list of one
A RopsList is read as responses first, then as requests. When no reading
decodes the whole input, the command shows where the likeliest one failed:
the RPC framing when the input starts with an RPC_HEADER_EXT of Version 0;
otherwise, among the buffer and RopsList readings, one that met no RopId
without a decoder, then the one that decoded more ROPs, then the first in
the order above.

Flags:
  --as rpc|buffer|list|rop  read the input only that way (rop: exactly one ROP)
  --request, --response     read ROPs only as requests or only as responses
  --example NAME            decode a built-in example instead of input

Offsets count bytes from the start of the input, in decimal. On malformed
input the command prints what did decode, then writes the offset of the
first bad byte and the reason to standard error.

Exit status: 0 decoded, 1 malformed input, 2 usage error (including bad hex).
`

// decodeOptions are the flags of the decode subcommand.
type decodeOptions struct {
	as  string // "", "rpc", "buffer", "list" or "rop"
	dir dir
}

// dir says whether ROPs are read as requests, responses, or either.
type dir uint8

const (
	dirAuto dir = iota
	dirRequest
	dirResponse
)

func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var opt decodeOptions
	var example string
	p := argParser{args: args}
	for p.next() {
		switch p.flag {
		case "":
			p.operands = append(p.operands, p.arg)
		case "h", "help":
			fmt.Fprint(stdout, decodeUsage)
			return 0
		case "as":
			v, ok := p.value()
			if !ok {
				return usage(stderr, "decode", "--as needs a value: rpc, buffer, list or rop")
			}
			switch v {
			case "rpc", "buffer", "list", "rop":
				opt.as = v
			default:
				return usage(stderr, "decode", fmt.Sprintf("--as %s: want rpc, buffer, list or rop", v))
			}
		case "request", "response":
			if p.hasValue {
				return usage(stderr, "decode", fmt.Sprintf("--%s takes no value", p.flag))
			}
			d := dirRequest
			if p.flag == "response" {
				d = dirResponse
			}
			if opt.dir != dirAuto && opt.dir != d {
				return usage(stderr, "decode", "--request and --response exclude each other")
			}
			opt.dir = d
		case "example":
			v, ok := p.value()
			if !ok {
				return usage(stderr, "decode", "--example needs a name; "+exampleNames())
			}
			example = v
		default:
			return usage(stderr, "decode", fmt.Sprintf("unknown flag %s", p.arg))
		}
	}
	var b []byte
	if example != "" {
		if len(p.operands) > 0 {
			return usage(stderr, "decode", "--example takes no input operands")
		}
		ex, ok := findExample(example)
		if !ok {
			return usage(stderr, "decode", fmt.Sprintf("no example %q; %s", example, exampleNames()))
		}
		var err error
		if b, err = parseHex(ex.hex); err != nil {
			panic("example " + ex.name + ": " + err.Error()) // caught by TestExamples
		}
	} else {
		var err error
		if b, err = readHexInput(p.operands, stdin); err != nil {
			return usage(stderr, "decode", err.Error())
		}
	}
	n, err := decode(b, opt)
	render(stdout, n, 0)
	if err != nil {
		fmt.Fprintf(stderr, "ropcodec decode: %s\n", errText(err))
		return 1
	}
	return 0
}

// decode reads b as opt says, or by the detection order of decodeUsage. It
// returns what decoded and the first failure, whose offset counts from the
// start of b.
func decode(b []byte, opt decodeOptions) (node, error) {
	if opt.as == "" || opt.as == "rpc" {
		payloads, err := codec.DecodeRPCPayloads(b)
		if err == nil {
			return rpcNode(b, payloads, opt)
		}
		if opt.as == "rpc" || looksRPC(b) {
			return node{title: fmt.Sprintf("RPC_HEADER_EXT-framed payloads (%d bytes): bad input at offset %d", len(b), errOffset(err))}, err
		}
	}
	return decodeROPs(b, 0, opt)
}

// looksRPC reports whether b starts with an RPC_HEADER_EXT whose Version is
// the only one allowed: then a failure of the framing is reported as such,
// not as a ROP buffer that happens to start with RopSize 0.
func looksRPC(b []byte) bool {
	h, _, err := codec.DecodeRPCHeaderExt(b)
	return err == nil && h.Version == codec.RPCHeaderExtVersion
}

// rpcNode describes RPC_HEADER_EXT-framed payloads, each payload decoded as
// ROPs.
func rpcNode(b []byte, payloads []codec.Payload, opt decodeOptions) (node, error) {
	t := node{title: fmt.Sprintf("RPC_HEADER_EXT-framed payloads (%d bytes): %s", len(b), plural(len(payloads), "payload", "payloads"))}
	sub := opt
	sub.as = ""
	var first error
	off := 0
	for i, p := range payloads {
		h := p.Header
		var pn node
		pn.add("Version", fmt.Sprintf("0x%04X", h.Version))
		pn.addLit("Flags", flagText(uint64(h.Flags), 4, h.Flags.String()))
		pn.add("Size", fmt.Sprintf("%d", h.Size))
		pn.add("SizeActual", fmt.Sprintf("%d", h.SizeActual))
		dataOff := off + int(codec.RPCHeaderExtSize)
		what := plural(len(p.Data), "byte", "bytes")
		if h.Flags&codec.HeaderXorMagic != 0 {
			what += ", XorMagic undone"
		}
		dn, err := decodeROPs(p.Data, dataOff, sub)
		pn.addKids("Payload", what, dn)
		if err != nil && first == nil {
			first = err
		}
		t.f = append(t.f, field{
			label: index(i),
			value: fmt.Sprintf("RPC_HEADER_EXT at offset %d, payload at offset %d", off, dataOff),
			kids:  []node{pn},
		})
		off = dataOff + len(p.Data)
		if err != nil {
			break
		}
	}
	return t, first
}

// decodeROPs reads b, found at offset base of the input, as a ROP buffer, a
// RopsList or a single ROP, as opt says or by detection.
func decodeROPs(b []byte, base int, opt decodeOptions) (node, error) {
	dirs := []bool{true, false} // responses first
	switch opt.dir {
	case dirRequest:
		dirs = []bool{false}
	case dirResponse:
		dirs = []bool{true}
	}
	var cands []reading
	if opt.as == "" || opt.as == "buffer" {
		var rb codec.ROPBuffer
		if err := rb.UnmarshalBinary(b); err != nil {
			if opt.as == "buffer" {
				err = shift(err, base)
				return node{title: fmt.Sprintf("ROP buffer (%d bytes): bad input at offset %d", len(b), errOffset(err))}, err
			}
		} else {
			// The RopsList ends where the handle table, the rest of the
			// buffer, begins.
			listOff := base + len(b) - 4*len(rb.ServerObjectHandleTable) - len(rb.RopsList)
			for _, resp := range dirs {
				r := reading{kind: "buffer", buf: rb, size: len(b), base: base, w: walk(rb.RopsList, listOff, resp, 0)}
				if r.w.err == nil {
					return r.node(), nil
				}
				cands = append(cands, r)
			}
		}
	}
	if opt.as == "" || opt.as == "list" || opt.as == "rop" {
		limit := 0
		if opt.as == "rop" {
			limit = 1
		}
		for _, resp := range dirs {
			r := reading{kind: opt.as, size: len(b), base: base, w: walk(b, base, resp, limit)}
			if r.w.err == nil {
				return r.node(), nil
			}
			cands = append(cands, r)
		}
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.better(best) {
			best = c
		}
	}
	return best.node(), best.w.err
}

// reading is one way of reading bytes as ROPs.
type reading struct {
	kind string // "buffer", "list", "rop" (--as rop) or "" (detected)
	buf  codec.ROPBuffer
	size int // bytes read
	base int // offset of those bytes in the input
	w    walked
}

// better reports whether r, a failed reading, is likelier than o, another
// one: one that met a RopId it cannot decode is wrong; then the one that
// decoded more ROPs wins; on a tie the earlier reading stays.
func (r reading) better(o reading) bool {
	if r.w.unsupported != o.w.unsupported {
		return !r.w.unsupported
	}
	return len(r.w.rops) > len(o.w.rops)
}

func (r reading) node() node {
	what := "responses"
	if !r.w.responses {
		what = "requests"
	}
	switch {
	case r.kind == "buffer":
		kind := "output"
		if !r.w.responses {
			kind = "input"
		}
		h := r.buf.ServerObjectHandleTable
		t := node{title: fmt.Sprintf("ROP %s buffer (%d bytes): %s, %s", kind, r.size,
			plural(len(r.w.rops), what[:len(what)-1], what), plural(len(h), "handle", "handles"))}
		if r.w.err != nil {
			t.title = fmt.Sprintf("ROP %s buffer (%d bytes): bad input at offset %d", kind, r.size, errOffset(r.w.err))
		}
		if r.base != 0 {
			t.title = strings.Replace(t.title, " bytes)", fmt.Sprintf(" bytes at offset %d)", r.base), 1)
		}
		t.addKids("RopsList", fmt.Sprintf("%s at offset %d", plural(len(r.buf.RopsList), "byte", "bytes"), r.w.base), r.w.kids())
		var hn node
		for i, v := range h {
			hn.f = append(hn.f, field{label: index(i), value: fmt.Sprintf("0x%08X", v)})
		}
		t.addKids("ServerObjectHandleTable", plural(len(h), "handle", "handles"), hn)
		return t
	case len(r.w.rops) == 1 && r.w.err == nil:
		d := r.w.rops[0]
		t := ropNode(d.rop, d.off)
		t.title += fmt.Sprintf(" (RopId 0x%02X, %d bytes)", d.rop.RopID(), d.n)
		if r.base != 0 {
			t.title = fmt.Sprintf("%s at offset %d", t.title, r.base)
		}
		return t
	case len(r.w.rops) == 0 && r.w.err != nil:
		t := r.w.failedNode(true)
		if r.base != 0 {
			t.title = fmt.Sprintf("%s, at offset %d", t.title, r.base)
		}
		return t
	case r.kind == "rop" && len(r.w.rops) == 1:
		// --as rop with bytes left over: the ROP, then those bytes.
		d := r.w.rops[0]
		t := ropNode(d.rop, d.off)
		t.title += fmt.Sprintf(" (RopId 0x%02X, %d of %d bytes)", d.rop.RopID(), d.n, r.size)
		f := r.w.failedNode(false)
		t.f = append(t.f, field{label: "Left over", value: f.title, kids: []node{{f: f.f}}})
		return t
	}
	t := node{title: fmt.Sprintf("RopsList of %s (%d bytes)", plural(len(r.w.rops), what[:len(what)-1], what), r.size)}
	if r.w.err != nil {
		t.title = fmt.Sprintf("RopsList read as %s (%d bytes): bad input at offset %d", what, r.size, errOffset(r.w.err))
	}
	t.f = r.w.kids().f
	return t
}

// walked is the result of reading a RopsList ROP by ROP.
type walked struct {
	list      []byte
	base      int // offset of list in the input
	responses bool
	rops      []decodedROP
	err       error // the first failure, offset counted in the input
	failOff   int   // offset in the input of the ROP that failed
	// unsupported is set when the walk stopped at a RopId it has no decoder
	// for, which suggests reading the bytes another way.
	unsupported bool
	// partial is the ROP that failed, with the fields decoded before the
	// bad one, when the codec could tell its shape.
	partial codec.ROP
}

type decodedROP struct {
	rop    codec.ROP
	off, n int // offset in the input and size
}

// walk decodes the ROPs of list, found at offset base of the input, as
// responses or requests, at most limit of them (0: all). With a limit, bytes
// after the last ROP are an error.
func walk(list []byte, base int, responses bool, limit int) walked {
	w := walked{list: list, base: base, responses: responses}
	if responses {
		walkWith(&w, codec.WalkResponses(list), limit)
	} else {
		walkWith(&w, codec.WalkRequests(list), limit)
	}
	return w
}

// walkWith reads the ROPs of w.list with the codec's walker cw, which says
// where each one lies and, at a failure, gives the partial ROP.
func walkWith[R codec.ROP](w *walked, cw *codec.Walker[R], limit int) {
	for {
		if off := cw.InputOffset(); limit > 0 && len(w.rops) == limit && off < len(w.list) {
			w.failOff = w.base + off
			w.err = &codec.DecodeError{Offset: w.base + off, Err: fmt.Errorf("%w (%d bytes)", codec.ErrTrailingBytes, len(w.list)-off)}
			return
		}
		if !cw.Next() {
			break
		}
		w.rops = append(w.rops, decodedROP{rop: cw.ROP(), off: w.base + cw.Offset(), n: cw.Size()})
	}
	if err := cw.Err(); err != nil {
		w.failOff = w.base + cw.Offset()
		w.err = shift(err, w.base)
		w.unsupported = errors.Is(err, codec.ErrUnsupportedROP)
		w.partial = cw.ROP()
	}
}

// kids lists the decoded ROPs, then the one that failed.
func (w walked) kids() node {
	var t node
	for i, d := range w.rops {
		rn := ropNode(d.rop, d.off)
		title := rn.title
		rn.title = ""
		t.f = append(t.f, field{
			label: index(i),
			value: fmt.Sprintf("%s (RopId 0x%02X, %d bytes at offset %d)", title, d.rop.RopID(), d.n, d.off),
			kids:  []node{rn},
		})
	}
	if w.err != nil {
		f := w.failedNode(false)
		t.f = append(t.f, field{label: index(len(w.rops)), value: f.title, kids: []node{{f: f.f}}})
	}
	return t
}

// failedNode describes the ROP at which the walk stopped: its RopId, where
// the bad byte is, and the bytes of the ROP before it. top is set when the
// ROP is the whole reading rather than an element of a list.
func (w walked) failedNode(top bool) node {
	start := w.failOff - w.base
	what := "response"
	if !w.responses {
		what = "request"
	}
	bad := errOffset(w.err)
	var t node
	switch {
	case errors.Is(w.err, codec.ErrTrailingBytes):
		t.title = fmt.Sprintf("%s after the ROP, at offset %d", plural(len(w.list)-start, "byte", "bytes"), w.failOff)
		t.addKids("Bytes", "", hexDump(w.list[start:], w.failOff)...)
		return t
	case start >= len(w.list):
		t.title = fmt.Sprintf("nothing at offset %d", w.failOff)
		return t
	}
	name := ropName(w.list[start]) + " " + what
	problem := fmt.Sprintf("bad input at offset %d", bad)
	if w.unsupported {
		problem = "no decoder for it"
	}
	if top {
		t.title = fmt.Sprintf("%s (%d bytes): %s", name, len(w.list), problem)
	} else {
		t.title = fmt.Sprintf("%s at offset %d: %s", name, w.failOff, problem)
	}
	if n := bad - w.failOff; n > 0 && start+n <= len(w.list) {
		if fs := w.decodedFields(n); len(fs) > 0 {
			t.addKids("Decoded before the bad byte", "", node{f: fs})
		}
		t.addKids("Read before the bad byte", plural(n, "byte", "bytes"), hexDump(w.list[start:start+n], w.failOff)...)
	}
	return t
}

// decodedFields returns the fields of the failed ROP that come before the
// field the error names, or nothing when the error names no field the
// description shows (a size field, say), since later fields hold no data.
func (w walked) decodedFields(n int) []field {
	var de *codec.DecodeError
	if w.partial == nil || !errors.As(w.err, &de) {
		return nil
	}
	fs := ropNode(w.partial, w.failOff).f
	for i, f := range fs {
		if f.label == de.Field {
			return fs[:i]
		}
	}
	return nil
}

// shift adds base to the offset of a *codec.DecodeError, so that it counts
// from the start of the input.
func shift(err error, base int) error {
	var de *codec.DecodeError
	if base == 0 || !errors.As(err, &de) {
		return err
	}
	s := *de
	s.Offset += base
	return &s
}

// errOffset returns the offset of a *codec.DecodeError, or -1.
func errOffset(err error) int {
	var de *codec.DecodeError
	if errors.As(err, &de) {
		return de.Offset
	}
	return -1
}

// errText says where and why the input is bad: "offset 8: RopLogon
// ServerName: unexpected EOF".
func errText(err error) string {
	var de *codec.DecodeError
	if !errors.As(err, &de) {
		return err.Error()
	}
	where := de.ROP
	if de.Field != "" {
		if where != "" {
			where += " "
		}
		where += de.Field
	}
	reason := "invalid input"
	if de.Err != nil {
		reason = de.Err.Error()
	}
	if errors.Is(de.Err, io.ErrUnexpectedEOF) {
		reason = "input ends early (unexpected EOF)"
	}
	if errors.Is(de.Err, codec.ErrTruncatedEntryID) {
		reason = "the EntryID is truncated: its v2 or v3 tail ends early"
	}
	if where == "" {
		return fmt.Sprintf("bad input at offset %d: %s", de.Offset, reason)
	}
	return fmt.Sprintf("bad input at offset %d: %s: %s", de.Offset, where, reason)
}
