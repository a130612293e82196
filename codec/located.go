package codec

import (
	"errors"
	"fmt"
	"io"
)

// Fields found through an offset: the strings and byte arrays of the
// auxiliary blocks of [MS-OXCRPC] 2.2.2.2 (AUX_PERF_CLIENTINFO's MachineName,
// ...), which lie where an earlier field of the block points, counted from
// the start of the block's AUX_HEADER; an offset of 0 stands for an empty
// field. Generated decoders read them with utf16At and bytesAt, no earlier
// than start, the end of the fields read in sequence; generated encoders
// write them one after another after those fields.

// ErrBadOffset reports an offset field that points before the end of the
// fields read in sequence: into the header or the fixed part of its
// structure.
var ErrBadOffset = errors.New("offset points into the fixed fields of its structure")

// locate returns where in r's input a field lies whose offset field holds
// off, counted from origin (the start of its message less the offset's
// base), or -1 for an offset of 0. The field must start at start or later
// (ErrBadOffset) and within the input (io.ErrUnexpectedEOF at the end of the
// input). Errors name field and are reported at start, where the located
// fields begin.
func (r *reader) locate(off, origin, start int, field string) (int, error) {
	if off == 0 {
		return -1, nil
	}
	switch p := origin + off; {
	case p < start:
		return 0, r.errAt(start, field, fmt.Errorf("%w: %d, less than %d", ErrBadOffset, off, start-origin))
	case p >= len(r.b):
		return 0, r.errAt(len(r.b), field, io.ErrUnexpectedEOF)
	default:
		return p, nil
	}
}

// utf16At reads the NUL-terminated UTF-16LE string whose offset field holds
// off (see locate) and returns it with the offset of the byte after its NUL;
// for an offset of 0, it returns "" and start. A string without its NUL is
// ErrMissingNUL with io.ErrUnexpectedEOF, as utf16NUL reports it.
func (r *reader) utf16At(off, origin, start int, field string) (string, int, error) {
	p, err := r.locate(off, origin, start, field)
	if err != nil || p < 0 {
		return "", start, err
	}
	sub := r.at(p)
	s, err := sub.utf16NUL(field)
	if err != nil {
		return "", start, err
	}
	return s, sub.off, nil
}

// bytesAt returns a copy of the size bytes whose offset field holds off (see
// locate), with the offset of the byte after them; for an offset or a size
// of 0, nil and start. Bytes that run past the input are io.ErrUnexpectedEOF
// at their offset.
func (r *reader) bytesAt(off, origin, start, size int, field string) ([]byte, int, error) {
	if size == 0 {
		return nil, start, nil
	}
	p, err := r.locate(off, origin, start, field)
	if err != nil || p < 0 {
		return nil, start, err
	}
	sub := r.at(p)
	b, err := sub.rawBytes(size, field)
	if err != nil {
		return nil, start, err
	}
	return b, sub.off, nil
}

// locatedStringSize is the number of bytes a located string takes on the wire:
// its UTF-16LE units and the two-byte NUL, or nothing for "".
func locatedStringSize(s string) int {
	if s == "" {
		return 0
	}
	n := 2
	for _, c := range s {
		n += 2
		if c >= 0x10000 { // a surrogate pair
			n += 2
		}
	}
	return n
}

// appendUTF16Located appends a located string: s as UTF-16LE with its NUL,
// or nothing for "". s must have passed utf16zError.
func appendUTF16Located(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	return append(appendUTF16(b, s), 0, 0)
}
