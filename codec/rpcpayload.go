package codec

import (
	"errors"
	"fmt"
	"io"
)

// ErrCompressed reports a payload whose RPC_HEADER_EXT has the Compressed
// flag: this package does not implement the [MS-OXCRPC] 3.1.4.1.1.2
// compression yet.
var ErrCompressed = errors.New("compressed payloads are not supported")

// ErrMissingLast reports RPC_HEADER_EXT-framed data that ends without a
// header carrying the Last flag ([MS-OXCRPC] 2.2.2.1).
var ErrMissingLast = errors.New("no RPC_HEADER_EXT with the Last flag")

// Payload is one RPC_HEADER_EXT and the payload that follows it
// ([MS-OXCRPC] 2.2.2.1); Data is already de-obfuscated.
type Payload struct {
	Header RPCHeaderExt
	Data   []byte
}

// DecodeRPCPayloads splits the rgbIn or rgbOut buffer of EcDoRpcExt2
// ([MS-OXCRPC] 3.1.4.2) into its RPC_HEADER_EXT-framed payloads, undoing the
// XorMagic obfuscation ([MS-OXCRPC] 3.1.4.1.1.3). The header with the Last
// flag must be the final one; bytes after it are ErrTrailingBytes. A
// compressed payload is refused with ErrCompressed.
func DecodeRPCPayloads(b []byte) ([]Payload, error) {
	var out []Payload
	for off := 0; ; {
		if off == len(b) {
			return nil, &DecodeError{ROP: "RPC_HEADER_EXT", Offset: off, Err: ErrMissingLast}
		}
		h, n, err := DecodeRPCHeaderExt(b[off:])
		if err != nil {
			return nil, shiftOffset(err, off)
		}
		fail := func(field string, err error) error {
			return &DecodeError{ROP: "RPC_HEADER_EXT", Field: field, Offset: off, Err: err}
		}
		switch {
		case h.Version != RPCHeaderExtVersion:
			return nil, fail("Version", fmt.Errorf("%w 0x%X", ErrUnexpectedValue, h.Version))
		case h.Flags&HeaderCompressed != 0:
			return nil, fail("Flags", ErrCompressed)
		case h.Size != h.SizeActual:
			return nil, fail("SizeActual", ErrSizeMismatch)
		}
		off += n
		if int(h.Size) > len(b)-off {
			return nil, &DecodeError{ROP: "RPC_HEADER_EXT", Field: "payload", Offset: off, Err: io.ErrUnexpectedEOF}
		}
		data := append([]byte(nil), b[off:off+int(h.Size)]...)
		if h.Flags&HeaderXorMagic != 0 {
			xorMagic(data)
		}
		out = append(out, Payload{Header: h, Data: data})
		off += int(h.Size)
		if h.Flags&HeaderLast != 0 {
			if off != len(b) {
				return nil, &DecodeError{ROP: "RPC_HEADER_EXT", Offset: off, Err: fmt.Errorf("%w (%d bytes)", ErrTrailingBytes, len(b)-off)}
			}
			return out, nil
		}
	}
}

// AppendRPCPayload appends an RPC_HEADER_EXT and data to b, obfuscating the
// data when flags has XorMagic. Mark the final payload of a buffer with
// HeaderLast. Compression is refused with ErrCompressed, and a payload larger
// than MaxPayloadSize with ErrTooLong.
func AppendRPCPayload(b, data []byte, flags RPCHeaderExtFlags) ([]byte, error) {
	fail := func(field string, err error) ([]byte, error) {
		return b, &EncodeError{ROP: "RPC_HEADER_EXT", Field: field, Err: err}
	}
	if flags&HeaderCompressed != 0 {
		return fail("Flags", ErrCompressed)
	}
	if uint64(len(data)) > uint64(MaxPayloadSize) {
		return fail("payload", ErrTooLong)
	}
	h := RPCHeaderExt{Version: RPCHeaderExtVersion, Flags: flags, Size: uint16(len(data)), SizeActual: uint16(len(data))}
	out, err := h.AppendBinary(b)
	if err != nil {
		return b, err
	}
	start := len(out)
	out = append(out, data...)
	if flags&HeaderXorMagic != 0 {
		xorMagic(out[start:])
	}
	return out, nil
}

// xorMagic applies the [MS-OXCRPC] 3.1.4.1.1.3 obfuscation in place; it is
// its own inverse.
func xorMagic(p []byte) {
	for i := range p {
		p[i] ^= XorMagicByte
	}
}
