package gen

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCodeActionsGolden renders the code-actions table of
// testdata/codeactions.txtar and compares the file with
// testdata/codeactions/xaction_gen.go.golden (run with -update to rewrite
// it after an intended change, and read the diff). Its rejections are
// testdata/reject/code-actions-*.txtar.
func TestCodeActionsGolden(t *testing.T) {
	m, _, err := loadArchive(t, "codeactions.txtar")
	require.NoError(t, err)
	files, err := Generate(m)
	require.NoError(t, err)
	got := files["errors/xaction_gen.go"]
	require.NotNil(t, got)
	golden := "testdata/codeactions/xaction_gen.go.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	// An alias row (Lost) is classified by its canonical code's action.
	assert.True(t, bytes.Contains(got, []byte("case XGone, XBusy:\n\t\treturn XReconnect")), "the switch lists the canonical codes of the action")
}
