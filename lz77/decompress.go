package lz77

import (
	"encoding/binary"
	"io"
	"math/bits"
	"slices"
)

// inlineEscape is the value of the 3 length bits of a match word after which
// a half-byte length follows: all of MatchLengthBits set.
const inlineEscape = 1<<MatchLengthBits - 1

// longLengthMin is the least value a 2- or 4-byte length field may hold: the
// lengths below it are written with the shorter fields ([MS-XCA] 2.4.4).
const longLengthMin = inlineEscape + uint64(NibbleLengthEscape)

// Decompress appends to dst the size bytes that the Plain LZ77 stream src
// ([MS-XCA] 2.4) decodes to, and returns the extended slice.
//
// The stream must decode to exactly size bytes and end as the document's
// decoder ends, on a match flag with no input left: a stream that would write
// more is refused with ErrOutputTooLong, one that ends sooner with
// ErrOutputTooShort, and one whose input runs out inside a flag word, literal,
// match word or length with io.ErrUnexpectedEOF, each in an *Error that names
// the offset in src. Decompress never reads outside src nor writes outside the
// size bytes it appends.
//
// size is trusted: when dst lacks the capacity, Decompress allocates it before
// reading src, so bound it first (for an RPC_HEADER_EXT payload it is
// SizeActual). With the capacity, Decompress does not allocate. On error it
// returns dst with its original length; its spare capacity may have been
// written.
func Decompress(dst, src []byte, size int) ([]byte, error) {
	if size < 0 {
		return dst, &Error{Element: "end", Err: ErrBadSize}
	}
	start := len(dst)
	dst = slices.Grow(dst, size)
	if err := decode(dst[start:start+size], src); err != nil {
		return dst[:start], err
	}
	return dst[:start+size], nil
}

// decode fills out from src, following the pseudocode of [MS-XCA] 2.4.4 with
// every read and write bounds-checked. Runs of literals are copied at once.
//
// flags holds the current flag word in its top 32 bits with a marker bit
// below it; each flag used shifts it left, so the flags left are the bits
// above the marker, and the word is used up when the marker reaches the top.
func decode(out, src []byte) error {
	const spent = 1 << 63 // flags once the word is used up
	var (
		in, o int
		flags uint64 = spent
		half         = -1 // offset of the length byte whose high half is unused
	)
	for {
		if flags == spent {
			if len(src)-in < 4 {
				return &Error{"flag word", in, o, io.ErrUnexpectedEOF}
			}
			flags = uint64(binary.LittleEndian.Uint32(src[in:]))<<32 | 1<<31
			in += 4
		}
		if run := bits.LeadingZeros64(flags); run > 0 {
			if run <= 8 && len(src)-in >= 8 && len(out)-o >= 8 {
				binary.LittleEndian.PutUint64(out[o:], binary.LittleEndian.Uint64(src[in:]))
				in, o = in+run, o+run
				flags <<= run
				continue
			}
			n := min(run, len(src)-in, len(out)-o)
			copy(out[o:o+n], src[in:in+n])
			in, o = in+n, o+n
			if n < run {
				if in == len(src) {
					return &Error{"literal", in, o, io.ErrUnexpectedEOF}
				}
				return &Error{"literal", in, o, ErrOutputTooLong}
			}
			flags <<= run
			continue
		}
		flags <<= 1
		at := in
		if len(src)-in < 2 {
			if in == len(src) {
				if o != len(out) {
					return &Error{"end", at, o, ErrOutputTooShort}
				}
				return nil
			}
			return &Error{"match", at, o, io.ErrUnexpectedEOF}
		}
		word := binary.LittleEndian.Uint16(src[in:])
		in += 2
		code := uint64(word & inlineEscape) // the match length less MinMatchLength
		if code == inlineEscape {
			var n uint64
			switch {
			case half >= 0:
				n, half = uint64(src[half]>>4), -1
			case in < len(src):
				n, half = uint64(src[in]&NibbleLengthEscape), in
				in++
			default:
				return &Error{"length", in, o, io.ErrUnexpectedEOF}
			}
			code += n
			if n == uint64(NibbleLengthEscape) {
				if in == len(src) {
					return &Error{"length", in, o, io.ErrUnexpectedEOF}
				}
				n = uint64(src[in])
				in++
				code += n
				if n == uint64(ByteLengthEscape) {
					var err error
					if code, in, err = longLength(src, in); err != nil {
						return &Error{"length", in, o, err}
					}
				}
			}
		}
		off := int(word>>MatchLengthBits) + 1
		if off > o {
			return &Error{"match", at, o, ErrMatchBeforeStart}
		}
		if code+uint64(MinMatchLength) > uint64(len(out)-o) {
			return &Error{"match", at, o, ErrOutputTooLong}
		}
		n := int(code) + int(MinMatchLength)
		switch from := o - off; {
		case n <= 16 && off >= 16 && len(out)-o >= 16:
			a, b := binary.LittleEndian.Uint64(out[from:]), binary.LittleEndian.Uint64(out[from+8:])
			binary.LittleEndian.PutUint64(out[o:], a)
			binary.LittleEndian.PutUint64(out[o+8:], b)
		case n <= 16 && off >= 8 && len(out)-o >= 16:
			binary.LittleEndian.PutUint64(out[o:], binary.LittleEndian.Uint64(out[from:]))
			binary.LittleEndian.PutUint64(out[o+8:], binary.LittleEndian.Uint64(out[from+8:]))
		default:
			copyMatch(out, o, off, n)
		}
		o += n
	}
}

// longLength reads the 2-byte length field at src[in:], or the 4-byte one
// that follows a 2-byte 0, and returns the match length less
// MinMatchLength that it holds and the offset after it. On error the offset
// returned is that of the field at fault.
func longLength(src []byte, in int) (code uint64, next int, err error) {
	if len(src)-in < 2 {
		return 0, in, io.ErrUnexpectedEOF
	}
	code, next = uint64(binary.LittleEndian.Uint16(src[in:])), in+2
	if code == 0 {
		in = next
		if len(src)-in < 4 {
			return 0, in, io.ErrUnexpectedEOF
		}
		code, next = uint64(binary.LittleEndian.Uint32(src[in:])), in+4
	}
	if code < longLengthMin {
		return 0, in, ErrBadLength
	}
	return code, next, nil
}

// copyMatch appends the n bytes that start off bytes back at out[o]. When the
// match overlaps the bytes it writes (off < n), the document copies one byte
// at a time. Here, with off of 8 or more, eight bytes a step may overlap
// only bytes already written, and where out has room the last step may write
// past the match, into bytes a later element overwrites; with a smaller off,
// each copy takes all the bytes written so far, whose length stays a multiple
// of off, so the pattern repeats as it would byte by byte.
func copyMatch(out []byte, o, off, n int) {
	from := o - off
	if off >= n {
		copy(out[o:o+n], out[from:from+n])
		return
	}
	for done := 0; done < n; {
		done += copy(out[o+done:o+n], out[from:o+done])
	}
}
