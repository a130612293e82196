package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// reader decodes one ROP buffer front to back. Its methods check bounds
// before they read, advance the offset only on success and report failures
// as *DecodeError naming the ROP, the field and the offset. Generated
// decoders also read a run of fixed-size fields straight from b[off:] once
// remaining has shown that the whole run is there, and then add its size to
// off; nothing else touches the input.
//
// A reader is a small value; keep it on the stack, and set it up in place
// with init (returning it from a constructor costs a copy that the processor
// cannot forward from the stores that built it):
//
//	var r reader
//	r.init(b, "RopLogon", d)
//	if r.remaining() >= 6 { p := r.b[r.off:]; ...; r.off += 6 }
//	v, err := r.asciiNUL("ServerName")
type reader struct {
	b   []byte   // the whole input; offsets count from b[0]
	off int      // next byte to read; 0 <= off <= len(b)
	rop string   // ROP name for errors
	d   *Decoder // the Decoder decoding, for its columns and logons; nil for none
	// strs is where strings are kept: d, or nil (each string allocated)
	// while d passes this message by (Decoder.strings).
	strs *Decoder
	ctx  readContext
}

// init sets r up to read b from its start, with errors that name rop and
// strings kept by d (nil: each string is allocated on its own), unless d
// passes this message by (see Decoder.strings).
func (r *reader) init(b []byte, rop string, d *Decoder) {
	r.b, r.off, r.rop, r.d, r.strs = b, 0, rop, d, d.strings()
}

// offset returns the number of bytes consumed so far.
func (r *reader) offset() int { return r.off }

// remaining returns the number of bytes not consumed yet.
func (r *reader) remaining() int { return len(r.b) - r.off }

// errAt returns a *DecodeError for field at offset off.
func (r *reader) errAt(off int, field string, err error) error {
	return &DecodeError{ROP: r.rop, Field: field, Offset: off, Err: err}
}

// short returns the truncation error for field at the current offset.
func (r *reader) short(field string) error {
	return r.errAt(r.off, field, io.ErrUnexpectedEOF)
}

// u8 reads one byte.
func (r *reader) u8(field string) (uint8, error) {
	if r.off >= len(r.b) {
		return 0, r.short(field)
	}
	v := r.b[r.off]
	r.off++
	return v, nil
}

// u16 reads a little-endian uint16.
func (r *reader) u16(field string) (uint16, error) {
	if len(r.b)-r.off < 2 {
		return 0, r.short(field)
	}
	v := binary.LittleEndian.Uint16(r.b[r.off:])
	r.off += 2
	return v, nil
}

