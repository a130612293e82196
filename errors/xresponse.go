package errors

// xResponseCodeOf returns the XResponseCode that one error of a chain stands
// for: an XResponseCode value, or an error whose As method yields one. An EC or
// Win32 code with the same number is not an X-ResponseCode: the namespaces are
// kept apart, as for ecOf.
func xResponseCodeOf(e error) (XResponseCode, bool) {
	if c, ok := e.(XResponseCode); ok {
		return c, true
	}
	if x, ok := e.(asser); ok {
		return asCode[XResponseCode](x)
	}
	return 0, false
}

// ShouldReconnectMAPIHTTP reports whether err carries an X-ResponseCode after
// which a MAPI over HTTP client re-establishes its Session Context with a new
// Connect request ([MS-OXCMAPIHTTP] 4.4): XResponseActionFor(err) is
// XResponseReconnect. Objects opened on the lost Session Context (logons,
// folders, tables) are gone and must be opened again.
func ShouldReconnectMAPIHTTP(err error) bool {
	return XResponseActionFor(err) == XResponseReconnect
}
