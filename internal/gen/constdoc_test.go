package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A constant's doc comment gives the summary where the table has one and the
// section in any case; it does not restate the name.
func TestConstDocSaysSummaryOrSection(t *testing.T) {
	m, err := load(map[string]string{"a.tsv": "# table: codes\n# namespace: EC\nname\tvalue\talias_of\tgo\tsection\tsource\tsummary\n" +
		"ecWrongServer\t0x478\t\t\t[T] 1\t\tMailbox is elsewhere\n" +
		"WrongServer\t0x478\tecWrongServer\t\t[T] 2\tx.h\t\n" +
		"E_FAIL\t0x80004005\t\tEC_E_FAIL\t[T] 3\t\t\n" +
		"ERROR_X\t0x1\t\t\t[T] 4\t\t\n"})
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
