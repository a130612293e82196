package gen

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGenerateGolden")

// TestGenerateGolden renders a small spec folder and compares every file with
// testdata/small/golden. Run `go test ./internal/gen -run Golden -update` after an
// intended change to the generated code, and read the diff.
func TestGenerateGolden(t *testing.T) {
	m, err := Load(os.DirFS("testdata/small/spec"))
	require.NoError(t, err)
	files, err := Generate(m)
	require.NoError(t, err)
	again, err := Generate(m)
	require.NoError(t, err)
	for path, got := range files {
		assert.Equal(t, string(got), string(again[path]), "%s: two runs gave different bytes", path)
		golden := filepath.Join("testdata/small/golden", strings.ReplaceAll(path, "/", "_")+".golden")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err, "run with -update to create it")
		assert.Equal(t, string(want), string(got), "%s differs from %s; run with -update and review the diff", path, golden)
	}
	assert.Len(t, files, 14, "one per namespace plus index, cmrp and logon (6), and in codec flags, RopTest, TestTime, constants, the RopId switches, the registry, its test table and the context keys (14)")
}

// The runtime's tables locate strings by a uint16 length and keep a value's
// other names by a uint8 count; Generate must refuse what does not fit
// rather than write tables that truncate it. testdata/limits.txtar holds the
// tables, with a summary and alias rows the test makes as long as it needs.
func TestGenerateRejectsWhatTheTablesCannotHold(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "limits.txtar"))
	require.NoError(t, err)
	parts := map[string]string{}
	for _, f := range ar.Files {
		parts[f.Name] = string(f.Data)
	}
	spec := func(summary, aliases int) fstest.MapFS {
		var b strings.Builder
		b.WriteString(parts["table.tsv"])
		fmt.Fprintf(&b, strings.TrimSuffix(parts["canonical"], "\n")+"\n", strings.Repeat("x", summary))
		for i := range aliases {
			fmt.Fprintf(&b, strings.TrimSuffix(parts["alias"], "\n")+"\n", i)
		}
		fsys := specFS(t, &txtar.Archive{})
		fsys["a.tsv"] = &fstest.MapFile{Data: []byte(b.String())}
		return fsys
	}
	tests := map[string]struct {
		spec fstest.MapFS
		want string
	}{
		"long summary": {spec(1<<16, 0), "a.tsv:4: summary of ecOne is 65536 bytes long; the generated EC table holds strings of at most 65535 bytes"},
		"many aliases": {spec(1, 256), "a.tsv:4: ecOne has 256 other names; the generated EC table holds at most 255 per value"},
	}
	for name, tc := range tests {
		m, err := Load(tc.spec)
		require.NoError(t, err, name)
		_, err = Generate(m)
		assert.EqualError(t, err, tc.want, name)
	}
	// Just inside the limits, the same tables generate.
	m, err := Load(spec(1<<16-1, 255))
	require.NoError(t, err)
	_, err = Generate(m)
	assert.NoError(t, err, "a summary of 65535 bytes and 255 aliases")
}
