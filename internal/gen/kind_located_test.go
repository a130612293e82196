package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
		golden := filepath.Join("testdata", "located", name+".golden")
		if *update {
			require.NoError(t, os.WriteFile(golden, got, 0o644))
			continue
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err, "run with -update to create it")
		assert.Equal(t, string(want), string(got), "%s differs from %s; run with -update and review the diff", name, golden)
	}
}
