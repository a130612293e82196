package logon

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
)

// TestExchangeStateKeepsEveryShape holds exchangeState.keep to the codec's
// list of RopLogon response shapes: each must be copied out of the
// Decoder's value, or a Result would hand out a value the next logon reuses.
func TestExchangeStateKeepsEveryShape(t *testing.T) {
	info := codec.LookupROP(ropIDLogon)
	require.NotNil(t, info)
	require.NotEmpty(t, info.Responses)
	var st exchangeState
	for _, mi := range info.Responses {
		v, ok := mi.New().(codec.RopLogonResponse)
		require.True(t, ok, "%s is not a RopLogonResponse", mi.Type)
		kept := st.keep(v)
		assert.NotSame(t, v, kept, "%s: keep returned the Decoder's value", mi.Type)
		assert.IsType(t, v, kept, mi.Type)
	}
}

// TestResultOutlivesNextLogon logs on twice through one Client, whose
// pooled state (Decoder, buffers) the second logon reuses: the first
// Result's Response must not change.
func TestResultOutlivesNextLogon(t *testing.T) {
	first := codec.RopLogonPrivateResponse{LogonFlags: codec.LogonPrivate, ReplID: 1, ReplGUID: codec.GUID{1}}
	second := codec.RopLogonPrivateResponse{LogonFlags: codec.LogonPrivate, ReplID: 2, ReplGUID: codec.GUID{2}}
	outputs := make(chan []byte, 2)
	for _, r := range []*codec.RopLogonPrivateResponse{&first, &second} {
		outputs <- cannedOutput(t, r)
	}
	c, err := NewClient(Config{Dialer: DialerFunc(func(context.Context, string) (Session, error) {
		return &fixedSession{out: <-outputs}, nil
	})})
	require.NoError(t, err)
	ctx := context.Background()
	res1, err := c.Logon(ctx, mailboxDN("One"), betaDN)
	require.NoError(t, err)
	res2, err := c.Logon(ctx, mailboxDN("Two"), betaDN)
	require.NoError(t, err)
	assert.Equal(t, &first, res1.Response, "the first Result after the second logon")
	assert.Equal(t, codec.GUID{1}, res1.ReplGUID)
	assert.Equal(t, &second, res2.Response)
	assert.Equal(t, []string{betaDN}, res1.Chain)
}

// TestNewResultCopiesResponse checks that a Result does not share its
// Response with the pooled state, whatever the pool does with that state
// (TestResultOutlivesNextLogon sees the reuse only when the pool hands the
// same state back, which a build with -race makes random).
func TestNewResultCopiesResponse(t *testing.T) {
	var st exchangeState
	for _, resp := range []codec.RopLogonResponse{
		st.keep(&codec.RopLogonPrivateResponse{LogonFlags: codec.LogonPrivate, ReplID: 1, ReplGUID: codec.GUID{1}}),
		st.keep(&codec.RopLogonPublicResponse{ReplID: 1, ReplGUID: codec.GUID{1}}),
	} {
		res := newResult(resp)
		require.NotNil(t, res.Response)
		assert.NotSame(t, resp, res.Response, "%T: the Result holds the state's value", resp)
		assert.Equal(t, resp, res.Response, "%T: a copy", resp)
		assert.Equal(t, codec.GUID{1}, res.ReplGUID, "%T", resp)
	}
}
