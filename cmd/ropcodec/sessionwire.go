package main

import (
	"bufio"
	"bytes"
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/mapiexec"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// What carries the ROP buffers of a session's operands: the buffer itself,
// RPC_HEADER_EXT framing (rgbIn, rgbOut), or the body of a MAPI/HTTP
// Execute request or response, bare or in an HTTP message. Every operand
// becomes RPC_HEADER_EXT-framed payloads for session.Decoder.CallRPC; a
// ROP buffer beside a framed one is framed as one payload.

// readWire tells what b, the bytes of op, is, as the input (resp false) or
// output buffer of a call, and sets op.rgb to the framed payloads it
// carries.
// Detection goes from the strongest framing to the weakest: an HTTP start
// line, RPC_HEADER_EXT framing, an Execute body whose RopBuffer is framed,
// and last a ROP buffer, which little rules out. Each test decodes what it
// tests once, and keeps what it decoded.
func (op *operand) readWire(b []byte, resp bool) {
	if looksHTTP(b) {
		op.how = "an HTTP message"
		body, err := httpExecuteBody(b, resp)
		if err != nil {
			op.err = err
			return
		}
		op.executeBody(body, resp)
		return
	}
	if n := framedPayloads(b); n > 0 {
		op.how, op.rgb, op.framed = "RPC_HEADER_EXT-framed payloads", b, n
		return
	}
	if rgb, err := mapiexec.RopBuffer(b, resp); err == nil {
		if n := framedPayloads(rgb); n > 0 {
			op.how, op.rgb, op.framed = "a MAPI/HTTP Execute body", rgb, n
			return
		}
	}
	op.how, op.rgb, op.plain = "a ROP buffer", b, true
}

// framedPayloads returns how many RPC_HEADER_EXT-framed payloads b holds,
// or 0 when it is not framed.
func framedPayloads(b []byte) int {
	ps, err := codec.DecodeRPCPayloads(b)
	if err != nil {
		return 0
	}
	return len(ps)
}

// executeBody sets op from an Execute body: its RopBuffer and the payloads
// framed in it, or why it has none (a failure response body is a
// *mapihttp.StatusError).
func (op *operand) executeBody(b []byte, resp bool) {
	rgb, err := mapiexec.RopBuffer(b, resp)
	if err != nil {
		side := "request"
		if resp {
			side = "response"
		}
		op.err = fmt.Errorf("the Execute %s body: %w", side, err)
		return
	}
	op.rgb, op.framed = rgb, framedPayloads(rgb)
}

// httpExecuteBody returns the body of an HTTP message that carries a
// MAPI/HTTP Execute request or response ([MS-OXCMAPIHTTP] 2.2.4.2): after
// its head, de-chunked, and for a response after the meta-tags of the
// response format.
func httpExecuteBody(b []byte, resp bool) ([]byte, error) {
	head, _, err := readHTTPHead(bufio.NewReaderSize(bytes.NewReader(b), maxHTTPLine))
	if err != nil {
		return nil, fmt.Errorf("the HTTP message: %w", err)
	}
	m := &mapiMsg{response: head.response, head: &head, body: b[head.size:]}
	if head.chunked() {
		if m.body, err = dechunk(m.body); err != nil {
			return nil, fmt.Errorf("the HTTP message's body: %w", err)
		}
	}
	return m.executeBody(resp)
}

// executeBody returns the body of m, a MAPI/HTTP message that must be an
// Execute request or response as resp says.
func (m *mapiMsg) executeBody(resp bool) ([]byte, error) {
	if m.response != resp {
		return nil, fmt.Errorf("an HTTP %s where the session has its %s", m.direction(), map[bool]string{false: "request", true: "response"}[resp])
	}
	m.readType("")
	if m.requestType != "" && m.requestType != mapihttp.RequestTypeExecute {
		return nil, fmt.Errorf("a MAPI/HTTP %s %s, not an Execute", m.requestType, m.direction())
	}
	if m.response {
		m.readFormat()
		switch {
		case m.respErr != nil:
			return nil, fmt.Errorf("the MAPI/HTTP response format: %w", m.respErr)
		case m.shape == shapeDiagnostic:
			code := m.resp.ResponseCode
			return nil, &refusedError{fmt.Sprintf("X-ResponseCode %s (%d): the server refused the request, and the body is text", code.Code().Name(), uint32(code))}
		}
	}
	if m.absent {
		return nil, fmt.Errorf("the MAPI/HTTP %s has no body", m.direction())
	}
	return m.body, nil
}

// refusedError is a MAPI/HTTP response that refuses its request
// (X-ResponseCode not 0, [MS-OXCMAPIHTTP] 2.2.3.3.3): no malformed input, but
// the call has no output buffer.
type refusedError struct{ msg string }

func (e *refusedError) Error() string { return e.msg }
