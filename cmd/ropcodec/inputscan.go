package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// scanner reads text one byte at a time, counting lines and columns, and
// collects the bytes the text stands for, at most max of them.
type scanner struct {
	r         *bufio.Reader
	line, col int // of the byte read last; col 0 after a line break
	out       []byte
	max       int64
}

func newScanner(r *bufio.Reader, max int64) *scanner {
	return &scanner{r: r, line: 1, max: max}
}

// read returns the next byte of the text; ok is false at its end.
func (s *scanner) read() (c byte, ok bool, err error) {
	c, err = s.r.ReadByte()
	if err == io.EOF {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if c == '\n' {
		s.line, s.col = s.line+1, 0
	} else {
		s.col++
	}
	return c, true, nil
}

// peek returns the next byte without reading it; ok is false at the end.
func (s *scanner) peek() (byte, bool) {
	p, err := s.r.Peek(1)
	if err != nil {
		return 0, false
	}
	return p[0], true
}

// nextIs reports whether the next byte is one of set.
func (s *scanner) nextIs(set string) bool {
	c, ok := s.peek()
	return ok && strings.IndexByte(set, c) >= 0
}

// skipLine reads up to the end of the line, the line break excluded.
func (s *scanner) skipLine() error {
	for {
		c, ok := s.peek()
		if !ok || c == '\n' {
			return nil
		}
		if _, _, err := s.read(); err != nil {
			return err
		}
	}
}

// emit adds a byte to the result.
func (s *scanner) emit(b byte) error {
	if int64(len(s.out)) >= s.max {
		return &tooLargeError{s.max}
	}
	s.out = append(s.out, b)
	return nil
}

// errAt returns an error at a line and column.
func errAt(line, col int, format string, args ...any) error {
	return &inputError{line: line, col: col, msg: fmt.Sprintf(format, args...)}
}

// bad returns the error for the byte c just read, which the format does
// not allow there: the character it starts, quoted, and what was expected.
func (s *scanner) bad(c byte, want string) error {
	r := rune(c)
	if c >= utf8.RuneSelf {
		rest, _ := s.r.Peek(utf8.UTFMax - 1)
		r, _ = utf8.DecodeRune(append([]byte{c}, rest...))
	}
	return errAt(s.line, s.col, "%q is not %s", r, want)
}

// detectFormat reads ahead, without consuming anything, to the first line
// that holds data (neither blank nor a # comment), and tells its format:
//
//	{ or a declaration ending in =   a C or Go byte-array literal
//	00000000: fe00 7804  ..x.        xxd (an offset, a colon)
//	00000000  fe 00 78 04  |..x.|    hexdump -C (an offset, bytes, |text|)
//	0000   fe 00 78 04   ..x.        an offset of 3 digits or more, bytes
//	                                 (Wireshark's copies, od -Ax -tx1)
//	/gB4BA...                        base64: one word with a letter that is
//	                                 no hex digit, or ending in =
//	anything else                    hex
//
// It reads at most 4 KiB ahead; input with no data line in that much is
// read as hex, which then says what it could not read.
func detectFormat(r *bufio.Reader) (inputFormat, error) {
	ahead, err := r.Peek(4 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull && len(ahead) == 0 {
		return formatHex, err
	}
	lines := bytes.Split(ahead, []byte("\n"))
	for i, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		next := []byte(nil)
		for _, n := range lines[i+1:] {
			if n = bytes.TrimSpace(n); len(n) > 0 {
				next = n
				break
			}
		}
		return lineFormat(l, next), nil
	}
	return formatHex, nil
}

// lineFormat tells the format from the first data line l (trimmed) and the
// next non-blank one.
func lineFormat(l, next []byte) inputFormat {
	if bytes.IndexByte(l, '{') >= 0 || l[len(l)-1] == '=' && bytes.HasPrefix(next, []byte("{")) && !isBase64Word(l) {
		return formatArray
	}
	digits := 0
	for digits < len(l) && isHex(l[digits]) {
		digits++
	}
	rest := l[digits:]
	switch {
	case digits >= 4 && bytes.HasPrefix(rest, []byte(": ")):
		return formatXXD
	case digits >= 3 && len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t'):
		first := bytes.TrimLeft(rest, " \t")
		if len(first) >= 2 && isHex(first[0]) && isHex(first[1]) && (len(first) == 2 || first[2] == ' ' || first[2] == '\t') {
			if bytes.IndexByte(first, '|') >= 0 {
				return formatHexdump
			}
			return formatOffsetHex
		}
	}
	if isBase64Word(l) {
		return formatBase64
	}
	return formatHex
}

// isBase64Word reports whether l starts as base64 that hex cannot be: a run
// of at least four characters of the base64 alphabet, with a letter beyond
// f, a + or a /, or = padding, up to the end of l or to a character that
// is neither base64 nor a separator of hex (which the base64 reader then
// reports); and not hex with a 0x prefix.
func isBase64Word(l []byte) bool {
	if len(l) > 2 && l[0] == '0' && (l[1] == 'x' || l[1] == 'X') {
		return false
	}
	notHex := false
	for i, c := range l {
		switch {
		case isHex(c):
		case 'g' <= c && c <= 'z', 'G' <= c && c <= 'Z', c == '+', c == '/', c == '=':
			notHex = true
		case strings.IndexByte(" \t,:-#", c) >= 0:
			return false
		default:
			return i >= 4 && notHex
		}
	}
	return len(l) >= 4 && notHex
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
