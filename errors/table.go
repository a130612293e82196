package errors

import (
	"fmt"
	"math/bits"
)

// The generated tables hold no pointers. A pointer in a package-level
// variable is a root that the garbage collector scans on every cycle, in
// every program that imports this package, and tables of thousands of
// strings made every allocation of such a program measurably dearer. So each
// namespace keeps all its text in one generated string constant, and its
// entries locate strings in that text by offset and length.

// textRef locates one string in the text of a namespace: text[off:off+n].
// The zero textRef is the empty string.
type textRef struct {
	off uint32
	n   uint16
}

// codeEntry is one value of a namespace: its canonical name, the position
// of its other names in the namespace's alias list, the section its
// canonical name was read from, and, where the table has them, a short
// summary and the secondary source of the value.
type codeEntry struct {
	value   uint32
	name    textRef
	section textRef
	summary textRef
	source  textRef
	// aliases is the index in the namespace's alias list of the first
	// other name of the value, and nAliases their number.
	aliases  uint16
	nAliases uint8
}

// codeTable is the generated table of one namespace, sorted by value, with
// an open-addressing hash index over it so that finding a value costs the
// same in a table of 70 entries as in one of 3,000.
type codeTable struct {
	namespace Namespace
	// text holds every string of the namespace; entries and aliases refer
	// to it.
	text    string
	entries []codeEntry
	// aliases holds the names of each value other than its canonical one,
	// value by value, in document order.
	aliases []textRef
	// slots holds entry index + 1 at the slot of each value's hash, or 0;
	// it has a power-of-two length of at least twice the entries.
	slots []uint16
	shift uint
}

// newCodeTable indexes the generated entries of a namespace. It runs once per
// namespace when the package is initialised.
func newCodeTable(ns Namespace, text string, entries []codeEntry, aliases []textRef) codeTable {
	size := bits.Len(uint(2*max(len(entries), 1) - 1)) // slots = 2^size >= 2*len, and at least 2
	t := codeTable{namespace: ns, text: text, entries: entries, aliases: aliases, slots: make([]uint16, 1<<size), shift: uint(32 - size)}
	for i, e := range entries {
		s := t.slot(e.value)
		for t.slots[s] != 0 {
			s = (s + 1) & (len(t.slots) - 1)
		}
		t.slots[s] = uint16(i + 1)
	}
	return t
}

// str returns the string r locates in the namespace's text, without
// allocating: the result shares the bytes of the constant.
func (t *codeTable) str(r textRef) string { return t.text[r.off : r.off+uint32(r.n)] }

// slot is the home slot of v: Fibonacci hashing, the top bits of v times the
// 32-bit golden ratio.
func (t *codeTable) slot(v uint32) int { return int((v * 0x9E3779B1) >> t.shift) }

// find returns the entry for v, or nil.
func (t *codeTable) find(v uint32) *codeEntry {
	for s := t.slot(v); ; s = (s + 1) & (len(t.slots) - 1) {
		i := t.slots[s]
		if i == 0 {
			return nil
		}
		if e := &t.entries[i-1]; e.value == v {
			return e
		}
	}
}

// name returns the canonical name of v, or "Namespace(0x%08X)" when v is
// unknown. A known value costs one hash probe or a few and no allocation.
func (t *codeTable) name(v uint32) string {
	if e := t.find(v); e != nil {
		return t.str(e.name)
	}
	return fmt.Sprintf("%s(0x%08X)", t.namespace, v)
}

// errorText names the code and its value, for example
// "ecWrongServer (EC 0x00000478)".
func (t *codeTable) errorText(v uint32) string {
	if e := t.find(v); e != nil {
		return fmt.Sprintf("%s (%s 0x%08X)", t.str(e.name), t.namespace, v)
	}
	return fmt.Sprintf("unknown %s code 0x%08X", t.namespace, v)
}

// names returns a new slice of every name of v, canonical first, or nil.
func (t *codeTable) names(v uint32) []string {
	if e := t.find(v); e != nil {
		return t.entryNames(e)
	}
	return nil
}

// entryNames returns a new slice of every name of e, canonical first.
func (t *codeTable) entryNames(e *codeEntry) []string {
	out := make([]string, 1, 1+int(e.nAliases))
	out[0] = t.str(e.name)
	for _, r := range t.aliases[e.aliases : int(e.aliases)+int(e.nAliases)] {
		out = append(out, t.str(r))
	}
	return out
}
