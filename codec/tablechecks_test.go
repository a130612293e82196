package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableChecksRefuse checks the checks the ROP tables put on fields the
// documents fix: encoders refuse a value the document forbids, name the
// field, and leave the buffer as it was; structures nested in a ROP
// (LongTermID, [MS-OXCDATA] 2.2.1.3.1) keep their checks there.
func TestTableChecksRefuse(t *testing.T) {
	tests := []struct {
		name  string
		m     Message
		field string
		want  error
	}{
		// [MS-OXCDATA] 2.2.1.3.1: Pad is 0x0000.
		{"LongTermID Pad", &LongTermID{Pad: 1}, "Pad", ErrNotZero},
		{"LongTermID Pad in RopIdFromLongTermId", &RopIdFromLongTermIdRequest{LongTermID: LongTermID{Pad: 0x0100}}, "Pad", ErrNotZero},
		{"LongTermID Pad in a list", &RopGetPerUserLongTermIdsSuccessResponse{LongTermIDs: []LongTermID{{}, {Pad: 2}}}, "Pad", ErrNotZero},
		// Reserved fields that [MS-OXCROPS] 2.2.3.12.1, 2.2.6.6.1 and 2.2.6.7.1 set to zero.
		{"RopReadPerUserInformation Reserved", &RopReadPerUserInformationRequest{Reserved: 1}, "Reserved", ErrNotZero},
		{"RopReadRecipients Reserved", &RopReadRecipientsRequest{Reserved: 1}, "Reserved", ErrNotZero},
		{"RopReloadCachedInformation Reserved", &RopReloadCachedInformationRequest{Reserved: 1}, "Reserved", ErrNotZero},
		// The IDs [MS-OXCROPS] 2.2.13.2.2, 2.2.13.4.2 and 2.2.13.6.2 set to zero.
		{"RopSynchronizationImportMessageChange MessageId", &RopSynchronizationImportMessageChangeSuccessResponse{MessageID: 1}, "MessageId", ErrNotZero},
		{"RopSynchronizationImportHierarchyChange FolderId", &RopSynchronizationImportHierarchyChangeSuccessResponse{FolderID: 1}, "FolderId", ErrNotZero},
		{"RopSynchronizationImportMessageMove MessageId", &RopSynchronizationImportMessageMoveSuccessResponse{MessageID: 1}, "MessageId", ErrNotZero},
		// [MS-OXCFOLD] 2.2.1.4.1: the client sets no SearchFlags bit but those of the table.
		{"RopSetSearchCriteria SearchFlags", &RopSetSearchCriteriaRequest{SearchFlags: SearchRestart | 0x80}, "SearchFlags", ErrUndefinedFlags},
	}
	for _, tt := range tests {
		out, err := tt.m.AppendBinary([]byte{0xAA})
		var ee *EncodeError
		if assert.ErrorAs(t, err, &ee, tt.name) {
			assert.ErrorIs(t, err, tt.want, tt.name)
			assert.Equal(t, tt.field, ee.Field, tt.name)
		}
		assert.Equal(t, []byte{0xAA}, out, "%s: the buffer is left as it was", tt.name)
	}
}

// TestLongTermIDPadDecodes checks that decoders take a LongTermID whose Pad
// is not zero: the check is the encoders' only, as MAPI's LTID structure
// keeps a wLevel in those two bytes.
func TestLongTermIDPadDecodes(t *testing.T) {
	in := []byte{0x44, 0x00, 0x01, // RopIdFromLongTermId, LogonId, InputHandleIndex
		0x5C, 0x3F, 0x1E, 0x2A, 0x9D, 0x7B, 0x21, 0x4E, 0x8C, 0x3A, 0x1B, 0x2D, 0x3E, 0x4F, 0x5A, 0x6B, // DatabaseGuid
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, // GlobalCounter
		0x01, 0x00} // Pad 1
	m, n, err := DecodeRopIdFromLongTermIdRequest(in)
	require.NoError(t, err)
	assert.Equal(t, len(in), n)
	assert.Equal(t, uint16(1), m.LongTermID.Pad)
}
