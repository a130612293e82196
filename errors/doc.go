// Package errors holds the status codes of the Microsoft protocols ropcodec
// speaks, one Go type per namespace, and the predicates that tell a client
// what to do when a call fails.
//
// The namespaces are EC (Exchange store and MAPI ReturnValue codes,
// [MS-OXCDATA] 2.4), Win32 ([MS-ERREF] 2.2), HRESULT ([MS-ERREF] 2.1.1),
// NTSTATUS ([MS-ERREF] 2.3.1) and LDAPResult ([MS-ERREF] 2.4 and the LDAP
// RFCs). The same number means different things in different namespaces:
// 0x3EB is ecUnknownUser as an EC and ERROR_CAN_NOT_COMPLETE as a Win32 code,
// so every look-up names its namespace.
//
// Every code type implements error and fmt.Stringer. The predicates
// (ShouldReconnectCMRP, LogonActionFor) take an error and look through
// wrapping, so a code wrapped with fmt.Errorf("...: %w", code) still
// classifies.
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
