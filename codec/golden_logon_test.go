package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Golden vectors whose layout depends on the kind of their logon (the
// ClientData of a RopSetMessageReadFlag request): their .want file says the
// kind, and they are decoded by a Decoder told it, as a session decoder
// tells it. Decoded without it, the same bytes must fail with
// ErrNeedsLogonContext naming the ROP.

// goldenLogon reads the logon meta key: public or private.
func goldenLogon(t *testing.T, w goldenWant) (public, ok bool) {
	t.Helper()
	s, ok := w.meta["logon"]
	if !ok {
		return false, false
	}
	require.Contains(t, []string{"public", "private"}, s, "logon: want public or private")
	return s == "public", true
}

// goldenWithLogon tests a request whose layout depends on its logon: decoded
// by a Decoder told the logon's kind (LogonId is the second byte of every
// request), with every decoder of its type; encoded back byte for byte from
// its PublicLogon field alone; cut short; and decoded without the logon, or
// with the logon forgotten, to ErrNeedsLogonContext.
func goldenWithLogon(t *testing.T, w goldenWant, public bool, golden []byte) {
	require.GreaterOrEqual(t, len(golden), 2, "a request starts with RopId and LogonId")
	d := new(Decoder)
	d.SetLogon(golden[1], public)
	dn := w.meta["decode"]
	v, name, info := goldenDecodeWith(t, w, d, golden)
	require.False(t, info.Response, "%s: only requests carry a LogonId", name)
	assert.True(t, info.NeedsLogon, "%s depends on its logon, so MessageInfo.NeedsLogon says so", name)
	ri := LookupROP(uint8(info.RopID))
	require.NotNil(t, ri)
	goldenDecodersRead(t, v, golden, false, goldenContextDecoders(t, d, v, name, info))

	// Without the logon: no guess, but the typed error naming the ROP.
	without := map[string]func([]byte) (any, int, error){
		"MessageInfo.Decode":    func(b []byte) (any, int, error) { return info.Decode(b) },
		"ROPInfo.DecodeRequest": byInterface(ri.DecodeRequest),
		"Decoder, forgotten": func(b []byte) (any, int, error) {
			var d Decoder
			d.SetLogon(golden[1], public)
			d.ForgetLogon(golden[1])
			return decoderMethod(t, &d, dn)(b)
		},
	}
	for wn, dec := range without {
		_, _, err := dec(golden)
		assert.ErrorIs(t, err, ErrNeedsLogonContext, wn)
		var de *DecodeError
		if assert.ErrorAs(t, err, &de, wn) {
			assert.Equal(t, info.ROP, de.ROP, "%s: the error names the ROP", wn)
		}
	}
	u := info.New()
	um, ok := u.(interface{ UnmarshalBinary([]byte) error })
	require.True(t, ok)
	assert.ErrorIs(t, um.UnmarshalBinary(golden), ErrNeedsLogonContext, "UnmarshalBinary, which has no logon")
}

// goldenContextDecoders returns the decoders of v's type that take d, the
// Decoder given the context the vector needs: the registry's, the typed
// method and, for a ROP, the RopId switch of its direction, as a method and
// through its ROPInfo.
func goldenContextDecoders(t *testing.T, d *Decoder, v any, name string, info *MessageInfo) map[string]func([]byte) (any, int, error) {
	t.Helper()
	decoders := map[string]func([]byte) (any, int, error){
		"MessageInfo.decode": func(b []byte) (any, int, error) { return info.decode(d, b) },
		"Decode" + name:      decoderMethod(t, d, "Decode"+name),
	}
	if r, ok := v.(ROP); ok {
		ri := LookupROP(r.RopID())
		require.NotNil(t, ri)
		if _, ok := v.(Response); ok {
			decoders["DecodeResponse"] = decoderMethod(t, d, "DecodeResponse")
			decoders["ROPInfo.decodeResponse"] = func(b []byte) (any, int, error) { return ri.decodeResponse(d, b) }
		} else {
			decoders["DecodeRequest"] = decoderMethod(t, d, "DecodeRequest")
			decoders["ROPInfo.decodeRequest"] = func(b []byte) (any, int, error) { return ri.decodeRequest(d, b) }
		}
	}
	return decoders
}

// goldenDecodeWith decodes a vector with d, given its context, by the
// decoder its .want file names, and checks its fields and its encoding; it
// returns the value, its type's name and its MessageInfo.
func goldenDecodeWith(t *testing.T, w goldenWant, d *Decoder, golden []byte) (any, string, *MessageInfo) {
	t.Helper()
	dn := w.meta["decode"]
	v, n, err := decoderMethod(t, d, dn)(golden)
	require.NoError(t, err, "Decoder.%s with the context", dn)
	assert.Equal(t, len(golden), n, "%s: bytes used", dn)
	goldenCheckFields(t, w, v)
	goldenCheckEncode(t, v, golden)
	name := goldenTypeName(v)
	info := goldenInfo(name)
	require.NotNil(t, info, "no MessageInfo for %s", name)
	return v, name, info
}
