package codec

// Bit masks for testing eight bytes at a time.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// badASCII returns the index of the first byte of p that is NUL or 0x80 and
// above, or -1 when every byte is in 0x01-0x7F. Decoders pass the input
// bytes and encoders the caller's string, before anything is copied.
//
// The common case, a valid string, costs one branch-free pass over 64-bit
// words: subtracting 1 from every byte sets the top bit of a zero byte (by
// the borrow) and of no byte from 0x01 to 0x7F, and or-ing the word itself
// adds the bytes whose top bit is already set. A borrow passes on only from a
// zero byte, which is reported anyway, so the test is exact for each word on
// its own. The pass reads two words per step into separate accumulators and
// ends with the two words that end at the end of p; they may overlap bytes
// already tested, which changes nothing. Strings of 8 to 15 bytes take the
// first and the last word. Only a bad string is then scanned byte by byte
// for the index.
func badASCII[T string | []byte](p T) int {
	var acc uint64
	switch n := len(p); {
	case n >= 16:
		var a0, a1 uint64
		for q := p; len(q) > 16; q = q[16:] {
			w0, w1 := word(q), word(q[8:])
			a0 |= (w0 - lowBits) | w0
			a1 |= (w1 - lowBits) | w1
		}
		w0, w1 := word(p[n-16:]), word(p[n-8:])
		acc = a0 | a1 | (w0 - lowBits) | w0 | (w1 - lowBits) | w1
	case n >= 8:
		w0, w1 := word(p), word(p[n-8:])
		acc = (w0 - lowBits) | w0 | (w1 - lowBits) | w1
	default:
		for i := range n {
			c := p[i]
			acc |= uint64(c-1) | uint64(c)
		}
	}
	if acc&highBits == 0 {
		return -1
	}
	for i := range len(p) {
		if c := p[i]; c == 0 || c >= 0x80 {
			return i
		}
	}
	return -1
}

// word returns the first eight bytes of p as a little-endian uint64; the
// compiler turns it into a single load, for strings as for byte slices.
func word[T string | []byte](p T) uint64 {
	_ = p[7]
	return uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
		uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56
}
