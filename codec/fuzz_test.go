package codec

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Fuzz targets for every decoder of the package. Each checks, through
// roundTrip, that decoding never panics, that it reports a well-formed
// *DecodeError or a count of bytes within the input, and that a decoded value
// either re-encodes to bytes that decode to the same value or is refused with
// an *EncodeError (values that are legal to receive but not to send, such as
// undefined flag bits).

// fzAppender is what every message type and ROP interface has in common.
type fzAppender interface {
	AppendBinary([]byte) ([]byte, error)
}

// fzSentinels lists every failure kind a *DecodeError may carry.
var fzSentinels = []error{
	io.ErrUnexpectedEOF, ErrMissingNUL, ErrSizeMismatch, ErrNotASCII, ErrZeroSize, ErrTrailingBytes,
	ErrWrongRopID, ErrUnexpectedValue, ErrUnsupportedROP, ErrCompressed, ErrMissingLast,
}

// fzCheckDecodeErr fails unless err is a *DecodeError whose offset lies in
// in and that wraps exactly one known failure kind.
func fzCheckDecodeErr(t *testing.T, what string, in []byte, err error) {
	t.Helper()
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("%s(%x): error %T %v is not a *DecodeError", what, in, err, err)
	}
	if de.Offset < 0 || de.Offset > len(in) {
		t.Fatalf("%s(%x): offset %d outside the %d-byte input: %v", what, in, de.Offset, len(in), err)
	}
	kinds := 0
	for _, s := range fzSentinels {
		if errors.Is(err, s) {
			kinds++
		}
	}
	// A string without a size field that runs off the end of the input is
	// both a missing NUL and a truncation; every other error is one kind.
	if kinds == 2 && errors.Is(err, ErrMissingNUL) && errors.Is(err, io.ErrUnexpectedEOF) {
		kinds = 1
	}
	if kinds != 1 {
		t.Fatalf("%s(%x): error wraps %d known failure kinds, want 1: %v", what, in, kinds, err)
	}
}

