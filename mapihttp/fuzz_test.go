package mapihttp_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/memtest"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// allocBound is what decoding n input bytes may allocate: a small multiple of
// n (a body is copied at most twice while it grows) and a constant for the
// reader's buffers and the result structs.
func allocBound(n int) uint64 { return uint64(4*n) + 16<<10 }

// FuzzReadResponse feeds any inner response stream to ReadResponse: it
// never panics, allocates within allocBound of the input, and a body it
// returns is a suffix of the input no longer than MaxBody.
func FuzzReadResponse(f *testing.F) {
	f.Add([]byte(section41))
	f.Add([]byte("PROCESSING\r\nPENDING\r\nPENDING\r\nDONE\r\nX-ResponseCode: 10\r\n\r\n"))
	f.Add([]byte("processing\n\x00\nDONE\nX-ElapsedTime: 1\n\nbody"))
	f.Add(goldenBodies(f)["execute-success"])
	lim := mapihttp.Limits{MaxLine: 256, MaxHeaders: 8, MaxBody: 4096}
	f.Fuzz(func(t *testing.T, stream []byte) {
		var r *mapihttp.Response
		var err error
		n := memtest.Allocated(func() {
			resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(stream))}
			r, err = mapihttp.ReadResponse(resp, lim, nil)
		})
		assert.LessOrEqual(t, n, allocBound(len(stream)), "allocated for %d input bytes", len(stream))
		if err == nil {
			require.True(t, r.Done)
			assert.LessOrEqual(t, len(r.Body), lim.MaxBody)
			assert.True(t, bytes.HasSuffix(stream, r.Body))
		}
	})
}

// FuzzBodies decodes any input as each body type: no panic, allocation
// within allocBound, and what decodes encodes back to the same bytes
// (decode, encode, decode is the identity).
func FuzzBodies(f *testing.F) {
	for _, b := range goldenBodies(f) {
		f.Add(b)
	}
	types := []func() body{
		func() body { return &codec.ConnectRequestBody{} },
		func() body { return &codec.ConnectSuccessResponseBody{} },
		func() body { return &codec.ExecuteRequestBody{} },
		func() body { return &codec.ExecuteSuccessResponseBody{} },
		func() body { return &codec.DisconnectRequestBody{} },
		func() body { return &codec.DisconnectSuccessResponseBody{} },
		func() body { return &codec.NotificationWaitRequestBody{} },
		func() body { return &codec.NotificationWaitSuccessResponseBody{} },
		func() body { return &codec.FailureResponseBody{} },
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, mk := range types {
			m := mk()
			var err error
			n := memtest.Allocated(func() { err = m.UnmarshalBinary(in) })
			assert.LessOrEqual(t, n, allocBound(len(in)), "%T: allocated for %d input bytes", m, len(in))
			if err != nil {
				continue
			}
			out, err := m.MarshalBinary()
			if err != nil {
				continue // a value the decoder accepts but the encoder refuses (an unpaired surrogate read as U+FFFD, ...)
			}
			again := mk()
			require.NoError(t, again.UnmarshalBinary(out), "%T", m)
			assert.Equal(t, m, again, "%T", m)
		}
		_, _ = mapihttp.DecodeExecuteResponse(in)
		_, _ = mapihttp.DecodeConnectResponse(in)
	})
}
