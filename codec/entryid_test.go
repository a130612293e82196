package codec

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedDN is the mailbox of the scenario in seeds/001 (an MFCMAPI dump of a
// CreateStoreEntryID result).
const seedDN = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=Bart"

// seedEntryID is that EntryID, assembled by hand from the [MS-OXCDATA]
// 2.2.4.3 layout and the values the dump shows: abFlags 0, muidStoreWrap,
// version 0, flag 0, EMSMDB.DLL, wrapped flags 0, g_muidStorePrivate,
// WrappedType 0x0C, server Beta.
func seedEntryID(t *testing.T) []byte {
	t.Helper()
	h := strings.Join([]string{
		"00000000",                         // Flags
		"38A1BB1005E5101AA1BB08002B2A56C2", // ProviderUID {10BBA138-E505-1A10-A1BB-08002B2A56C2}
		"00", "00",                         // Version, Flag
		"454D534D44422E444C4C00000000",     // "EMSMDB.DLL", NUL, padding
		"00000000",                         // WrappedFlags
		"1B55FA20AA6611CD9BC800AA002FC45A", // {20FA551B-66AA-CD11-9BC8-00AA002FC45A}
		"0C000000",                         // WrappedType
		hex.EncodeToString([]byte("Beta\x00")),
		hex.EncodeToString([]byte(seedDN + "\x00")),
	}, "")
	b, err := hex.DecodeString(h)
	require.NoError(t, err)
	return b
}

func TestStoreEntryIDGolden(t *testing.T) {
	in := seedEntryID(t)
	e, n, err := DecodeStoreEntryID(in)
	require.NoError(t, err)
	assert.Equal(t, len(in), n)
	assert.Equal(t, MailboxStoreProviderUID, e.WrappedProviderUID)
	assert.Equal(t, "{20FA551B-66AA-CD11-9BC8-00AA002FC45A}", e.WrappedProviderUID.String())
	assert.Equal(t, MailboxStoreType, e.WrappedType)
	assert.Equal(t, "Beta", e.ServerShortname)
	assert.Equal(t, seedDN, e.MailboxDN)
	assert.Nil(t, e.Extension)
	tail, err := e.Tail()
	require.NoError(t, err)
	assert.Equal(t, 1, tail.Version)
	out, err := NewStoreEntryID("Beta", seedDN).MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, in, out, "NewStoreEntryID")
}

// outlookTails are the tails of the EntryIDs in storeentryid-outlook.txtar,
// as their sources show them (see the archive's comment).
var outlookTails = map[string]StoreEntryIDTail{
	"onpremises-v2": {Version: 2,
		ServerDN:   "/o=Piper & Marbury/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=BALTEXMBX03",
		ServerFQDN: "BALTEXMBX03.Piper.Root.Local"},
	"exchange2016-v3":    {Version: 3, SMTPAddress: "user1@exdev2016.local"},
	"exchange-online-v3": {Version: 3, SMTPAddress: "Tamas.Pasztor@verint.com"},
}

// TestStoreEntryIDOutlookWrites decodes Store EntryIDs that Outlook wrote,
// whose Size counts the reserved bytes (issue 15: Size 0xC1 for a 113-byte
// server DN and a 58-byte FQDN, 0x44 for a 50-byte SMTP address), and
// rebuilds each of them byte for byte from its strings. TestGolden checks
// their other fields.
func TestStoreEntryIDOutlookWrites(t *testing.T) {
	a := loadGolden(t, "storeentryid-outlook.txtar")
	require.Len(t, a.vectors(), len(outlookTails))
	for _, name := range a.vectors() {
		t.Run(name, func(t *testing.T) {
			in := a.hex(t, name+".hex")
			want, ok := outlookTails[name]
			require.True(t, ok, "no expected tail for %s", name)
			e, _, err := DecodeStoreEntryID(in)
			require.NoError(t, err)
			tail, err := e.Tail()
			require.NoError(t, err)
			assert.Equal(t, want, tail)
			size := int(e.Extension[4]) | int(e.Extension[5])<<8
			assert.Equal(t, len(e.Extension), size, "Size counts the whole tail")

			var rebuilt *StoreEntryID
			if tail.Version == 2 {
				rebuilt, err = NewStoreEntryIDV2(e.ServerShortname, e.MailboxDN, tail.ServerDN, tail.ServerFQDN)
			} else {
				rebuilt, err = NewStoreEntryIDV3(e.ServerShortname, e.MailboxDN, tail.SMTPAddress)
			}
			require.NoError(t, err)
			out, err := rebuilt.MarshalBinary()
			require.NoError(t, err)
			assert.Equal(t, in, out, "the builder writes what Outlook wrote")
		})
	}
	for _, tt := range []struct {
		name string
		size byte
	}{{"onpremises-v2", 0xC1}, {"exchange-online-v3", 0x44}} {
		e, _, err := DecodeStoreEntryID(a.hex(t, tt.name+".hex"))
		require.NoError(t, err)
		assert.Equal(t, tt.size, e.Extension[4], "%s: the issue's example", tt.name)
	}
}

