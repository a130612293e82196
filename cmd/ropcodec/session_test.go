package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSessionFromFiles checks that two or more @FILE operands are read as a
// session, one buffer a file, as --session reads them, and that one @FILE
// operand is not.
func TestSessionFromFiles(t *testing.T) {
	var args, stdout string
	for _, c := range loadGolden(t) {
		if filepath.Base(c.path) == "decode-session-odd.txtar" {
			args = strings.Join(c.args, " ")
			for _, f := range c.arch.Files {
				if f.Name == "stdout" {
					stdout = string(f.Data)
				}
			}
		}
	}
	require.NotEmpty(t, stdout, "testdata/decode-session-odd.txtar")
	words := strings.Fields(args)
	require.Equal(t, []string{"decode", "--session"}, words[:2])
	dir := t.TempDir()
	fileArgs := []string{"decode"}
	for i, hex := range words[2:] {
		name := filepath.Join(dir, string(rune('a'+i)))
		require.NoError(t, os.WriteFile(name, []byte(hex+"\n"), 0o666))
		fileArgs = append(fileArgs, "@"+name)
	}
	var out, errOut bytes.Buffer
	code := run(fileArgs, nil, &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	assert.Equal(t, stdout, out.String())

	out.Reset()
	code = run(fileArgs[:2], nil, &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	assert.NotContains(t, out.String(), "Session of")
	assert.True(t, sessionOperands([]string{"@a", "@b"}))
	assert.False(t, sessionOperands([]string{"@a", "FE"}))
	assert.False(t, sessionOperands([]string{"@a"}))
}
