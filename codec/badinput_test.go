package codec

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"testing"

	"github.com/ropcodec/ropcodec/lz77"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Table tests for malformed input: each case names the exact failure kind
// and the ROP, field and offset of the *DecodeError.

// badWant is the error a decoder must return; err nil means success.
type badWant struct {
	err        error
	rop, field string
	off        int
}

// badCheck fails unless err matches want exactly.
func badCheck(t *testing.T, in []byte, err error, want badWant) {
	t.Helper()
	if want.err == nil {
		assert.NoError(t, err, "decode(%x)", in)
		return
	}
	var de *DecodeError
	if !assert.ErrorAs(t, err, &de, "decode(%x)", in) {
		return
	}
	assert.ErrorIs(t, err, want.err, "decode(%x)", in)
	for _, s := range fzSentinels {
		// an unsized string that runs off the end is a missing NUL and a truncation
		if want.err == ErrMissingNUL && s == io.ErrUnexpectedEOF {
			continue
		}
		if s != want.err {
			assert.NotErrorIs(t, err, s, "decode(%x): only one failure kind", in)
		}
	}
	assert.Equal(t, badWant{want.err, want.rop, want.field, want.off}, badWant{want.err, de.ROP, de.Field, de.Offset}, "decode(%x): %v", in, err)
}

// badDec adapts a decoder to badCheck.
func badDec[T any](decode func([]byte) (T, int, error)) func([]byte) error {
	return func(b []byte) error {
		_, n, err := decode(b)
		if err == nil && (n < 0 || n > len(b)) {
			return fmt.Errorf("used %d of %d bytes", n, len(b))
		}
		return err
	}
}

// badUnmarshal adapts UnmarshalBinary of a new M to badCheck.
func badUnmarshal[M any, P interface {
	*M
	UnmarshalBinary([]byte) error
}]() func([]byte) error {
	return func(b []byte) error { return P(new(M)).UnmarshalBinary(b) }
}

