package errors_test

import (
	"fmt"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
)

// The forwarding functions behave as the standard library's, on codes of this
// package and on errors of others.
func TestStandardLibraryForwarding(t *testing.T) {
	wrapped := fmt.Errorf("open mailbox: %w", errors.EcWrongServer)
	assert.True(t, errors.Is(wrapped, errors.EcWrongServer))
	assert.False(t, errors.Is(wrapped, errors.EcServerPaused))
	assert.False(t, errors.Is(errors.EC(0x3EB), errors.Win32(0x3EB)), "the same number in another namespace")
	assert.True(t, errors.Is(fmt.Errorf("stat: %w", fs.ErrNotExist), fs.ErrNotExist))

	var ec errors.EC
	require.True(t, errors.As(wrapped, &ec))
	assert.Equal(t, errors.EcWrongServer, ec)
	var w errors.Win32
	assert.False(t, errors.As(wrapped, &w))
	var pe *fs.PathError
	assert.True(t, errors.As(fmt.Errorf("x: %w", &fs.PathError{Op: "open", Err: fs.ErrNotExist}), &pe))

	assert.Equal(t, error(errors.EcWrongServer), errors.Unwrap(wrapped))
	assert.Nil(t, errors.Unwrap(errors.EcWrongServer))

	joined := errors.Join(nil, errors.RPC_S_SERVER_UNAVAILABLE, nil, errors.EcServerPaused)
	require.Error(t, joined)
	assert.True(t, errors.Is(joined, errors.RPC_S_SERVER_UNAVAILABLE))
	assert.True(t, errors.Is(joined, errors.EcServerPaused))
	// The standard library's Join: one line per error, nil ones dropped, and
	// Unwrap() []error gives them back.
	assert.Equal(t, errors.RPC_S_SERVER_UNAVAILABLE.Error()+"\n"+errors.EcServerPaused.Error(), joined.Error())
	multi, ok := joined.(interface{ Unwrap() []error })
	require.True(t, ok, "Join's error unwraps to a list")
	assert.Equal(t, []error{errors.RPC_S_SERVER_UNAVAILABLE, errors.EcServerPaused}, multi.Unwrap())
	assert.Nil(t, errors.Join(nil, nil))

	a, b := errors.New("x"), errors.New("x")
	assert.Equal(t, "x", a.Error())
	assert.NotSame(t, a, b, "each call returns a distinct error")
	assert.False(t, errors.Is(a, b))
}
