package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// The number rules of lookup: a leading zero is never octal; bare digits
// valid as decimal and as hex are read both ways, labelled; digits with a-f
// are hex; a sign makes a 32-bit two's complement decimal.
func TestParseReadings(t *testing.T) {
	tests := []struct {
		in   string
		want []numReading
		err  string
	}{
		{"010", []numReading{{10, "decimal"}, {0x10, "hex"}}, ""},
		{"00478", []numReading{{478, "decimal"}, {0x478, "hex"}}, ""},
		{"80040111", []numReading{{80040111, "decimal"}, {0x80040111, "hex"}}, ""},
		{"1722", []numReading{{1722, "decimal"}, {0x1722, "hex"}}, ""},
		{"7", []numReading{{7, ""}}, ""},                   // the same value both ways
		{"00", []numReading{{0, ""}}, ""},                  // likewise
		{"4294967295", []numReading{{0xFFFFFFFF, ""}}, ""}, // hex 0x4294967295 does not fit
		{"800706BA", []numReading{{0x800706BA, ""}}, ""},
		{"8004010f", []numReading{{0x8004010F, ""}}, ""},
		{"0x478", []numReading{{0x478, ""}}, ""},
		{"0X800706ba", []numReading{{0x800706BA, ""}}, ""},
		{"-2147023174", []numReading{{0x800706BA, ""}}, ""},
		{"-1", []numReading{{0xFFFFFFFF, ""}}, ""},
		{"+1722", []numReading{{1722, ""}}, ""},
		{"-2147483649", nil, "does not fit in 32 bits"},
		{"123456789012", nil, "does not fit in 32 bits"},
		{"0x100000000", nil, "does not fit in 32 bits"},
		{"0x", nil, "is not a hex number"},
		{"0xg", nil, "is not a hex number"},
		{"-0x10", nil, "a hex value takes no sign"},
		{"12g", nil, "is not a number"},
		{"-12a", nil, "is not a decimal number"},
	}
	for _, tt := range tests {
		got, isNum, err := parseReadings(tt.in)
		assert.True(t, isNum, tt.in)
		if tt.err != "" {
			if assert.Error(t, err, tt.in) {
				assert.Contains(t, err.Error(), tt.err, tt.in)
			}
			continue
		}
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, got, tt.in)
		}
	}
	for _, name := range []string{"ecWrongServer", "DEADBEEF", "-", "e_fail"} {
		_, isNum, err := parseReadings(name)
		assert.False(t, isNum, name)
		assert.NoError(t, err, name)
	}
	_, _, err := parseReadings("")
	assert.Error(t, err)
}

// FuzzLookup runs lookup on arbitrary operands: it must not panic, must exit
// 0, 1 or 2, and must keep standard output within 80 columns.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"010", "80040111", "0x800706BA", "-1", "800706ba", "DEADBEEF", "ecWrongServer", "0xD0000022", "12g", "+-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		var stdout, stderr bytes.Buffer
		code := run([]string{"lookup", "--", q}, nil, &stdout, &stderr)
		if code < 0 || code > 2 {
			t.Fatalf("lookup %q: exit %d", q, code)
		}
		for _, line := range strings.Split(stdout.String(), "\n") {
			if utf8.RuneCountInString(line) > width && utf8.ValidString(q) && !strings.Contains(line, q) {
				t.Errorf("lookup %q: line of %d columns: %s", q, utf8.RuneCountInString(line), line)
			}
		}
	})
}
