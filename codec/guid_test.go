package codec

import (
	"errors"
	"strings"
	"testing"
)

// muidStoreWrap as printed by MFCMAPI (seed 001) and as it lies on the wire.
var (
	muidStoreWrapText = "{10BBA138-E505-1A10-A1BB-08002B2A56C2}"
	muidStoreWrap     = GUID{0x38, 0xA1, 0xBB, 0x10, 0x05, 0xE5, 0x10, 0x1A, 0xA1, 0xBB, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2}
)

func TestGUIDGolden(t *testing.T) {
	if got := muidStoreWrap.String(); got != muidStoreWrapText {
		t.Errorf("String() = %s, want %s", got, muidStoreWrapText)
	}
	g, err := ParseGUID(muidStoreWrapText)
	if err != nil || g != muidStoreWrap {
		t.Errorf("ParseGUID = % X, %v, want % X", g[:], err, muidStoreWrap[:])
	}
	// g_muidStorePrivate from the same entry ID.
	g, err = ParseGUID("{20FA551B-66AA-CD11-9BC8-00AA002FC45A}")
	want := GUID{0x1B, 0x55, 0xFA, 0x20, 0xAA, 0x66, 0x11, 0xCD, 0x9B, 0xC8, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A}
	if err != nil || g != want {
		t.Errorf("ParseGUID = % X, %v, want % X", g[:], err, want[:])
	}
	// Read from a buffer, as a decoder sees it.
	r := testReader(muidStoreWrap[:], "RopTest", nil)
	p, _, err := r.field(16, "ProviderUID")
	if err != nil || GUID(p).String() != muidStoreWrapText {
		t.Errorf("field(16) = % X, %v", p, err)
	}
}

func TestParseGUIDForms(t *testing.T) {
	for _, s := range []string{
		"{10BBA138-E505-1A10-A1BB-08002B2A56C2}",
		"10BBA138-E505-1A10-A1BB-08002B2A56C2",
		"{10bba138-e505-1a10-a1bb-08002b2a56c2}",
		"10bba138-E505-1a10-A1bb-08002B2a56c2",
	} {
		g, err := ParseGUID(s)
		if err != nil || g != muidStoreWrap {
			t.Errorf("ParseGUID(%q) = %v, %v", s, g, err)
		}
	}
}

func TestParseGUIDErrors(t *testing.T) {
	for _, s := range []string{
		"",
		"{}",
		"10BBA138-E505-1A10-A1BB-08002B2A56C",    // short
		"10BBA138-E505-1A10-A1BB-08002B2A56C2A",  // long
		"{10BBA138-E505-1A10-A1BB-08002B2A56C2",  // one brace
		"10BBA138-E505-1A10-A1BB-08002B2A56C2}",  // one brace
		"(10BBA138-E505-1A10-A1BB-08002B2A56C2)", // wrong brackets
		"{{10BBA138-E505-1A10-A1BB-08002B2A56C}", // brace inside
		"10BBA138E505-1A10-A1BB-08002B2A56C2-",   // hyphen moved
		"10BBA138-E5051A10-A1BB--08002B2A56C2",   // hyphen moved
		"10BBA13G-E505-1A10-A1BB-08002B2A56C2",   // not hex
		"10BBA138-E505-1A10-A1BB-08002B2A56 2",   // space
		"+0BBA138-E505-1A10-A1BB-08002B2A56C2",   // sign
		"10BBA138-E505-1A10-A1BB-08002B2A56C\xff",
		"10BBA138 E505 1A10 A1BB 08002B2A56C2",
		"10BBA138E5051A10A1BB08002B2A56C2", // no hyphens
		strings.Repeat("A", 100),
	} {
		g, err := ParseGUID(s)
		if err == nil {
			t.Errorf("ParseGUID(%q) = %v, want error", s, g)
			continue
		}
		if !errors.Is(err, ErrInvalidGUID) {
			t.Errorf("ParseGUID(%q): %v does not wrap ErrInvalidGUID", s, err)
		}
		if g != (GUID{}) {
			t.Errorf("ParseGUID(%q) returned non-zero GUID %v with error", s, g)
		}
		if len(err.Error()) > 120 {
			t.Errorf("error too long: %q", err.Error())
		}
	}
	_, err := ParseGUID("nope")
	if want := `codec: invalid GUID syntax: "nope"`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestGUIDRoundTrip(t *testing.T) {
	guids := []GUID{{}, muidStoreWrap}
	var all GUID
	for i := range all {
		all[i] = 0xFF
	}
	guids = append(guids, all)
	var seq GUID
	for i := range seq {
		seq[i] = byte(i*17 + 3)
	}
	guids = append(guids, seq)
	for _, g := range guids {
		s := g.String()
		if len(s) != 38 || s != strings.ToUpper(s) {
			t.Errorf("String() = %q", s)
		}
		back, err := ParseGUID(s)
		if err != nil || back != g {
			t.Errorf("ParseGUID(%s) = %v, %v", s, back, err)
		}
		back, err = ParseGUID(strings.ToLower(s[1:37]))
		if err != nil || back != g {
			t.Errorf("ParseGUID(lower bare %s) = %v, %v", s, back, err)
		}
	}
	if got := (GUID{}).String(); got != "{00000000-0000-0000-0000-000000000000}" {
		t.Errorf("zero GUID = %s", got)
	}
}

// FuzzParseGUID checks that ParseGUID never panics and that what it accepts
// prints back as the same GUID in canonical form.
func FuzzParseGUID(f *testing.F) {
	f.Add(muidStoreWrapText)
	f.Add("10bba138-e505-1a10-a1bb-08002b2a56c2")
	f.Add("{20FA551B-66AA-CD11-9BC8-00AA002FC45A}")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGUID(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidGUID) {
				t.Fatalf("error %v does not wrap ErrInvalidGUID", err)
			}
			return
		}
		c := g.String()
		if !strings.EqualFold(strings.Trim(s, "{}"), strings.Trim(c, "{}")) {
			t.Fatalf("ParseGUID(%q).String() = %q", s, c)
		}
		if g2, err := ParseGUID(c); err != nil || g2 != g {
			t.Fatalf("round trip %q: %v, %v", c, g2, err)
		}
	})
}