// u32 reads a little-endian uint32.
func (r *reader) u32(field string) (uint32, error) {
	if len(r.b)-r.off < 4 {
		return 0, r.short(field)
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v, nil
}

// ropID reads the RopId byte and checks that it is want. A different value
// fails with ErrWrongRopID (field "RopId"), and the byte is not consumed.
func (r *reader) ropID(want uint8) error {
	if r.off >= len(r.b) {
		return r.short("RopId")
	}
	if got := r.b[r.off]; got != want {
		return r.wrongRopID(r.off, got, want)
	}
	r.off++
	return nil
}

// wrongRopID reports the RopId got, at offset off, where want was expected.
func (r *reader) wrongRopID(off int, got, want uint8) error {
	return r.errAt(off, "RopId", fmt.Errorf("%w 0x%02X, want 0x%02X", ErrWrongRopID, got, want))
}

// field consumes the n bytes of a fixed-size field and returns them with
// their offset, or io.ErrUnexpectedEOF at the field's offset when fewer
// remain. Generated decoders read a field through it when the input may end
// inside the field.
func (r *reader) field(n int, name string) (p []byte, off int, err error) {
	if n > len(r.b)-r.off {
		return nil, 0, r.short(name)
	}
	off = r.off
	r.off += n
	return r.b[off:r.off], off, nil
}

// ascii reads a NUL-terminated ASCII string whose size, NUL included, is
// size bytes (the value of its size field), and returns it without the NUL.
//
// The size bytes must hold only 0x01-0x7F followed by a single NUL as the last
// byte. Failures, checked in this order:
//   - size 0: ErrZeroSize at the field's offset;
//   - fewer than size bytes left (or a negative size): io.ErrUnexpectedEOF
//     at the field's offset;
//   - a NUL before the last byte: ErrSizeMismatch at the NUL's offset;
//   - a byte >= 0x80 before the last byte: ErrNotASCII at that byte's offset;
//   - a last byte that is not NUL: ErrMissingNUL at the field's offset.
//
// Nothing is consumed on failure. The only allocation is the returned string,
// and not even that when r's Decoder remembers the same string, which has
// passed these checks before. Without a Decoder, a valid string costs a test
// of its bytes and the conversion; everything else is out of line.
func (r *reader) ascii(size int, field string) (string, error) {
	start := r.off
	if size <= 0 || size > len(r.b)-start {
		return "", r.asciiSizeError(size, field)
	}
	end := start + size - 1 // the NUL
	body := r.b[start:end]
	if r.b[end] != 0 {
		return "", r.asciiError(body, start, false, field)
	}
	if d := r.strs; d != nil && len(body) <= decoderMaxString {
		s, ok, slot := d.recall(body)
		if !ok {
			if badASCII(body) >= 0 {
				return "", r.asciiError(body, start, true, field)
			}
			s = d.keep(body, slot)
		}
		r.off = end + 1
		return s, nil
	}
	if badASCII(body) >= 0 {
		return "", r.asciiError(body, start, true, field)
	}
	r.off = end + 1
	return string(body), nil
}

// asciiSizeError is the error of ascii for a size that cannot be read: 0,
// negative or past the end of the input.
func (r *reader) asciiSizeError(size int, field string) error {
	if size == 0 {
		return r.errAt(r.off, field, ErrZeroSize)
	}
	return r.short(field)
}

// asciiError is the error of a string body at offset start that is not
// NUL-free ASCII, or that is not followed by its NUL (terminated clear).
func (r *reader) asciiError(body []byte, start int, terminated bool, field string) error {
	if i := badASCII(body); i >= 0 {
		if body[i] == 0 {
			return r.errAt(start+i, field, ErrSizeMismatch)
		}
		return r.errAt(start+i, field, fmt.Errorf("%w 0x%02X", ErrNotASCII, body[i]))
	}
	if !terminated {
		return r.errAt(start, field, ErrMissingNUL)
	}
	return nil
}

// asciiOpt is ascii for fields whose document lets a size of 0 mean an empty
// field with no bytes at all (RopLogon's Essdn, [MS-OXCSTOR] 2.2.1.1.1): size
// 0 returns "" and reads nothing; any other size behaves as ascii. Encoders
// write "" back as size 0, so a size-1 field holding only a NUL decodes to the
// same "" but re-encodes shorter.
func (r *reader) asciiOpt(size int, field string) (string, error) {
	if size == 0 {
		return "", nil
	}
	return r.ascii(size, field)
}

// arrayLen checks a counted array length before anything is allocated for
// it: n elements of at least minElemSize bytes each must fit in the bytes
// that remain (minElemSize < 1 counts as 1). It returns n, or
// io.ErrUnexpectedEOF at the current offset (the start of the array) when the
// remaining input cannot hold n elements or n is negative. It consumes
// nothing.
//
//	n, err := r.arrayLen(int(count), 8, "FolderIds")
//	if err != nil { ... }
//	v.FolderIds = resize(v.FolderIds, n)
func (r *reader) arrayLen(n, minElemSize int, field string) (int, error) {
	if minElemSize < 1 {
		minElemSize = 1
	}
	if n < 0 || n > (len(r.b)-r.off)/minElemSize {
		return 0, r.short(field)
	}
	return n, nil
}

// end reports ErrTrailingBytes, at the offset of the first unread byte, when
// input remains; decoders that must consume a whole buffer (UnmarshalBinary)
// call it last.
func (r *reader) end() error {
	if n := len(r.b) - r.off; n > 0 {
		return r.errAt(r.off, "", fmt.Errorf("%w (%d bytes)", ErrTrailingBytes, n))
	}
	return nil
}

// asciiNUL reads a NUL-terminated ASCII string that has no size field: the
// bytes up to the first NUL, which is consumed too, and returns them without
// the NUL. A missing NUL is ErrMissingNUL at the field's offset and a byte
// >= 0x80 is ErrNotASCII at that byte. Nothing is consumed on failure.
//
// Its cost is linear in the string, not in the input that follows it: the
// NUL is found first (bytes.IndexByte stops there), and only the bytes before
// it are tested. Only a string without a NUL is tested to the end of the
// input, and that ends the decode.
func (r *reader) asciiNUL(field string) (string, error) {
	start := r.off
	rest := r.b[start:]
	end := bytes.IndexByte(rest, 0)
	if end < 0 { // the input ends inside the string: truncation too
		// A byte >= 0x80 first, as in a string whose NUL was there.
		if err := r.asciiError(rest, start, true, field); err != nil {
			return "", err
		}
		return "", r.errAt(start, field, fmt.Errorf("%w: %w", ErrMissingNUL, io.ErrUnexpectedEOF))
	}
	// The string and its NUL, as a field whose size counts them both.
	return r.ascii(end+1, field)
}

// rawBytes returns a copy of the next n bytes (nil for n == 0), or
// io.ErrUnexpectedEOF at the field's offset when fewer remain. A negative n,
// from a size field smaller than what it must count, is ErrSizeMismatch.
func (r *reader) rawBytes(n int, field string) ([]byte, error) { return r.rawBytesInto(nil, n, field) }

// rawBytesInto is rawBytes into dst's memory when it has room (a decode into
// a value, DecodeInto).
func (r *reader) rawBytesInto(dst []byte, n int, field string) ([]byte, error) {
	if n < 0 {
		return nil, r.errAt(r.off, field, ErrSizeMismatch)
	}
	if n > len(r.b)-r.off {
		return nil, r.short(field)
	}
	if n == 0 {
		return nil, nil
	}
	p := append(dst[:0], r.b[r.off:r.off+n]...)
	r.off += n
	return p, nil
}

// rest returns a copy of every byte not consumed yet, for a field that runs
// to the end of its buffer (nil when none remain).
func (r *reader) rest(field string) ([]byte, error) { return r.restInto(nil, field) }

// restInto is rest into dst's memory when it has room.
func (r *reader) restInto(dst []byte, field string) ([]byte, error) {
	return r.rawBytesInto(dst, len(r.b)-r.off, field)
}

// at returns a reader over the same input positioned at off, for looking
// ahead at a field without consuming anything.
func (r *reader) at(off int) reader {
	p := *r
	p.off = min(max(off, 0), len(r.b))
	return p
}

// unexpected reports a field whose value the shape being decoded does not
// allow, at the offset off where the field starts.
func (r *reader) unexpected(off int, field string, got uint64) error {
	return r.errAt(off, field, fmt.Errorf("%w 0x%X", ErrUnexpectedValue, got))
}

// resize returns a slice of n elements to decode a list into: s's memory,
// its elements cleared, when it has room (a decode into a value,
// DecodeInto), and a new slice otherwise; nil for n == 0, as a decode into
// a new value gives.
func resize[T any](s []T, n int) []T {
	switch {
	case n == 0:
		return nil
	case cap(s) >= n:
		s = s[:n]
		clear(s)
		return s
	}
	return make([]T, n)
}
