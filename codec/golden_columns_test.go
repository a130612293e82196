package codec

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Golden vectors whose rows are laid out by columns the buffer does not carry
// (a RopQueryRows response, a RopGetPropertiesSpecific response, a
// RecipientRow): their .want file names the columns, and they are decoded
// by a Decoder given them, as a session decoder gives them. Decoded without
// the columns, the same bytes must keep the rows as bytes and encode back
// byte for byte.

// goldenOmitZero reports whether a .want file leaves out field f of a value
// of type t when it is zero: a PropertyValue holds its value in one field of
// ten, and a row keeps its bytes (Raw) only when it was not decoded.
func goldenOmitZero(t reflect.Type, f string) bool {
	switch t {
	case reflect.TypeFor[PropertyValue]():
		return f != "Type"
	case reflect.TypeFor[PropertyRow](), reflect.TypeFor[PropertyRowSet]():
		return f == "Raw"
	}
	return false
}

// goldenColumns reads the columns meta key: 32-bit tags in hex.
func goldenColumns(t *testing.T, w goldenWant) ([]PropertyTag, bool) {
	t.Helper()
	s, ok := w.meta["columns"]
	if !ok {
		return nil, false
	}
	cols := []PropertyTag{}
	for _, f := range strings.Fields(s) {
		tag, err := strconv.ParseUint(f, 0, 32)
		require.NoError(t, err, "columns: %q", f)
		cols = append(cols, NewPropertyTag(uint32(tag)))
	}
	return cols, true
}

// goldenWithColumns tests a vector whose rows cols lay out: decoded by a
// Decoder given cols, with every decoder of its type; encoded back byte for
// byte; cut short; and decoded without cols, to rows kept as bytes that
// encode back byte for byte too.
func goldenWithColumns(t *testing.T, w goldenWant, cols []PropertyTag, golden []byte) {
	d := new(Decoder)
	d.SetColumns(cols)
	v, name, info := goldenDecodeWith(t, w, d, golden)
	if info.RopID >= 0 {
		assert.NotEmpty(t, info.Columns, "%s has rows laid out by columns, so MessageInfo.Columns says where they come from", name)
	}
	goldenDecodersRead(t, v, golden, false, goldenContextDecoders(t, d, v, name, info))

	// Without the columns: the rows are kept as bytes, which encode back.
	raw, n, err := info.Decode(golden)
	require.NoError(t, err, "%s without the columns", name)
	assert.Equal(t, len(golden), n, "%s without the columns: bytes used", name)
	_, hasCols := fzFirstColumns(reflect.ValueOf(raw))
	assert.False(t, hasCols, "%s without the columns lays a row out", name)
	out, err := raw.MarshalBinary()
	if assert.NoError(t, err, "%s without the columns: MarshalBinary", name) {
		assert.Equal(t, golden, out, "%s without the columns: MarshalBinary", name)
	}
	u := info.New()
	um, ok := u.(interface{ UnmarshalBinary([]byte) error })
	require.True(t, ok)
	if assert.NoError(t, um.UnmarshalBinary(golden), "UnmarshalBinary, which has no columns") {
		assert.Equal(t, raw, u, "UnmarshalBinary, which has no columns")
	}
}
