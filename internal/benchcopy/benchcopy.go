// Package benchcopy measures an operation beside a copy of the same number of
// bytes, so that benchmark figures can be read as a ratio on a noisy machine.
package benchcopy

import (
	"testing"
	"time"
)

// sink keeps the copies from being optimised away.
var sink int

// VsCopy runs op(calls), which calls the operation calls times, in
// alternation with as many copies of size bytes into an existing buffer. It
// reports the operation's own time as ns/op, the copy's as copy-ns/op and
// their ratio as x-copy; allocations are the operation's, since the copy has
// none. It returns ns/op.
//
// On a shared machine the speed of both drifts by 20% or more within a
// minute, so the two are not run one after the other but in alternating
// blocks of a thousand calls, and a slow spell slows both.
func VsCopy(b *testing.B, size int, op func(calls int)) float64 {
	src := make([]byte, size)
	dst := make([]byte, size)
	b.ReportAllocs()
	var opTime, copyTime time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		calls := min(1000, b.N-done)
		start := time.Now()
		op(calls)
		mid := time.Now()
		for range calls {
			sink = copy(dst, src)
		}
		copyTime += time.Since(mid)
		opTime += mid.Sub(start)
		done += calls
	}
	nsPerOp := float64(opTime.Nanoseconds()) / float64(b.N)
	b.ReportMetric(nsPerOp, "ns/op")
	b.ReportMetric(float64(copyTime.Nanoseconds())/float64(b.N), "copy-ns/op")
	b.ReportMetric(float64(opTime)/float64(copyTime), "x-copy")
	return nsPerOp
}
