// Package errors holds the status codes of the Microsoft protocols ropcodec
// speaks, one Go type per namespace, and the predicates that tell a client
// what to do when a call fails.
//
// The namespaces are EC (Exchange store and MAPI ReturnValue codes,
// [MS-OXCDATA] 2.4), Win32 ([MS-ERREF] 2.2), HRESULT ([MS-ERREF] 2.1.1),
// NTSTATUS ([MS-ERREF] 2.3.1), LDAPResult ([MS-ERREF] 2.4 and the LDAP
// RFCs) and XResponseCode (the X-ResponseCode header of MAPI over HTTP,
// [MS-OXCMAPIHTTP] 2.2.3.3.3). The same number means different things in different namespaces:
// 0x3EB is ecUnknownUser as an EC and ERROR_CAN_NOT_COMPLETE as a Win32 code,
// so every look-up names its namespace.
//
// Every code type implements error and fmt.Stringer. The predicates
// (ShouldReconnectCMRP, LogonActionFor, XResponseActionFor,
// ShouldReconnectMAPIHTTP) take an error and look through
// wrapping as errors.As does, As methods included, so a code wrapped with
// fmt.Errorf("...: %w", code), joined with others, or yielded by the As
// method of a transport's error type still classifies. A Win32 code also
// classifies when it comes as the HRESULT that HRESULT_FROM_WIN32 makes of it
// (0x800706BA, [MS-ERREF] 2.1.2) and, on Windows only, as the syscall.Errno
// that golang.org/x/sys/windows returns; elsewhere an Errno is a POSIX errno.
//
// Where the tables depart from a document, they follow Windows and say so:
// [MS-ERREF] 2.4 swaps LDAP results 93 and 94, and LDAP_CONTROL_NOT_FOUND is
// 93 here, as in winldap.h; Code.SecondarySource and Code.Summary of such a
// code name the evidence and the document's reading. Names the documents
// lack but users meet (S_OK, WinINet's codes, cluster codes of [MS-CMRP],
// the alternate names of [MS-OXCDATA] 2.4) come from secondary sources that
// SecondarySource names.
//
// The package is named errors and so hides the standard library's package of
// that name in a file that imports it. Is, As, Unwrap, Join and New forward to
// the standard library, so that such a file needs no second import:
//
//	if errors.Is(err, errors.EcWrongServer) { ... }
//
// The code tables, constants and predicates are generated from the tables in
// spec/ by cmd/gen; only the small runtime around them is written by hand.
package errors
