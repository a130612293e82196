package codec

import (
	"fmt"
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// Each codec benchmark measures its operation beside a copy of the same
// number of bytes into an existing buffer, and reports the ratio as x-copy
// (benchcopy.VsCopy says how); some also run a second baseline beside it,
// such as allocating the string the decoder returns (x-string) or the
// package function a Decoder replaces (x-package):
//
//	go test ./codec -run X -bench . -benchmem -count 6 -cpu 1
//
// Every result is kept in a variable of its own type (a struct in a struct
// variable, an interface in an interface variable), so that nothing is boxed
// on the way: the results of a block in a local variable, its last result
// then in a package variable, so that the compiler keeps all the work. A
// decoder that returns a new string also stores that string in a package
// variable at each call, as its string baseline does, so that both publish
// one new pointer a call (a struct copied to a package variable at each
// call would add a write barrier over the whole struct, which a caller that
// keeps its result on the stack does not pay).

var (
	sinkBytes    []byte
	sinkInt      int
	sinkString   string
	sinkRequest  RopLogonRequest
	sinkRedirect RopLogonRedirectResponse
	sinkPrivate  RopLogonPrivateResponse
	sinkLogon    RopLogonResponse
	sinkResponse Response
	sinkSetCols  RopSetColumnsSuccessResponse
	sinkSetFail  RopSetColumnsFailureResponse
	sinkBackoff  RopBackoffResponse
	sinkBackops  []BackoffRop
	// for the linear and Store EntryID benchmarks
	sinkWalked  Request
	sinkOwning  RopGetOwningServersSuccessResponse
	sinkEntryID StoreEntryID
	sinkTail    StoreEntryIDTail
	sinkAux     AuxBlock
)

// stringAlloc is the baseline of a decoder that returns a new string of n
// bytes: converting n bytes to a string, which allocates and copies them.
func stringAlloc(n int) benchcopy.Baseline {
	src := make([]byte, n)
	return benchcopy.Baseline{Name: "string", Op: func(calls int) {
		for range calls {
			sinkString = string(src)
		}
	}}
}

// BenchmarkCopyVsCopy checks the method: the copy itself, measured as the
// operation, must come out at 1.0 x-copy.
func BenchmarkCopyVsCopy(b *testing.B) {
	const n = 89
	src := make([]byte, n)
	dst := make([]byte, n)
	benchcopy.VsCopy(b, n, func(calls int) {
		for range calls {
			sinkInt = copy(dst, src)
		}
	})
}

// BenchmarkBadASCII is the part of the encode that tests the ESSDN, beside a
// copy of the same 74 bytes.
func BenchmarkBadASCII(b *testing.B) {
	s := essdn74
	benchcopy.VsCopy(b, len(s), func(calls int) {
		for range calls {
			sinkInt = badASCII(s)
		}
	})
}

// BenchmarkLogonRequestEncode is a RopLogon request with a 74-byte ESSDN:
// appended into a buffer with room (target: 0 allocations, 3x the copy), and
// marshalled into a new buffer (target: 1 allocation).
func BenchmarkLogonRequestEncode(b *testing.B) {
	req := NewPrivateLogon(0, 0, essdn74)
	size := 14 + len(essdn74) + 1
	b.Run("append", func(b *testing.B) {
		buf := make([]byte, 0, 128)
		benchcopy.VsCopy(b, size, func(calls int) {
			for range calls {
				sinkBytes, _ = req.AppendBinary(buf[:0])
			}
		})
	})
	b.Run("marshal", func(b *testing.B) {
		benchcopy.VsCopy(b, size, func(calls int) {
			for range calls {
				sinkBytes, _ = req.MarshalBinary()
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		buf := make([]byte, 0, 128)
		benchcopy.VsCopy(b, size, func(calls int) {
			for range calls {
				sinkBytes, _ = floorRequestAppend(req, buf[:0])
			}
		})
	})
}

// BenchmarkLogonRequestDecode decodes a RopLogon request with a 74-byte
// ESSDN beside allocating that string alone (target: 1.3x it), also into a
// value the caller owns (DecodeInto, and floor-into beside it); with a
// Decoder that has seen the ESSDN, nothing is allocated.
func BenchmarkLogonRequestDecode(b *testing.B) {
	in, _ := NewPrivateLogon(0, 0, essdn74).MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonRequest
			for range calls {
				v, sinkInt, _ = DecodeRopLogonRequest(in)
				sinkString = v.Essdn
			}
			sinkRequest = v
		}, stringAlloc(len(essdn74)))
	})
	b.Run("into", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonRequest
			for range calls {
				sinkInt, _ = DecodeInto(&v, in)
				sinkString = v.Essdn
			}
			sinkRequest = v
		}, stringAlloc(len(essdn74)))
	})
	b.Run("decoder", func(b *testing.B) {
		var d Decoder
		benchcopy.VsCopy(b, len(in), func(calls int) {
			var v RopLogonRequest
			for range calls {
				v, sinkInt, _ = d.DecodeRopLogonRequest(in)
				sinkString = v.Essdn
			}
			sinkRequest = v
		})
	})
	b.Run("floor", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonRequest
			for range calls {
				v, sinkInt, _ = floorRequestDecode(in)
				sinkString = v.Essdn
			}
			sinkRequest = v
		}, stringAlloc(len(essdn74)))
	})
	b.Run("floor-into", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonRequest
			for range calls {
				sinkInt, _ = floorRequestDecodeInto(&v, in)
				sinkString = v.Essdn
			}
			sinkRequest = v
		}, stringAlloc(len(essdn74)))
	})
}

