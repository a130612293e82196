package codec

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/ropcodec/ropcodec/internal/memtest"
)

// Every block structure is fuzzed by FuzzDecode and FuzzEncode, which take
// their decoders and types from the registry. The targets here take whole
// auxiliary payloads and buffers: the walk, the framing, and the Raw and Pad
// bytes that no single structure's decoder sees.

// fzAuxGolden returns the golden auxiliary buffers of ../testdata and the
// payloads inside them.
func fzAuxGolden(tb testing.TB) (buffers, payloads [][]byte) {
	ar, err := txtar.ParseFile(filepath.Join(goldenDir, "aux-buffer.txtar"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".hex") {
			continue
		}
		b, err := goldenParseHex(f.Data)
		if err != nil {
			tb.Fatal(err)
		}
		buffers = append(buffers, b)
		ps, err := DecodeRPCPayloads(b)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range ps {
			payloads = append(payloads, p.Data)
		}
	}
	return buffers, payloads
}

// fzAuxWalk walks payload and checks it against DecodeAuxBlock block by
// block: each block where the walk says, of the size it says; the walk stops
// at the first failure, reported at its offset in the payload; and each
// block encodes to bytes that decode to it again (the same bytes, for a
// block of an unknown pair). It returns the blocks.
func fzAuxWalk(t *testing.T, payload []byte) []AuxBlock {
	t.Helper()
	var blocks []AuxBlock
	w := WalkAuxBlocks(payload)
	off := 0
	for w.Next() {
		want, n, err := DecodeAuxBlock(payload[off:])
		want = want.shifted(off) // the walk counts the offset of Err from the payload's start
		blk := w.Block()
		if err != nil || w.Offset() != off || w.Size() != n || !reflect.DeepEqual(blk, want) {
			t.Fatalf("walk(%x) at %d+%d: %+v; DecodeAuxBlock there: %+v, %d, %v", payload, w.Offset(), w.Size(), blk, want, n, err)
		}
		enc, err := blk.MarshalBinary()
		if err != nil {
			var ee *EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("block %+v of %x: %T %v is not an *EncodeError", blk, payload, err, err)
			}
		} else if again, m, err := DecodeAuxBlock(enc); err != nil || m != len(enc) || !reflect.DeepEqual(again.shifted(off), blk) {
			t.Fatalf("block %+v of %x encodes to %x, which decodes to %+v, %d, %v", blk, payload, enc, again, m, err)
		} else if blk.Data == nil && string(enc) != string(payload[off:off+n]) {
			t.Fatalf("block %+v kept as Raw encodes to %x, not to its bytes %x", blk, enc, payload[off:off+n])
		}
		blocks = append(blocks, blk)
		off += n
	}
	if err := w.Err(); err != nil {
		fzCheckDecodeErr(t, "walk", payload, err)
		if _, _, derr := DecodeAuxBlock(payload[off:]); derr == nil || shiftOffset(derr, off).Error() != err.Error() {
			t.Fatalf("walk(%x) fails at %d with %v; DecodeAuxBlock there: %v", payload, off, err, derr)
		}
		return nil
	}
	if off != len(payload) || w.Offset() != len(payload) {
		t.Fatalf("walk(%x) ended at %d without an error", payload, off)
	}
	return blocks
}

// FuzzAuxBlocks walks its input as the payload of an auxiliary buffer.
func FuzzAuxBlocks(f *testing.F) {
	_, payloads := fzAuxGolden(f)
	fzAdd(f, payloads...)
	f.Fuzz(func(t *testing.T, in []byte) { fzAuxWalk(t, in) })
}

