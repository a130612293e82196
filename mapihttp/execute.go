package mapihttp

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// The Execute flags ([MS-OXCRPC] 3.1.4.2, carried by the Flags of the
// Execute request body, [MS-OXCMAPIHTTP] 2.2.4.2.1): the bits of
// codec.ExecuteFlags, which spec/mapihttp/execute-flags.tsv defines, under the
// names this package gives them.
const (
	// ExecuteNoCompression asks the server not to compress the response
	// payloads (codec.ExecuteNoCompression).
	ExecuteNoCompression = codec.ExecuteNoCompression
	// ExecuteNoXorMagic asks the server not to obfuscate the response
	// payloads (codec.ExecuteNoXorMagic).
	ExecuteNoXorMagic = codec.ExecuteNoXorMagic
	// ExecuteChain lets the server chain several ROP response payloads
	// (codec.ExecuteChain).
	ExecuteChain = codec.ExecuteChain
)

// ErrChained reports an Execute response whose RopBuffer holds more than
// one RPC_HEADER_EXT payload although the request did not set ExecuteChain.
var ErrChained = errors.New("mapihttp: chained ROP output payloads without ExecuteChain")

// NewExecuteRequest returns the Execute request body ([MS-OXCMAPIHTTP]
// 2.2.4.2.1) that carries one ROP input buffer ([MS-OXCROPS] 2.2.1):
// RopBuffer is rops after one RPC_HEADER_EXT with the Last flag and no
// compression or obfuscation ([MS-OXCRPC] 2.2.2.1), as rgbIn of EcDoRpcExt2.
// flags are the Execute flags (ExecuteNoCompression, ...); maxRopOut is the
// largest ROP output the client takes, at most MaxRopOutLimit; aux is the
// auxiliary buffer, nil for none.
func NewExecuteRequest(rops []byte, flags codec.ExecuteFlags, maxRopOut uint32, aux []byte) (*codec.ExecuteRequestBody, error) {
	if maxRopOut > MaxRopOutLimit {
		return nil, fmt.Errorf("mapihttp: MaxRopOut 0x%X is above 0x%X", maxRopOut, MaxRopOutLimit)
	}
	framed, err := codec.AppendRPCPayload(nil, rops, codec.HeaderLast)
	if err != nil {
		return nil, err
	}
	return &codec.ExecuteRequestBody{Flags: flags, RopBuffer: framed, MaxRopOut: maxRopOut, AuxiliaryBuffer: aux}, nil
}

// ROPOutput returns the ROP output buffer of an Execute success response
// body: its RopBuffer's payload, de-obfuscated (codec.DecodeRPCPayloads).
// With ExecuteChain unset the server sends one payload; more is ErrChained.
func ROPOutput(body *codec.ExecuteSuccessResponseBody) ([]byte, error) {
	ps, err := codec.DecodeRPCPayloads(body.RopBuffer)
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, ErrChained
	}
	return ps[0].Data, nil
}