// TestStoreEntryIDSizeReadings accepts a Size with the reserved bytes (what
// Outlook writes) and without them (the comments of MFCMAPI's structures),
// and nothing else.
func TestStoreEntryIDSizeReadings(t *testing.T) {
	for _, build := range []func() (*StoreEntryID, error){
		func() (*StoreEntryID, error) {
			return NewStoreEntryIDV2("Beta", seedDN, "/o=x/cn=BETA", "beta.example.com")
		},
		func() (*StoreEntryID, error) { return NewStoreEntryIDV3("Beta", seedDN, "bart@example.com") },
		func() (*StoreEntryID, error) {
			e := NewPublicStoreEntryID("PF1")
			return e, e.SetV2Tail("/o=x/cn=PF1", "pf1.example.com")
		},
	} {
		e, err := build()
		require.NoError(t, err)
		want, err := e.Tail()
		require.NoError(t, err)
		outlook := int(e.Extension[4])
		require.Equal(t, len(e.Extension), outlook)
		for _, tt := range []struct {
			size int
			ok   bool
		}{{outlook, true}, {outlook - 2, true}, {outlook - 1, false}, {outlook + 1, false}, {outlook - 3, false}, {0, false}} {
			c := *e
			c.Extension = bytes.Clone(e.Extension)
			c.Extension[4] = byte(tt.size)
			got, err := c.Tail()
			if tt.ok {
				assert.NoError(t, err, "Size %d of %d", tt.size, outlook)
				assert.Equal(t, want, got)
			} else {
				assert.ErrorIs(t, err, ErrSizeMismatch, "Size %d of %d", tt.size, outlook)
				var de *DecodeError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, "Size", de.Field)
			}
		}
	}
}

func TestStoreEntryIDPublic(t *testing.T) {
	e := NewPublicStoreEntryID("PF1")
	b, err := e.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, append(seedEntryID(t)[:40:40], append(PublicStoreProviderUID[:], 6, 0, 0, 0, 'P', 'F', '1', 0)...), b,
		"the [MS-OXCDATA] 2.2.4.3 fields up to ServerShortname, nothing after it")
	back, n, err := DecodeStoreEntryID(b)
	require.NoError(t, err)
	assert.Equal(t, len(b), n)
	assert.Equal(t, *e, back)

	// With a v2 tail right after ServerShortname, as in MFCMAPI's ENTRYID-31.
	require.NoError(t, e.SetV2Tail("/o=Org/cn=Servers/cn=PF1", "pf1.example.com"))
	b, err = e.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, []byte{'P', 'F', '1', 0, 0xD8, 0x35, 0x21, 0xF3}, b[60:68])
	back, _, err = DecodeStoreEntryID(b)
	require.NoError(t, err)
	assert.Equal(t, *e, back)
	tail, err := back.Tail()
	require.NoError(t, err)
	assert.Equal(t, StoreEntryIDTail{Version: 2, ServerDN: "/o=Org/cn=Servers/cn=PF1", ServerFQDN: "pf1.example.com"}, tail)

	// A public store that carries a MailboxDN keeps it, tail or not.
	e.MailboxDN = "/o=Org/cn=PF"
	b, err = e.MarshalBinary()
	require.NoError(t, err)
	back, _, err = DecodeStoreEntryID(b)
	require.NoError(t, err)
	assert.Equal(t, *e, back)

	// A mailbox store always has a MailboxDN: a tail right after
	// ServerShortname is read as one, and refused.
	m := *e
	m.WrappedProviderUID, m.WrappedType = MailboxStoreProviderUID, MailboxStoreType
	m.MailboxDN = ""
	b, err = m.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, byte(0), b[64], "the empty MailboxDN is written")
	b = append(b[:64:64], b[65:]...)
	_, _, err = DecodeStoreEntryID(b)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "MailboxDN", de.Field)
	assert.ErrorIs(t, err, ErrNotASCII)
}

