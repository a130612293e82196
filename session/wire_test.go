package session

import (
	"path/filepath"
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/mapihttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// frame puts ROP buffers into RPC_HEADER_EXT payloads, compressed and
// obfuscated, the last one marked Last.
func frame(tb testing.TB, bufs ...[]byte) []byte {
	tb.Helper()
	return frameFlags(tb, codec.HeaderCompressed|codec.HeaderXorMagic, bufs...)
}

// frameFlags puts ROP buffers into RPC_HEADER_EXT payloads with flags, the
// last one marked Last.
func frameFlags(tb testing.TB, flags codec.RPCHeaderExtFlags, bufs ...[]byte) []byte {
	tb.Helper()
	var out []byte
	for i, b := range bufs {
		f := flags
		if i == len(bufs)-1 {
			f |= codec.HeaderLast
		}
		var err error
		out, err = codec.AppendRPCPayload(out, b, f)
		require.NoError(tb, err)
	}
	return out
}

// ropBuf returns a ROP buffer of rops and handles.
func ropBuf(tb testing.TB, rops []byte, handles ...uint32) []byte {
	tb.Helper()
	b, err := (&codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: handles}).MarshalBinary()
	require.NoError(tb, err)
	return b
}

// TestCallRPC decodes the [MS-OXORULE] 4.2 call framed as rgbIn and rgbOut
// of EcDoRpcExt2, with a chained output payload that answers the last
// request again and a packed input payload.
func TestCallRPC(t *testing.T) {
	rules := loadSession(t, "oxorule-4.2")[0]
	// A chained payload: one more RopQueryRows response, a row of the same
	// columns ([MS-OXCRPC] 3.1.4.2.1.2.2).
	more := []byte{0x15, 0x01, 0, 0, 0, 0, 0x02, 0x01, 0x00, 0x00,
		0x02, 0, 0, 0, 0x01, 0x3F, 0xF8, 0x56, // PidTagRuleId
		0x01, 0x00, 0xAB, // PidTagRuleProviderData: 1 byte
		0x59, 0x00, 0x00, 0x00} // PidTagRuleName "Y"
	packed := ropBuf(t, []byte{0x15, 0x00, 0x01, 0x00, 0x01, 0x32, 0x00}, 0x223, codec.UnusedHandle)

	d := NewDecoder(Limits{})
	c, err := d.CallRPC(frame(t, rules.in, packed), frame(t, rules.out, ropBuf(t, more, 0x223, 0xA21)))
	require.NoError(t, err)
	require.Len(t, c.In, 2)
	require.Len(t, c.Out, 2)
	require.Equal(t, []string{"RopGetRulesTable/RopGetRulesTable", "RopSetColumns/RopSetColumns",
		"RopQueryRows/RopQueryRows", "RopQueryRows/-", "RopQueryRows/RopQueryRows"}, ropsOf(c))
	for _, i := range []int{0, 1, 2, 4} {
		assert.NoError(t, c.Pairs[i].Err, "pair %d", i)
	}
	chained := c.Pairs[4]
	assert.Same(t, c.Pairs[2].Request, chained.Request, "the chained payload answers the last request again")
	assert.Equal(t, 1, chained.Out)
	assert.Equal(t, 0, chained.ResponseOffset)
	row := chained.Response.(*codec.RopQueryRowsSuccessResponse).RowData.Rows[0]
	assert.Equal(t, "Y", row.Values[2].Value.Text)
	assert.Equal(t, []byte{0xAB}, row.Values[1].Value.Bytes)
	assert.ErrorIs(t, c.Pairs[3].Err, ErrPacked)
	assert.Equal(t, 1, c.Pairs[3].In)

	// Without the input buffer, every response of both payloads is there,
	// none with a request.
	c, err = NewDecoder(Limits{}).CallRPC(nil, frame(t, rules.out, ropBuf(t, more, 0x223, 0xA21)))
	require.NoError(t, err)
	require.Equal(t, []string{"-/RopGetRulesTable", "-/RopSetColumns", "-/RopQueryRows"}, ropsOf(c)[:3])
	require.Len(t, c.Out, 2)
	for _, p := range c.Pairs {
		assert.ErrorIs(t, p.Err, ErrNoRequest)
	}
}

// TestCallExecute decodes the [MS-OXORULE] 4.2 call in the bodies of a MAPI
// over HTTP Execute request and response, and a failure response body.
func TestCallExecute(t *testing.T) {
	rules := loadSession(t, "oxorule-4.2")[0]
	req, err := mapihttp.NewExecuteRequest(rules.in, 0, 0x10008, nil)
	require.NoError(t, err)
	reqBody, err := req.MarshalBinary()
	require.NoError(t, err)
	respBody, err := (&codec.ExecuteSuccessResponseBody{RopBuffer: frame(t, rules.out)}).MarshalBinary()
	require.NoError(t, err)

	d := NewDecoder(Limits{})
	c, err := d.CallExecute(reqBody, respBody)
	require.NoError(t, err)
	require.Equal(t, []string{"RopGetRulesTable/RopGetRulesTable", "RopSetColumns/RopSetColumns", "RopQueryRows/RopQueryRows"}, ropsOf(c))
	assert.Equal(t, "Project X", c.Pairs[2].Response.(*codec.RopQueryRowsSuccessResponse).RowData.Rows[0].Values[2].Value.Text)

	failure, err := (&codec.FailureResponseBody{StatusCode: 0x6BB}).MarshalBinary()
	require.NoError(t, err)
	c, err = d.CallExecute(reqBody, failure)
	var se *mapihttp.StatusError
	require.True(t, errors.As(err, &se), "%v", err)
	assert.Empty(t, c.Out)
	require.Len(t, c.Pairs, 3)
	for _, p := range c.Pairs {
		assert.ErrorIs(t, p.Err, ErrNoOutput)
	}
}

