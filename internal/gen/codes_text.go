package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Limits of the runtime's pointer-free tables (errors/table.go): a textRef
// holds a uint32 offset and a uint16 length, a codeEntry the index of its
// first alias as a uint16 and their number as a uint8.
const (
	maxTextLen    = 1<<32 - 1
	maxStringLen  = 1<<16 - 1
	maxAliasIndex = 1<<16 - 1
	maxAliases    = 1<<8 - 1
)

// codeText is the text constant of one namespace: every name, section,
// summary and source of its values, each distinct string once, and where
// each string sits in it.
type codeText struct {
	// pieces are the literals the constant is written as, one per value
	// that adds strings to the text: the strings it adds.
	pieces []string
	len    int
	at     map[string]int // offset of each string in the text
}

// buildText lays out the text of a namespace, value by value: the names,
// then the section, summary and source of the canonical name, then the
// sections of the other names, each string only where it first occurs. It
// fails when a string, the text or the alias table does not fit the
// integers of the runtime's tables.
func buildText(ns *Namespace) (*codeText, error) {
	txt := &codeText{at: map[string]int{}}
	aliases := 0
	for _, v := range ns.Values {
		var piece strings.Builder
		add := func(n *Name, what, s string) error {
			if s == "" {
				return nil
			}
			if len(s) > maxStringLen {
				return n.row.errorf("%s of %s is %d bytes long; the generated %s table holds strings of at most %d bytes", what, n.Name, len(s), ns.Type, maxStringLen)
			}
			if _, ok := txt.at[s]; ok {
				return nil
			}
			if int64(txt.len+piece.Len()+len(s)) > maxTextLen {
				return n.row.errorf("the text of the %s table passes %d bytes at %s of %s; the generated table cannot locate it", ns.Type, maxTextLen, what, n.Name)
			}
			txt.at[s] = txt.len + piece.Len()
			piece.WriteString(s)
			return nil
		}
		c := v.Canonical()
		if n := len(v.Names) - 1; n > 0 {
			if n > maxAliases {
				return nil, c.row.errorf("%s has %d other names; the generated %s table holds at most %d per value", c.Name, n, ns.Type, maxAliases)
			}
			if aliases > maxAliasIndex {
				return nil, c.row.errorf("the other names of %s start at index %d of the %s alias table, past the %d the generated table can hold", c.Name, aliases, ns.Type, maxAliasIndex)
			}
			aliases += n
		}
		for _, n := range v.Names {
			if err := add(n, "name", n.Name); err != nil {
				return nil, err
			}
		}
		for _, s := range []struct{ what, s string }{{"section", c.Section}, {"summary", c.Summary}, {"source", c.Source}} {
			if err := add(c, s.what, s.s); err != nil {
				return nil, err
			}
		}
		for _, n := range v.Names[1:] {
			if err := add(n, "section", n.Section); err != nil {
				return nil, err
			}
		}
		if piece.Len() > 0 {
			txt.pieces = append(txt.pieces, piece.String())
			txt.len += piece.Len()
		}
	}
	return txt, nil
}

// ref renders the textRef of s, which buildText has put in the text; the
// empty string is the zero textRef.
func (txt *codeText) ref(s string) *jen.Statement { return jen.Id("textRef").Values(txt.pos(s)...) }

// pos renders the offset and the length of s in the text, or nothing for the
// empty string.
func (txt *codeText) pos(s string) []jen.Code {
	if s == "" {
		return nil
	}
	off, ok := txt.at[s]
	if !ok {
		panic(fmt.Sprintf("gen: %q is not in the text", s)) // buildText adds every string the tables refer to
	}
	return []jen.Code{jen.Lit(off), jen.Lit(len(s))}
}
