package codec

import "fmt"

// Encoders append to a caller's buffer in the style of
// encoding.BinaryAppender. Fixed-width fields are written by offset with
// encoding/binary; only the checks that can refuse a value live here.

// appendASCIIZ appends s and a NUL terminator to b, for a string whose size
// field, NUL included, holds at most maxSize. It copies s first and then
// checks the copied bytes eight at a time, which is faster than checking the
// string. Failures, as *EncodeError naming rop and field: ErrTooLong when
// len(s)+1 > maxSize, ErrEmbeddedNUL when s holds a NUL, ErrNotASCII when s
// holds a byte >= 0x80. On failure it returns b unchanged (only its spare
// capacity may have been written). It allocates only when b lacks capacity.
func appendASCIIZ(b []byte, s string, maxSize int, rop, field string) ([]byte, error) {
	if len(s) >= maxSize { // len(s)+1 > maxSize without overflow
		return b, &EncodeError{ROP: rop, Field: field, Err: ErrTooLong}
	}
	out := append(b, s...)
	if i := badASCII(out[len(b):]); i >= 0 {
		if s[i] == 0 {
			return b, &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w at index %d", ErrEmbeddedNUL, i)}
		}
		return b, &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w 0x%02X at index %d", ErrNotASCII, s[i], i)}
	}
	return append(out, 0), nil
}