// TestCallBadFraming checks that buffers that do not decode as ROP buffers
// or RPC framing are typed errors, and that the call goes on with what
// decoded.
func TestCallBadFraming(t *testing.T) {
	rules := loadSession(t, "oxorule-4.2")[0]
	d := NewDecoder(Limits{})
	c, err := d.Call(rules.in, []byte{0x50, 0x00, 0x01})
	var de *codec.DecodeError
	require.True(t, errors.As(err, &de), "%v", err)
	assert.Contains(t, err.Error(), "ROP output buffer")
	require.Len(t, c.Pairs, 3)
	for _, p := range c.Pairs {
		assert.ErrorIs(t, p.Err, ErrNoOutput)
	}

	_, err = d.CallRPC([]byte{1, 2, 3}, nil)
	require.True(t, errors.As(err, &de), "%v", err)
	assert.Contains(t, err.Error(), "rgbIn")
	for _, tc := range []struct {
		req, resp []byte
		want      string
	}{{[]byte{1, 2, 3}, nil, "Execute request body"}, {nil, []byte{1, 2, 3}, "Execute response body"}} {
		_, err = d.CallExecute(tc.req, tc.resp)
		require.True(t, errors.As(err, &de), "%v", err)
		assert.Contains(t, err.Error(), tc.want)
	}

	// A RopsList that stops at a RopId no layout has: the requests before
	// it are kept, and the error says where.
	in := ropBuf(t, []byte{0x15, 0x00, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x00}, 0x2A)
	c, err = d.Call(in, nil)
	require.True(t, errors.As(err, &de), "%v", err)
	assert.ErrorIs(t, err, codec.ErrUnsupportedROP)
	assert.Equal(t, 7, de.Offset)
	require.Equal(t, []string{"RopQueryRows/-"}, ropsOf(c))

	// A response that is not of the next request's ROP.
	c, err = d.Call(rules.in, ropBuf(t, []byte{0x12, 0x01, 0, 0, 0, 0, 0x00}, 0x223, 0xA21))
	require.NoError(t, err)
	require.Equal(t, []string{"-/RopSetColumns", "RopGetRulesTable/-", "RopSetColumns/-", "RopQueryRows/-"}, ropsOf(c))
	assert.ErrorIs(t, c.Pairs[0].Err, ErrOutOfStep)
	assert.Contains(t, c.Pairs[0].Err.Error(), "a RopSetColumns response where RopGetRulesTable is next")
	for _, p := range c.Pairs[1:] {
		assert.ErrorIs(t, p.Err, ErrNoResponse)
	}
}

// TestOutlookRequests decodes, as calls without their answers, the two rgbIn
// buffers that Outlook 2007 sent (../lz77/testdata/outlook.txtar, from
// OpenChange's captures): requests no one here wrote. Every request decodes,
// the requests tile the RopsList to its last byte, each is left without a
// response for want of an output buffer, and the contents table that
// RopGetContentsTable opens is the one RopSetColumns and RopFindRow run on.
func TestOutlookRequests(t *testing.T) {
	want := map[string][]string{
		"Outlook_2007_in_ModifyRecipients.rgbin": {"RopRemoveAllRecipients/-", "RopModifyRecipients/-",
			"RopSetProperties/-", "RopSubmitMessage/-", "RopGetPropertiesSpecific/-"},
		"Outlook_2007_in_Tables_operations.rgbin": {"RopGetContentsTable/-", "RopSetColumns/-", "RopFindRow/-",
			"RopOpenFolder/-", "RopOpenFolder/-", "RopRegisterNotification/-", "RopGetPropertiesSpecific/-"},
	}
	ar, err := txtar.ParseFile(filepath.Join("..", "lz77", "testdata", "outlook.txtar"))
	require.NoError(t, err)
	for _, f := range ar.Files {
		rops, ok := want[f.Name]
		if !ok {
			continue
		}
		delete(want, f.Name)
		rgbIn, err := testvec.ParseHex(f.Data)
		require.NoError(t, err, f.Name)
		c, err := NewDecoder(Limits{}).CallRPC(rgbIn, nil)
		require.NoError(t, err, f.Name)
		require.Equal(t, rops, ropsOf(c), f.Name)
		end := 0
		for i, p := range c.Pairs {
			assert.Equal(t, end, p.RequestOffset, "%s: pair %d", f.Name, i)
			end = p.RequestOffset + p.RequestSize
			assert.ErrorIs(t, p.Err, ErrNoOutput, "%s: pair %d", f.Name, i)
		}
		assert.Equal(t, len(c.In[0].RopsList), end, "%s: the requests end with the RopsList", f.Name)
		if rops[0] == "RopGetContentsTable/-" {
			table := c.Pairs[0].Request.(*codec.RopGetContentsTableRequest).OutputHandleIndex
			assert.Equal(t, table, c.Pairs[1].Request.(*codec.RopSetColumnsRequest).InputHandleIndex)
			assert.Equal(t, table, c.Pairs[2].Request.(*codec.RopFindRowRequest).InputHandleIndex)
		}
	}
	assert.Empty(t, want, "rgbIn buffers not found in outlook.txtar")
}
