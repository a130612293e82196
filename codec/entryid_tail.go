package codec

import (
	"errors"
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
//
// The header's Size has two readings, and Tail accepts both:
//
//   - the header and the strings, as the comments of MFCMAPI's
//     MDB_STORE_EID_V2 and MDB_STORE_EID_V3 structures describe it;
//   - the whole tail, its two reserved bytes included, which is what Outlook
//     writes: Store EntryIDs that Outlook wrote against Exchange 2010 and
//     2016 on-premises and Exchange Online, published in public code (see
//     testdata/storeentryid-outlook.txtar), all count the reserved bytes.
//
// The builders (SetV2Tail, SetV3Tail) write what Outlook writes.
//
// MFCMAPI itself reads the strings one after the other and uses the offsets
// only to tell whether a string is there (0 for none); it never reads Size.
// Tail reads the strings the same way, and reports an offset or a Size that
// disagrees with them as ErrSizeMismatch, together with the fields it read.

// storeEIDReserved is the number of reserved bytes MFCMAPI reads after the
// strings of a v2 or v3 tail.
const storeEIDReserved = 2

// ErrTruncatedEntryID reports a Store EntryID whose tail is cut short, as
// found in the wild when an EntryID is stored in a fixed-size field.
var ErrTruncatedEntryID = errors.New("store EntryID tail is truncated")

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
// counted from the start of Extension. When the tail's strings could be
// read but its offsets, Size or reserved bytes do not agree with them, Tail
// returns the strings together with the error (ErrSizeMismatch,
// ErrTruncatedEntryID or ErrTrailingBytes), as MFCMAPI shows them; when they
// could not be read, the zero StoreEntryIDTail.
func (e *StoreEntryID) Tail() (StoreEntryIDTail, error) {
	ext := e.Extension
	if len(ext) == 0 {
		return StoreEntryIDTail{Version: 1}, nil
	}
	var r reader
	r.init(ext, "StoreEntryID", nil)
	var s tailScan
	if hasMagic(ext, v2Magic) {
		h, n, err := DecodeStoreEntryIDV2Header(ext)
		if err != nil {
			return StoreEntryIDTail{}, truncated(err)
		}
		t := StoreEntryIDTail{Version: 2}
		s.at = n
		if err := s.str(&r, h.OffsetDN, "ServerDN", &t.ServerDN, false); err != nil {
			return StoreEntryIDTail{}, err
		}
		if err := s.str(&r, h.OffsetFQDN, "ServerFQDN", &t.ServerFQDN, true); err != nil {
			return StoreEntryIDTail{}, err
		}
		return t, s.end(&r, h.Size)
	}
	// A v3 tail, or neither: the v3 decoder reports an unknown Magic.
	h, n, err := DecodeStoreEntryIDV3Header(ext)
	if err != nil {
		return StoreEntryIDTail{}, truncated(err)
	}
	t := StoreEntryIDTail{Version: 3}
	s.at = n
	if err := s.str(&r, h.OffsetSmtpAddress, "SMTPAddress", &t.SMTPAddress, true); err != nil {
		return StoreEntryIDTail{}, err
	}
	return t, s.end(&r, h.Size)
}

// tailScan reads the strings of a tail one after the other, as MFCMAPI does.
type tailScan struct {
	at       int   // where the next part starts
	mismatch error // the first offset that disagrees with at
}

// str reads the string that offset points to, which is absent when offset
// is 0. It reads at s.at, where the previous part ended, and notes an offset
// that points elsewhere.
func (s *tailScan) str(r *reader, offset uint32, field string, dst *string, wide bool) error {
	if offset == 0 {
		return nil
	}
	if int64(offset) != int64(s.at) && s.mismatch == nil {
		s.mismatch = r.errAt(s.at, field, fmt.Errorf("%w: offset %d, but the string starts at %d", ErrSizeMismatch, offset, s.at))
	}
	r.off = s.at
	var err error
	if wide {
		*dst, err = r.utf16NUL(field)
	} else {
		*dst, err = r.asciiNUL(field)
	}
	s.at = r.off
	return truncated(err)
}

// end checks that size counts the header and strings, with or without the
// reserved bytes, that the reserved bytes are there, and that nothing
// follows them. It returns the first of these errors, after an offset that
// disagreed.
func (s *tailScan) end(r *reader, size uint32) error {
	withReserved := s.at + storeEIDReserved
	switch {
	case s.mismatch != nil:
		return s.mismatch
	case int64(size) != int64(s.at) && int64(size) != int64(withReserved):
		return r.errAt(0, "Size", fmt.Errorf("%w: Size %d; the header and strings take %d, %d with the reserved bytes", ErrSizeMismatch, size, s.at, withReserved))
	case len(r.b) < withReserved:
		return r.errAt(s.at, "Reserved", fmt.Errorf("%w: %w", ErrTruncatedEntryID, io.ErrUnexpectedEOF))
	}
	r.off = withReserved
	return r.end()
}

// truncated adds ErrTruncatedEntryID to a truncation error.
func truncated(err error) error {
	var de *DecodeError
	if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) || !errors.As(err, &de) {
		return err
	}
	e := *de
	e.Err = fmt.Errorf("%w: %w", ErrTruncatedEntryID, de.Err)
	return &e
}

