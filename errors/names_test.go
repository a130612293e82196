package errors_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
)

// find returns the match of name in namespace ns, ignoring case.
func find(t *testing.T, ns errors.Namespace, name string) errors.Match {
	t.Helper()
	for _, m := range errors.LookupName(name) {
		if m.Code.Namespace == ns {
			return m
		}
	}
	t.Errorf("%s: no %s name %s", ns, ns, name)
	return errors.Match{}
}

// Names users look up, each with the value the source printed beside it.
func TestNamesUsersLookUp(t *testing.T) {
	tests := []struct {
		ns    errors.Namespace
		name  string
		value uint32
	}{
		// [MS-OXCDATA] 2.4 and 2.4.1 alternate names, as the document's
		// pages show them and as OpenChange's mapistatus.h transcribes the
		// whole table (the examples first).
		{errors.NamespaceEC, "ecNetwork", 0x80040115},
		{errors.NamespaceEC, "ecTimeout", 0x80040401},
		{errors.NamespaceEC, "ecNotImplemented", 0x80040102},
		{errors.NamespaceEC, "ecBusy", 0x8004010B},
		{errors.NamespaceEC, "ecMAPIOOM", 0x8007000E},
		{errors.NamespaceEC, "ecInvalidSession", 0x80070057},
		{errors.NamespaceEC, "ecJetError", 0x000003EA}, // 0x3EA as the document prints it; mapistatus.h has 0x3E4
		{errors.NamespaceEC, "ecServerOOM", 0x000003F0},
		{errors.NamespaceEC, "ecLoginPerm", 0x000003F2},
		{errors.NamespaceEC, "ecNoReplicaHere", 0x00000468},
		{errors.NamespaceEC, "ecMaxObjsExceeded", 0x000004DE},
		{errors.NamespaceEC, "ecVirusScannerError", 0x00000A3A},
		{errors.NamespaceEC, "STG_E_INVALIDPARAMETER", 0x80030057},
		{errors.NamespaceEC, "SYNC_E_CONFLICT", 0x80040802},
		// ecProfileNotConfigured's other spelling, the 2.4.1 table name.
		{errors.NamespaceEC, "ProfileNotConfigured", 0x0000011C},
		// S_OK and S_FALSE (winerror.h).
		{errors.NamespaceHRESULT, "S_OK", 0},
		{errors.NamespaceHRESULT, "S_FALSE", 1},
		// RFC 3928 (LCUP) result codes, IANA's LDAP result code registry.
		{errors.NamespaceLDAPResult, "lcupResourcesExhausted", 113},
		{errors.NamespaceLDAPResult, "lcupSecurityViolation", 114},
		{errors.NamespaceLDAPResult, "lcupInvalidData", 115},
		{errors.NamespaceLDAPResult, "lcupUnsupportedScheme", 116},
		{errors.NamespaceLDAPResult, "lcupReloadRequired", 117},
		// Cluster codes that [MS-CMRP] methods return, with the values it prints.
		{errors.NamespaceWin32, "ERROR_CLUSTER_SINGLETON_RESOURCE", 0x1734},
		{errors.NamespaceWin32, "ERROR_CLUSTER_GROUP_SINGLETON_RESOURCE", 0x1735},
		{errors.NamespaceWin32, "ERROR_CLUSTER_USE_SHARED_VOLUMES_API", 0x173C},
		{errors.NamespaceWin32, "ERROR_CLUSTER_BACKUP_IN_PROGRESS", 0x173D},
		{errors.NamespaceWin32, "ERROR_CLUSTER_NODE_EVACUATION_IN_PROGRESS", 0x174A},
		{errors.NamespaceWin32, "ERROR_CLUSTER_NODE_DRAIN_IN_PROGRESS", 0x174A},
		{errors.NamespaceWin32, "ERROR_GROUPSET_NOT_AVAILABLE", 0x1767},
		{errors.NamespaceWin32, "ERROR_GROUPSET_NOT_FOUND", 0x1768},
		// WinINet (wininet.h) and the HRESULTs winerror.h names for it.
		{errors.NamespaceWin32, "ERROR_INTERNET_TIMEOUT", 12002},
		{errors.NamespaceWin32, "ERROR_INTERNET_DECODING_FAILED", 12175},
		{errors.NamespaceHRESULT, "WININET_E_TIMEOUT", 0x80072EE2},
	}
	for _, tt := range tests {
		m := find(t, tt.ns, tt.name)
		assert.Equal(t, tt.value, m.Code.Value, "%s %s", tt.ns, tt.name)
	}
}

// Secondary sources are marked: every name the tables take from somewhere
// other than the cited document says where.
func TestSecondarySourcesAreMarked(t *testing.T) {
	for _, c := range []errors.Code{
		errors.HRESULT(0).Code(),
		errors.Win32(0x1767).Code(),
		errors.Win32(12002).Code(),
		errors.HRESULT(0x80072EE2).Code(),
		errors.LDAPResult(0x5D).Code(),
	} {
		assert.NotEmpty(t, c.SecondarySource(), "%s", c)
	}
	m := find(t, errors.NamespaceEC, "ecNetwork")
	assert.Equal(t, "[MS-OXCDATA] 2.4", m.Section)
}

// S_OK and S_FALSE are HRESULTs: HRESULT(0).String() is no longer "unknown".
func TestHRESULTSuccessNames(t *testing.T) {
	assert.Equal(t, "S_OK", errors.HRESULT(0).String())
	assert.Equal(t, "S_FALSE", errors.HRESULT(1).String())
	assert.Equal(t, "S_OK (HRESULT 0x00000000)", errors.S_OK.Error())
	var h errors.HRESULT = errors.S_FALSE // the constant has the HRESULT type
	assert.Equal(t, errors.HRESULT(1), h)
	// The EC of value 0 keeps its own name; its S_OK alias is EC_S_OK in Go.
	assert.Equal(t, "ecNone", errors.EC(0).String())
	assert.Equal(t, errors.EcNone, errors.EC_S_OK)
}

// The WinINet rows come from two transcriptions made apart: the Win32 names
// from wininet.h (mingw-w64), the HRESULT names from the SDK's winerror.h (by
// way of golang.org/x/sys/windows). Every WININET_E_ HRESULT must be
// HRESULT_FROM_WIN32 of a Win32 code whose name ends the same way.
func TestWinINetTranscriptionsAgree(t *testing.T) {
	checked := 0
	for v := uint32(0x80072EE0); v <= 0x80072F8F; v++ {
		h := errors.HRESULT(v)
		names := h.Names()
		if len(names) == 0 {
			continue
		}
		require.True(t, strings.HasPrefix(names[0], "WININET_E_"), "0x%08X is %v", v, names)
		w, ok := h.Win32()
		require.True(t, ok)
		suffix := strings.TrimPrefix(names[0], "WININET_E")
		found := false
		for _, n := range w.Names() {
			found = found || strings.HasSuffix(n, suffix)
		}
		assert.True(t, found, "%s (0x%08X): Win32 %d is named %v", names[0], v, uint32(w), w.Names())
		checked++
	}
	assert.Equal(t, 78, checked, "the SDK names 78 WinINet HRESULTs")
	// The range is WinINet's own: INTERNET_ERROR_BASE + 1 to + 175.
	assert.False(t, errors.Win32(12000).Code().Known())
	assert.True(t, errors.Win32(12001).Code().Known())
	assert.True(t, errors.Win32(12175).Code().Known())
	assert.False(t, errors.Win32(12176).Code().Known())
}