// roundTrip checks one decoder on in. P is *T, through which the decoded value
// is encoded again; when P also has UnmarshalBinary, that is checked to agree
// with decode.
func roundTrip[T any, P interface {
	*T
	fzAppender
}](t *testing.T, in []byte, decode func([]byte) (T, int, error)) {
	t.Helper()
	v, n, err := decode(in)
	// The bytes past len(in), in spare capacity, must not matter.
	g := append(bytes.Clone(in), 0xEE, 0x00, 0xFF, 0x80, 0x01)[:len(in)]
	if vg, ng, errg := decode(g); ng != n || !reflect.DeepEqual(vg, v) || fmt.Sprint(errg) != fmt.Sprint(err) {
		t.Fatalf("decode(%x) = %+v, %d, %v, but with spare capacity after it %+v, %d, %v", in, v, n, err, vg, ng, errg)
	}
	var u T
	um, hasUnmarshal := any(P(&u)).(encoding.BinaryUnmarshaler)
	if err != nil {
		fzCheckDecodeErr(t, "decode", in, err)
		if n != 0 {
			t.Fatalf("decode(%x) failed but reports %d bytes used", in, n)
		}
		if hasUnmarshal {
			if uerr := um.UnmarshalBinary(in); uerr == nil || uerr.Error() != err.Error() {
				t.Fatalf("decode(%x): %v, but UnmarshalBinary: %v", in, err, uerr)
			}
		}
		return
	}
	if n < 0 || n > len(in) {
		t.Fatalf("decode(%x) used %d bytes of %d", in, n, len(in))
	}
	if v2, n2, err := decode(in[:n]); err != nil || n2 != n || !reflect.DeepEqual(v, v2) {
		t.Fatalf("decode(%x) = %+v, %d, but the %d bytes it used alone give %+v, %d, %v", in, v, n, n, v2, n2, err)
	}
	if hasUnmarshal {
		uerr := um.UnmarshalBinary(in)
		var de *DecodeError
		switch {
		case n == len(in) && (uerr != nil || !reflect.DeepEqual(u, v)):
			t.Fatalf("decode(%x) = %+v, but UnmarshalBinary gives %+v, %v", in, v, u, uerr)
		case n < len(in) && (!errors.Is(uerr, ErrTrailingBytes) || !errors.As(uerr, &de) || de.Offset != n):
			t.Fatalf("decode(%x) used %d bytes, but UnmarshalBinary: %v (want trailing bytes at offset %d)", in, n, uerr, n)
		}
	}

	prefix := []byte{0xA5, 0x5A}
	out, err := P(&v).AppendBinary(prefix[:2:2])
	if err != nil {
		var ee *EncodeError
		if !errors.As(err, &ee) {
			t.Fatalf("decode(%x) = %+v, which fails to encode with %T %v, not an *EncodeError", in, v, err, err)
		}
		if !bytes.Equal(out, prefix) {
			t.Fatalf("AppendBinary of %+v failed (%v) but changed its buffer to %x", v, err, out)
		}
		return
	}
	if !bytes.Equal(out[:2], prefix) {
		t.Fatalf("AppendBinary of %+v overwrote its buffer: %x", v, out)
	}
	enc := out[2:]
	// Appending into spare capacity full of garbage must write every byte.
	dirty := bytes.Repeat([]byte{0xEE}, 2+len(enc)+16)
	copy(dirty, prefix)
	if out2, err := P(&v).AppendBinary(dirty[:2]); err != nil || !bytes.Equal(out2, out) {
		t.Fatalf("AppendBinary of %+v into spare capacity = %x, %v; want %x", v, out2, err, out)
	}
	if m, ok := any(P(&v)).(encoding.BinaryMarshaler); ok {
		if mb, err := m.MarshalBinary(); err != nil || !bytes.Equal(mb, enc) {
			t.Fatalf("MarshalBinary of %+v = %x, %v; AppendBinary gives %x", v, mb, err, enc)
		}
	}
	v2, n2, err := decode(enc)
	if err != nil {
		t.Fatalf("decode(%x) = %+v, re-encoded as %x, which does not decode: %v", in, v, enc, err)
	}
	if n2 != len(enc) {
		t.Fatalf("decode(%x) = %+v, re-encoded as %x, of which decode uses %d bytes", in, v, enc, n2)
	}
	if !reflect.DeepEqual(v, v2) {
		t.Fatalf("decode(%x) = %+v, re-encoded as %x, decodes to %+v", in, v, enc, v2)
	}
	// A ROP the package encodes is read back as the same ROP by the RopId
	// switch that the RopsList walkers use.
	x := any(P(&v))
	if b, ok := x.(interface{ fzInner() any }); ok {
		x = b.fzInner()
	}
	var (
		back  any
		nb    int
		berr  error
		which string
	)
	switch x.(type) {
	case Response:
		back, nb, berr = DecodeResponse(enc)
		which = "DecodeResponse"
	case Request:
		back, nb, berr = DecodeRequest(enc)
		which = "DecodeRequest"
	default:
		return
	}
	if berr != nil || nb != len(enc) || !reflect.DeepEqual(back, x) {
		t.Fatalf("decode(%x) = %T %+v, encoded as %x, which %s reads as %T %+v using %d bytes, %v",
			in, x, x, enc, which, back, back, nb, berr)
	}
}

// fzBox holds the interface a dispatcher returns, so that roundTrip can
// encode it through a pointer.
type fzBox[I fzAppender] struct{ V I }

func (b *fzBox[I]) AppendBinary(p []byte) ([]byte, error) { return b.V.AppendBinary(p) }
func (b *fzBox[I]) fzInner() any                          { return b.V }

// fzBoxed adapts a dispatcher such as DecodeRopLogonResponse to roundTrip.
func fzBoxed[I fzAppender](decode func([]byte) (I, int, error)) func([]byte) (fzBox[I], int, error) {
	return func(b []byte) (fzBox[I], int, error) {
		v, n, err := decode(b)
		return fzBox[I]{v}, n, err
	}
}

// fzPayloads is the result of DecodeRPCPayloads; AppendBinary frames it again.
type fzPayloads []Payload

func (p *fzPayloads) AppendBinary(b []byte) ([]byte, error) {
	out := b
	for _, x := range *p {
		var err error
		if out, err = AppendRPCPayload(out, x.Data, x.Header.Flags); err != nil {
			return b, err
		}
	}
	return out, nil
}

// fzDecodePayloads is DecodeRPCPayloads, which must use the whole input.
func fzDecodePayloads(b []byte) (fzPayloads, int, error) {
	p, err := DecodeRPCPayloads(b)
	if err != nil {
		return nil, 0, err
	}
	return p, len(b), nil
}

