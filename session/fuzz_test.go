package session

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/memtest"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/mapihttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzLimits are small, so that the fuzzer meets them.
var fuzzLimits = Limits{Objects: 8, Columns: 16, TotalColumns: 32}

// fuzzSeeds adds the calls of the session archives, and every golden vector
// of the module as a request and as a response, alone and in a ROP buffer
// with a handle table of two slots, as a seed that reaches the pairing.
func fuzzSeeds(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	require.NoError(f, err)
	for _, p := range paths {
		for _, c := range loadSession(f, strings.TrimSuffix(filepath.Base(p), ".txtar")) {
			f.Add(c.in, c.out)
		}
	}
	vecs, err := testvec.GoldenVectors(filepath.Join("..", "testdata"))
	require.NoError(f, err)
	for i, v := range vecs {
		next := vecs[(i+1)%len(vecs)]
		f.Add(v, next)
		f.Add(ropBuf(f, v, 0x2A, codec.UnusedHandle), ropBuf(f, next, 0x2A, codec.UnusedHandle))
	}
}

// allocBound is what a call of n input bytes may allocate, besides what
// decompression gives it to decode: each ROP of at least 3 bytes costs its
// decoded value, its place in the call's requests and its Pair.
func allocBound(n int) uint64 { return uint64(512*n) + 64<<10 }

// FuzzCall feeds pairs of buffers to a Decoder as two calls in a row, and as
// RPC-framed and MAPI/HTTP bodies: it never panics, fails only with the
// typed errors of the codec, allocates within allocBound of its input, stays
// within its limits, and every pair it returns is consistent with its
// buffers.
func FuzzCall(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, in, out []byte) {
		d := NewDecoder(fuzzLimits)
		n := memtest.Allocated(func() {
			for range 2 {
				c, err := d.Call(in, out)
				checkCall(t, d, c, err)
			}
		})
		assert.LessOrEqual(t, n, 2*allocBound(len(in)+len(out)), "allocated for %d input bytes", len(in)+len(out))
		c, err := d.CallRPC(in, out)
		checkCall(t, d, c, err)
		c, err = d.CallExecute(in, out)
		checkCall(t, d, c, err)
	})
}

// checkCall checks a call and the decoder after it.
func checkCall(t *testing.T, d *Decoder, c *Call, err error) {
	t.Helper()
	require.NotNil(t, c)
	if err != nil {
		var de *codec.DecodeError
		var se *mapihttp.StatusError
		require.True(t, errors.As(err, &de) || errors.As(err, &se), "%T %v is not a *codec.DecodeError", err, err)
	}
	for i, p := range c.Pairs {
		require.True(t, p.Request != nil || p.Response != nil, "pair %d is empty", i)
		if p.Request != nil {
			require.Less(t, p.In, len(c.In), "pair %d", i)
			require.LessOrEqual(t, p.RequestOffset+p.RequestSize, len(c.In[p.In].RopsList), "pair %d", i)
		}
		if p.Response != nil {
			require.Less(t, p.Out, len(c.Out), "pair %d", i)
			require.LessOrEqual(t, p.ResponseOffset+p.ResponseSize, len(c.Out[p.Out].RopsList), "pair %d", i)
		}
		var ce *ContextError
		if errors.As(p.Err, &ce) {
			require.NotNil(t, p.Response, "pair %d: a context error without a response", i)
			require.True(t, keptAsBytes(p.Response), "pair %d: a context error, but no rows kept as bytes", i)
		}
		if p.Columns != nil {
			require.False(t, keptAsBytes(p.Response), "pair %d: columns, but rows kept as bytes", i)
		}
	}
	require.GreaterOrEqual(t, d.live, len(d.objects))
	require.LessOrEqual(t, d.live, fuzzLimits.Objects)
	require.GreaterOrEqual(t, d.columns, 0)
	require.LessOrEqual(t, d.columns, fuzzLimits.TotalColumns)
}
