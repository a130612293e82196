package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkGoldenFile compares the generated file got with the golden file at
// path, or, with -update, writes it there.
func checkGoldenFile(t *testing.T, got []byte, path string) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), string(got), "differs from %s; run with -update and review the diff", path)
}

// TestLocatedGolden renders the tables of testdata/located.txtar, which use
// the located kind (strings and bytes found through an offset, with and
// without a base before the message, after fixed fields and after a field of
// varying size), and compares each message's file with
// testdata/located/*.golden. Run `go test ./internal/gen -run LocatedGolden
// -update` after an intended change, and read the diff.
func TestLocatedGolden(t *testing.T) {
	m, _, err := loadArchive(t, "located.txtar")
	require.NoError(t, err)
	files, err := Generate(m)
	require.NoError(t, err)
	for _, name := range []string{"testlocated_gen.go", "testlocatedaftertext_gen.go"} {
		got, ok := files["codec/"+name]
		require.True(t, ok, "Generate wrote no codec/%s", name)
		checkGoldenFile(t, got, filepath.Join("testdata", "located", name+".golden"))
	}
}

// TestAuxBlocksGolden renders the tables of testdata/auxblocks.txtar, an
// aux-blocks table over two structures, and compares the registry it
// generates with testdata/auxblocks/registry_aux_gen.go.golden. Run `go test
// ./internal/gen -run AuxBlocksGolden -update` after an intended change.
func TestAuxBlocksGolden(t *testing.T) {
	m, _, err := loadArchive(t, "auxblocks.txtar")
	require.NoError(t, err)
	files, err := Generate(m)
	require.NoError(t, err)
	got, ok := files["codec/registry_aux_gen.go"]
	require.True(t, ok, "Generate wrote no codec/registry_aux_gen.go")
	checkGoldenFile(t, got, filepath.Join("testdata", "auxblocks", "registry_aux_gen.go.golden"))
}
