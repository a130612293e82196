package lz77_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// hx is testvec.ParseHex for a literal that must parse.
func hx(t testing.TB, s string) []byte {
	t.Helper()
	b, err := testvec.ParseHex([]byte(s))
	require.NoError(t, err)
	return b
}

// The streams below are written by hand from [MS-XCA] 2.4.4, beside the
// document's two examples of 3.1:
//
//	alphabet  3F 00 00 00 | "a".."z"                    26 literals
//	abc-300   FF FF FF 1F | 61 62 63 | 17 00 | 0F | FF | 26 01   "abc", match 3 back, 297 long
const (
	alphabet = "3F 00 00 00 61 62 63 64 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70 71 72 73 74 75 76 77 78 79 7A"
	abc300   = "FF FF FF 1F 61 62 63 17 00 0F FF 26 01"
)

// TestDecompressShapes decodes streams that use the parts of the format the
// golden vectors reach least: a half byte shared by two matches, the 4-byte
// length, a flag word that ends exactly with the data, overlapping matches.
func TestDecompressShapes(t *testing.T) {
	tests := []struct {
		name, stream string
		want         []byte
	}{
		// 'a', then a match 1 back of 10 (length bits 7, low half 0) and one
		// of 11 (length bits 7, high half 1 of the same byte).
		{"shared half byte", "FF FF FF 7F 61 07 00 10 07 00", bytes.Repeat([]byte("a"), 22)},
		// 0, then a match 1 back of 69,999: half byte 15, byte 255, 2-byte 0,
		// 4-byte 69,996.
		{"4-byte length", "FF FF FF 7F 00 07 00 0F FF 00 00 6C 11 01 00", make([]byte, 70000)},
		// 32 literals fill the flag word; the end flag needs a word of its own.
		{"end flag in a word of its own", "00 00 00 00 " + alphabet[12:] + " 41 42 43 44 45 46 FF FF FF FF",
			[]byte("abcdefghijklmnopqrstuvwxyzABCDEF")},
		// "ab", then a match 2 back of 7: the copy overlaps what it writes.
		{"overlapping match", "FF FF FF 3F 61 62 0C 00", []byte("ababababa")},
		// A match 5 back of 3 right after five literals.
		{"match as far back as the output", "FF FF FF 07 31 32 33 34 35 20 00", []byte("12345123")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lz77.Decompress(nil, hx(t, tt.stream), len(tt.want))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestDecompressErrors checks each way a stream can be refused: the failure
// kind, the element and its offset in the stream, and the output written
// before it.
func TestDecompressErrors(t *testing.T) {
	tests := []struct {
		name, stream string
		size         int
		elem         string
		offset, out  int
		err          error
	}{
		{"empty stream", "", 0, "flag word", 0, 0, io.ErrUnexpectedEOF},
		{"flag word cut short", "3F 00 00", 26, "flag word", 0, 0, io.ErrUnexpectedEOF},
		{"literals cut short", alphabet[:20*3], 26, "literal", 20, 16, io.ErrUnexpectedEOF},
		{"one literal more than the size", alphabet, 25, "literal", 29, 25, lz77.ErrOutputTooLong},
		{"end before the size", alphabet, 27, "end", 30, 26, lz77.ErrOutputTooShort},
		{"a byte after the end", alphabet + " 00", 26, "match", 30, 26, io.ErrUnexpectedEOF},
		{"a match after the end", alphabet + " 00 00", 26, "match", 30, 26, lz77.ErrOutputTooLong},
		{"match before any output", "FF FF FF FF 00 00", 3, "match", 4, 0, lz77.ErrMatchBeforeStart},
		{"match one byte too far back", "FF FF FF 3F 61 62 10 00", 5, "match", 6, 2, lz77.ErrMatchBeforeStart},
		{"match longer than the size", abc300, 299, "match", 7, 3, lz77.ErrOutputTooLong},
		{"match shorter than the size", abc300, 301, "end", 13, 300, lz77.ErrOutputTooShort},
		{"match word cut short", abc300[:8*3], 300, "match", 7, 3, io.ErrUnexpectedEOF},
		{"half byte missing", abc300[:9*3], 300, "length", 9, 3, io.ErrUnexpectedEOF},
		{"length byte missing", abc300[:10*3], 300, "length", 10, 3, io.ErrUnexpectedEOF},
		{"2-byte length cut short", abc300[:12*3], 300, "length", 11, 3, io.ErrUnexpectedEOF},
		{"2-byte length below 22", abc300[:11*3] + " 15 00", 300, "length", 11, 3, lz77.ErrBadLength},
		{"4-byte length cut short", "FF FF FF 7F 00 07 00 0F FF 00 00 6C 11 01", 70000, "length", 11, 1, io.ErrUnexpectedEOF},
		{"4-byte length below 22", "FF FF FF 7F 00 07 00 0F FF 00 00 15 00 00 00", 25, "length", 11, 1, lz77.ErrBadLength},
		{"4-byte length beyond any size", "FF FF FF 7F 00 07 00 0F FF 00 00 FF FF FF FF", 70000, "match", 5, 1, lz77.ErrOutputTooLong},
		{"negative size", alphabet, -1, "end", 0, 0, lz77.ErrBadSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stream := hx(t, tt.stream)
			dst := []byte("kept")
			got, err := lz77.Decompress(dst, stream, tt.size)
			var le *lz77.Error
			require.ErrorAs(t, err, &le)
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.elem, le.Element)
			assert.Equal(t, tt.offset, le.Offset, "offset")
			assert.Equal(t, tt.out, le.Out, "output before the element")
			assert.Equal(t, []byte("kept"), got, "dst on error")
			assert.Contains(t, err.Error(), "lz77: "+tt.elem+" at offset")
		})
	}
}

// TestDecompressStaysInBounds fills dst's spare capacity after the size asked
// with a pattern, and checks that no stream, valid or cut short at any byte,
// writes into it, and that the size asked is all a valid stream appends.
func TestDecompressStaysInBounds(t *testing.T) {
	for _, s := range []string{alphabet, abc300, "FF FF FF 7F 61 07 00 10 07 00"} {
		stream := hx(t, s)
		_, err := lz77.Decompress(nil, stream, 1<<20)
		var le *lz77.Error
		require.ErrorAs(t, err, &le)
		size := le.Out // the stream's own length, found by asking for more
		for cut := 0; cut <= len(stream); cut++ {
			for _, sz := range []int{size - 1, size, size + 1} {
				buf := bytes.Repeat([]byte{0xEE}, 3+max(sz, 0)+64)
				out, err := lz77.Decompress(buf[:3], stream[:cut], sz)
				assert.Equal(t, bytes.Repeat([]byte{0xEE}, 64), buf[3+max(sz, 0):], "wrote past the size (cut %d, size %d)", cut, sz)
				if err == nil {
					assert.Len(t, out, 3+sz)
					assert.True(t, cut == len(stream) && sz == size, "cut %d size %d decoded", cut, sz)
				}
			}
		}
	}
}

// TestErrorMessage checks the text of an *Error.
func TestErrorMessage(t *testing.T) {
	_, err := lz77.Decompress(nil, hx(t, "FF FF FF FF 00 00"), 3)
	assert.EqualError(t, err, "lz77: match at offset 4 (output 0): match reaches before the start of the output")
	assert.True(t, errors.Is(err, lz77.ErrMatchBeforeStart))
}
