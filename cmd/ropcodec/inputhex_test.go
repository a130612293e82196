package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseHex(t *testing.T) {
	want := []byte{0xFE, 0x00, 0x78, 0x04}
	for _, in := range []string{
		"FE007804",
		"fe007804",
		"FE 00 78 04",
		"FE:00:78:04",
		"FE-00-78-04",
		"FE, 00, 78, 04",
		"0xFE 0x00 0x78 0x04",
		"0XFE,0x00,0x78,0x04",
		"0xFE007804",
		"FE 00\n78 04\n",
		"FE 00\r\n78 04\r\n",
		"\tFE00 7804  ",
		"# a comment\nFE 00 # RopId, OutputHandleIndex\n78 04 # ReturnValue\n",
		"FE00#comment with hex AB CD\n7804",
	} {
		got, err := parseHex(in)
		if assert.NoError(t, err, "parseHex(%q)", in) {
			assert.Equal(t, want, got, "parseHex(%q)", in)
		}
	}
}

func TestParseHexEmpty(t *testing.T) {
	for _, in := range []string{"", "  \n", "# only a comment\n"} {
		got, err := parseHex(in)
		assert.NoError(t, err, "parseHex(%q)", in)
		assert.Empty(t, got, "parseHex(%q)", in)
	}
}

func TestParseHexErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"FE 0G", `line 1, column 5: 'G' is not a hex digit`},
		{"FE0", `line 1, column 1: odd number of hex digits in "FE0"`},
		{"FE 00\n 7", `line 2, column 2: odd number of hex digits in "7"`},
		{"FE 0x1", `line 1, column 4: odd number of hex digits in "1"`},
		{"0123456789ABCDEF0", `line 1, column 1: odd number of hex digits in "0123456789ABCDEF..."`},
		{"FE 0x", `line 1, column 4: 0x without hex digits`},
		{"0x0xFE", `line 1, column 4: 'x' is not a hex digit`},
		{"FE;00", `line 1, column 3: ';' is not a hex digit`},
		{"FE é", `line 1, column 4: 'é' is not a hex digit`},
	} {
		_, err := parseHex(c.in)
		assert.EqualError(t, err, c.want, "parseHex(%q)", c.in)
	}
}

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "in.hex")
	require.NoError(t, os.WriteFile(file, []byte("# redirect\nFE 00\n78 04\n"), 0o666))
	want := []byte{0xFE, 0x00, 0x78, 0x04}
	for _, c := range []struct {
		name     string
		operands []string
		stdin    string
	}{
		{"one argument", []string{"FE007804"}, ""},
		{"several arguments", []string{"FE", "00", "78", "04"}, ""},
		{"standard input", []string{"-"}, "fe 00 78 04\n"},
		{"file", []string{"@" + file}, ""},
	} {
		got, err := readInput(c.operands, strings.NewReader(c.stdin), inputOptions{})
		if assert.NoError(t, err, c.name) {
			assert.Equal(t, want, got.bytes, c.name)
		}
	}
}

func TestReadInputErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		operands []string
		stdin    string
	}{
		{"no operands", nil, ""},
		{"stdin and more", []string{"-", "FE"}, ""},
		{"file and more", []string{"@x", "FE"}, ""},
		{"@ without a name", []string{"@"}, ""},
		{"missing file", []string{"@" + filepath.Join(t.TempDir(), "none.hex")}, ""},
		{"empty stdin", []string{"-"}, "# nothing\n"},
		{"bad hex on stdin", []string{"-"}, "FE 0G"},
	} {
		_, err := readInput(c.operands, strings.NewReader(c.stdin), inputOptions{})
		var ue *usageError
		assert.ErrorAs(t, err, &ue, c.name)
	}
}
