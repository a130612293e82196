package errors_test

import (
	"fmt"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
)

// The [MS-CMRP] 3.2.4.6 lists, typed here from the document a second time so
// that a slip in spec/reconnect/cmrp-reconnect-codes.tsv shows up.
var (
	cmrpV2 = []errors.Win32{6, 1115, 1255, 1702, 1717, 1722, 1723, 1726, 1727, 1747, 1753, 1775, 5072, 5073}
	cmrpV3 = []errors.Win32{1702, 1717, 1722, 1723, 1726, 1727, 1747, 1753, 1775, 1825, 5050, 5072, 5073}
)

func TestShouldReconnectCMRPTables(t *testing.T) {
	for version, list := range map[int][]errors.Win32{2: cmrpV2, 3: cmrpV3} {
		in := map[errors.Win32]bool{}
		for _, c := range list {
			in[c] = true
		}
		// every Win32 value from 0 to 0xFFFF: true exactly for the list
		for v := 0; v <= 0xFFFF; v++ {
			c := errors.Win32(v)
			if got := errors.ShouldReconnectCMRP(version, c); got != in[c] {
				t.Errorf("ShouldReconnectCMRP(%d, %s) = %v", version, c, got)
			}
		}
	}
	for _, version := range []int{0, 1, 4, -2} {
		if errors.ShouldReconnectCMRP(version, errors.RPC_S_SERVER_UNAVAILABLE) {
			t.Errorf("version %d reconnects", version)
		}
	}
}

func TestShouldReconnectCMRPLooksThroughWrapping(t *testing.T) {
	three := fmt.Errorf("a: %w", fmt.Errorf("b: %w", fmt.Errorf("c: %w", errors.RPC_S_SERVER_UNAVAILABLE)))
	if !errors.ShouldReconnectCMRP(3, three) {
		t.Error("three wraps: not found")
	}
	joined := errors.Join(errors.New("other"), fmt.Errorf("x: %w", errors.ERROR_CLUSTER_NODE_DOWN))
	if !errors.ShouldReconnectCMRP(3, joined) || errors.ShouldReconnectCMRP(2, joined) {
		t.Error("joined error: ERROR_CLUSTER_NODE_DOWN is a version 3 code only")
	}
	if errors.ShouldReconnectCMRP(2, nil) || errors.ShouldReconnectCMRP(2, errors.New("RPC_S_SERVER_UNAVAILABLE")) {
		t.Error("nil or a plain error reconnects")
	}
}

// A code of another namespace with the same number is not a Win32 code.
func TestShouldReconnectCMRPIgnoresOtherNamespaces(t *testing.T) {
	for _, err := range []error{
		errors.EC(1722), errors.HRESULT(1722), errors.NTSTATUS(1722), errors.LDAPResult(6),
		// 0x800706BA with another facility or other bits set is no HRESULT_FROM_WIN32
		errors.HRESULT(0x800406BA), errors.HRESULT(0xC00706BA), errors.HRESULT(0x000706BA),
		errors.NTSTATUS(0x800706BA),
		fmt.Errorf("wrapped: %w", errors.EC(6)),
	} {
		for _, v := range []int{2, 3} {
			if errors.ShouldReconnectCMRP(v, err) {
				t.Errorf("ShouldReconnectCMRP(%d, %T %v) = true", v, err, err)
			}
		}
	}
}

func TestCMRPReconnectCodesNote227(t *testing.T) {
	codes := errors.CMRPReconnectCodes()
	if len(codes) != 16 {
		t.Fatalf("%d codes, want the 16 of both lists", len(codes))
	}
	byCode := map[errors.Win32]errors.CMRPReconnectCode{}
	for _, c := range codes {
		byCode[c.Code] = c
		if c.Version2 != errors.ShouldReconnectCMRP(2, c.Code) || c.Version3 != errors.ShouldReconnectCMRP(3, c.Code) {
			t.Errorf("%s: table and predicate disagree", c.Code)
		}
	}
	// note <227>: Windows NT lacks 1702; only Windows 2000 reconnects on 1115 and 1255.
	if c := byCode[errors.RPC_S_INVALID_BINDING]; c.WindowsNT || !c.Windows2000 || !c.WindowsXP2003 {
		t.Errorf("RPC_S_INVALID_BINDING: %+v", c)
	}
	if c := byCode[errors.ERROR_SHUTDOWN_IN_PROGRESS]; c.WindowsNT || !c.Windows2000 || c.WindowsXP2003 {
		t.Errorf("ERROR_SHUTDOWN_IN_PROGRESS: %+v", c)
	}
	if c := byCode[errors.ERROR_CLUSTER_NODE_DOWN]; c.Version2 || !c.Version3 || c.WindowsNT || c.Windows2000 {
		t.Errorf("ERROR_CLUSTER_NODE_DOWN: %+v", c)
	}
}

