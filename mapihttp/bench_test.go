package mapihttp_test

import (
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// executeResponse32K is an Execute success response body whose RopBuffer
// holds a 32 KB ROP output payload.
func executeResponse32K(b *testing.B) []byte {
	payload := make([]byte, 32<<10-16)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	framed, err := codec.AppendRPCPayload(nil, payload, codec.HeaderLast)
	if err != nil {
		b.Fatal(err)
	}
	body, err := (&codec.ExecuteSuccessResponseBody{RopBuffer: framed}).MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkExecuteResponse decodes an Execute response body of 32 KB and
// takes its ROP output out of the framing (decode), beside a copy of the
// same bytes into a new buffer (copy), which is the least a decoder that
// returns the payload as its own slice costs.
func BenchmarkExecuteResponse(b *testing.B) {
	body := executeResponse32K(b)
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for range b.N {
			r, err := mapihttp.DecodeExecuteResponse(body)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := mapihttp.ROPOutput(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("copy", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for range b.N {
			sink = append([]byte(nil), body...)
		}
	})
}

var sink []byte
