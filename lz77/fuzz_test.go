package lz77_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// The fuzz targets start from the golden vectors: each stream with its size
// (and cut, extended and flipped), and, for the round trip, what they
// decompress to together with the module's ROP vectors.
//
//	go test ./lz77 -run '^$' -fuzz FuzzDecompress -fuzztime 30s

// fuzzKinds lists every failure kind an *Error may carry.
var fuzzKinds = []error{io.ErrUnexpectedEOF, lz77.ErrMatchBeforeStart, lz77.ErrOutputTooLong,
	lz77.ErrOutputTooShort, lz77.ErrBadLength}

// goldenStreams returns the golden vectors of every archive.
func goldenStreams(tb testing.TB) []vector {
	var vs []vector
	for _, a := range []string{"xca.txtar", "windows.txtar", "outlook.txtar"} {
		vs = append(vs, loadVectors(tb, a)...)
	}
	return vs
}

// ropVectors returns the module's golden ROP vectors.
func ropVectors(tb testing.TB) [][]byte {
	vs, err := testvec.GoldenVectors("../testdata")
	if err != nil {
		tb.Fatal(err)
	}
	return vs
}

func FuzzDecompress(f *testing.F) {
	for _, v := range goldenStreams(f) {
		if v.size > 0xFFFF {
			continue
		}
		s := uint16(v.size)
		f.Add(v.stream, s)
		f.Add(v.stream, s+1)
		f.Add(v.stream[:len(v.stream)/2], s)
		f.Add(append(bytes.Clone(v.stream), 0, 0), s)
		flipped := bytes.Clone(v.stream)
		flipped[len(flipped)/2] ^= 0x5A
		f.Add(flipped, s)
	}
	f.Fuzz(func(t *testing.T, stream []byte, size uint16) {
		n := int(size)
		const guard = 32
		buf := bytes.Repeat([]byte{0xEE}, 2+n+guard)
		copy(buf, "ok")
		out, err := lz77.Decompress(buf[:2], stream, n)
		if !bytes.Equal(buf[2+n:], bytes.Repeat([]byte{0xEE}, guard)) {
			t.Fatalf("Decompress(%x, %d) wrote past the size", stream, n)
		}
		if string(out[:2]) != "ok" {
			t.Fatalf("Decompress(%x, %d) changed dst", stream, n)
		}
		if err != nil {
			checkError(t, stream, n, out, err)
			return
		}
		if len(out) != 2+n {
			t.Fatalf("Decompress(%x, %d) appended %d bytes", stream, n, len(out)-2)
		}
		roundTrip(t, out[2:])
	})
}

// checkError checks a refusal: an *Error with an offset inside the stream,
// output within the size, exactly one failure kind, and dst as it was.
func checkError(t *testing.T, stream []byte, n int, out []byte, err error) {
	var le *lz77.Error
	if !errors.As(err, &le) {
		t.Fatalf("Decompress(%x, %d): %T %v is not an *lz77.Error", stream, n, err, err)
	}
	if le.Offset < 0 || le.Offset > len(stream) || le.Out < 0 || le.Out > n {
		t.Fatalf("Decompress(%x, %d): %v: offset or output out of range", stream, n, err)
	}
	kinds := 0
	for _, k := range fuzzKinds {
		if errors.Is(err, k) {
			kinds++
		}
	}
	if kinds != 1 {
		t.Fatalf("Decompress(%x, %d): %v wraps %d known kinds", stream, n, err, kinds)
	}
	if len(out) != 2 {
		t.Fatalf("Decompress(%x, %d) failed but appended %d bytes", stream, n, len(out)-2)
	}
}

// roundTrip checks that compressing data appends a stream no longer than
// CompressBound after dst's bytes, the same stream each time, which
// decompresses to data.
func roundTrip(t *testing.T, data []byte) {
	prefix := []byte{0xA5, 0x5A}
	c := lz77.Compress(bytes.Clone(prefix), data)
	require.Equal(t, prefix, c[:2], "Compress(%x) changed dst", data)
	stream := c[2:]
	require.LessOrEqual(t, len(stream), lz77.CompressBound(len(data)), "Compress(%x) wrote more than CompressBound", data)
	require.Equal(t, stream, lz77.Compress(nil, data), "Compress(%x) twice", data)
	back, err := lz77.Decompress(nil, stream, len(data))
	require.NoError(t, err, "Compress(%x) = %x", data, stream)
	if !bytes.Equal(back, data) { // nil and empty alike
		require.Equal(t, data, back, "Compress(%x) = %x, which decompresses to something else", data, stream)
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, v := range goldenStreams(f) {
		if v.plain != nil {
			f.Add(v.plain)
		}
	}
	for _, r := range ropVectors(f) {
		f.Add(r)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) { roundTrip(t, data) })
}
