package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMarshalRefusesRestrictionCycleInValue: a restriction in a cycle, held
// by a PtypRestriction property value rather than by a Restriction field, is
// refused by MarshalBinary, not followed by the size it would compute
// first (which overflowed the stack).
func TestMarshalRefusesRestrictionCycleInValue(t *testing.T) {
	loop := &NotRestriction{}
	loop.Restriction = loop
	value := PropertyValue{Type: PtypRestriction, Restriction: loop}
	tag := NewPropertyTag(uint32(0x0E99)<<16 | uint32(PtypRestriction))
	for name, m := range map[string]interface{ MarshalBinary() ([]byte, error) }{
		"TaggedPropertyValue": &TaggedPropertyValue{PropertyTag: tag, PropertyValue: value},
		"TypedPropertyValue":  &TypedPropertyValue{PropertyType: PtypRestriction, PropertyValue: value},
		"PropertyRestriction": &PropertyRestriction{RelOp: 0x04, PropTag: tag, TaggedValue: TaggedPropertyValue{PropertyTag: tag, PropertyValue: value}},
	} {
		_, err := m.MarshalBinary()
		assert.ErrorIs(t, err, ErrTooDeep, name)
	}
}
