package gen

import (
	"fmt"
	"strings"
)

// errataKind lists rows that a document misprints and that the code tables
// carry as Windows has them; cmd/extract applies them, and the generator
// checks that the code tables carry them. Errata generate no code.
var errataKind = tableKind{
	name:     "errata",
	required: []string{"section", "value", "document_name", "document_win32", "name", "win32", "source", "reason"},
	load:     (*Model).loadErrata,
}

// loadErrata checks the errata tables (spec/README.md, kind errata) against
// the code tables: each erratum records a row that a document misprints and
// that an extracted table carries as Windows has it, so the code table must
// name the value with the erratum's name, as its canonical name, with the
// erratum's Win32 mapping. A table extracted again from the document without
// the errata fails here, at the erratum's line. Errata generate no code.
func (m *Model) loadErrata(tables []*table) error {
	for _, t := range tables {
		ns := m.Namespace(t.directives["namespace"])
		if ns == nil {
			return &Error{t.file, 0, fmt.Sprintf("unknown namespace %q", t.directives["namespace"])}
		}
		for _, r := range t.rows {
			for _, col := range []string{"section", "document_name", "name", "source", "reason"} {
				if r.get(col) == "" {
					return r.errorf("%s is empty", col)
				}
			}
			v, err := parseValue(r.get("value"), ns.Bits)
			if err != nil {
				return r.errorf("value %q: %v", r.get("value"), err)
			}
			n := ns.Lookup(r.get("name"))
			if n == nil || n.Alias || n.Value.V != v {
				return r.errorf("the %s table does not carry this erratum: want %s as the canonical name of 0x%08X (run go run ./cmd/extract)", ns.Type, r.get("name"), v)
			}
			got := ""
			if n.Win32 != nil {
				got = n.Win32.Name
			}
			if !strings.EqualFold(got, r.get("win32")) {
				return r.errorf("the %s table maps %s to Win32 %q, the erratum to %q (run go run ./cmd/extract)", ns.Type, n.Name, got, r.get("win32"))
			}
		}
	}
	return nil
}
