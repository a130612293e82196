// Package lz77 implements the Plain LZ77 format of [MS-XCA] (Xpress
// Compression Algorithm): compression as in section 2.3, decompression as in
// section 2.4. [MS-OXCRPC] 3.1.4.1.1.2 compresses RPC_HEADER_EXT payloads
// with it (the document calls it LZ77 with the DIRECT2 encoding; the bytes are
// the same); package codec calls this package for payloads with the
// Compressed flag.
//
// # Format
//
// A stream is a sequence of 32-bit little-endian flag words, each followed by
// the elements its FlagWordBits flags describe, from the top bit down: a 0 flag
// is a literal byte, a 1 flag a match. A match is a 2-byte word holding the
// offset back less 1 in its top 13 bits (so at most MaxMatchOffset) and the
// length less MinMatchLength in its low MatchLengthBits; a longer length
// continues in a half byte (two matches share one byte), then a byte, then a 2-
// or 4-byte field. The stream ends on a 1 flag with no input left: the last
// flag word's unused flags are 1, and a stream whose elements fill its last
// flag word exactly gets one more flag word for that end flag. The constants
// come from the spec/lz77 table.
//
// # API
//
// Both directions append, in the style of encoding.BinaryAppender:
//
//	out, err := lz77.Decompress(dst, stream, size) // size bytes appended to dst
//	stream = lz77.Compress(dst, data)              // at most CompressBound(len(data)) bytes appended
//
// Into a dst with enough spare capacity (size for Decompress,
// CompressBound(len(data)) for Compress) neither allocates. Compress keeps its
// match finder's tables in a pool; a Compressor holds them explicitly.
//
// # Strictness
//
// Decompress checks every read and write, as [MS-XCA] 2.4.4 requires, and
// refuses a stream that does not decode to exactly the size asked, with an
// *Error that names the element (flag word, literal, match, length, end) and
// its offset in the stream: a match that reaches before the start of the
// output (ErrMatchBeforeStart), output longer or shorter than the size
// (ErrOutputTooLong, ErrOutputTooShort), a 2- or 4-byte length below the
// lengths the shorter fields encode (ErrBadLength), and a stream that ends
// inside a flag word, literal, match word or length (io.ErrUnexpectedEOF).
// It also requires the end flag that the compressors of [MS-XCA] 2.3.4 and
// [MS-OXCRPC] 3.1.4.1.1.2.2 always write; every stream Windows wrote in
// Samba's test vectors and both compressed frames of Outlook 2007 in our
// test data carry it. Samba's lzxpress_decompress is laxer: it stops as soon
// as its output is full or its input ends, and Samba 4.17's lzxpress_compress
// writes nothing at all, not even a flag word, for an empty input, which this
// package refuses to decode (a Compressed payload is never empty).
//
// Compress writes the 4-byte length field only for matches longer than 65,538
// bytes; [MS-OXCRPC]'s DIRECT2 description stops at the 2-byte field, and a
// payload of at most 32 KB never needs more.
//
// # Compression
//
// Compress finds matches with hash chains over the first four bytes (and a
// table of the first three) and, before it takes a short match, looks one
// position ahead. Against Windows (the 50 compressible test vectors Samba made
// with the Windows Compression API) it writes no more bytes than Windows'
// default level on any of them, 8% fewer in all, and nearly 3% fewer than Windows'
// higher level in all (more on 5 of its 30); on the two ROP request payloads
// that Outlook 2007 compressed in our test data it writes 324 and 327 bytes
// where Outlook wrote 325 and 330. The tests check the vectors kept in
// testdata. It trades speed for that: on a 32 KB ROP buffer of a few layouts
// repeated (compressed to 11.0%) it takes about 60 times as long as copying
// the buffer (BenchmarkCompress, rop-32K: 59.7, where decompressing takes
// 9.0, BenchmarkDecompress); on a buffer half as compressible (every golden
// vector of the module once, all-vectors-32K) compressing takes nine times as
// long, since a literal follows a walk of its hash chain. The figures are of
// one run, -cpu 1 -count 6, on a shared machine; the benchmark's comment says
// how they are taken.
package lz77
