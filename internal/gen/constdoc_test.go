package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A constant's doc comment gives the summary where the table has one and the
// section in any case; it does not restate the name.
func TestConstDocSaysSummaryOrSection(t *testing.T) {
	m, _, err := loadArchive(t, "constdoc.txtar")
	require.NoError(t, err)
	docs := map[string]string{}
	for _, v := range m.Namespace("EC").Values {
		for _, n := range v.Names {
			docs[n.Go] = constDoc(n)
		}
	}
	assert.Equal(t, map[string]string{
		"EcWrongServer": "EcWrongServer (ecWrongServer): Mailbox is elsewhere. EC 0x00000478, [T] 1.",
		"WrongServer":   "WrongServer is another name for ecWrongServer (EC 0x00000478), [T] 2. Value from x.h.",
		"EC_E_FAIL":     "EC_E_FAIL (E_FAIL) is EC 0x80004005, [T] 3.",
		"ERROR_X":       "ERROR_X is EC 0x00000001, [T] 4.",
	}, docs)
}
