package codec

import (
	"cmp"
	"fmt"
	"slices"
)

// MessageInfo describes a generated message type: what the table it is
// generated from says about it. Every message type's Info method returns its
// MessageInfo, and ROPInfo lists those of a ROP.
type MessageInfo struct {
	// Type is the Go type's name: "RopLogonRedirectResponse".
	Type string
	// ROP is the name of the ROP ("RopLogon"), or "" for a structure.
	ROP string
	// RopID is the RopId of the ROP, or -1 for a structure.
	RopID int
	// Response is set for a ROP response and clear for a request or a
	// structure.
	Response bool
	// Title is the document's title of the layout, such as "RopLogon
	// redirect response".
	Title string
	// Source names the document sections the layout is read from.
	Source string
	// ReturnValue is set when the layout has a ReturnValue field (every
	// response but RopBackoff and RopBufferTooSmall).
	ReturnValue bool
	// RunsToEnd is set when the last field takes every remaining byte, so
	// that bytes after the message are read as part of it.
	RunsToEnd bool
	// Columns says where the columns of the layout's rows come from, for a
	// layout with rows ([MS-OXCDATA] 2.8) that the buffer does not describe:
	// ColumnsFromTable (the columns RopSetColumns set on the table the ROP
	// runs on), ColumnsFromRequestPropertyTags (that field of the ROP's
	// request), or ColumnsFromRecipients (the RecipientColumns of the
	// RopOpenMessage that opened the message); ColumnsDescription says it in
	// words. Give them to a Decoder with SetColumns before decoding; without
	// them the rows are kept as bytes (PropertyRow.Raw). "" for other layouts.
	Columns string
	// NeedsLogon is set when the layout depends on whether its logon is to
	// public folders (the ClientData of a RopSetMessageReadFlag request,
	// [MS-OXCROPS] 2.2.6.11.1): give the kind of the ROP's logon to a
	// Decoder with SetLogon before decoding; without it decoding fails with
	// ErrNeedsLogonContext. The message's PublicLogon field holds it.
	NeedsLogon bool

	decode func(d *Decoder, b []byte) (Message, int, error)
	new    func() Message
}

// Decode decodes a message of this type at the start of b, as the type's
// DecodeX function does, and returns a pointer to it. On failure the value
// holds the fields decoded before the bad one.
func (mi *MessageInfo) Decode(b []byte) (Message, int, error) { return mi.decode(nil, b) }

// New returns a pointer to a new zero message of this type.
func (mi *MessageInfo) New() Message { return mi.new() }

// ROPInfo describes a ROP the package decodes: its RopId, its name, and its
// request and response layouts.
type ROPInfo struct {
	ID   uint8
	Name string
	// Request is the request layout, or nil when the ROP has none
	// (RopBackoff and RopBufferTooSmall are sent unasked).
	Request *MessageInfo
	// Responses are the response shapes, or none when the ROP has no
	// response (RopRelease).
	Responses []*MessageInfo

	decodeRequest  func(d *Decoder, b []byte) (Request, int, error)
	decodeResponse func(d *Decoder, b []byte) (Response, int, error)
}

// DecodeRequest decodes the ROP's request at the start of b, as DecodeRequest
// does for this RopId; a ROP without a request layout fails with
// ErrUnsupportedROP.
func (ri *ROPInfo) DecodeRequest(b []byte) (Request, int, error) {
	if ri.decodeRequest == nil {
		return nil, 0, ri.unsupported("request")
	}
	return ri.decodeRequest(nil, b)
}

// DecodeResponse decodes the ROP's response at the start of b, choosing its
// shape as DecodeResponse does; a ROP without a response fails with
// ErrUnsupportedROP.
func (ri *ROPInfo) DecodeResponse(b []byte) (Response, int, error) {
	if ri.decodeResponse == nil {
		return nil, 0, ri.unsupported("response")
	}
	return ri.decodeResponse(nil, b)
}

func (ri *ROPInfo) unsupported(what string) error {
	return &DecodeError{ROP: ri.Name, Field: "RopId", Err: fmt.Errorf("%w: %s has no %s", ErrUnsupportedROP, ri.Name, what)}
}

// LookupROP returns the ROP with the RopId id, or nil when the package has no
// decoder for it.
func LookupROP(id uint8) *ROPInfo {
	i, ok := slices.BinarySearchFunc(ropInfos[:], id, func(r ROPInfo, id uint8) int { return cmp.Compare(r.ID, id) })
	if !ok {
		return nil
	}
	return &ropInfos[i]
}

// ROPs returns every ROP the package decodes, by RopId. The caller owns the
// slice; the ROPInfo values are shared.
func ROPs() []*ROPInfo {
	out := make([]*ROPInfo, len(ropInfos))
	for i := range ropInfos {
		out[i] = &ropInfos[i]
	}
	return out
}

// Messages returns every generated message type: ROP requests and responses
// and the structures used in them. The caller owns the slice; the
// MessageInfo values are shared.
func Messages() []*MessageInfo {
	out := make([]*MessageInfo, len(messageInfos))
	copy(out, messageInfos[:])
	return out
}
