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
// zero byte, which is reported anyway, so the test is exact. The pass reads
// four words per step into separate accumulators, then single words, and
// covers the last 1 to 7 bytes with one more word that ends at the end of p
// (it overlaps bytes already tested, which changes nothing). Only a bad
// string is then scanned byte by byte for the index.
func badASCII[T string | []byte](p T) int {
	var acc uint64
	if n := len(p); n >= 8 {
		var a0, a1, a2, a3 uint64
		q := p
		for len(q) >= 32 {
			w0, w1, w2, w3 := word(q), word(q[8:]), word(q[16:]), word(q[24:])
			a0 |= (w0 - lowBits) | w0
			a1 |= (w1 - lowBits) | w1
			a2 |= (w2 - lowBits) | w2
			a3 |= (w3 - lowBits) | w3
			q = q[32:]
		}
		for len(q) >= 8 {
			w := word(q)
			a0 |= (w - lowBits) | w
			q = q[8:]
		}
		w := word(p[n-8:])
		acc = a0 | a1 | a2 | a3 | (w - lowBits) | w
	} else {
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
