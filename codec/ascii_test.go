package codec

import "testing"

// badASCIIByByte is the definition badASCII must agree with.
func badASCIIByByte(p []byte) int {
	for i, c := range p {
		if c == 0 || c >= 0x80 {
			return i
		}
	}
	return -1
}

// TestBadASCII checks the word-at-a-time test against the byte-by-byte
// definition for every length up to 70, every position of a bad byte, fills
// at both ends of the valid range (0x01 cannot borrow, 0x7F is one short of
// the top bit) and a second bad byte after the first, as string and as
// []byte.
func TestBadASCII(t *testing.T) {
	for n := 0; n <= 70; n++ {
		for _, fill := range []byte{0x01, 'a', 0x7F} {
			p := make([]byte, n)
			for i := range p {
				p[i] = fill
			}
			if got := badASCII(p); got != -1 {
				t.Fatalf("n=%d fill=%#x: badASCII = %d, want -1", n, fill, got)
			}
			if got := badASCII(string(p)); got != -1 {
				t.Fatalf("n=%d fill=%#x: badASCII(string) = %d, want -1", n, fill, got)
			}
			for i := range n {
				for _, bad := range []byte{0x00, 0x80, 0xC3, 0xFF} {
					for _, second := range []int{-1, i + 1, n - 1} {
						q := append([]byte(nil), p...)
						q[i] = bad
						if second > i && second < n {
							q[second] = 0x00
						}
						want := badASCIIByByte(q)
						if got := badASCII(q); got != want {
							t.Fatalf("%x: badASCII = %d, want %d", q, got, want)
						}
						if got := badASCII(string(q)); got != want {
							t.Fatalf("%x: badASCII(string) = %d, want %d", q, got, want)
						}
					}
				}
			}
		}
	}
}
