package codec

import "encoding/binary"

// Bit masks for testing eight bytes at a time.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// badASCII returns the index of the first byte of p that is NUL or 0x80 and
// above, or -1 when every byte is in 0x01-0x7F.
//
// The common case, a valid string, costs one branch-free pass eight bytes at
// a time: subtracting 1 from every byte sets the top bit of a zero byte (by
// the borrow) and of no byte from 0x01 to 0x7F, and or-ing the word itself
// adds the bytes whose top bit is already set. A borrow passes on only from a
// zero byte, which is reported anyway, so the test is exact. Only a bad
// string is then scanned byte by byte for the index.
func badASCII(p []byte) int {
	var acc uint64
	for q := p; ; {
		if len(q) >= 8 {
			x := binary.LittleEndian.Uint64(q)
			acc |= (x - lowBits) | x
			q = q[8:]
			continue
		}
		for _, c := range q {
			acc |= uint64(c-1) | uint64(c)
		}
		break
	}
	if acc&highBits == 0 {
		return -1
	}
	for i, c := range p {
		if c == 0 || c >= 0x80 {
			return i
		}
	}
	return -1
}
