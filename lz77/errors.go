package lz77

import (
	"errors"
	"strconv"
)

// Failure kinds of Decompress, wrapped in an *Error; test for them with
// errors.Is. A stream that ends inside a flag word, a literal, a match word
// or a length field is reported as io.ErrUnexpectedEOF.
var (
	// ErrMatchBeforeStart reports a match whose offset reaches before the
	// first byte of the output ([MS-XCA] 2.4.4: a read outside the buffer).
	ErrMatchBeforeStart = errors.New("match reaches before the start of the output")

	// ErrOutputTooLong reports a literal or match that would write past the
	// size given: the stream decodes to more bytes than announced (for an
	// RPC_HEADER_EXT payload, more than SizeActual).
	ErrOutputTooLong = errors.New("stream decodes to more bytes than the size given")

	// ErrOutputTooShort reports a stream that ends (a match flag with no
	// input left, [MS-XCA] 2.4.4) before the size given is reached.
	ErrOutputTooShort = errors.New("stream ends before the size given")

	// ErrBadLength reports a 2- or 4-byte match length smaller than the
	// lengths that the shorter fields already encode ([MS-XCA] 2.4.4
	// returns an error for it).
	ErrBadLength = errors.New("match length field below its minimum")

	// ErrBadSize reports a negative size passed to Decompress.
	ErrBadSize = errors.New("negative size")
)

// Error reports where a Plain LZ77 stream is invalid.
//
// Offset counts bytes from the start of the compressed input handed to
// Decompress and names the element at fault: the flag word, literal or match
// word that could not be read or applied, or, for a stream that ends early,
// the end of the input. Out is the number of bytes decompressed before it.
type Error struct {
	Element string // "flag word", "literal", "match", "length" or "end"
	Offset  int    // byte offset of the element in the compressed input
	Out     int    // bytes of output written before the element
	Err     error  // the failure kind: io.ErrUnexpectedEOF or an Err* of this package
}

// Error returns a message such as
// "lz77: match at offset 12 (output 40): match reaches before the start of the output".
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, "lz77: "...)
	b = append(b, e.Element...)
	b = append(b, " at offset "...)
	b = strconv.AppendInt(b, int64(e.Offset), 10)
	b = append(b, " (output "...)
	b = strconv.AppendInt(b, int64(e.Out), 10)
	b = append(b, "): "...)
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	} else {
		b = append(b, "invalid stream"...)
	}
	return string(b)
}

// Unwrap returns e.Err, so that errors.Is sees the failure kind.
func (e *Error) Unwrap() error { return e.Err }