// fzWalk checks that walking list yields what decode finds ROP by ROP, stops
// at the first error (reported at its offset in list), and that the ROPs it
// yields, encoded one after another, walk to the same ROPs.
func fzWalk[R fzAppender](t *testing.T, list []byte, walk func([]byte) iter.Seq2[R, error], decode func([]byte) (R, int, error)) {
	t.Helper()
	for range walk(list) {
		break // the walk must honour an early stop
	}
	var (
		rops     []R
		enc      []byte
		encOK    = true
		off      int
		failed   bool
		problem  string
		yieldsAt []int
	)
	for rop, err := range walk(list) {
		yieldsAt = append(yieldsAt, off)
		if failed || len(yieldsAt) > len(list) {
			problem = "walk goes on after an error or yields more ROPs than bytes"
			break
		}
		want, n, werr := decode(list[off:])
		if err != nil {
			fzCheckDecodeErr(t, "walk", list, err)
			var de, wde *DecodeError
			if werr == nil || !errors.As(err, &de) || !errors.As(werr, &wde) || de.Offset != wde.Offset+off ||
				de.ROP != wde.ROP || de.Field != wde.Field || de.Err.Error() != wde.Err.Error() {
				t.Fatalf("walk(%x) yields %v at ROP offset %d, decode there gives %v", list, err, off, werr)
			}
			failed = true
			continue
		}
		if werr != nil || !reflect.DeepEqual(rop, want) {
			t.Fatalf("walk(%x) yields %+v at offset %d, decode there gives %+v, %v", list, rop, off, want, werr)
		}
		off += n
		rops = append(rops, rop)
		if encOK {
			var e error
			if enc, e = rop.AppendBinary(enc); e != nil {
				encOK = false
			}
		}
	}
	if problem != "" {
		t.Fatalf("walk(%x): %s (yields at %v)", list, problem, yieldsAt)
	}
	if !failed && off != len(list) {
		t.Fatalf("walk(%x) stopped at offset %d without an error", list, off)
	}
	if !encOK {
		return
	}
	var again []R
	for rop, err := range walk(enc) {
		if err != nil {
			t.Fatalf("walk(%x): the ROPs re-encoded as %x do not walk: %v", list, enc, err)
		}
		again = append(again, rop)
	}
	if !reflect.DeepEqual(again, rops) {
		t.Fatalf("walk(%x) = %+v, re-encoded as %x, walks to %+v", list, rops, enc, again)
	}
}

// Seed values: valid messages of every type, built in Go.