// SetV2Tail sets e.Extension to a v2 tail carrying the full DN of the
// store's server (ASCII) and its FQDN, byte for byte as Outlook writes it:
// the header, the DN, the FQDN in UTF-16LE, two reserved zero bytes, and a
// Size that counts all of them. On failure e is unchanged.
func (e *StoreEntryID) SetV2Tail(serverDN, serverFQDN string) error {
	var h StoreEntryIDV2Header
	n := headerSize(&h)
	body, err := appendASCIIZ(nil, serverDN, maxTail, "StoreEntryID", "ServerDN")
	if err != nil {
		return err
	}
	if body, err = appendUTF16Z(body, serverFQDN, "StoreEntryID", "ServerFQDN"); err != nil {
		return err
	}
	if len(body) > maxTail {
		return &EncodeError{ROP: "StoreEntryID", Field: "ServerFQDN", Err: ErrTooLong}
	}
	h = StoreEntryIDV2Header{
		Size:       uint32(n + len(body) + storeEIDReserved),
		OffsetDN:   uint32(n),
		OffsetFQDN: uint32(n + len(serverDN) + 1),
	}
	e.Extension = appendTail(&h, body)
	return nil
}

// SetV3Tail sets e.Extension to a v3 tail carrying the mailbox's SMTP
// address, byte for byte as Outlook writes it: the header, the address in
// UTF-16LE, two reserved zero bytes, and a Size that counts all of them. On
// failure e is unchanged.
func (e *StoreEntryID) SetV3Tail(smtpAddress string) error {
	var h StoreEntryIDV3Header
	n := headerSize(&h)
	body, err := appendUTF16Z(nil, smtpAddress, "StoreEntryID", "SMTPAddress")
	if err != nil {
		return err
	}
	if len(body) > maxTail {
		return &EncodeError{ROP: "StoreEntryID", Field: "SMTPAddress", Err: ErrTooLong}
	}
	h = StoreEntryIDV3Header{Size: uint32(n + len(body) + storeEIDReserved), OffsetSmtpAddress: uint32(n)}
	e.Extension = appendTail(&h, body)
	return nil
}

// headerSize returns the wire size of a tail header, from its generated
// encoder.
func headerSize(h interface{ MarshalBinary() ([]byte, error) }) int {
	b, _ := h.MarshalBinary()
	return len(b)
}

// appendTail returns the header h, body and the reserved bytes.
func appendTail(h interface{ AppendBinary([]byte) ([]byte, error) }, body []byte) []byte {
	ext, _ := h.AppendBinary(nil) // a tail header has no value to refuse
	ext = append(ext, body...)
	return append(ext, make([]byte, storeEIDReserved)...)
}

// maxTail bounds the strings of a tail, so that its 32-bit Size holds them.
const maxTail = 1 << 30
