package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// decodeOptions are the flags of the decode subcommand.
type decodeOptions struct {
	as          string // "", "rpc", "buffer", "list", "rop", "aux", asMAPIRequest or asMAPIResponse
	dir         dir
	requestType string // --request-type, as requestTypeOf spells it
	har         string // --har FILE
	session     bool   // --session, or two or more @FILE operands: each operand is one buffer of a session
	logon       string // --logon: "public" or "private", the kind of every logon
	json        bool
	input       inputOptions
	decode      *codec.Decoder
}

// asValues are the values --as takes.
var asValues = []string{"rpc", "buffer", "list", "rop", "aux", asMAPIRequest, asMAPIResponse}

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
	operands, status, done := parseArgs(args, "decode", decodeUsage, stdout, stderr, func(p *argParser) (bool, string) {
		switch p.flag {
		case "as":
			v, ok := p.value()
			switch {
			case !ok:
				return true, "--as needs a value: " + orList(asValues)
			case !slices.Contains(asValues, v):
				return true, fmt.Sprintf("--as %s: want %s", v, orList(asValues))
			}
			opt.as = v
		case "request-type":
			v, ok := p.value()
			types := append(slices.Clone(emsmdbTypes), mapihttp.RequestTypePing)
			switch {
			case !ok:
				return true, "--request-type needs a value: " + orList(types)
			case requestTypeOf(v) == "":
				return true, fmt.Sprintf("--request-type %s: want %s (the EMSMDB request types)", v, orList(types))
			}
			opt.requestType = requestTypeOf(v)
		case "har":
			v, ok := p.value()
			if !ok || v == "" {
				return true, "--har needs a file name, or - for standard input"
			}
			opt.har = v
		case "logon":
			v, ok := p.value()
			if !ok || (v != "public" && v != "private") {
				return true, "--logon needs a value: public or private"
			}
			opt.logon = v
		case "json":
			opt.json = true
			return true, p.noValue()
		case "session":
			opt.session = true
			return true, p.noValue()
		case "request", "response":
			d := dirRequest
			if p.flag == "response" {
				d = dirResponse
			}
			if opt.dir != dirAuto && opt.dir != d {
				return true, "--request and --response exclude each other"
			}
			opt.dir = d
			return true, p.noValue()
		case "example":
			v, ok := p.value()
			if !ok {
				return true, "--example needs a name; " + exampleNames()
			}
			example = v
		default:
			return opt.input.flag(p)
		}
		return true, ""
	})
	if done {
		return status
	}
	opt.session = opt.session || sessionOperands(operands)
	if msg := opt.conflict(example, operands); msg != "" {
		return usage(stderr, "decode", msg)
	}
	opt.input.http = true
	if opt.session {
		return runSession(operands, example, stdin, stdout, stderr, opt)
	}
	var in input
	var h *harFile
	switch {
	case opt.har != "":
		var err error
		if in, h, err = readHAR(opt.har, stdin, opt.input); err != nil {
			return usage(stderr, "decode", err.Error())
		}
	case example != "":
		if len(operands) > 0 {
			return usage(stderr, "decode", "--example takes no input operands")
		}
		ex, ok := findExample(example)
		if !ok {
			return usage(stderr, "decode", fmt.Sprintf("no example %q; %s", example, exampleNames()))
		}
		var err error
		if in.bytes, err = parseHex(ex.hex); err != nil {
			return usage(stderr, "decode", fmt.Sprintf("example %s: %v", ex.name, err)) // TestExamples keeps them good
		}
	default:
		var err error
		if in, err = readInput(operands, stdin, opt.input); err != nil {
			return usage(stderr, "decode", err.Error())
		}
	}
	opt.decode = new(codec.Decoder)
	if opt.logon != "" {
		for id := range 256 {
			opt.decode.SetLogon(uint8(id), opt.logon == "public")
		}
	}
	return emitDecoded(stdout, stderr, opt, func(em emitter) outcome {
		em.input(in)
		if h != nil {
			return decodeHAR(h, opt, em)
		}
		return decode(in.bytes, opt, em)
	})
}

