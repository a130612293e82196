// Package ascii folds ASCII letter case the one way this module needs: A-Z
// to a-z, every other byte as it is. It does no Unicode folding, which would
// make the Kelvin sign equal "k" and so two different names equal.
//
// It is the only copy of that rule. The generator (internal/gen) sorts the
// name index of package errors with CompareFold, and errors.LookupName
// searches that index with CompareFold, so the two cannot disagree on the
// order; package logon compares and folds DNs with LowerByte and EqualFold.
// The generator cannot import package errors for it, since errors is made of
// the code the generator writes: a generator that needs its own output to
// build could not repair that output once it was broken.
package ascii

// LowerByte returns c in lower case when it is an ASCII capital, else c.
func LowerByte(c byte) byte {
	if c-'A' < 26 {
		return c + 'a' - 'A'
	}
	return c
}

// Lower returns s with its ASCII capitals in lower case and every other byte
// as it is.
func Lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = LowerByte(c)
	}
	return string(b)
}

// CompareFold compares a and b as Lower(a) and Lower(b) compare, byte by
// byte, the shorter first when one is a prefix of the other, without
// allocating: negative when a sorts first, 0 when they are equal, positive
// otherwise.
func CompareFold(a, b string) int {
	n := min(len(a), len(b))
	as, bs := a[:n], b[:n] // one bounds check each, not one per byte
	for i := range n {
		x, y := as[i], bs[i]
		if x == y {
			continue
		}
		if x, y = LowerByte(x), LowerByte(y); x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

// EqualFold reports whether a and b are equal once their ASCII capitals are
// folded to lower case; other bytes must match exactly. It does not
// allocate.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if LowerByte(a[i]) != LowerByte(b[i]) {
			return false
		}
	}
	return true
}
