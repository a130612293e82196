package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/ropcodec/ropcodec/internal/memtest"
)

// FuzzDecode runs decode on arbitrary bytes, in every reading (AUX blocks
// and bare MAPI/HTTP bodies among them): it must not panic, must exit 0 or
// 1, must write an error exactly when it exits 1, and must keep standard
// output within 80 columns but for literals that may not be broken (see
// fits). It is seeded with the examples, with every golden vector of the
// module's testdata/, so that a ROP added to the codec is fuzzed through the
// command too, and with the MAPI/HTTP golden bodies.
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
	for _, b := range mapiGoldenBodies(f) {
		f.Add(b, uint8(7))
		f.Add(b, uint8(9))
	}
	modes := [][]string{
		nil,
		{"--request"},
		{"--response"},
		{"--as", "rpc"},
		{"--as", "buffer"},
		{"--as", "list"},
		{"--as", "rop"},
		{"--as", "aux"},
		{"--as", "mapihttp-request"},
		{"--as", "mapihttp-response"},
		{"--request-type", "Execute"},
		{"--request-type", "Connect", "--response"},
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

// allocBound is what the command may allocate for n bytes of input when its
// output is discarded: a multiple of the input (a decoded field takes a few
// strings for each of its bytes, a dump three characters for each) and a
// constant for its buffers (64 KiB to read, 64 KiB to write). The fuzz
// targets check it, so that no length read from the input sizes an
// allocation.
func allocBound(n int) uint64 { return uint64(200*n) + 1<<20 }

// checkRun checks what a fuzzed run of the command did: exit 0, 1 or 2,
// an error exactly when it did not exit 0, standard output within the
// width of a terminal, and no more allocated than allocBound of the input.
func checkRun(t *testing.T, in int, run func(stdout, stderr io.Writer) int) {
	var stdout, stderr bytes.Buffer
	var code int
	n := memtest.Allocated(func() { code = run(io.Discard, io.Discard) })
	if n > allocBound(in) {
		t.Fatalf("%d bytes allocated for %d bytes of input", n, in)
	}
	code2 := run(&stdout, &stderr)
	if code != code2 || code < 0 || code > 2 {
		t.Fatalf("exit %d, then %d: %s", code, code2, stderr.String())
	}
	if (code != 0) != (stderr.Len() > 0) {
		t.Fatalf("exit %d with stderr %q", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "{") {
		for _, line := range strings.Split(stdout.String(), "\n") {
			if !fits(line) {
				t.Fatalf("line wider than %d columns: %s", width, line)
			}
		}
	}
}

// FuzzHTTPInput reads arbitrary text as decode reads its input and decodes
// it, text that starts like an HTTP message above all: no panic, an exit
// status of 0, 1 or 2 with an error exactly when it is not 0, output within
// the width of a terminal, and allocation bounded by the input's length. It
// is seeded with the HTTP messages of the golden runs, whole and cut short.
func FuzzHTTPInput(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "decode-http-*.txtar"))
	require.NoError(f, err)
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		require.NoError(f, err)
		for _, file := range a.Files {
			if file.Name == "file" {
				f.Add(file.Data, false)
				f.Add(file.Data[:len(file.Data)/2], true)
			}
		}
	}
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nDONE\n\r\n0\r\n\r\n"), false)
	f.Fuzz(func(t *testing.T, text []byte, json bool) {
		args := []string{"decode", "--max-input", "64K", "-"}
		if json {
			args = append(args, "--json")
		}
		checkRun(t, len(text), func(stdout, stderr io.Writer) int {
			return run(args, bytes.NewReader(text), stdout, stderr)
		})
	})
}

// FuzzHAR decodes arbitrary bytes as a HAR file, as FuzzHTTPInput does
// text. It is seeded with testdata/har/session.har, cut at several places,
// and with a small HAR whose entry carries bodies in base64.
func FuzzHAR(f *testing.F) {
	har, err := os.ReadFile(filepath.Join("testdata", "har", "session.har"))
	require.NoError(f, err)
	for _, n := range []int{len(har), len(har) / 2, len(har) / 3} {
		f.Add(har[:n], false)
	}
	f.Add([]byte(`{"log":{"entries":[{"request":{"method":"POST","url":"/","headers":[{"name":"X-RequestType","value":"Execute"}],`+
		`"postData":{"text":"AAAAAAAAAAAAAAAAAAAAAA==","encoding":"base64"}},"response":{"status":200,"headers":[{"name":"X-ResponseCode","value":"0"}],`+
		`"content":{"text":"UFJPQ0VTU0lORw0KRE9ORQ0KDQoAAAAA","encoding":"base64"}}}]}}`), true)
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		args := []string{"decode", "--max-input", "64K", "--har", "-"}
		if json {
			args = append(args, "--json")
		}
		checkRun(t, len(data), func(stdout, stderr io.Writer) int {
			return run(args, bytes.NewReader(data), stdout, stderr)
		})
	})
}
