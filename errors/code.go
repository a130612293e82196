package errors

import (
	"fmt"
	"slices"
)

// Code is a value together with its namespace, for code that handles codes of
// any namespace (a command that looks numbers up, a log decoder).
type Code struct {
	Namespace Namespace
	Value     uint32
}

// Known reports whether c's namespace has a name for its value.
func (c Code) Known() bool { return c.entry() != nil }

// Name returns the canonical document name of c, or "" when c is unknown.
func (c Code) Name() string {
	if e := c.entry(); e != nil {
		return e.names[0]
	}
	return ""
}

// Names returns every document name of c, canonical first, or nil when c is
// unknown. The caller owns the returned slice.
func (c Code) Names() []string {
	if e := c.entry(); e != nil {
		return slices.Clone(e.names)
	}
	return nil
}

// Section returns the document section the canonical name was read from.
func (c Code) Section() string {
	if e := c.entry(); e != nil {
		return e.section
	}
	return ""
}

// Summary returns the table's short description of c, if it has one.
func (c Code) Summary() string {
	if e := c.entry(); e != nil {
		return e.summary
	}
	return ""
}

// SecondarySource names the source other than the cited document that c's
// value was taken from, or "" when the value was read in the document itself.
func (c Code) SecondarySource() string {
	if e := c.entry(); e != nil {
		return e.source
	}
	return ""
}

// String returns the namespace and the canonical name, for example
// "Win32 RPC_S_SERVER_UNAVAILABLE", or the namespace and the value in hex.
func (c Code) String() string {
	if e := c.entry(); e != nil {
		return c.Namespace.String() + " " + e.names[0]
	}
	return fmt.Sprintf("%s(0x%08X)", c.Namespace, c.Value)
}

func (c Code) entry() *codeEntry {
	if t := c.Namespace.table(); t != nil {
		return t.find(c.Value)
	}
	return nil
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

// nameEntry is one row of the generated name index: a name's lower-case form
// and what it names.
type nameEntry struct {
	key   string
	match Match
}

// LookupName finds a name, canonical or alias, in every namespace, ignoring
// ASCII case. A name that several namespaces use (E_FAIL is an HRESULT and an
// alternate name of an EC) gives one Match per namespace, in namespace order.
// It returns nil when no namespace has the name.
func LookupName(name string) []Match {
	lo, hi := 0, len(nameIndex)
	for lo < hi { // first entry whose key is not below name
		mid := int(uint(lo+hi) >> 1)
		if compareFold(nameIndex[mid].key, name) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	var out []Match
	for i := lo; i < len(nameIndex) && compareFold(nameIndex[i].key, name) == 0; i++ {
		out = append(out, nameIndex[i].match)
	}
	return out
}

// compareFold compares key, which is lower case, with s folded to lower case
// byte by byte, without allocating.
func compareFold(key, s string) int {
	for i := 0; i < len(key) && i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if key[i] != c {
			return int(key[i]) - int(c)
		}
	}
	return len(key) - len(s)
}
