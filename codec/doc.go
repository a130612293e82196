// Package codec encodes and decodes ROP buffers as laid out in [MS-OXCROPS]
// (remote operations sent in the rgbIn/rgbOut buffers of EcDoRpcExt2 and
// MAPI/HTTP Execute requests).
//
// Every integer on the wire is little-endian ([MS-OXCROPS] 2). ROP messages
// are plain structs with fixed arrays for fixed fields; their encoders have
// the append shape of encoding.BinaryAppender (AppendBinary) and their
// decoders report which ROP, which field and which offset failed, through a
// *DecodeError that unwraps to io.ErrUnexpectedEOF for truncated input or to
// one of the Err* sentinels of this package.
//
// The message types, encoders and decoders are generated from the tables in
// spec/ by cmd/gen (the *_gen.go files). They are built on a few hand-written,
// bounds-checked primitives (reader.go, writer.go, guid.go). Nothing in this
// package panics on any input, uses reflection or uses unsafe; encoding into
// a buffer with enough capacity allocates nothing, and decoding allocates at
// most the strings it returns.
package codec