// FuzzAuxBuffer decodes its input as a whole auxiliary buffer: the blocks
// DecodeAuxBuffer returns are those of walking each payload; framed again
// (compressed and obfuscated, to run through both), they decode to the same
// blocks; an error is a well-formed *DecodeError.
func FuzzAuxBuffer(f *testing.F) {
	buffers, _ := fzAuxGolden(f)
	fzAdd(f, buffers...)
	f.Fuzz(func(t *testing.T, in []byte) {
		blocks, err := DecodeAuxBuffer(in)
		ps, perr := DecodeRPCPayloads(in)
		if err != nil {
			size, data := len(in), 0 // a block's offset counts in the payloads' data
			for _, p := range ps {
				data += len(p.Data)
			}
			fzCheckDecodeErrWithin(t, "DecodeAuxBuffer", in, max(size, data), err)
			return
		}
		if perr != nil && len(in) > 0 {
			t.Fatalf("DecodeAuxBuffer(%x) succeeds where DecodeRPCPayloads fails: %v", in, perr)
		}
		var walked []AuxBlock
		for _, p := range ps {
			walked = append(walked, fzAuxWalk(t, p.Data)...)
		}
		if !reflect.DeepEqual(walked, blocks) {
			t.Fatalf("DecodeAuxBuffer(%x) = %+v; walking its payloads gives %+v", in, blocks, walked)
		}
		out, err := AppendAuxBuffer(nil, blocks, HeaderCompressed|HeaderXorMagic)
		if err != nil {
			var ee *EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("the blocks of %x do not encode: %T %v", in, err, err)
			}
			return
		}
		again, err := DecodeAuxBuffer(out)
		if err != nil || len(again) != len(blocks) {
			t.Fatalf("DecodeAuxBuffer(%x) = %+v, framed again as %x decodes to %+v, %v", in, blocks, out, again, err)
		}
		// A block kept with its error may lie elsewhere once framed again
		// (the blocks before it encode their located strings one after
		// another, closing gaps the input had), so errors compare by their
		// offset within their block.
		if was, now := fzAuxBlocksInPlace(t, in), fzAuxBlocksInPlace(t, out); !reflect.DeepEqual(now, was) {
			t.Fatalf("DecodeAuxBuffer(%x) = %+v, framed again as %x decodes to %+v", in, was, out, now)
		}
	})
}

// fzAuxBlocksInPlace returns the blocks of an auxiliary buffer that decodes,
// each error's offset counted from the start of its block. An empty buffer
// holds no blocks (DecodeAuxBuffer), though it frames no payload.
func fzAuxBlocksInPlace(t *testing.T, buf []byte) []AuxBlock {
	t.Helper()
	if len(buf) == 0 {
		return nil
	}
	ps, err := DecodeRPCPayloads(buf)
	if err != nil {
		t.Fatalf("DecodeRPCPayloads(%x): %v", buf, err)
	}
	var blocks []AuxBlock
	for _, p := range ps {
		for w := WalkAuxBlocks(p.Data); w.Next(); {
			blocks = append(blocks, w.Block().shifted(-w.Offset()))
		}
	}
	return blocks
}

// TestAuxDecodeAllocationIsBounded decodes auxiliary buffers built to make
// DecodeAuxBuffer allocate much, and checks that it allocates no more than a
// fixed multiple of the bytes it reads: every block as small as it can be,
// and blocks whose five strings all point at the same long one.
func TestAuxDecodeAllocationIsBounded(t *testing.T) {
	const size = 30000
	cases := map[string][]byte{
		"unknown blocks of 4 bytes":           []byte(strings.Repeat("\x04\x00\x01\x52", size/4)),
		"AUX_PERF_REQUESTID blocks":           []byte(strings.Repeat("\x08\x00\x01\x01\x01\x00\x02\x00", size/8)),
		"five strings at one place, repeated": auxSharedStrings(size),
	}
	for name, payload := range cases {
		require.NotEmpty(t, fzAuxWalk(t, payload), name)
		buf, err := AppendRPCPayload(nil, payload, HeaderLast)
		require.NoError(t, err)
		const runs = 10
		n := memtest.Allocated(func() {
			for range runs {
				_, err := DecodeAuxBuffer(buf)
				require.NoError(t, err)
			}
		})
		perByte := float64(n) / runs / float64(len(payload))
		t.Logf("%s: %d bytes, %.1f bytes allocated per byte", name, len(payload), perByte)
		require.Less(t, perByte, 32.0, "%s: allocation grows faster than the input", name)
	}
}

// auxSharedStrings returns an auxiliary payload of about size bytes (at
// least one block): AUX_PROTOCOL_DEVICE_IDENTIFICATION blocks whose five
// offsets all point at the same string of 1000 times U+20AC (3 bytes each
// in UTF-8), so that each string is read five times.
func auxSharedStrings(size int) []byte {
	blk := []byte{0, 0, 1, 0x4E, 14, 0, 14, 0, 14, 0, 14, 0, 14, 0}
	blk = append(blk, strings.Repeat("\xAC\x20", 1000)+"\x00\x00"...)
	blk[0], blk[1] = byte(len(blk)), byte(len(blk)>>8)
	return []byte(strings.Repeat(string(blk), max(1, size/len(blk))))
}
