package gen

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Error is a problem found in a spec table, reported as "file:line: what".
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// table is one spec file as read: its "# key: value" directives, its
// columns and its rows, each row keeping the line it came from.
type table struct {
	file       string
	kind       *tableKind
	directives map[string]string
	columns    []string
	rows       []row
}

// row is one data row of a table.
type row struct {
	t     *table
	line  int
	cells map[string]string
}

// get returns the cell of column col, or "" when the table has no such column.
func (r row) get(col string) string { return r.cells[col] }

// errorf makes an Error that points at this row.
func (r row) errorf(format string, args ...any) error {
	return &Error{File: r.t.file, Line: r.line, Msg: fmt.Sprintf(format, args...)}
}

// where names the row's place for messages about two rows.
func (r row) where() string { return fmt.Sprintf("%s:%d", r.t.file, r.line) }

// readTable parses one tab-separated spec file. Lines starting with '#' are
// comments; those of the form "# key: value" before the header row are
// directives. The first other line names the columns.
func readTable(file string, data []byte) (*table, error) {
	t := &table{file: file, directives: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if !strings.HasPrefix(text, "#") {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(text, "#")), ":")
		if ok && key != "" && !strings.ContainsAny(key, " \t") {
			if _, dup := t.directives[key]; dup {
				return nil, &Error{file, line, fmt.Sprintf("directive %q given twice", key)}
			}
			t.directives[key] = strings.TrimSpace(value)
		}
	}
	kind := findKind(t.directives["table"])
	if kind == nil {
		return nil, &Error{file, 0, fmt.Sprintf("unknown table kind %q (want a '# table:' directive naming one of %s)", t.directives["table"], strings.Join(kindNames(), ", "))}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = '\t'
	r.Comment = '#'
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{file, pe.Line, pe.Err.Error()}
			}
			return nil, &Error{file, line, err.Error()}
		}
		if t.columns == nil {
			if err := t.setColumns(rec, kind, line); err != nil {
				return nil, err
			}
			continue
		}
		if len(rec) != len(t.columns) {
			return nil, &Error{file, line, fmt.Sprintf("row has %d cells, the header has %d", len(rec), len(t.columns))}
		}
		cells := make(map[string]string, len(rec))
		for i, c := range rec {
			cells[t.columns[i]] = c
		}
		t.rows = append(t.rows, row{t: t, line: line, cells: cells})
	}
	if t.columns == nil {
		return nil, &Error{file, 0, "no header row"}
	}
	t.kind = kind
	return t, nil
}

func (t *table) setColumns(rec []string, kind *tableKind, line int) error {
	for i, c := range rec {
		if !slices.Contains(kind.required, c) && !slices.Contains(kind.optional, c) {
			return &Error{t.file, line, fmt.Sprintf("unknown column %q for a %s table", c, t.directives["table"])}
		}
		if slices.Contains(rec[:i], c) {
			return &Error{t.file, line, fmt.Sprintf("column %q given twice", c)}
		}
	}
	for _, c := range kind.required {
		if !slices.Contains(rec, c) {
			return &Error{t.file, line, fmt.Sprintf("missing column %q", c)}
		}
	}
	t.columns = rec
	return nil
}

// findKind returns the table kind of that name, or nil.
func findKind(name string) *tableKind {
	for _, k := range tableKinds {
		if k.name == name {
			return k
		}
	}
	return nil
}

// kindNames lists the names of the table kinds, sorted.
func kindNames() []string {
	var names []string
	for _, k := range tableKinds {
		names = append(names, k.name)
	}
	slices.Sort(names)
	return names
}
