package extract

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// erref describes one code table of [MS-ERREF] 2.1.1, 2.2 or 2.3.1: the
// section whose rows are read, the namespace they belong to and the spec
// file they go to.
type erref struct {
	section   string
	namespace string
	file      string
	title     string
}

// erefTables are listed in the order in which a name shared by two tables is
// kept as written: the first table keeps the plain Go identifier and later
// ones get the namespace as a prefix.
var erefTables = []erref{
	{"2.2", "Win32", "codes/win32.tsv", "Win32 Error Codes"},
	{"2.3.1", "NTSTATUS", "codes/ntstatus.tsv", "NTSTATUS Values"},
	{"2.1.1", "HRESULT", "codes/hresult.tsv", "HRESULT Values"},
}

var (
	headingRE  = regexp.MustCompile(`^#+ (\d+(?:\.\d+)*) `)
	codeRowRE  = regexp.MustCompile(`^\| (0x[0-9A-Fa-f]{8}) ([A-Za-z_][A-Za-z0-9_]*) \|`)
	ldapRowRE  = regexp.MustCompile(`^\| (\d+) \| (0x[0-9A-Fa-f]+) \|(.*)\|\s*$`)
	facilityRE = regexp.MustCompile(`^\| (FACILITY_[A-Z0-9_]+) (\d+) \|`)
	identRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	revisionRE = regexp.MustCompile(`^\| (\d+/\d+/\d{4}) \| [0-9.]+ \|`)
)

// ERREF extracts the HRESULT (2.1.1), Win32 (2.2), NTSTATUS (2.3.1) and LDAP
// (2.4) tables of [MS-ERREF]. A value listed under several names keeps the
// first name, in document order, as canonical; the others become its
// aliases. errata lists the rows of 2.4 that the document misprints and the
// LDAP table carries as Windows has them instead; every erratum must still
// match the document, so that a corrected revision fails the extraction
// until its erratum is removed.
func ERREF(doc []byte, errata []Erratum) ([]*Table, error) {
	rows := map[string][]docRow{}
	revision := ""
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(doc))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if m := headingRE.FindStringSubmatch(text); m != nil {
			section = m[1]
			continue
		}
		if m := revisionRE.FindStringSubmatch(text); m != nil {
			revision = m[1] // the revision history is in date order; the last row wins
			continue
		}
		if !strings.HasPrefix(text, "| ") {
			continue
		}
		switch section {
		case "2.1":
			if m := facilityRE.FindStringSubmatch(text); m != nil {
				rows["2.1"] = append(rows["2.1"], docRow{line: line, cells: []string{m[1], m[2]}})
			} else if strings.HasPrefix(text, "| FACILITY_") {
				return nil, fmt.Errorf("MS-ERREF.md:%d: section 2.1: facility row does not read as name and value", line)
			}
		case "2.1.1", "2.2", "2.3.1":
			if m := codeRowRE.FindStringSubmatch(text); m != nil {
				rows[section] = append(rows[section], docRow{line: line, cells: []string{m[1], m[2]}})
			} else if strings.HasPrefix(text, "| 0x") {
				return nil, fmt.Errorf("MS-ERREF.md:%d: section %s: row does not read as value and name", line, section)
			}
		case "2.4":
			if m := ldapRowRE.FindStringSubmatch(text); m != nil {
				cells := splitCells(m[3])
				if len(cells) != 4 {
					return nil, fmt.Errorf("MS-ERREF.md:%d: section 2.4: want 6 cells, have %d", line, len(cells)+2)
				}
				rows["2.4"] = append(rows["2.4"], docRow{line: line, cells: append([]string{m[1], m[2]}, cells...)})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if revision == "" {
		return nil, fmt.Errorf("MS-ERREF.md: no revision history found")
	}
	var out []*Table
	taken := map[string]string{} // Go identifier -> namespace that uses it
	for _, spec := range erefTables {
		if len(rows[spec.section]) == 0 {
			return nil, fmt.Errorf("MS-ERREF.md: section %s has no rows", spec.section)
		}
		t := codeTable(spec.file, spec.namespace, fmt.Sprintf("[MS-ERREF] %s %s, revision %s", spec.section, spec.title, revision))
		canonical := map[string]string{}
		for _, r := range rows[spec.section] {
			value, name := strings.ToUpper(r.cells[0][2:]), r.cells[1]
			alias := canonical[value]
			if alias == "" {
				canonical[value] = name
			}
			goName := ""
			if ns, ok := taken[name]; ok && ns != spec.namespace {
				goName = spec.namespace + "_" + name
			}
			taken[name] = spec.namespace
			t.AddRow(name, "0x"+value, alias, goName, "[MS-ERREF] "+spec.section)
		}
		out = append(out, t)
	}
	ldap, err := ldapTable(rows["2.4"], revision, errata)
	if err != nil {
		return nil, err
	}
	facilities, err := facilityTable(rows["2.1"], revision)
	if err != nil {
		return nil, err
	}
	return append(out, ldap, facilities), nil
}

// facilityTable turns the [MS-ERREF] 2.1 facility codes into a table; a
// value listed twice (FACILITY_SECURITY and FACILITY_SSPI are both 9) keeps
// its first name as canonical.
func facilityTable(rows []docRow, revision string) (*Table, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("MS-ERREF.md: section 2.1 has no facility rows")
	}
	t := &Table{
		File: "codes/hresult-facilities.tsv",
		Directives: [][2]string{
			{"table", "facilities"},
			{"source", fmt.Sprintf("[MS-ERREF] 2.1 HRESULT, facility codes, revision %s", revision)},
			{"generated-by", "go run ./cmd/extract"},
		},
		Comments: []string{"The Facility field of an HRESULT: names and values only."},
		Columns:  []string{"name", "value", "alias_of", "section"},
	}
	canonical := map[string]string{}
	for _, r := range rows {
		name, value := r.cells[0], r.cells[1]
		alias := canonical[value]
		if alias == "" {
			canonical[value] = name
		}
		t.AddRow(name, value, alias, "[MS-ERREF] 2.1")
	}
	return t, nil
}

