package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/session"
)

// The session view of decode: several buffers, read as the calls of one
// session (--session, or several @FILE operands): input buffer, output
// buffer, input buffer, ..., each a ROP buffer or RPC_HEADER_EXT-framed
// payloads. package session pairs each response with its request and
// decodes it in the context the calls before it set up.

// operand is one buffer of a session: which operand it was and its bytes.
type operand struct {
	n      int // 1-based
	in     input
	framed int // RPC_HEADER_EXT-framed payloads it holds; 0 for a ROP buffer
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
// budget for them all; "-" may be one of them.
func readOperands(operands []string, stdin io.Reader, o inputOptions) ([]operand, error) {
	if o.max <= 0 {
		o.max = defaultMaxInput
	}
	budget := o.max
	var out []operand
	stdinUsed := false
	for i, op := range operands {
		if op == "-" {
			if stdinUsed {
				return nil, usagef("- names standard input once only")
			}
			stdinUsed = true
		}
		oo := o
		oo.max = budget
		in, err := readInput([]string{op}, stdin, oo)
		if err != nil {
			return nil, err
		}
		budget -= int64(len(in.bytes))
		b := operand{n: i + 1, in: in}
		if ps, err := codec.DecodeRPCPayloads(in.bytes); err == nil {
			b.framed = len(ps)
		}
		out = append(out, b)
	}
	return out, nil
}

// decodeSession decodes the operands as calls, two buffers a call, and
// passes each call to em.
func decodeSession(ops []operand, em emitter) outcome {
	d := session.NewDecoder(session.Limits{})
	em.sessionBegin(len(ops))
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

// call decodes one call: a ROP buffer each, or, when either is framed,
// RPC_HEADER_EXT-framed payloads each (a ROP buffer beside a framed one is
// framed as one payload).
func call(d *session.Decoder, in, out *operand) (*session.Call, error) {
	inB, outB := in.in.bytes, []byte(nil)
	if out != nil {
		outB = out.in.bytes
	}
	if in.framed == 0 && (out == nil || out.framed == 0) {
		return d.Call(inB, outB)
	}
	frame := func(o *operand, b []byte) []byte {
		if o == nil || o.framed > 0 {
			return b
		}
		f, err := codec.AppendRPCPayload(nil, b, codec.HeaderLast)
		if err != nil {
			return b // too long for a payload: the framing error says so
		}
		return f
	}
	return d.CallRPC(frame(in, inB), frame(out, outB))
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
// where they came from.
func columnsText(p *session.Pair) string {
	from := map[string]string{
		"table":                "set by RopSetColumns on its table",
		"request.PropertyTags": "its request's PropertyTags",
		"recipients":           "the RecipientColumns of its message",
	}[p.Response.Info().Columns]
	return fmt.Sprintf("%s, %s", plural(len(p.Columns), "column", "columns"), from)
}

// bufferText describes buffer i of a call's input or output buffers, which
// came from operand op: its operand, its payload when framed, and its
// RopsList and handle table.
func bufferText(op *operand, i int, b *session.Buffer) string {
	s := fmt.Sprintf("operand %d", op.n)
	if op.framed > 0 {
		s = fmt.Sprintf("payload %d of %d of operand %d (RPC_HEADER_EXT)", i, op.framed, op.n)
	}
	s += fmt.Sprintf(": RopsList %s; %s", plural(len(b.RopsList), "byte", "bytes"), plural(len(b.Handles), "handle", "handles"))
	for _, h := range b.Handles {
		s += fmt.Sprintf(" 0x%08X", h)
	}
	return s
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

// runSession is decode with several buffers read as a session: it reads
// the operands, decodes them, and says how it went, as runDecode does.
func runSession(operands []string, example string, stdin io.Reader, stdout, stderr io.Writer, opt decodeOptions) int {
	switch {
	case example != "":
		return usage(stderr, "decode", "--example decodes one buffer, not a session")
	case opt.as != "" || opt.dir != dirAuto:
		return usage(stderr, "decode", "--as, --request and --response read one buffer; in a session the buffers alternate: input, output, input, ...")
	case len(operands) == 0:
		return usage(stderr, "decode", "no input: give the buffers of the session, each as hex, @FILE or -")
	}
	ops, err := readOperands(operands, stdin, opt.input)
	if err != nil {
		return usage(stderr, "decode", err.Error())
	}
	return emitDecoded(stdout, stderr, opt, func(em emitter) outcome {
		total := input{format: ops[0].in.format}
		for _, op := range ops {
			total.bytes = append(total.bytes, op.in.bytes...)
		}
		em.input(total)
		return decodeSession(ops, em)
	})
}
