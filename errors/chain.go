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
