package codec

import (
	"bytes"
	"errors"
	"fmt"
	"math"
)

// A Store Object EntryID ([MS-OXCDATA] 2.2.4.3) is read in two parts. The
// fields every one of them starts with, up to ServerShortname, are a fixed
// layout (StoreEntryIDPrefix, generated from spec/entryid). What follows is
// read here, the way Outlook writes it and Microsoft's MFCMAPI reads it:
//
//   - MailboxDN. The document has it only for mailbox databases. Public-store
//     EntryIDs in the wild carry one or leave it out: MFCMAPI's published
//     test data has both kinds. As MFCMAPI does, a public store (WrappedType
//     with OPENSTORE_PUBLIC) has no MailboxDN when the EntryID ends after
//     ServerShortname or a v2 or v3 tail follows it directly; otherwise it
//     has one, as a mailbox store always does.
//   - The v2 or v3 tail, if any, kept in Extension (see Tail).
//
// WrappedType keeps whatever value the EntryID holds: the document has 0x0C
// for a mailbox and 0x06 for a public store, and MFCMAPI's test data also
// has 0x08. Its bits are OpenStoreFlags. Encoding keeps to the document's
// value for the store.

// ErrNotExchangeStore reports a store EntryID that another provider wrapped
// (the PST provider mspst.dll, for example) rather than the Exchange one,
// EMSMDB.DLL, which is the only one [MS-OXCDATA] 2.2.4.3 describes. It comes
// with ErrUnexpectedValue at DLLFileName.
var ErrNotExchangeStore = errors.New("not an Exchange store EntryID")

// StoreEntryID is the Store Object EntryID of [MS-OXCDATA] 2.2.4.3, as
// Outlook writes it: a mailbox or public folder store, the server that holds
// it and, for a mailbox, its DN, optionally followed by a v2 or v3 tail.
type StoreEntryID struct {
	// WrappedProviderUID is MailboxStoreProviderUID or PublicStoreProviderUID.
	WrappedProviderUID GUID
	// WrappedType is 0x0C (MailboxStoreType) for a mailbox and 0x06
	// (PublicStoreType) for a public store in the document; decoded
	// EntryIDs may hold other OpenStoreFlags (see WrappedTypeFlags).
	WrappedType uint32
	// ServerShortname is the short (NetBIOS) name of the server.
	ServerShortname string
	// MailboxDN is the X500 DN of the mailbox; empty for a public store
	// that has none.
	MailboxDN string
	// Extension is what follows: the v2 or v3 tail (see Tail), or nothing.
	Extension []byte
}

// WrappedTypeFlags returns WrappedType as the OPENSTORE_* bits it is made of.
func (m *StoreEntryID) WrappedTypeFlags() OpenStoreFlags { return OpenStoreFlags(m.WrappedType) }

// public reports whether WrappedType marks a public store, the bit MFCMAPI
// tests to decide whether a MailboxDN may be left out.
func (m *StoreEntryID) public() bool { return m.WrappedTypeFlags()&OpenStorePublic != 0 }

// noMailboxDN reports whether a public store's EntryID, whose bytes after
// ServerShortname are rest, leaves MailboxDN out.
func (m *StoreEntryID) noMailboxDN(rest []byte) bool {
	return m.public() && (len(rest) == 0 || startsWithTail(rest))
}

// startsWithTail reports whether b starts with the Magic of a v2 or v3 tail.
func startsWithTail(b []byte) bool { return hasMagic(b, v2Magic) || hasMagic(b, v3Magic) }

// v2Magic and v3Magic are the Magic that a v2 and a v3 tail header start
// with, in wire order, as their generated encoders write it.
var v2Magic, v3Magic = headerMagic(&StoreEntryIDV2Header{}), headerMagic(&StoreEntryIDV3Header{})

// magicSize is the size of the Magic field (u32) of a tail header.
const magicSize = 4

func headerMagic(h interface{ MarshalBinary() ([]byte, error) }) []byte {
	b, _ := h.MarshalBinary()
	return b[:magicSize]
}

// hasMagic reports whether b starts with magic.
func hasMagic(b, magic []byte) bool { return bytes.HasPrefix(b, magic) }

// read decodes the fields of m from r.
func (m *StoreEntryID) read(r *reader) error {
	var p StoreEntryIDPrefix
	if err := p.read(r); err != nil {
		return notExchange(r, err)
	}
	m.WrappedProviderUID, m.WrappedType, m.ServerShortname = p.WrappedProviderUID, p.WrappedType, p.ServerShortname
	if !m.noMailboxDN(r.b[r.off:]) {
		dn, err := r.asciiNUL("MailboxDN")
		if err != nil {
			return err
		}
		m.MailboxDN = dn
	}
	ext, err := r.rest("Extension")
	m.Extension = ext
	return err
}

// notExchange adds ErrNotExchangeStore, and the DLL name found, to an error
// at DLLFileName.
func notExchange(r *reader, err error) error {
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "DLLFileName" || !errors.Is(err, ErrUnexpectedValue) {
		return err
	}
	name := r.b[de.Offset:]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	const show = 32 // the most of a name without NUL that the message shows
	e := *de
	e.Err = fmt.Errorf("%w: %w: DLLFileName %q, not EMSMDB.DLL", ErrNotExchangeStore, ErrUnexpectedValue, name[:min(len(name), show)])
	return &e
}

