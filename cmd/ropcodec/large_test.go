package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logonResponses returns at least size bytes of RopLogon responses, the
// redirect, private, public and paused examples over and over, and how
// many ROPs they are.
func logonResponses(t testing.TB, size int) ([]byte, int) {
	t.Helper()
	var one [][]byte
	for _, name := range []string{"redirect", "private", "public", "paused"} {
		ex, ok := findExample(name)
		require.True(t, ok, name)
		b, err := parseHex(ex.hex)
		require.NoError(t, err, name)
		one = append(one, b)
	}
	var out []byte
	n := 0
	for len(out) < size {
		out = append(out, one[n%len(one)]...)
		n++
	}
	return out, n
}

// writeTemp writes b to a new file and returns its name.
func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, b, 0o666))
	return p
}

// failingWriter fails every write.
type failingWriter struct{ writes int }

var errClosed = errors.New("output closed")

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	return 0, errClosed
}

// TestDecodeStreams checks that decode writes a long RopsList as it decodes
// it rather than after: with an output that fails at its first write (a
// pipe into head that closed), decoding a million ROPs stops after the
// first block of output. Decoding a ROP allocates at least its struct, so
// fewer allocations than ROPs in all shows that most were never decoded.
func TestDecodeStreams(t *testing.T) {
	const count = 1_000_000
	failure := []byte{0xFE, 0x00, 0xF2, 0x03, 0x00, 0x00} // RopLogon failure response
	name := writeTemp(t, "million.bin", bytes.Repeat(failure, count))
	w := &failingWriter{}
	var errOut bytes.Buffer
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	code := run([]string{"decode", "@" + name}, nil, w, &errOut)
	runtime.ReadMemStats(&after)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ropcodec decode: writing the output: output closed\n", errOut.String())
	assert.Equal(t, 1, w.writes, "writes after the first failed")
	mallocs := after.Mallocs - before.Mallocs
	t.Logf("%d allocations for a list of %d ROPs whose output failed at once", mallocs, count)
	assert.Less(t, mallocs, uint64(count/10), "decoding went on after the output failed")
}

// TestDecodeMemory checks that decoding holds a small multiple of the input
// in memory whatever its length, text or JSON, from binary or from hex:
// the output is not kept, the decoded ROPs are not kept.
func TestDecodeMemory(t *testing.T) {
	in, n := logonResponses(t, 1<<20)
	bin := writeTemp(t, "logons.bin", in)
	hex := writeTemp(t, "logons.hex", []byte(fmt.Sprintf("% X\n", in)))
	for _, args := range [][]string{{"@" + bin}, {"--json", "@" + bin}, {"@" + hex}} {
		peak := peakHeap(t, args...)
		t.Logf("%v: %d ROPs, %d bytes: peak heap %d bytes (%.1f x the input)", args, n, len(in), peak, float64(peak)/float64(len(in)))
		assert.Less(t, peak, uint64(3*len(in)), "%v", args)
	}

	// A list of requests is scanned whole, for the LogonId rule, before
	// it is shown; the scan keeps no ROP either.
	release := writeTemp(t, "releases.bin", bytes.Repeat([]byte{0x01, 0x00, 0x00}, len(in)/3))
	peak := peakHeap(t, "@"+release)
	assert.Less(t, peak, uint64(3*len(in)), "a list of requests")
}

// peakHeap runs decode with args and returns the largest live heap, above
// what was live before, seen at writes of its output (each after a garbage
// collection, so that only what decode holds counts).
func peakHeap(t *testing.T, args ...string) uint64 {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	w := &heapWriter{}
	var errOut bytes.Buffer
	code := run(append([]string{"decode"}, args...), nil, w, &errOut)
	require.Equal(t, 0, code, errOut.String())
	require.Greater(t, w.writes, 10, "writes of the output")
	if w.peak < base {
		return 0
	}
	return w.peak - base
}

// heapWriter discards what it is given and notes the live heap at every
// eighth write.
type heapWriter struct {
	writes int
	peak   uint64
}

func (w *heapWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes%8 != 1 {
		return len(p), nil // a collection each time would take seconds
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.peak = max(w.peak, ms.HeapAlloc)
	return len(p), nil
}

// BenchmarkDecode10MB measures decode on 10 MB of RopLogon responses (the
// redirect, private, public and paused examples over and over), written to
// io.Discard, beside reading the same file with os.ReadFile: in alternation,
// so that a slow spell of a shared machine slows both. It reports decode's
// ns/op and MB/s, the read's, and their ratio (x-read):
//
//	go test ./cmd/ropcodec -run X -bench Decode10MB -benchmem -count 6 -cpu 1
func BenchmarkDecode10MB(b *testing.B) {
	in, _ := logonResponses(b, 10<<20)
	bin := writeTemp(b, "logons.bin", in)
	hex := writeTemp(b, "logons.hex", []byte(fmt.Sprintf("% X\n", in)))
	for _, c := range []struct {
		name string
		args []string
		file string
	}{
		{"text", []string{"decode", "@" + bin}, bin},
		{"json", []string{"decode", "--json", "@" + bin}, bin},
		{"hex-input", []string{"decode", "@" + hex}, hex},
	} {
		b.Run(c.name, func(b *testing.B) { benchVsRead(b, c.args, c.file, len(in)) })
	}
}

// benchVsRead runs the command with args, which decode file (size bytes
// decoded), beside reading file with os.ReadFile, in alternation, and
// reports decode's ns/op and MB/s, the read's, and their ratio (x-read).
func benchVsRead(b *testing.B, args []string, file string, size int) {
	b.ReportAllocs()
	var decodeTime, readTime time.Duration
	for range b.N {
		start := time.Now()
		data, err := os.ReadFile(file)
		mid := time.Now()
		if err != nil || len(data) == 0 {
			b.Fatal(err)
		}
		if code := run(args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
		decodeTime += time.Since(mid)
		readTime += mid.Sub(start)
	}
	perOp := float64(decodeTime.Nanoseconds()) / float64(b.N)
	b.ReportMetric(perOp, "ns/op")
	b.ReportMetric(float64(size)/perOp*1e3, "MB/s")
	b.ReportMetric(float64(readTime.Nanoseconds())/float64(b.N), "read-ns/op")
	b.ReportMetric(float64(decodeTime)/float64(readTime), "x-read")
}
