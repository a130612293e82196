package codec

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// auxClientInfo is an AUX_PERF_CLIENTINFO with every field set.
func auxClientInfo() *AuxPerfClientInfo {
	return &AuxPerfClientInfo{AdapterSpeed: 1000000, ClientID: 1, MachineName: "WS-0042", UserName: "ed",
		ClientIP: []byte{192, 168, 1, 20}, ClientIPMask: []byte{255, 255, 255, 0}, AdapterName: "Ethernet0",
		MacAddress: []byte{0, 0x15, 0x5D, 1, 2, 3}, ClientMode: AuxClientModeCached}
}

func TestLookupAuxBlockType(t *testing.T) {
	bt := LookupAuxBlockType(AuxVersion2, AuxTypePerfMDBSuccess)
	require.NotNil(t, bt)
	assert.Same(t, new(AuxPerfMDBSuccessV2).Info(), bt.Block, "Version 2 has its own structure")
	assert.Same(t, new(AuxPerfMDBSuccess).Info(), LookupAuxBlockType(AuxVersion1, AuxTypePerfMDBSuccess).Block)
	assert.Same(t, new(AuxPerfDefMDBSuccess).Info(), LookupAuxBlockType(AuxVersion1, AuxTypePerfFgDefMDBSuccess).Block,
		"the FG and BG types share the structure of theirs")
	assert.Nil(t, LookupAuxBlockType(AuxVersion2, AuxTypePerfClientInfo), "Version 2 has no AUX_PERF_CLIENTINFO")
	assert.Nil(t, LookupAuxBlockType(AuxVersion1, 0x52))
	assert.Nil(t, LookupAuxBlockType(3, AuxTypePerfRequestID))
	assert.Equal(t, "AUX_TYPE_PERF_CLIENTINFO", AuxTypePerfClientInfo.String())
	assert.Equal(t, "AuxType(0x52)", AuxType(0x52).String())
	all := AuxBlockTypes()
	require.Len(t, all, 40, "29 pairs of Version 1 and 11 of Version 2")
	for i := 1; i < len(all); i++ {
		assert.True(t, all[i-1].Version < all[i].Version || all[i-1].Version == all[i].Version && all[i-1].Type < all[i].Type,
			"sorted by Version and Type at %d", i)
	}
}

func TestAuxBlockEncodeRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		b     AuxBlock
		field string
		want  error
	}{
		"unknown pair with Data":  {AuxBlock{Version: 1, Type: 0x52, Data: &AuxPerfRequestID{}}, "Type", ErrUnexpectedValue},
		"unknown pair with Pad":   {AuxBlock{Version: 1, Type: 0x52, Pad: []byte{0}}, "Type", ErrUnexpectedValue},
		"known pair without Data": {AuxBlock{Version: 1, Type: AuxTypePerfRequestID}, "Type", ErrUnexpectedValue},
		"known pair with Raw":     {AuxBlock{Version: 1, Type: AuxTypePerfRequestID, Data: &AuxPerfRequestID{}, Raw: []byte{1}}, "Type", ErrUnexpectedValue},
		"structure of Version 1":  {AuxBlock{Version: 2, Type: AuxTypePerfSessionInfo, Data: &AuxPerfSessionInfo{}}, "Type", ErrUnexpectedValue},
		"more than 0xFFFF bytes":  {AuxBlock{Version: 1, Type: 0x52, Raw: make([]byte, 0xFFFC)}, "Size", ErrTooLong},
		"a string with a NUL":     {AuxBlock{Version: 1, Type: AuxTypePerfProcessInfo, Data: &AuxPerfProcessInfo{ProcessName: "a\x00"}}, "ProcessName", ErrEmbeddedNUL},
	} {
		out, err := tc.b.AppendBinary([]byte{0xAA})
		var ee *EncodeError
		if assert.ErrorAs(t, err, &ee, name) {
			assert.Equal(t, tc.field, ee.Field, name)
			assert.ErrorIs(t, err, tc.want, name)
		}
		assert.Equal(t, []byte{0xAA}, out, "%s: the buffer is left as it was", name)
	}
	// Just inside the limit.
	b, err := (&AuxBlock{Version: 1, Type: 0x52, Raw: make([]byte, 0xFFFB)}).MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, []byte{0xFF, 0xFF, 0x01, 0x52}, b[:4])
}

func TestDecodeAuxBlockErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		in          []byte
		field       string
		at          int
		want        error
		version, ty uint8
	}{
		"short header":  {[]byte{8, 0, 1}, "Type", 3, io.ErrUnexpectedEOF, 0, 0},
		"Size below 4":  {[]byte{3, 0, 1, 1, 0}, "Size", 0, ErrSizeMismatch, 1, 1},
		"Size past end": {[]byte{9, 0, 1, 0x52, 0, 0, 0, 0}, "Size", 0, io.ErrUnexpectedEOF, 1, 0x52},
	} {
		blk, n, err := DecodeAuxBlock(tc.in)
		var de *DecodeError
		if assert.ErrorAs(t, err, &de, name) {
			assert.ErrorIs(t, err, tc.want, name)
			assert.Equal(t, "AUX_HEADER", de.ROP, name)
			assert.Equal(t, tc.field, de.Field, name)
			assert.Equal(t, tc.at, de.Offset, name)
		}
		assert.Zero(t, n, name)
		assert.Equal(t, AuxBlock{Version: tc.version, Type: AuxType(tc.ty)}, blk, "%s: the Version and Type read", name)
	}
}

