package errors

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// LookupName's binary search is right only if the generator sorted
// nameIndex by the order it searches with: ascii.CompareFold, then
// namespace. Both use that one function; this test holds the generated
// table to it.
func TestNameIndexSortedByCompareFold(t *testing.T) {
	require.NotEmpty(t, nameIndex)
	for i := 1; i < len(nameIndex); i++ {
		prev, cur := &nameIndex[i-1], &nameIndex[i]
		c := ascii.CompareFold(prev.text(), cur.text())
		if !assert.True(t, c < 0 || c == 0 && prev.namespace < cur.namespace,
			"nameIndex[%d] %s %q is not before nameIndex[%d] %s %q", i-1, prev.namespace, prev.text(), i, cur.namespace, cur.text()) {
			return
		}
	}
}
