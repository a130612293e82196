package session

import (
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contextErr returns p's *ContextError, failing the test without one.
func contextErr(t *testing.T, p Pair) *ContextError {
	t.Helper()
	var ce *ContextError
	require.True(t, errors.As(p.Err, &ce), "want a *ContextError, got %v", p.Err)
	return ce
}

// TestMissingContext plays testdata/nocontext.txtar: rows whose columns the
// session lacks are kept as bytes with the reason, never laid out by a
// guess, and decode once RopSetColumns has run.
func TestMissingContext(t *testing.T) {
	calls := loadSession(t, "nocontext")
	d := NewDecoder(Limits{})

	// Call 0: a table opened before the session.
	c := playOne(t, d, calls[0])
	require.Equal(t, []string{"RopQueryRows/RopQueryRows", "RopGetPropertiesSpecific/-"}, ropsOf(c))
	ce := contextErr(t, c.Pairs[0])
	assert.Equal(t, "RopQueryRows", ce.ROP)
	assert.Equal(t, "table", ce.Needs)
	assert.Equal(t, 0, ce.Index)
	assert.Nil(t, ce.Object)
	assert.ErrorIs(t, ce, ErrNoObject)
	assert.Equal(t, "rows kept as bytes: RopQueryRows needs the columns RopSetColumns set on its table (handle index 0): no object the session knows: handle 0x0000002A was opened before the session's first buffer", ce.Error())
	qr := c.Pairs[0].Response.(*codec.RopQueryRowsSuccessResponse)
	assert.ErrorIs(t, qr.RowData.Undecoded(), codec.ErrNoColumns)
	assert.Len(t, qr.RowData.Raw, 13+19, "the row and the response after it")
	assert.Nil(t, c.Pairs[0].Columns)
	assert.ErrorIs(t, c.Pairs[1].Err, ErrNoResponse)
	assert.Contains(t, c.Pairs[1].Err.Error(), "the rows of the RopQueryRows response at offset 0, kept as bytes for want of their columns, take the rest of the output buffer")

	// Call 1: RopSetColumns on that handle; the rows decode.
	c = playOne(t, d, calls[1])
	require.Equal(t, []string{"RopSetColumns/RopSetColumns", "RopQueryRows/RopQueryRows"}, ropsOf(c))
	require.NoError(t, c.Pairs[1].Err)
	table, ok := d.Object(0x2A)
	require.True(t, ok)
	assert.Equal(t, "", table.OpenedBy, "met by its handle")
	assert.Same(t, table, c.Pairs[0].Object)
	assert.Same(t, table, c.Pairs[1].Object)
	qr = c.Pairs[1].Response.(*codec.RopQueryRowsSuccessResponse)
	require.Len(t, qr.RowData.Rows, 1)
	assert.Equal(t, "Inbox", qr.RowData.Rows[0].Values[0].Value.Text)

	// Call 2: a table opened in the session, without RopSetColumns.
	c = playOne(t, d, calls[2])
	require.Equal(t, []string{"RopGetHierarchyTable/RopGetHierarchyTable", "RopQueryRows/RopQueryRows"}, ropsOf(c))
	ce = contextErr(t, c.Pairs[1])
	assert.ErrorIs(t, ce, ErrColumnsNotSet)
	require.NotNil(t, ce.Object)
	assert.Same(t, c.Pairs[0].Created, ce.Object)
	assert.Contains(t, ce.Error(), "rows kept as bytes: RopQueryRows needs the columns RopSetColumns set on its table (object 2 (handle 0x00000031, RopGetHierarchyTable in call 2)): no RopSetColumns on the table")
	assert.ErrorIs(t, c.Pairs[1].Response.(*codec.RopQueryRowsSuccessResponse).RowData.Undecoded(), codec.ErrNoColumns)

	// Call 3: a response without its request.
	c = playOne(t, d, calls[3])
	require.Equal(t, []string{"-/RopGetPropertiesSpecific"}, ropsOf(c))
	assert.ErrorIs(t, c.Pairs[0].Err, ErrNoRequest)
	assert.Equal(t, -1, c.Pairs[0].In)
	assert.ErrorIs(t, c.Pairs[0].Response.(*codec.RopGetPropertiesSpecificSuccessResponse).RowData.Undecoded(), codec.ErrNoColumns)
}

// TestFailedSetColumns checks that a RopSetColumns that fails on a table
// the session does not know leaves it unknown: it tells nothing about the
// table, and takes none of Limits.Objects.
func TestFailedSetColumns(t *testing.T) {
	d := NewDecoder(Limits{})
	c := playOne(t, d, archived{
		in:  ropBuf(t, []byte{0x12, 0, 0, 0, 1, 0, 0x1F, 0, 0x01, 0x30}, 0x2A), // PidTagDisplayName
		out: ropBuf(t, []byte{0x12, 0, 0x02, 0x01, 0x04, 0x80}, 0x2A),          // ecNotSupported
	})
	require.Equal(t, []string{"RopSetColumns/RopSetColumns"}, ropsOf(c))
	assert.Equal(t, errors.EcNotSupported, c.Pairs[0].Response.Status())
	assert.Nil(t, c.Pairs[0].Object)
	_, ok := d.Object(0x2A)
	assert.False(t, ok)
	assert.Zero(t, d.Objects())
}
