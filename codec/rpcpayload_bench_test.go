package codec

import (
	"testing"

	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// RPC_HEADER_EXT framing of a 32 KB ROP buffer (testvec.Concat of the golden
// vectors), each way, plain, obfuscated (XorMagic), compressed and both,
// beside a copy of the 32 KB:
//
//	go test ./codec -run X -bench RPCPayload -benchmem -count 6 -cpu 1
//
// Encoding appends into a buffer with room and allocates nothing; decoding
// allocates the Payload and the 32 KB it returns.

var rpcBenchFlags = []struct {
	name  string
	flags RPCHeaderExtFlags
}{
	{"plain", HeaderLast},
	{"xor", HeaderXorMagic | HeaderLast},
	{"compressed", HeaderCompressed | HeaderLast},
	{"compressed-xor", HeaderCompressed | HeaderXorMagic | HeaderLast},
}

func rpcBenchData(b *testing.B) []byte {
	rops, err := testvec.GoldenVectors("../testdata")
	if err != nil {
		b.Fatal(err)
	}
	return testvec.Concat(rops, 32<<10)
}

func BenchmarkAppendRPCPayload(b *testing.B) {
	data := rpcBenchData(b)
	buf := make([]byte, 0, 8+lz77.CompressBound(len(data)))
	for _, f := range rpcBenchFlags {
		b.Run(f.name, func(b *testing.B) {
			benchVsCopy(b, len(data), func(calls int) {
				for range calls {
					var err error
					if sinkBytes, err = AppendRPCPayload(buf, data, f.flags); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkDecodeRPCPayloads(b *testing.B) {
	data := rpcBenchData(b)
	for _, f := range rpcBenchFlags {
		b.Run(f.name, func(b *testing.B) {
			framed, err := AppendRPCPayload(nil, data, f.flags)
			if err != nil {
				b.Fatal(err)
			}
			benchVsCopy(b, len(data), func(calls int) {
				for range calls {
					ps, err := DecodeRPCPayloads(framed)
					if err != nil {
						b.Fatal(err)
					}
					sinkBytes = ps[0].Data
				}
			})
		})
	}
}
