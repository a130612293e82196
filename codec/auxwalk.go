package codec

import (
	"fmt"
	"io"
	"iter"
)

// An auxiliary buffer (the rgbAuxIn and rgbAuxOut of EcDoConnectEx and
// EcDoRpcExt2, the AuxiliaryBuffer of every MAPI/HTTP request and response
// body) is framed by RPC_HEADER_EXT like a ROP buffer ([MS-OXCRPC]
// 3.1.4.1.1.1.1 and 3.1.4.1.1.1.2): DecodeRPCPayloads undoes the framing,
// the obfuscation and the compression, and its payload is a run of blocks,
// each an AUX_HEADER and a block structure ([MS-OXCRPC] 3.1.4.1.2). The
// functions here read and write those blocks; DecodeAuxBuffer and
// AppendAuxBuffer do both steps at once.

// DecodeAuxBlock decodes the block at the start of b, an AUX_HEADER and the
// Size - 4 bytes after it, and reports its Size. A block whose Version and
// Type the package does not know is kept as Raw bytes, and so is one whose
// structure does not decode, with the *DecodeError in the block's Err
// (offsets counted from the start of b): the Size frames it all the same.
// Errors are those of the header, *DecodeError with ROP "AUX_HEADER": one
// cut short, a Size of less than 4 (ErrSizeMismatch) or past the end of b
// (io.ErrUnexpectedEOF).
func DecodeAuxBlock(b []byte) (AuxBlock, int, error) {
	h, n, err := DecodeAuxHeader(b)
	if err != nil {
		return AuxBlock{}, 0, err
	}
	blk := AuxBlock{Version: h.Version, Type: AuxType(h.Type)}
	size := int(h.Size)
	switch {
	case size < n:
		return blk, 0, &DecodeError{ROP: "AUX_HEADER", Field: "Size", Err: fmt.Errorf("%w: %d, less than the header's %d bytes", ErrSizeMismatch, size, n)}
	case size > len(b):
		return blk, 0, &DecodeError{ROP: "AUX_HEADER", Field: "Size", Err: fmt.Errorf("%w: a block of %d bytes, %d left", io.ErrUnexpectedEOF, size, len(b))}
	}
	body := b[n:size]
	bt := blk.BlockType()
	if bt == nil {
		blk.Raw = clonedOrNil(body)
		return blk, size, nil
	}
	data, used, err := bt.Block.Decode(body)
	if err != nil {
		blk.Raw, blk.Err = clonedOrNil(body), shiftOffset(err, n)
		return blk, size, nil
	}
	blk.Data, blk.Pad = data, clonedOrNil(body[used:])
	return blk, size, nil
}

// shifted returns blk with the offset of its Err, if any, moved by base.
func (blk AuxBlock) shifted(base int) AuxBlock {
	if blk.Err != nil {
		blk.Err = shiftOffset(blk.Err, base)
	}
	return blk
}

// clonedOrNil returns a copy of p, or nil when p is empty, as decoders
// leave empty byte fields.
func clonedOrNil(p []byte) []byte {
	if len(p) == 0 {
		return nil
	}
	return append([]byte(nil), p...)
}

// An AuxWalker decodes the blocks of an auxiliary buffer's payload one
// after another, as Walker does the ROPs of a RopsList, and says where each
// one lies:
//
//	w := codec.WalkAuxBlocks(payload)
//	for w.Next() {
//		b := w.Block()
//		fmt.Println(w.Offset(), w.Size(), b.Type, b.Data)
//	}
//	if err := w.Err(); err != nil { ... }
//
// Since each block carries its size, a block of a Version and Type the
// package does not know, or whose structure does not decode, is walked past
// (its Raw bytes are kept, see AuxBlock); the walk stops at the first
// AUX_HEADER that does not frame a block.
type AuxWalker struct {
	payload []byte
	off, n  int // the last block read: its offset and size
	blk     AuxBlock
	err     error
}

// WalkAuxBlocks returns an AuxWalker over the blocks of payload, the Data
// of the payloads DecodeRPCPayloads returns for an auxiliary buffer.
func WalkAuxBlocks(payload []byte) *AuxWalker { return &AuxWalker{payload: payload} }

// Next decodes the next block and reports whether it did. It returns false
// at the end of the payload and at the first header that does not frame a
// block, whose error Err then returns.
func (w *AuxWalker) Next() bool {
	w.off += w.n
	w.n, w.blk = 0, AuxBlock{}
	if w.err != nil || w.off >= len(w.payload) {
		return false
	}
	blk, n, err := DecodeAuxBlock(w.payload[w.off:])
	w.blk = blk.shifted(w.off)
	if err != nil {
		w.err = shiftOffset(err, w.off)
		return false
	}
	w.n = n
	return true
}