// append encodes m after b; on failure it returns b unchanged.
func (m *StoreEntryID) append(b []byte) ([]byte, error) {
	p := StoreEntryIDPrefix{WrappedProviderUID: m.WrappedProviderUID, WrappedType: m.WrappedType, ServerShortname: m.ServerShortname}
	out, err := p.AppendBinary(b)
	if err != nil {
		return b, err
	}
	// [MS-OXCDATA] 2.2.4.3: WrappedType is 0x0C for a mailbox, 0x06 for a
	// public store; decoders accept other values, encoders do not.
	want := MailboxStoreType
	if m.WrappedProviderUID == PublicStoreProviderUID {
		want = PublicStoreType
	}
	if m.WrappedType != want {
		return b, &EncodeError{ROP: "StoreEntryID", Field: "WrappedType",
			Err: fmt.Errorf("%w 0x%X: [MS-OXCDATA] 2.2.4.3 has 0x%X for this store", ErrUnexpectedValue, m.WrappedType, want)}
	}
	// A public store leaves an empty MailboxDN out where a decoder will not
	// miss it (see noMailboxDN).
	if m.MailboxDN != "" || !m.noMailboxDN(m.Extension) {
		if out, err = appendASCIIZ(out, m.MailboxDN, math.MaxInt, "StoreEntryID", "MailboxDN"); err != nil {
			return b, err
		}
	}
	return append(out, m.Extension...), nil
}

// AppendBinary appends the wire form of m to b, in the manner of
// encoding.BinaryAppender. It refuses values the document does not allow
// (a WrappedType other than the document's for the store, among them) with
// an *EncodeError, and then returns b unchanged.
func (m *StoreEntryID) AppendBinary(b []byte) ([]byte, error) { return m.append(b) }

// MarshalBinary returns the wire form of m.
func (m *StoreEntryID) MarshalBinary() ([]byte, error) { return m.append(nil) }

// UnmarshalBinary decodes a buffer that holds exactly one StoreEntryID;
// Extension takes every byte after the MailboxDN. On failure m is unchanged
// and the *DecodeError names the field and offset.
func (m *StoreEntryID) UnmarshalBinary(b []byte) error {
	v, _, err := DecodeStoreEntryID(b)
	if err == nil {
		*m = v
	}
	return err
}

// DecodeStoreEntryID decodes the StoreEntryID in b and reports how many
// bytes it used, which is all of b, since Extension runs to the end.
func DecodeStoreEntryID(b []byte) (StoreEntryID, int, error) {
	return (*Decoder)(nil).DecodeStoreEntryID(b)
}

// DecodeStoreEntryID is the package's DecodeStoreEntryID with d's strings
// (see Decoder).
func (d *Decoder) DecodeStoreEntryID(b []byte) (v StoreEntryID, n int, err error) {
	var r reader
	r.init(b, "StoreEntryID", d)
	if err = v.read(&r); err != nil {
		return StoreEntryID{}, 0, err
	}
	return v, r.offset(), nil
}

// NewStoreEntryID returns the Store EntryID of a mailbox ([MS-OXCDATA]
// 2.2.4.3): the server's short name and the mailbox's DN.
func NewStoreEntryID(serverShortname, mailboxDN string) *StoreEntryID {
	return &StoreEntryID{
		WrappedProviderUID: MailboxStoreProviderUID,
		WrappedType:        MailboxStoreType,
		ServerShortname:    serverShortname,
		MailboxDN:          mailboxDN,
	}
}

// NewPublicStoreEntryID returns the Store EntryID of the public folder store
// on a server ([MS-OXCDATA] 2.2.4.3), without a MailboxDN, which the document
// has only for mailboxes. SetV2Tail adds the server's DN and FQDN, as Outlook
// does.
func NewPublicStoreEntryID(serverShortname string) *StoreEntryID {
	return &StoreEntryID{
		WrappedProviderUID: PublicStoreProviderUID,
		WrappedType:        PublicStoreType,
		ServerShortname:    serverShortname,
	}
}

// NewStoreEntryIDV2 returns the v2 Store EntryID of a mailbox, which also
// carries the full DN and the FQDN of its server, so that a client can
// connect to the right server without a redirect. Its bytes are those
// Outlook writes (see SetV2Tail).
func NewStoreEntryIDV2(serverShortname, mailboxDN, serverDN, serverFQDN string) (*StoreEntryID, error) {
	e := NewStoreEntryID(serverShortname, mailboxDN)
	if err := e.SetV2Tail(serverDN, serverFQDN); err != nil {
		return nil, err
	}
	return e, nil
}

// NewStoreEntryIDV3 returns the v3 Store EntryID of a mailbox, which also
// carries its SMTP address. Its bytes are those Outlook writes (see
// SetV3Tail).
func NewStoreEntryIDV3(serverShortname, mailboxDN, smtpAddress string) (*StoreEntryID, error) {
	e := NewStoreEntryID(serverShortname, mailboxDN)
	if err := e.SetV3Tail(smtpAddress); err != nil {
		return nil, err
	}
	return e, nil
}
