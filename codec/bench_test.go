package codec

import (
	"fmt"
	"testing"
)

// Each codec benchmark runs beside a baseline that copies the same number of
// bytes, so that the ratio can be read on a noisy machine:
//
//	go test ./codec -run X -bench . -benchmem

var (
	sinkBytes []byte
	sinkInt   int
)

func benchCopy(b *testing.B, n int) {
	src := make([]byte, n)
	dst := make([]byte, n)
	b.SetBytes(int64(n))
	for b.Loop() {
		sinkInt = copy(dst, src)
	}
}

// benchCopyAlloc copies n bytes into a new allocation, the least a decoder
// that returns a string of about that size must do.
func benchCopyAlloc(b *testing.B, n int) {
	src := make([]byte, n)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		sinkBytes = append([]byte(nil), src...)
	}
}

func BenchmarkLogonRequestEncode(b *testing.B) {
	req := NewPrivateLogon(0, 0, essdn74)
	buf := make([]byte, 0, 128)
	n := 14 + len(essdn74) + 1
	b.Run("codec", func(b *testing.B) {
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			sinkBytes, _ = req.AppendBinary(buf[:0])
		}
	})
	b.Run("copy", func(b *testing.B) { benchCopy(b, n) })
}

func BenchmarkLogonRequestDecode(b *testing.B) {
	in, _ := NewPrivateLogon(0, 0, essdn74).MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			_, sinkInt, _ = DecodeRopLogonRequest(in)
		}
	})
	b.Run("decoder", func(b *testing.B) {
		var d Decoder
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			_, sinkInt, _ = d.DecodeRopLogonRequest(in)
		}
	})
	b.Run("copy", func(b *testing.B) { benchCopy(b, len(in)) })
	b.Run("copy-alloc", func(b *testing.B) { benchCopyAlloc(b, len(in)) })
}

func BenchmarkLogonPrivateResponseDecode(b *testing.B) {
	in, _ := privateResponse().MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			_, sinkInt, _ = DecodeRopLogonPrivateResponse(in)
		}
	})
	b.Run("dispatch", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			_, sinkInt, _ = DecodeRopLogonResponse(in)
		}
	})
	b.Run("copy", func(b *testing.B) { benchCopy(b, len(in)) })
}

func BenchmarkLogonRedirectDecode(b *testing.B) {
	in, _ := (&RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: essdn74}).MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			_, sinkInt, _ = DecodeRopLogonRedirectResponse(in)
		}
	})
	b.Run("decoder", func(b *testing.B) {
		var d Decoder
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			_, sinkInt, _ = d.DecodeRopLogonRedirectResponse(in)
		}
	})
	// decoder-new: 1,024 different server names in turn, far more than a
	// Decoder remembers, so that nearly every one is new to it.
	b.Run("decoder-new", func(b *testing.B) {
		ins := make([][]byte, 1024)
		for i := range ins {
			name := fmt.Sprintf("%s%04d", essdn74[:len(essdn74)-4], i)
			ins[i], _ = (&RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: name}).MarshalBinary()
		}
		var d Decoder
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			_, sinkInt, _ = d.DecodeRopLogonRedirectResponse(ins[i&(len(ins)-1)])
			i++
		}
	})
	b.Run("copy", func(b *testing.B) { benchCopy(b, len(in)) })
	b.Run("copy-alloc", func(b *testing.B) { benchCopyAlloc(b, len(in)) })
}

// outputBuffer returns a RopsList of n responses of the shapes a real output
// buffer mixes: RopSetColumns successes, failures and backoffs.
func outputBuffer(n int) []byte {
	var list []byte
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			list, _ = (&RopSetColumnsSuccessResponse{InputHandleIndex: uint8(i)}).AppendBinary(list)
		case 1:
			list, _ = (&RopSetColumnsFailureResponse{InputHandleIndex: uint8(i), ReturnValue: 0x80040115}).AppendBinary(list)
		default:
			list, _ = (&RopBackoffResponse{Duration: 100, BackoffRopData: []BackoffRop{{RopIDBackoff: 0x12, Duration: 5}}}).AppendBinary(list)
		}
	}
	return list
}

// The walk over a RopsList is linear in its size: 100 and 1,000 responses
// can be compared per byte (MB/s).
func BenchmarkWalkResponses(b *testing.B) {
	for _, n := range []int{100, 1000} {
		list := outputBuffer(n)
		b.Run(map[int]string{100: "100", 1000: "1000"}[n], func(b *testing.B) {
			b.SetBytes(int64(len(list)))
			b.ReportAllocs()
			for b.Loop() {
				count := 0
				for _, err := range Responses(list) {
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				sinkInt = count
			}
		})
		b.Run(map[int]string{100: "100-copy", 1000: "1000-copy"}[n], func(b *testing.B) { benchCopy(b, len(list)) })
	}
}
