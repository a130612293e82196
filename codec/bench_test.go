package codec

import "testing"

// The sample benchmarks run beside BenchmarkSampleCopyBaseline, which copies
// the same number of bytes, so their ratio can be read on a noisy machine.

var benchSink int

func BenchmarkSampleDecode(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(sampleGolden)))
	for b.Loop() {
		v, n, err := decodeSampleRedirect(sampleGolden)
		if err != nil {
			b.Fatal(err)
		}
		benchSink += n + len(v.ServerName)
	}
}

func BenchmarkSampleEncode(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(sampleGolden)))
	v := sampleRedirect{ReturnValue: 0x478, LogonFlags: 1, ServerName: "Beta"}
	buf := make([]byte, 0, 64)
	for b.Loop() {
		out, err := v.AppendBinary(buf[:0])
		if err != nil {
			b.Fatal(err)
		}
		benchSink += len(out)
	}
}

func BenchmarkSampleCopyBaseline(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(sampleGolden)))
	buf := make([]byte, 0, 64)
	for b.Loop() {
		out := append(buf[:0], sampleGolden...)
		benchSink += len(out)
	}
}
