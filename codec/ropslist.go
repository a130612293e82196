package codec

import (
	"errors"
	"iter"
)

// Requests walks the RopsList of a ROP input buffer ([MS-OXCROPS] 2.2.1),
// yielding each ROP request in order. On malformed input it yields the error,
// with its offset counted from the start of list, and stops; a RopId this
// package cannot decode ends the walk with ErrUnsupportedROP, since the size
// of an unknown ROP cannot be known.
func Requests(list []byte) iter.Seq2[Request, error] {
	return walk(list, DecodeRequest)
}

// Responses walks the RopsList of a ROP output buffer ([MS-OXCROPS] 2.2.1),
// yielding each ROP response in order. The shape of each response (success,
// failure, redirect, ...) is chosen by its ReturnValue, so error codes that
// carry no body are walked past correctly. Errors are reported as by Requests.
func Responses(list []byte) iter.Seq2[Response, error] {
	return walk(list, DecodeResponse)
}

// walk yields the ROPs that decode finds one after another in list.
func walk[T any](list []byte, decode func([]byte) (T, int, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for off := 0; off < len(list); {
			rop, n, err := decode(list[off:])
			if err != nil {
				var zero T
				yield(zero, shiftOffset(err, off))
				return
			}
			if !yield(rop, nil) {
				return
			}
			off += n
		}
	}
}

// shiftOffset adds base to the offset of a *DecodeError, so that it counts
// from the start of the enclosing buffer rather than of the ROP.
func shiftOffset(err error, base int) error {
	var de *DecodeError
	if base == 0 || !errors.As(err, &de) {
		return err
	}
	shifted := *de
	shifted.Offset += base
	return &shifted
}
