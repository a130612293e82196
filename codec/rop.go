package codec

// Request is a decoded ROP request buffer ([MS-OXCROPS] 2.2.1): one of the
// generated *Rop...Request types.
type Request interface {
	// RopID returns the RopId byte that starts the buffer.
	RopID() uint8
	// AppendBinary appends the wire form, refusing values the document
	// does not allow.
	AppendBinary(b []byte) ([]byte, error)
	// MarshalBinary returns the wire form.
	MarshalBinary() ([]byte, error)
}

// Response is a decoded ROP response buffer ([MS-OXCROPS] 2.2.1): one of the
// generated *Rop...Response types.
type Response interface {
	Request
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
