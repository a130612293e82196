package lz77_test

import (
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// Each benchmark runs beside a copy of the decompressed size (benchcopy.VsCopy)
// and reports the ratio as x-copy, with the compressed size as a share of the
// input (ratio):
//
//	go test ./lz77 -run X -bench . -benchmem -count 6 -cpu 1
//
// The targets: decompressing a 32 KB ROP buffer within 10x of the
// copy, compressing it within 60x, both without allocating into a buffer with
// capacity.

var sink []byte

// ropBuffer32K is a typical 32 KB ROP buffer: the golden ROP vectors of
// testvec.BenchArchives and the two ROP buffers Outlook compressed, one
// after another with serial numbers (testvec.Concat).
func ropBuffer32K(tb testing.TB) []byte {
	pieces, err := testvec.BenchROPs("../testdata")
	if err != nil {
		tb.Fatal(err)
	}
	for _, v := range loadVectors(tb, "outlook.txtar") {
		pieces = append(pieces, v.plain)
	}
	return testvec.Concat(pieces, 32<<10)
}

func benchInputs(b *testing.B) map[string][]byte {
	return map[string][]byte{
		"rop-32K": ropBuffer32K(b),
		// Every golden vector of the module once or so: as many layouts
		// as vectors, half as compressible, which costs the match finder
		// ten times as much (a literal for every other byte, each after a
		// walk of its chain).
		"all-vectors-32K": testvec.Concat(ropVectors(b), 32<<10),
		"outlook-459":     loadVectors(b, "outlook.txtar")[0].plain,
	}
}

func BenchmarkDecompress(b *testing.B) {
	for name, data := range benchInputs(b) {
		b.Run(name, func(b *testing.B) {
			stream := lz77.Compress(nil, data)
			dst := make([]byte, 0, len(data))
			b.SetBytes(int64(len(data)))
			benchcopy.VsCopy(b, len(data), func(calls int) {
				for range calls {
					var err error
					if sink, err = lz77.Decompress(dst, stream, len(data)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(len(stream))/float64(len(data)), "ratio")
		})
	}
}

func BenchmarkCompress(b *testing.B) {
	for name, data := range benchInputs(b) {
		b.Run(name, func(b *testing.B) {
			dst := make([]byte, 0, lz77.CompressBound(len(data)))
			b.SetBytes(int64(len(data)))
			benchcopy.VsCopy(b, len(data), func(calls int) {
				for range calls {
					sink = lz77.Compress(dst, data)
				}
			})
			b.ReportMetric(float64(len(sink))/float64(len(data)), "ratio")
		})
	}
}
