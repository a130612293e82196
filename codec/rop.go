package codec

import "iter"

// Message is what every generated message type has: a ROP request or
// response buffer ([MS-OXCROPS] 2.2.1), or a structure used in them (a
// LogonTime, a ROPBuffer, a StoreEntryID).
type Message interface {
	// AppendBinary appends the wire form, refusing values the document
	// does not allow with an *EncodeError.
	AppendBinary(b []byte) ([]byte, error)
	// MarshalBinary returns the wire form.
	MarshalBinary() ([]byte, error)
	// Fields yields the fields in wire order, with their document names
	// (none for a value nested more deeply than the encoders accept).
	Fields() iter.Seq[Field]
	// Info describes the message type.
	Info() *MessageInfo
}

// ROP is a decoded ROP request or response buffer ([MS-OXCROPS] 2.2.1): what
// code that handles both says.
type ROP interface {
	Message
	// RopID returns the RopId byte that starts the buffer.
	RopID() uint8
}

// Request is a decoded ROP request buffer ([MS-OXCROPS] 2.2.1): one of the
// generated *Rop...Request types.
type Request interface {
	ROP
	isRequest()
}

// Response is a decoded ROP response buffer ([MS-OXCROPS] 2.2.1): one of the
// generated *Rop...Response types.
type Response interface {
	ROP
	// Status returns the ReturnValue as an errors.EC, or nil for success
	// and for responses that carry no ReturnValue.
	Status() error
}

// asciizSize is the value of the size field of a NUL-terminated string: its
// length with the NUL, or 0 for an empty string where the document lets a
// size of 0 stand for an empty field.
func asciizSize(s string, emptyIfZero bool) int {
	if s == "" && emptyIfZero {
		return 0
	}
	return len(s) + 1
}

// asciizListSize is the wire size of NUL-terminated strings one after another.
func asciizListSize(list []string) int {
	n := 0
	for _, s := range list {
		n += len(s) + 1
	}
	return n
}

// listSize is the wire size of messages one after another.
func listSize[T any, P interface {
	*T
	size() int
}](list []T) int {
	n := 0
	for i := range list {
		n += P(&list[i]).size()
	}
	return n
}
