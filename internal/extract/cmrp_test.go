package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cmrpDoc builds a synthetic [MS-CMRP]-like document from sections.
func cmrpDoc(sections ...string) []byte {
	return []byte("# [MS-CMRP]: Test\n\nLast updated: 1/2/2003.\n\n# 3 Protocol Details\n\n#### 3.1.4.1 Protocol Version 2\n\nIntro.\n\n" +
		strings.Join(sections, "\n") + "\n#### 3.1.4.3 Method Control Codes\n\nThe client SHOULD treat errors specified in section 3.2.4.6 as recoverable errors and initiate the reconnect procedure.\n")
}

const (
	cmrpEligibleText = "For any other condition, this method MUST return a value that is not one of the values listed in the preceding table. " +
		"The [**client**](#gt_client) MUST behave in one consistent, identical manner for all values that are not listed in the preceding table. " +
		"However, the client SHOULD treat errors specified in section [3.2.4.6](#Section_3.2.4.6) as recoverable errors and initiate the reconnect procedure as specified in section 3.2.4.6.\n"
	cmrpExceptText = "For any other condition, the server MUST set *Status* to a value that is not one of the values listed in the preceding table. " +
		"The client MUST treat all values that are not listed in the preceding table the same, except as specified in section [3.2.4.6](#Section_3.2.4.6).\n"
	cmrpNotInterpretText = "If the method fails, the client SHOULD NOT interpret error codes from ApiOpenNode for reconnection as specified in section [3.2.4.6](#Section_3.2.4.6).\n"
)

func cmrpRows(t *testing.T, doc []byte) [][]string {
	t.Helper()
	tab, err := CMRPMethods(doc)
	require.NoError(t, err, "CMRPMethods")
	return tab.Rows
}

func TestCMRPMethodsSynthetic(t *testing.T) {
	doc := cmrpDoc(
		"##### 3.1.4.1.1 ApiOpenCluster (Opnum 0)\n\nReturns a handle.\n\n"+cmrpExceptText,
		"##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n"+cmrpEligibleText,
		"##### 3.1.4.1.3 ApiSetClusterName (Opnum 2)\n\nNo mention at all.\n",
		"##### 3.1.4.1.67 ApiOpenNode (Opnum 66)\n\n"+cmrpNotInterpretText,
	)
	tab, err := CMRPMethods(doc)
	require.NoError(t, err, "CMRPMethods")
	want := [][]string{{"ApiGetClusterName", "3", "2", "[MS-CMRP] 3.1.4.1.4"}}
	if got := tab.Rows; !cmrpRowsEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	if tab.File != "reconnect/cmrp-methods.tsv" {
		t.Errorf("File = %q", tab.File)
	}
	wantDir := [][2]string{
		{"table", "cmrp-methods"},
		{"source", "[MS-CMRP] 3.1.4.1 and 3.1.4.2, last updated 1/2/2003"},
		{"generated-by", "go run ./cmd/extract"},
	}
	if len(tab.Directives) != len(wantDir) {
		t.Fatalf("Directives = %q, want %q", tab.Directives, wantDir)
	}
	for i := range wantDir {
		if tab.Directives[i] != wantDir[i] {
			t.Errorf("Directives[%d] = %q, want %q", i, tab.Directives[i], wantDir[i])
		}
	}
	if strings.Join(tab.Columns, ",") != "name,opnum,version,section" {
		t.Errorf("Columns = %q", tab.Columns)
	}
	if len(tab.Comments) == 0 {
		t.Error("no comment lines")
	}
	if _, err := tab.Bytes(); err != nil {
		t.Errorf("Bytes: %v", err)
	}
}

func TestCMRPMethodsPhrasings(t *testing.T) {
	eligible := []string{
		"The client SHOULD treat errors specified in [3.2.4.6](#Section_3.2.4.6) as recoverable errors, and initiate the reconnect procedure as specified in section 3.2.4.6.",
		"The client treats errors specified in [3.2.4.6](#Section_3.2.4.6) as recoverable errors and initiate the reconnect procedure as specified in section 3.2.4.6.",
		"The client SHOULD treat errors specified in 3.2.4.6 as recoverable errors and initiate the reconnect procedure specified in section 3.2.4.6",
		"The client MUST behave identically for all return values that are not listed in the preceding table; however, the client SHOULD treat errors specified in section [3.2.4.6](#Section_3.2.4.6) as recoverable errors and initiate the reconnect procedure as specified in that section.",
		"The client SHOULD treat errors as recoverable errors, and initiate the reconnect procedure as specified in section [3.2.4.6](#Section_3.2.4.6).",
		"The client MUST treat all such values identically, with the exception of errors specified in section [3.2.4.6](#Section_3.2.4.6), which are recoverable and for which the client SHOULD initiate the reconnect procedure.",
		"Clients MUST treat all such values identically, with the exception of errors specified in section [3.2.4.6](#Section_3.2.4.6), which are recoverable errors for which the client SHOULD initiate the reconnect procedure.",
		"The client MUST treat all values that are not listed in the preceding table identically, except for recoverable errors specified in section [3.2.4.6](#Section_3.2.4.6), for which the client SHOULD initiate the reconnect procedure.",
		"Clients MUST treat all values other than ERROR_SUCCESS identically, except for recoverable errors as specified in section [3.2.4.6](#Section_3.2.4.6), for which the client MUST initiate the reconnect procedure.",
		"The client SHOULD treat errors specified in section\n[3.2.4.6](#Section_3.2.4.6) as recoverable errors and initiate\nthe reconnect procedure as specified in section 3.2.4.6.",
	}
	for _, text := range eligible {
		doc := cmrpDoc("##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n" + text + "\n")
		if rows := cmrpRows(t, doc); len(rows) != 1 {
			t.Errorf("not accepted: %q", text)
		}
	}
	ineligible := []string{
		cmrpExceptText,
		cmrpNotInterpretText,
		"The client MUST treat all nonzero values the same, except as specified in section 3.2.4.6.",
		"The client SHOULD NOT treat errors specified in section 3.2.4.6 as recoverable errors and initiate the reconnect procedure.",
		"Errors are never recoverable; the client SHOULD NOT initiate the reconnect procedure specified in section 3.2.4.6.",
		"This section does not mention 3.2.4.60 or the reconnect logic.",
	}
	for _, text := range ineligible {
		doc := cmrpDoc("##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n" + text + "\n")
		if rows := cmrpRows(t, doc); len(rows) != 0 {
			t.Errorf("accepted: %q", text)
		}
	}
}

