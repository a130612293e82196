package codec

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Golden vectors of auxiliary buffers (../testdata/aux-buffer.txtar, decode:
// DecodeAuxBuffer). The .want file lists, for block i, Blocks[i].Offset and
// .Size (where the walk finds it in the payload), .Version, .Type, then the
// fields of its structure keyed as in the vectors of one structure
// (goldenFields), or its .Raw bytes and, for a structure that does not
// decode, its .Err; its .Pad bytes if any; and, as meta key blocks, how many
// blocks there are.

// goldenAuxBuffer tests a vector holding a whole auxiliary buffer: every
// block as the .want file says, the same blocks through AuxWalker, through
// AuxBlocks and block by block through DecodeAuxBlock, the buffer encoded
// again byte for byte, and every truncation refused.
func goldenAuxBuffer(t *testing.T, w goldenWant, golden []byte) {
	require.Equal(t, w.consumed(t), len(golden), "the .hex file's length is not the document's size (consumed)")
	blocks, err := DecodeAuxBuffer(golden)
	require.NoError(t, err, "DecodeAuxBuffer")
	n, err := strconv.Atoi(w.meta["blocks"])
	require.NoError(t, err, "blocks")
	require.Len(t, blocks, n, "blocks")

	ps, err := DecodeRPCPayloads(golden)
	require.NoError(t, err)
	require.Len(t, ps, 1, "the vectors hold one payload")
	payload := ps[0].Data
	got := map[string]any{}
	walker := WalkAuxBlocks(payload)
	for i := 0; walker.Next(); i++ {
		blk := walker.Block()
		require.Less(t, i, len(blocks), "the walk yields more blocks than DecodeAuxBuffer")
		assert.Equal(t, blocks[i], blk, "block %d: AuxWalker and DecodeAuxBuffer", i)
		one, size, err := DecodeAuxBlock(payload[walker.Offset():])
		if assert.NoError(t, err, "DecodeAuxBlock of block %d", i) {
			assert.Equal(t, blk, one.shifted(walker.Offset()), "block %d: DecodeAuxBlock", i)
			assert.Equal(t, walker.Size(), size, "block %d: DecodeAuxBlock's size", i)
		}
		enc, err := blk.MarshalBinary()
		if assert.NoError(t, err, "MarshalBinary of block %d", i) {
			assert.Equal(t, payload[walker.Offset():walker.InputOffset()], enc, "block %d encoded again", i)
		}
		key := fmt.Sprintf("Blocks[%d]", i)
		got[key+".Offset"], got[key+".Size"] = walker.Offset(), walker.Size()
		got[key+".Version"], got[key+".Type"] = blk.Version, blk.Type
		if blk.Data != nil {
			for k, v := range goldenFields(blk.Data) {
				got[key+"."+k] = v
			}
		}
		if blk.Raw != nil {
			got[key+".Raw"] = blk.Raw
		}
		if blk.Pad != nil {
			got[key+".Pad"] = blk.Pad
		}
		if blk.Err != nil {
			got[key+".Err"] = blk.Err.Error()
		}
	}
	require.NoError(t, walker.Err(), "AuxWalker")
	goldenCompare(t, w, got, "the auxiliary buffer")

	var iterated []AuxBlock
	for blk, err := range AuxBlocks(payload) {
		require.NoError(t, err, "AuxBlocks")
		iterated = append(iterated, blk)
	}
	assert.Equal(t, blocks, iterated, "AuxBlocks")

	out, err := AppendAuxBuffer([]byte{0xDE, 0xAD}, blocks, ps[0].Header.Flags)
	if assert.NoError(t, err, "AppendAuxBuffer") {
		assert.Equal(t, append([]byte{0xDE, 0xAD}, golden...), out, "AppendAuxBuffer after DE AD")
	}
	for cut := 1; cut < len(golden); cut++ { // no bytes at all are no buffer
		_, err := DecodeAuxBuffer(golden[:cut])
		assert.Error(t, err, "DecodeAuxBuffer of the first %d bytes", cut)
	}
}

// TestGoldenCoversEveryAuxBlock checks that every block structure the
// registry lists, and the AUX_HEADER, is the type of a golden vector of its
// own, and that the buffer vectors use Version 2 blocks, a pair the package
// does not know and a structure that does not decode.
func TestGoldenCoversEveryAuxBlock(t *testing.T) {
	covered := map[string]bool{}
	var versions, unknown, bad bool
	for _, name := range goldenArchives(t) {
		a := loadGolden(t, name)
		for _, f := range a.order {
			if !strings.HasSuffix(f, ".want") {
				continue
			}
			w := a.wantFile(t, f)
			covered[w.meta["type"]] = true
			for k, v := range w.fields {
				versions = versions || strings.HasSuffix(k, ".Version") && v == "2"
				unknown = unknown || strings.HasSuffix(k, ".Raw")
				bad = bad || strings.HasSuffix(k, ".Err")
			}
		}
	}
	assert.True(t, covered["AuxHeader"], "AuxHeader has no golden vector in %s", goldenDir)
	for _, bt := range AuxBlockTypes() {
		assert.True(t, covered[bt.Block.Type], "%s (Version %d, %v) has no golden vector in %s", bt.Block.Type, bt.Version, bt.Type, goldenDir)
	}
	assert.True(t, versions, "no golden auxiliary buffer holds a Version 2 block")
	assert.True(t, unknown, "no golden auxiliary buffer holds a block the package does not know")
	assert.True(t, bad, "no golden auxiliary buffer holds a block whose structure does not decode")
}
