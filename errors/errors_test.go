package errors_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
)

// The constants named in the issue are a contract; their values come from
// the documents ([MS-OXCSTOR] 3.2.5.1.3, mapicode.h, [MS-ERREF] 2.2 and 2.4).
func TestContractConstants(t *testing.T) {
	tests := []struct {
		got  uint32
		want uint32
		name string
	}{
		{uint32(errors.EcWrongServer), 0x478, "EcWrongServer"},
		{uint32(errors.EcServerPaused), 0x47F, "EcServerPaused"},
		{uint32(errors.MAPI_E_FAILONEPROVIDER), 0x8004011D, "MAPI_E_FAILONEPROVIDER"},
		{uint32(errors.RPC_S_SERVER_UNAVAILABLE), 1722, "RPC_S_SERVER_UNAVAILABLE"},
		{uint32(errors.LDAP_SERVER_DOWN), 0x51, "LDAP_SERVER_DOWN"},
		{uint32(errors.EcProfileNotConfigured), 0x11C, "EcProfileNotConfigured (as printed in [MS-OXCSTOR])"},
		{uint32(errors.MAPI_E_UNCONFIGURED), 0x8004011C, "MAPI_E_UNCONFIGURED"},
		{uint32(errors.EcUnknownUser), 0x3EB, "EcUnknownUser"},
		{uint32(errors.ERROR_CAN_NOT_COMPLETE), 0x3EB, "ERROR_CAN_NOT_COMPLETE"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = 0x%X, want 0x%X", tt.name, tt.got, tt.want)
		}
	}
}

func TestStringAndError(t *testing.T) {
	tests := []struct {
		code      fmt.Stringer
		str, text string
	}{
		{errors.EcWrongServer, "ecWrongServer", "ecWrongServer (EC 0x00000478)"},
		{errors.EC(0xABCD), "EC(0x0000ABCD)", "unknown EC code 0x0000ABCD"},
		{errors.RPC_S_SERVER_UNAVAILABLE, "RPC_S_SERVER_UNAVAILABLE", "RPC_S_SERVER_UNAVAILABLE (Win32 0x000006BA)"},
		{errors.Win32(0xFFFF), "Win32(0x0000FFFF)", "unknown Win32 code 0x0000FFFF"},
		{errors.LDAP_SERVER_DOWN, "LDAP_SERVER_DOWN", "LDAP_SERVER_DOWN (LDAPResult 0x00000051)"},
		{errors.LDAPResult(118), "canceled", "canceled (LDAPResult 0x00000076)"},
		{errors.NTSTATUS(0), "STATUS_SUCCESS", "STATUS_SUCCESS (NTSTATUS 0x00000000)"},
		{errors.HRESULT(0x80004005), "E_FAIL", "E_FAIL (HRESULT 0x80004005)"},
		// an alias constant prints the canonical name of its value
		{errors.NERR_Success, "ERROR_SUCCESS", "ERROR_SUCCESS (Win32 0x00000000)"},
	}
	for _, tt := range tests {
		if got := tt.code.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.code.(error).Error(); got != tt.text {
			t.Errorf("Error() = %q, want %q", got, tt.text)
		}
	}
}

func TestSameNumberDifferentNamespaces(t *testing.T) {
	if errors.EC(0x3EB).String() != "ecUnknownUser" || errors.Win32(0x3EB).String() != "ERROR_CAN_NOT_COMPLETE" {
		t.Errorf("0x3EB: EC %s, Win32 %s", errors.EC(0x3EB), errors.Win32(0x3EB))
	}
	if errors.Is(errors.EC(0x3EB), errors.Win32(0x3EB)) {
		t.Error("an EC and a Win32 with the same number compare equal")
	}
}

func TestNames(t *testing.T) {
	names := errors.ERROR_SUCCESS.Names()
	if len(names) < 3 || names[0] != "ERROR_SUCCESS" || !slices.Contains(names, "NERR_Success") || !slices.Contains(names, "NO_ERROR") {
		t.Errorf("ERROR_SUCCESS.Names() = %v", names)
	}
	names[0] = "changed"
	if errors.ERROR_SUCCESS.String() != "ERROR_SUCCESS" {
		t.Error("Names returned the table's own slice")
	}
	if got := errors.EC(0xABCD).Names(); got != nil {
		t.Errorf("unknown code has names %v", got)
	}
	ldap := errors.LDAP_STRONG_AUTH_REQUIRED.Names()
	for _, want := range []string{"LDAP_STRONG_AUTH_REQUIRED", "strongAuthRequired", "strongerAuthRequired"} {
		if !slices.Contains(ldap, want) {
			t.Errorf("LDAP 8 names %v lack %s", ldap, want)
		}
	}
}

