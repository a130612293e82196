package session

import (
	"path/filepath"
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesTableExample decodes the [MS-OXORULE] 4.2 example: the
// RopQueryRows response, which the document says cannot be read without the
// RopSetColumns before it, decodes by those columns to the values the
// document lists.
func TestRulesTableExample(t *testing.T) {
	d, calls := play(t, loadSession(t, "oxorule-4.2"))
	c := calls[0]
	require.Len(t, c.Pairs, 3)
	for i, want := range []string{"RopGetRulesTable", "RopSetColumns", "RopQueryRows"} {
		p := c.Pairs[i]
		require.NotNil(t, p.Request, "pair %d", i)
		require.NotNil(t, p.Response, "pair %d", i)
		assert.Equal(t, want, p.Request.Info().ROP, "pair %d", i)
		assert.Equal(t, want, p.Response.Info().ROP, "pair %d", i)
		assert.NoError(t, p.Err, "pair %d", i)
	}
	table := c.Pairs[0].Created
	require.NotNil(t, table)
	assert.Equal(t, "RopGetRulesTable", table.OpenedBy)
	assert.Nil(t, c.Pairs[0].Object, "the folder at 0x223 was opened before the session's first buffer")
	assert.Same(t, table, c.Pairs[1].Object)
	assert.Same(t, table, c.Pairs[2].Object)

	cols := []codec.PropertyTag{codec.NewPropertyTag(0x66740014), codec.NewPropertyTag(0x66840102), codec.NewPropertyTag(0x6682001F)}
	assert.Equal(t, cols, table.Columns)
	assert.Equal(t, cols, c.Pairs[2].Columns)
	qr, ok := c.Pairs[2].Response.(*codec.RopQueryRowsSuccessResponse)
	require.True(t, ok, "%T", c.Pairs[2].Response)
	require.NoError(t, qr.RowData.Undecoded())
	require.Len(t, qr.RowData.Rows, 1)
	row := qr.RowData.Rows[0]
	assert.Equal(t, codec.PropertyRowStandard, row.Flag)
	require.Len(t, row.Values, 3)
	assert.Equal(t, uint64(0x56F83F0100000001), row.Values[0].Value.Uint)
	assert.Equal(t, []byte{0x01, 0, 0, 0, 0x01, 0, 0, 0, 0x55, 0x55, 0x55, 0x55, 0xD1, 0x44, 0xE3, 0x40}, row.Values[1].Value.Bytes)
	assert.Equal(t, "Project X", row.Values[2].Value.Text)

	// The rules table is known by the handle the output buffer returned.
	o, ok := d.Object(0x0A21)
	require.True(t, ok)
	assert.Same(t, table, o)
	assert.True(t, table.HandleKnown)
	_, ok = d.Object(0x0223)
	assert.False(t, ok, "the folder was never opened in the session")
}

// TestDocumentPairs plays testdata/documents.txtar, requests and responses
// the documents print as pairs: each pairs, and the one pair whose response
// does not copy its request's handle index is pointed out.
func TestDocumentPairs(t *testing.T) {
	_, calls := play(t, loadSession(t, "documents"))
	want := []string{"RopDeleteFolder", "RopDeleteMessages", "RopSortTable", "RopSubmitMessage"}
	for i, c := range calls {
		require.Equal(t, []string{want[i] + "/" + want[i]}, ropsOf(c), "call %d", i)
		require.NoError(t, c.Pairs[0].Response.Status(), "call %d", i)
		if want[i] == "RopSortTable" {
			assert.ErrorIs(t, c.Pairs[0].Err, ErrNotEchoed)
			assert.Contains(t, c.Pairs[0].Err.Error(), "its InputHandleIndex is 1, the request's 0")
			continue
		}
		assert.NoError(t, c.Pairs[0].Err, "call %d", i)
	}
}

// vector returns section NAME.hex of ../testdata/FILE.txtar: bytes the
// codec's golden tests hold as a document prints them.
func vector(t *testing.T, file, name string) []byte {
	t.Helper()
	b, err := testvec.Vector(filepath.Join("..", "testdata", file+".txtar"), name+".hex")
	require.NoError(t, err)
	return b
}

// TestDocumentBuffersAreTheExamples checks that the ROPs of the session
// archives that say they are the documents' examples are, byte for byte,
// the examples ../testdata holds for the codec's golden tests: only the
// framing (RopSize, handle table) was added.
func TestDocumentBuffersAreTheExamples(t *testing.T) {
	type vec struct{ file, name string }
	for _, tc := range []struct {
		archive string
		call    int
		in, out []vec
	}{
		{"documents", 0, []vec{{"ropdeletefolder", "ms-oxcfold-4.2.1"}}, []vec{{"ropdeletefolder", "ms-oxcfold-4.2.2"}}},
		{"documents", 1, []vec{{"ropdeletemessages", "ms-oxcfold-4.3.1"}}, []vec{{"ropdeletemessages", "ms-oxcfold-4.3.2"}}},
		{"documents", 2, []vec{{"ropsorttable", "ms-oxctabl-4.3.1"}}, []vec{{"ropsorttable", "ms-oxctabl-4.3.2"}}},
		{"documents", 3, []vec{{"roptransport", "ms-oxomsg-4.1.1"}}, []vec{{"roptransport", "ms-oxomsg-4.1.2"}}},
		{"oxorule-4.2", 0, nil, []vec{
			{"roppermissionsrules", "ms-oxorule-4.2.2"}, {"ropsetcolumns-request", "ms-oxorule-4.2.2"}, {"oxcdata-table-rops", "ms-oxorule-4.2.2"}}},
	} {
		c := loadSession(t, tc.archive)[tc.call]
		for _, side := range []struct {
			buf  []byte
			vecs []vec
		}{{c.in, tc.in}, {c.out, tc.out}} {
			if side.vecs == nil {
				continue
			}
			var rb codec.ROPBuffer
			require.NoError(t, rb.UnmarshalBinary(side.buf), "%s call %d", tc.archive, tc.call)
			var want []byte
			for _, v := range side.vecs {
				want = append(want, vector(t, v.file, v.name)...)
			}
			assert.Equal(t, want, rb.RopsList, "%s call %d", tc.archive, tc.call)
		}
	}
	// The input buffer of the [MS-OXORULE] 4.2 call is the whole buffer
	// ../testdata/ropbuffer-rules.txtar frames, handle table included.
	assert.Equal(t, vector(t, "ropbuffer-rules", "ms-oxorule-4.2.1"), loadSession(t, "oxorule-4.2")[0].in)
	// The output buffers of unasked.txtar's calls 1 and 2, the [MS-OXCROPS]
	// 4.6 example and a RopBufferTooSmall, are whole buffers of
	// ../testdata/ropbuffer.txtar.
	unasked := loadSession(t, "unasked")
	assert.Equal(t, vector(t, "ropbuffer", "ms-oxcrops-4.6"), unasked[1].out)
	assert.Equal(t, vector(t, "ropbuffer", "output-buffer-too-small"), unasked[2].out)
}
