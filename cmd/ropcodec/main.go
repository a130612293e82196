// Command ropcodec looks up the status codes of Microsoft protocols (EC,
// Win32, HRESULT, NTSTATUS, LDAP, the X-ResponseCode of MAPI over HTTP) and
// decodes ROP buffers and what carries them on the wire: RPC_HEADER_EXT
// framing (compressed and obfuscated payloads too), auxiliary buffers and
// their AUX blocks ([MS-OXCRPC] 2.2.2), and MAPI over HTTP requests and
// responses ([MS-OXCMAPIHTTP]), pasted with their HTTP header as a proxy or
// a browser shows them, or read from a HAR file.
//
//	ropcodec lookup 0x800706BA ecWrongServer
//	ropcodec decode FE 00 78 04 00 00 01 ...
//	ropcodec decode --example redirect
//	ropcodec decode @execute-response.txt
//	ropcodec decode --as aux @rgbAuxIn.bin
//	ropcodec decode --har outlook.har
//
// Run "ropcodec help" for the commands, their flags and exit statuses.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
