// Command ropcodec looks up the status codes of Microsoft protocols (EC,
// Win32, HRESULT, NTSTATUS, LDAP) and decodes ROP buffers given in hex.
//
//	ropcodec lookup 0x800706BA ecWrongServer
//	ropcodec decode FE 00 78 04 00 00 01 ...
//	ropcodec decode --example redirect
//
// Run "ropcodec help" for the commands, their flags and exit statuses.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
