package codec

import (
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// RPC_HEADER_EXT framing of a 32 KB ROP buffer (testvec.Concat of the golden
// vectors of testvec.BenchArchives), each way, plain, obfuscated (XorMagic),
// compressed and both, beside a copy of the 32 KB and the same way with a
// plain payload (x-plain):
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
	rops, err := testvec.BenchROPs("../testdata")
	if err != nil {
		b.Fatal(err)
	}
	return testvec.Concat(rops, 32<<10)
}

// plainBeside is the baseline of a framing with flags: the same operation
// on a plain payload (x-plain), or none for the plain one itself.
func plainBeside(flags RPCHeaderExtFlags, plain func(calls int)) []benchcopy.Baseline {
	if flags == HeaderLast {
		return nil
	}
	return []benchcopy.Baseline{{Name: "plain", Op: plain}}
}

func BenchmarkAppendRPCPayload(b *testing.B) {
	data := rpcBenchData(b)
	buf := make([]byte, 0, 8+lz77.CompressBound(len(data)))
	appends := func(flags RPCHeaderExtFlags) func(calls int) {
		return func(calls int) {
			var out []byte
			for range calls {
				var err error
				if out, err = AppendRPCPayload(buf, data, flags); err != nil {
					b.Fatal(err)
				}
			}
			sinkBytes = out
		}
	}
	for _, f := range rpcBenchFlags {
		b.Run(f.name, func(b *testing.B) {
			benchcopy.Beside(b, len(data), appends(f.flags), plainBeside(f.flags, appends(HeaderLast))...)
		})
	}
}

func BenchmarkDecodeRPCPayloads(b *testing.B) {
	data := rpcBenchData(b)
	decodes := func(flags RPCHeaderExtFlags) func(calls int) {
		framed, err := AppendRPCPayload(nil, data, flags)
		if err != nil {
			b.Fatal(err)
		}
		return func(calls int) {
			var ps []Payload
			for range calls {
				if ps, err = DecodeRPCPayloads(framed); err != nil {
					b.Fatal(err)
				}
			}
			sinkBytes = ps[0].Data
		}
	}
	for _, f := range rpcBenchFlags {
		b.Run(f.name, func(b *testing.B) {
			benchcopy.Beside(b, len(data), decodes(f.flags), plainBeside(f.flags, decodes(HeaderLast))...)
		})
	}
}
