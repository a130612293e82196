// Package session decodes the ROP buffers of one session in order, as a
// capture holds them, and decodes each response in the context that the
// buffers before it set up ([MS-OXCROPS] 3.2.5.1, 3.2.5.2).
//
// A ROP response is often unreadable alone: the rows of a RopQueryRows,
// RopFindRow or RopExpandRow response follow the columns that RopSetColumns
// set on the same table ([MS-OXCTABL] 2.2.2.5.2), the row of a
// RopGetPropertiesSpecific response follows the PropertyTags of its request
// ([MS-OXCPRPT] 3.2.5.1), and the recipient rows of RopReadRecipients follow
// the RecipientColumns that RopOpenMessage returned ([MS-OXCMSG] 2.2.3.6.2).
// The codec says which layouts need what (codec.MessageInfo.Columns); a
// Decoder keeps what a session told it and gives each response its context.
//
// A Decoder takes one call at a time: a ROP input buffer and the ROP output
// buffer that answers it (Call), the rgbIn and rgbOut of EcDoRpcExt2 with
// their RPC_HEADER_EXT framing (CallRPC, [MS-OXCRPC] 3.1.4.2), or the bodies
// of a MAPI over HTTP Execute request and response (CallExecute,
// [MS-OXCMAPIHTTP] 2.2.4.2). It keeps, across calls:
//
//   - the server objects, by their handles ([MS-OXCROPS] 1.3.1): the
//     Server object handle table of an input buffer names the objects its
//     ROPs use; a ROP that succeeds with an OutputHandleIndex creates one,
//     whose handle the output buffer's table returns in that slot, and a
//     later ROP of the same buffer may use it by its index at once;
//     RopRelease frees one;
//   - the logons (LogonId; private mailbox or public folders, from the
//     RopLogon response's shape, or from the request's LogonFlags for the
//     requests after it in the same buffer), which lay out the requests
//     that depend on them (codec.MessageInfo.NeedsLogon: the ClientData of a
//     RopSetMessageReadFlag request);
//   - the columns of each table (RopSetColumns on its handle) and the
//     recipient columns of each message (RopOpenMessage,
//     RopOpenEmbeddedMessage, RopReloadCachedInformation).
//
// It pairs every response with its request: responses come in the order of
// their requests ([MS-OXCROPS] 3.2.5.1), RopRelease has none, and the
// responses that no request asks for are placed as the documents say:
// RopBackoff in place of the response of the ROP it delays, the responses
// after it left out ([MS-OXCROPS] 3.1.5.1.1); RopBufferTooSmall last, its
// RequestBuffers the requests the server did not process ([MS-OXCROPS]
// 3.1.5.1.2); RopPending anywhere ([MS-OXCNOTIF] 2.2.1.3.4), and RopNotify
// anywhere, the row of a TableModified notification laid out by the columns
// of the table its NotificationHandle names ([MS-OXCNOTIF] 2.2.1.4.1.2), a
// table the session knows by that handle. Chained output
// payloads answer the last request again, packed input payloads add to the
// last request of the first ([MS-OXCRPC] 3.1.4.2.1.2).
//
// It never guesses a row's layout. A response whose context the session does
// not have (its table was opened before the capture began, or no
// RopSetColumns ran on it) is decoded without it: its rows are kept as
// bytes (codec.PropertyRow.Raw), and its Pair says which ROP needed what and
// why it was not there (*ContextError). Since rows kept as bytes take the
// rest of their buffer, the responses after them are not decoded either,
// and their pairs say so; a RopNotify's row alone has a size of its own, and
// the responses after it decode.
//
// Everything it keeps is bounded (Limits): the objects it tracks, the
// columns of one column set and of all of them; what goes over a limit is
// not kept, and what needed it says so. Its cost is linear in its input:
// per ROP it does a bounded amount of work besides decoding.
//
// A Decoder does no I/O and must not be used by several goroutines at once.
package session
