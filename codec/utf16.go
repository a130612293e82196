package codec

import (
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16NUL reads a NUL-terminated UTF-16LE string (the NUL is two zero
// bytes) and returns it as UTF-8. An odd number of bytes before the end, or
// no NUL, is ErrMissingNUL together with io.ErrUnexpectedEOF.
func (r *reader) utf16NUL(field string) (string, error) {
	start := r.off
	var units []uint16
	for i := start; i+1 < len(r.b); i += 2 {
		u := uint16(r.b[i]) | uint16(r.b[i+1])<<8
		if u == 0 {
			r.off = i + 2
			return string(utf16.Decode(units)), nil
		}
		units = append(units, u)
	}
	return "", r.errAt(start, field, fmt.Errorf("%w: %w", ErrMissingNUL, io.ErrUnexpectedEOF))
}

// appendUTF16Z appends s, which must be valid UTF-8 (ErrNotUTF8), as
// UTF-16LE with a two-byte NUL. A NUL inside s is ErrEmbeddedNUL; on failure
// b is returned unchanged.
func appendUTF16Z(b []byte, s, rop, field string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return b, &EncodeError{ROP: rop, Field: field, Err: ErrNotUTF8}
	}
	out := b
	for i, c := range s {
		if c == 0 {
			return b, &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w at index %d", ErrEmbeddedNUL, i)}
		}
		if c < 0x10000 {
			out = append(out, byte(c), byte(c>>8))
			continue
		}
		hi, lo := utf16.EncodeRune(c)
		out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
	}
	return append(out, 0, 0), nil
}
