package codec

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/ropcodec/ropcodec/lz77"
)

// ErrMissingLast reports RPC_HEADER_EXT-framed data that ends without a
// header carrying the Last flag ([MS-OXCRPC] 2.2.2.1).
var ErrMissingLast = errors.New("no RPC_HEADER_EXT with the Last flag")

// Payload is one RPC_HEADER_EXT and the payload that follows it
// ([MS-OXCRPC] 2.2.2.1). Header is as it was on the wire (for a compressed
// payload, Size counts the compressed bytes); Data is the payload as it was
// before it was sent: de-obfuscated and decompressed, SizeActual bytes.
type Payload struct {
	Header RPCHeaderExt
	Data   []byte
}

// DecodeRPCPayloads splits the rgbIn or rgbOut buffer of EcDoRpcExt2
// ([MS-OXCRPC] 3.1.4.2), or any buffer framed the same way (rgbAuxIn, the
// RopBuffer of a MAPI/HTTP Execute), into its RPC_HEADER_EXT-framed payloads.
// For each it undoes the XorMagic obfuscation ([MS-OXCRPC] 3.1.4.1.1.3) and
// then decompresses a Compressed payload ([MS-OXCRPC] 3.1.4.1.1.2, the Plain
// LZ77 of package lz77) into its SizeActual bytes: the order [MS-OXCRPC]
// 3.1.4.1.1.1.1 gives a server, which reverts the obfuscation first.
//
// The header with the Last flag must be the final one; bytes after it are
// ErrTrailingBytes. A header must have Version 0, Size equal to SizeActual
// without Compressed and less than it with Compressed (ErrSizeMismatch), and
// SizeActual at most MaxPayloadSize (ErrTooLong): [MS-OXCRPC] 3.1.4.2.1
// forbids a payload of more than 32 KB, in requests and responses alike, so a
// receiver that meets one has a peer that broke the protocol, and
// AppendRPCPayload refuses to write one. A compressed payload that does not
// decompress to exactly SizeActual bytes is refused with a *DecodeError whose
// Err is the *lz77.Error, at the offset of the element at fault.
//
// The whole buffer is checked before anything is allocated; then one slice of
// Payloads and one buffer for all the Data are allocated (and, when a payload
// is both compressed and obfuscated, one scratch buffer for the largest such),
// so that memory stays within a small multiple of the input and of the sizes
// it announces: at most 32 bytes of Payload per 8-byte header, and the
// SizeActual of each payload.
func DecodeRPCPayloads(b []byte) ([]Payload, error) {
	count, total, scratch, err := scanRPCPayloads(b)
	if err != nil {
		return nil, err
	}
	out := make([]Payload, count)
	var data, tmp []byte
	if total > 0 {
		data = make([]byte, total)
	}
	if scratch > 0 {
		tmp = make([]byte, scratch)
	}
	off, at := 0, 0
	for i := range out {
		h, _, _ := DecodeRPCHeaderExt(b[off:])
		off += int(RPCHeaderExtSize)
		wire := b[off : off+int(h.Size)]
		n := int(h.SizeActual)
		p := &out[i]
		p.Header = h
		if n > 0 {
			p.Data = data[at : at+n : at+n]
		}
		switch {
		case h.Flags&HeaderCompressed == 0 && h.Flags&HeaderXorMagic != 0:
			xorMagicInto(p.Data, wire)
		case h.Flags&HeaderCompressed == 0:
			copy(p.Data, wire)
		default:
			if h.Flags&HeaderXorMagic != 0 {
				xorMagicInto(tmp[:len(wire)], wire)
				wire = tmp[:len(wire)]
			}
			if _, err := lz77.Decompress(p.Data[:0], wire, n); err != nil {
				pos := off
				if le := (*lz77.Error)(nil); errors.As(err, &le) {
					pos += le.Offset
				}
				return nil, &DecodeError{ROP: "RPC_HEADER_EXT", Field: "payload", Offset: pos, Err: err}
			}
		}
		off += int(h.Size)
		at += n
	}
	return out, nil
}

