package codec

import (
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecodeErrorMessage(t *testing.T) {
	tests := []struct {
		err  *DecodeError
		want string
	}{
		{&DecodeError{ROP: "RopLogon", Field: "ServerName", Offset: 8, Err: ErrMissingNUL},
			"codec: RopLogon: ServerName at offset 8: missing NUL terminator"},
		{&DecodeError{ROP: "RopLogon", Field: "ReturnValue", Offset: 2, Err: io.ErrUnexpectedEOF},
			"codec: RopLogon: ReturnValue at offset 2: unexpected EOF"},
		{&DecodeError{ROP: "RopLogon", Offset: 12, Err: ErrTrailingBytes},
			"codec: RopLogon at offset 12: trailing bytes after message"},
		{&DecodeError{Field: "Essdn", Offset: 14, Err: ErrZeroSize},
			"codec: Essdn at offset 14: zero size where the NUL terminator must be counted"},
		{&DecodeError{Offset: 3},
			"codec: at offset 3: invalid input"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
		assert.Equal(t, tt.err.Err, tt.err.Unwrap())
	}
}

func TestEncodeErrorMessage(t *testing.T) {
	tests := []struct {
		err  *EncodeError
		want string
	}{
		{&EncodeError{ROP: "RopLogon", Field: "Essdn", Err: ErrTooLong},
			"codec: RopLogon: Essdn: cannot encode: string too long for its size field"},
		{&EncodeError{Field: "ServerName", Err: ErrEmbeddedNUL},
			"codec: ServerName: cannot encode: NUL inside string"},
		{&EncodeError{}, "codec: cannot encode: invalid value"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
		assert.Equal(t, tt.err.Err, tt.err.Unwrap())
	}
}

// TestNestedEncodeError: the failure of a structure held in a field becomes
// the message's *EncodeError, its path the field (with the element's index
// in a list) followed by the field the structure's own error names; a bare
// error, which names no field, ends the path at the field.
func TestNestedEncodeError(t *testing.T) {
	tests := []struct {
		err   error
		index int
		want  EncodeError
	}{
		{&EncodeError{ROP: "LongTermId", Field: "Pad", Err: ErrNotZero}, -1,
			EncodeError{ROP: "RopIdFromLongTermId", Field: "LongTermId.Pad", Err: ErrNotZero}},
		{&EncodeError{ROP: "LongTermId", Field: "Pad", Err: ErrNotZero}, 1,
			EncodeError{ROP: "RopIdFromLongTermId", Field: "LongTermId[1].Pad", Err: ErrNotZero}},
		{&EncodeError{Err: ErrTooDeep}, 2,
			EncodeError{ROP: "RopIdFromLongTermId", Field: "LongTermId[2]", Err: ErrTooDeep}},
		{ErrTooLong, -1,
			EncodeError{ROP: "RopIdFromLongTermId", Field: "LongTermId", Err: ErrTooLong}},
	}
	for _, tt := range tests {
		err := nestedEncodeError(tt.err, "RopIdFromLongTermId", "LongTermId", tt.index)
		var e *EncodeError
		if assert.ErrorAs(t, err, &e, "%v", tt.err) {
			assert.Equal(t, tt.want, *e, "%v", tt.err)
		}
	}
}

// TestSentinelsDistinct guards against two failure kinds sharing one value or
// one message, which would make errors.Is or log reading ambiguous.
func TestSentinelsDistinct(t *testing.T) {
	all := []error{ErrMissingNUL, ErrSizeMismatch, ErrNotASCII, ErrZeroSize, ErrTrailingBytes,
		ErrWrongRopID, ErrTooLong, ErrEmbeddedNUL, ErrInvalidGUID, io.ErrUnexpectedEOF}
	msgs := map[string]bool{}
	for i, a := range all {
		if msgs[a.Error()] {
			t.Errorf("duplicate message %q", a.Error())
		}
		msgs[a.Error()] = true
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("errors.Is(%v, %v) = true", a, b)
			}
		}
	}
}
