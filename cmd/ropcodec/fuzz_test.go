package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzDecode runs decode on arbitrary bytes, in every reading: it must not
// panic, must exit 0 or 1, must write an error exactly when it exits 1, and
// must keep standard output within 80 columns but for literals that may not
// be broken (see fits). It is seeded with the examples and with every golden
// vector of the module's testdata/, so that a ROP added to the codec is
// fuzzed through the command too.
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
			if !fits(line) {
				t.Fatalf("line wider than %d columns: %s", width, line)
			}
		}
	})
}

// FuzzInput reads arbitrary text as decode reads its input: it must not
// panic, must give bytes or an error that says where (a line and column) or
// why (too much input), and must give no more bytes than the cap. It is
// seeded with the files of testdata/input and with each format cut short.
func FuzzInput(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "input", "*"))
	require.NoError(f, err)
	for _, p := range files {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	const max = 4 << 10
	f.Fuzz(func(t *testing.T, text []byte) {
		in, err := readInput([]string{"-"}, bytes.NewReader(text), inputOptions{max: max})
		if err != nil {
			var ie *inputError
			var tl *tooLargeError
			if !errors.As(err, &ie) && !errors.As(err, &tl) && !strings.HasPrefix(err.Error(), "no bytes in") {
				t.Fatalf("an error that says neither where nor why: %v", err)
			}
			return
		}
		if len(in.bytes) == 0 || len(in.bytes) > max {
			t.Fatalf("%d bytes from %d bytes of input", len(in.bytes), len(text))
		}
	})
}