var (
	fzGUID1 = GUID{0x38, 0xA1, 0xBB, 0x10, 0x05, 0xE5, 0x10, 0x1A, 0xA1, 0xBB, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2}
	fzGUID2 = GUID{0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82}

	fzEssdn  = "/o=First Organization/ou=Exchange Administrative Group/cn=Recipients/cn=Ed"
	fzServer = "/o=First Organization/ou=Exchange Administrative Group/cn=Configuration/cn=Servers/cn=Beta"

	fzLogonTime  = &LogonTime{Seconds: 30, Minutes: 45, Hour: 13, DayOfWeek: 2, Day: 19, Month: 11, Year: 2024}
	fzBackoffRop = &BackoffRop{RopIDBackoff: 0xFE, Duration: 1500}

	fzLogonReqPrivate = NewPrivateLogon(0, 0, fzEssdn)
	fzLogonReqPublic  = NewPublicLogon(1, 1, "")
	fzLogonReqAlt     = NewAlternateServerLogon(2, 3)
	fzLogonPrivate    = func() *RopLogonPrivateResponse {
		r := &RopLogonPrivateResponse{LogonFlags: LogonPrivate, ResponseFlags: ResponseReserved | ResponseOwnerRight | ResponseSendAsRight,
			MailboxGUID: fzGUID1, ReplID: 1, ReplGUID: fzGUID2, LogonTime: *fzLogonTime, GwartTime: 0x01D93A5B00000000}
		for i := range r.FolderIDs {
			r.FolderIDs[i] = uint64(i+1)<<48 | 1
		}
		return r
	}()
	fzLogonPublic   = &RopLogonPublicResponse{OutputHandleIndex: 1, FolderIDs: [13]uint64{1: 0x0001000000000001, 12: 0xFFFF}, ReplID: 5, ReplGUID: fzGUID2}
	fzLogonRedirect = &RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: fzServer}
	fzLogonFailure  = &RopLogonFailureResponse{OutputHandleIndex: 2, ReturnValue: 0x80040111} // ecLoginFailure

	fzRelease          = &RopReleaseRequest{LogonID: 0, InputHandleIndex: 1}
	fzGRFRequest       = &RopGetReceiveFolderRequest{InputHandleIndex: 0, MessageClass: "IPM.Note"}
	fzGRFRequestEmpty  = &RopGetReceiveFolderRequest{LogonID: 1}
	fzGRFSuccess       = &RopGetReceiveFolderSuccessResponse{FolderID: 0x0001000000000A01, ExplicitMessageClass: "IPM"}
	fzGRFFailure       = &RopGetReceiveFolderFailureResponse{InputHandleIndex: 3, ReturnValue: 0x8004010F} // ecNotFound
	fzGOSRequest       = &RopGetOwningServersRequest{LogonID: 0, InputHandleIndex: 1, FolderID: 0x0001000000000B01}
	fzGOSSuccess       = &RopGetOwningServersSuccessResponse{InputHandleIndex: 1, CheapServersCount: 1, OwningServers: []string{fzServer, "/o=First Organization/cn=Servers/cn=Gamma"}}
	fzGOSSuccessNone   = &RopGetOwningServersSuccessResponse{}
	fzGOSFailure       = &RopGetOwningServersFailureResponse{InputHandleIndex: 1, ReturnValue: 0x80004005}
	fzSetColsSuccess   = &RopSetColumnsSuccessResponse{InputHandleIndex: 1, TableStatus: 0x09}
	fzSetColsFailure   = &RopSetColumnsFailureResponse{InputHandleIndex: 1, ReturnValue: 0x80040102}
	fzBackoff          = &RopBackoffResponse{LogonID: 0, Duration: 500, BackoffRopData: []BackoffRop{{0xFE, 100}, {0x27, 200}}, AdditionalData: []byte{1, 2, 3}}
	fzBackoffEmpty     = &RopBackoffResponse{LogonID: 1, Duration: 10}
	fzBufferTooSmall   = &RopBufferTooSmallResponse{SizeNeeded: 0x1000, RequestBuffers: []byte{0x01, 0x00, 0x01}}
	fzBufferTooSmallNo = &RopBufferTooSmallResponse{SizeNeeded: 0x8000}
	fzRPCHeader        = &RPCHeaderExt{Flags: HeaderXorMagic | HeaderLast, Size: 0x20, SizeActual: 0x20}
)

// fzEncode returns the wire form of msgs, one after another.
func fzEncode(tb testing.TB, msgs ...fzAppender) []byte {
	tb.Helper()
	var b []byte
	for _, m := range msgs {
		var err error
		if b, err = m.AppendBinary(b); err != nil {
			tb.Fatalf("seed %+v does not encode: %v", m, err)
		}
	}
	return b
}

// fzROPBuffers are ROP input and output buffers holding whole RopsLists.
func fzROPBuffers(tb testing.TB) []*ROPBuffer {
	req := fzEncode(tb, fzLogonReqPrivate, fzRelease, fzGRFRequest, fzGOSRequest)
	resp := fzEncode(tb, fzLogonPrivate, fzSetColsSuccess, fzGRFFailure, fzBackoff)
	return []*ROPBuffer{
		{RopsList: req, ServerObjectHandleTable: []uint32{0xFFFFFFFF}},
		{RopsList: resp, ServerObjectHandleTable: []uint32{0x10, 0x20}},
		{},
	}
}

// fzPayloadSeeds are rgbIn/rgbOut buffers of one and two framed payloads.
func fzPayloadSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, rb := range fzROPBuffers(tb) {
		data := fzEncode(tb, rb)
		one, err := AppendRPCPayload(nil, data, HeaderLast)
		if err != nil {
			tb.Fatal(err)
		}
		two, err := AppendRPCPayload(nil, data, HeaderXorMagic)
		if err != nil {
			tb.Fatal(err)
		}
		if two, err = AppendRPCPayload(two, data[:len(data)/2], HeaderXorMagic|HeaderLast); err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, one, two)
	}
	return seeds
}

// fzAdd adds each encoding to the corpus, with truncated, corrupted and
// extended variants.
func fzAdd(f *testing.F, encs ...[]byte) {
	for _, b := range encs {
		f.Add(b)
		f.Add(append(bytes.Clone(b), 0x00))
		if len(b) == 0 {
			continue
		}
		f.Add(b[:len(b)-1])
		f.Add(b[:len(b)/2])
		for _, i := range []int{len(b) - 1, len(b) / 2, min(2, len(b)-1)} {
			c := bytes.Clone(b)
			c[i] ^= 0x80
			f.Add(c)
		}
	}
}

