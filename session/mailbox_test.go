package session

import (
	"testing"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ropsOf lists the ROP names of a call's pairs as "request/response", with
// "-" for a side that is missing.
func ropsOf(c *Call) []string {
	var out []string
	for _, p := range c.Pairs {
		req, resp := "-", "-"
		if p.Request != nil {
			req = p.Request.Info().ROP
		}
		if p.Response != nil {
			resp = p.Response.Info().ROP
		}
		out = append(out, req+"/"+resp)
	}
	return out
}

// TestMailboxSession plays testdata/mailbox.txtar, a logon, a folder, its
// contents table with columns and rows, properties, a message with its
// recipients, and the releases, and checks each pair field by field.
func TestMailboxSession(t *testing.T) {
	calls := loadSession(t, "mailbox")
	require.Len(t, calls, 4)
	d := NewDecoder(Limits{})

	// Call 0: the logon.
	c := playOne(t, d, calls[0])
	require.Equal(t, []string{"RopLogon/RopLogon"}, ropsOf(c))
	_, ok := c.Pairs[0].Response.(*codec.RopLogonPrivateResponse)
	require.True(t, ok, "%T", c.Pairs[0].Response)
	logonObj := c.Pairs[0].Created
	require.NotNil(t, logonObj)
	l, ok := d.Logon(0)
	require.True(t, ok)
	assert.True(t, l.Private)
	assert.Same(t, logonObj, l.Object)
	assert.Equal(t, uint32(0x10), logonObj.Handle)
	_, ok = d.Logon(1)
	assert.False(t, ok)

	// Call 1: folder, contents table, columns, rows.
	c = playOne(t, d, calls[1])
	require.Equal(t, []string{"RopOpenFolder/RopOpenFolder", "RopGetContentsTable/RopGetContentsTable",
		"RopSetColumns/RopSetColumns", "RopQueryRows/RopQueryRows"}, ropsOf(c))
	for i, p := range c.Pairs {
		assert.NoError(t, p.Err, "pair %d", i)
	}
	folder, table := c.Pairs[0].Created, c.Pairs[1].Created
	require.NotNil(t, folder)
	require.NotNil(t, table)
	assert.Same(t, logonObj, c.Pairs[0].Object)
	assert.Same(t, folder, c.Pairs[1].Object)
	assert.Same(t, table, c.Pairs[2].Object)
	assert.Equal(t, "RopOpenFolder", folder.OpenedBy)
	assert.Equal(t, "RopGetContentsTable", table.OpenedBy)
	assert.Equal(t, 1, table.Call)
	cols := []codec.PropertyTag{codec.NewPropertyTag(0x674A0014), codec.NewPropertyTag(0x0037001F),
		codec.NewPropertyTag(0x0E060040), codec.NewPropertyTag(0x0E070003)}
	assert.Equal(t, cols, table.Columns)
	assert.Equal(t, cols, c.Pairs[3].Columns)
	qr := c.Pairs[3].Response.(*codec.RopQueryRowsSuccessResponse)
	require.Len(t, qr.RowData.Rows, 2)
	r0, r1 := qr.RowData.Rows[0], qr.RowData.Rows[1]
	assert.Equal(t, codec.PropertyRowStandard, r0.Flag)
	assert.Equal(t, uint64(0x01AB000000000001), r0.Values[0].Value.Uint)
	assert.Equal(t, "Hi", r0.Values[1].Value.Text)
	assert.Equal(t, time.Date(2024, 11, 19, 13, 45, 30, 0, time.UTC), r0.Values[2].Value.Time())
	assert.Equal(t, uint64(1), r0.Values[3].Value.Uint)
	assert.Equal(t, codec.PropertyRowFlagged, r1.Flag)
	assert.Equal(t, uint64(0x01AC000000000002), r1.Values[0].Value.Uint)
	assert.Equal(t, codec.PropertyFlagError, r1.Values[1].Flag)
	assert.Equal(t, errors.EcNotFound, r1.Values[1].Value.EC())
	assert.Equal(t, codec.PropertyFlagNone, r1.Values[2].Flag)
	assert.Equal(t, codec.PropertyFlagValue, r1.Values[3].Flag)
	assert.Equal(t, uint64(0), r1.Values[3].Value.Uint)
	assert.Equal(t, uint32(0x11), folder.Handle)
	assert.Equal(t, uint32(0x12), table.Handle)

	// Call 2: properties by the request's tags, the message and its
	// recipients by its RecipientColumns, the table released.
	c = playOne(t, d, calls[2])
	require.Equal(t, []string{"RopGetPropertiesSpecific/RopGetPropertiesSpecific", "RopOpenMessage/RopOpenMessage",
		"RopReadRecipients/RopReadRecipients", "RopRelease/-"}, ropsOf(c))
	for i, p := range c.Pairs {
		assert.NoError(t, p.Err, "pair %d", i)
	}
	gp := c.Pairs[0].Response.(*codec.RopGetPropertiesSpecificSuccessResponse)
	require.Len(t, gp.RowData.Values, 3)
	assert.Equal(t, "Inbox", gp.RowData.Values[0].Value.Text)
	assert.Equal(t, uint64(2), gp.RowData.Values[1].Value.Uint)
	assert.Equal(t, uint64(1), gp.RowData.Values[2].Value.Uint)
	assert.Equal(t, "PidTagDisplayName", gp.RowData.Columns[0].Name())
	msg := c.Pairs[1].Created
	require.NotNil(t, msg)
	assert.Equal(t, []codec.PropertyTag{codec.NewPropertyTag(0x39FE001F), codec.NewPropertyTag(0x0C150003)}, msg.RecipientColumns)
	rr := c.Pairs[2].Response.(*codec.RopReadRecipientsSuccessResponse)
	require.Len(t, rr.RecipientRows, 1)
	rp := rr.RecipientRows[0].RecipientRow.RecipientProperties
	require.Len(t, rp.Values, 1)
	assert.Equal(t, "PidTagSmtpAddress", rp.Columns[0].Name())
	assert.Equal(t, "e", rp.Values[0].Value.Text)
	assert.Equal(t, msg.RecipientColumns, c.Pairs[2].Columns)
	assert.Same(t, table, c.Pairs[3].Object)
	assert.True(t, table.Released)
	assert.Nil(t, table.Columns, "a released table gives its columns back")
	_, ok = d.Object(0x12)
	assert.False(t, ok, "the table was released")
	assert.Equal(t, uint32(0x13), msg.Handle)

	// Call 3: a flagged row of the message's properties; the message and
	// the folder released.
	c = playOne(t, d, calls[3])
	require.Equal(t, []string{"RopGetPropertiesSpecific/RopGetPropertiesSpecific", "RopRelease/-", "RopRelease/-"}, ropsOf(c))
	assert.Same(t, msg, c.Pairs[0].Object)
	gp = c.Pairs[0].Response.(*codec.RopGetPropertiesSpecificSuccessResponse)
	assert.Equal(t, codec.PropertyRowFlagged, gp.RowData.Flag)
	assert.Equal(t, "Hi", gp.RowData.Values[0].Value.Text)
	assert.Equal(t, errors.EcNotFound, gp.RowData.Values[1].Value.EC())
	assert.True(t, msg.Released)
	assert.Nil(t, msg.RecipientColumns)
	assert.True(t, folder.Released)
	assert.Equal(t, 1, d.Objects(), "the logon is left")
	_, ok = d.Object(0x10)
	assert.True(t, ok)
}
