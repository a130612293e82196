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
// What it covers: the ROPs listed at the end of this comment, each request
// and every response shape, the shape chosen by DecodeRopXResponse (and by
// DecodeResponse) from ReturnValue and, for RopLogon, the Private bit, with
// constructors for the common logons (NewPrivateLogon, NewPublicLogon); the
// ROP input and output buffers (ROPBuffer) with the Requests and Responses
// walkers over a RopsList, and Walker, which says where each ROP lies; the
// RPC_HEADER_EXT framing of [MS-OXCRPC] 2.2.2.1 with XorMagic and
// Compressed, through package lz77 (DecodeRPCPayloads, AppendRPCPayload);
// the auxiliary buffers of [MS-OXCRPC] 2.2.2.2 and 3.1.4.1.2 (rgbAuxIn and
// rgbAuxOut, the AuxiliaryBuffer of MAPI/HTTP bodies), framed the same way
// but holding blocks, not ROPs: every block structure the document lists,
// typed (AuxPerfClientInfo, ...),
// a block of a Version and Type pair it does not list kept as raw bytes
// (AuxBlock), DecodeAuxBuffer and AppendAuxBuffer for a whole buffer, and
// AuxWalker, which says where each block lies; and the Store Object EntryID
// of [MS-OXCDATA] 2.2.4.3 with its v2 and v3 tails, as Outlook writes them
// (StoreEntryID, NewStoreEntryIDV2, NewPublicStoreEntryID).
//
// The message types, encoders and decoders are generated from the tables in
// spec/ by cmd/gen (the *_gen.go files), and so is a registry of them:
// LookupROP, ROPs and Messages describe every ROP and message type, and the
// Fields method of every message yields its fields in wire order with the
// document's names, for code that shows or checks messages of any type. They
// are built on a few hand-written, bounds-checked primitives (reader.go,
// writer.go, ascii.go, utf16.go, guid.go). Nothing in this package panics on
// any input, uses reflection or uses unsafe; encoding into a buffer with
// enough capacity allocates nothing, and MarshalBinary allocates once.
//
// # Goroutines
//
// A Decoder must not be shared between goroutines: it keeps state from one
// call to the next (the strings it remembers, the columns SetColumns and
// the logons SetLogon gave it), and nothing guards that state. Give each
// goroutine its own Decoder; the zero Decoder is ready to use and cheap to
// make. A Walker, too, belongs to the goroutine that walks with it. The rest
// keeps no state between calls: the package-level DecodeX functions, the
// Requests and Responses iterators, the registry and the encoders may be
// called from any number of goroutines at once.
//
// # Logons
//
// A few requests depend on whether their logon is to a private mailbox or to
// public folders, which their bytes do not say (the ClientData of a
// RopSetMessageReadFlag request, [MS-OXCROPS] 2.2.6.11.1). The registry marks
// them (MessageInfo.NeedsLogon), Decoder.SetLogon gives each LogonId's kind
// (the session decoder takes it from the RopLogon requests and responses),
// and without it they fail with ErrNeedsLogonContext rather than be read by a
// guess. Their PublicLogon field, not on the wire, carries the kind to the
// encoders.
//
// # Property values, rows and restrictions
//
// The structures of [MS-OXCDATA] that the ROPs share are generated too:
// PropertyTag and PropertyType (2.9, 2.11.1, with every data type and its
// wire form), PropertyValue (2.11.2) and the tagged, typed and flagged values
// (2.11.3 to 2.11.6), TypedString, PropertyName, SortOrderSet, RecipientRow,
// and the Restriction variant (2.12) of twelve structures, nested at most
// MaxRestrictionDepth deep. PropertyTag.Name gives the [MS-OXPROPS] name of a
// well-known property (PidTagDisplayName for 0x3001001F) without allocating.
// Values, rows and restrictions have a readable String form.
//
// Rows of property values (PropertyRow, PropertyRowSet, 2.8) are laid out by
// columns the buffer does not carry: those RopSetColumns set on the table,
// the PropertyTags of the request, the RecipientColumns of the message.
// MessageInfo.Columns says which a layout needs; Decoder.SetColumns gives
// them. Decoded without them, rows are kept as bytes (PropertyRow.Raw,
// Undecoded returns ErrNoColumns) and encode back byte for byte: a row's
// layout is never guessed. Since their size is then not known either, they
// run to the end of the buffer, and a RopsList walk ends with them.
//
// # Decoding without allocating
//
// The package functions allocate the strings and slices they return, and
// those that return a pointer (the RopId switches DecodeRequest and
// DecodeResponse, the dispatchers DecodeRopXResponse, the walkers) the
// message too. Two ways decode many messages at the floor:
//
//   - A Decoder has every DecodeX function as a method. It returns a string
//     it has returned before instead of allocating it again (the strings of
//     a session repeat), and with ReuseValues its pointer-returning methods
//     hand out a value of its own, valid until its next call, as
//     bufio.Scanner does: a walk with such a Decoder allocates only the
//     slices it returns and the strings it has not seen.
//   - DecodeInto decodes into a value the caller owns, reusing the memory
//     of its slices, as encoding/json does.
//
// The figures, and how they were taken, are in the module's BENCHMARKS.md.
package codec
