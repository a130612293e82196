package codec

import "fmt"

// Encoders append to a caller's buffer in the style of
// encoding.BinaryAppender. Fixed-width integers are written with
// encoding/binary's LittleEndian.AppendUint16/32/64 (and append(b, v) for a
// byte), fixed byte arrays with append(b, v.Guid[:]...); only the checks that
// can refuse a value live here.

// checkASCIIZ reports whether s can be written as a NUL-terminated ASCII
// string whose size field, NUL included, holds at most maxSize. Failures, as
// *EncodeError naming rop and field: ErrTooLong when len(s)+1 > maxSize,
// ErrEmbeddedNUL when s holds a NUL, ErrNotASCII when s holds a byte >= 0x80.
//
// Encoders call it before writing the size field that precedes the string,
// so that a refused value leaves nothing half-written.
func checkASCIIZ(s string, maxSize int, rop, field string) error {
	if len(s) >= maxSize { // len(s)+1 > maxSize without overflow
		return &EncodeError{ROP: rop, Field: field, Err: ErrTooLong}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			return &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w at index %d", ErrEmbeddedNUL, i)}
		case c >= 0x80:
			return &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w 0x%02X at index %d", ErrNotASCII, c, i)}
		}
	}
	return nil
}

// appendASCIIZ appends s and a NUL terminator to b after the checks of
// checkASCIIZ. On failure it returns b unchanged and the *EncodeError. It
// allocates only when b lacks capacity for len(s)+1 more bytes.
func appendASCIIZ(b []byte, s string, maxSize int, rop, field string) ([]byte, error) {
	if err := checkASCIIZ(s, maxSize, rop, field); err != nil {
		return b, err
	}
	b = append(b, s...)
	return append(b, 0), nil
}
