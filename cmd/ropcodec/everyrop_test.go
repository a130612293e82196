package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/ropcodec/ropcodec/codec"
)

// TestDecodePrintsEveryROPLayout runs ropcodec decode on every golden vector
// of the module's testdata/ whose .want file names a ROP layout, reading it as
// exactly one request or one response, and checks that the command names the
// layout by its title, with its RopId and size, and prints every field the
// codec's visitor yields (but the RopId and the size and count fields, which
// the command shows with the title and with the field they size). It fails
// when a ROP layout of the registry has no such vector, so that every ROP the
// codec decodes is also run through the command.
func TestDecodePrintsEveryROPLayout(t *testing.T) {
	layouts := map[string]*codec.MessageInfo{}
	for _, mi := range codec.Messages() {
		if mi.ROP != "" {
			layouts[mi.Type] = mi
		}
	}
	seen := map[string]bool{}
	for _, v := range moduleVectors(t) {
		mi := layouts[wantType(v.want)]
		if mi == nil {
			continue // a ROP buffer, an RPC_HEADER_EXT, an entry ID
		}
		seen[mi.Type] = true
		t.Run(v.name, func(t *testing.T) { checkDecodePrints(t, mi, v.b, v.want) })
	}
	for name := range layouts {
		assert.True(t, seen[name], "%s: no golden vector in testdata/ runs it through the command", name)
	}
}

// checkDecodePrints runs ropcodec decode on b, a ROP of layout mi, whose
// .want file is want.
func checkDecodePrints(t *testing.T, mi *codec.MessageInfo, b, want []byte) {
	dir := "--request"
	if mi.Response {
		dir = "--response"
	}
	args := []string{"decode", "--as", "rop", dir}
	decode := mi.Decode
	if mi.NeedsLogon {
		// The kind of logon the vector's .want file gives (LogonId is the
		// second byte of a request); the decode without it fails.
		logon := "private"
		if bytes.Contains(want, []byte("\nlogon: public\n")) {
			logon = "public"
		}
		args = append(args, "--logon", logon)
		require.False(t, mi.Response, "a response that depends on its logon: decode it with DecodeResponse")
		d := new(codec.Decoder)
		d.SetLogon(b[1], logon == "public")
		decode = func(b []byte) (codec.Message, int, error) {
			r, n, err := d.DecodeRequest(b)
			if err != nil {
				return nil, n, err
			}
			return r, n, nil
		}
	}
	var stdout, stderr bytes.Buffer
	code := run(append(args, fmt.Sprintf("%X", b)), nil, &stdout, &stderr)
	require.Equal(t, 0, code, "exit status; stderr: %s", stderr.String())
	out := stdout.String()
	assert.True(t, strings.HasPrefix(out, fmt.Sprintf("%s (RopId 0x%02X, %d bytes)\n", mi.Title, mi.RopID, len(b))),
		"the title line names the layout:\n%s", out)
	m, _, err := decode(b)
	require.NoError(t, err)
	require.Same(t, mi, m.Info(), "the fields checked are those of the layout the .want file names")
	for f := range m.Fields() {
		if f.Role == codec.FieldLength || f.Name == "RopId" {
			continue
		}
		assert.Contains(t, out, "\n  "+f.Name+":", "field %s is printed", f.Name)
	}
}

// moduleVector is a golden vector of the module's testdata/: its bytes and
// its .want file, named archive/vector.
type moduleVector struct {
	name    string
	b, want []byte
}

// moduleVectors reads every vector of the module's testdata/*.txtar.
func moduleVectors(tb testing.TB) []moduleVector {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*.txtar"))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths, "no golden archives in ../../testdata")
	var out []moduleVector
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		require.NoError(tb, err)
		files := map[string][]byte{}
		for _, f := range a.Files {
			files[f.Name] = f.Data
		}
		for _, f := range a.Files {
			vec, ok := strings.CutSuffix(f.Name, ".hex")
			if !ok {
				continue
			}
			b, err := parseHex(string(f.Data))
			require.NoError(tb, err, "%s %s", p, f.Name)
			out = append(out, moduleVector{filepath.Base(p) + "/" + vec, b, files[vec+".want"]})
		}
	}
	return out
}

// wantType returns the value of the "type:" line of a golden .want file.
func wantType(want []byte) string {
	for _, line := range strings.Split(string(want), "\n") {
		if v, ok := strings.CutPrefix(line, "type:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
