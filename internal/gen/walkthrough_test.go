package gen

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walkthroughFiles are RopGetContentsTable's files in the module: its four
// tables (request, success and failure responses, the dispatch between
// them), the flags table of its TableFlags field, and the archive of its
// golden vectors (testdata/walkthrough/README.md).
var walkthroughFiles = []string{
	"spec/rops/ropgetcontentstable-request.tsv",
	"spec/rops/ropgetcontentstable-success-response.tsv",
	"spec/rops/ropgetcontentstable-failure-response.tsv",
	"spec/rops/ropgetcontentstable-dispatch.tsv",
	"spec/rops/contentstable-flags.tsv",
	"testdata/ropgetcontentstable.txtar",
}

// walkthroughTests are the tests of package codec that show a ROP named in
// the registry, decoded from its golden vectors, listed in the package doc
// and the README and fuzzed; the coverage test asks every ROP of the
// registry for a vector, the README test for its name in the README's list.
const walkthroughTests = "TestGolden$|TestGoldenCoversEveryROP|TestDocListsEveryROP|TestREADMEListsEveryROP|FuzzDecode|FuzzEncode"

// readmeEntry is RopGetContentsTable's name in the README's list of ROPs
// decoded, with the separator before it.
var readmeEntry = regexp.MustCompile(`,\s+RopGetContentsTable\b`)

