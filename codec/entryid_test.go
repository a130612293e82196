package codec

import (
	"bytes"
	"encoding/hex"
	stderrors "errors"
	"io"
	"strings"
	"testing"
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
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestStoreEntryIDGolden(t *testing.T) {
	in := seedEntryID(t)
	e, n, err := DecodeStoreEntryID(in)
	if err != nil || n != len(in) {
		t.Fatalf("decode: %v, %d of %d bytes", err, n, len(in))
	}
	if e.WrappedProviderUID != MailboxStoreProviderUID || e.WrappedProviderUID.String() != "{20FA551B-66AA-CD11-9BC8-00AA002FC45A}" ||
		e.WrappedType != MailboxStoreType || e.ServerShortname != "Beta" || e.MailboxDN != seedDN || e.Extension != nil {
		t.Errorf("decoded %+v", e)
	}
	if tail, err := e.Tail(); err != nil || tail.Version != 1 {
		t.Errorf("Tail() = %+v, %v", tail, err)
	}
	out, err := NewStoreEntryID("Beta", seedDN).MarshalBinary()
	if err != nil || !bytes.Equal(out, in) {
		t.Errorf("NewStoreEntryID encodes\n% X\nwant\n% X (%v)", out, in, err)
	}
}

func TestStoreEntryIDV2V3(t *testing.T) {
	const serverDN = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=BETA"
	v2, err := NewStoreEntryIDV2("Beta", seedDN, serverDN, "beta.example.com")
	if err != nil {
		t.Fatal(err)
	}
	b, err := v2.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// the tail: magic, size, version, offsets, then the strings and two reserved bytes
	ext := b[len(seedEntryID(t)):]
	wantSize := 20 + len(serverDN) + 1 + 2*(len("beta.example.com")+1)
	if !bytes.Equal(ext[:4], []byte{0xD8, 0x35, 0x21, 0xF3}) || int(ext[4])|int(ext[5])<<8 != wantSize || ext[8] != 1 ||
		ext[12] != 20 || int(ext[16])|int(ext[17])<<8 != 20+len(serverDN)+1 || len(ext) != wantSize+2 {
		t.Errorf("v2 tail % X", ext[:20])
	}
	var back StoreEntryID
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	tail, err := back.Tail()
	if err != nil || tail.Version != 2 || tail.ServerDN != serverDN || tail.ServerFQDN != "beta.example.com" {
		t.Errorf("v2 Tail() = %+v, %v", tail, err)
	}
	v3, err := NewStoreEntryIDV3("Beta", seedDN, "bärt@example.com")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = v3.MarshalBinary()
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if tail, err := back.Tail(); err != nil || tail.Version != 3 || tail.SMTPAddress != "bärt@example.com" {
		t.Errorf("v3 Tail() = %+v, %v", tail, err)
	}
}

func TestStoreEntryIDBadInput(t *testing.T) {
	in := seedEntryID(t)
	mutate := func(off int, b byte) []byte {
		c := append([]byte(nil), in...)
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
		{"unknown wrapped type", mutate(56, 0x0D), "WrappedType", 56, ErrUnexpectedValue},
		{"truncated fixed part", in[:30], "DLLFileName", 22, io.ErrUnexpectedEOF},
		{"DN without NUL", in[:len(in)-1], "MailboxDN", 65, ErrMissingNUL},
	}
	for _, tt := range tests {
		_, _, err := DecodeStoreEntryID(tt.in)
		var de *DecodeError
		if !stderrors.As(err, &de) || !stderrors.Is(err, tt.want) || de.Field != tt.field || de.Offset != tt.off {
			t.Errorf("%s: %v, want %v at %s offset %d", tt.name, err, tt.want, tt.field, tt.off)
		}
	}

	v2, _ := NewStoreEntryIDV2("Beta", seedDN, "/o=x/cn=BETA", "beta.example.com")
	b, _ := v2.MarshalBinary()
	base := len(in)
	for _, tt := range []struct {
		name string
		b    []byte
		want error
	}{
		{"tail cut in its header", b[:base+10], ErrTruncatedEntryID},
		{"tail cut in the FQDN", b[:base+20+13+5], ErrTruncatedEntryID},
		{"tail without reserved bytes", b[:len(b)-2], ErrTruncatedEntryID},
		{"bytes after the reserved ones", append(append([]byte(nil), b...), 0), ErrTrailingBytes},
		{"unknown magic", append(append([]byte(nil), in...), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), ErrUnexpectedValue},
	} {
		var e StoreEntryID
		if err := e.UnmarshalBinary(tt.b); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if _, err := e.Tail(); !stderrors.Is(err, tt.want) {
			t.Errorf("%s: Tail() error %v, want %v", tt.name, err, tt.want)
		}
	}
	bad := append([]byte(nil), b...)
	bad[base+12] = 21 // OffsetDN one past where the DN starts
	var e StoreEntryID
	_ = e.UnmarshalBinary(bad)
	if _, err := e.Tail(); !stderrors.Is(err, ErrSizeMismatch) {
		t.Errorf("wrong OffsetDN: %v", err)
	}
	if _, err := NewStoreEntryIDV3("Beta", seedDN, "a\x00b"); !stderrors.Is(err, ErrEmbeddedNUL) {
		t.Errorf("NUL in SMTP address: %v", err)
	}
	if _, err := NewStoreEntryIDV3("Beta", seedDN, "\xff"); !stderrors.Is(err, ErrNotUTF8) {
		t.Errorf("invalid UTF-8: %v", err)
	}
}

func FuzzStoreEntryID(f *testing.F) {
	base := seedEntryIDBytes()
	f.Add(base)
	v2, _ := NewStoreEntryIDV2("Beta", seedDN, "/o=x/cn=BETA", "beta.example.com")
	b2, _ := v2.MarshalBinary()
	f.Add(b2)
	v3, _ := NewStoreEntryIDV3("Beta", seedDN, "bart@example.com")
	b3, _ := v3.MarshalBinary()
	f.Add(b3)
	f.Add(b2[:len(b2)-5])
	f.Fuzz(func(t *testing.T, in []byte) {
		e, n, err := DecodeStoreEntryID(in)
		if err != nil {
			var de *DecodeError
			if !stderrors.As(err, &de) || de.Offset < 0 || de.Offset > len(in) {
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
			if !stderrors.As(err, &ee) {
				t.Fatalf("encode: %v", err)
			}
			return
		}
		again, _, err := DecodeStoreEntryID(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		tail2, terr2 := again.Tail()
		if (terr == nil) != (terr2 == nil) || tail != tail2 {
			t.Fatalf("tail %+v %v, then %+v %v", tail, terr, tail2, terr2)
		}
	})
}

// seedEntryIDBytes is seedEntryID for fuzz seeds, where no *testing.T is at hand.
func seedEntryIDBytes() []byte {
	b, _ := NewStoreEntryID("Beta", seedDN).MarshalBinary()
	return b
}
