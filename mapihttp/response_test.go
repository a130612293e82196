package mapihttp_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// respond builds an HTTP response with the given protocol headers and inner
// response stream.
func respond(stream string, headers ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader(stream))}
}

// The server response of [MS-OXCMAPIHTTP] 4.1 (and 4.4), with the values the
// document leaves as placeholders filled in: after the protocol headers,
// PROCESSING and DONE, then X-ResponseCode, X-ElapsedTime and X-StartTime,
// the empty line, and the body.
const section41 = "PROCESSING\r\nDONE\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 12\r\nX-StartTime: Mon, 30 Nov 2026 16:00:00 GMT\r\n\r\nBODY"

func TestReadResponseSection41(t *testing.T) {
	var tags []string
	r, err := mapihttp.ReadResponse(respond(section41,
		"X-RequestType", "Connect", "X-RequestId", "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:1",
		"X-ResponseCode", "0", "X-ClientInfo", "{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:123",
		"X-ServerApplication", "Exchange/15.01.0225.037", "X-PendingPeriod", "15000", "X-ExpirationInfo", "900000"),
		mapihttp.Limits{}, func(tag string) { tags = append(tags, tag) })
	require.NoError(t, err)
	assert.Equal(t, []string{"PROCESSING", "DONE"}, tags)
	assert.Equal(t, "Connect", r.RequestType)
	assert.Equal(t, "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:1", r.RequestID)
	assert.Equal(t, "{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:123", r.ClientInfo)
	assert.True(t, r.HasResponseCode)
	assert.Equal(t, errors.XResponseSuccess, r.ResponseCode)
	assert.Equal(t, 15*time.Second, r.PendingPeriod)
	assert.Equal(t, 15*time.Minute, r.Expiration)
	assert.Equal(t, 12*time.Millisecond, r.ElapsedTime)
	assert.Equal(t, "Mon, 30 Nov 2026 16:00:00 GMT", r.StartTime)
	assert.True(t, r.Processing && r.Done)
	assert.Zero(t, r.Pending+r.Unknown)
	assert.Equal(t, "BODY", string(r.Body))
	assert.NoError(t, r.Err())
}

// The chunked response of [MS-OXCMAPIHTTP] 4.2 as the document prints its
// chunks: "C" (12 bytes) for PROCESSING and its CRLF, "9" for each PENDING,
// then a chunk with DONE, the additional headers and the body, and the
// last-chunk "0". The chunk sizes the document prints must be those of our
// meta-tag constants with their line ends.
func TestReadResponseSection42Chunked(t *testing.T) {
	final := "DONE\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 30\r\nX-StartTime: Mon, 30 Nov 2026 16:00:00 GMT\r\n\r\nROPS"
	wire := "C\r\nPROCESSING\r\n\r\n" + "9\r\nPENDING\r\n\r\n" + "9\r\nPENDING\r\n\r\n" +
		strings.ToUpper(strconvHex(len(final))) + "\r\n" + final + "\r\n0\r\n\r\n"
	assert.Equal(t, 0xC, len(mapihttp.MetaTagProcessing+"\r\n"))
	assert.Equal(t, 0x9, len(mapihttp.MetaTagPending+"\r\n"))
	resp := respond("", "X-ResponseCode", "0", "X-RequestType", "Execute")
	resp.Body = io.NopCloser(httputil.NewChunkedReader(bufio.NewReader(strings.NewReader(wire))))
	r, err := mapihttp.ReadResponse(resp, mapihttp.Limits{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, r.Pending)
	assert.Equal(t, 30*time.Millisecond, r.ElapsedTime)
	assert.Equal(t, "ROPS", string(r.Body))
}

func strconvHex(n int) string {
	const digits = "0123456789abcdef"
	if n < 16 {
		return digits[n : n+1]
	}
	return strconvHex(n/16) + digits[n%16:n%16+1]
}

func TestReadResponseSkipsWhatItDoesNotKnow(t *testing.T) {
	stream := "PROCESSING\n\nprocessing\r\nX-Odd: 1\r\n\x00\xff binary\r\n PENDING\r\nPENDING\nDONE\nX-ElapsedTime: soon\n\nB"
	r, err := mapihttp.ReadResponse(respond(stream), mapihttp.Limits{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 5, r.Unknown, "the empty line, processing, X-Odd, the binary line and ' PENDING'")
	assert.Equal(t, 1, r.Pending)
	assert.False(t, r.HasResponseCode, "no X-ResponseCode anywhere")
	assert.Zero(t, r.ElapsedTime, "not a number")
	assert.Equal(t, "B", string(r.Body))
}

func TestReadResponseDiagnostic(t *testing.T) {
	// A refused request has no meta-tags: the body is text for a person.
	r, err := mapihttp.ReadResponse(respond("<html>Context Not Found</html>", "X-ResponseCode", "10"), mapihttp.Limits{}, nil)
	require.NoError(t, err)
	assert.Equal(t, errors.XResponseContextNotFound, r.ResponseCode)
	assert.ErrorIs(t, r.Err(), errors.XResponseContextNotFound)
	assert.Equal(t, "<html>Context Not Found</html>", string(r.Body))
	assert.False(t, r.Done)

	// The X-ResponseCode after DONE is the one that counts; 14 is ignored.
	r, err = mapihttp.ReadResponse(respond("DONE\r\nX-ResponseCode: 14\r\n\r\n", "X-ResponseCode", "0"), mapihttp.Limits{}, nil)
	require.NoError(t, err)
	assert.Equal(t, errors.XResponseReserved, r.ResponseCode)
	assert.NoError(t, r.Err())
}

func TestReadResponseLimits(t *testing.T) {
	lim := mapihttp.Limits{MaxLine: 16, MaxHeaders: 2, MaxBody: 8}
	tests := map[string]struct {
		stream string
		want   error
		offset int64
	}{
		"long meta-tag line":   {"PROCESSING\r\n" + strings.Repeat("P", 17) + "\r\n", mapihttp.ErrLineTooLong, 12},
		"long line, no end":    {strings.Repeat("x", 100), mapihttp.ErrLineTooLong, 0},
		"too many headers":     {"DONE\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", mapihttp.ErrTooManyHeaders, 18},
		"header without colon": {"DONE\r\nnot a header\r\n\r\n", mapihttp.ErrBadHeader, 6},
		"body too large":       {"DONE\r\n\r\n123456789", mapihttp.ErrBodyTooLarge, 17},
		"cut before DONE":      {"PROCESSING\r\nPEND", mapihttp.ErrTruncated, 12},
		"cut in the headers":   {"DONE\r\nE: 1\r\n", mapihttp.ErrTruncated, 12},
		"empty":                {"", mapihttp.ErrTruncated, 0},
	}
	_, noBody := mapihttp.ReadResponse(&http.Response{StatusCode: 200}, lim, nil)
	assert.ErrorIs(t, noBody, mapihttp.ErrTruncated, "no Body is an empty one")
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := mapihttp.ReadResponse(respond(tc.stream), lim, nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			var re *mapihttp.ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.offset, re.Offset)
			if tc.want == mapihttp.ErrTruncated {
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			}
		})
	}
	// Exactly at the limits is fine.
	r, err := mapihttp.ReadResponse(respond("PROCESSING\r\nDONE\r\nA: 1\r\nB: 2\r\n\r\n12345678"), lim, nil)
	require.NoError(t, err)
	assert.Equal(t, "12345678", string(r.Body))
}