// A method that returns a context handle and defers its Status to 3.2.4.6 is
// eligible, with 3.2.4.6 in its section; one that returns an error code and
// only defers is not.
func TestCMRPMethodsContextHandles(t *testing.T) {
	doc := append([]byte("#### 2.2.1.4 HRES_RPC\n\nA handle.\n\n"), cmrpDoc(
		"##### 3.1.4.1.9 ApiOpenResource (Opnum 8)\n\nHRES_RPC\u00a0ApiOpenResource(\n\n[out] error_status_t *Status\n\n);\n\n"+cmrpExceptText,
		"##### 3.1.4.1.3 ApiSetClusterName (Opnum 2)\n\nerror_status_t ApiSetClusterName(\n\n);\n\n"+cmrpExceptText,
		"##### 3.1.4.1.1 ApiOpenCluster (Opnum 0)\n\nHCLUSTER_RPC ApiOpenCluster(\n\n);\n\nReturns a handle.\n",
		"##### 3.1.4.1.10 ApiCreateResource (Opnum 9)\n\nHGROUP_RPC ApiCreateResource(\n\n);\n\n"+cmrpExceptText,
	)...)
	want := [][]string{{"ApiOpenResource", "8", "2", "[MS-CMRP] 3.1.4.1.9; 3.2.4.6"}}
	if got := cmrpRows(t, doc); !cmrpRowsEqual(got, want) {
		t.Errorf("rows = %q, want %q (HGROUP_RPC is no type of 2.2.1 here)", got, want)
	}
}

func TestCMRPMethodsSectionBoundary(t *testing.T) {
	// The instruction belongs to the section it appears in: a lower-level
	// heading stays inside the method, a same-level one ends it.
	doc := cmrpDoc(
		"##### 3.1.4.1.2 ApiCloseCluster (Opnum 1)\n\nText.\n\n###### Remarks\n\n"+cmrpEligibleText,
		"##### 3.1.4.1.3 ApiSetClusterName (Opnum 2)\n\nText.\n\n##### Unnumbered heading\n\n"+cmrpEligibleText,
		"##### 3.1.4.1.5 ApiGetClusterVersion (Opnum 4)\n\n```\n##### not a heading\n```\n\n"+cmrpEligibleText,
	)
	want := [][]string{
		{"ApiCloseCluster", "1", "2", "[MS-CMRP] 3.1.4.1.2"},
		{"ApiGetClusterVersion", "4", "2", "[MS-CMRP] 3.1.4.1.5"},
	}
	if got := cmrpRows(t, doc); !cmrpRowsEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

func TestCMRPMethodsVersion3(t *testing.T) {
	doc := cmrpDoc(
		"#### 3.1.4.2 Protocol Version 3\n",
		"##### 3.1.4.2.116 ApiOpenClusterEx (Opnum 117)\n\n"+cmrpEligibleText,
		"##### 3.1.4.2.4 ApiGetClusterName (Opnum 3)\n\n"+cmrpEligibleText,
		"#### 3.1.4.1 Protocol Version 2 again\n",
		"##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n"+cmrpEligibleText,
	)
	want := [][]string{
		{"ApiGetClusterName", "3", "2", "[MS-CMRP] 3.1.4.1.4"},
		{"ApiGetClusterName", "3", "3", "[MS-CMRP] 3.1.4.2.4"},
		{"ApiOpenClusterEx", "117", "3", "[MS-CMRP] 3.1.4.2.116"},
	}
	if got := cmrpRows(t, doc); !cmrpRowsEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

func TestCMRPMethodsErrors(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{
			name: "duplicate opnum",
			doc: string(cmrpDoc(
				"##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n"+cmrpEligibleText,
				"##### 3.1.4.1.5 ApiGetClusterNameAgain (Opnum 3)\n\nNothing.\n",
			)),
			want: "line 15:",
		},
		{
			name: "heading without opnum",
			doc:  string(cmrpDoc("##### 3.1.4.1.4 ApiGetClusterName\n\n" + cmrpEligibleText)),
			want: "line 11:",
		},
		{
			name: "unrecognised wording",
			doc:  string(cmrpDoc("##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\nThe client SHOULD start the reconnect procedure of section 3.2.4.6 on errors.\n")),
			want: "line 13:",
		},
		{
			name: "no method headings",
			doc:  "# Something else\n\nText.\n",
			want: "no method headings",
		},
		{
			name: "unterminated fence",
			doc:  string(cmrpDoc("##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n```\n")),
			want: "unterminated code fence",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := CMRPMethods([]byte(c.doc))
			require.Error(t, err, "rows %q", tabRows(tab))
			assert.ErrorContains(t, err, c.want)
		})
	}
}