// fzSeed adds the encodings of msgs and their variants to the corpus.
func fzSeed(f *testing.F, msgs ...fzAppender) {
	for _, m := range msgs {
		fzAdd(f, fzEncode(f, m))
	}
}

// fzFuzz runs roundTrip over decode, seeded with msgs.
func fzFuzz[T any, P interface {
	*T
	fzAppender
}](f *testing.F, decode func([]byte) (T, int, error), msgs ...fzAppender) {
	fzSeed(f, msgs...)
	f.Fuzz(func(t *testing.T, in []byte) { roundTrip[T, P](t, in, decode) })
}

func FuzzLogonTime(f *testing.F)  { fzFuzz(f, DecodeLogonTime, fzLogonTime) }
func FuzzBackoffRop(f *testing.F) { fzFuzz(f, DecodeBackoffRop, fzBackoffRop) }
func FuzzROPBuffer(f *testing.F) {
	b := fzROPBuffers(f)
	fzFuzz(f, DecodeROPBuffer, b[0], b[1], b[2])
}
func FuzzRPCHeaderExt(f *testing.F) {
	fzFuzz(f, DecodeRPCHeaderExt, fzRPCHeader, &RPCHeaderExt{Flags: HeaderCompressed, Size: 4, SizeActual: 9})
}
func FuzzRPCPayloads(f *testing.F) {
	fzAdd(f, fzPayloadSeeds(f)...)
	f.Fuzz(func(t *testing.T, in []byte) { roundTrip(t, in, fzDecodePayloads) })
}

func FuzzRopLogonRequest(f *testing.F) {
	fzFuzz(f, DecodeRopLogonRequest, fzLogonReqPrivate, fzLogonReqPublic, fzLogonReqAlt)
}
func FuzzRopLogonPrivateResponse(f *testing.F) {
	fzFuzz(f, DecodeRopLogonPrivateResponse, fzLogonPrivate)
}
func FuzzRopLogonPublicResponse(f *testing.F) { fzFuzz(f, DecodeRopLogonPublicResponse, fzLogonPublic) }
func FuzzRopLogonRedirectResponse(f *testing.F) {
	fzFuzz(f, DecodeRopLogonRedirectResponse, fzLogonRedirect)
}
func FuzzRopLogonFailureResponse(f *testing.F) {
	fzFuzz(f, DecodeRopLogonFailureResponse, fzLogonFailure)
}
func FuzzRopLogonResponse(f *testing.F) {
	fzFuzz(f, fzBoxed(DecodeRopLogonResponse), fzLogonPrivate, fzLogonPublic, fzLogonRedirect, fzLogonFailure)
}

func FuzzRopReleaseRequest(f *testing.F) { fzFuzz(f, DecodeRopReleaseRequest, fzRelease) }

func FuzzRopGetReceiveFolderRequest(f *testing.F) {
	fzFuzz(f, DecodeRopGetReceiveFolderRequest, fzGRFRequest, fzGRFRequestEmpty)
}
func FuzzRopGetReceiveFolderSuccessResponse(f *testing.F) {
	fzFuzz(f, DecodeRopGetReceiveFolderSuccessResponse, fzGRFSuccess)
}
func FuzzRopGetReceiveFolderFailureResponse(f *testing.F) {
	fzFuzz(f, DecodeRopGetReceiveFolderFailureResponse, fzGRFFailure)
}
func FuzzRopGetReceiveFolderResponse(f *testing.F) {
	fzFuzz(f, fzBoxed(DecodeRopGetReceiveFolderResponse), fzGRFSuccess, fzGRFFailure)
}

func FuzzRopGetOwningServersRequest(f *testing.F) {
	fzFuzz(f, DecodeRopGetOwningServersRequest, fzGOSRequest)
}
func FuzzRopGetOwningServersSuccessResponse(f *testing.F) {
	fzFuzz(f, DecodeRopGetOwningServersSuccessResponse, fzGOSSuccess, fzGOSSuccessNone)
}
func FuzzRopGetOwningServersFailureResponse(f *testing.F) {
	fzFuzz(f, DecodeRopGetOwningServersFailureResponse, fzGOSFailure)
}
func FuzzRopGetOwningServersResponse(f *testing.F) {
	fzFuzz(f, fzBoxed(DecodeRopGetOwningServersResponse), fzGOSSuccess, fzGOSSuccessNone, fzGOSFailure)
}

