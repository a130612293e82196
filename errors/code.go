package errors

import (
	"fmt"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// Code is a value together with its namespace, for code that handles codes of
// any namespace (a command that looks numbers up, a log decoder).
type Code struct {
	Namespace Namespace
	Value     uint32
}

// Known reports whether c's namespace has a name for its value.
func (c Code) Known() bool {
	_, e := c.entry()
	return e != nil
}

// Name returns the canonical document name of c, or "" when c is unknown.
func (c Code) Name() string {
	if t, e := c.entry(); e != nil {
		return t.str(e.name)
	}
	return ""
}

// Names returns every document name of c, canonical first, or nil when c is
// unknown. The caller owns the returned slice.
func (c Code) Names() []string {
	if t, e := c.entry(); e != nil {
		return t.entryNames(e)
	}
	return nil
}

// Section returns the document section the canonical name was read from.
func (c Code) Section() string {
	if t, e := c.entry(); e != nil {
		return t.str(e.section)
	}
	return ""
}

// Summary returns the table's short description of c, if it has one.
func (c Code) Summary() string {
	if t, e := c.entry(); e != nil {
		return t.str(e.summary)
	}
	return ""
}

// SecondarySource names the source other than the cited document that c's
// value was taken from, or "" when the value was read in the document itself.
func (c Code) SecondarySource() string {
	if t, e := c.entry(); e != nil {
		return t.str(e.source)
	}
	return ""
}

// String returns the namespace and the canonical name, for example
// "Win32 RPC_S_SERVER_UNAVAILABLE", or the namespace and the value in hex.
func (c Code) String() string {
	if t, e := c.entry(); e != nil {
		return c.Namespace.String() + " " + t.str(e.name)
	}
	return fmt.Sprintf("%s(0x%08X)", c.Namespace, c.Value)
}

// entry returns the table of c's namespace and c's entry in it, or a nil
// entry when the namespace or the value is unknown.
func (c Code) entry() (*codeTable, *codeEntry) {
	if t := c.Namespace.table(); t != nil {
		return t, t.find(c.Value)
	}
	return nil, nil
}

// Match is one answer of LookupName.
type Match struct {
	// Name is the document name as written (LookupName ignores case).
	Name string
	Code Code
	// Alias is true when Name is not the canonical name of Code.
	Alias bool
	// Section is the document section the name was read from.
	Section string
}

// nameEntry is one row of the generated name index: a name of a value of
// a namespace, located in the namespace's text like the strings of a
// codeEntry, so that the index holds no pointers either.
type nameEntry struct {
	namespace Namespace
	// alias is true when the name is not the canonical name of the value.
	alias bool
	value uint32
	// name is the name as written; section, the section it was read from.
	name    textRef
	section textRef
}

// text returns the name of e as written, in its namespace's text.
func (e *nameEntry) text() string { return e.namespace.table().str(e.name) }

// match returns the Match that e stands for.
func (e *nameEntry) match() Match {
	t := e.namespace.table()
	return Match{Name: t.str(e.name), Code: Code{e.namespace, e.value}, Alias: e.alias, Section: t.str(e.section)}
}

// LookupName finds a name, canonical or alias, in every namespace, ignoring
// ASCII case. A name that several namespaces use (E_FAIL is an HRESULT and an
// alternate name of an EC) gives one Match per namespace, in namespace order.
// It returns nil when no namespace has the name.
func LookupName(name string) []Match {
	// The generator sorted nameIndex by ascii.CompareFold, the order searched.
	lo, hi := 0, len(nameIndex)
	for lo < hi { // first entry whose name is not below name, ignoring case
		mid := int(uint(lo+hi) >> 1)
		if ascii.CompareFold(nameIndex[mid].text(), name) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	var out []Match
	for i := lo; i < len(nameIndex) && ascii.CompareFold(nameIndex[i].text(), name) == 0; i++ {
		out = append(out, nameIndex[i].match())
	}
	return out
}
