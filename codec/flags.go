package codec

import (
	"strconv"
	"strings"
)

// flagName pairs one bit of a generated flag type with its document name.
type flagName struct {
	bit  uint32
	name string
}

// flagString prints v as the document names of its set bits in ascending
// bit order, joined by |, followed by the unnamed bits in hex; 0 prints as 0.
func flagString(v uint32, names []flagName) string {
	if v == 0 {
		return "0"
	}
	var b strings.Builder
	for _, n := range names {
		if v&n.bit != 0 {
			if b.Len() > 0 {
				b.WriteByte('|')
			}
			b.WriteString(n.name)
			v &^= n.bit
		}
	}
	if v != 0 {
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString("0x")
		b.WriteString(strings.ToUpper(strconv.FormatUint(uint64(v), 16)))
	}
	return b.String()
}
