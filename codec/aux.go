package codec

import (
	"cmp"
	"fmt"
	"slices"
)

// AuxType is the Type of an AUX_HEADER ([MS-OXCRPC] 2.2.2.2): together with
// its Version, it names the block structure that follows. A Type has one
// name in both Versions (AuxTypePerfMDBSuccess is 0x07 in both), but not
// always the same structure (AuxPerfMDBSuccess in Version 1,
// AuxPerfMDBSuccessV2 in Version 2), and some exist in Version 1 only.
type AuxType uint8

// AuxBlockType describes one Version and Type pair of an AUX_HEADER and the
// block structure that follows it ([MS-OXCRPC] 2.2.2.2).
type AuxBlockType struct {
	Version uint8   // AuxVersion1 or AuxVersion2
	Type    AuxType // its String is the document's name: AUX_TYPE_PERF_CLIENTINFO
	// Section is where the table lists the pair.
	Section string
	// Block describes the structure: AuxPerfClientInfo, ... Its Decode
	// decodes one from the bytes after the AUX_HEADER.
	Block *MessageInfo
}

// LookupAuxBlockType returns the block structure that follows an AUX_HEADER
// with this Version and Type, or nil for a pair the document does not list,
// whose block receivers skip ([MS-OXCRPC] 3.1.4.1.2).
func LookupAuxBlockType(version uint8, typ AuxType) *AuxBlockType {
	key := [2]int{int(version), int(typ)}
	i, ok := slices.BinarySearchFunc(auxBlockTypes[:], key, func(t AuxBlockType, k [2]int) int {
		return cmp.Or(cmp.Compare(int(t.Version), k[0]), cmp.Compare(int(t.Type), k[1]))
	})
	if !ok {
		return nil
	}
	return &auxBlockTypes[i]
}

// AuxBlockTypes returns every Version and Type pair the package decodes, by
// Version and then Type. The caller owns the slice; the AuxBlockType values
// are shared.
func AuxBlockTypes() []*AuxBlockType {
	out := make([]*AuxBlockType, len(auxBlockTypes))
	for i := range auxBlockTypes {
		out[i] = &auxBlockTypes[i]
	}
	return out
}

// AuxBlock is one block of an auxiliary buffer ([MS-OXCRPC] 2.2.2.2): an
// AUX_HEADER and what follows it, up to the header's Size.
//
// For a Version and Type pair the package knows (LookupAuxBlockType), Data
// is the decoded structure, such as *AuxPerfClientInfo, and Pad holds the
// bytes the header's Size counts after it (servers may pad blocks to a
// multiple of 4 bytes, as gromox does). For any other pair, Data is nil and
// Raw holds every byte after the header: [MS-OXCRPC] 3.1.4.1.2 has receivers
// skip such blocks, and Outlook sends some that no document describes.
//
// A block of a known pair whose structure does not decode is kept the same
// way, its bytes in Raw, with Err saying why (a *DecodeError): its Size
// still frames it, and Exchange accepts such blocks (the rgbAuxIn of the
// public tool Ruler, which Exchange servers take, carries an
// AUX_PERF_PROCESSINFO whose ProcessNameOffset points past its end; see
// testdata/aux-buffer.txtar).
type AuxBlock struct {
	Version uint8
	Type    AuxType
	Data    Message
	Raw     []byte
	Pad     []byte
	Err     error
}

// BlockType returns the pair's entry in the registry, or nil when the
// package does not know it.
func (b *AuxBlock) BlockType() *AuxBlockType { return LookupAuxBlockType(b.Version, b.Type) }

// auxHeaderError is an *EncodeError about the AUX_HEADER of a block.
func auxHeaderError(field string, err error) error {
	return &EncodeError{ROP: "AUX_HEADER", Field: field, Err: err}
}

// AppendBinary appends the block, its AUX_HEADER first, to dst. Size is
// derived. The block takes what decoding gives (*EncodeError, Field "Type",
// otherwise): for a known pair, the structure it names in Data and no Raw,
// or, with Err set, Raw and no Data or Pad (a block that did not decode,
// passed on as it came); for a pair the package does not know, Raw only. A
// block of more than 0xFFFF bytes is refused with ErrTooLong (Field "Size").
// On failure dst is returned unchanged.
func (b *AuxBlock) AppendBinary(dst []byte) ([]byte, error) {
	bt := b.BlockType()
	asRaw := b.Data == nil && b.Pad == nil
	switch {
	case bt == nil && (!asRaw || b.Err != nil):
		return dst, auxHeaderError("Type", fmt.Errorf("%w: Version %d and %v name no structure, so the block takes Raw only", ErrUnexpectedValue, b.Version, b.Type))
	case bt != nil && b.Err != nil && !asRaw:
		return dst, auxHeaderError("Type", fmt.Errorf("%w: a block with Err takes Raw only", ErrUnexpectedValue))
	case bt != nil && b.Err == nil && (b.Data == nil || b.Data.Info() != bt.Block || b.Raw != nil):
		return dst, auxHeaderError("Type", fmt.Errorf("%w: Version %d and %v take a %s in Data, and no Raw", ErrUnexpectedValue, b.Version, b.Type, bt.Block.Type))
	}
	h := AuxHeader{Version: b.Version, Type: uint8(b.Type)}
	at := len(dst)
	out, err := h.AppendBinary(dst) // Size comes once the block is written
	if err != nil {
		return dst, err
	}
	if b.Data != nil {
		if out, err = b.Data.AppendBinary(out); err != nil {
			return dst, err
		}
	}
	out = append(append(out, b.Raw...), b.Pad...)
	size := len(out) - at
	if size > 0xFFFF {
		return dst, auxHeaderError("Size", fmt.Errorf("%w: a block of %d bytes", ErrTooLong, size))
	}
	h.Size = uint16(size)
	if _, err := h.AppendBinary(out[at:at]); err != nil { // in place
		return dst, err
	}
	return out, nil
}

// MarshalBinary returns the block with its AUX_HEADER.
func (b *AuxBlock) MarshalBinary() ([]byte, error) { return b.AppendBinary(nil) }
