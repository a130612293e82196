package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The files of testdata/input were written by the tools they are named
// after, from redirect.bin (the bytes of the redirect example) and rep.bin
// (16 letters, 64 zero bytes, "tail!"): xxd and xxd -i of xxd 2022-01-14,
// hexdump -C of util-linux 2.38.1, od -Ax -tx1 of GNU coreutils 9.1,
// base64 of GNU coreutils 9.1; the Wireshark files copy the layout of
// Wireshark's "Copy as Hex + ASCII Dump" (offset, three spaces, bytes, three
// spaces, text; -gtk: the older layout with two spaces after the offset and
// an extra space after the eighth byte), and redirect.go.txt is fmt's %#v
// of the bytes.

// TestInputFormats reads every file of testdata/input as decode does and
// checks that it gives the bytes the file was made from, in the format
// its name says.
func TestInputFormats(t *testing.T) {
	redirect, err := os.ReadFile(filepath.Join("testdata", "input", "redirect.bin"))
	require.NoError(t, err)
	rep, err := os.ReadFile(filepath.Join("testdata", "input", "rep.bin"))
	require.NoError(t, err)
	ex, ok := findExample("redirect")
	require.True(t, ok)
	exBytes, err := parseHex(ex.hex)
	require.NoError(t, err)
	require.Equal(t, exBytes, redirect, "redirect.bin holds the bytes of the redirect example")

	for _, c := range []struct {
		file   string
		format inputFormat
		want   []byte
	}{
		{"redirect.bin", formatBinary, redirect},
		{"redirect.xxd", formatXXD, redirect},
		{"redirect.hexdump", formatHexdump, redirect},
		{"redirect.od", formatOffsetHex, redirect},
		{"redirect.wireshark", formatOffsetHex, redirect},
		{"redirect.wireshark-gtk", formatOffsetHex, redirect},
		{"redirect.c", formatArray, redirect},
		{"redirect.go.txt", formatArray, redirect},
		{"redirect.b64", formatBase64, redirect},
		{"rep.hexdump", formatHexdump, rep},
		{"rep.od", formatOffsetHex, rep},
	} {
		in, err := readInput([]string{"@" + filepath.Join("testdata", "input", c.file)}, nil, inputOptions{})
		if assert.NoError(t, err, c.file) {
			assert.Equal(t, c.format.String(), in.format.String(), c.file)
			assert.Equal(t, c.want, in.bytes, c.file)
		}
	}
}

// TestInputFormatsInline reads short inputs of every format, as they are
// pasted.
func TestInputFormatsInline(t *testing.T) {
	want := []byte{0xFE, 0x00, 0x78, 0x04}
	for _, c := range []struct {
		in     string
		format inputFormat
	}{
		{"FE 00 78 04", formatHex},
		{"# a comment\nFE 00 78 04", formatHex},
		{"00000000: fe00 7804                                ..x.", formatXXD},
		{"00000000: fe 00 78 04                              ..x.", formatXXD},
		{"\n\n00000000  fe 00 78 04                                       |..x.|\n00000004\n", formatHexdump},
		{"0000   fe 00 78 04                                       ..x.", formatOffsetHex},
		{"0000   fe 00 78 04", formatOffsetHex},
		{"0000  fe 00 78 04\n", formatOffsetHex},
		{"000000 fe 00 78 04\n000004\n", formatOffsetHex},
		{"{0xFE, 0x00, 0x78, 0x04}", formatArray},
		{"[]byte{0xfe, 0x0, 0x78, 0x4}", formatArray},
		{"var b = [...]byte{254, 0, 120, 4, } // four", formatArray},
		{"static const unsigned char b[4] =\n{ /* RopId */ 0xfe,\n  0x00, // index\n  0x78, 0x04 };\nunsigned int b_len = 4;", formatArray},
		{"/gB4BA==", formatBase64},
		{"/gB4BA", formatBase64},
		{"/gB4\n BA==\n", formatBase64},
	} {
		in, err := readInput([]string{c.in}, nil, inputOptions{})
		if assert.NoError(t, err, "%q", c.in) {
			assert.Equal(t, c.format.String(), in.format.String(), "%q", c.in)
			assert.Equal(t, want, in.bytes, "%q", c.in)
		}
	}
}