// BenchmarkLogonPrivateResponseDecode decodes the 166-byte private-mailbox
// response: by its typed decoder, and through the dispatching decoder, which
// picks the shape, with and without a Decoder that reuses its values
// (target with one: 0 allocations, 6x the copy).
func BenchmarkLogonPrivateResponseDecode(b *testing.B) {
	in, _ := privateResponse().MarshalBinary()
	b.Run("codec", func(b *testing.B) {
		benchcopy.VsCopy(b, len(in), func(calls int) {
			var v RopLogonPrivateResponse
			for range calls {
				v, sinkInt, _ = DecodeRopLogonPrivateResponse(in)
			}
			sinkPrivate = v
		})
	})
	b.Run("dispatch", func(b *testing.B) {
		benchcopy.VsCopy(b, len(in), func(calls int) {
			var v RopLogonResponse
			for range calls {
				v, sinkInt, _ = DecodeRopLogonResponse(in)
			}
			sinkLogon = v
		})
	})
	b.Run("dispatch-decoder", func(b *testing.B) {
		d := Decoder{ReuseValues: true}
		benchcopy.VsCopy(b, len(in), func(calls int) {
			var v RopLogonResponse
			for range calls {
				v, sinkInt, _ = d.DecodeRopLogonResponse(in)
			}
			sinkLogon = v
		})
	})
}

// redirects returns the wire forms of n redirects, each to a server name of
// 74 bytes of its own.
func redirects(n int) [][]byte {
	ins := make([][]byte, n)
	for i := range ins {
		name := fmt.Sprintf("%s%04d", essdn74[:len(essdn74)-4], i)
		ins[i], _ = (&RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: name}).MarshalBinary()
	}
	return ins
}

// BenchmarkLogonRedirectDecode decodes redirects with a 74-byte ServerName,
// beside allocating that string alone (target: 1.3x it): by the typed
// decoder, and through the dispatching decoder with a Decoder that has not
// seen the name (it hands back its own response value). With a Decoder that
// has seen the name, nothing is allocated.
func BenchmarkLogonRedirectDecode(b *testing.B) {
	// 1,024 names in turn, far more than a Decoder remembers, so that each
	// is new to it.
	ins := redirects(1024)
	in := ins[0]
	b.Run("codec", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonRedirectResponse
			for range calls {
				v, sinkInt, _ = DecodeRopLogonRedirectResponse(in)
				sinkString = v.ServerName
			}
			sinkRedirect = v
		}, stringAlloc(len(essdn74)))
	})
	b.Run("dispatch", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonResponse
			for range calls {
				v, sinkInt, _ = DecodeRopLogonResponse(in)
				sinkString = v.(*RopLogonRedirectResponse).ServerName
			}
			sinkLogon = v
		}, stringAlloc(len(essdn74)))
	})
	b.Run("dispatch-decoder-new", func(b *testing.B) {
		d := Decoder{ReuseValues: true}
		i := 0
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonResponse
			for range calls {
				v, sinkInt, _ = d.DecodeRopLogonResponse(ins[i&(len(ins)-1)])
				sinkString = v.(*RopLogonRedirectResponse).ServerName
				i++
			}
			sinkLogon = v
		}, stringAlloc(len(essdn74)))
	})
	b.Run("decoder", func(b *testing.B) {
		var d Decoder
		benchcopy.VsCopy(b, len(in), func(calls int) {
			var v RopLogonRedirectResponse
			for range calls {
				v, sinkInt, _ = d.DecodeRopLogonRedirectResponse(in)
				sinkString = v.ServerName
			}
			sinkRedirect = v
		})
	})
	b.Run("floor", func(b *testing.B) {
		benchcopy.Beside(b, len(in), func(calls int) {
			var v RopLogonRedirectResponse
			for range calls {
				v, sinkInt, _ = floorRedirectDecode(in)
				sinkString = v.ServerName
			}
			sinkRedirect = v
		}, stringAlloc(len(essdn74)))
	})
}

