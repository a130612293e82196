package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/ropcodec/ropcodec/codec"
)

const decodeUsage = `Usage: ropcodec decode [--as rpc|buffer|list|rop] [--request|--response]
                       [--json] [--binary] [--max-input SIZE] HEX|-|@FILE
       ropcodec decode --example NAME

Decodes ROP bytes and prints every field by name: flag names, the folder
names of FolderIds, GUIDs in registry form, LogonTime as a date, return values
by name, and the logon action of a RopLogon response. The output is written
as the input decodes, so a long RopsList of responses starts printing at
once (one of requests is read through first, for the LogonId rule below).

Input: bytes as arguments, - for standard input, or @FILE, written as:
  hex        FE 00 78 04, FE007804, 0xFE,0x00, fe:00:78:04 (spaces, line
             breaks, colons, commas, hyphens and 0x prefixes are ignored;
             # starts a comment that runs to the end of the line)
  dumps      xxd, hexdump -C, and offset-and-bytes lines as Wireshark's
             copies and od -Ax -tx1 write them: the offsets are checked,
             never read as data, and the text column is skipped
  arrays     C and Go byte-array literals: { 0xfe, 0x00 }, []byte{0xfe, 0x0}
  base64     as HAR files and EWS carry bytes
  binary     the bytes themselves: detected in a file or on standard input
             (a NUL or a byte that is no text in the first 512), or --binary
The format is told from the first line; input that does not fit it is
refused with the line and column that could not be read. At most 64 MiB are
read (--max-input raises the limit).

What the bytes are is detected. RPC_HEADER_EXT-framed payloads (rgbIn and
rgbOut of EcDoRpcExt2) come first, when the framing decodes: XorMagic is
undone and compressed payloads are decompressed (Size -> SizeActual), and
each payload is read as below. Then these readings compete: a ROP buffer
(RopSize, RopsList, handle table; one with no ROPs only under --as buffer)
and a bare RopsList (one ROP is a list of one), each as responses and as
requests. A reading is plausible only if it decodes to the end and:
  - every handle index lies inside the handle table of its buffer;
  - when the list holds RopLogon requests, every LogonId names one of them;
  - every ReturnValue is a code the EC table names.
The first plausible reading in that order is shown, and the others that are
plausible too are named ("Also decodes as"). When none is, the one that got
furthest is shown, with its ROPs, up to the ROP that stopped it and why: a
RopId the command does not decode, a malformed field, or a doubt (a check
above that failed); how far a reading got counts the bytes of its ROPs that
decoded and passed the checks. On a tie, a stop at a RopId without a layout
comes before a bad field (input cut short, perhaps), which comes before a
doubt; and a buffer with a handle table before a bare RopsList, which comes
before a buffer without one (RopSize merely equal to the input's length).
With one reading chosen by the flags (--as buffer, list or rop, with
--request or --response), a handle index or a ReturnValue that fails its
check is shown as a doubt and does not stop it, and the LogonId rule, a
guess at which reading is meant, is left out.

Flags:
  --as rpc|buffer|list|rop  read the input only that way (rop: exactly one ROP;
                            bytes left over fail)
  --request, --response     read ROPs only as requests or only as responses
  --example NAME            decode a built-in example instead of input
  --binary                  the input is binary bytes, not text
  --max-input SIZE          read at most SIZE bytes (100M, 1G, ...); default 64M
  --json                    print one JSON object, written as it decodes:
    input    {format, size}
    decoded  {kind: "rpc", offset, size, payloads: [{index, header_offset,
             data_offset, version, flags, flag_names, size, size_actual,
             compressed, xor_magic, decoded}]}, or {kind: "buffer", "list"
             or "rop", direction: "request", "response" or "unknown" (when
             no ROP tells), offset, size, rops_offset and rops_size
             (buffer), rops: [ROP], stop, handles (buffer), also: [{kind,
             direction, flags}]}
    error    why decoding stopped, as on standard error
    A ROP is {index, offset, size, rop, rop_id, type, title, fields: [FIELD],
    logon_action (RopLogon responses), doubt}. A FIELD has a name and a type
    and, by type: uint (value, hex, unit, rop for a RopId), ec (value, hex,
    code), flags (value, hex, names), guid and string (value), bytes (size,
    hex, requests: [ROP] when they hold ROP requests), struct (fields; text
    for a LogonTime), list (count, elements: [FIELD with an index]), other
    (text). stop is {kind: unsupported, malformed, trailing or doubt,
    offset, rop_id, rop, field, error_offset, reason, decoded_fields, read}.
    Members that do not apply are left out. Members may be added; none is
    renamed or changes its type.

Offsets count bytes from the start of the input, in decimal (in a
compressed payload, from the start of the payload decompressed). On
malformed input the command prints what did decode, then writes the offset
of the first bad byte and the reason to standard error.

Exit status: 0 decoded, 1 malformed input (or output that could not be
written), 2 usage error: a bad flag, input that cannot be read as bytes, or
more input than --max-input allows (/dev/zero, /dev/urandom: the input is
refused before anything is decoded, as bad hex is).
`

