package codec

import "fmt"

// Property tags and types ([MS-OXCDATA] 2.9, 2.11.1). The types and their
// wire forms are generated from spec/oxcdata/property-types.tsv
// (propertytypes_gen.go), the names of the well-known properties from
// spec/oxcdata/property-tags.tsv (propertytags_gen.go).

// The bits of a PropertyType that qualify its base type ([MS-OXCDATA]
// 2.11.1.3, constants_gen.go): PropertyTypeMultiple marks a multivalued type,
// and PropertyTypeMultivalueInstance, in a table's column, one row per value
// of a multivalued property.

// NewPropertyTag returns the PropertyTag of a 32-bit tag such as 0x3001001F:
// the property ID in the high 16 bits, the type in the low 16.
func NewPropertyTag(tag uint32) PropertyTag {
	return PropertyTag{PropertyID: uint16(tag >> 16), PropertyType: uint16(tag)}
}

// Tag returns t as a 32-bit tag, 0x3001001F for PidTagDisplayName.
func (t PropertyTag) Tag() uint32 { return uint32(t.PropertyID)<<16 | uint32(t.PropertyType) }

// Type returns the PropertyType of t.
func (t PropertyTag) Type() PropertyType { return PropertyType(t.PropertyType) }

// Name returns the canonical name [MS-OXPROPS] gives the property of tag t,
// PidTagDisplayName for 0x3001001F, or "" for a tag the table of well-known
// properties does not list. The table lists each property with the type the
// document gives it; see NameByID for the same ID with another type. It
// allocates nothing.
func (t PropertyTag) Name() string { return propertyTagName(t.Tag()) }

// NameByID returns the canonical name and documented type of the one
// well-known property with t's ID, whatever t's type: PidTagDisplayName and
// PtypString for 0x3001001E, the PtypString8 form Outlook asks for. It
// returns "" for an ID the table lists for no property or for several.
func (t PropertyTag) NameByID() (string, PropertyType) { return propertyIDName(t.PropertyID) }

// String returns the name of t's property with its tag in hex,
// "PidTagDisplayName (0x3001001F)", or the tag alone for a property the
// table does not list.
func (t PropertyTag) String() string {
	if n := t.Name(); n != "" {
		return fmt.Sprintf("%s (0x%08X)", n, t.Tag())
	}
	return fmt.Sprintf("0x%08X", t.Tag())
}

// LookupPropertyTag returns the tag of the well-known property of that
// canonical name ("PidTagDisplayName"), with the type [MS-OXPROPS] gives it.
func LookupPropertyTag(name string) (PropertyTag, bool) {
	tag, ok := propertyTagByName(name)
	return NewPropertyTag(tag), ok
}

// unknownPropertyType is the String of a type the table does not list.
func unknownPropertyType(t PropertyType) string {
	return fmt.Sprintf("PropertyType(0x%04X)", uint16(t))
}

// IsMultiple reports whether t is a multivalued type (PtypMultiple...).
func (t PropertyType) IsMultiple() bool { return uint16(t)&PropertyTypeMultiple != 0 }

// ValueType returns the type of the values a column of type t holds: t
// itself, or, for a column that asks for one row per value of a multivalued
// property (PropertyTypeMultivalueInstance), the single-valued base type
// ([MS-OXCDATA] 2.11.1.3).
func (t PropertyType) ValueType() PropertyType {
	if uint16(t)&PropertyTypeMultivalueInstance != 0 {
		return PropertyType(uint16(t) &^ (PropertyTypeMultivalueInstance | PropertyTypeMultiple))
	}
	return t
}

// propertyForm is a layout of property values in a ROP buffer; the table of
// property data types gives each type its form (PropertyType.wire).
type propertyForm uint8

const (
	formUnknown     propertyForm = iota // a type the table does not list
	formInt                             // a signed integer of size bytes
	formFloat                           // an IEEE 754 number of size bytes
	formCurrency                        // a signed 64-bit count of ten-thousandths
	formApptime                         // a float64 count of days since 1899-12-30
	formErrorcode                       // a 32-bit error code
	formBoolean                         // one byte, 1 or 0
	formFiletime                        // a FILETIME
	formGuid                            // a GUID
	formNone                            // no bytes (PtypNull)
	formUTF16Z                          // UTF-16LE up to a 2-byte NUL
	formString8Z                        // 8-bit characters up to a NUL byte
	formCounted                         // a count of count bytes, then that many bytes
	formMultiple                        // a count of count bytes, then that many values of elem
	formRestriction                     // a Restriction
	formRuleaction                      // a 16-bit count, then action blocks that start with their 16-bit length
	formUnspecified                     // no form of its own: the type travels with the value
	formObject                          // no form in ROP buffers ([MS-OXCDATA] 2.11.1.5)
)

// propertyWire is the form of the values of one type in a ROP buffer.
type propertyWire struct {
	form  propertyForm
	size  int          // bytes of a fixed-size value
	count int          // bytes of the count of a counted or multiple value
	elem  PropertyType // the type of the values of a multiple value
}

// fixed reports whether the form is a fixed-size value held in Uint.
func (w propertyWire) fixed() bool {
	return w.form >= formInt && w.form <= formFiletime
}
