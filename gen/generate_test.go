package gen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGenerateGolden")

// TestGenerateGolden renders a small spec folder and compares every file with
// testdata/small/golden. Run `go test ./gen -run Golden -update` after an
// intended change to the generated code, and read the diff.
func TestGenerateGolden(t *testing.T) {
	m, err := Load(os.DirFS("testdata/small/spec"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(m)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Generate(m)
	if err != nil {
		t.Fatal(err)
	}
	for path, got := range files {
		if !bytes.Equal(got, again[path]) {
			t.Errorf("%s: two runs gave different bytes", path)
		}
		golden := filepath.Join("testdata/small/golden", strings.ReplaceAll(path, "/", "_")+".golden")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run with -update and review the diff", path, golden)
		}
	}
	if len(files) != 11 {
		t.Errorf("generated %d files, want one per namespace plus index, cmrp and logon (6), and in codec flags, RopTest, TestTime, constants and the RopId switches (11)", len(files))
	}
}
