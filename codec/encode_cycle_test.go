package codec

import (
	"iter"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEncodeRefusesRestrictionCycle: a restriction in a cycle, directly in a
// Restriction field or held by a PtypRestriction property value (alone, or
// in a row of a table or a recipient), is refused with ErrTooDeep by
// MarshalBinary and AppendBinary, not followed by the size they compute
// before encoding (which recursed until the stack overflowed); Fields yields
// nothing for it, where it computed the same sizes. An acceptable one beside
// it still encodes, and Fields describes it.
func TestEncodeRefusesRestrictionCycle(t *testing.T) {
	loop := &NotRestriction{}
	loop.Restriction = loop
	tag := NewPropertyTag(uint32(0x0E99)<<16 | uint32(PtypRestriction))
	tagged := func(r Restriction) TaggedPropertyValue {
		return TaggedPropertyValue{PropertyTag: tag, PropertyValue: PropertyValue{Type: PtypRestriction, Restriction: r}}
	}
	type encoder interface {
		MarshalBinary() ([]byte, error)
		AppendBinary([]byte) ([]byte, error)
		Fields() iter.Seq[Field]
	}
	row := func(r Restriction) PropertyRow {
		return PropertyRow{Columns: []PropertyTag{tag}, Values: []RowValue{{Type: PtypRestriction, Flag: PropertyFlagValue, Value: tagged(r).PropertyValue}}}
	}
	messages := func(r Restriction) map[string]encoder {
		return map[string]encoder{
			"RopFindRowSuccessResponse": &RopFindRowSuccessResponse{HasRowData: 1, RowData: row(r)},
			"RopModifyRecipientsRequest": &RopModifyRecipientsRequest{
				RecipientColumns: []PropertyTag{tag},
				RecipientRows: []ModifyRecipientRow{{RecipientRow: &RecipientRow{
					RecipientColumnCount: 1, RecipientProperties: row(r),
				}}},
			},
			"RopQueryRowsSuccessResponse": &RopQueryRowsSuccessResponse{
				RowCount: 1, RowData: PropertyRowSet{Rows: []PropertyRow{row(r)}},
			},
			"NotRestriction":      &NotRestriction{Restriction: r},
			"TaggedPropertyValue": &[]TaggedPropertyValue{tagged(r)}[0],
			"TypedPropertyValue":  &TypedPropertyValue{PropertyType: PtypRestriction, PropertyValue: tagged(r).PropertyValue},
			"PropertyRestriction": &PropertyRestriction{RelOp: 0x04, PropTag: tag, TaggedValue: tagged(r)},
			"RopRestrictRequest":  &RopRestrictRequest{RestrictionData: r},
			"RopSetPropertiesRequest": &RopSetPropertiesRequest{
				PropertyValues: TaggedPropertyValueList{PropertyValues: []TaggedPropertyValue{tagged(r)}},
			},
		}
	}
	for name, m := range messages(loop) {
		_, err := m.MarshalBinary()
		assert.ErrorIs(t, err, ErrTooDeep, "%s MarshalBinary", name)
		prefix := []byte{1, 2, 3}
		out, err := m.AppendBinary(prefix)
		assert.ErrorIs(t, err, ErrTooDeep, "%s AppendBinary", name)
		assert.Equal(t, prefix, out, "%s AppendBinary returns b unchanged", name)
		assert.Empty(t, slices.Collect(m.Fields()), "%s Fields", name)
	}
	for name, m := range messages(&ExistRestriction{PropTag: tag}) {
		b, err := m.MarshalBinary()
		if assert.NoError(t, err, name) {
			assert.Len(t, b, cap(b), "%s MarshalBinary sized its buffer first", name)
		}
		assert.NotEmpty(t, slices.Collect(m.Fields()), "%s Fields", name)
	}
}