// TestInputFormatErrors checks that input that does not fit its format is
// refused with the line and column that could not be read.
func TestInputFormatErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"00000000: fe0g 7804  ..x.", `cannot read xxd dump in argument: line 1, column 14: 'g' is not a hex digit`},
		{"00000000: fe0 7804  ..x.", `cannot read xxd dump in argument: line 1, column 11: odd number of hex digits in "fe0"`},
		{"00000000: fe00 7804  ..x.\n00000008: 0000  ..", `cannot read xxd dump in argument: line 2, column 1: offset 0x8, where 0x4 was due`},
		{"00000000  fe 00 zz 04  |..x.|", `cannot read hexdump -C dump in argument: line 1, column 17: want a byte in hex, not "zz"`},
		{"00000000  fe 00 78 04  |..x.|\nthe end", `cannot read hexdump -C dump in argument: line 2, column 1: want the offset of a dump line, in hex, not "the"`},
		{"0000   fe 00 78 04   ..x.\n0008   00", `cannot read offset and hex dump in argument: line 2, column 1: offset 0x8 does not follow the 4 bytes of line 1 (want 0x4)`},
		{"00000000  fe 00  |..|\n*\n00000003", `cannot read hexdump -C dump in argument: line 3, column 1: offset 0x3 is no whole number of repeats of the 2 bytes before * after 0x2`},
		{"{0xfe, 0x100}", `cannot read byte-array literal in argument: line 1, column 8: want one or two hex digits after 0x, not 3`},
		{"{1, 2 3}", `cannot read byte-array literal in argument: line 1, column 7: '3' is not a comma or }`},
		{"{012}", `cannot read byte-array literal in argument: line 1, column 2: a number with a leading zero is octal in C and decimal in Go; write it in hex`},
		{"{256}", `cannot read byte-array literal in argument: line 1, column 2: a byte of more than 255`},
		{"{0x01,", `cannot read byte-array literal in argument: line 1, column 7: the input ends before the } of the array`},
		{"char b[] = \"abc\" {", `cannot read byte-array literal in argument: line 1, column 12: '"' is not part of an array declaration`},
		{"/gB4BA$A", `cannot read base64 in argument: line 1, column 7: '$' is not a base64 character`},
		{"/gB4BA==AA", `cannot read base64 in argument: line 1, column 9: 'A' is not allowed after base64 padding`},
		{"/gB4B", `cannot read base64 in argument: line 1, column 5: base64 that ends in the middle of a byte`},
		{"FE 00 78 0G", `cannot read hex in argument: line 1, column 11: 'G' is not a hex digit`},
	} {
		_, err := readInput([]string{c.in}, nil, inputOptions{})
		assert.EqualError(t, err, c.want, "%q", c.in)
	}
}

// TestInputParsedWhileRead checks that a bad character fails at once: the
// input after it, which never ends, is not read to its end first.
func TestInputParsedWhileRead(t *testing.T) {
	for _, start := range []string{"FE 0G ", "00000000: fe0g 0000 0000 0000  ....\n", "{0xfe, 0xzz, ", "/gB4$"} {
		src := &endless{head: start, body: "00 "}
		_, err := readInput([]string{"-"}, src, inputOptions{})
		var ie *inputError
		assert.ErrorAs(t, err, &ie, "%q", start)
		assert.Less(t, src.read, 1<<20, "%q: bytes read before the error", start)
	}
}

// endless is a reader of head, then body again and again.
type endless struct {
	head, body string
	read       int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		s := e.body
		if e.read < len(e.head) {
			s = e.head[e.read:]
		} else {
			s = s[(e.read-len(e.head))%len(s):]
		}
		c := copy(p[n:], s)
		n += c
		e.read += c
	}
	return n, nil
}

// TestInputCap checks that no source is read past --max-input: text,
// binary, /dev/zero and /dev/urandom end in a clear usage error.
func TestInputCap(t *testing.T) {
	const max = 1 << 20
	_, err := readInput([]string{"-"}, &endless{body: "00 "}, inputOptions{max: max})
	assert.EqualError(t, err, "too much input in standard input: more than 1 MiB of input; --max-input raises the limit")
	_, err = readInput([]string{"-"}, &endless{body: "\x00"}, inputOptions{max: max})
	assert.EqualError(t, err, "too much input in standard input: more than 1 MiB of input; --max-input raises the limit")

	big := filepath.Join(t.TempDir(), "big.bin")
	require.NoError(t, os.WriteFile(big, make([]byte, max+1), 0o666))
	_, err = readInput([]string{"@" + big}, nil, inputOptions{max: max})
	assert.EqualError(t, err, big+": more than 1 MiB of input; --max-input raises the limit")
	in, err := readInput([]string{"@" + big}, nil, inputOptions{max: 2 * max})
	if assert.NoError(t, err, "--max-input 2M") {
		assert.Len(t, in.bytes, max+1)
	}

	for _, dev := range []string{"/dev/zero", "/dev/urandom"} {
		if _, err := os.Stat(dev); err != nil {
			t.Logf("skipping %s: %v", dev, err)
			continue
		}
		var stdout, stderr strings.Builder
		code := run([]string{"decode", "@" + dev}, nil, &stdout, &stderr)
		assert.Equal(t, 2, code, dev)
		assert.Empty(t, stdout.String(), dev)
		assert.Equal(t, "ropcodec decode: too much input in "+dev+": more than 64 MiB of input; --max-input raises the limit\nRun 'ropcodec help decode' for usage.\n", stderr.String(), dev)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "100K": 100 << 10, "64M": 64 << 20, "2g": 2 << 30} {
		got, err := parseSize(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got, in)
		}
	}
	for _, in := range []string{"", "0", "-1", "1T", "M", "1.5M"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
}

// TestLooksBinary checks the detection of binary input.
func TestLooksBinary(t *testing.T) {
	for in, want := range map[string]bool{
		"FE 00 78 04\n":          false,
		"# café\nFE 00\n":        false,
		"\xfe\x00\x78\x04":       true,
		"FE 00\x00":              true,
		"\x1b[0m":                true,
		"FE 00 \xff":             true,
		strings.Repeat("é", 300): false, // a rune cut at the 512th byte is text
	} {
		assert.Equal(t, want, looksBinary(bufioReader(in)), "%q", in)
	}
}

func bufioReader(s string) *bufio.Reader {
	return bufio.NewReader(io.MultiReader(strings.NewReader(s)))
}
