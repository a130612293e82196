package session

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// benchSession returns a session of calls: the logon of
// testdata/mailbox.txtar, then n times its call 1 (RopOpenFolder,
// RopGetContentsTable, RopSetColumns, RopQueryRows of two rows) with two
// RopRelease requests added, of the table and the folder, so that the
// objects do not pile up: 1 + 6n ROP requests and 1 + 4n responses. It
// returns the calls, the number of ROP requests and the bytes of all the
// buffers.
func benchSession(tb testing.TB, n int) ([]archived, int, int) {
	mb := loadSession(tb, "mailbox")
	in := mb[1].in
	list := binary.LittleEndian.Uint16(in)
	repeat := append([]byte{}, in[:list]...)
	repeat = append(repeat, 0x01, 0x00, 0x02, 0x01, 0x00, 0x01) // RopRelease of the table, then the folder
	repeat = append(repeat, in[list:]...)
	binary.LittleEndian.PutUint16(repeat, list+6)
	calls := []archived{mb[0]}
	for range n {
		calls = append(calls, archived{in: repeat, out: mb[1].out})
	}
	size := 0
	for _, c := range calls {
		size += len(c.in) + len(c.out)
	}
	return calls, 1 + 6*n, size
}

// sinkCall keeps the result of each call a benchmark decodes, where the
// compiler cannot discard it.
var sinkCall *Call

// BenchmarkSession decodes sessions of 1 to about 10,000 ROP requests from a
// new Decoder, beside a copy of the same bytes: the cost per ROP (ns/rop)
// stays flat when the decoder is linear in its input.
func BenchmarkSession(b *testing.B) {
	for _, n := range []int{0, 2, 17, 167, 1667} {
		calls, rops, size := benchSession(b, n)
		b.Run(fmt.Sprintf("rops=%d", rops), func(b *testing.B) {
			d := NewDecoder(Limits{})
			for _, c := range calls { // check it decodes as the tests say
				if _, err := d.Call(c.in, c.out); err != nil {
					b.Fatal(err)
				}
			}
			ns := benchcopy.VsCopy(b, size, func(runs int) {
				for range runs {
					d := NewDecoder(Limits{})
					for _, c := range calls {
						sinkCall, _ = d.Call(c.in, c.out)
					}
				}
			})
			b.ReportMetric(ns/float64(rops), "ns/rop")
		})
	}
}
