package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ropcodec/ropcodec/codec"
)

// TestTagNames checks how a property tag is named: by the name [MS-OXPROPS]
// gives its tag; by the name of its ID when the tag has another type than the
// one listed (Outlook asks for the PtypString8 forms of string properties);
// by its hex alone when the ID is not listed.
func TestTagNames(t *testing.T) {
	for _, tc := range []struct {
		tag         uint32
		text, label string
	}{
		{0x3001001F, "PidTagDisplayName (0x3001001F), PtypString", "PidTagDisplayName"},
		{0x3001001E, "PidTagDisplayName (0x3001001E), PtypString8", "PidTagDisplayName"},
		{0x7FF00003, "0x7FF00003, PtypInteger32", "0x7FF00003"},
	} {
		tag := codec.NewPropertyTag(tc.tag)
		assert.Equal(t, tc.text, tagText(tag), "0x%08X", tc.tag)
		assert.Equal(t, tc.label, columnLabel(tag), "0x%08X", tc.tag)
	}
}
