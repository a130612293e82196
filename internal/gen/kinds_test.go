package gen

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUTF16ZAndStringConstantsGolden renders a struct with a utf16z field and
// a constants table with string constants, and compares the files with
// testdata/kinds (run with -update to rewrite them after an intended change,
// and read the diff).
func TestUTF16ZAndStringConstantsGolden(t *testing.T) {
	fsys := fstest.MapFS{
		"namespaces.tsv": {Data: []byte(testNamespaces)},
		"name.tsv": {Data: []byte("# table: message\n# message: Named\n# rop: Named\n# direction: struct\n" +
			"field\ttype\tlength\tvalue\tcheck\tsection\n" +
			"Size\tu32\t\t\t\t[T] 1\nName\tutf16z\t\t\t\t[T] 1\nRest\tbytes\tSize\t\t\t[T] 1\n")},
		"consts.tsv": {Data: []byte("# table: constants\n# package: wire\nname\ttype\tvalue\tsection\tsummary\n" +
			"Verb\tstring\tPING\t[T] 2\tA word.\nLimit\tu32\t0x10\t[T] 2\t\n")},
	}
	m, err := Load(fsys)
	require.NoError(t, err)
	files, err := Generate(m)
	require.NoError(t, err)
	for path, golden := range map[string]string{
		"codec/named_gen.go":    "testdata/kinds/named_gen.go.golden",
		"wire/constants_gen.go": "testdata/kinds/wire_constants_gen.go.golden",
	} {
		got := files[path]
		require.NotNil(t, got, path)
		if *update {
			require.NoError(t, os.WriteFile(golden, got, 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), path)
	}
}
