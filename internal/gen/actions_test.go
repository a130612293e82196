package gen

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codeActionsSpec is a spec folder with one namespace, its codes and a
// code-actions table, plus the table given.
func codeActionsSpec(actions string) fstest.MapFS {
	return fstest.MapFS{
		"namespaces.tsv": {Data: []byte("# table: namespaces\nnamespace\tbits\tsection\nXCode\t32\t[T] 1\n")},
		"codes.tsv": {Data: []byte("# table: codes\n# namespace: XCode\nname\tvalue\talias_of\tgo\tsection\n" +
			"Fine\t0\t\tXFine\t[T] 1\nGone\t10\t\tXGone\t[T] 1\nLost\t10\tGone\tXLost\t[T] 1\nBusy\t12\t\tXBusy\t[T] 1\nBad\t13\t\tXBad\t[T] 1\n")},
		"actions.tsv": {Data: []byte(actions)},
	}
}

const codeActionsHead = "# table: code-actions\n# namespace: XCode\n# type: XAction\n# prefix: X\naction\tcode\tsection\tsummary\n"

// TestCodeActionsGolden renders a small code-actions table and compares the
// file with testdata/codeactions/xaction_gen.go.golden (run with -update to
// rewrite it after an intended change, and read the diff).
func TestCodeActionsGolden(t *testing.T) {
	m, err := Load(codeActionsSpec(codeActionsHead +
		"Fail\t*\t[T] 2\tGive up.\nOK\tFine\t[T] 2\tCarry on.\nReconnect\tGone\t[T] 3\tConnect again.\nReconnect\tBusy\t[T] 4\tConnect again.\nFail\tBad\t[T] 2\tGive up.\n"))
	require.NoError(t, err)
	files, err := Generate(m)
	require.NoError(t, err)
	got := files["errors/xaction_gen.go"]
	require.NotNil(t, got, "files: %v", keys(files))
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

func TestCodeActionsRejectsBadTables(t *testing.T) {
	tests := map[string]struct{ table, want string }{
		"unknown namespace": {"# table: code-actions\n# namespace: Nope\n# type: XAction\n# prefix: X\naction\tcode\tsection\nFail\t*\t[T] 1\n",
			`actions.tsv: unknown namespace "Nope"`},
		"bad type": {"# table: code-actions\n# namespace: XCode\n# type: xAction\n# prefix: X\naction\tcode\tsection\nFail\t*\t[T] 1\n",
			`actions.tsv: "xAction": want exported Go identifiers in the '# type:' and '# prefix:' directives`},
		"no default":       {codeActionsHead + "OK\tFine\t[T] 2\t\n", "actions.tsv: no default (*) row"},
		"two defaults":     {codeActionsHead + "Fail\t*\t[T] 2\t\nStop\t*\t[T] 2\t\n", "actions.tsv:7: a second default (*) action"},
		"unknown code":     {codeActionsHead + "Fail\t*\t[T] 2\t\nOK\tFind\t[T] 2\t\n", `actions.tsv:7: "Find" is not a XCode name`},
		"code twice":       {codeActionsHead + "Fail\t*\t[T] 2\t\nOK\tGone\t[T] 2\t\nRetry\tLost\t[T] 2\t\n", "actions.tsv:8: code Gone already has an action at actions.tsv:7"},
		"action not an id": {codeActionsHead + "Fail\t*\t[T] 2\t\ngo on\tFine\t[T] 2\t\n", `actions.tsv:7: action "go on" is not an exported Go identifier`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Load(codeActionsSpec(tc.table))
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
