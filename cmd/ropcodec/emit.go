package main

import (
	"fmt"
	"io"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// emitter receives what decode finds, in input order, as it finds it, and
// writes it out at once: as text (textOut) or as JSON (jsonOut). Blocks
// nest: RPC framing holds payloads, a payload holds a reading, a reading
// holds ROPs.
type emitter interface {
	// input describes the input; it comes first.
	input(in input)
	// rpcBegin starts RPC_HEADER_EXT-framed payloads: size bytes, count
	// payloads. Each payload comes as payloadBegin, its reading, payloadEnd.
	rpcBegin(size, count int)
	payloadBegin(i int, p codec.Payload, off, dataOff int)
	payloadEnd()
	rpcEnd()
	// failed reports framing that did not decode (RPC_HEADER_EXT framing,
	// a ROP buffer's RopSize) as the title says.
	failed(title string, size, base int, err error)
	// ropsBegin starts a reading; rop, then at most one ropsStop, then
	// ropsEnd follow. also lists the other readings that decode to the end.
	ropsBegin(r *reading)
	rop(r *reading, i int, rop codec.ROP, off, n int, doubt string)
	ropsStop(r *reading, i int, st *stop)
	ropsEnd(r *reading, also []*reading)
	// end closes the output.
	end()
	// err returns the first error of writing, after which the rest may be
	// skipped.
	err() error
}

// errWriter remembers the first error of w and writes nothing after it.
type errWriter struct {
	w     io.Writer
	first error
}

func (e *errWriter) WriteString(s string) (int, error) {
	if e.first != nil {
		return 0, e.first
	}
	n, err := io.WriteString(e.w, s)
	if err != nil {
		e.first = err
	}
	return n, err
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.first != nil {
		return 0, e.first
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.first = err
	}
	return n, err
}

// stopText says where and why a reading stopped, for standard error.
func (st *stop) text(r *reading) string {
	at := r.listOff + st.off
	switch st.kind {
	case stopUnsupported:
		return fmt.Sprintf("offset %d: %s", at, unsupportedText(r, r.list[st.off]))
	case stopDoubt:
		name := ropName(r.list[st.off]) + " " + r.direction()
		if st.rop != nil {
			name = st.rop.Info().Title
		}
		return fmt.Sprintf("offset %d: %s: %s", at, name, st.doubt)
	}
	return errText(st.err)
}

// unsupportedText says why a ROP with RopId id cannot be read in r's
// direction: the command knows no ROP with that RopId, or has no layout for
// it in that direction (RopRelease has no response, RopBackoff no request;
// other ROPs may lack a table yet).
func unsupportedText(r *reading, id uint8) string {
	if ri := codec.LookupROP(id); ri != nil {
		return fmt.Sprintf("this command has no %s layout for %s", r.direction(), ri.Name)
	}
	return fmt.Sprintf("RopId 0x%02X is not a ROP this command decodes", id)
}

// errText says where and why the input is bad: "bad input at offset 8:
// RopLogon ServerName: unexpected EOF".
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
	switch {
	case errors.Is(de.Err, codec.ErrTruncatedEntryID):
		reason = "the EntryID is truncated: its v2 or v3 tail ends early"
	case errors.Is(de.Err, io.ErrUnexpectedEOF):
		reason = "input ends early (unexpected EOF)"
	}
	if where == "" {
		return fmt.Sprintf("bad input at offset %d: %s", de.Offset, reason)
	}
	return fmt.Sprintf("bad input at offset %d: %s: %s", de.Offset, where, reason)
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
