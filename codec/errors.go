package codec

import (
	"errors"
	"strconv"
)

// Sentinel errors for the ways a ROP buffer (or a value to encode) can be
// malformed. They are wrapped in a *DecodeError or an *EncodeError; test for
// them with errors.Is. Truncated input is reported as io.ErrUnexpectedEOF.
var (
	// ErrMissingNUL reports a NUL-terminated string whose last byte, as
	// counted by its size field, is not the NUL terminator.
	ErrMissingNUL = errors.New("missing NUL terminator")

	// ErrSizeMismatch reports a size that disagrees with the data it counts:
	// a NUL-terminated string holding a NUL before its last byte, a size
	// field smaller than the bytes it must count, or a handle table that is
	// not a whole number of 4-byte handles.
	ErrSizeMismatch = errors.New("size disagrees with the data it counts")

	// ErrNotASCII reports a byte outside 0x01-0x7F in a field that holds
	// an ASCII string.
	ErrNotASCII = errors.New("non-ASCII byte in ASCII string")

	// ErrZeroSize reports a size field of 0 where the size must count at
	// least the NUL terminator.
	ErrZeroSize = errors.New("zero size where the NUL terminator must be counted")

	// ErrTrailingBytes reports bytes left over after a whole message was
	// decoded by a decoder that must consume its entire input.
	ErrTrailingBytes = errors.New("trailing bytes after message")

	// ErrWrongRopID reports a RopId byte that is not the one of the ROP
	// being decoded.
	ErrWrongRopID = errors.New("unexpected RopId")

	// ErrTooLong reports a string that, with its NUL terminator, does not
	// fit the size field that must count it.
	ErrTooLong = errors.New("string too long for its size field")

	// ErrEmbeddedNUL reports a string to encode that holds a NUL byte, which
	// would end it early on the wire.
	ErrEmbeddedNUL = errors.New("NUL inside string")

	// ErrUnexpectedValue reports a field whose value the message shape does
	// not allow, such as a ReturnValue of 0 in a failure response.
	ErrUnexpectedValue = errors.New("value not allowed in this message")

	// ErrUndefinedFlags reports flag bits, to be encoded, that the
	// document's flag table does not define.
	ErrUndefinedFlags = errors.New("undefined flag bits")

	// ErrNotZero reports a field that the document requires to be 0.
	ErrNotZero = errors.New("field must be 0")

	// ErrMissingFlag reports a flag that the document requires in this
	// combination of fields, such as PUBLIC on a public folder logon.
	ErrMissingFlag = errors.New("required flag not set")

	// ErrNotUTF8 reports a string to encode as UTF-16 that is not valid UTF-8.
	ErrNotUTF8 = errors.New("string is not valid UTF-8")

	// ErrTooMany reports a list too long for the count field that precedes it.
	ErrTooMany = errors.New("too many elements for the count field")

	// ErrUnsupportedROP reports a RopId that this package has no decoder
	// for, so that a RopsList cannot be walked past it.
	ErrUnsupportedROP = errors.New("unsupported RopId")

	// ErrUnknownPropertyType reports a property value whose type the table
	// of data types ([MS-OXCDATA] 2.11.1) does not list, so that its size is
	// not known.
	ErrUnknownPropertyType = errors.New("unknown property type")

	// ErrNoWireForm reports a property value of a type that has no form of
	// its own in a ROP buffer: PtypObject, opened rather than read
	// ([MS-OXCDATA] 2.11.1.5), and PtypUnspecified.
	ErrNoWireForm = errors.New("property type without a form in ROP buffers")

	// ErrTooDeep reports restrictions nested more deeply than
	// MaxRestrictionDepth.
	ErrTooDeep = errors.New("structures nested too deeply")

	// ErrNoColumns reports rows of property values kept as bytes because
	// the columns that lay them out were not known (see Decoder.SetColumns);
	// PropertyRow.Undecoded and PropertyRowSet.Undecoded return it.
	ErrNoColumns = errors.New("rows not decoded: their columns are not known")

	// ErrTooManyValues reports rows whose values would outnumber the bytes
	// that hold them many times over (columns of PtypNull, which take no
	// bytes), which a decoder refuses rather than allocate for them.
	ErrTooManyValues = errors.New("more values than the input can hold")
)

