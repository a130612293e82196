package errors_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
)

// rpcFault is an error type of the kind a transport defines: it is not a code
// of this package, but its As method yields one, as errors.As lets any error
// type do.
type rpcFault struct {
	win32 errors.Win32
	hr    errors.HRESULT
	ec    errors.EC
}

func (f *rpcFault) Error() string { return "rpc fault" }

func (f *rpcFault) As(target any) bool {
	switch p := target.(type) {
	case *errors.Win32:
		if f.win32 != 0 {
			*p = f.win32
			return true
		}
	case *errors.HRESULT:
		if f.hr != 0 {
			*p = f.hr
			return true
		}
	case *errors.EC:
		if f.ec != 0 {
			*p = f.ec
			return true
		}
	}
	return false
}

// The predicates find what errors.As finds: an error whose As method yields a
// code classifies as that code, bare, wrapped or joined.
func TestPredicatesFollowAsMethods(t *testing.T) {
	fault := &rpcFault{win32: errors.RPC_S_SERVER_UNAVAILABLE}
	var w errors.Win32
	require.True(t, errors.As(fault, &w), "precondition: errors.As finds the Win32 code")
	for _, err := range []error{
		fault,
		fmt.Errorf("ApiGetNodeState: %w", fault),
		errors.Join(errors.New("first"), fmt.Errorf("b: %w", fault)),
		&rpcFault{hr: 0x800706BA}, // an As method that yields HRESULT_FROM_WIN32 of the code
	} {
		assert.True(t, errors.ShouldReconnectCMRP(3, err), "%v", err)
		assert.True(t, errors.ShouldReconnectCMRP(2, err), "%v", err)
	}
	for _, err := range []error{
		&rpcFault{}, // As yields nothing
		&rpcFault{win32: errors.ERROR_ACCESS_DENIED}, // a Win32 code that is no reconnect code
		&rpcFault{hr: 0x80070005},                    // likewise, as an HRESULT
		&rpcFault{hr: 0x800406BA},                    // not FACILITY_WIN32
		&rpcFault{ec: 1722},                          // an EC with the number of RPC_S_SERVER_UNAVAILABLE
	} {
		assert.False(t, errors.ShouldReconnectCMRP(3, err), "%+v", err)
	}
	// ERROR_CLUSTER_NODE_DOWN is in the version 3 table only.
	down := fmt.Errorf("x: %w", &rpcFault{win32: errors.ERROR_CLUSTER_NODE_DOWN})
	assert.True(t, errors.ShouldReconnectCMRP(3, down))
	assert.False(t, errors.ShouldReconnectCMRP(2, down))

	assert.Equal(t, errors.LogonRedirect, errors.LogonActionFor(&rpcFault{ec: errors.EcWrongServer}))
	assert.Equal(t, errors.LogonServerPaused, errors.LogonActionFor(fmt.Errorf("logon: %w", &rpcFault{ec: errors.EcServerPaused})))
	assert.Equal(t, errors.LogonFail, errors.LogonActionFor(&rpcFault{win32: 0x478}), "a Win32 with the number of ecWrongServer")
	// The first EC in the chain decides, whether it is a value or comes from an As method.
	assert.Equal(t, errors.LogonRedirect, errors.LogonActionFor(errors.Join(&rpcFault{ec: errors.EcWrongServer}, errors.EcServerPaused)))
}

// An HRESULT in FACILITY_WIN32 classifies as its Win32 code ([MS-ERREF]
// 2.1.2): the example, then every code of both [MS-CMRP] 3.2.4.6
// tables through HRESULT_FROM_WIN32.
func TestShouldReconnectCMRPHRESULTFromWin32(t *testing.T) {
	assert.True(t, errors.ShouldReconnectCMRP(3, errors.HRESULT(0x800706BA)))
	assert.True(t, errors.ShouldReconnectCMRP(2, fmt.Errorf("MAPI/HTTP: %w", errors.HRESULT(0x800706BA))))
	codes := errors.CMRPReconnectCodes()
	require.NotEmpty(t, codes)
	for _, c := range codes {
		h := errors.HRESULTFromWin32(c.Code)
		assert.Equal(t, c.Version2, errors.ShouldReconnectCMRP(2, h), "%s as %s", c.Code, h.Code())
		assert.Equal(t, c.Version3, errors.ShouldReconnectCMRP(3, h), "%s as %s", c.Code, h.Code())
	}
	// Only HRESULT_FROM_WIN32's shape counts: a success, another facility,
	// the C or N bit set.
	for _, v := range []uint32{0x000706BA, 0x800106BA, 0xA00706BA, 0x900706BA} {
		assert.False(t, errors.ShouldReconnectCMRP(3, errors.HRESULT(v)), "0x%08X", v)
	}
}

func TestPredicatesDoNotAllocateOnHRESULTs(t *testing.T) {
	err := fmt.Errorf("a: %w", errors.HRESULT(0x800706BA))
	n := testing.AllocsPerRun(100, func() { sinkBool = errors.ShouldReconnectCMRP(3, err) })
	assert.Zero(t, n)
}
