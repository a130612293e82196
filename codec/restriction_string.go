package codec

import (
	"fmt"
	"strings"
)

// The readable form of restrictions ([MS-OXCDATA] 2.12): an expression over
// properties by their names, such as
//
//	(PidTagMessageClass STARTS WITH "IPM.Note" (IgnoreCase) AND NOT (EXISTS PidTagFlagStatus))
//
// Each member of the Restriction variant has a String method here; a test
// checks that every member the registry lists has one.

// restrictionString is r's String, or "none" for nil.
func restrictionString(r Restriction) string {
	if s, ok := r.(fmt.Stringer); ok && r != nil {
		return s.String()
	}
	return "none"
}

// joinRestrictions writes list joined by op, in parentheses.
func joinRestrictions(list []Restriction, op string) string {
	parts := make([]string, len(list))
	for i, r := range list {
		parts[i] = restrictionString(r)
	}
	return "(" + strings.Join(parts, " "+op+" ") + ")"
}

// relOpString is a relational operator as a symbol.
func relOpString(op uint8) string {
	switch op {
	case RelOpLessThan:
		return "<"
	case RelOpLessThanOrEqual:
		return "<="
	case RelOpGreaterThan:
		return ">"
	case RelOpGreaterThanOrEqual:
		return ">="
	case RelOpEqual:
		return "=="
	case RelOpNotEqual:
		return "!="
	case RelOpMemberOfDL:
		return "MEMBER OF"
	}
	return fmt.Sprintf("RelOp(0x%02X)", op)
}

// String returns "(a AND b)".
func (m *AndRestriction) String() string { return joinRestrictions(m.Restricts, "AND") }

// String returns "(a OR b)".
func (m *OrRestriction) String() string { return joinRestrictions(m.Restricts, "OR") }

// String returns "NOT (a)".
func (m *NotRestriction) String() string { return "NOT (" + restrictionString(m.Restriction) + ")" }

// String returns `PidTagSubject CONTAINS "x" (IgnoreCase)`: MATCHES for the
// whole string, CONTAINS for a substring, STARTS WITH for a prefix.
func (m *ContentRestriction) String() string {
	op := map[uint16]string{FuzzyLevelFullString: "MATCHES", FuzzyLevelSubstring: "CONTAINS", FuzzyLevelPrefix: "STARTS WITH"}[m.FuzzyLevelLow]
	if op == "" {
		op = fmt.Sprintf("FuzzyLevelLow(0x%04X)", m.FuzzyLevelLow)
	}
	s := columnName(m.PropertyTag) + " " + op + " " + m.TaggedValue.PropertyValue.String()
	if m.FuzzyLevelHigh != 0 {
		s += " (" + m.FuzzyLevelHigh.String() + ")"
	}
	return s
}

// String returns "PidTagImportance >= 2".
func (m *PropertyRestriction) String() string {
	return columnName(m.PropTag) + " " + relOpString(m.RelOp) + " " + m.TaggedValue.PropertyValue.String()
}

// String returns "PidTagA == PidTagB".
func (m *ComparePropertiesRestriction) String() string {
	return columnName(m.PropTag1) + " " + relOpString(m.RelOp) + " " + columnName(m.PropTag2)
}

// String returns "PidTagMessageFlags & 0x00000001 == 0" (BMR_EQZ) or "!= 0" (BMR_NEZ).
func (m *BitMaskRestriction) String() string {
	op := "!="
	if m.BitmapRelOp == BitmapRelOpEqualZero {
		op = "=="
	}
	return fmt.Sprintf("%s & 0x%08X %s 0", columnName(m.PropTag), m.Mask, op)
}

// String returns "SIZE(PidTagBody) > 1024".
func (m *SizeRestriction) String() string {
	return fmt.Sprintf("SIZE(%s) %s %d", columnName(m.PropTag), relOpString(m.RelOp), m.Size)
}

// String returns "EXISTS PidTagFlagStatus".
func (m *ExistRestriction) String() string { return "EXISTS " + columnName(m.PropTag) }

// String returns "ANY PidTagMessageRecipients (r)": a subobject matches r.
func (m *SubObjectRestriction) String() string {
	return "ANY " + columnName(m.Subobject) + " (" + restrictionString(m.Restriction) + ")"
}

// String returns the restriction with its comment: "r /* PidTagX = v */".
func (m *CommentRestriction) String() string {
	parts := make([]string, len(m.TaggedValues))
	for i, v := range m.TaggedValues {
		parts[i] = v.String()
	}
	return restrictionString(m.Restriction) + " /* " + strings.Join(parts, ", ") + " */"
}

// String returns "AT MOST 5 OF (r)".
func (m *CountRestriction) String() string {
	return fmt.Sprintf("AT MOST %d OF (%s)", m.Count, restrictionString(m.SubRestriction))
}
