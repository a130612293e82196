// Package ropcodec is the root of the ropcodec module, for programs that talk
// to Microsoft Exchange and Windows servers. It holds no API of its own; the
// module's packages are:
//
//   - errors: the status codes of the EC, Win32, HRESULT, NTSTATUS, LDAP and
//     X-ResponseCode namespaces, and the predicates that say what a client
//     does on each;
//   - codec: the ROP messages of [MS-OXCROPS], the [MS-OXCDATA] structures
//     they carry, RPC_HEADER_EXT framing, auxiliary buffers, Store EntryIDs and
//     the MAPI over HTTP bodies;
//   - lz77: the Plain LZ77 compression of [MS-XCA];
//   - mapihttp and mapihttp/transport: MAPI over HTTP ([MS-OXCMAPIHTTP]);
//   - session: the calls of a session decoded in order, each response in the
//     context of the calls before it;
//   - logon, reconnect, ldapreconnect and ldapreconnect/goldap: the client
//     procedures of [MS-OXCSTOR] 3.1.5.1, [MS-CMRP] 3.2.4.6 and [MS-ADTS] 7.6;
//   - cmd/ropcodec: the command that looks up codes and decodes captures.
//
// The protocol facts come from the tables in spec/; running `go generate ./...`
// from the repository root regenerates every generated file from them. The
// module's tests here check that README.md shows what the code does.
package ropcodec

//go:generate go run ./cmd/gen -spec spec -out .