// scanRPCPayloads checks the framing of b: every header and that its
// payload is within b, up to the one with Last, which must end b. It returns
// the number of payloads, the sum of their SizeActual and the largest Size
// of a payload both compressed and obfuscated.
func scanRPCPayloads(b []byte) (count, total, scratch int, err error) {
	for off := 0; ; {
		if off == len(b) {
			return 0, 0, 0, &DecodeError{ROP: "RPC_HEADER_EXT", Offset: off, Err: ErrMissingLast}
		}
		h, n, err := DecodeRPCHeaderExt(b[off:])
		if err != nil {
			return 0, 0, 0, shiftOffset(err, off)
		}
		fail := func(field string, err error) error {
			return &DecodeError{ROP: "RPC_HEADER_EXT", Field: field, Offset: off, Err: err}
		}
		compressed := h.Flags&HeaderCompressed != 0
		switch {
		case h.Version != RPCHeaderExtVersion:
			return 0, 0, 0, fail("Version", fmt.Errorf("%w 0x%X", ErrUnexpectedValue, h.Version))
		case !compressed && h.Size != h.SizeActual:
			return 0, 0, 0, fail("SizeActual", ErrSizeMismatch)
		case compressed && h.Size >= h.SizeActual:
			return 0, 0, 0, fail("Size", fmt.Errorf("%w: a compressed payload must be smaller than SizeActual", ErrSizeMismatch))
		case uint32(h.SizeActual) > MaxPayloadSize:
			return 0, 0, 0, fail("SizeActual", fmt.Errorf("%w: payload of %d bytes, more than %d", ErrTooLong, h.SizeActual, MaxPayloadSize))
		}
		off += n
		if int(h.Size) > len(b)-off {
			return 0, 0, 0, &DecodeError{ROP: "RPC_HEADER_EXT", Field: "payload", Offset: off, Err: io.ErrUnexpectedEOF}
		}
		count++
		total += int(h.SizeActual)
		if compressed && h.Flags&HeaderXorMagic != 0 {
			scratch = max(scratch, int(h.Size))
		}
		off += int(h.Size)
		if h.Flags&HeaderLast != 0 {
			if off != len(b) {
				return 0, 0, 0, &DecodeError{ROP: "RPC_HEADER_EXT", Offset: off, Err: fmt.Errorf("%w (%d bytes)", ErrTrailingBytes, len(b)-off)}
			}
			return count, total, scratch, nil
		}
	}
}

// AppendRPCPayload appends an RPC_HEADER_EXT and data to b. With
// HeaderCompressed in flags it compresses data ([MS-OXCRPC] 3.1.4.1.1.2,
// package lz77); with HeaderXorMagic it obfuscates what it writes, after
// compressing: the order [MS-OXCRPC] 3.1.4.1.1.1.1 gives a client. When
// compression does not make data smaller, it writes data uncompressed and
// clears the flag, since [MS-OXCRPC] 2.2.2.1 requires a compressed payload to
// be smaller than SizeActual and 3.1.4.1.1 lets a sender not compress. Mark
// the final payload of a buffer with HeaderLast.
//
// A payload larger than MaxPayloadSize is refused with ErrTooLong, as
// DecodeRPCPayloads refuses to read one. With 8 + len(data) bytes of spare
// capacity in b (8 + lz77.CompressBound(len(data)) when compressing), it does
// not allocate.
func AppendRPCPayload(b, data []byte, flags RPCHeaderExtFlags) ([]byte, error) {
	if uint64(len(data)) > uint64(MaxPayloadSize) {
		return b, &EncodeError{ROP: "RPC_HEADER_EXT", Field: "payload", Err: ErrTooLong}
	}
	h := RPCHeaderExt{Version: RPCHeaderExtVersion, Flags: flags, Size: uint16(len(data)), SizeActual: uint16(len(data))}
	at := len(b)
	body := at + int(RPCHeaderExtSize)
	var out []byte
	if flags&HeaderCompressed != 0 {
		out = lz77.Compress(append(b, make([]byte, RPCHeaderExtSize)...), data)
		if n := len(out) - body; n < len(data) {
			h.Size = uint16(n)
		} else {
			h.Flags &^= HeaderCompressed
			out = append(out[:body], data...)
		}
		if h.Flags&HeaderXorMagic != 0 {
			xorMagicInto(out[body:], out[body:])
		}
	} else {
		// Room for the header and data, written once each: the header
		// below, the data by the copy or the XOR, whichever it takes.
		out = slices.Grow(b, int(RPCHeaderExtSize)+len(data))[:body]
		if h.Flags&HeaderXorMagic != 0 {
			out = out[:body+len(data)]
			// Stores of 16 bytes that straddle two of memory's 16-byte
			// words cost a third more, and the header leaves the data 8
			// bytes past one in a buffer that starts on one, as Go's
			// allocations of 16 bytes and more do: the bytes up to the
			// next word are obfuscated one by one.
			k := min(len(data), (16-body%16)%16)
			for i := range k {
				out[body+i] = data[i] ^ XorMagicByte
			}
			xorMagicInto(out[body+k:], data[k:])
		} else {
			out = append(out, data...)
		}
	}
	if _, err := h.AppendBinary(out[at:at]); err != nil {
		return b, err
	}
	return out, nil
}

// xorMask is XorMagicByte repeated, the second operand of the obfuscation.
var xorMask = func() (m [4096]byte) {
	for i := range m {
		m[i] = XorMagicByte
	}
	return m
}()

// xorMagicInto writes src, obfuscated as [MS-OXCRPC] 3.1.4.1.1.3 says, to
// dst, which has its length and may be src itself; the obfuscation is its own
// inverse. It uses the standard library's vectorised XOR, a block of xorMask
// at a time.
func xorMagicInto(dst, src []byte) {
	for len(src) > 0 {
		n := subtle.XORBytes(dst, src, xorMask[:min(len(src), len(xorMask))])
		dst, src = dst[n:], src[n:]
	}
}
