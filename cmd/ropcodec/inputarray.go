package main

// array reads a C or Go byte-array literal, as xxd -i, fmt's %#v and
// programmers write them:
//
//	unsigned char buf[] = { 0xfe, 0x00, 0x78, 0x04 };
//	[]byte{0xfe, 0x0, 0x78, 0x4}
//
// A declaration may come before the {; between the braces come bytes
// written 0xN or 0xNN, or in decimal (0 to 255), separated by commas, with
// // and /* */ comments. A decimal number with a leading zero is refused:
// C reads it as octal and Go as decimal. Nothing after the } is read (xxd
// -i writes the array's length there).
func (s *scanner) array() error {
	if err := s.declaration(); err != nil {
		return err
	}
	want := "a byte or }"
	for {
		c, ok, err := s.skipSpace()
		if err != nil {
			return err
		}
		switch {
		case !ok:
			return errAt(s.line, s.col+1, "the input ends before the } of the array")
		case c == '}':
			return nil
		case want == "a comma or }" && c == ',':
			want = "a byte or }"
		case want == "a byte or }" && '0' <= c && c <= '9':
			if err := s.arrayByte(c); err != nil {
				return err
			}
			want = "a comma or }"
		default:
			return s.bad(c, want)
		}
	}
}

// declaration reads up to and including the { that opens the array: names,
// brackets, = and := , and comments.
func (s *scanner) declaration() error {
	for {
		c, ok, err := s.skipSpace()
		if err != nil {
			return err
		}
		switch {
		case !ok:
			return errAt(s.line, s.col+1, "the input ends before the { of the array")
		case c == '{':
			return nil
		case c == '#' && s.col == 1:
			if err := s.skipLine(); err != nil {
				return err
			}
		case c == '_' || c == '[' || c == ']' || c == '=' || c == ':' || c == '*' || c == '.' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
		default:
			return s.bad(c, "part of an array declaration")
		}
	}
}

// arrayByte reads one element whose first character c was just read.
func (s *scanner) arrayByte(c byte) error {
	line, col := s.line, s.col
	if c == '0' && s.nextIs("xX") {
		if _, _, err := s.read(); err != nil {
			return err
		}
		v, n := 0, 0
		for s.nextIs("0123456789abcdefABCDEF") {
			d, _, err := s.read()
			if err != nil {
				return err
			}
			v, n = v<<4|int(unhex(d)), n+1
		}
		if n == 0 || n > 2 {
			return errAt(line, col, "want one or two hex digits after 0x, not %d", n)
		}
		return s.emit(byte(v))
	}
	v := int(c - '0')
	digits := 1
	for s.nextIs("0123456789") {
		d, _, err := s.read()
		if err != nil {
			return err
		}
		v, digits = v*10+int(d-'0'), digits+1
		if v > 255 {
			return errAt(line, col, "a byte of more than 255")
		}
	}
	if c == '0' && digits > 1 {
		return errAt(line, col, "a number with a leading zero is octal in C and decimal in Go; write it in hex")
	}
	return s.emit(byte(v))
}

// skipSpace reads past white space and comments and returns the next
// character; ok is false at the end of the input.
func (s *scanner) skipSpace() (c byte, ok bool, err error) {
	for {
		c, ok, err = s.read()
		if err != nil || !ok {
			return c, ok, err
		}
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c == '/' && s.nextIs("/"):
			if err := s.skipLine(); err != nil {
				return 0, false, err
			}
		case c == '/' && s.nextIs("*"):
			line, col := s.line, s.col
			if _, _, err := s.read(); err != nil {
				return 0, false, err
			}
			for star := false; ; {
				d, more, err := s.read()
				if err != nil {
					return 0, false, err
				}
				if !more {
					return 0, false, errAt(line, col, "a comment that never ends")
				}
				if star && d == '/' {
					break
				}
				star = d == '*'
			}
		default:
			return c, true, nil
		}
	}
}
