package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/session"
)

// emitter receives what decode finds, in input order, as it finds it, and
// writes it out at once: as text (textOut) or as JSON (jsonOut). Blocks
// nest: a HAR file holds entries, an entry holds a MAPI/HTTP request and
// response, their body's RopBuffer and AuxiliaryBuffer hold RPC framing,
// RPC framing holds payloads, a payload holds a reading or AUX blocks, a
// reading holds ROPs.
type emitter interface {
	// input describes the input; it comes first.
	input(in input)
	// rpcBegin starts RPC_HEADER_EXT-framed payloads: size bytes at
	// offset off of the input, count payloads. Each payload comes as
	// payloadBegin, its reading or its AUX blocks, payloadEnd.
	rpcBegin(off, size, count int)
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
	// auxBegin starts the AUX blocks of a payload of size bytes at offset
	// off; auxBlock follows for each block, n bytes at offset off, whose
	// structure's fields lie one after another from offset fieldsAt (-1
	// when they do not; see auxFieldsAt); then at most one auxStop at the
	// header that frames no block, block i at offset off; then auxEnd.
	auxBegin(off, size int)
	auxBlock(i int, blk codec.AuxBlock, off, n, fieldsAt int)
	auxStop(i, off int, err error)
	auxEnd()
	// mapiBegin starts a MAPI/HTTP request or response as the member key,
	// with all that precedes its body's fields (see mapiMsg). Then come
	// the body's fields: mapiField for each, and for a RopBuffer or an
	// AuxiliaryBuffer that is not empty mapiBufferBegin, the RPC framing
	// it holds, mapiBufferEnd; or mapiStop, when the body does not
	// decode. mapiEnd closes it.
	mapiBegin(key string, m *mapiMsg)
	mapiField(f codec.Field, off int)
	mapiBufferBegin(f codec.Field, off int)
	mapiBufferEnd()
	mapiStop(m *mapiMsg, err error)
	mapiEnd(m *mapiMsg)
	// harBegin starts the entries of a HAR file; each comes as harEntry,
	// then for a MAPI/HTTP entry its request and response (mapiBegin with
	// key "request" and "response"), then harEntryEnd; harEnd closes them.
	harBegin(h *harFile)
	harEntry(e *harEntry)
	harEntryEnd()
	harEnd()
	// sessionBegin starts the calls of a session (decode --session) of
	// that many buffers, and says what of a HAR file was skipped; call
	// follows for each call, with the operands it came from and the first
	// error decoding it met, then sessionEnd.
	sessionBegin(buffers int, skipped []string)
	call(c *session.Call, in, out *operand, err error)
	sessionEnd()
	// end closes the output; problem is why decoding stopped, as
	// standard error says it, or "".
	end(problem string)
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
// RopLogon ServerName: unexpected EOF", after the text of what wraps the
// *codec.DecodeError ("ROP output buffer: bad input at offset 2: ...").
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
	// What wraps the error says where it is (a session's operand or
	// buffer) and stays in front.
	ctx, ok := strings.CutSuffix(err.Error(), de.Error())
	if !ok {
		ctx = ""
	}
	if where == "" {
		return fmt.Sprintf("%sbad input at offset %d: %s", ctx, de.Offset, reason)
	}
	return fmt.Sprintf("%sbad input at offset %d: %s: %s", ctx, de.Offset, where, reason)
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
