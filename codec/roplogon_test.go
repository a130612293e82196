package codec

import (
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
)

// essdn74 is a 74-byte ESSDN, the size the benchmarks use.
const essdn74 = "/o=First Organization/ou=Exchange Administrative Group/cn=Recipients/cn=Ed"

func TestEssdn74Length(t *testing.T) {
	if len(essdn74) != 74 {
		t.Fatalf("essdn74 is %d bytes", len(essdn74))
	}
}

func TestLogonConstructors(t *testing.T) {
	p := NewPrivateLogon(1, 2, essdn74)
	if p.LogonFlags != LogonPrivate || p.OpenFlags != OpenUsePerMDBReplIDMapping || p.LogonID != 1 || p.OutputHandleIndex != 2 || p.Essdn != essdn74 {
		t.Errorf("NewPrivateLogon = %+v", p)
	}
	pub := NewPublicLogon(0, 0, "")
	if pub.LogonFlags&LogonPrivate != 0 || pub.OpenFlags != OpenPublic {
		t.Errorf("NewPublicLogon = %+v", pub)
	}
	alt := NewAlternateServerLogon(0, 0)
	if alt.LogonFlags&LogonPrivate != 0 || alt.OpenFlags != OpenPublic|OpenAlternateServer {
		t.Errorf("NewAlternateServerLogon = %+v", alt)
	}
	retry := alt.OpenFlags.AlternateServerRetry()
	if retry != OpenPublic|OpenIgnoreHomeMDB {
		t.Errorf("AlternateServerRetry = %s", retry)
	}
	if OpenFlags(0).AlternateServerRetry() != OpenIgnoreHomeMDB {
		t.Error("AlternateServerRetry of no flags does not just set IGNORE_HOME_MDB")
	}
	for _, r := range []*RopLogonRequest{p, pub, alt} {
		if _, err := r.MarshalBinary(); err != nil {
			t.Errorf("%+v does not encode: %v", r, err)
		}
	}
}

// The encoder refuses what [MS-OXCSTOR] 2.2.1.1.1 and [MS-OXCROPS] 2.2.3.1.1
// forbid, names the field, and leaves the buffer as it was.
func TestLogonRequestRefusals(t *testing.T) {
	long := make([]byte, 0xFFFF)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		req   RopLogonRequest
		field string
		want  error
	}{
		{"undefined LogonFlags bit", RopLogonRequest{LogonFlags: LogonPrivate | 0x10}, "LogonFlags", ErrUndefinedFlags},
		{"undefined OpenFlags bit", RopLogonRequest{LogonFlags: LogonPrivate, OpenFlags: 0x00000010}, "OpenFlags", ErrUndefinedFlags},
		{"public logon without PUBLIC", RopLogonRequest{OpenFlags: OpenIgnoreHomeMDB}, "OpenFlags", ErrMissingFlag},
		{"non-zero StoreState", RopLogonRequest{LogonFlags: LogonPrivate, StoreState: 1}, "StoreState", ErrNotZero},
		{"non-ASCII ESSDN", RopLogonRequest{LogonFlags: LogonPrivate, Essdn: "/o=caf\xc3\xa9"}, "Essdn", ErrNotASCII},
		{"NUL in ESSDN", RopLogonRequest{LogonFlags: LogonPrivate, Essdn: "/o=a\x00b"}, "Essdn", ErrEmbeddedNUL},
		{"ESSDN too long for EssdnSize", RopLogonRequest{LogonFlags: LogonPrivate, Essdn: string(long)}, "Essdn", ErrTooLong},
	}
	for _, tt := range tests {
		out, err := tt.req.AppendBinary([]byte{0xAA})
		var ee *EncodeError
		if assert.ErrorAs(t, err, &ee, tt.name) {
			assert.ErrorIs(t, err, tt.want, tt.name)
			assert.Equal(t, [2]string{"RopLogon", tt.field}, [2]string{ee.ROP, ee.Field}, tt.name)
		}
		assert.Equal(t, []byte{0xAA}, out, "%s: the buffer is left as it was", tt.name)
	}
	// the longest ESSDN that fits: 0xFFFE characters and the NUL
	ok := RopLogonRequest{LogonFlags: LogonPrivate, Essdn: string(long[:0xFFFE])}
	b, err := ok.MarshalBinary()
	require.NoError(t, err, "longest ESSDN")
	assert.Len(t, b, 14+0xFFFF, "longest ESSDN")
	assert.Equal(t, []byte{0xFF, 0xFF}, b[12:14], "longest ESSDN: EssdnSize")
	// an empty ESSDN encodes as EssdnSize 0 with no bytes
	b, err = NewPublicLogon(0, 0, "").MarshalBinary()
	require.NoError(t, err, "empty ESSDN")
	assert.Equal(t, []byte{0, 0}, b[12:], "empty ESSDN: EssdnSize 0 and nothing after it")
}

func TestResponseEncoderRefusals(t *testing.T) {
	for _, rv := range []errors.EC{0, errors.EcWrongServer} {
		_, err := (&RopLogonFailureResponse{ReturnValue: rv}).MarshalBinary()
		assert.ErrorIs(t, err, ErrUnexpectedValue, "failure response with %s", rv.String())
	}
	long := make([]byte, 255)
	for i := range long {
		long[i] = 's'
	}
	_, err := (&RopLogonRedirectResponse{ServerName: string(long)}).MarshalBinary()
	assert.ErrorIs(t, err, ErrTooLong, "255-character ServerName")
	if b, err := (&RopLogonRedirectResponse{ServerName: string(long[:254])}).MarshalBinary(); err != nil || b[7] != 0xFF {
		t.Errorf("254-character ServerName: %v", err)
	}
}

