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
		writeWrapped(w, blanks(indent), "", n.title, n.wrap)
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
			lw = max(lw, labelLen(f.label))
		}
	}
	return lw
}

// renderField writes f at the given indent, its value in the column after
// labels of width lw, then its children.
func renderField(w io.Writer, f field, indent, lw int) {
	ll := labelLen(f.label)
	switch {
	case f.value == "":
		writeStrings(w, blanks(indent), f.label, colon(f.label), "\n")
	case ll == 0:
		writeWrapped(w, blanks(indent), "", f.value, f.wrap)
	case len(f.value) <= max(width-indent-lw-1, minLine):
		// It fits: no line to break, no head to build.
		writeStrings(w, blanks(indent), f.label, colon(f.label), blanks(lw-ll+1), f.value, "\n")
	default:
		head := blanks(indent) + f.label + colon(f.label) + blanks(lw-ll+1)
		cont := blanks(len(head))
		if f.wrap == wrapLiteral && strings.HasPrefix(f.value, `"`) {
			cont += " " // continue a quoted string under its first character
		}
		writeWrapped(w, head, cont, f.value, f.wrap)
	}
	for _, k := range f.kids {
		render(w, k, indent+2)
	}
}

// spaces holds the blanks of most indents.
const spaces = "                                                                                                                                "

// blanks returns n spaces.
func blanks(n int) string {
	if n <= len(spaces) {
		return spaces[:n]
	}
	return strings.Repeat(" ", n)
}

// writeStrings writes ss one after another.
func writeStrings(w io.Writer, ss ...string) {
	for _, s := range ss {
		io.WriteString(w, s)
	}
}

// labelLen is the width of the label l as printed, with its colon.
func labelLen(l string) int { return len(l) + len(colon(l)) }

// colon is what follows the label l: a colon, except after the index of a
// list element ("[3]"), which stands on its own, and after no label.
func colon(l string) string {
	if l == "" || isIndex(l) {
		return ""
	}
	return ":"
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
	if len(value) <= max(width-len(head), minLine) {
		writeStrings(w, head, value, "\n")
		return
	}
	if cont == "" {
		cont = blanks(len(head))
	}
	for i, line := range wrapText(value, width-len(head), width-len(cont), mode) {
		if i == 0 {
			writeStrings(w, head, line, "\n")
		} else {
			writeStrings(w, cont, line, "\n")
		}
	}
}

// minLine is the fewest columns a line of a value gets, however deep its
// indent.
const minLine = 10

// wrapText splits s into lines of at most first columns for the first line
// and rest for the others. Prose (wrapWords, wrapList) breaks at spaces, and
// a word longer than a line is split at the limit. A literal (wrapLiteral)
// breaks only before a '/' and after a '|', so that a DN is never split
// inside a component and a flag name is never split: a piece longer than a
// line stands alone on a line that is too long, and a copied piece is
// whole.
func wrapText(s string, first, rest int, mode wrapMode) []string {
	var lines []string
	limit := max(first, minLine)
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
		limit = max(rest, minLine)
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
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 3*len(b))
	for i, c := range b {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, digits[c>>4], digits[c&0xF])
	}
	return string(out)
}

// hexDump returns b as a node of 16 bytes a line, each labelled with its
// offset in the input (base is the offset of b), for the kids of a field.
// When the offset of b is not known (base -1), lines are labelled with
// their offset in b: "+16".
func hexDump(b []byte, base int) []node {
	var n node
	for off := 0; off < len(b); off += 16 {
		end := min(off+16, len(b))
		label := fmt.Sprintf("offset %d", base+off)
		if base < 0 {
			label = fmt.Sprintf("+%d", off)
		}
		n.f = append(n.f, field{label: label, value: hexBytes(b[off:end])})
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
