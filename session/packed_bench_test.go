package session

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// packedCall returns a call whose requests wait in a long run that
// answers nothing: an input buffer of no requests followed by packed
// payloads of RopRelease requests (3 bytes each), answered by an output
// buffer of RopSetColumns responses (7 bytes each) that no request asks for.
// Pairing each response must not scan the waiting requests again. It
// returns rgbIn, rgbOut and the number of ROPs.
func packedCall(tb testing.TB, payloads int) (rgbIn, rgbOut []byte, rops int) {
	const per = 10000 // RopRelease requests a packed payload holds
	const responses = 4500
	ins := [][]byte{ropBuf(tb, nil, 1)}
	packed := ropBuf(tb, bytes.Repeat([]byte{0x01, 0x00, 0x00}, per), 1)
	for range payloads {
		ins = append(ins, packed)
	}
	out := ropBuf(tb, bytes.Repeat([]byte{0x12, 0x00, 0, 0, 0, 0, 0x00}, responses), 1)
	return frameFlags(tb, 0, ins...), frameFlags(tb, 0, out), payloads*per + responses
}

// BenchmarkPackedCall decodes packedCall with one and with eight packed
// payloads, beside a copy of the same bytes: ns/rop stays flat when pairing
// is linear (before nextAnswering kept its place it grew about sixfold).
func BenchmarkPackedCall(b *testing.B) {
	for _, n := range []int{1, 8} {
		in, out, rops := packedCall(b, n)
		b.Run(fmt.Sprintf("rops=%d", rops), func(b *testing.B) {
			if _, err := NewDecoder(Limits{}).CallRPC(in, out); err != nil {
				b.Fatal(err)
			}
			ns := benchcopy.VsCopy(b, len(in)+len(out), func(runs int) {
				for range runs {
					sinkCall, _ = NewDecoder(Limits{}).CallRPC(in, out)
				}
			})
			b.ReportMetric(ns/float64(rops), "ns/rop")
		})
	}
}

// BenchmarkBackoffCall decodes calls of 5,000 and 20,000 RopRelease requests
// answered by output buffers of RopBackoff responses (1,750 and 7,000 that
// delay the logon, or 1,125 and 4,500 that name a ROP), beside a copy of the
// same bytes: ns/rop stays flat when each RopBackoff marks the requests it
// delays once (before, each marked them all again: 39 us/rop for the
// larger call of logon backoffs, 3.4 for the smaller; now about 1.2 both).
func BenchmarkBackoffCall(b *testing.B) {
	for _, k := range []int{1, 4} {
		in := ropBuf(b, bytes.Repeat([]byte{0x01, 0x00, 0x00}, 5000*k), 1)
		for _, tc := range []struct {
			name string
			out  []byte
			n    int
		}{
			{"logon", bytes.Repeat([]byte{0xF9, 0, 0x34, 0x12, 0, 0, 0, 0, 0}, 1750*k), 1750 * k},
			{"rop", bytes.Repeat([]byte{0xF9, 0, 0x34, 0x12, 0, 0, 1, 0x12, 1, 0, 0, 0, 0, 0}, 1125*k), 1125 * k},
		} {
			out := ropBuf(b, tc.out, 1)
			rops := 5000*k + tc.n
			b.Run(fmt.Sprintf("%s/rops=%d", tc.name, rops), func(b *testing.B) {
				if _, err := NewDecoder(Limits{}).Call(in, out); err != nil {
					b.Fatal(err)
				}
				ns := benchcopy.VsCopy(b, len(in)+len(out), func(runs int) {
					for range runs {
						sinkCall, _ = NewDecoder(Limits{}).Call(in, out)
					}
				})
				b.ReportMetric(ns/float64(rops), "ns/rop")
			})
		}
	}
}
