package session

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
)

// The requests that depend on the kind of their logon (RopSetMessageReadFlag:
// ClientData on a public folders logon only, [MS-OXCROPS] 2.2.6.11.1), built
// by hand from the layouts.
var (
	// readFlagPublic is a RopSetMessageReadFlag on logon 1 with ClientData.
	readFlagPublic = []byte{
		0x11, 0x01, 0x00, 0x00, 0x01, // RopId, LogonId 1, ResponseHandleIndex 0, InputHandleIndex 0, ReadFlags rfSuppressReceipt
		0x1F, 0x4E, 0x2A, 0x8C, 0x63, 0x7B, 0x2E, 0x4D, 0x9C, 0x1A, 0x5B, 0x3F, 0x0E, 0x6D, 0x7A, 0x21, // ClientData: DatabaseGuid
		0x00, 0x00, 0x00, 0x01, 0x2A, 0x3B, 0x00, 0x00, // GlobalCounter, Pad
	}
	// readFlagPrivate is a RopSetMessageReadFlag on logon 0, without.
	readFlagPrivate = []byte{0x11, 0x00, 0x00, 0x00, 0x01}
	// release is a RopRelease of handle index 0 on logon 0.
	release = []byte{0x01, 0x00, 0x00}
	// publicLogon is a RopLogon request for public folders: LogonId 1,
	// OutputHandleIndex 0, LogonFlags 0 (no Private), OpenFlags PUBLIC,
	// StoreState 0, an Essdn of "/o=Org".
	publicLogon = []byte{0xFE, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, '/', 'o', '=', 'O', 'r', 'g', 0x00}
)

// TestLogonContextSameBuffer decodes a RopSetMessageReadFlag that follows the
// RopLogon of its public folders logon in one input buffer: the session takes
// the logon's kind from the request's LogonFlags.
func TestLogonContextSameBuffer(t *testing.T) {
	d := NewDecoder(Limits{})
	rops := append(append(append([]byte{}, publicLogon...), readFlagPublic...), release...)
	c, err := d.Call(ropBuf(t, rops, 0xFFFFFFFF), nil)
	require.NoError(t, err)
	require.Len(t, c.Pairs, 3, "RopLogon, RopSetMessageReadFlag, RopRelease")
	req, ok := c.Pairs[1].Request.(*codec.RopSetMessageReadFlagRequest)
	require.True(t, ok, "%T", c.Pairs[1].Request)
	assert.True(t, req.PublicLogon)
	assert.Equal(t, [24]byte(readFlagPublic[5:]), req.ClientData)
	assert.IsType(t, &codec.RopReleaseRequest{}, c.Pairs[2].Request, "the walk goes on after the ClientData")
}

// TestLogonContextEarlierCall decodes a RopSetMessageReadFlag on a private
// mailbox logon that an earlier call opened: no ClientData.
func TestLogonContextEarlierCall(t *testing.T) {
	calls := loadSession(t, "mailbox")
	d, _ := play(t, calls[:1]) // RopLogon, private, LogonId 0
	c := playOne(t, d, archived{in: ropBuf(t, append(append([]byte{}, readFlagPrivate...), release...), 0x10)})
	require.Len(t, c.Pairs, 2)
	req, ok := c.Pairs[0].Request.(*codec.RopSetMessageReadFlagRequest)
	require.True(t, ok, "%T", c.Pairs[0].Request)
	assert.False(t, req.PublicLogon)
	assert.Zero(t, req.ClientData)
	assert.IsType(t, &codec.RopReleaseRequest{}, c.Pairs[1].Request)
}

// TestLogonContextUnknown decodes a RopSetMessageReadFlag on a logon the
// session did not see: the walk stops there with ErrNeedsLogonContext, the
// ROPs before it decoded, and no guess is made.
func TestLogonContextUnknown(t *testing.T) {
	d := NewDecoder(Limits{})
	rops := append(append([]byte{}, release...), readFlagPublic...)
	c, err := d.Call(ropBuf(t, rops, 0x10), nil)
	assert.ErrorIs(t, err, codec.ErrNeedsLogonContext)
	require.Len(t, c.In, 1)
	assert.ErrorIs(t, c.In[0].Err, codec.ErrNeedsLogonContext)
	var de *codec.DecodeError
	if assert.ErrorAs(t, c.In[0].Err, &de) {
		assert.Equal(t, "RopSetMessageReadFlag", de.ROP)
	}
	require.Len(t, c.Pairs, 1, "the RopRelease before it")
}

// TestLogonContextReleased decodes a RopSetMessageReadFlag on a logon whose
// Logon object a RopRelease freed: the session forgets the logon, and the
// request no longer decodes.
func TestLogonContextReleased(t *testing.T) {
	calls := loadSession(t, "mailbox")
	d, _ := play(t, calls[:1]) // RopLogon, private, LogonId 0: handle 0x10
	playOne(t, d, archived{in: ropBuf(t, release, 0x10), out: ropBuf(t, nil, 0x10)})
	_, known := d.Logon(0)
	require.False(t, known, "RopRelease of the Logon object ends the logon")
	c, err := d.Call(ropBuf(t, readFlagPrivate, 0x10), nil)
	assert.ErrorIs(t, err, codec.ErrNeedsLogonContext)
	assert.Empty(t, c.Pairs)
}

// TestLogonContextUnanswered decodes a RopSetMessageReadFlag on a logon whose
// RopLogon an earlier call asked for but the session did not see succeed (the
// call has no output buffer): the kind the request asked for held for the
// rest of its own buffer only, and the request no longer decodes.
func TestLogonContextUnanswered(t *testing.T) {
	d := NewDecoder(Limits{})
	_, err := d.Call(ropBuf(t, publicLogon, 0xFFFFFFFF), nil)
	require.NoError(t, err)
	_, known := d.Logon(1)
	require.False(t, known, "no response, no logon")
	c, err := d.Call(ropBuf(t, readFlagPublic, 0x10), nil)
	assert.ErrorIs(t, err, codec.ErrNeedsLogonContext)
	assert.Empty(t, c.Pairs)
}
