//go:build windows

package errors

import "syscall"

// platformWin32 reads a syscall.Errno as the Win32 code it is on Windows,
// where the syscall package and golang.org/x/sys/windows (whose Errno is the
// same type) return GetLastError values and RPC status codes as Errno. An
// Errno above 0xFFFF is an HRESULT that an API returned through the same type;
// it stands for a Win32 code when HRESULT_FROM_WIN32 made it ([MS-ERREF]
// 2.1.2).
func platformWin32(e error) (Win32, bool) {
	n, ok := e.(syscall.Errno)
	if !ok {
		return 0, false
	}
	return errnoWin32(n)
}

// platformWin32As asks an As method for a syscall.Errno.
func platformWin32As(x asser) (Win32, bool) {
	if n, ok := asCode[syscall.Errno](x); ok {
		return errnoWin32(n)
	}
	return 0, false
}

// errnoWin32 is the Win32 code of a Windows Errno.
func errnoWin32(n syscall.Errno) (Win32, bool) {
	switch {
	case n <= 0xFFFF:
		return Win32(n), true
	case uint64(n) <= 0xFFFFFFFF:
		return HRESULT(n).Win32()
	}
	return 0, false
}
