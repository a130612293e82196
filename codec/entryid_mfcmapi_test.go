package codec

import (
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// mfcmapiArchive holds the store EntryIDs of MFCMAPI's published SmartView
// test data and the fields MFCMAPI shows for each (see its comment for the
// source).
const mfcmapiArchive = "testdata/storeentryid-mfcmapi.txtar"

// mfcmapiData returns the archive's EntryIDs by number, and the fields of
// each as MFCMAPI shows them ("V2." or "V3." before the fields of a tail).
func mfcmapiData(t *testing.T) (entryIDs map[int][]byte, fields map[int]map[string]string) {
	t.Helper()
	ar, err := txtar.ParseFile(mfcmapiArchive)
	require.NoError(t, err)
	entryIDs, fields = map[int][]byte{}, map[int]map[string]string{}
	for _, f := range ar.Files {
		name, kind, _ := strings.Cut(f.Name, ".")
		num, err := strconv.Atoi(name)
		require.NoError(t, err, f.Name)
		switch kind {
		case "hex":
			b, err := hex.DecodeString(strings.Join(strings.Fields(string(f.Data)), ""))
			require.NoError(t, err, f.Name)
			entryIDs[num] = b
		case "fields":
			m := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				k, v, ok := strings.Cut(line, ": ")
				if !ok {
					k, ok = strings.CutSuffix(line, ":")
				}
				require.True(t, ok, "%s: %q", f.Name, line)
				m[k] = v
			}
			fields[num] = m
		default:
			t.Fatalf("%s: want N.hex or N.fields", f.Name)
		}
	}
	require.Equal(t, len(entryIDs), len(fields), "a fields file for each EntryID")
	return entryIDs, fields
}

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
	entryIDs, fields := mfcmapiData(t)
	require.Len(t, entryIDs, 12, "the 12 store EntryIDs of MFCMAPI's test data")
	for _, num := range slices.Sorted(maps.Keys(entryIDs)) {
		b := entryIDs[num]
		t.Run(strconv.Itoa(num), func(t *testing.T) {
			want := fields[num]
			require.NotNil(t, want)
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
	entryIDs, _ := mfcmapiData(t)
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
		assert.Equal(t, entryIDs[tt.num], out, "ENTRYID-%d", tt.num)
	}
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
