package session

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLimits plays testdata/mailbox.txtar under tight limits: what goes over
// one is not kept, and the responses that needed it say so.
func TestLimits(t *testing.T) {
	calls := loadSession(t, "mailbox")

	t.Run("objects", func(t *testing.T) {
		d := NewDecoder(Limits{Objects: 2})
		playOne(t, d, calls[0])
		c := playOne(t, d, calls[1])
		assert.NotNil(t, c.Pairs[0].Created, "the folder is the second object")
		assert.Nil(t, c.Pairs[1].Created, "the table would be the third")
		ce := contextErr(t, c.Pairs[3])
		assert.ErrorIs(t, ce, ErrTooManyObjects)
		assert.Equal(t, 2, d.Objects())
		// Releasing the table that was not tracked changes nothing; the
		// message opened after it is not tracked either.
		c = playOne(t, d, calls[2])
		assert.Nil(t, c.Pairs[1].Created)
		assert.ErrorIs(t, contextErr(t, c.Pairs[2]), ErrTooManyObjects)
		assert.Equal(t, 2, d.Objects())
		// Call 3 releases the folder: room for one more.
		playOne(t, d, calls[3])
		assert.Equal(t, 1, d.Objects())
	})

	t.Run("columns", func(t *testing.T) {
		d := NewDecoder(Limits{Columns: 3})
		playOne(t, d, calls[0])
		c := playOne(t, d, calls[1])
		table := c.Pairs[1].Created
		require.NotNil(t, table)
		assert.Nil(t, table.Columns)
		assert.ErrorIs(t, table.ColumnsErr, ErrTooManyColumns)
		ce := contextErr(t, c.Pairs[3])
		assert.ErrorIs(t, ce, ErrTooManyColumns)
		assert.Contains(t, ce.Error(), "4 columns, more than 3")
		assert.Nil(t, c.Pairs[3].Columns)
	})

	t.Run("total columns", func(t *testing.T) {
		d := NewDecoder(Limits{TotalColumns: 5})
		playOne(t, d, calls[0])
		c := playOne(t, d, calls[1])
		assert.NoError(t, c.Pairs[3].Err, "4 columns fit")
		assert.Equal(t, 4, d.columns)
		c = playOne(t, d, calls[2])
		msg := c.Pairs[1].Created
		require.NotNil(t, msg)
		assert.ErrorIs(t, msg.RecipientColumnsErr, ErrTooManyColumns)
		assert.ErrorIs(t, contextErr(t, c.Pairs[2]), ErrTooManyColumns)
		// The recipient rows kept as bytes take the rest of the output
		// buffer: whether the RopRelease after them ran is not known, and
		// the table keeps its columns.
		assert.ErrorIs(t, c.Pairs[3].Err, ErrNoResponse)
		assert.Equal(t, 4, d.columns)
	})
}
