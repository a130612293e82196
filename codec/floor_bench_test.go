package codec

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The floor: the three RopLogon operations whose targets in issue 13 are
// missed, written by hand as one function each that does what the documents
// require and nothing else (bounds, the RopId, the fixed ReturnValue, the
// size field, the NUL, the ASCII test with the same badASCII, the flags the
// encoder refuses). They are measured beside the generated code and the same
// baselines (the floor sub-benchmarks of BenchmarkLogonRequestEncode,
// BenchmarkLogonRequestDecode and BenchmarkLogonRedirectDecode), so that a
// ratio can be read as the generated code's part and the language's part.
// TestFloorAgrees keeps them honest: on every input it tries they accept and
// refuse what the generated code does and give the same values and bytes.

// floorRedirectDecode decodes a RopLogon redirect response ([MS-OXCROPS]
// 2.2.3.1.4); ok is false wherever DecodeRopLogonRedirectResponse fails.
func floorRedirectDecode(b []byte) (v RopLogonRedirectResponse, n int, ok bool) {
	if len(b) < 8 || b[0] != 0xFE || binary.LittleEndian.Uint32(b[2:]) != 0x478 {
		return v, 0, false
	}
	size := int(b[7])
	end := 8 + size
	if size == 0 || end > len(b) || b[end-1] != 0 {
		return v, 0, false
	}
	body := b[8 : end-1]
	if !floorASCII(body) && badASCII(body) >= 0 {
		return v, 0, false
	}
	return RopLogonRedirectResponse{OutputHandleIndex: b[1], LogonFlags: LogonFlags(b[6]), ServerName: string(body)}, end, true
}

// floorRequestDecodeInto decodes a RopLogon request ([MS-OXCROPS] 2.2.3.1.1)
// into v, which the caller owns; ok is false wherever DecodeRopLogonRequest
// fails. floorRequestDecode returns the value instead, as the DecodeX
// functions do.
func floorRequestDecodeInto(v *RopLogonRequest, b []byte) (n int, ok bool) {
	if len(b) < 14 || b[0] != 0xFE {
		return 0, false
	}
	size := int(binary.LittleEndian.Uint16(b[12:]))
	end := 14 + size
	essdn := ""
	if size > 0 { // size 0: no ESSDN at all ([MS-OXCSTOR] 2.2.1.1.1)
		if end > len(b) || b[end-1] != 0 {
			return 0, false
		}
		body := b[14 : end-1]
		if !floorASCII(body) && badASCII(body) >= 0 {
			return 0, false
		}
		essdn = string(body)
	}
	// Field by field: a composite literal is built in a temporary and
	// copied 16 bytes at a time, which measured slower.
	v.LogonID = b[1]
	v.OutputHandleIndex = b[2]
	v.LogonFlags = LogonFlags(b[3])
	v.OpenFlags = OpenFlags(binary.LittleEndian.Uint32(b[4:]))
	v.StoreState = binary.LittleEndian.Uint32(b[8:])
	v.Essdn = essdn
	return end, true
}

// floorRequestDecode is floorRequestDecodeInto returning the value, the shape
// of DecodeRopLogonRequest.
func floorRequestDecode(b []byte) (v RopLogonRequest, n int, ok bool) {
	n, ok = floorRequestDecodeInto(&v, b)
	return v, n, ok
}

// floorRequestAppend encodes m after b as RopLogonRequest.AppendBinary does
// ([MS-OXCROPS] 2.2.3.1.1, [MS-OXCSTOR] 2.2.1.1.1); ok is false, and b
// returned as it was, wherever AppendBinary refuses m. Of the variants tried
// it was the fastest: the first eight bytes of the header go as one word,
// and the room is made once.
func floorRequestAppend(m *RopLogonRequest, b []byte) (out []byte, ok bool) {
	if m.LogonFlags.Undefined() != 0 || m.OpenFlags.Undefined() != 0 ||
		m.LogonFlags&LogonPrivate == 0 && m.OpenFlags&OpenPublic == 0 || m.StoreState != 0 {
		return b, false
	}
	if len(m.Essdn) >= 0xFFFF || badASCII(m.Essdn) >= 0 {
		return b, false
	}
	size := 0
	if m.Essdn != "" {
		size = len(m.Essdn) + 1
	}
	n := len(b)
	if cap(b)-n < 14+size {
		b = slices.Grow(b, 14+size)
	}
	out = b[:n+14+size]
	p := out[n : n+14]
	binary.LittleEndian.PutUint64(p, 0xFE|uint64(m.LogonID)<<8|uint64(m.OutputHandleIndex)<<16|
		uint64(m.LogonFlags)<<24|uint64(m.OpenFlags)<<32)
	binary.LittleEndian.PutUint32(p[8:], m.StoreState)
	binary.LittleEndian.PutUint16(p[12:], uint16(size))
	if size > 0 {
		copy(out[n+14:], m.Essdn)
		out[len(out)-1] = 0
	}
	return out, true
}

