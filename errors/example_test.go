package errors_test

import (
	"fmt"

	"github.com/ropcodec/ropcodec/errors"
)

func ExampleLogonActionFor() {
	// A RopLogon failed with ecWrongServer somewhere below the caller.
	err := fmt.Errorf("open mailbox: %w", errors.EcWrongServer)
	switch errors.LogonActionFor(err) {
	case errors.LogonRedirect:
		fmt.Println("log on again at the server the redirect response names")
	case errors.LogonServerPaused:
		fmt.Println("too many redirects: back off")
	}
	// Output: log on again at the server the redirect response names
}

func ExampleShouldReconnectCMRP() {
	err := fmt.Errorf("ApiGetResourceState: %w", errors.RPC_S_SERVER_UNAVAILABLE)
	fmt.Println(errors.ShouldReconnectCMRP(3, err))
	// HRESULT_FROM_WIN32 of the code is the same failure, as COM reports it.
	fmt.Println(errors.ShouldReconnectCMRP(3, errors.HRESULT(0x800706BA)))
	// The same number as an EC is not an RPC failure.
	fmt.Println(errors.ShouldReconnectCMRP(3, errors.EC(1722)))
	// Output:
	// true
	// true
	// false
}

func ExampleHRESULT_NTSTATUS() {
	// An HRESULT with the N bit set is an NTSTATUS (HRESULT_FROM_NT).
	s, ok := errors.HRESULT(0xD0000022).NTSTATUS()
	fmt.Println(s, ok)
	// Output: STATUS_ACCESS_DENIED (NTSTATUS 0xC0000022) true
}

func ExampleLookupName() {
	for _, m := range errors.LookupName("e_fail") {
		fmt.Printf("%s %s alias=%v (%s)\n", m.Code.Namespace, m.Name, m.Alias, m.Code)
	}
	// Output:
	// EC E_FAIL alias=true (EC ecError)
	// HRESULT E_FAIL alias=false (HRESULT E_FAIL)
}

func ExampleEC_String() {
	fmt.Println(errors.EC(0x478).String())
	fmt.Println(errors.Win32(0x3EB).String()) // the same number as ecUnknownUser, another namespace
	fmt.Println(errors.EC(0xABCD).String())
	// fmt prints an error with its Error method: name and value.
	fmt.Println(errors.EcServerPaused)
	// Output:
	// ecWrongServer
	// ERROR_CAN_NOT_COMPLETE
	// EC(0x0000ABCD)
	// ecServerPaused (EC 0x0000047F)
}

func ExampleLDAPResult_Win32() {
	w, ok := errors.LDAP_SERVER_DOWN.Win32()
	fmt.Println(w.String(), ok)
	// Output: ERROR_BAD_NET_RESP true
}

// A file that imports this package needs no second errors import: Is, As,
// Unwrap, Join and New forward to the standard library.
func ExampleAs() {
	err := errors.Join(errors.New("retry budget spent"), fmt.Errorf("ApiGetNodeState: %w", errors.RPC_S_SERVER_UNAVAILABLE))
	var w errors.Win32
	if errors.As(err, &w) {
		fmt.Println("Win32 code:", w)
	}
	fmt.Println(errors.Is(err, errors.RPC_S_SERVER_UNAVAILABLE))
	// Output:
	// Win32 code: RPC_S_SERVER_UNAVAILABLE (Win32 0x000006BA)
	// true
}

// The README shows this example's body; TestREADMESnippets (in the module's
// root package) keeps the two the same.
func Example_classify() {
	// What a failover-cluster client does on an RPC failure that COM
	// reported as an HRESULT and the caller wrapped.
	err := fmt.Errorf("ApiGetResourceState: %w", errors.HRESULT(0x800706BA))
	if errors.ShouldReconnectCMRP(3, err) {
		fmt.Println("reconnect to another node and reissue the call")
	}

	// What a store logon does on each ReturnValue.
	for _, ec := range []errors.EC{errors.EcWrongServer, errors.EcServerPaused, errors.EcUnknownUser} {
		fmt.Printf("%s: %s\n", ec, errors.LogonActionFor(ec))
	}

	// The same number means different things in different namespaces.
	fmt.Println(errors.EC(0x3EB), "|", errors.Win32(0x3EB))
	// Output:
	// reconnect to another node and reissue the call
	// ecWrongServer (EC 0x00000478): Redirect
	// ecServerPaused (EC 0x0000047F): ServerPaused
	// ecUnknownUser (EC 0x000003EB): Rediscover
	// ecUnknownUser (EC 0x000003EB) | ERROR_CAN_NOT_COMPLETE (Win32 0x000003EB)
}
