package mapihttp

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/ropcodec/ropcodec/errors"
)

// Limits of ReadResponse when Limits leaves a field 0.
const (
	// DefaultMaxLine is the longest meta-tag or additional header line.
	DefaultMaxLine = 4 << 10
	// DefaultMaxHeaders is the most additional header lines after DONE.
	DefaultMaxHeaders = 64
	// DefaultMaxBody is the largest response body: a ROP output buffer of
	// MaxRopOutLimit bytes with room for its framing and auxiliary buffer.
	DefaultMaxBody = 2 * int(MaxRopOutLimit)
)

// Errors of ReadResponse. Each comes inside a *ResponseError, which says
// where in the stream it happened.
var (
	// ErrLineTooLong: a line of the preamble (before the body) is longer
	// than Limits.MaxLine.
	ErrLineTooLong = errors.New("mapihttp: line too long")
	// ErrTooManyHeaders: more additional header lines than Limits.MaxHeaders
	// follow DONE.
	ErrTooManyHeaders = errors.New("mapihttp: too many additional headers")
	// ErrBodyTooLarge: the response body is longer than Limits.MaxBody.
	ErrBodyTooLarge = errors.New("mapihttp: response body too large")
	// ErrTruncated: the stream ended before the DONE meta-tag and the empty
	// line after the additional headers (cut short, or a server that
	// stopped while PROCESSING or PENDING). It unwraps to io.ErrUnexpectedEOF
	// too.
	ErrTruncated = errors.New("mapihttp: response ended before its body")
	// ErrBadHeader: an additional header line after DONE has no colon.
	ErrBadHeader = errors.New("mapihttp: malformed additional header")
)

// ResponseError is an error of ReadResponse: Err at byte Offset of the
// inner response stream (what follows the HTTP headers, with the chunked
// transfer coding removed).
type ResponseError struct {
	Offset int64
	Err    error
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("mapihttp: response stream at byte %d: %v", e.Offset, e.Err)
}

// Unwrap returns Err, and io.ErrUnexpectedEOF for ErrTruncated.
func (e *ResponseError) Unwrap() []error {
	if e.Err == ErrTruncated {
		return []error{e.Err, io.ErrUnexpectedEOF}
	}
	return []error{e.Err}
}

// Limits bounds what ReadResponse buffers. A zero field takes its default.
type Limits struct {
	MaxLine    int // bytes of one preamble line, its line end included
	MaxHeaders int // additional header lines after DONE
	MaxBody    int // bytes of the response body
}

func (l Limits) withDefaults() Limits {
	if l.MaxLine <= 0 {
		l.MaxLine = DefaultMaxLine
	}
	if l.MaxHeaders <= 0 {
		l.MaxHeaders = DefaultMaxHeaders
	}
	if l.MaxBody <= 0 {
		l.MaxBody = DefaultMaxBody
	}
	return l
}

// Response is one response of the common response format of
// [MS-OXCMAPIHTTP] 2.2.2.2: the protocol headers of the HTTP response, the
// meta-tags that precede the body (2.2.7), the additional headers that
// follow DONE, and the body.
type Response struct {
	// StatusCode is the HTTP status (200 for every non-exceptional outcome,
	// failures included).
	StatusCode int
	// RequestType, RequestID, ClientInfo and ServerApplication are the
	// headers of those names (X-RequestType, ...), "" when absent.
	RequestType, RequestID, ClientInfo, ServerApplication string
	// ResponseCode is the X-ResponseCode: the value after DONE if the
	// additional headers carry one (as the examples of section 4 do), else
	// the HTTP header's. HasResponseCode is false when neither has it.
	ResponseCode    errors.XResponseCode
	HasResponseCode bool
	// PendingPeriod (X-PendingPeriod) and Expiration (X-ExpirationInfo)
	// are 0 when absent or not a number of milliseconds.
	PendingPeriod, Expiration time.Duration
	// ElapsedTime (X-ElapsedTime after DONE) is 0 when absent; StartTime
	// (X-StartTime) is kept as sent.
	ElapsedTime time.Duration
	StartTime   string
	// Processing and Done report the PROCESSING and DONE meta-tags;
	// Pending counts PENDING keep-alives; Unknown counts preamble lines
	// that are no meta-tag, which are skipped.
	Processing, Done bool
	Pending, Unknown int
	// Additional holds the header lines after DONE, canonical keys.
	Additional http.Header
	// Body is the response body: the request type's response body when
	// ResponseCode is 0, else diagnostic text.
	Body []byte
}

// Err returns the X-ResponseCode as an error when it is neither 0 nor 14
// (Reserved, which a client ignores), else nil.
func (r *Response) Err() error {
	switch errors.XResponseActionFor(r.ResponseCode) {
	case errors.XResponseSucceeded, errors.XResponseIgnore:
		return nil
	}
	return r.ResponseCode
}

