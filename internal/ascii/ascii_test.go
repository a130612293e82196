package ascii

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// Every byte: the 26 capitals fold to their small letters (as the unicode
// package has them), every other byte is left alone, 0x80 and above
// included.
func TestLowerByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := byte(c)
		if c < 0x80 && unicode.IsUpper(rune(c)) {
			want = byte(unicode.ToLower(rune(c)))
		}
		assert.Equal(t, want, LowerByte(byte(c)), "byte 0x%02X", c)
	}
	assert.Equal(t, "ecwrongserver_0x478 \xc3\x89", Lower("ecWrongServer_0X478 \xc3\x89"), "É (UTF-8) is not ASCII")
}

func TestCompareFold(t *testing.T) {
	tests := []struct {
		a, b string
		want int // the sign
	}{
		{"", "", 0},
		{"ecWrongServer", "ECWRONGSERVER", 0},
		{"E_FAIL", "e_fail", 0},
		{"a", "B", -1},
		{"B", "a", 1},
		{"ab", "ABC", -1},  // a prefix sorts first
		{"a_b", "aZb", -1}, // '_' (0x5F) is below 'z' (0x7A), though above 'Z' (0x5A)
		{"[", "a", -1},     // '[' (0x5B) is below 'a': folding is to lower case
		{"\u212a", "k", 1}, // the Kelvin sign is not folded
		{"\xc3\x89", "\xc3\xa9", -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sign(CompareFold(tt.a, tt.b)), "CompareFold(%q, %q)", tt.a, tt.b)
		assert.Equal(t, -tt.want, sign(CompareFold(tt.b, tt.a)), "CompareFold(%q, %q)", tt.b, tt.a)
		assert.Equal(t, tt.want == 0, EqualFold(tt.a, tt.b), "EqualFold(%q, %q)", tt.a, tt.b)
	}
}

// CompareFold orders as Lower does, and EqualFold agrees with it; on ASCII
// input EqualFold is strings.EqualFold.
func FuzzCompareFold(f *testing.F) {
	f.Add("ecWrongServer", "ECWRONGSERVER")
	f.Add("a_b", "aZb")
	f.Add("\u212a", "k")
	f.Fuzz(func(t *testing.T, a, b string) {
		c := CompareFold(a, b)
		if want := strings.Compare(Lower(a), Lower(b)); sign(c) != want {
			t.Fatalf("CompareFold(%q, %q) = %d, Lower compares %d", a, b, c, want)
		}
		if EqualFold(a, b) != (c == 0) {
			t.Fatalf("EqualFold(%q, %q) = %v, CompareFold %d", a, b, EqualFold(a, b), c)
		}
		if isASCII(a) && isASCII(b) && EqualFold(a, b) != strings.EqualFold(a, b) {
			t.Fatalf("EqualFold(%q, %q) = %v, strings.EqualFold disagrees", a, b, EqualFold(a, b))
		}
	})
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
