package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
	"github.com/ropcodec/ropcodec/session"
)

// The session view of decode: several buffers, read as the calls of one
// session (--session, or several @FILE operands): input buffer, output
// buffer, input buffer, ..., each a ROP buffer or RPC_HEADER_EXT-framed
// payloads. package session pairs each response with its request and
// decodes it in the context the calls before it set up.

// operand is one buffer of a session: where it came from, its bytes, and
// what they were read as (see readWire).
type operand struct {
	label  string // "operand 2", "entry 3 response"
	how    string // what its bytes were read as: "a ROP buffer", "an HTTP message", ...
	rgb    []byte // the RPC_HEADER_EXT-framed payloads it carries, or the ROP buffer (plain)
	plain  bool   // rgb is a ROP buffer, not framed
	framed int    // payloads in rgb
	err    error  // why it carries no ROP buffer
}

// sessionOperands reports whether operands are read as a session without
// --session: two or more, each @FILE.
func sessionOperands(operands []string) bool {
	if len(operands) < 2 {
		return false
	}
	for _, op := range operands {
		if !strings.HasPrefix(op, "@") {
			return false
		}
	}
	return true
}

// readOperands reads each operand as one buffer, within one --max-input
// budget for them all (the bytes read, as for one operand: hex takes two a
// byte); "-" may be one of them. It returns the input member of the output
// too: the first operand's formats, and the bytes of all of them counted.
func readOperands(operands []string, stdin io.Reader, o inputOptions) ([]operand, input, error) {
	if o.max <= 0 {
		o.max = defaultMaxInput
	}
	budget := o.max
	var out []operand
	var all input
	stdinUsed := false
	for i, op := range operands {
		if op == "-" {
			if stdinUsed {
				return nil, all, usagef("- names standard input once only")
			}
			stdinUsed = true
		}
		if budget <= 0 { // spent: readInput would take a max of 0 for the default
			err := &tooLargeError{o.max}
			return nil, all, &usageError{msg: fmt.Sprintf("operand %d: %v", i+1, err), err: err}
		}
		oo := o
		oo.max = budget
		in, err := readInput([]string{op}, stdin, oo)
		if err != nil {
			return nil, all, err
		}
		if i == 0 {
			all.format, all.body = in.format, in.body
		}
		all.total += len(in.bytes)
		budget -= in.read
		b := operand{label: fmt.Sprintf("operand %d", i+1)}
		b.readWire(in.bytes, i%2 == 1)
		out = append(out, b)
	}
	return out, all, nil
}

// decodeSession decodes the operands as calls, two buffers a call (the
// input buffer, then the output buffer), and passes each call to em.
// skipped lists what a HAR file held besides Execute calls.
func decodeSession(ops []operand, skipped []string, em emitter) outcome {
	d := session.NewDecoder(session.Limits{})
	em.sessionBegin(len(ops), skipped)
	var res outcome
	for i := 0; i < len(ops); i += 2 {
		in := &ops[i]
		var out *operand
		if i+1 < len(ops) {
			out = &ops[i+1]
		}
		c, err := call(d, in, out)
		em.call(c, in, out, err)
		if err != nil && res.problem == "" {
			res.problem = fmt.Sprintf("call %d: %s", c.Index, errText(err))
		}
		if em.err() != nil {
			break
		}
	}
	em.sessionEnd()
	return res
}

// call decodes one call: its two ROP buffers, or, when either side is
// framed or carried by MAPI/HTTP, their RPC_HEADER_EXT-framed payloads (a
// ROP buffer beside them framed as one payload). A side that carries no ROP
// buffer is left out, and its error returned.
func call(d *session.Decoder, in, out *operand) (*session.Call, error) {
	var first error
	side := func(op *operand) (b []byte, plain bool) {
		if op == nil {
			return nil, true
		}
		if op.err != nil {
			if first == nil && !errors.As(op.err, new(*refusedError)) {
				first = fmt.Errorf("%s: %w", op.label, op.err)
			}
			return nil, true
		}
		return op.rgb, op.plain
	}
	inB, inPlain := side(in)
	outB, outPlain := side(out)
	var c *session.Call
	var err error
	if inPlain && outPlain {
		c, err = d.Call(inB, outB)
	} else {
		c, err = d.CallRPC(frameROPBuffer(inB, inPlain), frameROPBuffer(outB, outPlain))
	}
	if first == nil {
		first = err
	}
	return c, first
}

// frameROPBuffer frames a ROP buffer as one RPC_HEADER_EXT payload, when
// plain; one too long for a payload is left as it is, for the framing
// error to say so.
func frameROPBuffer(b []byte, plain bool) []byte {
	if !plain || b == nil {
		return b
	}
	f, err := codec.AppendRPCPayload(nil, b, codec.HeaderLast)
	if err != nil {
		return b
	}
	return f
}