// TestDecodeAuxBlockKeepsABadStructure checks blocks whose header frames
// them but whose structure does not decode: kept as Raw with the error,
// walked past, and written back as they came.
func TestDecodeAuxBlockKeepsABadStructure(t *testing.T) {
	ci, err := (&AuxBlock{Version: 1, Type: AuxTypePerfClientInfo, Data: auxClientInfo()}).MarshalBinary()
	require.NoError(t, err)
	intoFixed := bytes.Clone(ci)
	intoFixed[4+6] = 4 + 20 // MachineNameOffset: inside the fixed fields, which end at 4+28
	for name, tc := range map[string]struct {
		in        []byte
		rop, fld  string
		at        int
		want      error
		version   uint8
		typ       AuxType
		structure Message
	}{
		"structure cut":    {[]byte{7, 0, 1, 1, 0, 0, 0}, "AUX_PERF_REQUESTID", "RequestID", 6, io.ErrUnexpectedEOF, 1, AuxTypePerfRequestID, nil},
		"offset too small": {intoFixed, "AUX_PERF_CLIENTINFO", "MachineName", 4 + 28, ErrBadOffset, 1, AuxTypePerfClientInfo, nil},
	} {
		blk, n, err := DecodeAuxBlock(tc.in)
		require.NoError(t, err, name)
		assert.Equal(t, len(tc.in), n, name)
		assert.Equal(t, tc.version, blk.Version, name)
		assert.Equal(t, tc.typ, blk.Type, name)
		assert.Nil(t, blk.Data, name)
		assert.Equal(t, tc.in[4:], blk.Raw, name)
		var de *DecodeError
		if assert.ErrorAs(t, blk.Err, &de, name) {
			assert.ErrorIs(t, blk.Err, tc.want, name)
			assert.Equal(t, tc.rop, de.ROP, name)
			assert.Equal(t, tc.fld, de.Field, name)
			assert.Equal(t, tc.at, de.Offset, "%s: the offset counts from the block's start", name)
		}
		out, err := blk.MarshalBinary()
		if assert.NoError(t, err, name) {
			assert.Equal(t, tc.in, out, "%s: written back as it came", name)
		}
		blk.Err = nil
		_, err = blk.MarshalBinary()
		assert.ErrorIs(t, err, ErrUnexpectedValue, "%s: Raw for a known pair only with the Err that explains it", name)
	}
}

// TestAuxBlockKeepsWhatIsNotItsStructure checks the bytes a block carries
// beyond its structure (padding) and the blocks of unknown pairs: kept,
// and written back.
func TestAuxBlockKeepsWhatIsNotItsStructure(t *testing.T) {
	in := []byte{
		0x0C, 0x00, 0x01, 0x01, 0x01, 0x00, 0x02, 0x00, 0xEE, 0, 0, 0, // AUX_PERF_REQUESTID and 4 bytes of padding
		0x06, 0x00, 0x07, 0x30, 0xAB, 0xCD, // Version 7: unknown
		0x04, 0x00, 0x01, 0x52, // an unknown Type with no bytes
	}
	want := []AuxBlock{
		{Version: 1, Type: AuxTypePerfRequestID, Data: &AuxPerfRequestID{SessionID: 1, RequestID: 2}, Pad: []byte{0xEE, 0, 0, 0}},
		{Version: 7, Type: 0x30, Raw: []byte{0xAB, 0xCD}},
		{Version: 1, Type: 0x52},
	}
	var got []AuxBlock
	var out []byte
	for blk, err := range AuxBlocks(in) {
		require.NoError(t, err)
		got = append(got, blk)
		out, err = blk.AppendBinary(out)
		require.NoError(t, err)
	}
	assert.Equal(t, want, got)
	assert.Equal(t, in, out)
}

