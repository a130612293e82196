package main

import (
	"fmt"
	"io"
	"strings"
)

// width is the column limit of everything the command writes to standard
// output.
const width = 80

// node is a titled group of fields: a decoded ROP, a buffer, a code. It is
// rendered as its title, then its fields indented by two columns with their
// labels aligned, so that the output reads as an outline.
type node struct {
	title string // may be empty: the fields are then rendered at the node's indent
	wrap  wrapMode
	f     []field
}

// field is one "Label: value" line. A field may have children, rendered
// under it two columns further in (the elements of a list, a nested buffer).
type field struct {
	label string
	value string
	wrap  wrapMode
	kids  []node
}

// wrapMode says where a value too long for its line may be broken.
type wrapMode uint8

const (
	// wrapWords breaks prose at spaces; the space at a break is not printed.
	wrapWords wrapMode = iota
	// wrapLiteral keeps every character: it breaks only before a '/' or
	// after a '|', never inside a DN component or a flag name, even when
	// that makes a line too long. Quoted strings, flag lists and DNs use it.
	wrapLiteral
	// wrapList is wrapWords for lists such as "[MS-A] 1.2; [MS-B] 3.4":
	// it breaks after a ';' or ',' where it can, at other spaces otherwise.
	wrapList
)

func (n *node) add(label, value string) {
	n.f = append(n.f, field{label: label, value: value})
}

func (n *node) addLit(label, value string) {
	n.f = append(n.f, field{label: label, value: value, wrap: wrapLiteral})
}

func (n *node) addList(label, value string) {
	n.f = append(n.f, field{label: label, value: value, wrap: wrapList})
}

func (n *node) addKids(label, value string, kids ...node) {
	n.f = append(n.f, field{label: label, value: value, kids: kids})
}

// render writes n at the given indent.
func render(w io.Writer, n node, indent int) {
	if n.title != "" {
		writeWrapped(w, strings.Repeat(" ", indent), "", n.title, n.wrap)
		indent += 2
	}
	renderFields(w, n.f, indent)
}

func renderFields(w io.Writer, fs []field, indent int) {
	lw := labelWidth(fs)
	for _, f := range fs {
		renderField(w, f, indent, lw)
	}
}

// labelWidth is the width of the widest label of fs that has a value on its
// line, so that the values of fs start in one column.
func labelWidth(fs []field) int {
	lw := 0
	for _, f := range fs {
		if f.value != "" {
			lw = max(lw, len(labelText(f.label)))
		}
	}
	return lw
}

// renderField writes f at the given indent, its value in the column after
// labels of width lw, then its children.
func renderField(w io.Writer, f field, indent, lw int) {
	pad := strings.Repeat(" ", indent)
	lt := labelText(f.label)
	switch {
	case f.value == "":
		fmt.Fprintf(w, "%s%s\n", pad, lt)
	case lt == "":
		writeWrapped(w, pad, "", f.value, f.wrap)
	default:
		head := pad + lt + strings.Repeat(" ", lw-len(lt)+1)
		cont := strings.Repeat(" ", len(head))
		if f.wrap == wrapLiteral && strings.HasPrefix(f.value, `"`) {
			cont += " " // continue a quoted string under its first character
		}
		writeWrapped(w, head, cont, f.value, f.wrap)
	}
	for _, k := range f.kids {
		render(w, k, indent+2)
	}
}

// labelText is the label as printed: followed by a colon, except for the
// index of a list element ("[3]"), which stands on its own.
func labelText(l string) string {
	if l == "" || isIndex(l) {
		return l
	}
	return l + ":"
}

// isIndex reports whether l is a list index such as "[12]".
func isIndex(l string) bool {
	if len(l) < 3 || l[0] != '[' || l[len(l)-1] != ']' {
		return false
	}
	for _, c := range l[1 : len(l)-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeWrapped writes head followed by value, continuing on lines that start
// with cont when value does not fit in width columns. An empty cont
// continues under the first character of value.
func writeWrapped(w io.Writer, head, cont, value string, mode wrapMode) {
	if cont == "" {
		cont = strings.Repeat(" ", len(head))
	}
	for i, line := range wrapText(value, width-len(head), width-len(cont), mode) {
		if i == 0 {
			fmt.Fprintf(w, "%s%s\n", head, line)
		} else {
			fmt.Fprintf(w, "%s%s\n", cont, line)
		}
	}
}

// wrapText splits s into lines of at most first columns for the first line
// and rest for the others. Prose (wrapWords, wrapList) breaks at spaces, and
// a word longer than a line is split at the limit. A literal (wrapLiteral)
// breaks only before a '/' and after a '|', so that a DN is never split
// inside a component and a flag name is never split: a piece longer than a
// line stands alone on a line that is too long, and a copied piece is
// whole.
func wrapText(s string, first, rest int, mode wrapMode) []string {
	var lines []string
	limit := max(first, 10)
	for len(s) > limit {
		cut := breakAt(s, limit, mode)
		if cut == 0 {
			break // a literal with no break before its end
		}
		line := s[:cut]
		s = s[cut:]
		if mode != wrapLiteral {
			line = strings.TrimRight(line, " ")
			s = strings.TrimLeft(s, " ")
		}
		lines = append(lines, line)
		limit = max(rest, 10)
	}
	return append(lines, s)
}

// breakAt returns where to cut s, which is longer than limit: the last good
// break within the first limit bytes or, when there is none, limit itself
// for prose and, for a literal, its first break after limit (0 when it has
// none).
func breakAt(s string, limit int, mode wrapMode) int {
	for i := limit; i > 1; i-- {
		switch mode {
		case wrapWords:
			if s[i] == ' ' {
				return i
			}
		case wrapLiteral:
			if literalBreak(s, i) {
				return i
			}
		case wrapList:
			if s[i] == ' ' && (s[i-1] == ';' || s[i-1] == ',') {
				return i
			}
		}
	}
	switch mode {
	case wrapList:
		return breakAt(s, limit, wrapWords)
	case wrapLiteral:
		for i := limit + 1; i < len(s); i++ {
			if literalBreak(s, i) {
				return i
			}
		}
		return 0
	}
	return limit
}

// literalBreak reports whether a literal may be broken before s[i]: before a
// '/' or after a '|'.
func literalBreak(s string, i int) bool {
	return s[i] == '/' || s[i-1] == '|'
}

// hexBytes writes b as upper-case hex bytes separated by spaces.
func hexBytes(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%02X", c)
	}
	return sb.String()
}

// hexDump returns b as a node of 16 bytes a line, each labelled with its
// offset in the input (base is the offset of b), for the kids of a field.
func hexDump(b []byte, base int) []node {
	var n node
	for off := 0; off < len(b); off += 16 {
		end := min(off+16, len(b))
		n.f = append(n.f, field{label: fmt.Sprintf("offset %d", base+off), value: hexBytes(b[off:end])})
	}
	return []node{n}
}

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
