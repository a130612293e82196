//go:build !windows

package errors_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ropcodec/ropcodec/errors"
)

// Outside Windows a syscall.Errno is a POSIX errno: its number says nothing
// about the Win32 code that shares it.
func TestErrnoIsNoWin32CodeOutsideWindows(t *testing.T) {
	for _, n := range []syscall.Errno{1722, 6, 5072, syscall.ECONNREFUSED, syscall.ECONNRESET} {
		assert.False(t, errors.ShouldReconnectCMRP(2, n), "%d", n)
		assert.False(t, errors.ShouldReconnectCMRP(3, fmt.Errorf("dial: %w", n)), "%d", n)
	}
}
