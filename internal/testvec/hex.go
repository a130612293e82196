// Package testvec reads the test vectors of this module: bytes written as
// two-digit hex tokens, with comments, as the golden txtar archives hold them.
package testvec

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseHex returns the bytes of data, which holds two-digit hex tokens
// separated by white space; a "#" starts a comment that runs to the end of
// its line.
func ParseHex(data []byte) ([]byte, error) {
	var out []byte
	for i, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, tok := range strings.Fields(line) {
			if len(tok) != 2 {
				return nil, fmt.Errorf("line %d: token %q is not two hex digits", i+1, tok)
			}
			v, err := strconv.ParseUint(tok, 16, 8)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			out = append(out, byte(v))
		}
	}
	return out, nil
}