func TestLookupName(t *testing.T) {
	find := func(name string, ns errors.Namespace) (errors.Match, bool) {
		for _, m := range errors.LookupName(name) {
			if m.Code.Namespace == ns {
				return m, true
			}
		}
		return errors.Match{}, false
	}
	m, ok := find("ECWRONGSERVER", errors.NamespaceEC)
	if !ok || m.Code.Value != 0x478 || m.Name != "ecWrongServer" || m.Alias {
		t.Errorf("ECWRONGSERVER: %+v %v", m, ok)
	}
	m, ok = find("nerr_success", errors.NamespaceWin32)
	if !ok || m.Code.Value != 0 || !m.Alias || m.Section != "[MS-ERREF] 2.2" {
		t.Errorf("nerr_success: %+v %v", m, ok)
	}
	// E_FAIL is an HRESULT and an alternate name of an EC: one match each.
	hr, okHR := find("e_fail", errors.NamespaceHRESULT)
	ec, okEC := find("E_FAIL", errors.NamespaceEC)
	if !okHR || !okEC || hr.Code.Value != 0x80004005 || ec.Code.Value != 0x80004005 {
		t.Errorf("E_FAIL: HRESULT %+v %v, EC %+v %v", hr, okHR, ec, okEC)
	}
	if got := errors.LookupName("operationsError"); len(got) != 1 || got[0].Code != (errors.Code{Namespace: errors.NamespaceLDAPResult, Value: 1}) {
		t.Errorf("operationsError: %+v", got)
	}
	for _, miss := range []string{"", "ecWrongServe", "ecWrongServerX", "no such name"} {
		if got := errors.LookupName(miss); got != nil {
			t.Errorf("LookupName(%q) = %+v, want nil", miss, got)
		}
	}
}

func TestCode(t *testing.T) {
	c := errors.RPC_S_SERVER_UNAVAILABLE.Code()
	if !c.Known() || c.Name() != "RPC_S_SERVER_UNAVAILABLE" || c.Section() != "[MS-ERREF] 2.2" || c.String() != "Win32 RPC_S_SERVER_UNAVAILABLE" {
		t.Errorf("%+v: known %v name %q section %q string %q", c, c.Known(), c.Name(), c.Section(), c)
	}
	if err := c.Err(); err != errors.RPC_S_SERVER_UNAVAILABLE {
		t.Errorf("Err() = %#v", err)
	}
	u := errors.Code{Namespace: errors.NamespaceEC, Value: 0xABCD}
	if u.Known() || u.Name() != "" || u.Names() != nil || u.String() != "EC(0x0000ABCD)" {
		t.Errorf("unknown code: %v %q %v %q", u.Known(), u.Name(), u.Names(), u)
	}
	if (errors.Code{Namespace: 0, Value: 1}).Err() != nil {
		t.Error("Err of the zero namespace is not nil")
	}
	if s := errors.MAPI_E_FAILONEPROVIDER.Code().SecondarySource(); s == "" {
		t.Error("MAPI_E_FAILONEPROVIDER's value comes from mapicode.h, but no secondary source is recorded")
	}
}

