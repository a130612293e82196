package codec

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Strings without a size field, UTF-16LE up to a 2-byte NUL or 8-bit up to a
// NUL byte, as property values ([MS-OXCDATA] 2.11.1) and the strings of
// RecipientRow, TypedString and RopCreateFolder lay them out.

// text reads a NUL-terminated string: UTF-16 (returned as UTF-8) when
// unicode, else 8-bit, whose bytes are returned as they are, since their
// code page is given elsewhere.
func (r *reader) text(unicode bool, field string) (string, error) {
	if unicode {
		return r.utf16NUL(field)
	}
	return r.string8NUL(field)
}

// string8NUL reads the bytes up to the first NUL, which is consumed too. A
// missing NUL is ErrMissingNUL together with io.ErrUnexpectedEOF. Its cost is
// linear in the string.
func (r *reader) string8NUL(field string) (string, error) {
	end := bytes.IndexByte(r.b[r.off:], 0)
	if end < 0 {
		return "", r.errAt(r.off, field, fmt.Errorf("%w: %w", ErrMissingNUL, io.ErrUnexpectedEOF))
	}
	s := string(r.b[r.off : r.off+end])
	r.off += end + 1
	return s, nil
}

// textSize is the wire size of s as text encodes it, NUL included.
func textSize(s string, unicode bool) int {
	if unicode {
		return utf16zSize(s)
	}
	return len(s) + 1
}

// textError reports why s cannot be written as a NUL-terminated string:
// ErrEmbeddedNUL for a NUL in it, and for UTF-16, ErrNotUTF8 for bytes that
// are not UTF-8. It allocates only for the error.
func textError(s string, unicode bool) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Errorf("%w at index %d", ErrEmbeddedNUL, i)
	}
	if unicode && !utf8.ValidString(s) {
		return ErrNotUTF8
	}
	return nil
}

// appendText appends s, which textError accepts, with its NUL.
func appendText(b []byte, s string, unicode bool) []byte {
	if unicode {
		return appendUTF16ZValid(b, s)
	}
	return append(append(b, s...), 0)
}