// BenchmarkDecoderStrings decodes redirects to n different servers in turn,
// with a Decoder beside the package function (x-package; target: at most 1
// for every n, 0.5 at 64).
func BenchmarkDecoderStrings(b *testing.B) {
	for _, n := range []int{1, 4, 16, 64, 256, 1024, 4096} {
		// Each reads its own copy of the inputs, so that neither finds
		// them in the cache because the other has just read them.
		ins, pkgIns := redirects(n), redirects(n)
		b.Run(fmt.Sprint("distinct=", n), func(b *testing.B) {
			var d Decoder
			i, j := 0, 0 // the next of ins, without a division
			pkg := benchcopy.Baseline{Name: "package", Op: func(calls int) {
				var v RopLogonRedirectResponse
				for range calls {
					v, sinkInt, _ = DecodeRopLogonRedirectResponse(pkgIns[j])
					sinkString = v.ServerName
					if j++; j == n {
						j = 0
					}
				}
				sinkRedirect = v
			}}
			benchcopy.Beside(b, len(ins[0]), func(calls int) {
				var v RopLogonRedirectResponse
				for range calls {
					v, sinkInt, _ = d.DecodeRopLogonRedirectResponse(ins[i])
					sinkString = v.ServerName
					if i++; i == n {
						i = 0
					}
				}
				sinkRedirect = v
			}, pkg)
		})
	}
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

// typedDecodes is the baseline of a walk over outputBuffer(n): the same
// responses, each decoded by its own typed decoder.
func typedDecodes(list []byte, n int) benchcopy.Baseline {
	return benchcopy.Baseline{Name: "typed", Op: func(calls int) {
		var (
			set  RopSetColumnsSuccessResponse
			fail RopSetColumnsFailureResponse
			back RopBackoffResponse
		)
		for range calls {
			off := 0
			for i := range n {
				var used int
				switch i % 3 {
				case 0:
					set, used, _ = DecodeRopSetColumnsSuccessResponse(list[off:])
				case 1:
					fail, used, _ = DecodeRopSetColumnsFailureResponse(list[off:])
				default:
					back, used, _ = DecodeRopBackoffResponse(list[off:])
					sinkBackops = back.BackoffRopData
				}
				off += used
			}
			sinkInt = off
		}
		sinkSetCols, sinkSetFail, sinkBackoff = set, fail, back
	}}
}

// BenchmarkWalkResponses walks RopsLists of 100 and 1,000 responses, beside
// decoding the same responses by their typed decoders (x-typed; target: 1.3
// with a Decoder). The walk is linear when its cost per response
// (ns/response) is the same for both sizes. Without a Decoder each response
// is a new value; with one that reuses its values, the Decoder's own, and
// only the BackoffRop lists are allocated, as by the typed decoders.
func BenchmarkWalkResponses(b *testing.B) {
	for _, n := range []int{100, 1000} {
		list := outputBuffer(n)
		for _, withDecoder := range []bool{false, true} {
			name := fmt.Sprint(n)
			var d *Decoder
			if withDecoder {
				name += "-decoder"
				d = &Decoder{ReuseValues: true}
			}
			b.Run(name, func(b *testing.B) {
				nsPerOp := benchcopy.Beside(b, len(list), func(calls int) {
					var last Response
					for range calls {
						count := 0
						for r, err := range d.Responses(list) {
							if err != nil {
								b.Fatal(err)
							}
							if back, ok := r.(*RopBackoffResponse); ok {
								sinkBackops = back.BackoffRopData
							}
							last = r
							count++
						}
						sinkInt = count
					}
					sinkResponse = last
				}, typedDecodes(list, n))
				b.ReportMetric(nsPerOp/float64(n), "ns/response")
			})
		}
	}
}
