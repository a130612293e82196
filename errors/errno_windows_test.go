//go:build windows

package errors_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/windows"

	"github.com/ropcodec/ropcodec/errors"
)

// errnoAs is a transport error whose As method yields a syscall.Errno.
type errnoAs struct{ n syscall.Errno }

func (e errnoAs) Error() string { return e.n.Error() }

func (e errnoAs) As(target any) bool {
	if p, ok := target.(*syscall.Errno); ok {
		*p = e.n
		return true
	}
	return false
}

// On Windows, golang.org/x/sys/windows and syscall return Win32 codes as
// syscall.Errno; the predicates read them as Win32 codes. The constants are
// x/sys/windows's own, generated from the Windows SDK's winerror.h.
func TestErrnoIsWin32OnWindows(t *testing.T) {
	reconnect := []error{
		windows.RPC_S_SERVER_UNAVAILABLE,
		fmt.Errorf("ApiGetNodeState: %w", windows.RPC_S_CALL_FAILED),
		errnoAs{windows.EPT_S_NOT_REGISTERED},
		syscall.Errno(0x800706BA), // an HRESULT_FROM_WIN32 value returned as an Errno
	}
	for _, err := range reconnect {
		assert.True(t, errors.ShouldReconnectCMRP(3, err), "%v", err)
	}
	assert.True(t, errors.ShouldReconnectCMRP(3, windows.ERROR_CLUSTER_NODE_DOWN))
	assert.False(t, errors.ShouldReconnectCMRP(2, windows.ERROR_CLUSTER_NODE_DOWN))
	for _, err := range []error{windows.ERROR_ACCESS_DENIED, syscall.Errno(0x80070005), syscall.Errno(0x800406BA)} {
		assert.False(t, errors.ShouldReconnectCMRP(3, err), "%v", err)
	}
	assert.Equal(t, errors.LogonFail, errors.LogonActionFor(syscall.Errno(0x478)), "an Errno is no EC")
}
