package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const errataHead = "# table: errata\n# namespace: LDAPResult\nsection\tvalue\tdocument_name\tdocument_win32\tname\twin32\tsource\treason\n"

// swapDoc is erefDoc with the two rows of [MS-ERREF] 2.4 that the document
// prints swapped, as revision 11/19/2024 prints them.
var swapDoc = strings.Replace(erefDoc, "| 81 | 0x51 |",
	"| 93 | 0x5D | - | - | LDAP_NO_RESULTS_RETURNED | ERROR_MORE_DATA |\n| 94 | 0x5E | - | - | LDAP_CONTROL_NOT_FOUND | ERROR_NOT_FOUND |\n| 81 | 0x51 |", 1)

const swapErrata = errataHead +
	"[MS-ERREF] 2.4\t0x0000005D\tLDAP_NO_RESULTS_RETURNED\tERROR_MORE_DATA\tLDAP_CONTROL_NOT_FOUND\tERROR_NOT_FOUND\twinldap.h\tThe document prints 93 as LDAP_NO_RESULTS_RETURNED.\n" +
	"[MS-ERREF] 2.4\t0x0000005E\tLDAP_CONTROL_NOT_FOUND\tERROR_NOT_FOUND\tLDAP_NO_RESULTS_RETURNED\tERROR_MORE_DATA\twinldap.h\tThe document prints 94 as LDAP_CONTROL_NOT_FOUND.\n"

func ldapText(t *testing.T, doc, errata string) (string, error) {
	t.Helper()
	e, err := ReadErrata("e.tsv", []byte(errata))
	require.NoError(t, err)
	tables, err := ERREF([]byte(doc), e)
	if err != nil {
		return "", err
	}
	for _, tab := range tables {
		if tab.File == "codes/ldap.tsv" {
			b, err := tab.Bytes()
			require.NoError(t, err)
			return string(b), nil
		}
	}
	t.Fatal("no codes/ldap.tsv")
	return "", nil
}

// An erratum replaces the name and the Win32 mapping that the document
// prints, and the row keeps the evidence and the document's reading.
func TestERREFAppliesErrata(t *testing.T) {
	got, err := ldapText(t, swapDoc, swapErrata)
	require.NoError(t, err)
	assert.Contains(t, got, "LDAP_CONTROL_NOT_FOUND\t0x0000005D\t\t\t[MS-ERREF] 2.4\tERROR_NOT_FOUND\twinldap.h\tThe document prints 93 as LDAP_NO_RESULTS_RETURNED.\n")
	assert.Contains(t, got, "LDAP_NO_RESULTS_RETURNED\t0x0000005E\t\t\t[MS-ERREF] 2.4\tERROR_MORE_DATA\twinldap.h\tThe document prints 94 as LDAP_CONTROL_NOT_FOUND.\n")
	assert.Contains(t, got, "LDAP_SERVER_DOWN\t0x00000051\t\t\t[MS-ERREF] 2.4\tERROR_BAD_NET_RESP\t\t\n", "rows without an erratum are as printed")
	assert.Contains(t, got, "spec/codes/ldap-errata.tsv", "the header points at the errata")

	// Without the errata the table is the document's reading.
	plain, err := ldapText(t, swapDoc, errataHead)
	require.NoError(t, err)
	assert.Contains(t, plain, "LDAP_NO_RESULTS_RETURNED\t0x0000005D\t\t\t[MS-ERREF] 2.4\tERROR_MORE_DATA\t\t\n")
}

// An erratum that no longer matches the document (a new revision corrected
// the row) or names a row the document lacks stops the extraction.
func TestERREFRejectsStaleErrata(t *testing.T) {
	corrected := strings.NewReplacer(
		"| 93 | 0x5D | - | - | LDAP_NO_RESULTS_RETURNED | ERROR_MORE_DATA |", "| 93 | 0x5D | - | - | LDAP_CONTROL_NOT_FOUND | ERROR_NOT_FOUND |",
		"| 94 | 0x5E | - | - | LDAP_CONTROL_NOT_FOUND | ERROR_NOT_FOUND |", "| 94 | 0x5E | - | - | LDAP_NO_RESULTS_RETURNED | ERROR_MORE_DATA |",
	).Replace(swapDoc)
	_, err := ldapText(t, corrected, swapErrata)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the document has changed; review the erratum")

	_, err = ldapText(t, erefDoc, swapErrata)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "e.tsv")
	assert.Contains(t, err.Error(), "has no row for 0x0000005D")
}

func TestReadErrataRejects(t *testing.T) {
	row := "[MS-ERREF] 2.4\t0x5D\tA\tERROR_X\tB\tERROR_Y\tsrc\twhy\n"
	tests := map[string]struct{ text, want string }{
		"missing column":  {"section\tvalue\n", `missing column "document_name"`},
		"decimal value":   {errataHead + strings.Replace(row, "0x5D", "93", 1), `value "93": want 0x and hex digits`},
		"no evidence":     {errataHead + strings.Replace(row, "src", "", 1), "source is empty"},
		"short row":       {errataHead + "[MS-ERREF] 2.4\t0x5D\n", "row has 2 cells"},
		"second erratum":  {errataHead + row + row, "a second erratum"},
		"no correct name": {errataHead + strings.Replace(row, "\tB\t", "\t\t", 1), "name is empty"},
		"column twice":    {"section\tsection\n", `column "section" given twice`},
	}
	for name, tc := range tests {
		_, err := ReadErrata("e.tsv", []byte(tc.text))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), tc.want, name)
		}
	}
}

// FuzzReadErrata checks that odd input gives an error, never a panic.
func FuzzReadErrata(f *testing.F) {
	f.Add([]byte(swapErrata))
	f.Add([]byte("value\tvalue\nsection\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if e, err := ReadErrata("e.tsv", data); err == nil {
			_, _ = ERREF([]byte(swapDoc), e)
		}
	})
}
