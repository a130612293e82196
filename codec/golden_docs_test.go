package codec

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The golden vectors named ms-DOC-SECTION are the bytes that a document's
// Protocol Examples section prints. ../testdata/README.md keeps the inventory
// of those examples, naming each vector ARCHIVE/VECTOR; this test keeps the
// inventory and the archives in step, so that a reader of the inventory can
// trust both what it lists and what it says is missing.

// goldenDocVector matches an ARCHIVE/VECTOR reference of the inventory.
var goldenDocVector = regexp.MustCompile("`([a-z0-9.-]+\\.txtar)/(ms-[a-z0-9.-]+)`")

// TestGoldenDocumentExamplesListed checks that every vector of ../testdata
// whose name starts with "ms-" is listed in ../testdata/README.md, and that
// every vector the inventory lists exists.
func TestGoldenDocumentExamplesListed(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(goldenDir, "README.md"))
	require.NoError(t, err)
	listed := map[string]bool{}
	for _, m := range goldenDocVector.FindAllStringSubmatch(string(readme), -1) {
		listed[m[1]+"/"+m[2]] = true
	}
	require.NotEmpty(t, listed, "README.md lists no ARCHIVE/VECTOR")

	have := map[string]bool{}
	for _, name := range goldenArchives(t) {
		for _, vec := range loadGolden(t, name).vectors() {
			if strings.HasPrefix(vec, "ms-") {
				have[name+"/"+vec] = true
			}
		}
	}
	for _, v := range slices.Sorted(maps.Keys(have)) {
		assert.True(t, listed[v], "%s holds a document's example; list it in %s/README.md", v, goldenDir)
	}
	for _, v := range slices.Sorted(maps.Keys(listed)) {
		assert.True(t, have[v], "%s/README.md lists %s, which no archive holds", goldenDir, v)
	}
}
