package errors_test

import (
	"fmt"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
)

// Results are kept in variables of their own types: boxing one into an
// interface would add an allocation the benchmark does not mean to measure.
var (
	sinkString  string
	sinkBool    bool
	sinkMatches []errors.Match
	sinkAction  errors.LogonAction
)

// String of a known code must not allocate, whatever the size of its table.
func TestStringDoesNotAllocate(t *testing.T) {
	for _, c := range []fmt.Stringer{errors.EcWrongServer, errors.RPC_S_SERVER_UNAVAILABLE, errors.LDAP_SERVER_DOWN, errors.HRESULT(0x80004005), errors.NTSTATUS(0)} {
		if n := testing.AllocsPerRun(100, func() { sinkString = c.String() }); n != 0 {
			t.Errorf("%T.String allocates %.0f times", c, n)
		}
	}
}

func TestPredicatesDoNotAllocate(t *testing.T) {
	wrapped := fmt.Errorf("a: %w", fmt.Errorf("b: %w", fmt.Errorf("c: %w", errors.RPC_S_CALL_FAILED)))
	for name, f := range map[string]func(){
		"ShouldReconnectCMRP bare":    func() { sinkBool = errors.ShouldReconnectCMRP(3, errors.RPC_S_SERVER_UNAVAILABLE) },
		"ShouldReconnectCMRP wrapped": func() { sinkBool = errors.ShouldReconnectCMRP(3, wrapped) },
		"LogonActionFor bare":         func() { sinkAction = errors.LogonActionFor(errors.EcWrongServer) },
		"LogonActionFor wrapped":      func() { sinkAction = errors.LogonActionFor(wrapped) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %.0f times", name, n)
		}
	}
}

// The String benchmarks run side by side over tables of very different sizes
// (LDAPResult about 70 values, EC about 650, Win32 about 2,700, HRESULT about
// 2,900): their cost should be nearly the same.
func benchmarkString(b *testing.B, codes []fmt.Stringer) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkString = codes[i%len(codes)].String()
	}
}

func BenchmarkStringLDAPResult(b *testing.B) {
	benchmarkString(b, []fmt.Stringer{errors.LDAP_SERVER_DOWN, errors.LDAP_SUCCESS, errors.LDAP_BUSY, errors.LDAP_CANCELED})
}

func BenchmarkStringEC(b *testing.B) {
	benchmarkString(b, []fmt.Stringer{errors.EcWrongServer, errors.EcNone, errors.MAPI_E_FAILONEPROVIDER, errors.EcServerPaused})
}

func BenchmarkStringWin32(b *testing.B) {
	benchmarkString(b, []fmt.Stringer{errors.RPC_S_SERVER_UNAVAILABLE, errors.ERROR_SUCCESS, errors.ERROR_CLUSTER_NODE_DOWN, errors.ERROR_INVALID_FUNCTION})
}

func BenchmarkStringHRESULT(b *testing.B) {
	benchmarkString(b, []fmt.Stringer{errors.HRESULT(0x80004005), errors.HRESULT(0x80070057), errors.HRESULT(0x00030200), errors.HRESULT(0x8DEAD01E)})
}

func BenchmarkLookupName(b *testing.B) {
	names := []string{"ecWrongServer", "rpc_s_server_unavailable", "E_FAIL", "LDAP_SERVER_DOWN", "NoSuchName"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkMatches = errors.LookupName(names[i%len(names)])
	}
}

func BenchmarkShouldReconnectCMRPBare(b *testing.B) {
	var err error = errors.RPC_S_SERVER_UNAVAILABLE
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = errors.ShouldReconnectCMRP(3, err)
	}
}

func BenchmarkShouldReconnectCMRPThreeWraps(b *testing.B) {
	err := fmt.Errorf("a: %w", fmt.Errorf("b: %w", fmt.Errorf("c: %w", errors.RPC_S_SERVER_UNAVAILABLE)))
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = errors.ShouldReconnectCMRP(3, err)
	}
}

func BenchmarkLogonActionFor(b *testing.B) {
	err := fmt.Errorf("logon: %w", errors.EcWrongServer)
	b.ReportAllocs()
	for b.Loop() {
		sinkAction = errors.LogonActionFor(err)
	}
}