// TestCMRPMethodsReference checks facts of the extraction from the reference
// document; TestCommittedTablesMatchReference compares it with the table.
// tabRows returns the rows of t, or nil for no table.
func tabRows(t *Table) [][]string {
	if t == nil {
		return nil
	}
	return t.Rows
}

func TestCMRPMethodsReference(t *testing.T) {
	doc := readReference(t, "MS-CMRP.md")
	tab, err := CMRPMethods(doc)
	require.NoError(t, err, "CMRPMethods")

	eligible := map[[2]string]string{} // (name/opnum, version) -> section
	byStatus := 0
	for _, r := range tab.Rows {
		eligible[[2]string{r[0] + "/" + r[1], r[2]}] = r[3]
		if strings.HasSuffix(r[3], "; 3.2.4.6") {
			byStatus++
		}
	}
	for _, v := range []string{"2", "3"} {
		if sec := eligible[[2]string{"ApiGetClusterName/3", v}]; sec == "" || strings.Contains(sec, ";") {
			t.Errorf("ApiGetClusterName opnum 3 in version %s: section %q, want its own instruction", v, sec)
		}
		if sec, ok := eligible[[2]string{"ApiOpenCluster/0", v}]; ok {
			t.Errorf("ApiOpenCluster opnum 0 eligible in version %s (%s); its section does not mention 3.2.4.6", v, sec)
		}
		// ApiOpenNode returns an HNODE_RPC and defers its Status to 3.2.4.6.
		if sec := eligible[[2]string{"ApiOpenNode/66", v}]; !strings.HasSuffix(sec, "; 3.2.4.6") {
			t.Errorf("ApiOpenNode opnum 66 in version %s: section %q, want eligible by 3.2.4.6", v, sec)
		}
		// ApiSetClusterName returns an error code and only defers to 3.2.4.6.
		if sec, ok := eligible[[2]string{"ApiSetClusterName/2", v}]; ok {
			t.Errorf("ApiSetClusterName opnum 2 eligible in version %s (%s)", v, sec)
		}
	}
	// The issue that asked for the context handle methods counted 30 of
	// them among the 85 sections that only defer to 3.2.4.6.
	if byStatus != 30 {
		t.Errorf("%d methods eligible by their context handle's Status, want 30", byStatus)
	}

	// Every method section that mentions 3.2.4.6 without the instruction
	// only says "except as specified in section 3.2.4.6"; a new wording
	// shows up here.
	secs, err := cmrpScan(doc)
	require.NoError(t, err)
	var mentions, accepted int
	for _, s := range secs {
		if s.mentions {
			mentions++
		}
		if s.eligible {
			accepted++
			continue
		}
		if s.mentions && !strings.Contains(strings.Join(s.text, " "), "except as specified in section 3.2.4.6") {
			t.Errorf("%s %s mentions 3.2.4.6 in an unexpected way", s.number, s.name)
		}
		if len(s.negated) > 0 {
			t.Errorf("%s %s has negated reconnect wording: %q", s.number, s.name, s.negated)
		}
	}
	t.Logf("%d method sections, %d mention 3.2.4.6, %d eligible", len(secs), mentions, accepted)
}

func cmrpRowsEqual(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\t") != strings.Join(b[i], "\t") {
			return false
		}
	}
	return true
}

// FuzzCMRPMethods checks that odd input gives an error, never a panic.
func FuzzCMRPMethods(f *testing.F) {
	f.Add(cmrpDoc("##### 3.1.4.1.4 ApiGetClusterName (Opnum 3)\n\n" + cmrpEligibleText))
	f.Add(cmrpDoc("##### 3.1.4.2.4 ApiGetClusterName (Opnum 99999999999999999999)\n"))
	f.Add([]byte("##### 3.1.4.1.1 X (Opnum 0)\r\n```\r\n# 3.1.4.1.1\r\n```\r\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		tab, err := CMRPMethods(doc)
		if err != nil {
			return
		}
		if _, err := tab.Bytes(); err != nil {
			t.Errorf("Bytes: %v", err)
		}
	})
}
