//go:build !windows

package errors

// platformWin32 reports that no error is a Win32 code by its platform type
// here: outside Windows a syscall.Errno is a POSIX errno, whose numbers mean
// other things than the Win32 codes that share them (ECONNREFUSED is 111 on
// Linux, and 111 is ERROR_BUFFER_OVERFLOW).
func platformWin32(error) (Win32, bool) { return 0, false }

// platformWin32As asks an As method for nothing: see platformWin32.
func platformWin32As(asser) (Win32, bool) { return 0, false }
