package codec

import "fmt"

// Encoders append to a caller's buffer in the style of
// encoding.BinaryAppender. They check every field before they write
// anything; fixed-width fields are then written by offset with
// encoding/binary and strings are copied. A string written with a NUL
// terminator, for a field whose size (NUL included) is at most maxSize, is
// checked with
//
//	if len(s) >= maxSize || badASCII(s) >= 0 {
//		return b, asciizError(s, maxSize, rop, field)
//	}

// asciizError describes why a string cannot be written with a NUL
// terminator in a field whose size, NUL included, is at most maxSize, as an
// *EncodeError naming rop and field: ErrTooLong when len(s)+1 > maxSize,
// ErrEmbeddedNUL when s holds a NUL, ErrNotASCII when s holds a byte >= 0x80
// (with the index of the first bad byte). It returns nil for a string that
// can be written.
func asciizError(s string, maxSize int, rop, field string) error {
	if len(s) >= maxSize { // len(s)+1 > maxSize without overflow
		return &EncodeError{ROP: rop, Field: field, Err: ErrTooLong}
	}
	switch i := badASCII(s); {
	case i < 0:
		return nil
	case s[i] == 0:
		return &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w at index %d", ErrEmbeddedNUL, i)}
	default:
		return &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w 0x%02X at index %d", ErrNotASCII, s[i], i)}
	}
}

// appendASCIIZ appends s and a NUL terminator to b, or returns b unchanged
// and the error of asciizError. It allocates only when b lacks capacity.
func appendASCIIZ(b []byte, s string, maxSize int, rop, field string) ([]byte, error) {
	if len(s) >= maxSize || badASCII(s) >= 0 {
		return b, asciizError(s, maxSize, rop, field)
	}
	return append(append(b, s...), 0), nil
}
