// Package mapihttp reads and writes MAPI over HTTP ([MS-OXCMAPIHTTP]), the
// protocol Outlook speaks to Exchange 2013 SP1 and later and to Exchange
// Online, without doing any I/O of its own: the caller's http.Client (or
// package transport, which wraps one) sends the requests.
//
//   - Request headers ([MS-OXCMAPIHTTP] 2.2.2.1, 2.2.3): RequestHeaders sets
//     X-RequestType, X-RequestId, X-ClientInfo and X-ClientApplication; an
//     Instance makes the GUID-and-counter values of X-ClientInfo and
//     X-RequestId.
//   - The common response format (2.2.2.2, 2.2.7): ReadResponse reads the
//     protocol headers, the PROCESSING, PENDING and DONE meta-tags with the
//     additional headers after DONE (X-ElapsedTime, X-StartTime, an
//     X-ResponseCode), and the body. It skips preamble lines it does not
//     know and bounds what it buffers (Limits).
//   - Bodies of the EMSMDB request types (2.2.4): the generated types of
//     package codec (codec.ConnectRequestBody, codec.ExecuteSuccessResponseBody,
//     ...) encode and decode them; DecodeConnectResponse and its siblings
//     pick the success or failure shape, a failure as a *StatusError, and
//     DecodeRequestBody and DecodeResponseBody pick the body type by
//     X-RequestType (for tools that read captures);
//     NewExecuteRequest and ROPOutput put a ROP buffer in and take it out of
//     its RPC_HEADER_EXT framing. The AuxiliaryBuffer of every body is kept
//     as bytes (framed by RPC_HEADER_EXT, [MS-OXCRPC] 3.1.4.1.2).
//   - Session state: SessionCookies keeps the cookies of one Session
//     Context (2.2.3.2.3, 2.2.3.2.4); EndpointURL names a mailbox with the
//     MailboxId parameter that Autodiscover gives ([MS-OXDSCLI] 4.4).
//
// X-ResponseCode values are errors.XResponseCode; errors.XResponseActionFor
// says what a client does on each. Header names, request types and
// meta-tags are constants generated from spec/mapihttp; the Execute flags
// are codec.ExecuteFlags, generated from the same directory and forwarded
// here (ExecuteNoCompression, ExecuteNoXorMagic, ExecuteChain).
package mapihttp