func TestLDAPWin32Mapping(t *testing.T) {
	tests := []struct {
		ldap errors.LDAPResult
		want errors.Win32
		ok   bool
	}{
		{errors.LDAP_SERVER_DOWN, errors.ERROR_BAD_NET_RESP, true},
		{errors.LDAP_SUCCESS, errors.ERROR_SUCCESS, true},
		{errors.LDAP_INVALID_CREDENTIALS, errors.ERROR_LOGON_FAILURE, true},
		{errors.LDAP_REFERRAL, 0, false},
		{errors.LDAP_CLIENT_LOOP, 0, false},
		{errors.LDAP_CANCELED, 0, false},
		// 93 and 94 as Windows has them (LdapMapErrorToWin32, as Wine's
		// wldap32 transcribes it), where [MS-ERREF] 2.4 swaps the rows.
		{errors.LDAPResult(0x5D), errors.ERROR_NOT_FOUND, true},
		{errors.LDAPResult(0x5E), errors.ERROR_MORE_DATA, true},
	}
	for _, tt := range tests {
		got, ok := tt.ldap.Win32()
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s.Win32() = %s, %v; want %s, %v", tt.ldap, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHRESULTFields(t *testing.T) {
	h := errors.HRESULT(0x800706BA)
	if !h.Failure() || h.Customer() || h.NTSTATUSBit() || h.ReservedR() || h.ReservedX() ||
		h.Facility() != errors.FACILITY_WIN32 || h.CodeNumber() != 0x06BA {
		t.Errorf("0x800706BA: failure %v customer %v N %v facility %s code 0x%X", h.Failure(), h.Customer(), h.NTSTATUSBit(), h.Facility(), h.CodeNumber())
	}
	if w, ok := h.Win32(); !ok || w != errors.RPC_S_SERVER_UNAVAILABLE {
		t.Errorf("0x800706BA.Win32() = %s, %v", w.String(), ok)
	}
	if errors.HRESULTFromWin32(errors.RPC_S_SERVER_UNAVAILABLE) != h || errors.HRESULTFromWin32(errors.ERROR_SUCCESS) != 0 {
		t.Error("HRESULTFromWin32 does not follow [MS-ERREF] 2.1.2")
	}
	for _, v := range []uint32{0x00070006, 0xA00706BA, 0x80040111, 0, 0xC00706BA} {
		if w, ok := errors.HRESULT(v).Win32(); ok {
			t.Errorf("0x%08X maps to Win32 %s", v, w.String())
		}
	}
	c := errors.HRESULT(0xA0041234)
	if !c.Failure() || !c.Customer() || c.Facility() != errors.FACILITY_ITF || c.CodeNumber() != 0x1234 {
		t.Errorf("0xA0041234: %v %v %s 0x%X", c.Failure(), c.Customer(), c.Facility(), c.CodeNumber())
	}
	if errors.FACILITY_SSPI != errors.FACILITY_SECURITY || errors.FACILITY_SSPI.String() != "FACILITY_SECURITY" || errors.HRESULTFacility(2047).String() != "FACILITY(2047)" {
		t.Errorf("facility names: %s %s", errors.FACILITY_SSPI, errors.HRESULTFacility(2047))
	}
}

// [MS-ERREF] 2.4 prints 93 (0x5D) as LDAP_NO_RESULTS_RETURNED and 94 (0x5E) as
// LDAP_CONTROL_NOT_FOUND; Windows' winldap.h, as Wine and mingw-w64 transcribe
// it, has them the other way round, and so do the tables. The departure is
// visible: the code names its evidence and records the document's reading.
func TestLDAPErratum0x5D0x5E(t *testing.T) {
	if errors.LDAP_CONTROL_NOT_FOUND != 0x5D || errors.LDAP_NO_RESULTS_RETURNED != 0x5E {
		t.Fatalf("LDAP_CONTROL_NOT_FOUND = 0x%X, LDAP_NO_RESULTS_RETURNED = 0x%X", uint32(errors.LDAP_CONTROL_NOT_FOUND), uint32(errors.LDAP_NO_RESULTS_RETURNED))
	}
	for _, c := range []errors.LDAPResult{0x5D, 0x5E} {
		code := c.Code()
		if code.SecondarySource() == "" || !strings.Contains(code.Summary(), "[MS-ERREF] 2.4 prints") {
			t.Errorf("%s: source %q, summary %q: the erratum is not recorded", c, code.SecondarySource(), code.Summary())
		}
	}
	if got := errors.LDAPResult(0x5D).String(); got != "LDAP_CONTROL_NOT_FOUND" {
		t.Errorf("0x5D prints %s", got)
	}
}

// HRESULT_FROM_NT sets the N bit of an NTSTATUS ([MS-ERREF] 2.1); NTSTATUS
// undoes it. The NTSTATUS bits of the N position are never set: the
// facility of an NTSTATUS is 12 bits, below the N bit.
func TestHRESULTFromNT(t *testing.T) {
	h := errors.HRESULTFromNT(errors.STATUS_ACCESS_DENIED)
	if h != 0xD0000022 || !h.NTSTATUSBit() {
		t.Fatalf("HRESULTFromNT(STATUS_ACCESS_DENIED) = 0x%08X", uint32(h))
	}
	if s, ok := h.NTSTATUS(); !ok || s != errors.STATUS_ACCESS_DENIED {
		t.Errorf("0xD0000022.NTSTATUS() = %s, %v", s, ok)
	}
	if s, ok := errors.HRESULT(0x800706BA).NTSTATUS(); ok {
		t.Errorf("0x800706BA has no N bit but gives %s", s)
	}
	for _, s := range []errors.NTSTATUS{errors.STATUS_SUCCESS, errors.STATUS_PENDING, errors.STATUS_BUFFER_OVERFLOW, errors.STATUS_ACCESS_DENIED} {
		if back, ok := errors.HRESULTFromNT(s).NTSTATUS(); !ok || back != s {
			t.Errorf("%s does not come back: %s %v", s, back, ok)
		}
	}
}
