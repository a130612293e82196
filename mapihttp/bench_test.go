package mapihttp_test

import (
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/benchcopy"
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
// takes its ROP output out of the framing, in alternating blocks with a copy
// of the same number of bytes into an existing buffer (benchcopy.VsCopy),
// and reports the ratio as x-copy. The decode allocates the RopBuffer it
// returns and the payload DecodeRPCPayloads returns: two copies.
func BenchmarkExecuteResponse(b *testing.B) {
	body := executeResponse32K(b)
	benchcopy.VsCopy(b, len(body), func(calls int) {
		for range calls {
			r, err := mapihttp.DecodeExecuteResponse(body)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := mapihttp.ROPOutput(r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
