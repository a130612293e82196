// Package extract reads Markdown copies of two Open Specifications, [MS-ERREF]
// (Windows Error Codes) and [MS-CMRP] (Failover Cluster: Management API
// (ClusAPI) Protocol), from a folder the caller names, and turns their long
// tables into spec/ tables, so that thousands of rows are transcribed by a
// program that can be rerun rather than by hand.
//
// The output is the same tab-separated format the generator reads (see
// spec/README.md). A test re-runs every extraction against the reference
// documents, when they are present, and fails if the committed tables drift.
package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Table is one spec table: directives written as "# key: value" lines, free
// comment lines, a header row of column names and the data rows.
type Table struct {
	// File is the table's path relative to the spec directory.
	File       string
	Directives [][2]string
	Comments   []string
	Columns    []string
	Rows       [][]string
}

// AddRow appends a row, which must have one cell per column.
func (t *Table) AddRow(cells ...string) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("extract: %s: row has %d cells, want %d", t.File, len(cells), len(t.Columns)))
	}
	t.Rows = append(t.Rows, cells)
}

// Bytes renders the table as tab-separated text. Cells may not contain tabs,
// newlines or double quotes; the extractors never produce them.
func (t *Table) Bytes() ([]byte, error) {
	var b bytes.Buffer
	for _, d := range t.Directives {
		fmt.Fprintf(&b, "# %s: %s\n", d[0], d[1])
	}
	for _, c := range t.Comments {
		fmt.Fprintf(&b, "# %s\n", c)
	}
	lines := append([][]string{t.Columns}, t.Rows...)
	for i, row := range lines {
		for _, cell := range row {
			if strings.ContainsAny(cell, "\t\n\r\"") {
				return nil, fmt.Errorf("extract: %s: row %d: cell %q holds a tab, newline or quote", t.File, i, cell)
			}
		}
		b.WriteString(strings.Join(row, "\t"))
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// All runs every extraction on the documents in the reference folder ref,
// with the errata tables of the spec folder spec, and returns the tables in a
// stable order.
func All(ref, spec string) ([]*Table, error) {
	erref, err := os.ReadFile(filepath.Join(ref, "MS-ERREF.md"))
	if err != nil {
		return nil, err
	}
	errataData, err := os.ReadFile(filepath.Join(spec, filepath.FromSlash(ErrataFile)))
	if err != nil {
		return nil, err
	}
	errata, err := ReadErrata(ErrataFile, errataData)
	if err != nil {
		return nil, err
	}
	tables, err := ERREF(erref, errata)
	if err != nil {
		return nil, err
	}
	cmrp, err := os.ReadFile(filepath.Join(ref, "MS-CMRP.md"))
	if err != nil {
		return nil, err
	}
	methods, err := CMRPMethods(cmrp)
	if err != nil {
		return nil, err
	}
	return append(tables, methods), nil
}
