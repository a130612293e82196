package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode runs decode on arbitrary bytes, in every reading: it must not
// panic, must exit 0 or 1, must write an error exactly when it exits 1, and
// must keep standard output within 80 columns. It is seeded with the
// examples and with every golden vector of the module's testdata/, so that a
// ROP added to the codec is fuzzed through the command too.
func FuzzDecode(f *testing.F) {
	for _, v := range moduleVectors(f) {
		f.Add(v.b, uint8(0))
	}
	for _, e := range examples {
		b, err := parseHex(e.hex)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b[:len(b)/2], uint8(1))
	}
	f.Add([]byte{0x12, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF9, 0x00, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00}, uint8(2))
	modes := [][]string{
		nil,
		{"--request"},
		{"--response"},
		{"--as", "rpc"},
		{"--as", "buffer"},
		{"--as", "list"},
		{"--as", "rop"},
	}
	f.Fuzz(func(t *testing.T, b []byte, mode uint8) {
		if len(b) == 0 {
			return
		}
		args := append([]string{"decode"}, modes[int(mode)%len(modes)]...)
		args = append(args, fmt.Sprintf("%X", b))
		var stdout, stderr bytes.Buffer
		code := run(args, nil, &stdout, &stderr)
		if code != 0 && code != 1 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if (code == 1) != (stderr.Len() > 0) {
			t.Fatalf("exit %d with stderr %q", code, stderr.String())
		}
		for _, line := range strings.Split(stdout.String(), "\n") {
			if utf8.RuneCountInString(line) > width {
				t.Fatalf("line wider than %d columns: %s", width, line)
			}
		}
	})
}
