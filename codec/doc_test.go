package codec

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ropWord matches a ROP name standing as a word.
var ropWord = regexp.MustCompile(`\bRop[A-Z][A-Za-z]*\b`)

// missingROPs returns the names of the registry's ROPs that text does not
// name. It checks any text that says which ROPs the package decodes: the
// package doc here, a README section as well.
func missingROPs(text string) []string {
	named := map[string]bool{}
	for _, w := range ropWord.FindAllString(text, -1) {
		named[w] = true
	}
	var missing []string
	for _, r := range ROPs() {
		if !named[r.Name] {
			missing = append(missing, r.Name)
		}
	}
	return missing
}

// packageDoc returns the package documentation as go doc shows it.
func packageDoc(t *testing.T) string {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	pkg, err := doc.NewFromFiles(fset, files, "github.com/ropcodec/ropcodec/codec")
	require.NoError(t, err)
	return pkg.Doc
}

// TestDocListsEveryROP checks that the package doc names every ROP the
// package decodes, and that its list of ROPs (generated from spec/ into
// registry_gen.go) holds exactly the registry's, each with its RopId.
func TestDocListsEveryROP(t *testing.T) {
	text := packageDoc(t)
	assert.Empty(t, missingROPs(text), "ROPs the package doc does not name")

	_, list, ok := strings.Cut(text, "# ROPs\n")
	require.True(t, ok, "the package doc has no ROPs section")
	item := regexp.MustCompile(`(?m)^  - (Rop\w+) \(RopId (0x[0-9A-F]{2})\):`)
	var listed []string
	for _, m := range item.FindAllStringSubmatch(list, -1) {
		id, err := strconv.ParseUint(m[2], 0, 8)
		require.NoError(t, err)
		r := LookupROP(uint8(id))
		if assert.NotNil(t, r, "%s: the doc lists RopId %s, which the registry lacks", m[1], m[2]) {
			assert.Equal(t, r.Name, m[1], "name of RopId %s", m[2])
		}
		listed = append(listed, m[1])
	}
	var want []string
	for _, r := range ROPs() {
		want = append(want, r.Name)
	}
	assert.Equal(t, want, listed, "the doc's list of ROPs")
}

func TestMissingROPs(t *testing.T) {
	all := ""
	for _, r := range ROPs() {
		all += r.Name + ", "
	}
	assert.Empty(t, missingROPs(all))
	first := ROPs()[0].Name
	assert.Equal(t, []string{first}, missingROPs(strings.Replace(all, first+",", "Decode"+first+",", 1)),
		"a name inside a longer word does not count")
}
