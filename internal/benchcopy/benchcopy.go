// Package benchcopy measures an operation beside a copy of the same number of
// bytes, so that benchmark figures can be read as a ratio on a noisy machine.
package benchcopy

import (
	"math"
	"runtime"
	"slices"
	"testing"
	"time"
)

// sink keeps the copies from being optimised away.
var sink int

// A block is blockCalls calls, or fewer for an operation slower than
// blockTime/blockCalls, so that most blocks run without losing the
// processor: a block of a slow operation that always loses it would skew
// the ratio whatever statistic is taken.
const (
	blockCalls = 1000
	blockTime  = 50 * time.Microsecond
)

// A Baseline is a second operation measured beside the one under test, such
// as allocating the string a decoder returns, or the package function a
// faster path replaces. Op(calls) calls it calls times and stores its results
// where the compiler cannot discard them.
type Baseline struct {
	// Name names the metrics: Name-ns/op and x-Name, the operation's time
	// over the baseline's.
	Name string
	Op   func(calls int)
}

// VsCopy runs op(calls), which calls the operation calls times, in
// alternation with as many copies of size bytes into an existing buffer. It
// reports the operation's own time as ns/op, the copy's as copy-ns/op and
// their ratio as x-copy; allocations are the operation's, since the copy has
// none. It returns ns/op.
//
// On a shared machine the speed of both drifts by 20% or more within a
// minute, and a loaded one takes the processor away for milliseconds at a
// time. So the two are not run one after the other but in alternating
// blocks of a thousand calls, each pair of blocks gives a ratio, and the
// figures are medians over the blocks: a slow spell slows both blocks of a
// pair, and a block in which the processor was taken away (or the garbage
// collector's background worker ran) is an outlier that the median leaves
// out.
func VsCopy(b *testing.B, size int, op func(calls int)) float64 {
	return Beside(b, size, op)
}

// Beside is VsCopy with more baselines: each round of blocks runs op, every
// baseline and the copy, each round starting one block later than the one
// before (so that none always runs first). For each baseline
// it also reports Name-ns/op and x-Name, the median of the ratios of op's
// blocks to the baseline's. With baselines, the allocations reported
// (allocs/op, B/op) are op's alone, counted before the timed blocks, since
// the testing package's count would add the baselines' to them.
func Beside(b *testing.B, size int, op func(calls int), baselines ...Baseline) float64 {
	src := make([]byte, size)
	dst := make([]byte, size)
	b.ReportAllocs()
	if len(baselines) > 0 {
		allocs, bytes := allocsOf(op)
		defer func() {
			// Rounded, since the testing package prints these two
			// truncated to whole numbers: a decoder that allocates a
			// string in 99 calls of 100 would show 0 allocs/op.
			b.ReportMetric(math.Round(allocs), "allocs/op")
			b.ReportMetric(math.Round(bytes), "B/op")
		}()
	}
	perBlock := callsPerBlock(op)
	blocks := (b.N + perBlock - 1) / perBlock
	opTimes := make([]float64, 0, blocks) // ns per call, by block
	copyTimes := make([]float64, 0, blocks)
	baseTimes := make([][]float64, len(baselines))
	for i := range baseTimes {
		baseTimes[i] = make([]float64, 0, blocks)
	}
	// The blocks of a round: op, the baselines, the copy. Each round starts
	// one block later than the one before, so that no block always runs
	// first or always after the same one.
	runs := make([]func(calls int), 0, 2+len(baselines))
	runs = append(runs, op)
	for _, base := range baselines {
		runs = append(runs, base.Op)
	}
	runs = append(runs, func(calls int) {
		for range calls {
			sink = copy(dst, src)
		}
	})
	took := make([]float64, len(runs))
	b.ResetTimer()
	for round, done := 0, 0; done < b.N; round++ {
		calls := min(perBlock, b.N-done)
		for k := range runs {
			i := (round + k) % len(runs)
			start := time.Now()
			runs[i](calls)
			took[i] = float64(time.Since(start).Nanoseconds()) / float64(calls)
		}
		opTimes = append(opTimes, took[0])
		for i := range baselines {
			baseTimes[i] = append(baseTimes[i], took[1+i])
		}
		copyTimes = append(copyTimes, took[len(took)-1])
		done += calls
	}
	b.StopTimer()
	nsPerOp := median(opTimes)
	b.ReportMetric(nsPerOp, "ns/op")
	b.ReportMetric(median(copyTimes), "copy-ns/op")
	b.ReportMetric(medianRatio(opTimes, copyTimes), "x-copy")
	for i, base := range baselines {
		b.ReportMetric(median(baseTimes[i]), base.Name+"-ns/op")
		b.ReportMetric(medianRatio(opTimes, baseTimes[i]), "x-"+base.Name)
	}
	return nsPerOp
}

// callsPerBlock returns the number of calls of op in a block: as many as
// take blockTime, from 1 to blockCalls, by the fastest of three calls.
func callsPerBlock(op func(calls int)) int {
	fastest := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		op(1)
		fastest = min(fastest, time.Since(start))
	}
	return int(min(blockCalls, max(1, blockTime/max(fastest, 1))))
}

// median returns the median of v, which it leaves as it is.
func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// medianRatio returns the median of a[i]/b[i].
func medianRatio(a, b []float64) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = a[i] / max(b[i], 1e-3)
	}
	return median(r)
}

// allocsOf returns the allocations and bytes allocated per call of op, over
// a block of calls (fewer for an operation that takes more than 10 µs), after
// as many to warm it up.
func allocsOf(op func(calls int)) (allocs, bytes float64) {
	start := time.Now()
	op(1)
	calls := blockCalls
	if t := time.Since(start); t > 10*time.Microsecond {
		calls = int(max(1, 10*time.Millisecond/t))
	}
	op(calls)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	op(calls)
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(calls), float64(after.TotalAlloc-before.TotalAlloc) / float64(calls)
}
