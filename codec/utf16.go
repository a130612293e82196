package codec

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16NUL reads a NUL-terminated UTF-16LE string (the NUL is two zero
// bytes) and returns it as UTF-8, an unpaired surrogate as U+FFFD (as
// unicode/utf16.Decode does). An odd number of bytes before the end, or no
// NUL, is ErrMissingNUL together with io.ErrUnexpectedEOF.
//
// It makes one allocation, the string itself: a first pass finds the NUL
// and the UTF-8 length, a second writes the string.
func (r *reader) utf16NUL(field string) (string, error) {
	start, end, size := r.off, -1, 0
	for i := start; i+1 < len(r.b); {
		if r.b[i+1] == 0 && r.b[i] < utf8.RuneSelf { // ASCII, or the NUL
			if r.b[i] == 0 {
				end = i
				break
			}
			size++
			i += 2
			continue
		}
		c, n := utf16Rune(r.b[i:])
		size += utf8.RuneLen(c)
		i += n
	}
	if end < 0 {
		return "", r.errAt(start, field, fmt.Errorf("%w: %w", ErrMissingNUL, io.ErrUnexpectedEOF))
	}
	var out strings.Builder
	out.Grow(size)
	for i := start; i < end; {
		if r.b[i+1] == 0 && r.b[i] < utf8.RuneSelf {
			out.WriteByte(r.b[i])
			i += 2
			continue
		}
		c, n := utf16Rune(r.b[i:end])
		out.WriteRune(c)
		i += n
	}
	r.off = end + 2
	return out.String(), nil
}

// utf16Rune decodes the UTF-16LE rune at the start of p, which holds at
// least one unit, and returns it with the bytes it takes: 4 for a surrogate
// pair, else 2 (an unpaired surrogate is U+FFFD).
func utf16Rune(p []byte) (rune, int) {
	u := rune(p[0]) | rune(p[1])<<8
	if !utf16.IsSurrogate(u) {
		return u, 2
	}
	if len(p) >= 4 {
		if c := utf16.DecodeRune(u, rune(p[2])|rune(p[3])<<8); c != utf8.RuneError {
			return c, 4
		}
	}
	return utf8.RuneError, 2
}

// appendUTF16Z appends s, which must be valid UTF-8 (ErrNotUTF8), as
// UTF-16LE with a two-byte NUL. A NUL inside s is ErrEmbeddedNUL; on failure
// b is returned unchanged.
func appendUTF16Z(b []byte, s, rop, field string) ([]byte, error) {
	if err := utf16zError(s, rop, field); err != nil {
		return b, err
	}
	return appendUTF16ZValid(b, s), nil
}

// utf16zError returns the *EncodeError of a string that cannot be written
// as a NUL-terminated UTF-16 string (ErrNotUTF8, ErrEmbeddedNUL), or nil.
func utf16zError(s, rop, field string) error {
	if !utf8.ValidString(s) {
		return &EncodeError{ROP: rop, Field: field, Err: ErrNotUTF8}
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return &EncodeError{ROP: rop, Field: field, Err: fmt.Errorf("%w at index %d", ErrEmbeddedNUL, i)}
	}
	return nil
}

// utf16zSize is the wire size of s as appendUTF16Z writes it.
func utf16zSize(s string) int {
	n := 2
	for _, c := range s {
		n += 2
		if c >= 0x10000 {
			n += 2
		}
	}
	return n
}

// appendUTF16ZValid appends s, which utf16zError accepts, as UTF-16LE with a
// two-byte NUL.
func appendUTF16ZValid(b []byte, s string) []byte { return append(appendUTF16(b, s), 0, 0) }

// appendUTF16 appends s, valid UTF-8, as UTF-16LE without a NUL.
func appendUTF16(b []byte, s string) []byte {
	for _, c := range s {
		if c < 0x10000 {
			b = append(b, byte(c), byte(c>>8))
			continue
		}
		hi, lo := utf16.EncodeRune(c)
		b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
	}
	return b
}
