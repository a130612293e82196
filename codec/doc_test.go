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

// readmeSection returns the text of the README section under the heading
// line heading, up to the next heading.
func readmeSection(t *testing.T, readme, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "\n"+heading+"\n")
	require.True(t, ok, "README.md has no section %q", heading)
	if i := strings.Index(rest, "\n#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// readmeROP matches a ROP of the README's list with its direction, if it
// has one: "RopReadStream (response only)", "RopRelease (request only: it
// has no response)". The parenthesis is taken whole, so that names inside it
// are not read as items.
var readmeROP = regexp.MustCompile(`\b(Rop[A-Z][A-Za-z]*)\b(?:\s+\((request|response) only(?::\s[^)]*)?\))?`)

// ropFieldWords are words of the ropWord form that name fields, not ROPs.
var ropFieldWords = map[string]bool{"RopId": true, "RopSize": true}

// TestREADMEListsEveryROP checks the README's list of decoded ROPs against
// the registry: every ROP the package decodes is listed, every ROP listed is
// decoded, and the ROPs marked "request only" or "response only" are those
// the registry has in that direction alone, each with the reason after a
// colon unless the section of layouts not decoded names it. It checks too
// that the ROPs the README says are not decoded are not, and that every
// layout it says is missing is.
func TestREADMEListsEveryROP(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(b)

	decoded := readmeSection(t, readme, "#### ROPs decoded")
	missing := readmeSection(t, readme, "#### ROPs and layouts not decoded yet")
	named := map[string]bool{}
	for _, name := range ropWord.FindAllString(missing, -1) {
		named[name] = true
	}
	assert.Empty(t, missingROPs(decoded), "ROPs the README's list does not name")
	byName := map[string]*ROPInfo{}
	for _, r := range ROPs() {
		byName[r.Name] = r
	}
	for _, m := range readmeROP.FindAllStringSubmatch(decoded, -1) {
		if ropFieldWords[m[1]] {
			continue
		}
		r := byName[m[1]]
		if !assert.NotNil(t, r, "README.md lists %s as decoded, which the registry lacks", m[1]) {
			continue
		}
		has := map[string]bool{"request": r.Request != nil, "response": len(r.Responses) > 0}
		switch m[2] {
		case "":
			assert.True(t, has["request"] && has["response"], "README.md lists %s without a direction, but the registry has its requests %v and its responses %v", m[1], has["request"], has["response"])
		default:
			other := map[string]string{"request": "response", "response": "request"}[m[2]]
			assert.True(t, has[m[2]] && !has[other], "README.md lists %s as %s only, but the registry has its requests %v and its responses %v", m[1], m[2], has["request"], has["response"])
			assert.True(t, strings.Contains(m[0], ":") || named[m[1]], "README.md lists %s as %s only, without the reason or a line among the layouts not decoded", m[1], m[2])
		}
	}

	absent := regexp.MustCompile(`\b(Rop[A-Z][A-Za-z]*)\s+\(RopId (0x[0-9A-F]{2})\)`)
	gone := map[string]bool{}
	for _, m := range absent.FindAllStringSubmatch(missing, -1) {
		id, err := strconv.ParseUint(m[2], 0, 8)
		require.NoError(t, err)
		assert.Nil(t, LookupROP(uint8(id)), "README.md says RopId %s (%s) is not decoded, but the registry has it: move it to the list of ROPs decoded", m[2], m[1])
		assert.Nil(t, byName[m[1]], "README.md says %s is not decoded, but the registry has it", m[1])
		gone[m[1]] = true
	}
	// Every layout is decoded now, so the section may name no ROP; the
	// one-direction ROPs above then each give their reason.
	for _, name := range ropWord.FindAllString(missing, -1) {
		if ropFieldWords[name] {
			continue
		}
		r := byName[name]
		if gone[name] || r == nil {
			assert.True(t, gone[name], "README.md names %s among the layouts not decoded, without its RopId, and the registry lacks it", name)
			continue
		}
		assert.True(t, r.Request == nil || len(r.Responses) == 0, "README.md says a layout of %s is not decoded, but the registry has both directions", name)
	}
}
