package codec

import (
	"errors"
	"fmt"
)

// ErrNotGenerated reports a Message given to DecodeInto that is not a pointer
// to one of the package's generated message types.
var ErrNotGenerated = errors.New("not a generated message type")

// DecodeInto decodes the message at the start of b into m, a pointer to one
// of the package's message types (*RopLogonRequest, *ROPBuffer, ...), and
// reports how many bytes it used. It reads and checks b exactly as the
// type's DecodeX function does, but into a value the caller owns, so that a
// loop that decodes into the same value allocates only the strings it
// returns:
//
//   - Every field of m is overwritten; those after a field that fails to
//     decode are left zero (a list or byte field empty, not nil: it keeps
//     its memory for the next decode), and n is then 0.
//   - The memory of m's slices is reused when it has room for the new
//     elements (as encoding/json does): a slice taken from m is valid until
//     the next decode into m. To keep one longer, copy it (slices.Clone).
//   - Strings are never reused: they stay valid however m is used later.
//   - An empty list or byte field is nil, as the DecodeX functions give it.
//
// A Message that is not a generated type fails with ErrNotGenerated.
func DecodeInto(m Message, b []byte) (n int, err error) {
	return (*Decoder)(nil).DecodeInto(m, b)
}

// DecodeInto is the package's DecodeInto with d's strings (see Decoder). The
// value is m, not one of d's.
func (d *Decoder) DecodeInto(m Message, b []byte) (n int, err error) {
	v, ok := m.(interface {
		decodeInto(d *Decoder, b []byte) (int, error)
	})
	if !ok {
		return 0, fmt.Errorf("codec: DecodeInto: %w: %T", ErrNotGenerated, m)
	}
	return v.decodeInto(d, b)
}
