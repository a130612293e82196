package logon

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

const bartDN = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=Bart"

func TestParseDN(t *testing.T) {
	dn, err := ParseDN(bartDN)
	require.NoError(t, err)
	want := DN{
		{"o", "First Organization"},
		{"ou", "Exchange Administrative Group (FYDIBOHF23SPDLT)"},
		{"cn", "Recipients"},
		{"cn", "Bart"},
	}
	require.Equal(t, want, dn, "ParseDN")
	if dn.String() != bartDN {
		t.Fatalf("String = %q, want the input back", dn.String())
	}
	if v, ok := dn.Last("CN"); !ok || v != "Bart" {
		t.Fatalf("Last(CN) = %q, %v", v, ok)
	}
	if _, ok := dn.Last("dc"); ok {
		t.Fatal("Last(dc) found a part")
	}
	// A value may hold '=' and may be empty.
	if dn, err := ParseDN("/cn=a=b/cn="); err != nil || dn[0].Value != "a=b" || dn[1].Value != "" {
		t.Fatalf("ParseDN(/cn=a=b/cn=) = %#v, %v", dn, err)
	}
}

func TestParseDNRejects(t *testing.T) {
	for _, s := range []string{
		"",                  // empty input
		"o=Org/cn=Bart",     // no leading '/'
		"/",                 // an empty part
		"/o=Org//cn=Bart",   // an empty part in the middle
		"/o=Org/cn=Bart/",   // a trailing '/'
		"/o=Org/Recipients", // a part without '='
		"/=Org",             // an empty type
	} {
		if dn, err := ParseDN(s); !errors.Is(err, ErrInvalidDN) {
			t.Errorf("ParseDN(%q) = %v, %v; want ErrInvalidDN", s, dn, err)
		}
	}
}

func TestEqualDN(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{bartDN, bartDN, true},
		{bartDN, "/O=FIRST ORGANIZATION/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=BART", true},
		{bartDN, bartDN + "x", false},
		{"/cn=Bart", "/cn=Bert", false},
		{"/cn=\xc3\x89", "/cn=\xc3\xa9", false}, // only ASCII letters fold
		{"", "", true},
	}
	for _, tt := range tests {
		if got := EqualDN(tt.a, tt.b); got != tt.want {
			t.Errorf("EqualDN(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
	if n := testing.AllocsPerRun(100, func() { EqualDN(bartDN, bartDN) }); n != 0 {
		t.Errorf("EqualDN allocates %v times", n)
	}
}

func TestTrimPrivateMDB(t *testing.T) {
	tests := []struct{ in, want string }{
		{betaDN + "/cn=Microsoft Private MDB", betaDN},
		{betaDN + "/CN=MICROSOFT PRIVATE MDB", betaDN},
		{betaDN, betaDN},
		{betaDN + "/cn=Microsoft Public MDB", betaDN + "/cn=Microsoft Public MDB"},
		{"/cn=Microsoft Private MDB", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := TrimPrivateMDB(tt.in); got != tt.want {
			t.Errorf("TrimPrivateMDB(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestServerShortName(t *testing.T) {
	tests := []struct{ in, want string }{
		{betaDN, "BETA"},
		{betaDN + PrivateMDBSuffix, "BETA"},
		{"/o=Org/ou=Site/CN=Configuration/CN=Servers/CN=alpha", "alpha"},
		{"BETA", "BETA"}, // already a short name
		{"/o=Org/ou=Site", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ServerShortName(tt.in); got != tt.want {
			t.Errorf("ServerShortName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAppendFolded: every byte value, at every position of a word and in
// the tail, folds as ascii.LowerByte says: A-Z to a-z, nothing else changed.
func TestAppendFolded(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 19; pos++ {
			in := []byte("/o=Org/ou=Site/cn=X")
			in[pos] = byte(c)
			want := make([]byte, len(in))
			for i, x := range in {
				want[i] = ascii.LowerByte(x)
			}
			got := appendFolded([]byte("pre"), string(in))
			if string(got) != "pre"+string(want) {
				t.Fatalf("byte %#x at %d: %q, want %q", c, pos, got[3:], want)
			}
		}
	}
}