// emitDecoded runs decode, which passes what it finds to the emitter the
// flags choose, writes the output and says how it went: the exit status,
// with the problem, if any, on standard error.
func emitDecoded(stdout, stderr io.Writer, opt decodeOptions, decode func(em emitter) outcome) int {
	bw := bufio.NewWriterSize(stdout, 64<<10)
	w := &errWriter{w: bw}
	var em emitter = &textOut{w: w}
	if opt.json {
		em = newJSONOut(w)
	}
	res := decode(em)
	em.end(res.problem)
	if err := bw.Flush(); err != nil && w.first == nil {
		w.first = err
	}
	switch {
	case w.first != nil:
		fmt.Fprintf(stderr, "ropcodec decode: writing the output: %v\n", w.first)
		return 1
	case res.problem != "":
		fmt.Fprintf(stderr, "ropcodec decode: %s\n", res.problem)
		if res.rivals {
			fmt.Fprintln(stderr, "ropcodec decode: no reading decodes to the end; shown is the one that got furthest")
		}
		return 1
	}
	return 0
}

// outcome is how decoding went: the first problem, for standard error, and
// whether it was met by the furthest of several readings.
type outcome struct {
	problem string
	rivals  bool
}

// conflict returns what is wrong with a combination of flags and operands,
// or "".
func (opt *decodeOptions) conflict(example string, operands []string) string {
	mapi := opt.as == asMAPIRequest || opt.as == asMAPIResponse
	switch {
	case opt.logon != "" && opt.session:
		return "--logon gives the kind of every logon outside a session; a session learns them from its RopLogon requests"
	case opt.har != "" && (len(operands) > 0 || example != ""):
		return "--har FILE takes no input operands and no --example"
	case opt.har != "" && (opt.as != "" || opt.input.binary || opt.dir != dirAuto):
		return "--har reads MAPI/HTTP entries; --as, --binary, --request and --response do not apply"
	case opt.requestType != "" && opt.as != "" && !mapi:
		return fmt.Sprintf("--request-type names the request type of a MAPI/HTTP body; --as %s reads none", opt.as)
	case opt.as == "aux" && opt.dir != dirAuto:
		return "--as aux reads AUX blocks; --request and --response choose how ROPs are read"
	case mapi && opt.dir != dirAuto && (opt.dir == dirResponse) != (opt.as == asMAPIResponse):
		return fmt.Sprintf("--as %s and --%s exclude each other", opt.as, map[dir]string{dirRequest: "request", dirResponse: "response"}[opt.dir])
	}
	return ""
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// decode reads b as opt says, or by the detection of decodeUsage, and
// passes what it finds to em as it finds it.
//
// The layers of the input are read from the outside in, each handing the
// bytes it frames to the next: an HTTP message and the MAPI/HTTP body it
// carries (httpMessage; a bare body with --as mapihttp-request or
// -response, or --request-type: bareBody), whose RopBuffer and
// AuxiliaryBuffer come back here framed; RPC_HEADER_EXT framing
// (rpcPayloads); then in each payload the ROP readings (decodeROPs) or the
// AUX blocks (auxBlocks, for --as aux and every AuxiliaryBuffer, and for a
// payload no ROP reading explains that reads as AUX blocks). --har FILE is
// a source of its own (decodeHAR) whose entries go through httpMessage's
// steps.
func decode(b []byte, opt decodeOptions, em emitter) outcome {
	mapi := opt.as == asMAPIRequest || opt.as == asMAPIResponse
	switch {
	case opt.as == "aux":
		return framed(b, 0, em, func(p []byte, base int) outcome { return auxBlocks(p, base, em) })
	case (opt.as == "" || mapi) && looksHTTP(b):
		return httpMessage(b, opt, em)
	case mapi || opt.as == "" && opt.requestType != "":
		return bareBody(b, opt, em)
	}
	if opt.as == "" || opt.as == "rpc" {
		payloads, err := codec.DecodeRPCPayloads(b)
		if err == nil {
			sub := opt
			sub.as = ""
			return rpcPayloads(b, 0, payloads, em, func(p []byte, base int) outcome {
				return decodeROPs(p, base, sub, em, auxPlausible(p))
			})
		}
		if opt.as == "rpc" || looksRPC(b) {
			em.failed("RPC_HEADER_EXT-framed payloads", len(b), 0, err)
			return outcome{problem: errText(err)}
		}
	}
	return decodeROPs(b, 0, opt, em, false)
}

// looksRPC reports whether b starts with an RPC_HEADER_EXT whose Version is
// the only one allowed: then a failure of the framing is reported as such,
// not as a ROP buffer that happens to start with RopSize 0, which no ROP
// buffer has.
func looksRPC(b []byte) bool {
	h, _, err := codec.DecodeRPCHeaderExt(b)
	return err == nil && h.Version == codec.RPCHeaderExtVersion
}

// rpcPayloads shows b, RPC_HEADER_EXT-framed payloads at offset base of the
// input, each read by read, up to the first that does not decode.
func rpcPayloads(b []byte, base int, payloads []codec.Payload, em emitter, read func(p []byte, base int) outcome) outcome {
	em.rpcBegin(base, len(b), len(payloads))
	var res outcome
	off := base
	for i, p := range payloads {
		dataOff := off + int(codec.RPCHeaderExtSize)
		em.payloadBegin(i, p, off, dataOff)
		at := dataOff
		if p.Header.Flags&codec.HeaderCompressed != 0 {
			at = 0 // the bytes decoded are not those of the input
		}
		res = read(p.Data, at)
		em.payloadEnd()
		off = dataOff + int(p.Header.Size)
		if res.problem != "" || em.err() != nil {
			break
		}
	}
	em.rpcEnd()
	return res
}

// decodeROPs reads b, found at offset base of the input, as a ROP buffer, a
// RopsList or a single ROP, as opt says or by detection, and shows the
// reading choose picks. aux says that b reads as AUX blocks too (see
// auxPlausible): then, when no ROP reading decodes to its end, b is shown
// as AUX blocks, and when one does, the AUX blocks are named beside it.
func decodeROPs(b []byte, base int, opt decodeOptions, em emitter, aux bool) outcome {
	dirs := []bool{true, false} // responses first
	switch opt.dir {
	case dirRequest:
		dirs = []bool{false}
	case dirResponse:
		dirs = []bool{true}
	}
	var rs []*reading
	if opt.as == "" || opt.as == "buffer" {
		var rb codec.ROPBuffer
		if err := rb.UnmarshalBinary(b); err != nil {
			if opt.as == "buffer" {
				err = shift(err, base)
				em.failed("ROP buffer", len(b), base, err)
				return outcome{problem: errText(err)}
			}
		} else if len(rb.RopsList) > 0 || opt.as == "buffer" {
			// A buffer with no ROPs explains nothing, unless asked for.
			// The RopsList ends where the handle table, the rest of the
			// buffer, begins.
			listOff := base + len(b) - 4*len(rb.ServerObjectHandleTable) - len(rb.RopsList)
			for _, resp := range dirs {
				rs = append(rs, &reading{kind: kindBuffer, responses: resp, size: len(b), base: base,
					list: rb.RopsList, listOff: listOff, handles: rb.ServerObjectHandleTable})
			}
		}
	}
	if opt.as != "buffer" {
		kind := kindList
		if opt.as == "rop" {
			kind = kindROP
		}
		for _, resp := range dirs {
			rs = append(rs, &reading{kind: kind, responses: resp, size: len(b), base: base, list: b, listOff: base})
		}
	}
	for _, r := range rs {
		r.strict = len(rs) > 1
	}
	best, also := choose(rs, opt.decode)
	if aux {
		for c := newCursor(best, opt.decode); !best.scanned; {
			best.scan(c)
		}
		if !best.plausible() {
			return auxBlocks(b, base, em)
		}
		also = append(also, &reading{kind: kindAux})
	}
	st := show(best, also, em, opt.decode)
	if st == nil {
		return outcome{}
	}
	return outcome{problem: st.text(best), rivals: len(rs) > 1}
}

// show walks r again, from the start, and passes its ROPs to em as they
// decode, up to the end or the stop, which it returns. A reading choose
// left unscanned stops where the walk meets a stop; a scanned one stops
// where scan found the stop, which may be a doubt that only the whole list
// shows (a LogonId).
func show(r *reading, also []*reading, em emitter, d *codec.Decoder) *stop {
	em.ropsBegin(r)
	defer em.ropsEnd(r, also)
	c := newCursor(r, d)
	for i := 0; ; i++ {
		rop, off, n, doubt, st := c.step()
		if st == nil && rop != nil && r.stop != nil && r.stop.kind == stopDoubt && r.stop.off == off {
			st = &stop{kind: stopDoubt, off: off, rop: rop, n: n, doubt: r.stop.doubt}
		}
		switch {
		case st != nil:
			em.ropsStop(r, i, st)
			return st
		case rop == nil:
			return nil
		}
		em.rop(r, i, rop, off, n, doubt)
		if em.err() != nil {
			return nil
		}
	}
}
