package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// The inputs below hold many short NUL-terminated strings without size
// fields in a long buffer: the shape that made decoding quadratic when the
// ASCII test of each string ran over everything after it.

// receiveFolderRequests returns a RopsList of n RopGetReceiveFolder requests
// whose MessageClass is "IPM" (4 bytes each with the NUL, 7 bytes a ROP).
func receiveFolderRequests(n int) []byte {
	one, err := (&RopGetReceiveFolderRequest{MessageClass: "IPM"}).MarshalBinary()
	if err != nil {
		panic(err)
	}
	return bytes.Repeat(one, n)
}

// receiveFolderClasses returns a RopsList of n RopGetReceiveFolder requests
// whose MessageClasses cycle through 300 of 8 bytes ("IPM.0000" to
// "IPM.0299"), more than a Decoder remembers: some come back to it, some
// have been forgotten.
func receiveFolderClasses(n int) []byte {
	var b []byte
	for i := range n {
		var err error
		b, err = (&RopGetReceiveFolderRequest{MessageClass: fmt.Sprintf("IPM.%04d", i%300)}).AppendBinary(b)
		if err != nil {
			panic(err)
		}
	}
	return b
}

// owningServersWithTail returns a RopGetOwningServers success response that
// announces n one-letter strings, followed by tail bytes of 'a' after them.
func owningServersWithTail(n, tail int) []byte {
	b := []byte{0x42, 0, 0, 0, 0, 0}
	b = binary.LittleEndian.AppendUint16(b, uint16(n))
	b = binary.LittleEndian.AppendUint16(b, 0)
	for range n {
		b = append(b, 's', 0)
	}
	return append(b, bytes.Repeat([]byte{'a'}, tail)...)
}

// entryIDWithTail returns a Store EntryID whose Extension is n bytes long.
func entryIDWithTail(n int) []byte {
	e := NewStoreEntryID("S", "/o=O/cn=M")
	e.Extension = bytes.Repeat([]byte{'x'}, n)
	b, err := e.MarshalBinary()
	if err != nil {
		panic(err)
	}
	return b
}

// linearCases decode inputs built by size from a size in bytes; each must
// decode without error.
var linearCases = []struct {
	name   string
	input  func(size int) []byte
	decode func(b []byte) error
}{
	{"RopGetReceiveFolder RopsList", func(size int) []byte { return receiveFolderRequests(size / 7) },
		func(b []byte) error {
			for r, err := range Requests(b) {
				if err != nil {
					return err
				}
				sinkWalked = r
			}
			return nil
		}},
	{"RopGetReceiveFolder RopsList with a Decoder", func(size int) []byte { return receiveFolderClasses(size / 12) },
		func(b []byte) error {
			var d Decoder // new for each decode, as for each session
			for r, err := range d.Requests(b) {
				if err != nil {
					return err
				}
				sinkWalked = r
			}
			return nil
		}},
	{"RopGetOwningServers with a long tail", func(size int) []byte { return owningServersWithTail(min(size/4, 0xFFFF), size/2) },
		func(b []byte) error {
			var err error
			sinkOwning, _, err = DecodeRopGetOwningServersSuccessResponse(b)
			return err
		}},
	{"StoreEntryID with a long Extension", entryIDWithTail,
		func(b []byte) error { return sinkEntryID.UnmarshalBinary(b) }},
	{"auxiliary blocks whose strings share one place", auxSharedStrings,
		func(b []byte) error {
			for blk, err := range AuxBlocks(b) {
				if err != nil {
					return err
				}
				sinkAux = blk
			}
			return nil
		}},
	{"StoreEntryID Tail with a long UTF-16 address", func(size int) []byte { return entryIDWithAddress(size/2, 'a') },
		func(b []byte) error {
			e, _, err := DecodeStoreEntryID(b)
			if err == nil {
				sinkTail, err = e.Tail()
			}
			return err
		}},
}

// TestDecodeCostIsLinear doubles the input three times and checks that the
// decode cost grows about eightfold, not 64-fold: every decoder's cost must
// be linear in the bytes it reads. The cost is the CPU time of the decoding
// thread where the system reports it (threadTime), so that other processes
// on a loaded machine do not count; each size takes the least of 15 runs,
// and the bound (32x for 8x the input, half the 64x of a quadratic cost)
// leaves room for cache effects while a quadratic decoder overshoots it by
// far (93x before the fix this test came with). A machine busy with other
// work (go test ./... builds copies of the module beside this test) can
// still slow one size more than the other, so the test measures up to four
// rounds and passes on the first within the bound: a quadratic decoder
// exceeds it in every round.
func TestDecodeCostIsLinear(t *testing.T) {
	const small = 128 << 10
	for _, tc := range linearCases {
		t.Run(tc.name, func(t *testing.T) {
			fastest := func(in []byte) time.Duration {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				best := time.Duration(1<<63 - 1)
				for range 15 {
					start := threadTime()
					_ = tc.decode(in)
					best = min(best, threadTime()-start)
				}
				return max(best, time.Microsecond)
			}
			base, big := tc.input(small), tc.input(8*small)
			require.NoError(t, tc.decode(base))
			require.NoError(t, tc.decode(big))
			var ratios []float64
			for range 4 {
				b, g := fastest(base), fastest(big)
				ratio := float64(g) / float64(b)
				t.Logf("%d KiB: %v; %d KiB: %v; ratio %.1f", small>>10, b, 8*small>>10, g, ratio)
				if ratio < 32 {
					return
				}
				ratios = append(ratios, ratio)
			}
			t.Errorf("decode cost grows faster than the input: 8x the input takes %.1fx the time in every round", ratios)
		})
	}
}

// BenchmarkLinear decodes each input of linearCases at 64 KiB and at 1 MiB,
// beside a copy of the same bytes: the x-copy ratio stays the same when the
// cost is linear.
func BenchmarkLinear(b *testing.B) {
	for _, tc := range linearCases {
		for _, size := range []int{64 << 10, 1 << 20} {
			in := tc.input(size)
			b.Run(fmt.Sprintf("%s/%dKiB", tc.name, size>>10), func(b *testing.B) {
				benchcopy.VsCopy(b, len(in), func(calls int) {
					for range calls {
						if err := tc.decode(in); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		}
	}
}