// TestStoreEntryIDWrappedType: decoding keeps any WrappedType and names its
// bits; encoding keeps to the document's value for the store.
func TestStoreEntryIDWrappedType(t *testing.T) {
	in := seedEntryID(t)
	in[56] = 0x08 // as in MFCMAPI's ENTRYID-32
	e, _, err := DecodeStoreEntryID(in)
	require.NoError(t, err)
	assert.Equal(t, uint32(0x08), e.WrappedType)
	assert.Equal(t, OpenStoreTakeOwnership, e.WrappedTypeFlags())
	assert.Equal(t, "OPENSTORE_TAKE_OWNERSHIP", e.WrappedTypeFlags().String())
	assert.Equal(t, "OPENSTORE_HOME_LOGON|OPENSTORE_TAKE_OWNERSHIP", OpenStoreFlags(MailboxStoreType).String())
	assert.Equal(t, "OPENSTORE_PUBLIC|OPENSTORE_HOME_LOGON", OpenStoreFlags(PublicStoreType).String())
	assert.Equal(t, "OPENSTORE_XFOREST_MOVE|0x80000000", (OpenStoreXForestMove | 0x80000000).String())

	for _, tt := range []struct {
		uid GUID
		typ uint32
	}{{MailboxStoreProviderUID, 0x08}, {MailboxStoreProviderUID, PublicStoreType}, {PublicStoreProviderUID, MailboxStoreType}} {
		e := StoreEntryID{WrappedProviderUID: tt.uid, WrappedType: tt.typ, ServerShortname: "S", MailboxDN: "/o=x"}
		prefix := []byte{1, 2, 3}
		out, err := e.AppendBinary(prefix)
		var ee *EncodeError
		require.ErrorAs(t, err, &ee, "WrappedType 0x%X for %s", tt.typ, tt.uid)
		assert.Equal(t, "WrappedType", ee.Field)
		assert.ErrorIs(t, err, ErrUnexpectedValue)
		assert.Equal(t, prefix, out, "b comes back unchanged")
	}
}

func TestStoreEntryIDNotExchange(t *testing.T) {
	in := seedEntryID(t)
	copy(in[22:36], "mspst.dll\x00\x00\x00\x00\x00")
	_, _, err := DecodeStoreEntryID(in)
	assert.ErrorIs(t, err, ErrNotExchangeStore)
	assert.ErrorIs(t, err, ErrUnexpectedValue)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "DLLFileName", de.Field)
	assert.Equal(t, 22, de.Offset)
	assert.Contains(t, err.Error(), `"mspst.dll"`)
}

