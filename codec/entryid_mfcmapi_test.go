package codec

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mfcmapiDir holds MFCMAPI's published SmartView test data for the store
// EntryIDs (see its README.md for source and licence).
const mfcmapiDir = "../testdata/mfcmapi-smartview"

// mfcmapiAnonymised lists the inputs whose tail no longer agrees with its own
// Size or offsets: their server and user names were replaced by shorter
// ones when the data was anonymised. MFCMAPI ignores Size and reads the
// strings one after the other, so it shows them all the same; Tail reads
// them the same way and reports the disagreement as ErrSizeMismatch.
var mfcmapiAnonymised = map[int]string{
	30: "Size 0x83; the header, the server DN and the reserved bytes take 124",
	31: "OffsetFQDN 0x82, but the server DN ends at 122; Size 0xD8, the tail takes 196",
	32: "OffsetFQDN 0x93, but the server DN ends at 141; the reserved bytes are missing",
	38: "Size 0x40; the header, the address and the reserved bytes take 62",
}

// TestStoreEntryIDMFCMAPI decodes every store EntryID of MFCMAPI's SmartView
// test data and compares each field with what MFCMAPI prints for it.
func TestStoreEntryIDMFCMAPI(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join(mfcmapiDir, "In", "ENTRYID-*.dat"))
	require.NoError(t, err)
	require.Len(t, ins, 12, "the 12 store EntryIDs of MFCMAPI's test data")
	for _, in := range ins {
		num, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(in), "ENTRYID-"), ".dat"))
		require.NoError(t, err)
		t.Run(strconv.Itoa(num), func(t *testing.T) {
			b := mfcmapiHex(t, in)
			want := mfcmapiParse(t, filepath.Join(mfcmapiDir, "Out", fmt.Sprintf("ENTRYID-out-%d.dat", num)))
			require.Equal(t, "{10BBA138-E505-1A10-A1BB-08002B2A56C2} = muidStoreWrap", want["Provider GUID"])

			e, n, err := DecodeStoreEntryID(b)
			if want["DLLFileName"] != "EMSMDB.DLL" {
				assert.ErrorIs(t, err, ErrNotExchangeStore, "DLLFileName %s", want["DLLFileName"])
				assert.Contains(t, err.Error(), strconv.Quote(want["DLLFileName"]))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, len(b), n)
			assert.Equal(t, want["WrappedProviderUID"], mfcmapiGUID(e.WrappedProviderUID))
			assert.Equal(t, want["WrappedType"], fmt.Sprintf("0x%08X = %s", e.WrappedType,
				strings.ReplaceAll(e.WrappedTypeFlags().String(), "|", " | ")))
			assert.Equal(t, want["ServerShortname"], e.ServerShortname)
			assert.Equal(t, want["MailboxDN"], e.MailboxDN)

			tail, terr := e.Tail()
			switch {
			case want["V2.Magic"] != "":
				assert.Equal(t, "0xF32135D8 = MDB_STORE_EID_V2_MAGIC", want["V2.Magic"])
				h, _, err := DecodeStoreEntryIDV2Header(e.Extension)
				require.NoError(t, err)
				assert.Equal(t, want["V2.Size"], fmt.Sprintf("0x%08X = %d", h.Size, h.Size))
				assert.Equal(t, want["V2.OffsetDN"], fmt.Sprintf("0x%08X", h.OffsetDN))
				assert.Equal(t, want["V2.OffsetFQDN"], fmt.Sprintf("0x%08X", h.OffsetFQDN))
				assert.Equal(t, 2, tail.Version)
				assert.Equal(t, want["V2.DN"], tail.ServerDN)
				assert.Equal(t, want["V2.FQDN"], tail.ServerFQDN)
			case want["V3.Magic"] != "":
				assert.Equal(t, "0xF43246E9 = MDB_STORE_EID_V3_MAGIC", want["V3.Magic"])
				h, _, err := DecodeStoreEntryIDV3Header(e.Extension)
				require.NoError(t, err)
				assert.Equal(t, want["V3.Size"], fmt.Sprintf("0x%08X = %d", h.Size, h.Size))
				assert.Equal(t, want["V3.OffsetSmtpAddress"], fmt.Sprintf("0x%08X", h.OffsetSmtpAddress))
				assert.Equal(t, 3, tail.Version)
				assert.Equal(t, want["V3.SmtpAddress"], tail.SMTPAddress)
			default:
				assert.Equal(t, StoreEntryIDTail{Version: 1}, tail)
			}
			if why, ok := mfcmapiAnonymised[num]; ok {
				assert.ErrorIs(t, terr, ErrSizeMismatch, "anonymised: %s", why)
			} else {
				assert.NoError(t, terr)
			}

			// Encoding gives the same bytes back where WrappedType is the
			// document's value for the store; ENTRYID-32 (0x08) is refused.
			out, err := e.MarshalBinary()
			if e.WrappedType == 0x08 {
				assert.ErrorIs(t, err, ErrUnexpectedValue)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, b, out)
		})
	}
}

