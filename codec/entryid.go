package codec

import (
	stderrors "errors"
	"fmt"
	"io"
)

// The v2 and v3 tails of a Store Object EntryID are described only by
// Microsoft's MFCMAPI source, not by an Open Specification: after the
// [MS-OXCDATA] 2.2.4.3 fields come a header (StoreEntryIDV2Header or
// StoreEntryIDV3Header, generated from spec/entryid), the strings it points
// to, and two reserved bytes. Outlook 2003 and later put the server's DN and
// FQDN (v2) or an SMTP address (v3) there so that a client can reach the
// right server without a redirect.

// storeEIDReserved is the number of reserved bytes MFCMAPI reads after the
// strings of a v2 or v3 tail.
const storeEIDReserved = 2

// ErrTruncatedEntryID reports a Store EntryID whose tail is cut short, as
// found in the wild when an EntryID is stored in a fixed-size field.
var ErrTruncatedEntryID = stderrors.New("store EntryID tail is truncated")

// StoreEntryIDTail is what the v2 or v3 tail of a Store EntryID carries.
type StoreEntryIDTail struct {
	// Version is 1 for an EntryID without a tail, 2 or 3 otherwise.
	Version int
	// ServerDN and ServerFQDN: v2 only.
	ServerDN, ServerFQDN string
	// SMTPAddress: v3 only.
	SMTPAddress string
}

// Tail decodes the Extension of e. Errors are *DecodeError with offsets
// counted from the start of Extension.
func (e *StoreEntryID) Tail() (StoreEntryIDTail, error) {
	ext := e.Extension
	if len(ext) == 0 {
		return StoreEntryIDTail{Version: 1}, nil
	}
	if h, n, err := DecodeStoreEntryIDV2Header(ext); err == nil {
		var r reader
		r.init(ext, "StoreEntryID", nil)
		t := StoreEntryIDTail{Version: 2}
		dnEnd, err := tailString(&r, n, int(h.OffsetDN), "ServerDN", &t.ServerDN, false)
		if err != nil {
			return t, err
		}
		end, err := tailString(&r, dnEnd, int(h.OffsetFQDN), "ServerFQDN", &t.ServerFQDN, true)
		if err != nil {
			return t, err
		}
		return t, tailEnd(&r, end, int(h.Size))
	} else if !isUnexpectedAt(err, "Magic") {
		return StoreEntryIDTail{}, truncated(err)
	}
	h, n, err := DecodeStoreEntryIDV3Header(ext)
	if err != nil {
		return StoreEntryIDTail{}, truncated(err)
	}
	var r reader
	r.init(ext, "StoreEntryID", nil)
	t := StoreEntryIDTail{Version: 3}
	end, err := tailString(&r, n, int(h.OffsetSmtpAddress), "SMTPAddress", &t.SMTPAddress, true)
	if err != nil {
		return t, err
	}
	return t, tailEnd(&r, end, int(h.Size))
}

// tailString reads the string that offset points to, which must start
// where the previous part ended (at), or is absent when offset is 0. It
// returns where the string ends.
func tailString(r *reader, at, offset int, field string, dst *string, wide bool) (int, error) {
	if offset == 0 {
		return at, nil
	}
	if offset != at {
		return 0, r.errAt(at, field, fmt.Errorf("%w: offset %d, the string would start at %d", ErrSizeMismatch, offset, at))
	}
	r.off = at
	var err error
	if wide {
		*dst, err = r.utf16NUL(field)
	} else {
		*dst, err = r.asciiNUL(field)
	}
	return r.off, truncated(err)
}

// tailEnd checks that size counts the header and strings, and that only the
// reserved bytes follow.
func tailEnd(r *reader, end, size int) error {
	switch {
	case size != end:
		return r.errAt(0, "Size", fmt.Errorf("%w: Size %d, header and strings %d", ErrSizeMismatch, size, end))
	case len(r.b)-end < storeEIDReserved:
		return r.errAt(end, "Reserved", fmt.Errorf("%w: %w", ErrTruncatedEntryID, io.ErrUnexpectedEOF))
	}
	r.off = end + storeEIDReserved
	return r.end()
}

// truncated adds ErrTruncatedEntryID to a truncation error.
func truncated(err error) error {
	var de *DecodeError
	if err == nil || !stderrors.Is(err, io.ErrUnexpectedEOF) || !stderrors.As(err, &de) {
		return err
	}
	e := *de
	e.Err = fmt.Errorf("%w: %w", ErrTruncatedEntryID, de.Err)
	return &e
}

// isUnexpectedAt reports whether err is ErrUnexpectedValue for the field.
func isUnexpectedAt(err error, field string) bool {
	var de *DecodeError
	return stderrors.As(err, &de) && de.Field == field && stderrors.Is(err, ErrUnexpectedValue)
}

// NewStoreEntryID returns the v1 Store EntryID of a mailbox ([MS-OXCDATA]
// 2.2.4.3): the server's short name and the mailbox's DN.
func NewStoreEntryID(serverShortname, mailboxDN string) *StoreEntryID {
	return &StoreEntryID{
		WrappedProviderUID: MailboxStoreProviderUID,
		WrappedType:        MailboxStoreType,
		ServerShortname:    serverShortname,
		MailboxDN:          mailboxDN,
	}
}

// NewStoreEntryIDV2 returns the v2 Store EntryID of a mailbox, which also
// carries the full DN and the FQDN of its server, so that a client can
// connect to the right server without a redirect.
func NewStoreEntryIDV2(serverShortname, mailboxDN, serverDN, serverFQDN string) (*StoreEntryID, error) {
	e := NewStoreEntryID(serverShortname, mailboxDN)
	var h StoreEntryIDV2Header
	hdr, _ := h.MarshalBinary()
	n := len(hdr)
	body, err := appendASCIIZ(nil, serverDN, maxTail, "StoreEntryID", "ServerDN")
	if err != nil {
		return nil, err
	}
	if body, err = appendUTF16Z(body, serverFQDN, "StoreEntryID", "ServerFQDN"); err != nil {
		return nil, err
	}
	h = StoreEntryIDV2Header{Size: uint32(n + len(body)), OffsetDN: uint32(n), OffsetFQDN: uint32(n + len(serverDN) + 1)}
	ext, err := h.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	e.Extension = append(append(ext, body...), make([]byte, storeEIDReserved)...)
	return e, nil
}

// NewStoreEntryIDV3 returns the v3 Store EntryID of a mailbox, which also
// carries its SMTP address.
func NewStoreEntryIDV3(serverShortname, mailboxDN, smtpAddress string) (*StoreEntryID, error) {
	e := NewStoreEntryID(serverShortname, mailboxDN)
	var h StoreEntryIDV3Header
	hdr, _ := h.MarshalBinary()
	n := len(hdr)
	body, err := appendUTF16Z(nil, smtpAddress, "StoreEntryID", "SMTPAddress")
	if err != nil {
		return nil, err
	}
	h = StoreEntryIDV3Header{Size: uint32(n + len(body)), OffsetSmtpAddress: uint32(n)}
	ext, err := h.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	e.Extension = append(append(ext, body...), make([]byte, storeEIDReserved)...)
	return e, nil
}

// maxTail bounds the strings of a tail, whose Size field is 32 bits.
const maxTail = 1 << 30
