// Package mapiexec reads the RopBuffer of a MAPI over HTTP Execute body, for
// the session decoder and the command, which both take Execute bodies of
// either side.
package mapiexec

import (
	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// RopBuffer returns the RopBuffer of b, an Execute request body
// ([MS-OXCMAPIHTTP] 2.2.4.2.1) or, when response is set, an Execute response
// body (2.2.4.2.2): RPC_HEADER_EXT-framed payloads. A failure response body
// (2.2.4.2.3) is a *mapihttp.StatusError; a body that does not decode, a
// *codec.DecodeError.
func RopBuffer(b []byte, response bool) ([]byte, error) {
	if response {
		body, err := mapihttp.DecodeExecuteResponse(b)
		if err != nil {
			return nil, err
		}
		return body.RopBuffer, nil
	}
	var body codec.ExecuteRequestBody
	if err := body.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return body.RopBuffer, nil
}