func TestAuxWalkerStopsAtTheBadHeader(t *testing.T) {
	good, err := (&AuxBlock{Version: 1, Type: AuxTypeExOrgInfo, Data: &AuxExOrgInfo{OrgFlags: AuxOrgPublicFoldersEnabled}}).MarshalBinary()
	require.NoError(t, err)
	short := []byte{0x06, 0x00, 0x01, 0x17, 0x01, 0x00}                       // AUX_EXORGINFO, 2 bytes of its 4: walked past
	in := append(append(bytes.Clone(good), short...), 0x09, 0x00, 0x01, 0x52) // a Size past the end: the walk stops
	w := WalkAuxBlocks(in)
	require.True(t, w.Next())
	assert.Equal(t, 0, w.Offset())
	assert.Equal(t, len(good), w.Size())
	assert.Equal(t, len(good), w.InputOffset())
	require.True(t, w.Next(), "a block whose structure does not decode is walked past")
	assert.Equal(t, len(good), w.Offset())
	assert.Equal(t, len(short), w.Size())
	var de *DecodeError
	if assert.ErrorAs(t, w.Block().Err, &de) {
		assert.Equal(t, len(good)+4, de.Offset, "the block's Err counts from the start of the payload")
		assert.ErrorIs(t, w.Block().Err, io.ErrUnexpectedEOF)
	}
	require.False(t, w.Next())
	at := len(good) + len(short)
	assert.Equal(t, at, w.Offset(), "Offset names the bad header")
	assert.Zero(t, w.Size())
	assert.Equal(t, AuxBlock{Version: 1, Type: 0x52}, w.Block(), "the header read")
	require.ErrorAs(t, w.Err(), &de)
	assert.ErrorIs(t, w.Err(), io.ErrUnexpectedEOF)
	assert.Equal(t, "AUX_HEADER", de.ROP)
	assert.Equal(t, at, de.Offset, "the error's offset counts from the start of the payload")
	assert.False(t, w.Next(), "the walk stays stopped")

	n := 0
	for range AuxBlocks(in) {
		n++
		break // an early stop ends the walk
	}
	assert.Equal(t, 1, n)
}

// TestDecodeAuxBufferFraming checks the framing around the blocks: obfuscated
// and compressed payloads, several of them, and the offsets of errors in
// later ones.
func TestDecodeAuxBufferFraming(t *testing.T) {
	blocks := []AuxBlock{
		{Version: 1, Type: AuxTypePerfClientInfo, Data: auxClientInfo()},
		{Version: 2, Type: AuxTypePerfProcessInfo, Data: &AuxPerfProcessInfo{ProcessID: 4, ProcessName: strings.Repeat("OUTLOOK.EXE ", 20)}},
		{Version: 1, Type: 0x52, Raw: []byte{1, 0, 0, 0}},
	}
	for _, flags := range []RPCHeaderExtFlags{0, HeaderXorMagic, HeaderCompressed, HeaderCompressed | HeaderXorMagic} {
		b, err := AppendAuxBuffer(nil, blocks, flags)
		require.NoError(t, err, "%v", flags)
		h, _, err := DecodeRPCHeaderExt(b)
		require.NoError(t, err)
		assert.Equal(t, flags|HeaderLast, h.Flags, "the repeated process name compresses")
		got, err := DecodeAuxBuffer(b)
		require.NoError(t, err, "%v", flags)
		assert.Equal(t, blocks, got, "%v", flags)
	}

	one, err := (&blocks[0]).MarshalBinary()
	require.NoError(t, err)
	bad := []byte{0x05, 0x00, 0x01, 0x01, 0x00} // AUX_PERF_REQUESTID, 1 byte of its 4
	two, err := AppendRPCPayload(nil, one, 0)
	require.NoError(t, err)
	two, err = AppendRPCPayload(two, bad, HeaderLast)
	require.NoError(t, err)
	got, err := DecodeAuxBuffer(two)
	require.NoError(t, err)
	require.Len(t, got, 2)
	var de *DecodeError
	require.ErrorAs(t, got[1].Err, &de)
	assert.ErrorIs(t, got[1].Err, io.ErrUnexpectedEOF)
	assert.Equal(t, len(one)+4, de.Offset, "offsets count in the payloads' data laid end to end")
	two[len(two)-5] = 9 // the header's Size, past the end
	_, err = DecodeAuxBuffer(two)
	require.ErrorAs(t, err, &de)
	assert.Equal(t, len(one), de.Offset, "offsets count in the payloads' data laid end to end")

	_, err = AppendAuxBuffer([]byte{0xAA}, []AuxBlock{{Version: 1, Type: 0x52, Raw: make([]byte, 0x8000)}}, 0)
	assert.ErrorIs(t, err, ErrTooLong, "a payload over MaxPayloadSize")
	out, err := AppendAuxBuffer([]byte{0xAA}, []AuxBlock{blocks[0], {Version: 1, Type: 0x52, Data: &AuxPerfRequestID{}}}, 0)
	assert.ErrorIs(t, err, ErrUnexpectedValue)
	assert.Equal(t, []byte{0xAA}, out, "the buffer is left as it was")

	none, err := DecodeAuxBuffer([]byte{0, 0, 4, 0, 0, 0, 0, 0})
	require.NoError(t, err)
	assert.Nil(t, none, "an empty payload has no blocks")
	none, err = DecodeAuxBuffer(nil)
	require.NoError(t, err)
	assert.Nil(t, none, "an empty buffer (AuxiliaryBufferSize 0) has no blocks")
}
