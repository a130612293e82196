package codec

import (
	"fmt"
	"testing"
	"time"
)

// Each codec benchmark measures its operation beside a copy of the same
// number of bytes into an existing buffer, and reports the ratio as x-copy:
//
//	go test ./codec -run X -bench . -benchmem -count 10 -cpu 1
//
// On a shared machine the speed of both drifts by 20% or more within a
// minute, so the two are not run one after the other: benchVsCopy runs them
// in alternating blocks of a thousand calls, and a slow spell slows both.

var (
	sinkBytes []byte
	sinkInt   int
)

// benchVsCopy runs op(calls), which calls the operation calls times, in
// alternation with as many copies of size bytes. It reports the operation's
// own time as ns/op, the copy's as copy-ns/op and their ratio as x-copy;
// allocations are the operation's, since the copy has none. It returns
// ns/op.
func benchVsCopy(b *testing.B, size int, op func(calls int)) float64 {
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
			sinkInt = copy(dst, src)
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

// copyAlloc copies n bytes into a new allocation, calls times: the least a
// decoder that returns a new string of about that size must do.
func copyAlloc(n int) func(calls int) {
	src := make([]byte, n)
	return func(calls int) {
		for range calls {
			sinkBytes = append([]byte(nil), src...)
		}
	}
}

// BenchmarkCopyVsCopy checks the method: the copy itself, measured as the
// operation, must come out at 1.0 x-copy.
func BenchmarkCopyVsCopy(b *testing.B) {
	const n = 89
	src := make([]byte, n)
	dst := make([]byte, n)
	benchVsCopy(b, n, func(calls int) {
		for range calls {
			sinkInt = copy(dst, src)
		}
	})
}

// BenchmarkBadASCII is the part of the encode that tests the ESSDN, beside a
// copy of the same 74 bytes.
func BenchmarkBadASCII(b *testing.B) {
	s := essdn74
	benchVsCopy(b, len(s), func(calls int) {
		for range calls {
			sinkInt = badASCII(s)
		}
	})
}

func BenchmarkLogonRequestEncode(b *testing.B) {
	req := NewPrivateLogon(0, 0, essdn74)
	buf := make([]byte, 0, 128)
	benchVsCopy(b, 14+len(essdn74)+1, func(calls int) {
		for range calls {
			sinkBytes, _ = req.AppendBinary(buf[:0])
		}
	})
}

func BenchmarkLogonRequestDecode(b *testing.B) {
	in, _ := NewPrivateLogon(0, 0, essdn74).MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = DecodeRopLogonRequest(in)
			}
		})
	})
	b.Run("decoder", func(b *testing.B) {
		var d Decoder
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = d.DecodeRopLogonRequest(in)
			}
		})
	})
	b.Run("copy-alloc", func(b *testing.B) { benchVsCopy(b, len(in), copyAlloc(len(in))) })
}

func BenchmarkLogonPrivateResponseDecode(b *testing.B) {
	in, _ := privateResponse().MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = DecodeRopLogonPrivateResponse(in)
			}
		})
	})
	b.Run("dispatch", func(b *testing.B) {
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = DecodeRopLogonResponse(in)
			}
		})
	})
}

func BenchmarkLogonRedirectDecode(b *testing.B) {
	in, _ := (&RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: essdn74}).MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = DecodeRopLogonRedirectResponse(in)
			}
		})
	})
	b.Run("decoder", func(b *testing.B) {
		var d Decoder
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = d.DecodeRopLogonRedirectResponse(in)
			}
		})
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
		i := 0
		benchVsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = d.DecodeRopLogonRedirectResponse(ins[i&(len(ins)-1)])
				i++
			}
		})
	})
	b.Run("copy-alloc", func(b *testing.B) { benchVsCopy(b, len(in), copyAlloc(len(in))) })
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

// The walk over a RopsList is linear in its size when its cost per response
// (ns/response) is the same for 100 and for 1,000 responses. (Its x-copy
// differs, because a copy of 11,000 bytes costs less per byte than one of
// 1,100.)
func BenchmarkWalkResponses(b *testing.B) {
	for _, n := range []int{100, 1000} {
		list := outputBuffer(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nsPerOp := benchVsCopy(b, len(list), func(calls int) {
				for range calls {
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
			b.ReportMetric(nsPerOp/float64(n), "ns/response")
		})
	}
}
