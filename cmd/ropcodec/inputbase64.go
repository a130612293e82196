package main

// base64 reads base64 in the standard alphabet of RFC 4648 section 4, as HAR
// files (an entry's content with "encoding": "base64") and EWS carry bytes:
// line breaks and spaces anywhere, = padding at the end or none.
func (s *scanner) base64() error {
	var quad [4]byte
	n, pad := 0, 0
	for {
		c, ok, err := s.read()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var v byte
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == '=' && (n >= 2 || pad > 0) && n+pad < 4:
			pad++
			continue
		case pad > 0:
			return s.bad(c, "allowed after base64 padding")
		case 'A' <= c && c <= 'Z':
			v = c - 'A'
		case 'a' <= c && c <= 'z':
			v = c - 'a' + 26
		case '0' <= c && c <= '9':
			v = c - '0' + 52
		case c == '+':
			v = 62
		case c == '/':
			v = 63
		default:
			return s.bad(c, "a base64 character")
		}
		quad[n] = v
		n++
		if n == 4 {
			if err := s.emitAll([]byte{quad[0]<<2 | quad[1]>>4, quad[1]<<4 | quad[2]>>2, quad[2]<<6 | quad[3]}); err != nil {
				return err
			}
			n = 0
		}
	}
	switch n {
	case 1:
		return errAt(s.line, s.col, "base64 that ends in the middle of a byte")
	case 2:
		return s.emit(quad[0]<<2 | quad[1]>>4)
	case 3:
		return s.emitAll([]byte{quad[0]<<2 | quad[1]>>4, quad[1]<<4 | quad[2]>>2})
	}
	return nil
}