func TestStoreEntryIDBadInput(t *testing.T) {
	in := seedEntryID(t)
	mutate := func(off int, b byte) []byte {
		c := bytes.Clone(in)
		c[off] = b
		return c
	}
	tests := []struct {
		name  string
		in    []byte
		field string
		off   int
		want  error
	}{
		{"wrong provider", mutate(4, 0x39), "ProviderUID", 4, ErrUnexpectedValue},
		{"wrong DLL name", mutate(22, 'e'), "DLLFileName", 22, ErrUnexpectedValue},
		{"non-zero flags", mutate(0, 1), "Flags", 0, ErrUnexpectedValue},
		{"unknown wrapped provider", mutate(40, 0), "WrappedProviderUID", 40, ErrUnexpectedValue},
		{"truncated fixed part", in[:30], "DLLFileName", 22, io.ErrUnexpectedEOF},
		{"DN without NUL", in[:len(in)-1], "MailboxDN", 65, ErrMissingNUL},
		{"mailbox store without DN", in[:65], "MailboxDN", 65, ErrMissingNUL},
		{"public store with a DN without NUL", mutate(56, 0x06)[:len(in)-1], "MailboxDN", 65, ErrMissingNUL},
	}
	for _, tt := range tests {
		_, _, err := DecodeStoreEntryID(tt.in)
		var de *DecodeError
		if assert.ErrorAs(t, err, &de, tt.name) {
			assert.ErrorIs(t, err, tt.want, tt.name)
			assert.Equal(t, tt.field, de.Field, tt.name)
			assert.Equal(t, tt.off, de.Offset, tt.name)
		}
	}

	v2, err := NewStoreEntryIDV2("Beta", seedDN, "/o=x/cn=BETA", "beta.example.com")
	require.NoError(t, err)
	b, err := v2.MarshalBinary()
	require.NoError(t, err)
	base := len(in)
	for _, tt := range []struct {
		name string
		b    []byte
		want error
	}{
		{"tail cut in its header", b[:base+10], ErrTruncatedEntryID},
		{"tail cut in the FQDN", b[:base+20+13+5], ErrTruncatedEntryID},
		{"tail without reserved bytes", b[:len(b)-2], ErrTruncatedEntryID},
		{"bytes after the reserved ones", append(bytes.Clone(b), 0), ErrTrailingBytes},
		{"unknown magic", append(bytes.Clone(in), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), ErrUnexpectedValue},
	} {
		var e StoreEntryID
		require.NoError(t, e.UnmarshalBinary(tt.b), tt.name)
		_, err := e.Tail()
		assert.ErrorIs(t, err, tt.want, tt.name)
	}
	// Reserved bytes missing under a Size that does not count them.
	short := bytes.Clone(b[:len(b)-2])
	short[base+4] -= 2
	var e StoreEntryID
	require.NoError(t, e.UnmarshalBinary(short))
	_, err = e.Tail()
	assert.ErrorIs(t, err, ErrTruncatedEntryID)

	bad := bytes.Clone(b)
	bad[base+12] = 21 // OffsetDN one past where the DN starts
	require.NoError(t, e.UnmarshalBinary(bad))
	tail, err := e.Tail()
	assert.ErrorIs(t, err, ErrSizeMismatch, "wrong OffsetDN")
	assert.Equal(t, "/o=x/cn=BETA", tail.ServerDN, "the strings are read as MFCMAPI reads them")
	assert.Equal(t, "beta.example.com", tail.ServerFQDN)

	_, err = NewStoreEntryIDV3("Beta", seedDN, "a\x00b")
	assert.ErrorIs(t, err, ErrEmbeddedNUL)
	_, err = NewStoreEntryIDV3("Beta", seedDN, "\xff")
	assert.ErrorIs(t, err, ErrNotUTF8)
	pub := NewPublicStoreEntryID("PF1")
	assert.ErrorIs(t, pub.SetV2Tail("/o=\x80", "pf1"), ErrNotASCII)
	assert.Nil(t, pub.Extension, "a failed SetV2Tail leaves e unchanged")
}

func FuzzStoreEntryID(f *testing.F) {
	f.Add(seedEntryIDBytes())
	v2, _ := NewStoreEntryIDV2("Beta", seedDN, "/o=x/cn=BETA", "beta.example.com")
	b2, _ := v2.MarshalBinary()
	f.Add(b2)
	v3, _ := NewStoreEntryIDV3("Beta", seedDN, "bart@example.com")
	b3, _ := v3.MarshalBinary()
	f.Add(b3)
	f.Add(b2[:len(b2)-5])
	pub := NewPublicStoreEntryID("PF1")
	bp, _ := pub.MarshalBinary()
	f.Add(bp)
	_ = pub.SetV2Tail("/o=x/cn=PF1", "pf1.example.com")
	bp2, _ := pub.MarshalBinary()
	f.Add(bp2)
	f.Fuzz(func(t *testing.T, in []byte) {
		e, n, err := DecodeStoreEntryID(in)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Offset < 0 || de.Offset > len(in) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if n != len(in) {
			t.Fatalf("used %d of %d bytes, but Extension runs to the end", n, len(in))
		}
		tail, terr := e.Tail()
		out, err := e.MarshalBinary()
		if err != nil {
			var ee *EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("encode: %v", err)
			}
			return
		}
		again, _, err := DecodeStoreEntryID(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !equalStoreEntryID(e, again) {
			t.Fatalf("decoded %+v, then %+v", e, again)
		}
		tail2, terr2 := again.Tail()
		if (terr == nil) != (terr2 == nil) || tail != tail2 {
			t.Fatalf("tail %+v %v, then %+v %v", tail, terr, tail2, terr2)
		}
	})
}

// equalStoreEntryID compares two EntryIDs, an empty Extension as nil.
func equalStoreEntryID(a, b StoreEntryID) bool {
	return a.WrappedProviderUID == b.WrappedProviderUID && a.WrappedType == b.WrappedType &&
		a.ServerShortname == b.ServerShortname && a.MailboxDN == b.MailboxDN && bytes.Equal(a.Extension, b.Extension)
}

// seedEntryIDBytes is seedEntryID for fuzz seeds, where no *testing.T is at hand.
func seedEntryIDBytes() []byte {
	b, _ := NewStoreEntryID("Beta", seedDN).MarshalBinary()
	return b
}
