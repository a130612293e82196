package codec

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ropcodec/ropcodec/lz77"
	"golang.org/x/tools/txtar"
)

// Fuzz targets for every decoder of the package. Each checks, through
// roundTrip, that decoding never panics, that it reports a well-formed
// *DecodeError or a count of bytes within the input, and that a decoded value
// either re-encodes to bytes that decode to the same value or is refused with
// an *EncodeError (values that are legal to receive but not to send, such as
// undefined flag bits).

// fzSentinels lists every failure kind a *DecodeError may carry.
var fzSentinels = []error{
	io.ErrUnexpectedEOF, ErrMissingNUL, ErrSizeMismatch, ErrNotASCII, ErrZeroSize, ErrTrailingBytes,
	ErrWrongRopID, ErrUnexpectedValue, ErrUnsupportedROP, ErrMissingLast, ErrTooLong, ErrBadOffset,
	ErrUnknownPropertyType, ErrNoWireForm, ErrTooDeep, ErrTooManyValues, ErrNeedsLogonContext,
	lz77.ErrMatchBeforeStart, lz77.ErrOutputTooLong, lz77.ErrOutputTooShort, lz77.ErrBadLength,
}

// fzCheckDecodeErr fails unless err is a *DecodeError whose offset lies in
// in and that wraps exactly one known failure kind.
func fzCheckDecodeErr(t *testing.T, what string, in []byte, err error) {
	t.Helper()
	fzCheckDecodeErrWithin(t, what, in, len(in), err)
}