// ReadResponse reads an HTTP response of a MAPI over HTTP endpoint
// ([MS-OXCMAPIHTTP] 2.2.2.2): its protocol headers, then from the body the
// meta-tags (PROCESSING, PENDING, DONE; 2.2.7) and the additional headers
// after DONE up to the empty line, then the response body. Lines may end in
// CRLF or LF. A preamble line that is no meta-tag is counted in
// Response.Unknown and skipped, never an error; a line longer than
// Limits.MaxLine, more than Limits.MaxHeaders additional headers and a body
// longer than Limits.MaxBody are (*ResponseError), so that what is buffered
// is bounded whatever the server sends. A response whose X-ResponseCode
// header is not 0 has no meta-tags: its body, diagnostic text, is read as is.
//
// onTag, if not nil, is called with each meta-tag as it arrives (the
// transport restarts a keep-alive timer on it). ReadResponse does not close
// resp.Body; reading stops when the body ends or fails, which is how a
// cancelled request's context ends it.
func ReadResponse(resp *http.Response, lim Limits, onTag func(tag string)) (*Response, error) {
	lim = lim.withDefaults()
	h := resp.Header
	out := &Response{
		StatusCode:        resp.StatusCode,
		RequestType:       h.Get(HeaderRequestType),
		RequestID:         h.Get(HeaderRequestID),
		ClientInfo:        h.Get(HeaderClientInfo),
		ServerApplication: h.Get(HeaderServerApplication),
		PendingPeriod:     millis(h.Get(HeaderPendingPeriod)),
		Expiration:        millis(h.Get(HeaderExpirationInfo)),
	}
	out.ResponseCode, out.HasResponseCode = responseCode(h.Get(HeaderResponseCode))
	in := resp.Body
	if in == nil {
		in = http.NoBody
	}
	s := &stream{r: bufio.NewReaderSize(in, 512), lim: lim}
	if out.HasResponseCode && out.Err() != nil {
		body, err := s.rest()
		out.Body = body
		return out, err
	}
	if err := s.preamble(out, onTag); err != nil {
		return out, err
	}
	body, err := s.rest()
	out.Body = body
	return out, err
}

// stream reads the inner response stream, counting its offset.
type stream struct {
	r   *bufio.Reader
	lim Limits
	off int64
}

func (s *stream) fail(err error) error { return &ResponseError{Offset: s.off, Err: err} }

// line reads one line without its line end. eof reports a stream that ended
// before any byte of the line.
func (s *stream) line() (line []byte, eof bool, err error) {
	var buf []byte
	for {
		frag, err := s.r.ReadSlice('\n')
		if len(buf)+len(frag) > s.lim.MaxLine {
			return nil, false, s.fail(ErrLineTooLong)
		}
		buf = append(buf, frag...)
		switch err {
		case nil:
			s.off += int64(len(buf))
			return bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r")), false, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			return nil, len(buf) == 0, s.fail(ErrTruncated)
		default:
			return nil, false, s.fail(err)
		}
	}
}

// preamble reads the meta-tags up to DONE, then the additional headers up
// to the empty line that ends them.
func (s *stream) preamble(out *Response, onTag func(string)) error {
	for !out.Done {
		line, _, err := s.line()
		if err != nil {
			return err
		}
		switch string(line) {
		case MetaTagProcessing:
			out.Processing = true
		case MetaTagPending:
			out.Pending++
		case MetaTagDone:
			out.Done = true
		default:
			out.Unknown++
			continue
		}
		if onTag != nil {
			onTag(string(line))
		}
	}
	out.Additional = http.Header{}
	for n := 0; ; n++ {
		start := s.off
		line, _, err := s.line()
		if err != nil {
			return err
		}
		if len(line) == 0 {
			break
		}
		if n == s.lim.MaxHeaders {
			return &ResponseError{Offset: start, Err: ErrTooManyHeaders}
		}
		k, v, ok := strings.Cut(string(line), ":")
		if !ok || k == "" {
			return &ResponseError{Offset: start, Err: fmt.Errorf("%w: %q", ErrBadHeader, line)}
		}
		out.Additional.Add(textproto.TrimString(k), textproto.TrimString(v))
	}
	if v := out.Additional.Get(HeaderResponseCode); v != "" {
		out.ResponseCode, out.HasResponseCode = responseCode(v)
	}
	out.ElapsedTime = millis(out.Additional.Get(HeaderElapsedTime))
	out.StartTime = out.Additional.Get(HeaderStartTime)
	return nil
}

// rest reads the body, at most Limits.MaxBody bytes.
func (s *stream) rest() ([]byte, error) {
	var b bytes.Buffer
	n, err := b.ReadFrom(io.LimitReader(s.r, int64(s.lim.MaxBody)+1))
	s.off += n
	if err != nil {
		return b.Bytes(), s.fail(err)
	}
	if b.Len() > s.lim.MaxBody {
		return b.Bytes()[:s.lim.MaxBody], s.fail(ErrBodyTooLarge)
	}
	return b.Bytes(), nil
}

// responseCode reads an X-ResponseCode value (decimal).
func responseCode(v string) (errors.XResponseCode, bool) {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32)
	if err != nil {
		return 0, false
	}
	return errors.XResponseCode(n), true
}

// millis reads a header value in milliseconds; 0 when it is not a number.
func millis(v string) time.Duration {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 31)
	if err != nil {
		return 0
	}
	return time.Duration(n) * time.Millisecond
}
