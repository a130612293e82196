package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableChecksRefuse checks the checks the ROP tables put on fields the
// documents fix: encoders refuse a value the document forbids, name the
// field, and leave the buffer as it was; structures nested in a ROP
// (LongTermID, [MS-OXCDATA] 2.2.1.3.1) keep their checks there, and the
// error names the ROP and the path to the field, as the documents name
// them.
func TestTableChecksRefuse(t *testing.T) {
	tests := []struct {
		name  string
		m     Message
		field string
		want  error
	}{
		// [MS-OXCDATA] 2.2.1.3.1: Pad is 0x0000.
		{"LongTermID Pad", &LongTermID{Pad: 1}, "Pad", ErrNotZero},
		{"LongTermID Pad in RopIdFromLongTermId", &RopIdFromLongTermIdRequest{LongTermID: LongTermID{Pad: 0x0100}}, "LongTermId.Pad", ErrNotZero},
		{"LongTermID Pad in a list", &RopGetPerUserLongTermIdsSuccessResponse{LongTermIDs: []LongTermID{{}, {Pad: 2}}}, "LongTermIds[1].Pad", ErrNotZero},
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
		// [MS-OXCFXICS] 2.2.3.1.1.3.1: MessageIdCount is more than zero (min 1 on the count encoders derive).
		{"RopFastTransferSourceCopyMessages MessageIdCount", &RopFastTransferSourceCopyMessagesRequest{}, "MessageIdCount", ErrUnexpectedValue},
		// [MS-OXCROPS] 2.2.10.1.1.1: a structure in a list, flags no table defines.
		{"PermissionData flags in RopModifyPermissions", &RopModifyPermissionsRequest{PermissionsData: []PermissionData{{}, {PermissionDataFlags: 0x80}}},
			"PermissionsData[1].PermissionDataFlags", ErrUndefinedFlags},
		// [MS-OXCNOTIF] 2.2.1.4.1.2: a TagCount kept as it came (0xFFFF is none) must count the Tags, in the structure of a ROP too.
		{"NotificationData TagCount in RopNotify", &RopNotifyResponse{NotificationData: NotificationData{NotificationFlags: 0x0004, TagCount: 2, Tags: []PropertyTag{NewPropertyTag(0x0E070003)}}},
			"NotificationData.Tags", ErrSizeMismatch},
		// [MS-OXCROPS] 2.2.8.10.2: IdCount counts both lists; ReturnValue is 0 or ErrorsReturned (only).
		{"RopQueryNamedProperties PropertyNames", &RopQueryNamedPropertiesSuccessResponse{PropertyIDs: []uint16{0x8001}}, "PropertyNames", ErrSizeMismatch},
		{"RopQueryNamedProperties ReturnValue", &RopQueryNamedPropertiesSuccessResponse{ReturnValue: 0x80004005}, "ReturnValue", ErrUnexpectedValue},
		// [MS-OXCROPS] 2.2.7.9.2: HelpFileName is on the wire only after a help file (HelpFileSize nonzero).
		{"RopOptionsData HelpFileName without HelpFile", &RopOptionsDataSuccessResponse{Reserved: 1, HelpFileName: "SMTP.HLP"}, "HelpFileName", ErrUnexpectedValue},
	}
	for _, tt := range tests {
		out, err := tt.m.AppendBinary([]byte{0xAA})
		var ee *EncodeError
		if assert.ErrorAs(t, err, &ee, tt.name) {
			assert.ErrorIs(t, err, tt.want, tt.name)
			assert.Equal(t, tt.field, ee.Field, tt.name)
			rop := tt.m.Info().ROP
			if rop == "" {
				rop = tt.m.Info().Type // a structure encoded on its own
			}
			assert.Equal(t, rop, ee.ROP, "%s: the error names the message encoded", tt.name)
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

// TestCountChecksDecode checks that decoders refuse a count below the least
// its table allows: RopFastTransferSourceCopyMessages with MessageIdCount 0
// ([MS-OXCFXICS] 2.2.3.1.1.3.1), and take it at 1.
func TestCountChecksDecode(t *testing.T) {
	in := []byte{0x4B, 0x00, 0x01, 0x02, // RopId, LogonId, InputHandleIndex, OutputHandleIndex
		0x00, 0x00, // MessageIdCount 0
		0x01, 0x00} // CopyFlags, SendOptions
	_, _, err := DecodeRopFastTransferSourceCopyMessagesRequest(in)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrUnexpectedValue)
	assert.Equal(t, "RopFastTransferSourceCopyMessages", de.ROP)
	assert.Equal(t, "MessageIdCount", de.Field)
	assert.Equal(t, 4, de.Offset)

	one := append(append(in[:4:4], 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8), in[6:]...)
	m, n, err := DecodeRopFastTransferSourceCopyMessagesRequest(one)
	require.NoError(t, err)
	assert.Equal(t, len(one), n)
	assert.Equal(t, []uint64{0x0807060504030201}, m.MessageIDs)
}

// TestNestedEncodeErrorNamesTheROP checks the message of an encode error in
// a structure nested in a ROP: it names the ROP, as a DecodeError does, and
// the path to the field, not the structure alone.
func TestNestedEncodeErrorNamesTheROP(t *testing.T) {
	_, err := (&RopIdFromLongTermIdRequest{LongTermID: LongTermID{Pad: 1}}).MarshalBinary()
	require.Error(t, err)
	assert.Equal(t, "codec: RopIdFromLongTermId: LongTermId.Pad: cannot encode: "+ErrNotZero.Error(), err.Error())
	_, err = (&LongTermID{Pad: 1}).MarshalBinary()
	require.Error(t, err)
	assert.Equal(t, "codec: LongTermID: Pad: cannot encode: "+ErrNotZero.Error(), err.Error())
}