// decodeOptions are the flags of the decode subcommand.
type decodeOptions struct {
	as     string // "", "rpc", "buffer", "list" or "rop"
	dir    dir
	json   bool
	input  inputOptions
	decode *codec.Decoder
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
	operands, status, done := parseArgs(args, "decode", decodeUsage, stdout, stderr, func(p *argParser) (bool, string) {
		switch p.flag {
		case "as":
			v, ok := p.value()
			switch {
			case !ok:
				return true, "--as needs a value: rpc, buffer, list or rop"
			case v != "rpc" && v != "buffer" && v != "list" && v != "rop":
				return true, fmt.Sprintf("--as %s: want rpc, buffer, list or rop", v)
			}
			opt.as = v
		case "json":
			opt.json = true
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
	var in input
	if example != "" {
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
	} else {
		var err error
		if in, err = readInput(operands, stdin, opt.input); err != nil {
			return usage(stderr, "decode", err.Error())
		}
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	w := &errWriter{w: bw}
	var em emitter = &textOut{w: w}
	if opt.json {
		em = newJSONOut(w)
	}
	opt.decode = new(codec.Decoder)
	em.input(in)
	res := decode(in.bytes, opt, em)
	em.end()
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

// decode reads b as opt says, or by the detection of decodeUsage, and
// passes what it finds to em as it finds it.
//
// The layers of the input are read from the outside in, each handing the
// bytes it frames to the next: RPC_HEADER_EXT framing (rpcPayloads), then
// the ROP readings (decodeROPs). Further framings plug in the same way, as
// a step before decodeROPs that recognises its framing or declines, with
// an emitter method pair for its block: MAPI/HTTP request and response
// bodies (with or without the HTTP headers of a proxy's or a browser's
// capture) before rpcPayloads, their RopBuffer going to rpcPayloads and
// their AuxiliaryBuffer to an AUX block reader that never reads it as
// ROPs; --har FILE is a source of readInput that yields the bodies of a HAR
// file's entries, each then decoded here.
func decode(b []byte, opt decodeOptions, em emitter) outcome {
	if opt.as == "" || opt.as == "rpc" {
		payloads, err := codec.DecodeRPCPayloads(b)
		if err == nil {
			return rpcPayloads(b, payloads, opt, em)
		}
		if opt.as == "rpc" || looksRPC(b) {
			em.failed("RPC_HEADER_EXT-framed payloads", len(b), 0, err)
			return outcome{problem: errText(err)}
		}
	}
	return decodeROPs(b, 0, opt, em)
}

// looksRPC reports whether b starts with an RPC_HEADER_EXT whose Version is
// the only one allowed: then a failure of the framing is reported as such,
// not as a ROP buffer that happens to start with RopSize 0, which no ROP
// buffer has.
func looksRPC(b []byte) bool {
	h, _, err := codec.DecodeRPCHeaderExt(b)
	return err == nil && h.Version == codec.RPCHeaderExtVersion
}

// rpcPayloads shows RPC_HEADER_EXT-framed payloads, each decoded as ROPs,
// up to the first that does not decode.
func rpcPayloads(b []byte, payloads []codec.Payload, opt decodeOptions, em emitter) outcome {
	em.rpcBegin(len(b), len(payloads))
	sub := opt
	sub.as = ""
	var res outcome
	off := 0
	for i, p := range payloads {
		dataOff := off + int(codec.RPCHeaderExtSize)
		em.payloadBegin(i, p, off, dataOff)
		base := dataOff
		if p.Header.Flags&codec.HeaderCompressed != 0 {
			base = 0 // the bytes decoded are not those of the input
		}
		res = decodeROPs(p.Data, base, sub, em)
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
// reading choose picks.
func decodeROPs(b []byte, base int, opt decodeOptions, em emitter) outcome {
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
