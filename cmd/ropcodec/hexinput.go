package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// parseHex reads bytes written in hex as people paste them: with or without
// spaces, tabs, line breaks, colons, commas or hyphens between the bytes,
// with or without a 0x prefix on each group, in either letter case. A #
// starts a comment that runs to the end of the line, so the annotated .hex
// files of the testdata archives can be read as they are.
//
// Each group of digits between separators must hold whole bytes: an odd
// number of digits is an error rather than a guess at where a nibble is
// missing. The error names the line and column of the offending character.
func parseHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	line, col := 1, 0
	var (
		group               []byte // hex digits of the current group
		prefixed            bool   // the current group began with 0x
		startLine, startCol int    // where the current group began
	)
	endGroup := func() error {
		switch {
		case prefixed && len(group) == 0:
			return fmt.Errorf("line %d, column %d: 0x without hex digits", startLine, startCol)
		case len(group)%2 != 0:
			return fmt.Errorf("line %d, column %d: odd number of hex digits in %q", startLine, startCol, group)
		}
		for i := 0; i < len(group); i += 2 {
			out = append(out, unhex(group[i])<<4|unhex(group[i+1]))
		}
		group, prefixed = group[:0], false
		return nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		col++
		switch {
		case c == '\n':
			if err := endGroup(); err != nil {
				return nil, err
			}
			line, col = line+1, 0
		case c == '#':
			if err := endGroup(); err != nil {
				return nil, err
			}
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case c == ' ' || c == '\t' || c == '\r' || c == ':' || c == ',' || c == '-':
			if err := endGroup(); err != nil {
				return nil, err
			}
		case c == '0' && len(group) == 0 && !prefixed && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X'):
			prefixed, startLine, startCol = true, line, col
			i++
			col++
		case isHex(c):
			if len(group) == 0 && !prefixed {
				startLine, startCol = line, col
			}
			group = append(group, c)
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return nil, fmt.Errorf("line %d, column %d: %q is not a hex digit", line, col, r)
		}
	}
	if err := endGroup(); err != nil {
		return nil, err
	}
	return out, nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// usageError is an error in how the command was called (a bad flag, bad hex,
// an unreadable file): exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// readHexInput returns the bytes that the operands of decode name: hex text
// in the arguments (several arguments are read as one text), "-" for
// standard input, or "@FILE" for a file holding hex text.
func readHexInput(operands []string, stdin io.Reader) ([]byte, error) {
	if len(operands) == 0 {
		return nil, usagef("no input: give hex bytes, - for standard input or @FILE")
	}
	var text, from string
	switch op := operands[0]; {
	case op == "-" || strings.HasPrefix(op, "@"):
		if len(operands) > 1 {
			return nil, usagef("%s must be the only input operand", op)
		}
		if op == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, usagef("reading standard input: %v", err)
			}
			text, from = string(b), "standard input"
			break
		}
		name := op[1:]
		if name == "" {
			return nil, usagef("@ needs a file name")
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, usagef("%v", err)
		}
		text, from = string(b), name
	default:
		text, from = strings.Join(operands, " "), "argument"
	}
	b, err := parseHex(text)
	if err != nil {
		return nil, usagef("bad hex in %s: %v", from, err)
	}
	if len(b) == 0 {
		return nil, usagef("no bytes in %s", from)
	}
	return b, nil
}
