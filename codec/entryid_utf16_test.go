package codec

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
	"github.com/ropcodec/ropcodec/internal/memtest"
)

// entryIDWithAddress returns a v3 Store EntryID whose SMTP address is n
// copies of c.
func entryIDWithAddress(n int, c rune) []byte {
	e, err := NewStoreEntryIDV3("S", "/o=O/cn=M", strings.Repeat(string(c), n))
	if err != nil {
		panic(err)
	}
	b, err := e.MarshalBinary()
	if err != nil {
		panic(err)
	}
	return b
}

// TestTailUTF16Allocation: Tail allocates the address it returns and a
// small constant more (two allocations in all), whatever the address holds
// (issue 11: it took about 20 bytes per input byte).
func TestTailUTF16Allocation(t *testing.T) {
	const units = 1 << 16
	for _, tt := range []struct {
		name string
		c    rune
		utf8 float64 // UTF-8 bytes per input byte
	}{
		{"ASCII", 'a', 0.5},
		{"Latin-1", 'ä', 1},
		{"CJK", '中', 1.5},
		{"surrogate pairs", '😀', 1},
	} {
		e, _, err := DecodeStoreEntryID(entryIDWithAddress(units, tt.c))
		require.NoError(t, err)
		tail, err := e.Tail()
		require.NoError(t, err)
		require.Equal(t, strings.Repeat(string(tt.c), units), tail.SMTPAddress)

		allocs := testing.AllocsPerRun(5, func() { _, _ = e.Tail() })
		assert.LessOrEqual(t, allocs, 2.0, "%s: allocations per Tail", tt.name)

		const runs = 5
		n := memtest.Allocated(func() {
			for range runs {
				_, _ = e.Tail()
			}
		})
		perByte := float64(n) / runs / float64(len(e.Extension))
		t.Logf("%s: %.2f bytes allocated per input byte", tt.name, perByte)
		assert.LessOrEqual(t, perByte, tt.utf8*1.05, "%s: bytes allocated per input byte", tt.name)
	}
}

// TestUTF16NULAsStdlib compares the UTF-16 reader with unicode/utf16.Decode
// on strings of random units, unpaired surrogates among them.
func TestUTF16NULAsStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 15))
	pick := []func() uint16{
		func() uint16 { return uint16(1 + rng.IntN(0x7F)) },
		func() uint16 { return uint16(0x80 + rng.IntN(0xD800-0x80)) },
		func() uint16 { return uint16(0xD800 + rng.IntN(0x400)) }, // high surrogate
		func() uint16 { return uint16(0xDC00 + rng.IntN(0x400)) }, // low surrogate
		func() uint16 { return uint16(0xE000 + rng.IntN(0x2000)) },
	}
	for range 2000 {
		units := make([]uint16, rng.IntN(12))
		for i := range units {
			units[i] = pick[rng.IntN(len(pick))]()
		}
		var b []byte
		for _, u := range units {
			b = append(b, byte(u), byte(u>>8))
		}
		b = append(b, 0, 0, 'x')
		var r reader
		r.init(b, "T", nil)
		got, err := r.utf16NUL("F")
		require.NoError(t, err)
		require.Equal(t, string(utf16.Decode(units)), got, "units % X", units)
		require.Equal(t, len(b)-1, r.off, "the reader stops after the NUL")
	}
	for _, in := range [][]byte{{}, {'a'}, {'a', 0}, {'a', 0, 'b'}, {0x3D, 0xD8}, {0x3D, 0xD8, 0}} {
		var r reader
		r.init(in, "T", nil)
		_, err := r.utf16NUL("F")
		assert.ErrorIs(t, err, ErrMissingNUL, "% X", in)
	}
}

// BenchmarkStoreEntryIDTailUTF16 reads a 64 Ki-unit address beside an
// allocating copy of the same number of bytes (B/op shows the allocation).
func BenchmarkStoreEntryIDTailUTF16(b *testing.B) {
	for _, c := range []rune{'a', 'ä'} {
		e, _, err := DecodeStoreEntryID(entryIDWithAddress(1<<16, c))
		require.NoError(b, err)
		b.Run(string(c), func(b *testing.B) {
			benchcopy.VsCopy(b, len(e.Extension), func(calls int) {
				for range calls {
					var err error
					if sinkTail, err = e.Tail(); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
