package errors

// walk calls visit on err and then on each error in its chain, in the order
// errors.As uses (depth first through Unwrap() error and Unwrap() []error),
// and stops at the first visit that returns true. It reports whether one did.
// Unlike errors.As it does not allocate.
func walk(err error, visit func(error) bool) bool {
	for err != nil {
		if visit(err) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if walk(e, visit) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// asser is an error with the As method that errors.As consults: As(target)
// reports whether the error can stand for *target, and sets it.
type asser interface{ As(target any) bool }

// asCode asks x's As method for a value of type T, as errors.As does for an
// error in the chain that is not itself a T. The variable As writes to is
// allocated only here, so the predicates allocate nothing for errors without
// an As method.
func asCode[T any](x asser) (T, bool) {
	var v T
	ok := x.As(&v)
	return v, ok
}

// win32Of returns the Win32 code that one error of a chain stands for, as
// the predicates of [MS-CMRP] 3.2.4.6 read it:
//   - a Win32 value;
//   - an HRESULT that HRESULT_FROM_WIN32 made of a Win32 code ([MS-ERREF]
//     2.1.2), such as 0x800706BA for RPC_S_SERVER_UNAVAILABLE, which is how
//     COM and many Windows APIs hand Win32 codes on;
//   - on Windows only, a syscall.Errno, which is how the syscall package and
//     golang.org/x/sys/windows return Win32 codes (on other systems an Errno
//     is a POSIX errno and says nothing about Win32);
//   - an error whose As method yields one of these.
func win32Of(e error) (Win32, bool) {
	switch c := e.(type) {
	case Win32:
		return c, true
	case HRESULT:
		return c.Win32()
	}
	if w, ok := platformWin32(e); ok {
		return w, true
	}
	if x, ok := e.(asser); ok {
		if w, ok := asCode[Win32](x); ok {
			return w, true
		}
		if h, ok := asCode[HRESULT](x); ok {
			if w, ok := h.Win32(); ok {
				return w, true
			}
		}
		return platformWin32As(x)
	}
	return 0, false
}

// ecOf returns the EC that one error of a chain stands for: an EC value, or
// an error whose As method yields one. An HRESULT with the same number is not
// an EC: the namespaces are kept apart.
func ecOf(e error) (EC, bool) {
	if c, ok := e.(EC); ok {
		return c, true
	}
	if x, ok := e.(asser); ok {
		return asCode[EC](x)
	}
	return 0, false
}
