package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWalkthroughAddsAROP is the walkthrough of testdata/walkthrough/README.md:
// in a copy of the module, the four tables and the golden vector of
// RopGetContentsTable, and go generate, give a ROP that the codec decodes and
// encodes, that the registry and the package doc list, that the golden and
// fuzz tests cover and that ropcodec decode names and prints, with no
// hand-written Go changed.
func TestWalkthroughAddsAROP(t *testing.T) {
	goCmd := needGo(t)
	dir := copyModule(t)
	before := handWritten(t, dir)
	overlay(t, filepath.Join("testdata", "walkthrough", "spec"), filepath.Join(dir, "spec"))
	overlay(t, filepath.Join("testdata", "walkthrough", "testdata"), filepath.Join(dir, "testdata"))

	run(t, goCmd, dir, "generate", "./...")
	assert.Equal(t, before, handWritten(t, dir), "go generate changed hand-written Go")
	assert.FileExists(t, filepath.Join(dir, "codec", "ropgetcontentstable_gen.go"))

	// Every test of the two packages, but the one that times decoding (it
	// compares times, which a machine busy with this build distorts), in one
	// go test, whose -v output shows that the ROP's own tests ran.
	// go test prints the packages' output in the order given, so the codec's
	// ends with its "ok" line.
	out := run(t, goCmd, dir, "test", "-count=1", "-v", "-skip", "TestDecodeCostIsLinear", "./codec", "./cmd/ropcodec")
	codecOut, _, found := strings.Cut(out, "ok  \tgithub.com/ropcodec/ropcodec/codec\t")
	require.True(t, found, "no ok line for the codec in:\n%s", out)
	assert.Contains(t, codecOut, "--- PASS: TestGolden/ropgetcontentstable/request", "the golden vector is decoded")
	assert.Contains(t, codecOut, "--- PASS: TestGoldenCoversEveryROP")
	assert.Contains(t, codecOut, "--- PASS: TestDocListsEveryROP")
	assert.Contains(t, codecOut, "--- PASS: FuzzDecode/seed#", "FuzzDecode runs its seeds, the vector among them")
	assert.Contains(t, codecOut, "--- PASS: FuzzEncode/seed#")

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
