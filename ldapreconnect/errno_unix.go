//go:build !windows

package ldapreconnect

import "syscall"

// networkErrno lists the errno values IsNetworkError accepts.
func networkErrno(e syscall.Errno) bool {
	switch e {
	case syscall.ECONNRESET, syscall.ECONNABORTED, syscall.ECONNREFUSED, syscall.EPIPE,
		syscall.ENETDOWN, syscall.ENETUNREACH, syscall.ENETRESET,
		syscall.EHOSTDOWN, syscall.EHOSTUNREACH, syscall.ETIMEDOUT,
		syscall.ENOTCONN, syscall.ESHUTDOWN:
		return true
	}
	return false
}