// DecodeError reports where a ROP buffer could not be decoded.
//
// Offset counts bytes from the start of the buffer handed to the decoder: it
// is the offset of the field that failed or, for a bad byte inside a string,
// of that byte. Err is io.ErrUnexpectedEOF when the input ends too early and
// otherwise wraps one of the Err* sentinels of this package.
type DecodeError struct {
	ROP    string // ROP being decoded, e.g. "RopLogon"; may be empty
	Field  string // field being decoded, e.g. "ServerName"; empty for the whole message
	Offset int    // byte offset of the field or of the bad byte
	Err    error  // the failure kind
}

// Error returns a message such as
// "codec: RopLogon: ServerName at offset 8: missing NUL terminator".
func (e *DecodeError) Error() string {
	b := make([]byte, 0, 64)
	b = append(b, "codec: "...)
	if e.ROP != "" {
		b = append(b, e.ROP...)
		if e.Field != "" {
			b = append(b, ": "...)
		}
	}
	b = append(b, e.Field...)
	if e.ROP != "" || e.Field != "" {
		b = append(b, ' ')
	}
	b = append(b, "at offset "...)
	b = strconv.AppendInt(b, int64(e.Offset), 10)
	b = append(b, ": "...)
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	} else {
		b = append(b, "invalid input"...)
	}
	return string(b)
}

// Unwrap returns e.Err, so that errors.Is(err, io.ErrUnexpectedEOF) and
// errors.Is(err, ErrMissingNUL) see through a *DecodeError.
func (e *DecodeError) Unwrap() error { return e.Err }

// EncodeError reports a value that an encoder refuses to write, such as a
// string too long for its size field.
//
// As a DecodeError does, it names the message handed to the encoder (the
// ROP, or the structure when a structure is encoded on its own), also when
// the refused value lies in a structure nested in it: Field is then the
// path from the message to the value, with the index of a list's element,
// in the documents' names, such as "LongTermId.Pad" or "LongTermIds[1].Pad".
type EncodeError struct {
	ROP   string // ROP being encoded, e.g. "RopLogon"; may be empty
	Field string // field whose value was refused, e.g. "Essdn", or a path to it
	Err   error  // the failure kind, one of the Err* sentinels (possibly wrapped)
}

// Error returns a message such as
// "codec: RopLogon: Essdn: cannot encode: string too long for its size field".
func (e *EncodeError) Error() string {
	b := make([]byte, 0, 64)
	b = append(b, "codec: "...)
	if e.ROP != "" {
		b = append(b, e.ROP...)
		b = append(b, ": "...)
	}
	if e.Field != "" {
		b = append(b, e.Field...)
		b = append(b, ": "...)
	}
	b = append(b, "cannot encode: "...)
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	} else {
		b = append(b, "invalid value"...)
	}
	return string(b)
}

// Unwrap returns e.Err.
func (e *EncodeError) Unwrap() error { return e.Err }

// nestedEncodeError is err, the failure of a structure (or property value
// or row) held in field of the message rop, as rop's *EncodeError: the path
// starts at field, with [index] when index >= 0 (an element of a list), and
// goes on with the field the structure's own error names.
func nestedEncodeError(err error, rop, field string, index int) error {
	path := field
	if index >= 0 {
		path += "[" + strconv.Itoa(index) + "]"
	}
	var e *EncodeError
	if !errors.As(err, &e) {
		return &EncodeError{ROP: rop, Field: path, Err: err}
	}
	if e.Field != "" {
		path += "." + e.Field
	}
	return &EncodeError{ROP: rop, Field: path, Err: e.Err}
}
