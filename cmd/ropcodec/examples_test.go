package main

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// exampleSources names the golden vector of the module's testdata/ that
// each built-in example copies.
var exampleSources = map[string][2]string{
	"redirect": {"roplogon-response.txtar", "redirect.hex"},
	"private":  {"roplogon-response.txtar", "private.hex"},
	"public":   {"roplogon-response.txtar", "public.hex"},
	"paused":   {"roplogon-response.txtar", "failure-server-paused.hex"},
	"request":  {"roplogon-request.txtar", "private.hex"},
	"buffer":   {"ropbuffer.txtar", "ms-oxcrops-4.6.hex"},
	"rpc":      {"rpcheaderext.txtar", "single-xor-last.hex"},
}

// TestExamples decodes every built-in example without error and checks that
// its bytes are those of the golden vector it names, so that the examples
// cannot drift from the vectors the codec is tested against.
func TestExamples(t *testing.T) {
	for _, e := range examples {
		got, err := parseHex(e.hex)
		if err != nil {
			t.Errorf("%s: %v", e.name, err)
			continue
		}
		src, ok := exampleSources[e.name]
		if !ok {
			t.Errorf("%s: no source in exampleSources", e.name)
			continue
		}
		a, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", src[0]))
		if err != nil {
			t.Fatal(err)
		}
		var want []byte
		for _, f := range a.Files {
			if f.Name == src[1] {
				if want, err = parseHex(string(f.Data)); err != nil {
					t.Fatalf("%s %s: %v", src[0], src[1], err)
				}
			}
		}
		if want == nil {
			t.Errorf("%s: no section %s in testdata/%s", e.name, src[1], src[0])
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s: bytes differ from testdata/%s %s:\n got % X\nwant % X", e.name, src[0], src[1], got, want)
		}

		var stdout, stderr bytes.Buffer
		if code := run([]string{"decode", "--example", e.name}, nil, &stdout, &stderr); code != 0 || stderr.Len() != 0 {
			t.Errorf("decode --example %s: exit %d, stderr %q", e.name, code, stderr.String())
		}
		for _, line := range strings.Split(e.hex, "\n") {
			if len(line) > width {
				t.Errorf("example %s: line wider than %d columns: %s", e.name, width, line)
			}
		}
	}
}

// TestExampleFilesListed checks that every file under examples/ is listed.
func TestExampleFilesListed(t *testing.T) {
	files, err := fs.Glob(exampleFiles, "examples/*.hex")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(examples) {
		t.Errorf("%d files under examples/, %d examples listed", len(files), len(examples))
	}
}
