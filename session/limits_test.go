package session

import (
	"encoding/binary"
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/memtest"

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

// TestWideTableAllocation plays two tables of 4,000 columns (within
// Limits.Columns) and then a call of 7,000 RopQueryRows that move between
// them and return no rows: the responses share their table's columns, so
// the call allocates within allocBound of its bytes (a copy of the columns
// for each response took some 120 MB, and its pairs kept them).
func TestWideTableAllocation(t *testing.T) {
	const cols, rops = 4000, 7000
	d := NewDecoder(Limits{})
	handles := []uint32{0xA21, 0xA22}
	var tables []*Object
	for _, h := range handles {
		set := []byte{0x3F, 0, 0, 1, 0x40, 0x12, 0, 1, 0} // RopGetRulesTable, RopSetColumns on its table
		set = binary.LittleEndian.AppendUint16(set, cols)
		for i := range cols {
			set = binary.LittleEndian.AppendUint32(set, uint32(0x80000003+i<<16)) // PtypInteger32 tags
		}
		playOne(t, d, archived{
			in:  ropBuf(t, set, 0x223, codec.UnusedHandle),
			out: ropBuf(t, []byte{0x3F, 1, 0, 0, 0, 0, 0x12, 1, 0, 0, 0, 0, 0}, 0x223, h),
		})
		table, ok := d.Object(h)
		require.True(t, ok)
		require.Len(t, table.Columns, cols)
		tables = append(tables, table)
	}

	var in, out []byte
	for i := range rops {
		in = append(in, 0x15, 0, byte(i%2), 0, 1, 0x32, 0)      // 50 rows forward, on table i%2
		out = append(out, 0x15, byte(i%2), 0, 0, 0, 0, 2, 0, 0) // BOOKMARK_END, no rows
	}
	query := archived{in: ropBuf(t, in, handles...), out: ropBuf(t, out, handles...)}
	var c *Call
	n := memtest.Allocated(func() { c = playOne(t, d, query) })
	require.Len(t, c.Pairs, rops)
	for _, i := range []int{0, 1, rops - 2, rops - 1} {
		require.NoError(t, c.Pairs[i].Err)
		require.Len(t, c.Pairs[i].Columns, cols)
		assert.Same(t, &tables[i%2].Columns[0], &c.Pairs[i].Columns[0], "pair %d shares its table's columns", i)
	}
	assert.LessOrEqual(t, n, allocBound(len(query.in)+len(query.out)), "allocated for %d input bytes", len(query.in)+len(query.out))
}