// TestStoreEntryIDBuildersMFCMAPI builds the EntryIDs of MFCMAPI's test data
// that have no anonymised tail from their fields, byte for byte.
func TestStoreEntryIDBuildersMFCMAPI(t *testing.T) {
	for _, tt := range []struct {
		num   int
		build func() *StoreEntryID
	}{
		{1, func() *StoreEntryID {
			return NewStoreEntryID("BOOEX2K7", "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=Administrator")
		}},
		{6, func() *StoreEntryID { return NewPublicStoreEntryID("SERVER102") }},
		{7, func() *StoreEntryID { return NewPublicStoreEntryID("BOOEX2K7") }},
		{34, func() *StoreEntryID {
			e := NewPublicStoreEntryID("SERVER101")
			e.MailboxDN = "/o=microsoft/ou=something/cn=Recipients/cn=12345"
			return e
		}},
	} {
		out, err := tt.build().MarshalBinary()
		require.NoError(t, err)
		assert.Equal(t, mfcmapiHex(t, filepath.Join(mfcmapiDir, "In", fmt.Sprintf("ENTRYID-%d.dat", tt.num))), out, "ENTRYID-%d", tt.num)
	}
}

// mfcmapiHex reads an input of MFCMAPI's test data: hex digits, with line
// breaks, spaces and dashes between them, in ASCII or UTF-16LE with a BOM.
func mfcmapiHex(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := mfcmapiText(data)
	var digits strings.Builder
	for _, c := range text {
		switch {
		case strings.ContainsRune("0123456789abcdefABCDEF", c):
			digits.WriteRune(c)
		case !strings.ContainsRune(" \t\r\n-", c):
			t.Fatalf("%s: unexpected character %q", path, c)
		}
	}
	b, err := hex.DecodeString(digits.String())
	require.NoError(t, err, path)
	return b
}

// mfcmapiText decodes a test data file, in ASCII or UTF-16LE with a BOM.
func mfcmapiText(data []byte) string {
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xFE {
		return string(data)
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
	}
	return string(utf16.Decode(units))
}

// mfcmapiParse reads MFCMAPI's parse of an EntryID: "Name = value" lines,
// those under a "Store Entry ID V2" or "V3" line prefixed with V2. or V3.
func mfcmapiParse(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[string]string{}
	prefix := ""
	for _, line := range strings.Split(mfcmapiText(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "MAPI Message Store Entry ID V2":
			prefix = "V2."
		case line == "MAPI Message Store Entry ID V3":
			prefix = "V3."
		}
		key, val, ok := strings.Cut(line, " = ")
		if !ok {
			if k, empty := strings.CutSuffix(line, " ="); empty {
				key, ok = k, true
			}
		}
		if ok {
			out[prefix+key] = val
		}
	}
	require.NotEmpty(t, out, path)
	return out
}

// mfcmapiGUID prints a wrapped provider UID as MFCMAPI does, with its name.
func mfcmapiGUID(g GUID) string {
	switch g {
	case MailboxStoreProviderUID:
		return g.String() + " = g_muidStorePrivate"
	case PublicStoreProviderUID:
		return g.String() + " = g_muidStorePublic"
	}
	return g.String()
}