// floorASCII is badASCII(p) < 0 for p of 8 bytes or more (false for
// shorter ones), written so that the compiler inlines it into the floor
// functions (a loop of one word a step, the last word read where it ends):
// the floor pays no call for the test. In the generated code's reader, which
// calls other functions besides, inlining it measured no faster than calling
// badASCII.
func floorASCII(p []byte) bool {
	n := len(p)
	if n < 8 {
		return false
	}
	w := binary.LittleEndian.Uint64(p[n-8:])
	acc := (w - lowBits) | w
	for ; len(p) > 8; p = p[8:] {
		w := binary.LittleEndian.Uint64(p)
		acc |= (w - lowBits) | w
	}
	return acc&highBits == 0
}

// TestFloorAgrees checks the floor against the generated code: on the
// benchmark inputs, every truncation of them and every one-byte change to
// them (decoders), and on requests that break each rule of the encoder in
// turn (encoder).
func TestFloorAgrees(t *testing.T) {
	redirect := redirects(1)[0]
	request, err := NewPrivateLogon(0, 0, essdn74).MarshalBinary()
	require.NoError(t, err)
	noEssdn, err := (&RopLogonRequest{LogonFlags: LogonPrivate, OpenFlags: OpenPublic}).MarshalBinary()
	require.NoError(t, err)

	for _, in := range floorInputs(redirect) {
		want, wantN, err := DecodeRopLogonRedirectResponse(in)
		got, n, ok := floorRedirectDecode(in)
		require.Equal(t, err == nil, ok, "redirect % x: %v", in, err)
		if ok {
			assert.Equal(t, want, got, "redirect % x", in)
			assert.Equal(t, wantN, n, "redirect % x", in)
		}
	}
	for _, in := range append(floorInputs(request), floorInputs(noEssdn)...) {
		want, wantN, err := DecodeRopLogonRequest(in)
		got, n, ok := floorRequestDecode(in)
		require.Equal(t, err == nil, ok, "request % x: %v", in, err)
		if ok {
			assert.Equal(t, want, got, "request % x", in)
			assert.Equal(t, wantN, n, "request % x", in)
		}
	}

	prefix := []byte{1, 2, 3}
	for _, m := range floorRequests() {
		want, err := m.AppendBinary(slices.Clone(prefix))
		got, ok := floorRequestAppend(&m, slices.Clone(prefix))
		require.Equal(t, err == nil, ok, "%+v: %v", m, err)
		assert.Equal(t, want, got, "%+v", m)
	}
}

// floorInputs returns in, every truncation of it, in with a byte more, and in
// with each byte changed to each of a few values that matter to the rules.
func floorInputs(in []byte) [][]byte {
	out := [][]byte{in, append(slices.Clone(in), 0x41)}
	for k := range len(in) {
		out = append(out, in[:k])
	}
	for i := range in {
		for _, c := range []byte{0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, in[i] ^ 1} {
			v := slices.Clone(in)
			v[i] = c
			out = append(out, v)
		}
	}
	return out
}

// floorRequests returns RopLogon requests that the encoder accepts and others
// that each break one of its rules.
func floorRequests() []RopLogonRequest {
	base := *NewPrivateLogon(3, 4, essdn74)
	var out []RopLogonRequest
	for f := range 256 {
		m := base
		m.LogonFlags = LogonFlags(f)
		out = append(out, m)
	}
	for bit := range 32 {
		m := base
		m.OpenFlags ^= OpenFlags(1) << bit
		out = append(out, m)
		m.LogonFlags &^= LogonPrivate
		out = append(out, m)
	}
	for _, s := range []string{"", "a", "a\x00b", "a\x80", "\x7f", "é", strings.Repeat("a", 0xFFFE), strings.Repeat("a", 0xFFFF)} {
		m := base
		m.Essdn = s
		out = append(out, m)
	}
	m := base
	m.StoreState = 1
	return append(out, m)
}