// badFirstErr walks list and returns the first error the walk yields.
func badFirstErr[R any](walk func([]byte) iter.Seq2[R, error]) func([]byte) error {
	return func(list []byte) error {
		for _, err := range walk(list) {
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// Wire layouts, from which the error of every truncation is derived.

type badKind int

const (
	bFixed badKind = iota // cut inside: io.ErrUnexpectedEOF at its start
	bNUL                  // NUL-terminated, no size field: cut inside is ErrMissingNUL at its start
	bNeed                 // no bytes of its own: the count check of an array that needs size bytes
	bRest                 // runs to the end of the input: any cut decodes
	bTable                // handle table: a cut leaving a multiple of 4 bytes decodes, others are ErrSizeMismatch
	bLast                 // boundary between framed payloads: a cut here is ErrMissingLast
)

type badSpan struct {
	field string
	kind  badKind
	size  int
	rop   string // "" for the sample's ROP
}

func fx(field string, size int) badSpan   { return badSpan{field: field, size: size} }
func nulz(field string, size int) badSpan { return badSpan{field: field, kind: bNUL, size: size} }

// badTruncated returns the error of the first cut bytes of an encoding laid
// out as spans.
func badTruncated(rop string, spans []badSpan, cut int) badWant {
	s := 0
	for _, sp := range spans {
		r, end := cmp.Or(sp.rop, rop), s+sp.size
		switch sp.kind {
		case bFixed:
			if cut < end {
				return badWant{io.ErrUnexpectedEOF, r, sp.field, s}
			}
		case bNUL:
			if cut < end {
				return badWant{ErrMissingNUL, r, sp.field, s}
			}
		case bNeed:
			if cut < end {
				return badWant{io.ErrUnexpectedEOF, r, sp.field, s}
			}
			continue // takes no bytes
		case bRest:
			return badWant{}
		case bTable:
			if (cut-s)%4 != 0 {
				return badWant{ErrSizeMismatch, r, sp.field, s}
			}
			return badWant{}
		case bLast:
			if cut == s {
				return badWant{ErrMissingLast, r, "", s}
			}
		}
		s = end
	}
	panic(fmt.Sprintf("cut %d is not inside the %d-byte layout", cut, s))
}

func badLogonTimeSpans() []badSpan {
	return []badSpan{fx("Seconds", 1), fx("Minutes", 1), fx("Hour", 1), fx("DayOfWeek", 1), fx("Day", 1), fx("Month", 1), fx("Year", 2)}
}

func badHeaderSpans() []badSpan {
	return []badSpan{fx("Version", 2), fx("Flags", 2), fx("Size", 2), fx("SizeActual", 2)}
}

// badResp is RopId, the handle index named idx and ReturnValue, then more.
func badResp(idx string, more ...badSpan) []badSpan {
	return append([]badSpan{fx("RopId", 1), fx(idx, 1), fx("ReturnValue", 4)}, more...)
}

// badDecoder is one way to decode a sample; generic is set for DecodeRequest
// and DecodeResponse, whose error for empty input names no ROP.
type badDecoder struct {
	name    string
	decode  func([]byte) error
	generic bool
}

var (
	badRequest  = badDecoder{"DecodeRequest", badDec(DecodeRequest), true}
	badResponse = badDecoder{"DecodeResponse", badDec(DecodeResponse), true}
)

func badD[T any](name string, decode func([]byte) (T, int, error)) badDecoder {
	return badDecoder{name: name, decode: badDec(decode)}
}

type badSample struct {
	name     string
	rop      string
	enc      []byte
	spans    []badSpan
	decoders []badDecoder
}

func badSamples(t *testing.T) []badSample {
	logonReq := func(essdn string) []badSpan {
		s := []badSpan{fx("RopId", 1), fx("LogonId", 1), fx("OutputHandleIndex", 1), fx("LogonFlags", 1),
			fx("OpenFlags", 4), fx("StoreState", 4), fx("EssdnSize", 2)}
		if essdn != "" {
			s = append(s, fx("Essdn", len(essdn)+1))
		}
		return s
	}
	priv := badResp("OutputHandleIndex", fx("LogonFlags", 1), fx("FolderIds", 104), fx("ResponseFlags", 1),
		fx("MailboxGuid", 16), fx("ReplId", 2), fx("ReplGuid", 16))
	priv = append(append(priv, badLogonTimeSpans()...), fx("GwartTime", 8), fx("StoreState", 4))
	rb := fzROPBuffers(t)[0]
	rb.RopsList = rb.RopsList[:3] // just the RopLogon request's first bytes
	rb.ServerObjectHandleTable = []uint32{1, 2}
	data1, data2 := []byte{1, 2, 3, 4, 5}, []byte{6, 7}
	framed, err := AppendRPCPayload(nil, data1, HeaderXorMagic)
	require.NoError(t, err)
	if framed, err = AppendRPCPayload(framed, data2, HeaderLast); err != nil {
		t.Fatal(err)
	}
	hdr := func() []badSpan {
		s := badHeaderSpans()
		for i := range s {
			s[i].rop = "RPC_HEADER_EXT"
		}
		return s
	}
	payloadSpans := append(append([]badSpan{{kind: bLast}}, hdr()...), fx("payload", len(data1)), badSpan{kind: bLast})
	payloadSpans = append(append(payloadSpans, hdr()...), fx("payload", len(data2)))

	logonResp := func(decode badDecoder) []badDecoder {
		return []badDecoder{decode, badD("DecodeRopLogonResponse", DecodeRopLogonResponse), badResponse}
	}
	enc := func(m Message) []byte { return fzEncode(t, m) }
	return []badSample{
		{"RopLogonRequest private", "RopLogon", enc(fzLogonReqPrivate), logonReq(fzEssdn),
			[]badDecoder{badD("DecodeRopLogonRequest", DecodeRopLogonRequest), badRequest}},
		{"RopLogonRequest public", "RopLogon", enc(fzLogonReqPublic), logonReq(""),
			[]badDecoder{badD("DecodeRopLogonRequest", DecodeRopLogonRequest), badRequest}},
		{"RopLogonPrivateResponse", "RopLogon", enc(fzLogonPrivate), priv,
			logonResp(badD("DecodeRopLogonPrivateResponse", DecodeRopLogonPrivateResponse))},
		{"RopLogonPublicResponse", "RopLogon", enc(fzLogonPublic),
			badResp("OutputHandleIndex", fx("LogonFlags", 1), fx("FolderIds", 104), fx("ReplId", 2), fx("ReplGuid", 16), fx("PerUserGuid", 16)),
			logonResp(badD("DecodeRopLogonPublicResponse", DecodeRopLogonPublicResponse))},
		{"RopLogonRedirectResponse", "RopLogon", enc(fzLogonRedirect),
			badResp("OutputHandleIndex", fx("LogonFlags", 1), fx("ServerNameSize", 1), fx("ServerName", len(fzServer)+1)),
			logonResp(badD("DecodeRopLogonRedirectResponse", DecodeRopLogonRedirectResponse))},
		{"RopLogonFailureResponse", "RopLogon", enc(fzLogonFailure), badResp("OutputHandleIndex"),
			logonResp(badD("DecodeRopLogonFailureResponse", DecodeRopLogonFailureResponse))},
		{"RopReleaseRequest", "RopRelease", enc(fzRelease), []badSpan{fx("RopId", 1), fx("LogonId", 1), fx("InputHandleIndex", 1)},
			[]badDecoder{badD("DecodeRopReleaseRequest", DecodeRopReleaseRequest), badRequest}},
		{"RopGetReceiveFolderRequest", "RopGetReceiveFolder", enc(fzGRFRequest),
			[]badSpan{fx("RopId", 1), fx("LogonId", 1), fx("InputHandleIndex", 1), nulz("MessageClass", len(fzGRFRequest.MessageClass)+1)},
			[]badDecoder{badD("DecodeRopGetReceiveFolderRequest", DecodeRopGetReceiveFolderRequest), badRequest}},
		{"RopGetReceiveFolderSuccessResponse", "RopGetReceiveFolder", enc(fzGRFSuccess),
			badResp("InputHandleIndex", fx("FolderId", 8), nulz("ExplicitMessageClass", len(fzGRFSuccess.ExplicitMessageClass)+1)),
			[]badDecoder{badD("DecodeRopGetReceiveFolderSuccessResponse", DecodeRopGetReceiveFolderSuccessResponse),
				badD("DecodeRopGetReceiveFolderResponse", DecodeRopGetReceiveFolderResponse), badResponse}},
		{"RopGetReceiveFolderFailureResponse", "RopGetReceiveFolder", enc(fzGRFFailure), badResp("InputHandleIndex"),
			[]badDecoder{badD("DecodeRopGetReceiveFolderFailureResponse", DecodeRopGetReceiveFolderFailureResponse),
				badD("DecodeRopGetReceiveFolderResponse", DecodeRopGetReceiveFolderResponse), badResponse}},
		{"RopGetOwningServersRequest", "RopGetOwningServers", enc(fzGOSRequest),
			[]badSpan{fx("RopId", 1), fx("LogonId", 1), fx("InputHandleIndex", 1), fx("FolderId", 8)},
			[]badDecoder{badD("DecodeRopGetOwningServersRequest", DecodeRopGetOwningServersRequest), badRequest}},
		{"RopGetOwningServersSuccessResponse", "RopGetOwningServers", enc(fzGOSSuccess),
			badResp("InputHandleIndex", fx("OwningServersCount", 2), fx("CheapServersCount", 2), badSpan{field: "OwningServers", kind: bNeed, size: 2},
				nulz("OwningServers", len(fzGOSSuccess.OwningServers[0])+1), nulz("OwningServers", len(fzGOSSuccess.OwningServers[1])+1)),
			[]badDecoder{badD("DecodeRopGetOwningServersSuccessResponse", DecodeRopGetOwningServersSuccessResponse),
				badD("DecodeRopGetOwningServersResponse", DecodeRopGetOwningServersResponse), badResponse}},
		{"RopGetOwningServersFailureResponse", "RopGetOwningServers", enc(fzGOSFailure), badResp("InputHandleIndex"),
			[]badDecoder{badD("DecodeRopGetOwningServersFailureResponse", DecodeRopGetOwningServersFailureResponse),
				badD("DecodeRopGetOwningServersResponse", DecodeRopGetOwningServersResponse), badResponse}},
		{"RopSetColumnsSuccessResponse", "RopSetColumns", enc(fzSetColsSuccess), badResp("InputHandleIndex", fx("TableStatus", 1)),
			[]badDecoder{badD("DecodeRopSetColumnsSuccessResponse", DecodeRopSetColumnsSuccessResponse),
				badD("DecodeRopSetColumnsResponse", DecodeRopSetColumnsResponse), badResponse}},
		{"RopSetColumnsFailureResponse", "RopSetColumns", enc(fzSetColsFailure), badResp("InputHandleIndex"),
			[]badDecoder{badD("DecodeRopSetColumnsFailureResponse", DecodeRopSetColumnsFailureResponse),
				badD("DecodeRopSetColumnsResponse", DecodeRopSetColumnsResponse), badResponse}},
		{"RopBackoffResponse", "RopBackoff", enc(fzBackoff),
			[]badSpan{fx("RopId", 1), fx("LogonId", 1), fx("Duration", 4), fx("BackoffRopCount", 1),
				{field: "BackoffRopData", kind: bNeed, size: 10}, fx("RopIdBackoff", 1), fx("Duration", 4), fx("RopIdBackoff", 1), fx("Duration", 4),
				fx("AdditionalDataSize", 2), fx("AdditionalData", 3)},
			[]badDecoder{badD("DecodeRopBackoffResponse", DecodeRopBackoffResponse), badResponse}},
		// RequestBuffers runs to the end of the buffer: any cut after SizeNeeded decodes.
		{"RopBufferTooSmallResponse", "RopBufferTooSmall", enc(fzBufferTooSmall),
			[]badSpan{fx("RopId", 1), fx("SizeNeeded", 2), {field: "RequestBuffers", kind: bRest}},
			[]badDecoder{badD("DecodeRopBufferTooSmallResponse", DecodeRopBufferTooSmallResponse), badResponse}},
		{"LogonTime", "LogonTime", enc(fzLogonTime), badLogonTimeSpans(), []badDecoder{badD("DecodeLogonTime", DecodeLogonTime)}},
		{"BackoffRop", "BackoffRop", enc(fzBackoffRop), []badSpan{fx("RopIdBackoff", 1), fx("Duration", 4)},
			[]badDecoder{badD("DecodeBackoffRop", DecodeBackoffRop)}},
		{"RPCHeaderExt", "RPC_HEADER_EXT", enc(fzRPCHeader), badHeaderSpans(), []badDecoder{badD("DecodeRPCHeaderExt", DecodeRPCHeaderExt)}},
		// The handle table runs to the end of the buffer: a cut leaving whole handles decodes.
		{"ROPBuffer", "ROPBuffer", enc(rb), []badSpan{fx("RopSize", 2), fx("RopsList", 3), {field: "ServerObjectHandleTable", kind: bTable}},
			[]badDecoder{badD("DecodeROPBuffer", DecodeROPBuffer)}},
		// A cut between two framed payloads leaves a buffer without Last.
		{"RPC payloads", "RPC_HEADER_EXT", framed, payloadSpans,
			[]badDecoder{{name: "DecodeRPCPayloads", decode: func(b []byte) error { _, err := DecodeRPCPayloads(b); return err }}}},
	}
}

// TestBadInputTruncated cuts every valid encoding at every length and checks
// the error of each cut against the wire layout. Most cuts are
// io.ErrUnexpectedEOF at the start of the field that the cut falls in (for an
// array, at the start of the array: its count is checked against the bytes
// left before anything is read). The exceptions follow from the layout, not
// from the decoders: a prefix keeps the RopId, so none is ErrWrongRopID, but
//   - a NUL-terminated string without a size field that the cut ends early is
//     ErrMissingNUL at its start: the decoder cannot tell a truncated string
//     from an unterminated one;
//   - RopBufferTooSmall's RequestBuffers and ROPBuffer's handle table run to
//     the end of the input, so a cut inside them can leave a valid, shorter
//     message (for the handle table, when whole handles remain; otherwise
//     ErrSizeMismatch at the table's start);
//   - RPC_HEADER_EXT framing cut between two payloads is ErrMissingLast.
//
// Every cut leaves no capacity after the input, so that a decoder reading past
// its end panics instead of reading stale bytes.
func TestBadInputTruncated(t *testing.T) {
	for _, s := range badSamples(t) {
		t.Run(s.name, func(t *testing.T) {
			for _, d := range s.decoders {
				t.Run(d.name, func(t *testing.T) {
					if err := d.decode(s.enc); err != nil {
						t.Fatalf("decode of the whole %x: %v", s.enc, err)
					}
					for cut := range len(s.enc) {
						want := badTruncated(s.rop, s.spans, cut)
						if cut == 0 && d.generic {
							want.rop = "" // DecodeRequest and DecodeResponse cannot name the ROP of empty input
						}
						in := s.enc[:cut:cut]
						badCheck(t, in, d.decode(in), want)
					}
				})
			}
		})
	}
}

// unsupportedRopID returns the lowest RopId that the registry has no ROP
// for, so that tests of unknown RopIds hold as ROPs are added.
func unsupportedRopID(t *testing.T) uint8 {
	t.Helper()
	for id := 1; id < 256; id++ {
		if LookupROP(uint8(id)) == nil {
			return uint8(id)
		}
	}
	t.Fatal("the registry has a ROP for every RopId")
	return 0
}

// responseOnlyRopID returns the RopId of a ROP that has responses and no
// request (RopBackoff), as the registry says.
func responseOnlyRopID(t *testing.T) uint8 {
	t.Helper()
	for _, r := range ROPs() {
		if r.Request == nil && len(r.Responses) > 0 {
			return r.ID
		}
	}
	t.Fatal("the registry has no ROP with responses only")
	return 0
}

// badCat joins byte strings.
func badCat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func badU16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }

func TestBadInput(t *testing.T) {
	// RopLogon request up to EssdnSize: Private, USE_PER_MDB_REPLID_MAPPING; Essdn at offset 14.
	logonReq := []byte{0xFE, 0, 0, 0x01, 0, 0, 0, 0x01, 0, 0, 0, 0}
	// Redirect response up to ServerNameSize: ecWrongServer, Private; ServerName at offset 8.
	redirect := []byte{0xFE, 0, 0x78, 0x04, 0, 0, 0x01}
	priv478 := fzEncode(t, fzLogonPrivate)
	binary.LittleEndian.PutUint32(priv478[2:], 0x478)
	setCols := fzEncode(t, fzSetColsSuccess)
	release := fzEncode(t, fzRelease)
	unknown, responseOnly := unsupportedRopID(t), responseOnlyRopID(t)
	rpcHdr := func(flags RPCHeaderExtFlags, size, actual uint16) []byte {
		return badCat(badU16(0), badU16(uint16(flags)), badU16(size), badU16(actual))
	}

	tests := []struct {
		name   string
		decode func([]byte) error
		in     []byte
		want   badWant
	}{
		// RopId
		{"RopRelease given to DecodeRopLogonRequest", badDec(DecodeRopLogonRequest), release,
			badWant{ErrWrongRopID, "RopLogon", "RopId", 0}},
		{"RopLogon response given to DecodeRopSetColumnsResponse", badDec(DecodeRopSetColumnsResponse), fzEncode(t, fzLogonFailure),
			badWant{ErrWrongRopID, "RopSetColumns", "RopId", 0}},
		{"RopSetColumns given to RopBackoffResponse.UnmarshalBinary", badUnmarshal[RopBackoffResponse](), setCols,
			badWant{ErrWrongRopID, "RopBackoff", "RopId", 0}},

		// NUL-terminated strings with a size field
		{"Essdn NUL before its last byte", badDec(DecodeRopLogonRequest), badCat(logonReq, badU16(6), []byte("/o\x00ab\x00")),
			badWant{ErrSizeMismatch, "RopLogon", "Essdn", 16}},
		{"ServerName NUL before its last byte", badDec(DecodeRopLogonRedirectResponse), badCat(redirect, []byte{5}, []byte("Be\x00a\x00")),
			badWant{ErrSizeMismatch, "RopLogon", "ServerName", 10}},
		{"Essdn without NUL", badDec(DecodeRopLogonRequest), badCat(logonReq, badU16(4), []byte("/o=x")),
			badWant{ErrMissingNUL, "RopLogon", "Essdn", 14}},
		{"ServerName without NUL", badDec(DecodeRopLogonRedirectResponse), badCat(redirect, []byte{4}, []byte("Beta")),
			badWant{ErrMissingNUL, "RopLogon", "ServerName", 8}},
		{"ServerName without NUL, through DecodeResponse", badDec(DecodeResponse), badCat(redirect, []byte{4}, []byte("Beta")),
			badWant{ErrMissingNUL, "RopLogon", "ServerName", 8}},
		{"Essdn non-ASCII", badDec(DecodeRopLogonRequest), badCat(logonReq, badU16(5), []byte("/o\xC3\xA9\x00")),
			badWant{ErrNotASCII, "RopLogon", "Essdn", 16}},
		{"ServerName non-ASCII", badDec(DecodeRopLogonRedirectResponse), badCat(redirect, []byte{5}, []byte("B\x80ta\x00")),
			badWant{ErrNotASCII, "RopLogon", "ServerName", 9}},
		{"ServerNameSize 0", badDec(DecodeRopLogonRedirectResponse), badCat(redirect, []byte{0}),
			badWant{ErrZeroSize, "RopLogon", "ServerName", 8}},
		{"ServerNameSize 0 with bytes after it", badDec(DecodeRopLogonRedirectResponse), badCat(redirect, []byte{0}, []byte("Beta\x00")),
			badWant{ErrZeroSize, "RopLogon", "ServerName", 8}},
		{"EssdnSize beyond the input", badDec(DecodeRopLogonRequest), badCat(logonReq, badU16(10), []byte("/o=x\x00")),
			badWant{io.ErrUnexpectedEOF, "RopLogon", "Essdn", 14}},
		{"EssdnSize 0 is an empty Essdn", badDec(DecodeRopLogonRequest), badCat(logonReq, badU16(0)), badWant{}},

		// NUL-terminated strings without a size field
		{"MessageClass without NUL", badDec(DecodeRopGetReceiveFolderRequest), []byte{0x27, 0, 0, 'I', 'P', 'M'},
			badWant{ErrMissingNUL, "RopGetReceiveFolder", "MessageClass", 3}},
		{"OwningServers non-ASCII in the second string", badDec(DecodeRopGetOwningServersSuccessResponse),
			[]byte{0x42, 0, 0, 0, 0, 0, 2, 0, 1, 0, 'a', 0, 'b', 0xE9, 0},
			badWant{ErrNotASCII, "RopGetOwningServers", "OwningServers", 13}},

		// Whole messages
		{"trailing byte after RopRelease", badUnmarshal[RopReleaseRequest](), badCat(release, []byte{0}),
			badWant{ErrTrailingBytes, "RopRelease", "", 3}},
		{"trailing RopId after a public RopLogon", badUnmarshal[RopLogonRequest](), badCat(fzEncode(t, fzLogonReqPublic), []byte{0xFE}),
			badWant{ErrTrailingBytes, "RopLogon", "", 14}},
		{"trailing bytes after RopSetColumns", badUnmarshal[RopSetColumnsSuccessResponse](), badCat(setCols, setCols),
			badWant{ErrTrailingBytes, "RopSetColumns", "", 7}},

		// ReturnValue against the shape
		{"ReturnValue 0 in RopLogonFailureResponse", badUnmarshal[RopLogonFailureResponse](), []byte{0xFE, 0, 0, 0, 0, 0},
			badWant{ErrUnexpectedValue, "RopLogon", "ReturnValue", 2}},
		{"ReturnValue 0x478 in RopLogonFailureResponse", badUnmarshal[RopLogonFailureResponse](), []byte{0xFE, 0, 0x78, 0x04, 0, 0},
			badWant{ErrUnexpectedValue, "RopLogon", "ReturnValue", 2}},
		{"ReturnValue 0x478 in RopLogonPrivateResponse", badDec(DecodeRopLogonPrivateResponse), priv478,
			badWant{ErrUnexpectedValue, "RopLogon", "ReturnValue", 2}},
		{"ReturnValue 0 in RopSetColumnsFailureResponse", badDec(DecodeRopSetColumnsFailureResponse), []byte{0x12, 0, 0, 0, 0, 0},
			badWant{ErrUnexpectedValue, "RopSetColumns", "ReturnValue", 2}},
		{"ReturnValue 0x478 in RopLogonRedirectResponse is required", badDec(DecodeRopLogonRedirectResponse), []byte{0xFE, 0, 0x79, 0x04, 0, 0, 0, 1, 0},
			badWant{ErrUnexpectedValue, "RopLogon", "ReturnValue", 2}},

		// Counts and sizes
		{"BackoffRopCount 255 in 12 bytes", badDec(DecodeRopBackoffResponse), []byte{0xF9, 0, 0, 0, 0, 0, 0xFF, 0xFE, 1, 0, 0, 0},
			badWant{io.ErrUnexpectedEOF, "RopBackoff", "BackoffRopData", 7}},
		{"AdditionalDataSize beyond the input", badDec(DecodeRopBackoffResponse), []byte{0xF9, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1},
			badWant{io.ErrUnexpectedEOF, "RopBackoff", "AdditionalData", 9}},
		{"OwningServersCount beyond the input", badDec(DecodeRopGetOwningServersSuccessResponse),
			[]byte{0x42, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 0, 'a', 0},
			badWant{io.ErrUnexpectedEOF, "RopGetOwningServers", "OwningServers", 10}},
		{"RopSize 1", badDec(DecodeROPBuffer), []byte{1, 0, 0xFF, 0xFF, 0xFF, 0xFF},
			badWant{ErrSizeMismatch, "ROPBuffer", "RopsList", 2}},
		{"RopSize 0", badDec(DecodeROPBuffer), []byte{0, 0},
			badWant{ErrSizeMismatch, "ROPBuffer", "RopsList", 2}},
		{"RopSize beyond the input", badDec(DecodeROPBuffer), badCat(badU16(2+20), release),
			badWant{io.ErrUnexpectedEOF, "ROPBuffer", "RopsList", 2}},
		{"handle table of 7 bytes", badDec(DecodeROPBuffer), badCat(badU16(2+3), release, []byte{1, 0, 0, 0, 2, 0, 0}),
			badWant{ErrSizeMismatch, "ROPBuffer", "ServerObjectHandleTable", 5}},

		// RopsList walks
		{"unknown RopId after a RopSetColumns response", badFirstErr(Responses), badCat(setCols, []byte{unknown, 0, 0, 0, 0, 0, 0}),
			badWant{ErrUnsupportedROP, "", "RopId", 7}},
		{"RopId of a response-only ROP among requests", badFirstErr(Requests), badCat(release, release, []byte{responseOnly, 0, 0, 0, 0, 0, 0}),
			badWant{ErrUnsupportedROP, "", "RopId", 6}},
		{"truncated second response", badFirstErr(Responses), badCat(setCols, setCols[:4]),
			badWant{io.ErrUnexpectedEOF, "RopSetColumns", "ReturnValue", 9}},
		{"bad string in the second request", badFirstErr(Requests), badCat(release, []byte{0x27, 0, 0, 'I', 0x80, 0}),
			badWant{ErrNotASCII, "RopGetReceiveFolder", "MessageClass", 7}},

		// RPC_HEADER_EXT framing
		{"Compressed, Size not below SizeActual", badFirstPayloadErr, badCat(rpcHdr(0, 1, 1), []byte{0x12}, rpcHdr(HeaderCompressed|HeaderLast, 2, 2), []byte{1, 2}),
			badWant{ErrSizeMismatch, "RPC_HEADER_EXT", "Size", 9}},
		{"compressed payload ending before SizeActual", badFirstPayloadErr, badCat(rpcHdr(HeaderCompressed|HeaderLast, 5, 9), []byte{0xFF, 0xFF, 0xFF, 0x7F, 'a'}),
			badWant{lz77.ErrOutputTooShort, "RPC_HEADER_EXT", "payload", 13}},
		{"compressed payload cut inside a flag word", badFirstPayloadErr, badCat(rpcHdr(HeaderCompressed|HeaderLast, 2, 9), []byte{0xFF, 0xFF}),
			badWant{io.ErrUnexpectedEOF, "RPC_HEADER_EXT", "payload", 8}},
		{"compressed payload with a match before its start", badFirstPayloadErr, badCat(rpcHdr(HeaderCompressed|HeaderXorMagic|HeaderLast, 6, 9), []byte{0x5A, 0x5A, 0x5A, 0x5A, 0xA5, 0xA5}), // FF FF FF FF 00 00 XOR 0xA5
			badWant{lz77.ErrMatchBeforeStart, "RPC_HEADER_EXT", "payload", 12}},
		{"SizeActual above MaxPayloadSize", badFirstPayloadErr, badCat(rpcHdr(HeaderLast, 0x8001, 0x8001), []byte{1}),
			badWant{ErrTooLong, "RPC_HEADER_EXT", "SizeActual", 0}},
		{"compressed SizeActual above MaxPayloadSize", badFirstPayloadErr, badCat(rpcHdr(HeaderCompressed|HeaderLast, 4, 0x8001), []byte{0xFF, 0xFF, 0xFF, 0xFF}),
			badWant{ErrTooLong, "RPC_HEADER_EXT", "SizeActual", 0}},
		{"Size != SizeActual", badFirstPayloadErr, badCat(rpcHdr(HeaderLast, 3, 4), []byte{1, 2, 3}),
			badWant{ErrSizeMismatch, "RPC_HEADER_EXT", "SizeActual", 0}},
		{"Size beyond the input", badFirstPayloadErr, badCat(rpcHdr(HeaderLast, 0x10, 0x10), []byte{1, 2, 3}),
			badWant{io.ErrUnexpectedEOF, "RPC_HEADER_EXT", "payload", 8}},
		{"no Last", badFirstPayloadErr, badCat(rpcHdr(HeaderXorMagic, 2, 2), []byte{1, 2}),
			badWant{ErrMissingLast, "RPC_HEADER_EXT", "", 10}},
		{"empty rgbOut", badFirstPayloadErr, nil,
			badWant{ErrMissingLast, "RPC_HEADER_EXT", "", 0}},
		{"Version 1", badFirstPayloadErr, badCat([]byte{1, 0}, rpcHdr(HeaderLast, 0, 0)[2:]),
			badWant{ErrUnexpectedValue, "RPC_HEADER_EXT", "Version", 0}},
		{"bytes after Last", badFirstPayloadErr, badCat(rpcHdr(HeaderLast, 1, 1), []byte{1, 2}),
			badWant{ErrTrailingBytes, "RPC_HEADER_EXT", "", 9}},
		{"truncated second header", badFirstPayloadErr, badCat(rpcHdr(0, 1, 1), []byte{1}, rpcHdr(HeaderLast, 0, 0)[:5]),
			badWant{io.ErrUnexpectedEOF, "RPC_HEADER_EXT", "Size", 13}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { badCheck(t, tt.in, tt.decode(tt.in), tt.want) })
	}
}

func badFirstPayloadErr(b []byte) error {
	_, err := DecodeRPCPayloads(b)
	return err
}

// A count the input cannot hold is refused before anything is allocated for
// it: the only allocation is the *DecodeError.
func TestBadInputNoLargeAllocation(t *testing.T) {
	in := []byte{0xF9, 0, 0, 0, 0, 0, 0xFF, 0xFE, 1, 0, 0, 0}
	if len(in) != 12 {
		t.Fatalf("input is %d bytes", len(in))
	}
	var err error
	if n := testing.AllocsPerRun(100, func() { _, _, err = DecodeRopBackoffResponse(in) }); n > 1 {
		t.Errorf("DecodeRopBackoffResponse(%x) allocates %.0f times, want at most 1 (the error)", in, n)
	}
	badCheck(t, in, err, badWant{io.ErrUnexpectedEOF, "RopBackoff", "BackoffRopData", 7})

	in = []byte{0x42, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 'a', 0}
	if n := testing.AllocsPerRun(100, func() { _, _, err = DecodeRopGetOwningServersSuccessResponse(in) }); n > 1 {
		t.Errorf("DecodeRopGetOwningServersSuccessResponse(%x) allocates %.0f times, want at most 1 (the error)", in, n)
	}
	badCheck(t, in, err, badWant{io.ErrUnexpectedEOF, "RopGetOwningServers", "OwningServers", 10})
}

func TestBadInputErrorText(t *testing.T) {
	tests := []struct {
		in     []byte
		decode func([]byte) error
		want   string
	}{
		{[]byte{0xFE, 0, 0x78, 0x04, 0, 0, 0x01, 4, 'B', 'e', 't', 'a'}, badDec(DecodeRopLogonRedirectResponse),
			"codec: RopLogon: ServerName at offset 8: missing NUL terminator"},
		{[]byte{0xFE, 0, 0, 0x01, 0, 0, 0, 0x01, 0, 0, 0, 0, 5, 0, '/', 'o', 0xC3, 0xA9, 0}, badDec(DecodeRopLogonRequest),
			"codec: RopLogon: Essdn at offset 16: non-ASCII byte in ASCII string 0xC3"},
		{[]byte{0x01, 0, 1, unsupportedRopID(t)}, badFirstErr(Requests),
			fmt.Sprintf("codec: RopId at offset 3: unsupported RopId 0x%02X", unsupportedRopID(t))},
		{[]byte{0x01, 0, 1}, badDec(DecodeRopLogonRequest),
			"codec: RopLogon: RopId at offset 0: unexpected RopId 0x01, want 0xFE"},
	}
	for _, tt := range tests {
		if err := tt.decode(tt.in); err == nil || err.Error() != tt.want {
			t.Errorf("decode(%x) = %v, want %q", tt.in, err, tt.want)
		}
	}
}
