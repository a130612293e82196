package session

import (
	"io"
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNotify plays testdata/notify.txtar: a RopNotify's row takes the columns
// of the table its NotificationHandle names; without them, or when they do
// not fit, it stays bytes of its own size, with the reason, and the
// responses after it still decode.
func TestNotify(t *testing.T) {
	calls := loadSession(t, "notify")
	d := NewDecoder(Limits{})
	cols := []codec.PropertyTag{codec.NewPropertyTag(0x0037001F), codec.NewPropertyTag(0x0E070003)}

	c := playOne(t, d, calls[0])
	require.Equal(t, []string{"RopSetColumns/RopSetColumns", "-/RopNotify", "-/RopNotify", "RopQueryRows/RopQueryRows"}, ropsOf(c))
	table, ok := d.Object(0x2A)
	require.True(t, ok)

	// The table's own notification: its row laid out by the columns set.
	added := c.Pairs[1]
	require.NoError(t, added.Err)
	assert.Same(t, table, added.Object)
	assert.Equal(t, cols, added.Columns)
	n := added.Response.(*codec.RopNotifyResponse)
	assert.Equal(t, uint32(0x2A), n.NotificationHandle)
	assert.Equal(t, codec.NotificationFlagTableModified|codec.NotificationFlagM, n.NotificationData.NotificationFlags)
	assert.Equal(t, codec.TableRowAdded, n.NotificationData.TableEventType)
	row := n.NotificationData.TableRowData
	require.NoError(t, row.Undecoded())
	require.Len(t, row.Values, 2)
	assert.Equal(t, "Hi", row.Values[0].Value.Text)
	assert.Equal(t, uint64(1), row.Values[1].Value.Uint)
	assert.Equal(t, 63, added.ResponseSize)

	// A table the session does not know: the row stays bytes, sized.
	other := c.Pairs[2]
	ce := contextErr(t, other)
	assert.Equal(t, "RopNotify", ce.ROP)
	assert.Equal(t, "table", ce.Needs)
	assert.Equal(t, -1, ce.Index)
	assert.Nil(t, ce.Object)
	assert.ErrorIs(t, ce, ErrNoObject)
	assert.Equal(t, "rows kept as bytes: RopNotify needs the columns RopSetColumns set on its table: no object the session knows: handle 0x00000099 was opened before the session's first buffer, or released", ce.Error())
	raw := other.Response.(*codec.RopNotifyResponse).NotificationData.TableRowData
	assert.ErrorIs(t, raw.Undecoded(), codec.ErrNoColumns)
	assert.Len(t, raw.Raw, 13, "the row alone")
	assert.Nil(t, other.Columns)

	// The response after them decodes, in its own context.
	require.NoError(t, c.Pairs[3].Err)
	qr := c.Pairs[3].Response.(*codec.RopQueryRowsSuccessResponse)
	require.Len(t, qr.RowData.Rows, 1)
	assert.Equal(t, "Hi", qr.RowData.Rows[0].Values[0].Value.Text)

	// Columns that do not lay the row out: bytes, and why; the request
	// left without a response is not blamed on them.
	c = playOne(t, d, calls[1])
	require.Equal(t, []string{"-/RopNotify", "-/RopPending", "RopQueryRows/-"}, ropsOf(c))
	ce = contextErr(t, c.Pairs[0])
	assert.Same(t, table, ce.Object)
	assert.ErrorIs(t, ce, io.ErrUnexpectedEOF)
	assert.Contains(t, ce.Error(), "the row does not decode by the table's 2 columns")
	raw = c.Pairs[0].Response.(*codec.RopNotifyResponse).NotificationData.TableRowData
	assert.Equal(t, []byte{0x00, 0x41, 0x00}, raw.Raw)
	assert.NoError(t, c.Pairs[1].Err)
	assert.ErrorIs(t, c.Pairs[2].Err, ErrNoResponse)
	assert.NotContains(t, c.Pairs[2].Err.Error(), "take the rest", "a RopNotify's row has a size")
}
