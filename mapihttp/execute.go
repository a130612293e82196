package mapihttp

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
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
func NewExecuteRequest(rops []byte, flags, maxRopOut uint32, aux []byte) (*codec.ExecuteRequestBody, error) {
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
