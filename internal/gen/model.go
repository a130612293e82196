package gen

import (
	hexenc "encoding/hex"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// Model is everything the spec tables say, validated and cross-linked.
type Model struct {
	Namespaces   []*Namespace
	CMRPCodes    []*CMRPCode
	CMRPMethods  []*CMRPMethod
	LogonActions []*LogonAction
	CodeActions  []*CodeActions
	Flags        []*FlagType
	Messages     []*Message
	ROPs         []*ROP // the ROPs of Messages, by RopId
	Dispatches   []*Dispatch
	Constants    []*Constant
	// PropertyTypes are the property data types ([MS-OXCDATA] 2.11.1) and
	// PropertyTags the well-known properties ([MS-OXPROPS]).
	PropertyTypes []*PropertyType
	PropertyTags  []*PropertyTagRow
	Variants      []*Variant // structures chosen by a selector byte (Restriction)
	// ColumnsKeys are the context keys a row's by cell may name, in the
	// order of the columns table (the order of codec's constants).
	ColumnsKeys []*ColumnsKey
	Facilities  []*Facility
	BitLayouts  []*BitLayout
	AuxBlocks   []*AuxBlock // the block structures of an auxiliary buffer, by Version and Type
	// LogonDefault is the action for every code the logon-actions table
	// does not list (its "*" row), with that row's summary and section.
	LogonDefault, LogonDefaultSummary, LogonDefaultSection string
}

// need returns the namespace a table kind depends on, or an error naming the
// first table of that kind when the namespace is missing.
func (m *Model) need(name string, tables []*table) (*Namespace, error) {
	ns := m.Namespace(name)
	if ns == nil && len(tables) > 0 {
		return nil, &Error{tables[0].file, 0, fmt.Sprintf("needs the %s namespace, which the namespaces table does not define", name)}
	}
	return ns, nil
}

// parseValue reads "0x..." hexadecimal or decimal and checks it fits in bits.
func parseValue(s string, width int) (uint32, error) {
	var v uint64
	var err error
	if h, ok := strings.CutPrefix(s, "0x"); ok {
		v, err = strconv.ParseUint(h, 16, 64)
	} else {
		v, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	if bits.Len64(v) > width {
		return 0, fmt.Errorf("does not fit in %d bits", width)
	}
	return uint32(v), nil
}

func yesNo(r row, col string) (bool, error) {
	switch r.get(col) {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, r.errorf("%s %q: want yes or no", col, r.get(col))
}

// parseHexBytes reads bytes written in hex, with or without spaces or dots
// between them ("38 A1 BB 10", "%x38.A1.BB.10").
func parseHexBytes(s string) ([]byte, error) {
	s = strings.TrimPrefix(s, "%x")
	s = strings.NewReplacer(" ", "", ".", "").Replace(s)
	return hexenc.DecodeString(s)
}

// lowerLead puts the leading capitals of an exported name in lower case, as
// Go style writes acronyms: EC -> ec, LDAPResult -> ldapResult, Essdn -> essdn.
func lowerLead(t string) string {
	n := 0
	for n < len(t) && 'A' <= t[n] && t[n] <= 'Z' {
		n++
	}
	if n > 1 && n < len(t) && 'a' <= t[n] && t[n] <= 'z' {
		n-- // the last capital starts the next word: LDAPResult -> ldapResult
	}
	return strings.ToLower(t[:n]) + t[n:]
}
