package main

const decodeUsage = `Usage: ropcodec decode [--as rpc|buffer|list|rop|aux] [--request|--response]
                       [--logon public|private] [--json] [--binary]
                       [--max-input SIZE] HEX|-|@FILE
       ropcodec decode [--as mapihttp-request|mapihttp-response]
                       [--request-type TYPE] [--json] ... HEX|-|@FILE
       ropcodec decode --har FILE [--json] [--max-input SIZE]
       ropcodec decode --session [--json] [--binary] [--max-input SIZE]
                       IN OUT [IN OUT ...]
       ropcodec decode --session --har FILE [--json] [--max-input SIZE]
       ropcodec decode --example NAME

Decodes ROP bytes and what carries them on the wire, and prints every field
by name: flag names, the folder names of FolderIds, GUIDs in registry form,
LogonTime as a date, return values by name, the logon action of a RopLogon
response, the AUX blocks of auxiliary buffers, and the headers, meta-tags,
X-ResponseCode (with what a client does on it) and body of MAPI over HTTP
requests and responses. The output is written as the input decodes, so a
long RopsList of responses starts printing at once (one of requests is read
through first, for the LogonId rule below).

Input: bytes as arguments, - for standard input, or @FILE, written as:
  hex        FE 00 78 04, FE007804, 0xFE,0x00, fe:00:78:04 (spaces, line
             breaks, colons, commas, hyphens and 0x prefixes are ignored;
             # starts a comment that runs to the end of the line)
  dumps      xxd, hexdump -C, and offset-and-bytes lines as Wireshark's
             copies and od -Ax -tx1 write them: the offsets are checked,
             never read as data, and the text column is skipped
  arrays     C and Go byte-array literals: { 0xfe, 0x00 }, []byte{0xfe, 0x0}
  base64     as HAR files and EWS carry bytes
  binary     the bytes themselves: detected in a file or on standard input
             (a NUL or a byte that is no text in the first 512), or --binary
  HTTP       an HTTP request or response as a proxy (Fiddler, mitmproxy,
             Burp) or a browser's network log shows it: a start line
             ("POST /mapi/emsmdb/?MailboxId=... HTTP/1.1", "HTTP/1.1 200
             OK"), header lines, an empty line, then for a response the
             meta-tags and the headers after DONE as text, if they come as
             text, and the body: binary as captured, or written in one of
             the formats above (a body whose Content-Type is not
             application/mapi-http, or that comes with a Transfer-Encoding
             or an X-ResponseCode other than 0, is taken as it is)
The format is told from the first line; input that does not fit it is
refused with the line and column that could not be read. At most 64 MiB are
read (--max-input raises the limit).

What the bytes are is detected. An HTTP message (its start line, in text or
in the bytes) is read as MAPI over HTTP ([MS-OXCMAPIHTTP]): the request type
is the X-RequestType header's (a response that lacks it takes --request-type
or, in a HAR file, its request's); a response's body is read after the
PROCESSING, PENDING and DONE meta-tags and the headers after DONE (a body
that follows the HTTP header with no meta-tag is read as it is, and the
output says so); the body is decoded as the request type's request, success
response or failure response (StatusCode not 0, shown as the Win32 code it
is); the Execute RopBuffer is shown as RPC_HEADER_EXT-framed ROP buffers
(requests in a request, responses in a response), and every AuxiliaryBuffer
as RPC_HEADER_EXT-framed AUX blocks. The bodies of other request types (the
address book's Bind, ...) and PING are not decoded; a response whose
X-ResponseCode is not 0 has text for a body, which is shown.

Otherwise RPC_HEADER_EXT-framed payloads (rgbIn and rgbOut of EcDoRpcExt2)
come first, when the framing decodes: XorMagic is undone and compressed
payloads are decompressed (Size -> SizeActual), and each payload is read as
below; a payload that no ROP reading decodes to its end but that reads as
AUX blocks (ending where it ends, one of them at least a block of a Version
and Type the document describes) is shown as AUX blocks, an auxiliary
buffer (rgbAuxIn, rgbAuxOut), and AUX blocks are named beside a ROP reading
that they explain too. Then these readings compete: a ROP buffer (RopSize,
RopsList, handle table; one with no ROPs only under --as buffer) and a bare
RopsList (one ROP is a list of one), each as responses and as requests. A
reading is plausible only if it decodes to the end and:
  - every handle index lies inside the handle table of its buffer;
  - when the list holds RopLogon requests, every LogonId names one of them;
  - every ReturnValue is a code the EC table names.
The first plausible reading in that order is shown, and the others that are
plausible too are named ("Also decodes as"). When none is, the one that got
furthest is shown, with its ROPs, up to the ROP that stopped it and why: a
RopId the command does not decode, a malformed field, or a doubt (a check
above that failed); how far a reading got counts the bytes of its ROPs that
decoded and passed the checks. On a tie, a stop at a RopId without a layout
comes before a bad field (input cut short, perhaps), which comes before a
doubt; and a buffer with a handle table before a bare RopsList, which comes
before a buffer without one (RopSize merely equal to the input's length).
With one reading chosen by the flags (--as buffer, list or rop, with
--request or --response), a handle index or a ReturnValue that fails its
check is shown as a doubt and does not stop it, and the LogonId rule, a
guess at which reading is meant, is left out.

AUX blocks ([MS-OXCRPC] 2.2.2.2) are shown one by one: the block type by
its name and Version, the structure and its fields (the offset fields that
place its strings are left out, as size fields are), the bytes of a Version
and Type pair no document describes, and the bytes and the reason of a
block whose structure does not decode (receivers skip such blocks, so it is
no error). The walk stops, with an error, at an AUX_HEADER that frames no
block.

--har FILE decodes every entry of a HAR file (HTTP Archive 1.2, as browsers,
Fiddler and mitmproxy export it; - for standard input) in order: an entry
whose request or response has an X-RequestType header, or a MAPI/HTTP
Content-Type, is shown as its request and then its response, decoded as
above (bodies in base64 when the entry's encoding says so, as exported
binary bodies are); other entries are listed as skipped, with why. The file
is read whole, at most --max-input bytes, and a file that is not JSON or has
no log.entries is refused with the line and column at fault.

Sessions: with --session, or with two or more @FILE operands, each operand
is one buffer, and the buffers are the calls of one session in turn: a ROP
input buffer, the output buffer that answers it, the next input buffer, and
so on. Each is a ROP buffer, RPC_HEADER_EXT-framed payloads (rgbIn, rgbOut),
or a MAPI/HTTP Execute request or response, a bare body or an HTTP message;
with --har FILE, the Execute entries of the HAR file are the calls, and its
other entries are listed as skipped. Each request is shown with its
response, in the order the server processed them, and each response is
decoded in the context the calls before it set up: the rows of RopQueryRows,
RopFindRow and RopExpandRow by the columns RopSetColumns set on their table,
the row of RopGetPropertiesSpecific by the tags of its request, the
recipients of RopReadRecipients by the RecipientColumns of the
RopOpenMessage that opened the message. A row whose context the session
lacks (its table was opened before the first buffer, or no RopSetColumns ran
on it) is kept as bytes, and the pair says what was missing; it is never
laid out by a guess. The logons are known from their RopLogon too, which
lays out the requests that depend on them (RopSetMessageReadFlag's
ClientData, on a public folders logon only); such a request on a logon
opened before the first buffer stops the reading of its buffer. RopRelease
has no response; RopBackoff and RopBufferTooSmall are placed as [MS-OXCROPS]
3.1.5.1 says. Offsets count from the start of each buffer's RopsList. A
buffer that does not decode is exit status 1; a missing context is not.

Flags:
  --as rpc|buffer|list|rop  read the input only that way (rop: exactly one ROP;
                            bytes left over fail)
  --session                 read the operands, or the HAR file's Execute
                            entries, as the calls of a session (above)
  --as aux                  read the input as an auxiliary buffer:
                            RPC_HEADER_EXT-framed AUX blocks, never ROPs
  --as mapihttp-request, --as mapihttp-response
                            read the input as a MAPI/HTTP request or response
                            body without its HTTP header (a response's may
                            start with its meta-tags); without --request-type
                            each EMSMDB request type is tried, and the first
                            whose body decodes to its end is shown
  --request-type TYPE       the X-RequestType of a body that does not carry it:
                            Connect, Execute, Disconnect, NotificationWait or
                            PING; alone, it reads the input as such a body,
                            a request or a response (--request, --response)
  --request, --response     read ROPs only as requests or only as responses
  --logon public|private    outside a session, take every logon for one to
                            public folders or to a private mailbox, for the
                            requests that depend on it (RopSetMessageReadFlag);
                            without it they do not decode
  --har FILE                decode the MAPI/HTTP entries of a HAR file
  --example NAME            decode a built-in example instead of input
  --binary                  the input is binary bytes, not text
  --max-input SIZE          read at most SIZE bytes (100M, 1G, ...); default 64M
  --json                    print one JSON object, written as it decodes:
    input    {format, size, body_format (an HTTP message's body)}
    decoded  {kind: "rpc", offset, size, payloads: [{index, header_offset,
             data_offset, version, flags, flag_names, size, size_actual,
             compressed, xor_magic, decoded}]}, or {kind: "buffer", "list"
             or "rop", direction: "request", "response" or "unknown" (when
             no ROP tells), offset, size, rops_offset and rops_size
             (buffer), rops: [ROP], stop, handles (buffer), also: [{kind,
             direction, request_type, flags}]}, or {kind: "aux", offset,
             size, blocks: [BLOCK], stop}, or MAPIHTTP, or {kind: "har",
             creator: {name, version}, entries: [{index, started, method,
             url, status, skipped (why an entry is not MAPI/HTTP), request:
             MAPIHTTP, response: MAPIHTTP}]}
    session  with --session, in place of decoded: {buffers, skipped, calls:
             [{index, in: [BUFFER], out: [BUFFER], pairs: [PAIR], refused
             (why a MAPI/HTTP response carries none), error}]};
             a BUFFER is {from (operand N, or entry N request or response),
             carrier, payload (of framed payloads), rops_size, handles,
             stop}, a PAIR {index, request: ROP, response: ROP, on and
             created (the objects it ran on and created), column_count and
             columns_from (table, request.PropertyTags or recipients: where
             the columns its rows are laid out by come from), note,
             note_kind (context, no_output, no_response, not_processed,
             packed, no_request, out_of_step, not_echoed)}
    error    why decoding stopped, as on standard error
    A ROP is {index, offset, size, rop, rop_id, type, title, fields: [FIELD],
    logon_action (RopLogon responses), doubt}. A FIELD has a name and a type
    and, by type: uint (value, hex, unit, rop for a RopId), ec and win32
    (value, hex, code), flags (value, hex, names), guid and string (value),
    bytes (size, hex, requests: [ROP] when they hold ROP requests; offset
    and decoded, the RPC framing they hold, for a MAPI/HTTP body's
    RopBuffer and AuxiliaryBuffer), struct (fields; text for a LogonTime,
    for a property tag as "PidTagSubject (0x0037001F), PtypString", for a
    tagged value, and for a restriction as an expression), list (count,
    elements: [FIELD with an index]), value (a property value: value_type,
    text), row (text: StandardPropertyRow or FlaggedPropertyRow; elements: a
    value a column, named by the column, with its tag and, in a flagged row,
    status value, none or error; a row kept as bytes has size, hex and why
    in text), rows (count, elements: [row with an index]; or size, hex,
    text), other (text). stop is
    {kind: unsupported, malformed, trailing or doubt, offset, rop_id, rop,
    field, error_offset, reason, decoded_fields, read}. A BLOCK is {index,
    offset, size, version, type, type_name, structure, source, fields:
    [FIELD], raw, pad, error}. MAPIHTTP is {kind: "mapihttp", direction,
    request_type, request_type_from (header, flag, request or detected),
    direction_detected, furthest (no reading tried decodes the body to its
    end), request_type_flag_ignored, http: {method, target, proto,
    status, reason}, headers: [{name, value}], response_code: {value, name,
    action, summary}, response_format: {processing, pending, done,
    unknown_lines, no_meta_tags, additional_headers, elapsed_time_ms,
    start_time, error}, body: {size, shape (request, success, failure,
    diagnostic, none, not decoded or absent), type, text (diagnostic),
    fields: [FIELD], stop}, also}.
    Members that do not apply are left out. Members may be added; none is
    renamed or changes its type.

Offsets count bytes from the start of the input, in decimal (in a
compressed payload, from the start of the payload decompressed; in a
MAPI/HTTP body, from the start of the body). On malformed input the command
prints what did decode, then writes the offset of the first bad byte and
the reason to standard error.

Exit status: 0 decoded, 1 malformed input (or output that could not be
written), 2 usage error: a bad flag, input that cannot be read as bytes, or
more input than --max-input allows (/dev/zero, /dev/urandom: the input is
refused before anything is decoded, as bad hex is).
`
