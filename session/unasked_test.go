package session

import (
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnasked plays testdata/unasked.txtar: RopBackoff in place of the
// response it delays and for a whole logon ([MS-OXCROPS] 4.7 and 4.6), and
// RopBufferTooSmall with the requests it returns.
func TestUnasked(t *testing.T) {
	calls := loadSession(t, "unasked")
	d := NewDecoder(Limits{})

	// [MS-OXCROPS] 4.7: the RopBackoff stands for RopCreateFolder.
	c := playOne(t, d, calls[0])
	require.Equal(t, []string{"RopOpenFolder/RopOpenFolder", "RopCreateFolder/RopBackoff"}, ropsOf(c))
	assert.NoError(t, c.Pairs[0].Err)
	assert.ErrorIs(t, c.Pairs[1].Err, ErrNotProcessed)
	assert.Contains(t, c.Pairs[1].Err.Error(), "delays it by 282391 ms")
	assert.Nil(t, c.Pairs[1].Created)
	folder, ok := d.Object(0x24)
	require.True(t, ok)
	assert.Same(t, c.Pairs[0].Created, folder)

	// [MS-OXCROPS] 4.6: a logon backoff; the request of that logon after
	// it was not processed.
	c = playOne(t, d, calls[1])
	require.Equal(t, []string{"RopSetColumns/RopSetColumns", "-/RopBackoff", "RopQueryRows/-"}, ropsOf(c))
	assert.NoError(t, c.Pairs[0].Err)
	assert.NoError(t, c.Pairs[1].Err)
	bo := c.Pairs[1].Response.(*codec.RopBackoffResponse)
	assert.Equal(t, uint32(0x1234), bo.Duration)
	assert.ErrorIs(t, c.Pairs[2].Err, ErrNotProcessed)
	assert.Contains(t, c.Pairs[2].Err.Error(), "delays every request of logon 0 by 4660 ms")

	// RopBufferTooSmall: the RopRelease before its RequestBuffers ran, the
	// RopGetOwningServers in them did not.
	c = playOne(t, d, calls[2])
	require.Equal(t, []string{"RopGetReceiveFolder/RopGetReceiveFolder", "RopSetColumns/RopSetColumns",
		"RopRelease/-", "-/RopBufferTooSmall", "RopGetOwningServers/-"}, ropsOf(c))
	assert.Equal(t, errors.EcNotSupported, c.Pairs[0].Response.Status())
	for i := range 4 {
		assert.NoError(t, c.Pairs[i].Err, "pair %d", i)
	}
	assert.ErrorIs(t, c.Pairs[4].Err, ErrNotProcessed)
	assert.Contains(t, c.Pairs[4].Err.Error(), "needs 4096 bytes")
	_, ok = d.Object(0x28)
	assert.False(t, ok, "released")
	tbl, ok := d.Object(0x29)
	require.True(t, ok)
	assert.Equal(t, []codec.PropertyTag{codec.NewPropertyTag(0x3001001F)}, tbl.Columns)

	// RequestBuffers that are not the requests sent.
	c = playOne(t, d, calls[3])
	require.Equal(t, []string{"-/RopBufferTooSmall", "RopGetOwningServers/-"}, ropsOf(c))
	assert.ErrorIs(t, c.Pairs[0].Err, ErrNotEchoed)
	assert.ErrorIs(t, c.Pairs[1].Err, ErrNoResponse)
}

// TestBackoffAgain checks RopBackoff responses that come again in one output
// buffer: a second one that delays a whole logon gives its reason to the
// requests of that logon not yet emitted, not to those emitted before it;
// and in a chained output buffer a RopBackoff leaves out the requests after
// it as in the first.
func TestBackoffAgain(t *testing.T) {
	setColumns := func(logon byte) []byte { return []byte{0x12, logon, 0, 0, 0, 0} } // no columns
	logonBackoff := func(ms byte) []byte { return []byte{0xF9, 0, ms, 0, 0, 0, 0, 0, 0} }
	var in []byte
	for _, logon := range []byte{0, 1, 0} {
		in = append(in, setColumns(logon)...)
	}
	var out []byte
	out = append(out, logonBackoff(1)...)
	out = append(out, 0x12, 0, 0, 0, 0, 0, 0) // the RopSetColumns of logon 1
	out = append(out, logonBackoff(2)...)
	c := playOne(t, NewDecoder(Limits{}), archived{in: ropBuf(t, in, 0x2A), out: ropBuf(t, out, 0x2A)})
	require.Equal(t, []string{"-/RopBackoff", "RopSetColumns/-", "RopSetColumns/RopSetColumns", "-/RopBackoff", "RopSetColumns/-"}, ropsOf(c))
	assert.NoError(t, c.Pairs[2].Err)
	for i, ms := range map[int]string{1: "by 1 ms", 4: "by 2 ms"} {
		assert.ErrorIs(t, c.Pairs[i].Err, ErrNotProcessed, "pair %d", i)
		assert.Contains(t, c.Pairs[i].Err.Error(), "delays every request of logon 0 "+ms, "pair %d", i)
	}

	// RopBackoff responses for a RopQueryRows, in an output buffer and in
	// its chained copy: each leaves out the RopSetColumns waiting.
	backoff := []byte{0xF9, 0, 5, 0, 0, 0, 1, 0x15, 5, 0, 0, 0, 0, 0}
	c, err := NewDecoder(Limits{}).CallRPC(frame(t, ropBuf(t, setColumns(0), 0x2A)),
		frame(t, ropBuf(t, backoff, 0x2A), ropBuf(t, backoff, 0x2A)))
	require.NoError(t, err)
	require.Equal(t, []string{"-/RopBackoff", "RopSetColumns/-", "-/RopBackoff", "RopSetColumns/-"}, ropsOf(c))
	for _, i := range []int{1, 3} {
		assert.ErrorIs(t, c.Pairs[i].Err, ErrNotProcessed, "pair %d", i)
		assert.Contains(t, c.Pairs[i].Err.Error(), "leaves out the responses after it", "pair %d", i)
	}
}
