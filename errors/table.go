package errors

import (
	"fmt"
	"math/bits"
	"slices"
)

// codeEntry is one value of a namespace: its names, canonical first, the
// section its canonical name was read from, and, where the table has them,
// a short summary and the secondary source of the value.
type codeEntry struct {
	value   uint32
	names   []string
	section string
	summary string
	source  string
}

// codeTable is the generated table of one namespace, sorted by value, with
// an open-addressing hash index over it so that finding a value costs the
// same in a table of 70 entries as in one of 3,000.
type codeTable struct {
	namespace Namespace
	entries   []codeEntry
	// slots holds entry index + 1 at the slot of each value's hash, or 0;
	// it has a power-of-two length of at least twice the entries.
	slots []uint16
	shift uint
}

// newCodeTable indexes the generated entries of a namespace. It runs once per
// namespace when the package is initialised.
func newCodeTable(ns Namespace, entries []codeEntry) codeTable {
	size := bits.Len(uint(2*len(entries) - 1)) // slots = 2^size >= 2*len
	t := codeTable{namespace: ns, entries: entries, slots: make([]uint16, 1<<size), shift: uint(32 - size)}
	for i, e := range entries {
		s := t.slot(e.value)
		for t.slots[s] != 0 {
			s = (s + 1) & (len(t.slots) - 1)
		}
		t.slots[s] = uint16(i + 1)
	}
	return t
}

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
		return e.names[0]
	}
	return fmt.Sprintf("%s(0x%08X)", t.namespace, v)
}

// errorText names the code and its value, for example
// "ecWrongServer (EC 0x00000478)".
func (t *codeTable) errorText(v uint32) string {
	if e := t.find(v); e != nil {
		return fmt.Sprintf("%s (%s 0x%08X)", e.names[0], t.namespace, v)
	}
	return fmt.Sprintf("unknown %s code 0x%08X", t.namespace, v)
}

// names returns a copy of every name of v, canonical first, or nil.
func (t *codeTable) names(v uint32) []string {
	if e := t.find(v); e != nil {
		return slices.Clone(e.names)
	}
	return nil
}