func TestReconnectEligibleMethods(t *testing.T) {
	tests := []struct {
		version int
		name    string
		opnum   uint16
		want    bool
	}{
		{2, "ApiGetClusterName", 3, true},
		{3, "ApiGetClusterName", 3, true},
		{2, "ApiCreateEnum", 7, true},
		{2, "ApiOpenCluster", 0, false},
		{3, "ApiOpenCluster", 0, false},
		{2, "ApiGetClusterName", 3, true},
		{4, "ApiGetClusterName", 3, false},
		{2, "apigetclustername", 0xFFFF, false},
		// context handle methods whose Status parameter carries the code (3.2.4.6)
		{2, "ApiOpenResource", 8, true},
		{3, "ApiOpenNodeEx", 118, true},
		{2, "ApiOpenNodeEx", 118, false}, // a version 3 method
		// an error-code method that only defers to 3.2.4.6
		{3, "ApiSetClusterName", 2, false},
	}
	for _, tt := range tests {
		if got := errors.IsReconnectEligibleCMRP(tt.version, tt.name); got != tt.want {
			t.Errorf("IsReconnectEligibleCMRP(%d, %s) = %v", tt.version, tt.name, got)
		}
		if got := errors.IsReconnectEligibleCMRPOpnum(tt.version, tt.opnum); got != tt.want {
			t.Errorf("IsReconnectEligibleCMRPOpnum(%d, %d) = %v", tt.version, tt.opnum, got)
		}
	}
	methods := errors.CMRPReconnectMethods()
	for _, m := range methods {
		if !errors.IsReconnectEligibleCMRP(m.Version, m.Name) || !errors.IsReconnectEligibleCMRPOpnum(m.Version, m.Opnum) {
			t.Errorf("%+v is listed but not eligible", m)
		}
	}
	if len(methods) < 100 {
		t.Errorf("only %d reconnect-eligible methods", len(methods))
	}
}

func TestLogonActionFor(t *testing.T) {
	tests := []struct {
		err  error
		want errors.LogonAction
	}{
		{nil, errors.LogonSucceeded},
		{errors.EcNone, errors.LogonSucceeded},
		{errors.EcWrongServer, errors.LogonRedirect},
		{errors.WrongServer, errors.LogonRedirect}, // an alias constant is the same value
		{fmt.Errorf("logon: %w", errors.EcWrongServer), errors.LogonRedirect},
		{errors.EcUnknownUser, errors.LogonRediscover},
		{errors.EcLoginFailure, errors.LogonRediscover},
		{errors.MAPI_E_LOGON_FAILED, errors.LogonRediscover},
		{errors.EcMailboxInTransit, errors.LogonMailboxInTransit},
		{fmt.Errorf("a: %w", fmt.Errorf("b: %w", errors.EcServerPaused)), errors.LogonServerPaused},
		{errors.MAPI_E_FAILONEPROVIDER, errors.LogonFail},
		{errors.EcAccessDenied, errors.LogonFail},
		{errors.EC(0xABCD), errors.LogonFail},
		{errors.New("connection reset"), errors.LogonFail},
		// the same number in another namespace is not ecWrongServer / ecUnknownUser
		{errors.Win32(0x478), errors.LogonFail},
		{errors.ERROR_CAN_NOT_COMPLETE, errors.LogonFail},
		// the first EC in the chain decides
		{errors.Join(errors.RPC_S_SERVER_UNAVAILABLE, errors.EcServerPaused, errors.EcWrongServer), errors.LogonServerPaused},
	}
	for _, tt := range tests {
		if got := errors.LogonActionFor(tt.err); got != tt.want {
			t.Errorf("LogonActionFor(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
	var zero errors.LogonAction
	if zero != errors.LogonFail || errors.LogonRedirect.String() != "Redirect" {
		t.Errorf("zero value %s, Redirect prints %q", zero, errors.LogonRedirect.String())
	}
}
