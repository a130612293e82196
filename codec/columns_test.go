package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestColumnsKeysDescribed checks that every context key the registry
// publishes is one of the package's constants: ColumnsDescription describes
// it, and a key of the request names a PropertyTag[] field of the request.
func TestColumnsKeysDescribed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range ROPs() {
		for _, resp := range r.Responses {
			key := resp.Columns
			if key == "" {
				continue
			}
			seen[key] = true
			assert.NotEmpty(t, ColumnsDescription(key), "%s: Columns %q", resp.Type, key)
			field, ok := ColumnsRequestField(key)
			if !ok {
				continue
			}
			if !assert.NotNil(t, r.Request, "%s: Columns %q, but %s has no request", resp.Type, key, r.Name) {
				continue
			}
			found := false
			for f := range r.Request.New().Fields() {
				if _, tags := f.Value.([]PropertyTag); tags && f.Name == field {
					found = true
				}
			}
			assert.True(t, found, "%s: Columns %q, but %s has no PropertyTag[] field %s", resp.Type, key, r.Request.Type, field)
		}
	}
	for _, key := range []string{ColumnsFromTable, ColumnsFromRecipients, ColumnsFromRequestPropertyTags} {
		assert.True(t, seen[key], "no response takes the columns of %q", key)
	}
	assert.Empty(t, ColumnsDescription("tables"))
}
