package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
)

// An auxiliary buffer (rgbAuxIn and rgbAuxOut of EcDoConnectEx and
// EcDoRpcExt2, the AuxiliaryBuffer of every MAPI/HTTP body) is framed by
// RPC_HEADER_EXT like a ROP buffer, and its payload is a run of AUX blocks
// ([MS-OXCRPC] 3.1.4.1.2): decode --as aux, and the AuxiliaryBuffer of a
// MAPI/HTTP body, read each payload with auxBlocks, never as ROPs.

// auxBlocks shows the AUX blocks of payload p, at offset base of the input
// (0 for a decompressed payload), one by one as the codec's AuxWalker reads
// them, up to the first AUX_HEADER that does not frame a block, which is
// the problem it returns. A block whose structure does not decode is shown
// with its bytes and why, as the walk keeps it, and is no problem: its Size
// frames it, and receivers skip it.
func auxBlocks(p []byte, base int, em emitter) outcome {
	em.auxBegin(base, len(p))
	w := codec.WalkAuxBlocks(p)
	i := 0
	for ; w.Next(); i++ {
		blk := w.Block()
		blk.Err = shift(blk.Err, base)
		wire := p[w.Offset() : w.Offset()+w.Size()]
		em.auxBlock(i, blk, base+w.Offset(), w.Size(), auxFieldsAt(blk, wire, base+w.Offset()))
		if em.err() != nil {
			break
		}
	}
	var res outcome
	if err := w.Err(); err != nil && em.err() == nil {
		err = shift(err, base)
		em.auxStop(i, base+w.Offset(), err)
		res.problem = errText(err)
	}
	em.auxEnd()
	return res
}

// auxFieldsAt returns the offset in the input of the structure of blk,
// which lies at offset at with the bytes wire, when its fields lie one
// after another in the order Fields yields them: when the block encodes to
// wire again. A structure whose offset fields place its strings elsewhere
// (further on, or in another order) gives -1, so that no field is shown at
// an offset it does not have.
func auxFieldsAt(blk codec.AuxBlock, wire []byte, at int) int {
	if blk.Data == nil {
		return at + int(codec.AuxHeaderSize)
	}
	again, err := blk.MarshalBinary()
	if err != nil || !bytes.Equal(again, wire) {
		return -1
	}
	return at + int(codec.AuxHeaderSize)
}

// auxBlockTitle names a block: "AUX_TYPE_PERF_REQUESTID (Version 1, 8
// bytes at offset 8)", or "Version 3, Type 0x01 (...)" for a pair no
// document describes.
func auxBlockTitle(blk codec.AuxBlock, off, n int) string {
	where := fmt.Sprintf("%s at offset %d", plural(n, "byte", "bytes"), off)
	if blk.BlockType() == nil {
		return fmt.Sprintf("Version %d, Type 0x%02X (%s): no document describes this pair", blk.Version, uint8(blk.Type), where)
	}
	return fmt.Sprintf("%v (Version %d, %s)", blk.Type, blk.Version, where)
}

// auxStructure names the structure of a block type as the document does:
// "AUX_PERF_MDB_SUCCESS_V2" (the title of its table without the words
// every one of them ends in).
func auxStructure(bt *codec.AuxBlockType) string {
	name, _ := strings.CutSuffix(bt.Block.Title, " auxiliary block structure")
	return name
}

// auxPlausible reports whether payload p reads as AUX blocks when nothing
// says it is an auxiliary buffer: the blocks follow one another to its end,
// and one at least is of a pair the document describes and decodes. Others
// may be of pairs no document describes, or not decode (Outlook and other
// clients send both, and Exchange takes them).
func auxPlausible(p []byte) bool {
	known := false
	w := codec.WalkAuxBlocks(p)
	for w.Next() {
		known = known || w.Block().Data != nil
	}
	return known && w.Err() == nil
}
