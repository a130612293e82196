package mapihttp_test

import (
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// goldenBodies reads testdata/bodies.txtar: hex with '#' comments.
func goldenBodies(t testing.TB) map[string][]byte {
	a, err := txtar.ParseFile("testdata/bodies.txtar")
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range a.Files {
		var h strings.Builder
		for _, line := range strings.Split(string(f.Data), "\n") {
			line, _, _ = strings.Cut(line, "#")
			h.WriteString(strings.ReplaceAll(line, " ", ""))
		}
		b, err := hex.DecodeString(h.String())
		require.NoError(t, err, f.Name)
		out[f.Name] = b
	}
	return out
}

type body interface {
	MarshalBinary() ([]byte, error)
	UnmarshalBinary([]byte) error
}

func TestGoldenBodies(t *testing.T) {
	g := goldenBodies(t)
	tests := []struct {
		file  string
		empty body
		want  body
	}{
		{"connect-request", &codec.ConnectRequestBody{}, &codec.ConnectRequestBody{
			UserDn: "/o=T", DefaultCodePage: 1252, LcidSort: 0x409, LcidString: 0x409,
			AuxiliaryBuffer: []byte{0, 0, 4, 0, 0, 0, 0, 0}}},
		{"connect-success", &codec.ConnectSuccessResponseBody{}, &codec.ConnectSuccessResponseBody{
			PollsMax: 60000, RetryCount: 6, RetryDelay: 10, DnPrefix: "/o=T", DisplayName: "Zoë", AuxiliaryBuffer: nil}},
		{"execute-request", &codec.ExecuteRequestBody{}, &codec.ExecuteRequestBody{
			Flags:     mapihttp.ExecuteNoCompression | mapihttp.ExecuteNoXorMagic | mapihttp.ExecuteChain,
			RopBuffer: []byte{0, 0, 4, 0, 3, 0, 3, 0, 0xaa, 0xbb, 0xcc}, MaxRopOut: mapihttp.MaxRopOutLimit, AuxiliaryBuffer: nil}},
		{"execute-success", &codec.ExecuteSuccessResponseBody{}, &codec.ExecuteSuccessResponseBody{
			ErrorCode: errors.EcServerBusy, RopBuffer: []byte{0, 0, 4, 0, 3, 0, 3, 0, 0xaa, 0xbb, 0xcc}, AuxiliaryBuffer: nil}},
		{"execute-failure", &codec.FailureResponseBody{}, &codec.FailureResponseBody{StatusCode: 0x6BB, AuxiliaryBuffer: nil}},
		{"disconnect-request", &codec.DisconnectRequestBody{}, &codec.DisconnectRequestBody{AuxiliaryBuffer: nil}},
		{"disconnect-success", &codec.DisconnectSuccessResponseBody{}, &codec.DisconnectSuccessResponseBody{AuxiliaryBuffer: nil}},
		{"notificationwait-request", &codec.NotificationWaitRequestBody{}, &codec.NotificationWaitRequestBody{AuxiliaryBuffer: nil}},
		{"notificationwait-success", &codec.NotificationWaitSuccessResponseBody{}, &codec.NotificationWaitSuccessResponseBody{EventPending: 1, AuxiliaryBuffer: nil}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			wire, ok := g[tc.file]
			require.True(t, ok)
			require.NoError(t, tc.empty.UnmarshalBinary(wire))
			assert.Equal(t, tc.want, tc.empty)
			again, err := tc.want.MarshalBinary()
			require.NoError(t, err)
			assert.Equal(t, wire, again, "encoding gives the golden bytes")
			// Every shorter prefix is truncated, never a panic.
			for n := range len(wire) {
				err := tc.empty.UnmarshalBinary(wire[:n])
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "%d of %d bytes", n, len(wire))
			}
		})
	}
}

