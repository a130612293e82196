package codec

import (
	"fmt"
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// Each codec benchmark measures its operation beside a copy of the same
// number of bytes into an existing buffer, and reports the ratio as x-copy
// (benchcopy.VsCopy says how):
//
//	go test ./codec -run X -bench . -benchmem -count 10 -cpu 1

var (
	sinkBytes []byte
	sinkInt   int
)

// benchVsCopy is benchcopy.VsCopy: op(calls) in alternation with as many
// copies of size bytes; it returns the operation's ns/op.
func benchVsCopy(b *testing.B, size int, op func(calls int)) float64 {
	return benchcopy.VsCopy(b, size, op)
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
