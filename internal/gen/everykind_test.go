package gen

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// TestEveryKindBuilds generates, in a copy of the module, the spec of
// testdata/everykind.txtar and testdata/everykind-oxcdata.txtar, which use
// every kind of field and every check the generator knows, next to the
// module's own; vets and builds the codec
// package with it; and runs the archives' tests of the new types (each of
// which must pass, not be left out by the -run pattern) with the codec's
// fuzz seeds, which encode and decode values of every type. So the
// contract between the generator and the codec's runtime (the reader's
// methods, the helpers the generated code calls) is checked for every kind,
// not only for those spec/ uses today.
func TestEveryKindBuilds(t *testing.T) {
	goCmd := needGo(t)
	dir := copyModule(t)
	var tests []string
	for _, name := range []string{"everykind.txtar", "everykind-oxcdata.txtar"} {
		ar, err := txtar.ParseFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		for _, f := range ar.Files {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, f.Data, 0o644))
			for _, m := range testFunc.FindAllSubmatch(f.Data, -1) {
				tests = append(tests, string(m[1]))
			}
		}
	}
	require.NotEmpty(t, tests, "the archives hold no test of the new types")
	run(t, goCmd, dir, "generate", "./...")
	run(t, goCmd, dir, "vet", "./codec")
	// go vet has just run every analyzer on the package and its tests, the
	// few that go test runs among them: -vet=off spares a second pass over
	// the codec's hundred thousand lines.
	out := run(t, goCmd, dir, "test", "-count=1", "-vet=off", "-v", "-run", "^(TestEveryKind.*|FuzzEncode|FuzzDecode)$", "./codec")
	for _, name := range tests {
		assert.True(t, strings.Contains(out, "--- PASS: "+name+" "), "the archives' test %s did not run", name)
	}
}

// testFunc finds the names of the top-level tests of a Go file.
var testFunc = regexp.MustCompile(`(?m)^func (Test\w+)\(t \*testing\.T\)`)
