package codec

import "encoding/binary"

// Bit masks for testing eight bytes at a time.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// badWord reports whether one of the eight bytes of x is NUL or 0x80 and
// above: x&highBits catches the high bytes, and (x-lowBits)&^x&highBits has
// a bit set exactly when some byte is zero (given none is high).
func badWord(x uint64) bool { return x&highBits != 0 || (x-lowBits)&^x&highBits != 0 }

// badASCII returns the index of the first byte of p that is NUL or 0x80 and
// above, or -1 when every byte is in 0x01-0x7F. It tests eight bytes at a
// time, so that checking a 74-byte ESSDN costs about ten steps.
func badASCII(p []byte) int {
	i := 0
	for ; i+8 <= len(p) && !badWord(binary.LittleEndian.Uint64(p[i:])); i += 8 {
	}
	for ; i < len(p); i++ {
		if c := p[i]; c == 0 || c >= 0x80 {
			return i
		}
	}
	return -1
}