// A decoded response's Status is an errors.EC, so that errors.LogonActionFor
// classifies it, also when wrapped.
func TestLogonResponseStatus(t *testing.T) {
	tests := []struct {
		resp RopLogonResponse
		want errors.LogonAction
	}{
		{&RopLogonPrivateResponse{LogonFlags: LogonPrivate}, errors.LogonSucceeded},
		{&RopLogonPublicResponse{}, errors.LogonSucceeded},
		{&RopLogonRedirectResponse{ServerName: "/o=x/cn=BETA"}, errors.LogonRedirect},
		{&RopLogonFailureResponse{ReturnValue: errors.EcServerPaused}, errors.LogonServerPaused},
		{&RopLogonFailureResponse{ReturnValue: errors.EcUnknownUser}, errors.LogonRediscover},
		{&RopLogonFailureResponse{ReturnValue: errors.EcMailboxInTransit}, errors.LogonMailboxInTransit},
		{&RopLogonFailureResponse{ReturnValue: errors.EcAccessDenied}, errors.LogonFail},
	}
	for _, tt := range tests {
		b, err := tt.resp.MarshalBinary()
		require.NoError(t, err)
		got, n, err := DecodeRopLogonResponse(b)
		require.NoError(t, err, "%T", tt.resp)
		assert.Equal(t, len(b), n, "%T: bytes used", tt.resp)
		assert.Equal(t, tt.resp, got)
		assert.Equal(t, tt.want, errors.LogonActionFor(got.Status()), "%T: action", tt.resp)
		if got.Status() != nil {
			assert.Equal(t, tt.want, errors.LogonActionFor(fmt.Errorf("logon: %w", got.Status())), "%T wrapped: action", tt.resp)
		}
	}
}

func privateResponse() *RopLogonPrivateResponse {
	r := &RopLogonPrivateResponse{LogonFlags: LogonPrivate, ResponseFlags: ResponseReserved | ResponseOwnerRight,
		LogonTime: LogonTime{Seconds: 30, Minutes: 45, Hour: 13, DayOfWeek: 2, Day: 19, Month: 11, Year: 2024}, GwartTime: 42}
	for i := range r.FolderIDs {
		r.FolderIDs[i] = uint64(i+1)<<16 | 1
	}
	return r
}

// AppendBinary into a buffer with room allocates nothing.
func TestAppendBinaryDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 512)
	msgs := map[string]interface{ AppendBinary([]byte) ([]byte, error) }{
		"RopLogonRequest":          NewPrivateLogon(0, 0, essdn74),
		"RopLogonPrivateResponse":  privateResponse(),
		"RopLogonPublicResponse":   &RopLogonPublicResponse{},
		"RopLogonRedirectResponse": &RopLogonRedirectResponse{ServerName: essdn74},
		"RopLogonFailureResponse":  &RopLogonFailureResponse{ReturnValue: errors.EcServerPaused},
		"RopBackoffResponse":       &RopBackoffResponse{BackoffRopData: []BackoffRop{{RopIDBackoff: 0xFE, Duration: 10}}, AdditionalData: []byte{1}},
		"RopGetOwningServers":      &RopGetOwningServersSuccessResponse{OwningServers: []string{"a", "b"}},
	}
	for name, m := range msgs {
		if n := testing.AllocsPerRun(100, func() { _, _ = m.AppendBinary(buf[:0]) }); n != 0 {
			t.Errorf("%s.AppendBinary allocates %.0f times", name, n)
		}
	}
}

// Decoding allocates at most the strings it returns.
func TestDecodeAllocations(t *testing.T) {
	req, _ := NewPrivateLogon(0, 0, essdn74).MarshalBinary()
	priv, _ := privateResponse().MarshalBinary()
	redir, _ := (&RopLogonRedirectResponse{ServerName: essdn74}).MarshalBinary()
	tests := []struct {
		name string
		max  float64
		f    func()
	}{
		{"DecodeRopLogonRequest (one string)", 1, func() { _, _, _ = DecodeRopLogonRequest(req) }},
		{"DecodeRopLogonPrivateResponse (no string)", 0, func() { _, _, _ = DecodeRopLogonPrivateResponse(priv) }},
		{"DecodeRopLogonRedirectResponse (one string)", 1, func() { _, _, _ = DecodeRopLogonRedirectResponse(redir) }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n > tt.max {
			t.Errorf("%s allocates %.0f times", tt.name, n)
		}
	}
}

// A string without a size field that runs off the end of the input is a
// truncation: a caller waiting for more bytes sees io.ErrUnexpectedEOF.
func TestUnsizedStringTruncationIsEOF(t *testing.T) {
	_, _, err := DecodeRopGetReceiveFolderRequest([]byte{0x27, 0, 0, 'I', 'P'})
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.ErrorIs(t, err, ErrMissingNUL)
}

// A failure after the shape is chosen returns what decoded before the bad
// field, so that a tool can show it.
func TestFailedDecodeReturnsPartialMessage(t *testing.T) {
	in := []byte{0xFE, 0x03, 0x78, 0x04, 0x00, 0x00, 0x01, 0x06, 'B', 'E'} // redirect cut in ServerName
	partial := &RopLogonRedirectResponse{OutputHandleIndex: 3, LogonFlags: LogonPrivate}
	resp, n, err := DecodeRopLogonResponse(in)
	assert.Error(t, err)
	assert.Zero(t, n)
	assert.Equal(t, partial, resp, "DecodeRopLogonResponse")
	rop, _, err := DecodeResponse(in)
	assert.Error(t, err)
	assert.Equal(t, partial, rop, "DecodeResponse")
	rop, _, err = DecodeResponse([]byte{unsupportedRopID(t)})
	assert.ErrorIs(t, err, ErrUnsupportedROP)
	assert.Nil(t, rop, "an unsupported RopId")
}