// Block returns the block Next decoded last, the offset of its Err, if
// any, counted from the start of the payload. After Next failed, it holds
// the Version and Type of the failing header when they could be read.
func (w *AuxWalker) Block() AuxBlock { return w.blk }

// Offset returns the offset in the payload of the block Next decoded last
// or failed on; after the end, the payload's length.
func (w *AuxWalker) Offset() int { return w.off }

// Size returns the Size of the block Next decoded last; 0 after a failure
// or the end.
func (w *AuxWalker) Size() int { return w.n }

// InputOffset returns the offset in the payload of the first byte not yet
// decoded: where the next block starts.
func (w *AuxWalker) InputOffset() int { return w.off + w.n }

// Err returns the error at which the walk stopped, with its offset counted
// from the start of the payload, or nil.
func (w *AuxWalker) Err() error { return w.err }

// AuxBlocks walks the blocks of an auxiliary buffer's payload, yielding
// each in order, then the error at which the walk stopped, if any (see
// AuxWalker).
func AuxBlocks(payload []byte) iter.Seq2[AuxBlock, error] {
	return func(yield func(AuxBlock, error) bool) {
		w := WalkAuxBlocks(payload)
		for w.Next() {
			if !yield(w.blk, nil) {
				return
			}
		}
		if w.err != nil {
			yield(AuxBlock{}, w.err)
		}
	}
}

// DecodeAuxBuffer decodes a whole auxiliary buffer: its RPC_HEADER_EXT
// framing, obfuscation and compression (DecodeRPCPayloads), then the blocks
// of every payload, in order. Errors are *DecodeError; those of a block's
// header, and the Err of a block whose structure does not decode, count
// their offset in the payloads' data laid end to end, after decompression,
// since a compressed payload has no offsets of its own to point into.
//
// An empty b, such as the AuxiliaryBuffer of a MAPI/HTTP body whose
// AuxiliaryBufferSize is 0, holds no blocks (nil, nil); any other buffer
// must be framed.
//
// It allocates the payloads' data (DecodeRPCPayloads), one slice of
// blocks, and each block's structure with its strings and bytes: a bounded
// multiple of the input and of the sizes it announces.
func DecodeAuxBuffer(b []byte) ([]AuxBlock, error) {
	if len(b) == 0 {
		return nil, nil
	}
	payloads, err := DecodeRPCPayloads(b)
	if err != nil {
		return nil, err
	}
	count := 0
	for _, p := range payloads {
		count += countAuxBlocks(p.Data)
	}
	var blocks []AuxBlock // nil for none, as decoders leave empty lists
	if count > 0 {
		blocks = make([]AuxBlock, 0, count)
	}
	base := 0
	for _, p := range payloads {
		w := WalkAuxBlocks(p.Data)
		for w.Next() {
			blocks = append(blocks, w.blk.shifted(base))
		}
		if w.err != nil {
			return nil, shiftOffset(w.err, base)
		}
		base += len(p.Data)
	}
	return blocks, nil
}

// countAuxBlocks counts the headers of payload that follow one another by
// their Size, up to the first that does not fit: the number of blocks a
// walk can yield at most.
func countAuxBlocks(payload []byte) int {
	n := 0
	for off := 0; off < len(payload); n++ {
		h, hn, err := DecodeAuxHeader(payload[off:])
		if err != nil || int(h.Size) < hn || int(h.Size) > len(payload)-off {
			return n + 1
		}
		off += int(h.Size)
	}
	return n
}

// AppendAuxBuffer appends an auxiliary buffer holding blocks to dst: one
// RPC_HEADER_EXT with Last and flags (HeaderCompressed, HeaderXorMagic; see
// AppendRPCPayload), then the blocks. A block that does not encode, or a
// payload larger than MaxPayloadSize, is an *EncodeError, and dst is
// returned unchanged.
func AppendAuxBuffer(dst []byte, blocks []AuxBlock, flags RPCHeaderExtFlags) ([]byte, error) {
	var payload []byte
	for i := range blocks {
		var err error
		if payload, err = blocks[i].AppendBinary(payload); err != nil {
			return dst, err
		}
	}
	return AppendRPCPayload(dst, payload, flags|HeaderLast)
}