// docRow is a table row of the document with the line it was read from.
type docRow struct {
	line  int
	cells []string
}

func codeTable(file, namespace, source string) *Table {
	return &Table{
		File: file,
		Directives: [][2]string{
			{"table", "codes"},
			{"namespace", namespace},
			{"source", source},
			{"generated-by", "go run ./cmd/extract"},
		},
		Comments: []string{
			"Names and values only; the document's descriptions are not copied. A value listed",
			"under several names keeps the first as canonical and marks the others as its aliases.",
		},
		Columns: []string{"name", "value", "alias_of", "go", "section"},
	}
}

// ldapTable turns [MS-ERREF] 2.4 into LDAPResult rows. The Windows
// LDAP_RETCODE name is canonical; a second Windows name and the RFC 2251 and
// RFC 1777 names become aliases. The RFC names are camelCase, which is not an
// exported Go identifier, so they are found by look-up only (go column "-").
// A row that an erratum corrects gets the erratum's name and Win32 mapping,
// its source, and its reason as the summary.
func ldapTable(rows []docRow, revision string, errata []Erratum) (*Table, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("MS-ERREF.md: section 2.4 has no rows")
	}
	t := codeTable("codes/ldap.tsv", "LDAPResult", fmt.Sprintf("[MS-ERREF] 2.4 LDAP Error to Win32 Error Mapping, revision %s", revision))
	t.Comments = []string{
		"The Windows LDAP_RETCODE name is canonical; a second Windows name and the RFC 2251 and",
		"RFC 1777 resultCode names are aliases. win32: the Win32 code the value maps to, by name,",
		"given on the canonical row.",
		"Rows with a source depart from the document: spec/" + ErrataFile + " lists where [MS-ERREF] 2.4",
		"misprints a row, what Windows has instead and the evidence; the summary records the document's reading.",
	}
	t.Columns = append(t.Columns, "win32", "source", "summary")
	applied := map[uint32]bool{}
	for _, r := range rows {
		dec, err := strconv.ParseUint(r.cells[0], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("MS-ERREF.md:%d: section 2.4: %v", r.line, err)
		}
		if hex := fmt.Sprintf("0x%X", dec); !strings.EqualFold(hex, r.cells[1]) {
			return nil, fmt.Errorf("MS-ERREF.md:%d: section 2.4: decimal %s and hexadecimal %s disagree", r.line, r.cells[0], r.cells[1])
		}
		value := fmt.Sprintf("0x%08X", dec)
		var names []string
		for _, n := range strings.Split(r.cells[4], ",") {
			if n = strings.TrimSpace(n); identRE.MatchString(n) {
				names = append(names, n)
			}
		}
		for _, n := range []string{r.cells[3], r.cells[2]} {
			if identRE.MatchString(n) && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			continue
		}
		win32 := r.cells[5]
		if !identRE.MatchString(win32) {
			win32 = ""
		}
		source, summary := "", ""
		if e := erratumFor(errata, "[MS-ERREF] 2.4", uint32(dec)); e != nil {
			if names[0] != e.DocumentName || win32 != e.DocumentWin32 {
				return nil, fmt.Errorf("MS-ERREF.md:%d: section 2.4 prints %s as %s mapped to %q, but the erratum at %s:%d expects %s mapped to %q: the document has changed; review the erratum",
					r.line, value, names[0], win32, e.File, e.Line, e.DocumentName, e.DocumentWin32)
			}
			names[0], win32, source, summary = e.Name, e.Win32, e.Source, e.Reason
			applied[e.Value] = true
		}
		for i, n := range names {
			alias, goName, maps, src, sum := "", "", win32, source, summary
			if i > 0 {
				alias, maps, src, sum = names[0], "", "", ""
			}
			if n[0] < 'A' || n[0] > 'Z' {
				goName = "-"
			}
			t.AddRow(n, value, alias, goName, "[MS-ERREF] 2.4", maps, src, sum)
		}
	}
	for _, e := range errata {
		if e.Section == "[MS-ERREF] 2.4" && !applied[e.Value] {
			return nil, fmt.Errorf("%s:%d: section 2.4 has no row for 0x%08X", e.File, e.Line, e.Value)
		}
	}
	return t, nil
}

func splitCells(s string) []string {
	cells := strings.Split(s, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}
