package gen

import (
	"io/fs"
	"os"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewTableChangesOnlyItsFiles adds a table to the small spec folder of
// testdata/small, named so that its message comes before every other one,
// and checks that the generated files that change are the new table's own
// and the registry's: no other message file refers to the registry by
// position, so branches that add tables in parallel meet only there.
func TestNewTableChangesOnlyItsFiles(t *testing.T) {
	spec := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(os.DirFS("testdata/small/spec"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile("testdata/small/spec/" + p)
		spec[p] = &fstest.MapFile{Data: data}
		return err
	}))
	m, err := Load(spec)
	require.NoError(t, err)
	require.NotEmpty(t, m.Messages)
	before, err := Generate(m)
	require.NoError(t, err)

	spec["aaa.tsv"] = &fstest.MapFile{Data: []byte("# table: message\n# message: AaaFirst\n# direction: struct\n" +
		"# source: [T] 1 Aaa First Structure\nfield\ttype\tsection\nA\tu8\t[T] 1\n")}
	m, err = Load(spec)
	require.NoError(t, err)
	require.Equal(t, "AaaFirst", m.Messages[0].Type, "the new message comes first, before those it would renumber")
	after, err := Generate(m)
	require.NoError(t, err)

	var changed []string
	for p, data := range after {
		if string(before[p]) != string(data) {
			changed = append(changed, p)
		}
	}
	sort.Strings(changed)
	assert.Equal(t, []string{"codec/aaafirst_gen.go", "codec/decoders_gen_test.go", "codec/registry_gen.go"}, changed,
		"a new table changes its own file and the registry's files only")
	for p := range before {
		assert.Contains(t, after, p, "a file is gone")
	}
}
