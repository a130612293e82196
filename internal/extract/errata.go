package extract

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ErrataFile is the errata table of the [MS-ERREF] 2.4 LDAP table, relative
// to the spec directory.
const ErrataFile = "codes/ldap-errata.tsv"

// Erratum is one row of an errata table: a document row that misprints a code,
// what the document prints and what Windows has instead (spec/README.md,
// kind errata).
type Erratum struct {
	Section       string
	Value         uint32
	DocumentName  string // the canonical name as the document prints it
	DocumentWin32 string // the Win32 mapping as the document prints it
	Name, Win32   string // what the table carries instead
	Source        string // where Windows' reading was read
	Reason        string // a sentence that records the document's reading
	File          string // the file the row was read from, for messages
	Line          int    // line of the row in that file
}

// erratumColumns are the columns an errata table has, in any order.
var erratumColumns = []string{"section", "value", "document_name", "document_win32", "name", "win32", "source", "reason"}

// ReadErrata reads an errata table; file names it in errors.
func ReadErrata(file string, data []byte) ([]Erratum, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.Comment, r.FieldsPerRecord = '\t', '#', -1
	var (
		col   map[string]int
		width int
		out   []Erratum
	)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := r.FieldPos(0)
		if col == nil {
			col, width = map[string]int{}, len(rec)
			for i, c := range rec {
				if _, dup := col[c]; dup {
					return nil, fmt.Errorf("%s:%d: column %q given twice", file, line, c)
				}
				col[c] = i
			}
			for _, c := range erratumColumns {
				if _, ok := col[c]; !ok {
					return nil, fmt.Errorf("%s:%d: missing column %q", file, line, c)
				}
			}
			continue
		}
		if len(rec) != width {
			return nil, fmt.Errorf("%s:%d: row has %d cells, the header has %d", file, line, len(rec), width)
		}
		get := func(c string) string { return rec[col[c]] }
		v, err := strconv.ParseUint(strings.TrimPrefix(get("value"), "0x"), 16, 32)
		if err != nil || !strings.HasPrefix(get("value"), "0x") {
			return nil, fmt.Errorf("%s:%d: value %q: want 0x and hex digits", file, line, get("value"))
		}
		e := Erratum{
			Section: get("section"), Value: uint32(v), DocumentName: get("document_name"), DocumentWin32: get("document_win32"),
			Name: get("name"), Win32: get("win32"), Source: get("source"), Reason: get("reason"), File: file, Line: line,
		}
		for _, c := range erratumColumns {
			if get(c) == "" && c != "document_win32" && c != "win32" {
				return nil, fmt.Errorf("%s:%d: %s is empty", file, line, c)
			}
		}
		if slices.ContainsFunc(out, func(o Erratum) bool { return o.Section == e.Section && o.Value == e.Value }) {
			return nil, fmt.Errorf("%s:%d: a second erratum for %s 0x%08X", file, line, e.Section, e.Value)
		}
		out = append(out, e)
	}
	return out, nil
}

// erratumFor returns the erratum of section for value, or nil.
func erratumFor(errata []Erratum, section string, value uint32) *Erratum {
	for i := range errata {
		if errata[i].Section == section && errata[i].Value == value {
			return &errata[i]
		}
	}
	return nil
}
