package main

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/testvec"
)

// exampleSources names the golden vector of the module's testdata/ that
// each built-in example copies.
var exampleSources = map[string][2]string{
	"redirect": {"roplogon-response.txtar", "redirect.hex"},
	"private":  {"roplogon-response.txtar", "private.hex"},
	"public":   {"roplogon-response.txtar", "public.hex"},
	"paused":   {"roplogon-response.txtar", "failure-server-paused.hex"},
	"request":  {"roplogon-request.txtar", "private.hex"},
	"buffer":   {"ropbuffer.txtar", "ms-oxcrops-4.6.hex"},
	"rpc":      {"rpcheaderext.txtar", "single-xor-last.hex"},
}

// TestExamples decodes every built-in example without error and checks that
// its bytes are those of the golden vector it names, so that the examples
// cannot drift from the vectors the codec is tested against.
func TestExamples(t *testing.T) {
	for _, e := range examples {
		got, err := parseHex(e.hex)
		if !assert.NoError(t, err, e.name) {
			continue
		}
		src, ok := exampleSources[e.name]
		if !assert.True(t, ok, "%s: no source in exampleSources", e.name) {
			continue
		}
		want, err := testvec.Vector(filepath.Join("..", "..", "testdata", src[0]), src[1])
		if assert.NoError(t, err, e.name) {
			assert.Equal(t, want, got, "%s: the bytes of testdata/%s %s", e.name, src[0], src[1])
		}

		var stdout, stderr bytes.Buffer
		code := run([]string{"decode", "--example", e.name}, nil, &stdout, &stderr)
		assert.Equal(t, 0, code, "decode --example %s: exit status", e.name)
		assert.Empty(t, stderr.String(), "decode --example %s: stderr", e.name)
		for _, line := range strings.Split(e.hex, "\n") {
			assert.LessOrEqual(t, len(line), width, "example %s: a line wider than the terminal: %s", e.name, line)
		}
	}
}

// TestExampleFilesListed checks that every file under examples/ is listed.
func TestExampleFilesListed(t *testing.T) {
	files, err := fs.Glob(exampleFiles, "examples/*.hex")
	require.NoError(t, err)
	assert.Len(t, examples, len(files), "one example listed for each file under examples/")
}