// fzCheckDecodeErrWithin is fzCheckDecodeErr for errors whose offset counts
// in size bytes other than in's (decompressed data).
func fzCheckDecodeErrWithin(t *testing.T, what string, in []byte, size int, err error) {
	t.Helper()
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("%s(%x): error %T %v is not a *DecodeError", what, in, err, err)
	}
	if de.Offset < 0 || de.Offset > size {
		t.Fatalf("%s(%x): offset %d outside the %d bytes: %v", what, in, de.Offset, size, err)
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

// fzTarget is one decoder of FuzzDecode.
type fzTarget struct {
	name   string
	decode func([]byte) (any, int, error) // nil value on failure
	// info is the type a shape decoder decodes, whose UnmarshalBinary must
	// agree with it; nil for the RopId switches and the dispatchers.
	info *MessageInfo
}

// fzTargets are the package's typed decoders (packageDecoders), by name.
func fzTargets() []fzTarget {
	var out []fzTarget
	for name, d := range packageDecoders {
		out = append(out, fzTarget{name, d, goldenInfo(strings.TrimPrefix(name, "Decode"))})
	}
	out = append(out, fzLogonTargets()...)
	slices.SortFunc(out, func(a, b fzTarget) int { return strings.Compare(a.name, b.name) })
	return out
}

// fzPick returns the target named name, or, for a name the fuzzer made up,
// the target its hash picks, so that every input runs some decoder.
func fzPick(targets []fzTarget, name string) fzTarget {
	for _, tg := range targets {
		if tg.name == name {
			return tg
		}
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return targets[h.Sum32()%uint32(len(targets))]
}

// roundTrip checks one decoder on in: it never panics, reports a well-formed
// *DecodeError or a count of bytes within the input, ignores bytes past the
// input, agrees with UnmarshalBinary, and its value either re-encodes to
// bytes that decode to the same value (also through the RopId switch that
// the walkers use) or is refused with an *EncodeError, as values that are
// legal to receive but not to send are.
func roundTrip(t *testing.T, in []byte, tg fzTarget) {
	t.Helper()
	v, n, err := tg.decode(in)
	if tg.info != nil {
		fzCheckInto(t, tg, in, v, n, err)
	}
	// The bytes past len(in), in spare capacity, must not matter.
	g := append(bytes.Clone(in), 0xEE, 0x00, 0xFF, 0x80, 0x01)[:len(in)]
	if vg, ng, errg := tg.decode(g); ng != n || !reflect.DeepEqual(vg, v) || fmt.Sprint(errg) != fmt.Sprint(err) {
		t.Fatalf("%s(%x) = %+v, %d, %v, but with spare capacity after it %+v, %d, %v", tg.name, in, v, n, err, vg, ng, errg)
	}
	var um encoding.BinaryUnmarshaler
	if tg.info != nil {
		um = tg.info.New().(encoding.BinaryUnmarshaler)
	}
	if err != nil {
		fzCheckDecodeErr(t, tg.name, in, err)
		if n != 0 {
			t.Fatalf("%s(%x) failed but reports %d bytes used", tg.name, in, n)
		}
		if um != nil {
			if uerr := um.UnmarshalBinary(in); uerr == nil || uerr.Error() != err.Error() {
				t.Fatalf("%s(%x): %v, but UnmarshalBinary: %v", tg.name, in, err, uerr)
			}
		}
		return
	}
	if n < 0 || n > len(in) {
		t.Fatalf("%s(%x) used %d bytes of %d", tg.name, in, n, len(in))
	}
	if v2, n2, err := tg.decode(in[:n]); err != nil || n2 != n || !reflect.DeepEqual(v, v2) {
		t.Fatalf("%s(%x) = %+v, %d, but the %d bytes it used alone give %+v, %d, %v", tg.name, in, v, n, n, v2, n2, err)
	}
	if um != nil {
		uerr := um.UnmarshalBinary(in)
		var de *DecodeError
		switch {
		case n == len(in) && (uerr != nil || !reflect.DeepEqual(um, v)):
			t.Fatalf("%s(%x) = %+v, but UnmarshalBinary gives %+v, %v", tg.name, in, v, um, uerr)
		case n < len(in) && (!errors.Is(uerr, ErrTrailingBytes) || !errors.As(uerr, &de) || de.Offset != n):
			t.Fatalf("%s(%x) used %d bytes, but UnmarshalBinary: %v (want trailing bytes at offset %d)", tg.name, in, n, uerr, n)
		}
	}
	fzEncodes(t, v.(Message), func(b []byte) (any, int, error) { return tg.decode(b) })
}

// fzInto holds, for each message type, the value FuzzDecode decodes into
// with DecodeInto, across the inputs of a fuzzing process, so that each
// decode reuses what an earlier input left in it.
var fzInto = map[*MessageInfo]Message{}

// fzCheckInto checks that DecodeInto, into a value an earlier input left
// full, reads in as tg's decoder read it: v, n and err.
func fzCheckInto(t *testing.T, tg fzTarget, in []byte, v any, n int, err error) {
	t.Helper()
	m := fzInto[tg.info]
	if m == nil {
		m = tg.info.New()
		fzInto[tg.info] = m
	}
	ni, erri := DecodeInto(m, in)
	if ni != n || !sameError(erri, err) || (err == nil && !reflect.DeepEqual(m, v)) {
		t.Fatalf("DecodeInto(%T, %x) = %+v, %d, %v; %s gives %+v, %d, %v", m, in, m, ni, erri, tg.name, v, n, err)
	}
}

// fzEncodes checks that m either encodes to bytes that decode (with decode
// and through the RopId switch) to m, using every byte, or is refused with an
// *EncodeError that leaves the buffer as it was.
func fzEncodes(t *testing.T, m Message, decode func([]byte) (any, int, error)) {
	t.Helper()
	prefix := []byte{0xA5, 0x5A}
	out, err := m.AppendBinary(prefix[:2:2])
	if err != nil {
		var ee *EncodeError
		if !errors.As(err, &ee) {
			t.Fatalf("%+v fails to encode with %T %v, not an *EncodeError", m, err, err)
		}
		if !bytes.Equal(out, prefix) {
			t.Fatalf("AppendBinary of %+v failed (%v) but changed its buffer to %x", m, err, out)
		}
		return
	}
	if !bytes.Equal(out[:2], prefix) {
		t.Fatalf("AppendBinary of %+v overwrote its buffer: %x", m, out)
	}
	enc := out[2:]
	// Appending into spare capacity full of garbage must write every byte.
	dirty := bytes.Repeat([]byte{0xEE}, 2+len(enc)+16)
	copy(dirty, prefix)
	if out2, err := m.AppendBinary(dirty[:2]); err != nil || !bytes.Equal(out2, out) {
		t.Fatalf("AppendBinary of %+v into spare capacity = %x, %v; want %x", m, out2, err, out)
	}
	if mb, err := m.MarshalBinary(); err != nil || !bytes.Equal(mb, enc) {
		t.Fatalf("MarshalBinary of %+v = %x, %v; AppendBinary gives %x", m, mb, err, enc)
	}
	if s, ok := m.(interface{ size() int }); ok && s.size() != len(enc) {
		t.Fatalf("size of %+v = %d, but it encodes to %d bytes", m, s.size(), len(enc))
	}
	size := 0
	for f := range m.Fields() {
		size += f.Size
	}
	if size != len(enc) {
		t.Fatalf("the Fields of %+v have %d bytes, but it encodes to %d bytes", m, size, len(enc))
	}
	v2, n2, err := decode(enc)
	if err != nil {
		t.Fatalf("%+v, encoded as %x, does not decode: %v", m, enc, err)
	}
	if n2 != len(enc) {
		t.Fatalf("%+v, encoded as %x, of which decode uses %d bytes", m, enc, n2)
	}
	if !reflect.DeepEqual(m, v2) {
		t.Fatalf("%+v, encoded as %x, decodes to %+v", m, enc, v2)
	}
	// A ROP the package encodes is read back as the same ROP by the RopId
	// switch that the RopsList walkers use.
	var (
		back  any
		nb    int
		berr  error
		which string
	)
	d := fzContextDecoder(m) // the columns of m's rows, as a session gives them
	switch m.(type) {
	case Response:
		back, nb, berr = d.DecodeResponse(enc)
		which = "DecodeResponse"
	case Request:
		back, nb, berr = d.DecodeRequest(enc)
		which = "DecodeRequest"
	default:
		return
	}
	if berr != nil || nb != len(enc) || !reflect.DeepEqual(back, m) {
		t.Fatalf("%T %+v, encoded as %x, which %s reads as %T %+v using %d bytes, %v", m, m, enc, which, back, back, nb, berr)
	}
}

// fzPayloads is the result of DecodeRPCPayloads as the payloads were before
// they were sent: each header without Compressed and with Size equal to
// SizeActual, since how a payload was compressed is not part of its value.
// AppendBinary frames it again asking for compression every time, so that
// each round trip runs through the compressor and the decompressor.
type fzPayloads []Payload

func (p *fzPayloads) AppendBinary(b []byte) ([]byte, error) {
	out := b
	for _, x := range *p {
		var err error
		if out, err = AppendRPCPayload(out, x.Data, x.Header.Flags|HeaderCompressed); err != nil {
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
	for i := range p {
		p[i].Header.Flags &^= HeaderCompressed
		p[i].Header.Size = p[i].Header.SizeActual
	}
	return p, len(b), nil
}

// fzCheckPayloads checks DecodeRPCPayloads on in: errors are well-formed,
// and the payloads it reads, framed again (compressed where that shrinks
// them, see fzPayloads), decode to the same payloads. Bytes are not compared,
// since another compressor may have written in.
func fzCheckPayloads(t *testing.T, in []byte) {
	p, n, err := fzDecodePayloads(in)
	if err != nil {
		fzCheckDecodeErr(t, "DecodeRPCPayloads", in, err)
		return
	}
	if n != len(in) {
		t.Fatalf("DecodeRPCPayloads(%x) used %d of %d bytes", in, n, len(in))
	}
	out, err := p.AppendBinary(nil)
	if err != nil {
		var ee *EncodeError
		if !errors.As(err, &ee) {
			t.Fatalf("payloads of %x do not frame again: %T %v", in, err, err)
		}
		return
	}
	q, _, err := fzDecodePayloads(out)
	if err != nil {
		t.Fatalf("DecodeRPCPayloads(%x) frames again as %x, which does not decode: %v", in, out, err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Fatalf("DecodeRPCPayloads(%x) = %+v, framed again and decoded %+v", in, p, q)
	}
}

// fzWalk checks that walking list yields what decode finds ROP by ROP, stops
// at the first error (reported at its offset in list), and that the ROPs it
// yields, encoded one after another, walk to the same ROPs.
func fzWalk[R ROP](t *testing.T, list []byte, walk func([]byte) iter.Seq2[R, error], decode func([]byte) (R, int, error)) {
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

// fzSeed adds the encodings of msgs and their variants to the corpus of a
// target that takes the bytes alone.
func fzSeed(f *testing.F, msgs ...Message) {
	for _, m := range msgs {
		fzAdd(f, fzEncode(f, m))
	}
}

// FuzzDecode runs roundTrip on every typed decoder of the package, as the
// table of dnsmessage's fuzz test does: the input names the decoder and gives
// its bytes. It is seeded with every golden vector, under the decoder its
// .want file names and the shape decoder of its type, and with the Go seeds.
func FuzzDecode(f *testing.F) {
	targets := fzTargets()
	for _, v := range fzGoldenSeeds(f) {
		f.Add(v.decoder, v.b)
	}
	for _, m := range fzAllMessages(f) {
		f.Add("Decode"+m.Info().Type, fzEncode(f, m))
		if m.Info().NeedsLogon { // and to the decoders given the logon (fzLogonTargets)
			f.Add("Decode"+m.Info().Type+"/public", fzEncode(f, m))
			f.Add("Decode"+m.Info().Type+"/private", fzEncode(f, m))
		}
	}
	f.Fuzz(func(t *testing.T, name string, in []byte) { roundTrip(t, in, fzPick(targets, name)) })
}

// fzGoldenSeed is the bytes of a golden vector with a decoder for them.
type fzGoldenSeed struct {
	decoder string
	b       []byte
}

// fzGoldenSeeds reads every vector of ../testdata with the decoder its .want
// file names and the shape decoder of its type, and the ROPs of ROP buffers
// under DecodeRequest and DecodeResponse.
func fzGoldenSeeds(tb testing.TB) []fzGoldenSeed {
	paths, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no golden archives: %v", err)
	}
	var seeds []fzGoldenSeed
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range ar.Files {
			files[f.Name] = f.Data
		}
		for _, f := range ar.Files {
			vec, ok := strings.CutSuffix(f.Name, ".hex")
			if !ok {
				continue
			}
			b, err := goldenParseHex(f.Data)
			if err != nil {
				tb.Fatalf("%s: %s: %v", p, f.Name, err)
			}
			meta := map[string]string{}
			for _, line := range strings.Split(string(files[vec+".want"]), "\n") {
				if k, v, ok := strings.Cut(line, ":"); ok && k != "" && 'a' <= k[0] && k[0] <= 'z' {
					meta[k] = strings.TrimSpace(v)
				}
			}
			for _, d := range []string{meta["decode"], "Decode" + meta["type"]} {
				if _, ok := packageDecoders[d]; ok {
					seeds = append(seeds, fzGoldenSeed{d, b})
				}
			}
			if meta["walk"] != "" {
				var rb ROPBuffer
				if rb.UnmarshalBinary(b) == nil {
					seeds = append(seeds, fzGoldenSeed{"DecodeRequest", rb.RopsList}, fzGoldenSeed{"DecodeResponse", rb.RopsList})
				}
			}
		}
	}
	return seeds
}

func FuzzRPCPayloads(f *testing.F) {
	fzAdd(f, fzPayloadSeeds(f)...)
	f.Fuzz(fzCheckPayloads)
}

// fzWalker checks that a Walker over list says where each ROP lies: at the
// offset where decode finds it, with the size decode reports, and at the
// failure, where decode fails, with a partial ROP as decode gives it.
func fzWalker[R ROP](t *testing.T, list []byte, w *Walker[R], decode func([]byte) (R, int, error)) {
	t.Helper()
	off := 0
	for w.Next() {
		want, n, err := decode(list[off:])
		if err != nil || w.Offset() != off || w.Size() != n || w.InputOffset() != off+n || !reflect.DeepEqual(w.ROP(), want) {
			t.Fatalf("Walker(%x) at %d+%d: %+v; decode at %d gives %+v, %d, %v", list, w.Offset(), w.Size(), w.ROP(), off, want, n, err)
		}
		off += n
	}
	if w.Err() == nil {
		if off != len(list) || w.Offset() != len(list) || w.Size() != 0 {
			t.Fatalf("Walker(%x) ended at %d (offset %d, size %d) without an error", list, off, w.Offset(), w.Size())
		}
		return
	}
	want, _, err := decode(list[off:])
	if err == nil || w.Offset() != off || w.Size() != 0 || !reflect.DeepEqual(w.ROP(), want) || w.Err().Error() != shiftOffset(err, off).Error() {
		t.Fatalf("Walker(%x) failed at %d with %+v, %v; decode there gives %+v, %v", list, w.Offset(), w.ROP(), w.Err(), want, err)
	}
	if w.Next() {
		t.Fatalf("Walker(%x) goes on after its error", list)
	}
}

// FuzzAllROPs decodes its input as one ROP request and one ROP response, and
// walks it as the RopsList of a ROP input buffer and of an output buffer.
func FuzzAllROPs(f *testing.F) {
	fzSeed(f, fzAllROPs()...)
	for _, rb := range fzROPBuffers(f) {
		fzAdd(f, rb.RopsList)
	}
	fzAdd(f, fzEncode(f, fzSetColsSuccess, fzLogonRedirect, fzGOSSuccess, fzLogonFailure, fzBufferTooSmall))
	targets := fzTargets()
	f.Fuzz(func(t *testing.T, in []byte) {
		roundTrip(t, in, fzPick(targets, "DecodeRequest"))
		roundTrip(t, in, fzPick(targets, "DecodeResponse"))
		fzWalk(t, in, Requests, DecodeRequest)
		fzWalk(t, in, Responses, DecodeResponse)
		fzWalker(t, in, WalkRequests(in), DecodeRequest)
		fzWalker(t, in, WalkResponses(in), DecodeResponse)
		fzSameWithDecoder(t, in, DecodeRequest, fzDecoder.DecodeRequest)
		fzSameWithDecoder(t, in, DecodeResponse, fzDecoder.DecodeResponse)
		fzSameWithDecoder(t, in, DecodeRequest, fzReuser.DecodeRequest)
		fzSameWithDecoder(t, in, DecodeResponse, fzReuser.DecodeResponse)
	})
}

// fzDecoder lives across the inputs of a fuzzing process, so that it
// remembers the strings of earlier inputs when later ones repeat them.
var fzDecoder Decoder

// fzReuser is fzDecoder handing out its own values, each of which an earlier
// input left full.
var fzReuser = Decoder{ReuseValues: true}

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
