//go:build windows

package ldapreconnect

import "syscall"

// networkErrno lists the Winsock and Win32 codes IsNetworkError accepts: the
// WSAE equivalents of the Unix list, ERROR_NETNAME_DELETED (64) and
// ERROR_CONNECTION_ABORTED (1236), which Windows reports for connections reset
// under overlapped I/O.
func networkErrno(e syscall.Errno) bool {
	switch e {
	case 10050, // WSAENETDOWN
		10051, // WSAENETUNREACH
		10052, // WSAENETRESET
		10053, // WSAECONNABORTED
		10054, // WSAECONNRESET
		10057, // WSAENOTCONN
		10058, // WSAESHUTDOWN
		10060, // WSAETIMEDOUT
		10061, // WSAECONNREFUSED
		10064, // WSAEHOSTDOWN
		10065, // WSAEHOSTUNREACH
		64,    // ERROR_NETNAME_DELETED
		1236,  // ERROR_CONNECTION_ABORTED
		syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE:
		return true
	}
	return false
}
