package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// erefDoc builds a miniature [MS-ERREF] with the same Markdown shapes.
const erefDoc = `# [MS-ERREF]: Windows Error Codes
## 2.1 HRESULT
| Value | Meaning |
| --- | --- |
| FACILITY_NULL 0 | Default. |
| FACILITY_SECURITY 9 | Security. |
| FACILITY_SSPI 9 | Security. |
### 2.1.1 HRESULT Values
| Return value/code | Description |
| --- | --- |
| 0x80004005 E_FAIL | Unspecified error. |
| 0x80070032 ERROR_NOT_SUPPORTED | Not supported. |
## 2.2 Win32 Error Codes
| Win32 error codes | Description |
| --- | --- |
| 0x00000000 ERROR_SUCCESS | Fine. |
| 0x00000000 NERR_Success | Fine. |
| 0x00000032 ERROR_NOT_SUPPORTED | Not supported. |
## 2.3 NTSTATUS
### 2.3.1 NTSTATUS Values
| Return value/code | Description |
| --- | --- |
| 0x00000000 STATUS_SUCCESS | Fine. |
## 2.4 LDAP Error to Win32 Error Mapping
| Value: Decimal | Value: Hexadecimal representation | RFC 1777 | RFC 2251 | Ldap Error | Win32 error |
| --- | --- | --- | --- | --- | --- |
| 9 | 0x9 | - | 9 reserved | LDAP_REFERRAL_V2, LDAP_PARTIAL_RESULTS | ERROR_MORE_DATA |
| 15 | 0xF | - | - | - | - |
| 35 | 0x23 | isLeaf | 35 reserved for undefined isLeaf | LDAP_IS_LEAF | ERROR_DS_GENERIC_ERROR |
| 81 | 0x51 | - | 81-90 reserved for APIs | LDAP_SERVER_DOWN | ERROR_BAD_NET_RESP |
# 6 Change Tracking
| Date | Version | Class | Comments |
| --- | --- | --- | --- |
| 2/14/2008 | 5.0.3 | Editorial | x |
| 11/19/2024 | 23.0 | Major | x |
`

func TestERREFSynthetic(t *testing.T) {
	tables, err := ERREF([]byte(erefDoc), nil)
	require.NoError(t, err)
	got := map[string]string{}
	for _, tab := range tables {
		b, err := tab.Bytes()
		require.NoError(t, err)
		got[tab.File] = string(b)
	}
	expect := map[string][]string{
		"codes/win32.tsv": {
			"# namespace: Win32\n", "revision 11/19/2024\n",
			"ERROR_SUCCESS\t0x00000000\t\t\t[MS-ERREF] 2.2\n",
			"NERR_Success\t0x00000000\tERROR_SUCCESS\t\t[MS-ERREF] 2.2\n",
			"ERROR_NOT_SUPPORTED\t0x00000032\t\t\t[MS-ERREF] 2.2\n",
		},
		// a name the Win32 table already uses gets a namespace prefix in Go
		"codes/hresult.tsv": {
			"E_FAIL\t0x80004005\t\t\t[MS-ERREF] 2.1.1\n",
			"ERROR_NOT_SUPPORTED\t0x80070032\t\tHRESULT_ERROR_NOT_SUPPORTED\t[MS-ERREF] 2.1.1\n",
		},
		"codes/ntstatus.tsv": {"STATUS_SUCCESS\t0x00000000\t\t\t[MS-ERREF] 2.3.1\n"},
		"codes/hresult-facilities.tsv": {
			"FACILITY_NULL\t0\t\t[MS-ERREF] 2.1\n",
			"FACILITY_SSPI\t9\tFACILITY_SECURITY\t[MS-ERREF] 2.1\n",
		},
		"codes/ldap.tsv": {
			"LDAP_REFERRAL_V2\t0x00000009\t\t\t[MS-ERREF] 2.4\tERROR_MORE_DATA\t\t\n",
			"LDAP_PARTIAL_RESULTS\t0x00000009\tLDAP_REFERRAL_V2\t\t[MS-ERREF] 2.4\t\t\t\n",
			"LDAP_IS_LEAF\t0x00000023\t\t\t[MS-ERREF] 2.4\tERROR_DS_GENERIC_ERROR\t\t\n",
			"isLeaf\t0x00000023\tLDAP_IS_LEAF\t-\t[MS-ERREF] 2.4\t\t\t\n",
			"LDAP_SERVER_DOWN\t0x00000051\t\t\t[MS-ERREF] 2.4\tERROR_BAD_NET_RESP\t\t\n",
		},
	}
	for file, parts := range expect {
		for _, p := range parts {
			if !strings.Contains(got[file], p) {
				t.Errorf("%s lacks %q; it is:\n%s", file, p, got[file])
			}
		}
	}
	for _, reserved := range []string{"reserved", "0x0000000F"} {
		if strings.Contains(got["codes/ldap.tsv"], reserved) {
			t.Errorf("ldap.tsv holds %q, which is no name", reserved)
		}
	}
}

func TestERREFRejects(t *testing.T) {
	tests := map[string]string{
		"no revision history":      strings.Split(erefDoc, "# 6 Change Tracking")[0],
		"decimal and hex disagree": strings.Replace(erefDoc, "| 81 | 0x51 |", "| 81 | 0x52 |", 1),
		"unreadable code row":      strings.Replace(erefDoc, "| 0x00000032 ERROR_NOT_SUPPORTED |", "| 0x00000032 ERROR NOT SUPPORTED |", 1),
		"empty section":            strings.Replace(erefDoc, "| 0x00000000 STATUS_SUCCESS | Fine. |\n", "", 1),
	}
	for name, doc := range tests {
		if _, err := ERREF([]byte(doc), nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
