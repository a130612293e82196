package main

import (
	"bufio"
	"strings"
)

// hex reads bytes written in hex as people paste them: with or without
// spaces, tabs, line breaks, colons, commas or hyphens between the bytes,
// with or without a 0x prefix on each group, in either letter case. A #
// starts a comment that runs to the end of the line, so the annotated .hex
// files of the testdata archives can be read as they are.
//
// Each group of digits between separators must hold whole bytes: an odd
// number of digits is an error rather than a guess at where a nibble is
// missing. The error names the line and column of the offending character.
func (s *scanner) hex() error {
	var (
		hi                  byte   // the first digit of a byte, when odd
		digits              int    // digits in the current group
		prefixed            bool   // the current group began with 0x
		startLine, startCol int    // where the current group began
		shown               []byte // the group's first digits, for an error
	)
	endGroup := func() error {
		switch {
		case prefixed && digits == 0:
			return errAt(startLine, startCol, "0x without hex digits")
		case digits%2 != 0:
			q := string(shown)
			if digits > len(shown) {
				q += "..."
			}
			return errAt(startLine, startCol, "odd number of hex digits in %q", q)
		}
		digits, prefixed, shown = 0, false, shown[:0]
		return nil
	}
	for {
		c, ok, err := s.read()
		if err != nil {
			return err
		}
		if !ok {
			return endGroup()
		}
		switch {
		case c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == ':' || c == ',' || c == '-':
			if err := endGroup(); err != nil {
				return err
			}
		case c == '#':
			if err := endGroup(); err != nil {
				return err
			}
			if err := s.skipLine(); err != nil {
				return err
			}
		case c == '0' && digits == 0 && !prefixed && s.nextIs("xX"):
			prefixed, startLine, startCol = true, s.line, s.col
			if _, _, err := s.read(); err != nil {
				return err
			}
		case isHex(c):
			if digits == 0 && !prefixed {
				startLine, startCol = s.line, s.col
			}
			if len(shown) < 16 {
				shown = append(shown, c)
			}
			if digits%2 == 0 {
				hi = unhex(c)
			} else if err := s.emit(hi<<4 | unhex(c)); err != nil {
				return err
			}
			digits++
		default:
			return s.bad(c, "a hex digit")
		}
	}
}

// parseHex reads text in hex as (*scanner).hex does; the built-in examples
// and the tests use it.
func parseHex(text string) ([]byte, error) {
	s := newScanner(bufio.NewReader(strings.NewReader(text)), defaultMaxInput)
	err := s.hex()
	return s.out, err
}
