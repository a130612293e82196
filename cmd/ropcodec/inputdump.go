package main

import (
	"bytes"
	"strconv"
)

// maxDumpLine is the longest line a dump may have; dumps print 16 or 32
// bytes a line.
const maxDumpLine = 4 << 10

// dump reads a hex dump of format f whose lines start with the offset of
// their first byte, which is checked and never read as data:
//
//	xxd          00000000: fe00 7804 0000 016d  ..x....m
//	hexdump -C   00000000  fe 00 78 04 00 00 01 6d  |..x....m|
//	offset hex   0000   fe 00 78 04 00 00 01 6d   ..x....m
//
// The text column is skipped: after two spaces (xxd), at | (hexdump -C),
// or, for offset hex (Wireshark's copies, od -Ax -tx1, text2pcap's input),
// at the first word that is not one byte in hex or after three spaces; and,
// as text2pcap does, a line that seems to hold more bytes than the next
// line's offset leaves room for gives up the extra ones, which were its text.
// A * line repeats the line before it up to the next offset (hexdump and od
// write one for repeated lines); a line that holds only an offset ends the
// dump and must equal its length.
func (s *scanner) dump(f inputFormat) error {
	var (
		first       = true
		at          int64  // the offset the next line must have
		last        []byte // the bytes of the line before, for a * line
		repeat      bool   // a * line came after last
		pending     []byte // offset hex: the bytes of the line before, not yet emitted
		pendingLine int
		ended       bool // a line with only an offset came
	)
	for {
		lineNo := s.line
		line, ok, err := s.readLine()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		lead := bytes.IndexByte(line, t[0])
		if string(t) == "*" {
			if first || repeat {
				return errAt(lineNo, lead+1, "* must follow a line of bytes")
			}
			if pending != nil { // a repeated line holds no text column
				last, pending = pending, nil
				if err := s.emitAll(last); err != nil {
					return err
				}
				at += int64(len(last))
			}
			repeat = true
			continue
		}
		if ended {
			return errAt(lineNo, lead+1, "a line after the one that ended the dump")
		}
		digits := 0
		for digits < len(t) && isHex(t[digits]) {
			digits++
		}
		if digits < 3 || digits > 16 {
			return errAt(lineNo, lead+1, "want the offset of a dump line, in hex, not %q", word(t))
		}
		off, _ := strconv.ParseUint(string(t[:digits]), 16, 63)
		data, err := dumpBytes(f, line, lead+digits, lineNo)
		if err != nil {
			return err
		}
		o := int64(off)
		if first {
			at, first = o, false
		}
		if pending != nil {
			n := o - at
			if n < 0 || n > int64(len(pending)) {
				return errAt(lineNo, lead+1, "offset 0x%X does not follow the %s of line %d (want 0x%X)",
					o, plural(len(pending), "byte", "bytes"), pendingLine, at+int64(len(pending)))
			}
			last = pending[:n]
			if err := s.emitAll(last); err != nil {
				return err
			}
			at += n
			pending = nil
		}
		if repeat {
			if len(last) == 0 || o <= at || (o-at)%int64(len(last)) != 0 {
				return errAt(lineNo, lead+1, "offset 0x%X is no whole number of repeats of the %s before * after 0x%X",
					o, plural(len(last), "byte", "bytes"), at)
			}
			for ; at < o; at += int64(len(last)) {
				if err := s.emitAll(last); err != nil {
					return err
				}
			}
			repeat = false
		}
		if o != at {
			return errAt(lineNo, lead+1, "offset 0x%X, where 0x%X was due", o, at)
		}
		switch {
		case len(data) == 0:
			ended = true
		case f == formatOffsetHex:
			pending, pendingLine = append(pending[:0:0], data...), lineNo
		default:
			last = append(last[:0:0], data...)
			if err := s.emitAll(data); err != nil {
				return err
			}
			at += int64(len(data))
		}
	}
	if repeat {
		return errAt(s.line, 1, "the dump ends after a * line, without the offset it repeats up to")
	}
	return s.emitAll(pending)
}

// dumpBytes reads the bytes of one dump line, after its offset, which ends
// at column from (0-based).
func dumpBytes(f inputFormat, line []byte, from, lineNo int) ([]byte, error) {
	var out []byte
	i := from
	switch f {
	case formatXXD:
		if i >= len(line) || line[i] != ':' {
			return nil, errAt(lineNo, i+1, "want a colon after the offset of an xxd line")
		}
		i++
		if i < len(line) && line[i] == ' ' {
			i++
		}
		for i < len(line) && line[i] != ' ' {
			j := i
			for j < len(line) && line[j] != ' ' {
				if !isHex(line[j]) {
					return nil, errAt(lineNo, j+1, "%q is not a hex digit", rune(line[j]))
				}
				j++
			}
			if (j-i)%2 != 0 {
				return nil, errAt(lineNo, i+1, "odd number of hex digits in %q", line[i:j])
			}
			for k := i; k < j; k += 2 {
				out = append(out, unhex(line[k])<<4|unhex(line[k+1]))
			}
			i = j
			if i+1 < len(line) && line[i] == ' ' && line[i+1] != ' ' {
				i++ // one space between groups; two start the text column
			}
		}
	default:
		if f == formatOffsetHex && i < len(line) && line[i] == ':' {
			i++
		}
		for {
			gap := i
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			if i >= len(line) || f == formatHexdump && line[i] == '|' {
				return out, nil
			}
			if f == formatOffsetHex && len(out) > 0 && (i-gap >= 3 || bytes.IndexByte(line[gap:i], '\t') >= 0) {
				return out, nil // the text column
			}
			isByte := i+1 < len(line) && isHex(line[i]) && isHex(line[i+1]) && (i+2 == len(line) || line[i+2] == ' ' || line[i+2] == '\t')
			if !isByte {
				if f == formatOffsetHex {
					return out, nil // the text column
				}
				return nil, errAt(lineNo, i+1, "want a byte in hex, not %q", word(line[i:]))
			}
			out = append(out, unhex(line[i])<<4|unhex(line[i+1]))
			i += 2
		}
	}
	return out, nil
}

// readLine reads one line without its line break; ok is false at the end of
// the input.
func (s *scanner) readLine() (line []byte, ok bool, err error) {
	var buf []byte
	for {
		c, more, err := s.read()
		if err != nil {
			return nil, false, err
		}
		if !more {
			return buf, len(buf) > 0, nil
		}
		if c == '\n' {
			return bytes.TrimSuffix(buf, []byte("\r")), true, nil
		}
		if len(buf) >= maxDumpLine {
			return nil, false, errAt(s.line, s.col, "a dump line longer than %d characters", maxDumpLine)
		}
		buf = append(buf, c)
	}
}

// emitAll adds bytes to the result.
func (s *scanner) emitAll(b []byte) error {
	for _, c := range b {
		if err := s.emit(c); err != nil {
			return err
		}
	}
	return nil
}

// word returns the first word of b, shortened for an error message.
func word(b []byte) string {
	if i := bytes.IndexAny(b, " \t"); i >= 0 {
		b = b[:i]
	}
	if len(b) > 20 {
		return string(b[:20]) + "..."
	}
	return string(b)
}