// TestWalkthroughAddsAROP is the walkthrough of testdata/walkthrough/README.md.
// In a copy of the module it takes RopGetContentsTable out (its tables and
// every golden vector of it), shows that the ROP is then unknown, puts the
// files back and shows that go generate alone makes it a ROP that the codec
// decodes and encodes, that the registry and the package doc list, that the
// golden and fuzz tests cover and that ropcodec decode names and prints;
// no hand-written Go changes. With its name back in the README's list of
// ROPs, which the README test asks for, the copy is the module again.
func TestWalkthroughAddsAROP(t *testing.T) {
	goCmd := needGo(t)
	dir := copyModule(t)
	original := treeFiles(t, dir)
	before := handWritten(t, dir)

	saved := map[string][]byte{}
	for _, name := range walkthroughFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		data, err := os.ReadFile(p)
		require.NoError(t, err, "the walkthrough adds %s, which the module must have", name)
		saved[name] = data
		require.NoError(t, os.Remove(p))
	}
	readmePath := filepath.Join(dir, "README.md")
	readme, err := os.ReadFile(readmePath)
	require.NoError(t, err)
	require.Len(t, readmeEntry.FindAll(readme, -1), 1, "the README lists RopGetContentsTable once, after another ROP")
	require.NoError(t, os.WriteFile(readmePath, readmeEntry.ReplaceAll(readme, nil), 0o644))
	assert.Empty(t, filesMatching(t, dir, "spec", `(?m)^# rop: RopGetContentsTable$|\bContentsTableFlags\b`),
		"a table of RopGetContentsTable is left that the walkthrough does not take out")
	assert.Empty(t, filesMatching(t, dir, "testdata", `(?m)^type: RopGetContentsTable`),
		"a golden vector of RopGetContentsTable is left that the walkthrough does not take out")

	// Without its files the ROP is unknown, once the file they generated,
	// which go generate names, is deleted too.
	out := run(t, goCmd, dir, "generate", "./...")
	stale := regexp.MustCompile(`(?m)^gen: (.*) comes from no table any more: delete it$`).FindAllStringSubmatch(out, -1)
	require.Len(t, stale, 1, "go generate names the generated file of the ROP:\n%s", out)
	assert.Equal(t, filepath.Join(".", "codec", "ropgetcontentstable_gen.go"), stale[0][1])
	require.NoError(t, os.Remove(filepath.Join(dir, stale[0][1])))
	assert.Equal(t, before, handWritten(t, dir), "go generate changed hand-written Go")
	assert.Empty(t, filesMatching(t, dir, "codec", `RopGetContentsTable|ContentsTableFlags`),
		"generated code names the ROP without its tables")
	out = run(t, goCmd, dir, "test", "-count=1", "-v", "-run", walkthroughTests, "./codec")
	assert.Contains(t, out, "--- PASS: TestGoldenCoversEveryROP", "the coverage test does not ask for the ROP")
	assert.Contains(t, out, "--- PASS: TestREADMEListsEveryROP", "the README test does not ask for the ROP")
	assert.NotContains(t, out, "ropgetcontentstable")
	seedsWithout := strings.Count(out, "--- PASS: FuzzDecode/seed#") + strings.Count(out, "--- PASS: FuzzEncode/seed#")
	out = runFailing(t, goCmd, dir, "run", "./cmd/ropcodec", "decode", "05", "00", "00", "01", "00")
	assert.Contains(t, out, "RopId 0x05 is not a ROP this command decodes")

	// Put back, the files are all it takes.
	for name, data := range saved {
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), data, 0o644))
	}
	run(t, goCmd, dir, "generate", "./...")
	assert.Equal(t, before, handWritten(t, dir), "go generate changed hand-written Go")
	assert.Equal(t, []string{"README.md"}, changedFiles(original, treeFiles(t, dir)),
		"go generate does not give back the module's generated code")
	out = runFailing(t, goCmd, dir, "test", "-count=1", "-run", "TestREADMEListsEveryROP", "./codec")
	assert.Contains(t, out, "RopGetContentsTable", "the README test asks for the ROP by name")
	require.NoError(t, os.WriteFile(readmePath, readme, 0o644))
	assert.Empty(t, changedFiles(original, treeFiles(t, dir)), "the copy is not the module again")

	out = run(t, goCmd, dir, "test", "-count=1", "-v", "-run", walkthroughTests, "./codec")
	assert.Contains(t, out, "--- PASS: TestGolden/ropgetcontentstable/request", "the golden vector is decoded")
	assert.Contains(t, out, "--- PASS: TestGolden/ropgetcontentstable/ms-oxctabl-4.1.1", "the document's example is decoded")
	assert.Contains(t, out, "--- PASS: TestGoldenCoversEveryROP")
	assert.Contains(t, out, "--- PASS: TestDocListsEveryROP")
	assert.Contains(t, out, "--- PASS: TestREADMEListsEveryROP")
	seedsWith := strings.Count(out, "--- PASS: FuzzDecode/seed#") + strings.Count(out, "--- PASS: FuzzEncode/seed#")
	assert.Greater(t, seedsWith, seedsWithout, "FuzzDecode and FuzzEncode gain the ROP's seeds")

	out = run(t, goCmd, dir, "run", "./cmd/ropcodec", "decode", "05", "00", "00", "01", "00")
	assert.Contains(t, out, "RopGetContentsTable request (RopId 0x05, 5 bytes)")
	assert.Contains(t, out, "OutputHandleIndex: 1")
	assert.Contains(t, out, "TableFlags:")
	out = run(t, goCmd, dir, "run", "./cmd/ropcodec", "decode", "--response", "05 01 00 00 00 00 2A 00 00 00")
	assert.Contains(t, out, "RopGetContentsTable success response (RopId 0x05, 10 bytes)")
	assert.Contains(t, out, "RowCount:")
	registry, err := os.ReadFile(filepath.Join(dir, "codec", "registry_gen.go"))
	require.NoError(t, err)
	assert.Contains(t, string(registry), "//   - RopGetContentsTable (RopId 0x05): request; success response; failure response\n",
		"the package doc lists the ROP")
}

// treeFiles returns every file under dir by path, with its contents.
func treeFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	require.NoError(t, err)
	return files
}

// changedFiles names the files that are in one of a and b only, or differ.
func changedFiles(a, b map[string]string) []string {
	var out []string
	for name, data := range a {
		if other, ok := b[name]; !ok || other != data {
			out = append(out, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// filesMatching names the files under dir/sub whose contents match expr.
func filesMatching(t *testing.T, dir, sub, expr string) []string {
	t.Helper()
	re := regexp.MustCompile(expr)
	var out []string
	for name, data := range treeFiles(t, filepath.Join(dir, sub)) {
		if re.MatchString(data) {
			out = append(out, sub+"/"+name)
		}
	}
	return out
}