func TestDecodeResponseShapes(t *testing.T) {
	g := goldenBodies(t)
	ok, err := mapihttp.DecodeExecuteResponse(g["execute-success"])
	require.NoError(t, err)
	assert.Equal(t, errors.EcServerBusy, ok.ErrorCode)

	_, err = mapihttp.DecodeExecuteResponse(g["execute-failure"])
	var se *mapihttp.StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, uint32(0x6BB), se.StatusCode)
	assert.Equal(t, "Execute", se.RequestType)
	assert.ErrorIs(t, err, errors.RPC_S_SERVER_TOO_BUSY)

	// The failure shape serves every request type.
	for name, decode := range map[string]func([]byte) error{
		"Connect":          func(b []byte) error { _, err := mapihttp.DecodeConnectResponse(b); return err },
		"Disconnect":       func(b []byte) error { _, err := mapihttp.DecodeDisconnectResponse(b); return err },
		"NotificationWait": func(b []byte) error { _, err := mapihttp.DecodeNotificationWaitResponse(b); return err },
	} {
		err := decode(g["execute-failure"])
		require.ErrorAs(t, err, &se, name)
		assert.Equal(t, name, se.RequestType)
	}
	w, err := mapihttp.DecodeNotificationWaitResponse(g["notificationwait-success"])
	require.NoError(t, err)
	assert.Equal(t, uint32(1), w.EventPending)

	// A StatusCode too wide for Win32 unwraps to nothing.
	_, err = mapihttp.DecodeExecuteResponse([]byte{1, 0, 1, 0, 0, 0, 0, 0})
	require.ErrorAs(t, err, &se)
	assert.Nil(t, se.Unwrap())
	// A body that is neither shape is a decode error.
	_, err = mapihttp.DecodeExecuteResponse([]byte{1, 0, 0})
	var de *codec.DecodeError
	assert.ErrorAs(t, err, &de)
}

func TestExecuteRequestAndOutput(t *testing.T) {
	rops := []byte{3, 0, 1, 0xff, 0xff, 0xff, 0xff}
	req, err := mapihttp.NewExecuteRequest(rops, mapihttp.ExecuteNoCompression, 0x8000, nil)
	require.NoError(t, err)
	ps, err := codec.DecodeRPCPayloads(req.RopBuffer)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, rops, ps[0].Data)
	assert.Equal(t, codec.HeaderLast, ps[0].Header.Flags)

	// The response's payload, obfuscated with XorMagic, comes out clear.
	framed, err := codec.AppendRPCPayload(nil, rops, codec.HeaderLast|codec.HeaderXorMagic)
	require.NoError(t, err)
	out, err := mapihttp.ROPOutput(&codec.ExecuteSuccessResponseBody{RopBuffer: framed})
	require.NoError(t, err)
	assert.Equal(t, rops, out)

	two, err := codec.AppendRPCPayload(nil, rops, 0)
	require.NoError(t, err)
	two, err = codec.AppendRPCPayload(two, rops, codec.HeaderLast)
	require.NoError(t, err)
	_, err = mapihttp.ROPOutput(&codec.ExecuteSuccessResponseBody{RopBuffer: two})
	assert.ErrorIs(t, err, mapihttp.ErrChained)

	_, err = mapihttp.NewExecuteRequest(rops, 0, mapihttp.MaxRopOutLimit+1, nil)
	assert.Error(t, err)
}

func TestDecodeByRequestType(t *testing.T) {
	g := goldenBodies(t)
	for rt, file := range map[string]string{"Connect": "connect-request", "Execute": "execute-request", "Disconnect": "disconnect-request", "NotificationWait": "notificationwait-request"} {
		m, err := mapihttp.DecodeRequestBody(rt, g[file])
		require.NoError(t, err, rt)
		assert.NotNil(t, m, rt)
	}
	for rt, file := range map[string]string{"Connect": "connect-success", "Execute": "execute-success", "Disconnect": "disconnect-success", "NotificationWait": "notificationwait-success"} {
		m, err := mapihttp.DecodeResponseBody(rt, g[file])
		require.NoError(t, err, rt)
		assert.NotNil(t, m, rt)
	}
	m, err := mapihttp.DecodeRequestBody("Execute", g["execute-request"])
	require.NoError(t, err)
	assert.IsType(t, &codec.ExecuteRequestBody{}, m)
	m, err = mapihttp.DecodeResponseBody("PING", nil)
	assert.NoError(t, err)
	assert.Nil(t, m)
	m, err = mapihttp.DecodeResponseBody("Execute", g["execute-failure"])
	assert.Error(t, err)
	assert.Nil(t, m, "no typed nil pointer in the interface")
	_, err = mapihttp.DecodeResponseBody("Bind", nil)
	assert.ErrorIs(t, err, mapihttp.ErrUnknownRequestType)
	_, err = mapihttp.DecodeRequestBody("execute", nil)
	assert.ErrorIs(t, err, mapihttp.ErrUnknownRequestType, "request types are case-sensitive")
}