// pairNotes are what a pair says besides its ROPs: the object the request
// ran on, the one it created, the columns its rows were laid out by, and
// what is amiss.
func pairNotes(p *session.Pair) (notes []field) {
	if p.Object != nil {
		notes = append(notes, field{label: "On", value: p.Object.String()})
	}
	if p.Created != nil {
		notes = append(notes, field{label: "Created", value: p.Created.String()})
	}
	if p.Columns != nil {
		notes = append(notes, field{label: "Columns", value: columnsText(p)})
	}
	if p.Err != nil {
		notes = append(notes, field{label: "Note", value: p.Err.Error()})
	}
	return notes
}

// columnsText says how many columns a response's rows were laid out by and
// where they came from, in the words of codec.ColumnsDescription.
func columnsText(p *session.Pair) string {
	key := p.Response.Info().Columns
	from := codec.ColumnsDescription(key)
	if from == "" {
		from = "context " + key
	}
	return fmt.Sprintf("%d, %s", len(p.Columns), from)
}

// bufferText describes buffer i of a call's input or output buffers, which
// came from operand op: where it came from, what carried it, and its
// RopsList and handle table.
func bufferText(op *operand, i int, b *session.Buffer) string {
	s := op.label
	if op.how != "a ROP buffer" {
		s += ", " + op.how
	}
	if op.framed > 1 {
		s += fmt.Sprintf(", payload %d of %d", i, op.framed)
	}
	var sb strings.Builder // not s +=, which copies s for each of thousands of handles
	fmt.Fprintf(&sb, "%s: RopsList %s; %s", s, plural(len(b.RopsList), "byte", "bytes"), plural(len(b.Handles), "handle", "handles"))
	for _, h := range b.Handles {
		fmt.Fprintf(&sb, " 0x%08X", h)
	}
	return sb.String()
}

// noteKind names the kind of what a pair notes, for scripts (see
// decodeUsage).
func noteKind(err error) string {
	var ce *session.ContextError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ce):
		return "context"
	}
	for _, k := range []struct {
		err  error
		kind string
	}{
		{session.ErrNoOutput, "no_output"}, {session.ErrNoResponse, "no_response"},
		{session.ErrNotProcessed, "not_processed"}, {session.ErrPacked, "packed"},
		{session.ErrNoRequest, "no_request"}, {session.ErrOutOfStep, "out_of_step"},
		{session.ErrNotEchoed, "not_echoed"},
	} {
		if errors.Is(err, k.err) {
			return k.kind
		}
	}
	return "other"
}

// runSession is decode with several buffers read as a session, or with
// --har and --session, the Execute calls of a HAR file: it reads them,
// decodes them, and says how it went, as runDecode does.
func runSession(operands []string, example string, stdin io.Reader, stdout, stderr io.Writer, opt decodeOptions) int {
	switch {
	case example != "":
		return usage(stderr, "decode", "--example decodes one buffer, not a session")
	case opt.as != "" || opt.dir != dirAuto || opt.requestType != "":
		return usage(stderr, "decode", "--as, --request, --response and --request-type read one buffer; in a session the buffers alternate: input, output, input, ...")
	case opt.har != "":
		in, h, err := readHAR(opt.har, stdin, opt.input)
		if err != nil {
			return usage(stderr, "decode", err.Error())
		}
		ops, skipped := harOperands(h)
		return emitDecoded(stdout, stderr, opt, func(em emitter) outcome {
			em.input(in)
			return decodeSession(ops, skipped, em)
		})
	case len(operands) == 0:
		return usage(stderr, "decode", "no input: give the buffers of the session, each as hex, @FILE or -")
	}
	ops, all, err := readOperands(operands, stdin, opt.input)
	if err != nil {
		return usage(stderr, "decode", err.Error())
	}
	return emitDecoded(stdout, stderr, opt, func(em emitter) outcome {
		em.input(all)
		return decodeSession(ops, nil, em)
	})
}

// harOperands returns the bodies of the Execute entries of a HAR file as
// the buffers of a session, request then response, and says why each other
// entry was left out.
func harOperands(h *harFile) (ops []operand, skipped []string) {
	for i := range h.Log.Entries {
		e := &h.Log.Entries[i]
		e.classify()
		if e.skip != "" {
			skipped = append(skipped, fmt.Sprintf("entry %d: %s", i, e.skip))
			continue
		}
		req := e.message(false, nil)
		req.readType("")
		if req.requestType != mapihttp.RequestTypeExecute {
			skipped = append(skipped, fmt.Sprintf("entry %d: a MAPI/HTTP %s, not an Execute", i, req.requestType))
			continue
		}
		for _, m := range []*mapiMsg{req, e.message(true, req)} {
			op := operand{label: fmt.Sprintf("entry %d %s", i, m.direction()), how: "a MAPI/HTTP Execute " + m.direction()}
			if m.err != nil {
				op.err = m.err
			} else if body, err := m.executeBody(m.response); err != nil {
				op.err = err
			} else {
				op.executeBody(body, m.response)
			}
			ops = append(ops, op)
		}
	}
	return ops, skipped
}
