package codec

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decoderMethod returns d's method of the given name (DecodeRopLogonRequest,
// DecodeResponse, ...) adapted as goldenDecoders adapts the package function
// of that name: a struct result is returned as a pointer.
func decoderMethod(t *testing.T, d *Decoder, name string) func([]byte) (any, int, error) {
	t.Helper()
	m := reflect.ValueOf(d).MethodByName(name)
	if !m.IsValid() {
		t.Fatalf("Decoder has no method %s, which the package has as a function", name)
	}
	return func(b []byte) (any, int, error) {
		out := m.Call([]reflect.Value{reflect.ValueOf(b)})
		n := int(out[1].Int())
		err, _ := out[2].Interface().(error)
		if err != nil {
			return nil, n, err
		}
		v := out[0]
		if v.Kind() == reflect.Struct {
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			return p.Interface(), n, nil
		}
		return v.Interface(), n, nil
	}
}

// goldenCheckDecoder checks that d's method named dn reads golden as the
// package function decode does: first with the strings new to d, then with
// d remembering them, and with the same error for every truncation.
func goldenCheckDecoder(t *testing.T, d *Decoder, dn string, decode func([]byte) (any, int, error), golden []byte) {
	t.Helper()
	method := decoderMethod(t, d, dn)
	want, wantN, wantErr := decode(golden)
	for _, when := range []string{"first", "again"} {
		got, n, err := method(golden)
		assert.Equal(t, want, got, "Decoder.%s, %s, against the package's", dn, when)
		assert.Equal(t, wantN, n, "Decoder.%s, %s: bytes used", dn, when)
		assert.True(t, sameError(err, wantErr), "Decoder.%s, %s: %v; the package's gives %v", dn, when, err, wantErr)
	}
	for cut := range len(golden) {
		_, _, wantErr := decode(golden[:cut])
		_, _, err := method(golden[:cut])
		assert.True(t, sameError(err, wantErr), "Decoder.%s of the first %d bytes: %v; the package's gives %v", dn, cut, err, wantErr)
	}
}

// sameError reports whether a and b are both nil or have the same text.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// redirectBytes is the wire form of a redirect to server.
func redirectBytes(t *testing.T, server string) []byte {
	t.Helper()
	b, err := (&RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: server}).MarshalBinary()
	require.NoError(t, err)
	return b
}

func TestDecoderRemembersStrings(t *testing.T) {
	in := redirectBytes(t, "mbx01.contoso.example")
	var d Decoder
	if n := testing.AllocsPerRun(100, func() { _, _, _ = DecodeRopLogonRedirectResponse(in) }); n != 1 {
		t.Errorf("package decode: %v allocations, want 1 (the ServerName)", n)
	}
	if _, _, err := d.DecodeRopLogonRedirectResponse(in); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _, _, _ = d.DecodeRopLogonRedirectResponse(in) }); n != 0 {
		t.Errorf("Decoder, the same ServerName again: %v allocations, want 0", n)
	}

	long := strings.Repeat("x", decoderMaxString+1)
	req, err := NewPrivateLogon(0, 0, "/o=Org/cn="+long).MarshalBinary()
	require.NoError(t, err)
	if n := testing.AllocsPerRun(100, func() { _, _, _ = d.DecodeRopLogonRequest(req) }); n != 1 {
		t.Errorf("Decoder, an Essdn over %d bytes: %v allocations, want 1 (never remembered)", decoderMaxString, n)
	}
}

func TestDecoderStringsAreCopies(t *testing.T) {
	in := redirectBytes(t, "ALPHA")
	var d Decoder
	first, _, err := d.DecodeRopLogonRedirectResponse(in)
	require.NoError(t, err)
	copy(in[8:], "OMEGA") // the caller reuses its buffer
	second, _, err := d.DecodeRopLogonRedirectResponse(in)
	require.NoError(t, err)
	if first.ServerName != "ALPHA" || second.ServerName != "OMEGA" {
		t.Errorf("ServerNames %q, %q; want ALPHA, OMEGA", first.ServerName, second.ServerName)
	}
}

func TestDecoderAfterManyStrings(t *testing.T) {
	// Far more strings than a Decoder remembers, several on each slot: every
	// decode must still give the string of its own bytes.
	var d Decoder
	for round := range 3 {
		for i := range 500 {
			name := strings.Repeat("s", i%40) + "." + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
			got, _, err := d.DecodeRopLogonRedirectResponse(redirectBytes(t, name))
			require.NoError(t, err)
			if got.ServerName != name {
				t.Fatalf("round %d, name %d: ServerName %q, want %q", round, i, got.ServerName, name)
			}
		}
	}
}

func TestDecoderStillChecksRememberedBytes(t *testing.T) {
	// With "BETA" remembered, the same bytes under a size that leaves the
	// NUL out, or that takes a byte more, must fail as they do for the
	// package function.
	var d Decoder
	good := redirectBytes(t, "BETA")
	if _, _, err := d.DecodeRopLogonRedirectResponse(good); err != nil {
		t.Fatal(err)
	}
	noNUL := bytes.Clone(good)
	noNUL[7] = 4 // ServerNameSize counts "BETA" without its NUL
	longer := append(bytes.Clone(good[:len(good)-1]), 'S', 0)
	for _, in := range [][]byte{noNUL, longer[:len(longer)-1], append(bytes.Clone(good[:len(good)-1]), 0x80)} {
		_, _, want := DecodeRopLogonRedirectResponse(in)
		_, _, err := d.DecodeRopLogonRedirectResponse(in)
		if want == nil || !sameError(err, want) {
			t.Errorf("Decoder on % X: %v; the package's gives %v (want an error)", in, err, want)
		}
	}
}

func TestNilDecoder(t *testing.T) {
	var d *Decoder
	got, n, err := d.DecodeRopLogonRedirectResponse(redirectBytes(t, "ALPHA"))
	if err != nil || n != 14 || got.ServerName != "ALPHA" {
		t.Errorf("nil Decoder: %#v, %d, %v", got, n, err)
	}
}

// TestDecoderSamplesAndComesBack drives a Decoder with thousands of strings
// that do not come back, so that it samples, and then with a few that do:
// it must look them up again, and decode them without allocating.
func TestDecoderSamplesAndComesBack(t *testing.T) {
	var d Decoder
	for _, in := range redirects(4096) {
		_, _, err := d.DecodeRopLogonRedirectResponse(in)
		require.NoError(t, err)
	}
	require.Greater(t, d.debt, int32(decoderSampleDebt), "after 4,096 strings that do not repeat, the Decoder samples")
	// Sampling, it passes the next messages by: a new string decoded twice
	// in a row is allocated the second time too (AllocsPerRun measures the
	// second call, after one to warm up).
	again := redirectBytes(t, "sampled.example")
	allocs := testing.AllocsPerRun(1, func() { _, _, _ = d.DecodeRopLogonRedirectResponse(again) })
	require.Equal(t, 1.0, allocs, "a string decoded again while the Decoder samples")
	few := redirects(16)
	for i := range 2_000 {
		_, _, err := d.DecodeRopLogonRedirectResponse(few[i%len(few)])
		require.NoError(t, err)
	}
	assert.Zero(t, d.debt, "after 16 strings over and over")
	allocs = testing.AllocsPerRun(10, func() {
		for _, in := range few {
			_, _, _ = d.DecodeRopLogonRedirectResponse(in)
		}
	})
	assert.Zero(t, allocs, "decoding the 16 strings again")
}