func FuzzRopSetColumnsSuccessResponse(f *testing.F) {
	fzFuzz(f, DecodeRopSetColumnsSuccessResponse, fzSetColsSuccess)
}
func FuzzRopSetColumnsFailureResponse(f *testing.F) {
	fzFuzz(f, DecodeRopSetColumnsFailureResponse, fzSetColsFailure)
}
func FuzzRopSetColumnsResponse(f *testing.F) {
	fzFuzz(f, fzBoxed(DecodeRopSetColumnsResponse), fzSetColsSuccess, fzSetColsFailure)
}

func FuzzRopBackoffResponse(f *testing.F) {
	fzFuzz(f, DecodeRopBackoffResponse, fzBackoff, fzBackoffEmpty)
}
func FuzzRopBufferTooSmallResponse(f *testing.F) {
	fzFuzz(f, DecodeRopBufferTooSmallResponse, fzBufferTooSmall, fzBufferTooSmallNo)
}

// fzAllROPs is every seed ROP, requests and responses.
func fzAllROPs() []fzAppender {
	return []fzAppender{fzLogonReqPrivate, fzLogonReqPublic, fzLogonReqAlt, fzRelease, fzGRFRequest, fzGRFRequestEmpty, fzGOSRequest,
		fzLogonPrivate, fzLogonPublic, fzLogonRedirect, fzLogonFailure,
		fzGRFSuccess, fzGRFFailure, fzGOSSuccess, fzGOSSuccessNone, fzGOSFailure,
		fzSetColsSuccess, fzSetColsFailure, fzBackoff, fzBackoffEmpty, fzBufferTooSmall, fzBufferTooSmallNo}
}

// fzGoldenVectors returns the bytes of every golden vector of ../testdata, so
// that every ROP with a golden vector seeds FuzzAllROPs.
func fzGoldenVectors(f *testing.F) [][]byte {
	var out [][]byte
	for _, name := range goldenArchives {
		ar, err := txtar.ParseFile(filepath.Join(goldenDir, name))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if !strings.HasSuffix(file.Name, ".hex") {
				continue
			}
			b, err := goldenParseHex(file.Data)
			if err != nil {
				f.Fatalf("%s: %s: %v", name, file.Name, err)
			}
			out = append(out, b)
		}
	}
	return out
}

// FuzzAllROPs decodes its input as one ROP request and one ROP response, and
// walks it as the RopsList of a ROP input buffer and of an output buffer.
func FuzzAllROPs(f *testing.F) {
	fzSeed(f, fzAllROPs()...)
	for _, rb := range fzROPBuffers(f) {
		fzAdd(f, rb.RopsList)
	}
	fzAdd(f, fzEncode(f, fzSetColsSuccess, fzLogonRedirect, fzGOSSuccess, fzLogonFailure, fzBufferTooSmall))
	fzAdd(f, fzGoldenVectors(f)...)
	f.Fuzz(func(t *testing.T, in []byte) {
		roundTrip(t, in, fzBoxed(DecodeRequest))
		roundTrip(t, in, fzBoxed(DecodeResponse))
		fzWalk(t, in, Requests, DecodeRequest)
		fzWalk(t, in, Responses, DecodeResponse)
		fzSameWithDecoder(t, in, DecodeRequest, fzDecoder.DecodeRequest)
		fzSameWithDecoder(t, in, DecodeResponse, fzDecoder.DecodeResponse)
	})
}

// fzDecoder lives across the inputs of a fuzzing process, so that it
// remembers the strings of earlier inputs when later ones repeat them.
var fzDecoder Decoder

// fzSameWithDecoder checks that a Decoder's method reads in exactly as the
// package function does: the same message (also the partial one of a
// failure), the same size and the same error.
func fzSameWithDecoder[R any](t *testing.T, in []byte, pkg, dec func([]byte) (R, int, error)) {
	want, wantN, wantErr := pkg(in)
	got, n, err := dec(in)
	if !reflect.DeepEqual(got, want) || n != wantN || !sameError(err, wantErr) {
		t.Fatalf("Decoder on %x: %#v, %d, %v; the package's gives %#v, %d, %v", in, got, n, err, want, wantN, wantErr)
	}
}
