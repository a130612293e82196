package gen

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGenerateGolden")

// TestGenerateGolden renders a small spec folder and compares every file with
// testdata/small/golden. Run `go test ./internal/gen -run Golden -update` after an
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
	if len(files) != 13 {
		t.Errorf("generated %d files, want one per namespace plus index, cmrp and logon (6), and in codec flags, RopTest, TestTime, constants, the RopId switches, the registry and its test table (13)", len(files))
	}
}

// The runtime's tables locate strings by a uint16 length and keep a value's
// other names by a uint8 count; Generate must refuse what does not fit
// rather than write tables that truncate it.
func TestGenerateRejectsWhatTheTablesCannotHold(t *testing.T) {
	head := "# table: codes\n# namespace: EC\nname\tvalue\talias_of\tgo\tsection\tsummary\n"
	var many strings.Builder
	many.WriteString(head + "ecOne\t0x1\t\t\t[T] 1\t\n")
	for i := range 256 {
		fmt.Fprintf(&many, "One%d\t0x1\tecOne\t-\t[T] 1\t\n", i)
	}
	tests := map[string]struct{ spec, want string }{
		"long summary": {head + "ecOne\t0x1\t\t\t[T] 1\t" + strings.Repeat("x", 1<<16) + "\n",
			"a.tsv:4: summary of ecOne is 65536 bytes long; the generated EC table holds strings of at most 65535 bytes"},
		"many aliases": {many.String(),
			"a.tsv:4: ecOne has 256 other names; the generated EC table holds at most 255 per value"},
	}
	for name, tc := range tests {
		m, err := load(map[string]string{"a.tsv": tc.spec})
		if err != nil {
			t.Fatalf("%s: Load: %v", name, err)
		}
		if _, err := Generate(m); err == nil || err.Error() != tc.want {
			t.Errorf("%s: error = %v\nwant %s", name, err, tc.want)
		}
	}
	// Just inside the limits, the same tables generate.
	m, err := load(map[string]string{"a.tsv": head + "ecOne\t0x1\t\t\t[T] 1\t" + strings.Repeat("x", 1<<16-1) + "\n"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(m); err != nil {
		t.Errorf("summary of 65535 bytes: %v", err)
	}
}
