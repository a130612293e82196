package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWrapDN checks that a DN wrapped for the terminal is broken only before
// a /, so that no component is split and a copied line is whole components,
// however narrow the column: a component longer than a line stands alone on
// a line too long.
func TestWrapDN(t *testing.T) {
	dn := `"/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=BETA"`
	for _, cols := range []int{10, 20, 30, 45, 60, 80} {
		lines := wrapText(dn, cols, cols, wrapLiteral)
		assert.Equal(t, dn, strings.Join(lines, ""), "%d columns", cols)
		for i, l := range lines {
			if i > 0 {
				assert.True(t, strings.HasPrefix(l, "/"), "%d columns: line %d starts inside a component: %q", cols, i, l)
			}
			if len(l) > cols {
				assert.Equal(t, 1, strings.Count(strings.TrimPrefix(l, `"`), "/"), "%d columns: a line too long holds more than one component: %q", cols, l)
			}
		}
	}
	assert.Equal(t, []string{`"/o=First Organization`, `/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)`, `/cn=Configuration/cn=Servers/cn=BETA"`},
		wrapText(dn, 40, 40, wrapLiteral))
	// A flag list breaks after a |, never inside a name.
	assert.Equal(t, []string{"0x21000400 NO_MAIL|", "USE_PER_MDB_REPLID_MAPPING|", "SUPPORT_PROGRESS"},
		wrapText("0x21000400 NO_MAIL|USE_PER_MDB_REPLID_MAPPING|SUPPORT_PROGRESS", 20, 20, wrapLiteral))
	// Prose still breaks at spaces, and splits a word longer than a line.
	assert.Equal(t, []string{"one two", "three"}, wrapText("one two three", 10, 10, wrapWords))
}

// TestByteArrayField checks that a field of fixed bytes ([N]byte, such as a
// LongTermId's GlobalCounter, [MS-OXCDATA] 2.2.1.3.1) shows the bytes it
// holds, from the module's golden vector, not a zero the field's Uint (0
// for arrays) would give.
func TestByteArrayField(t *testing.T) {
	for _, v := range moduleVectors(t) {
		if v.name != "roplogonrops.txtar/longtermidfromid-success" {
			continue
		}
		stdout, stderr, exit := decodeRun(t, v.b, "--response")
		require.Equal(t, 0, exit, stderr)
		assert.Contains(t, stdout, "    GlobalCounter: 0F 0E 0D 0C 0B 0A\n")
		return
	}
	t.Fatal("no vector longtermidfromid-success in ../../testdata/roplogonrops.txtar")
}
