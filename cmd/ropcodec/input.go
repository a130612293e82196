package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// defaultMaxInput is the most input decode and entryid read unless
// --max-input says otherwise: far more than any ROP buffer (at most 32 KiB,
// [MS-OXCRPC] 3.1.4.2.1) or capture people paste, and little enough that
// /dev/zero or a wrong file ends in a clear error, not in a machine out of
// memory.
const defaultMaxInput = 64 << 20

// inputOptions say how input is read: as binary bytes rather than text, and
// how much of it at most.
type inputOptions struct {
	binary bool  // --binary: the input is the bytes themselves
	max    int64 // --max-input: bytes read from the source, and bytes decoded
	// http is set when text whose first line is an HTTP start line is read
	// as an HTTP message (decode does; entryid does not).
	http bool
}

// flag reads the input flags --binary and --max-input for the
// subcommand cmd; handled is false for other flags, and msg says what is
// wrong with a bad one.
func (o *inputOptions) flag(p *argParser) (handled bool, msg string) {
	switch p.flag {
	case "binary":
		o.binary = true
		return true, p.noValue()
	case "max-input":
		v, ok := p.value()
		if !ok {
			return true, "--max-input needs a size"
		}
		n, err := parseSize(v)
		if err != nil {
			return true, "--max-input: " + err.Error()
		}
		o.max = n
		return true, ""
	}
	return false, ""
}

// input is what the operands of decode or entryid name, read and parsed.
type input struct {
	bytes []byte
	// total is, for the operands of a session, whose bytes are not kept
	// here, the number of bytes decoded from all of them (see length).
	total int
	// read is the number of bytes read from the source, for --max-input:
	// two a byte and more for text.
	read   int64
	format inputFormat
	// body is the format the body of an HTTP message (formatHTTP) was
	// written in.
	body inputFormat
	from string // "argument", "standard input" or the file name
}

// length is the number of bytes decoded: len(in.bytes), or for the operands
// of a session, their total.
func (in input) length() int {
	if in.bytes == nil {
		return in.total
	}
	return len(in.bytes)
}

// inputFormat names a way bytes are written down.
type inputFormat uint8

const (
	formatHex       inputFormat = iota // hex digits, with or without separators and 0x
	formatXXD                          // xxd: "00000000: fe00 7804  ..x."
	formatHexdump                      // hexdump -C: "00000000  fe 00 78 04  |..x.|"
	formatOffsetHex                    // Wireshark and the like: "0000   fe 00 78 04   ..x."
	formatArray                        // a C or Go byte-array literal
	formatBase64                       // base64, as HAR files and EWS carry bytes
	formatBinary                       // the bytes themselves
	formatHTTP                         // an HTTP message: text head, body in one of the formats above
	formatHAR                          // a HAR file (decode --har)
)

func (f inputFormat) String() string {
	return [...]string{"hex", "xxd dump", "hexdump -C dump", "offset and hex dump", "byte-array literal", "base64", "binary", "HTTP message", "HAR file"}[f]
}

// inputError is input that cannot be read as bytes: where and why.
type inputError struct {
	line, col int // 1-based; 0 when the error is not at a character
	msg       string
}

func (e *inputError) Error() string {
	if e.line == 0 {
		return e.msg
	}
	return fmt.Sprintf("line %d, column %d: %s", e.line, e.col, e.msg)
}

// tooLargeError reports input beyond the --max-input cap.
type tooLargeError struct{ max int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("more than %s of input; --max-input raises the limit", sizeText(e.max))
}

// readInput returns the bytes the operands name: text in the arguments
// (several arguments are read as one text), "-" for standard input, or
// "@FILE". Text is read in the format its first line shows (see
// detectFormat) and parsed while it is read, so the first character that
// does not fit fails at once; binary input (--binary, or a NUL byte, a
// control character or bytes that are not UTF-8 in its first 512 bytes) is
// taken as it is. At most o.max bytes are read and decoded.
func readInput(operands []string, stdin io.Reader, o inputOptions) (input, error) {
	if len(operands) == 0 {
		return input{}, usagef("no input: give hex bytes, - for standard input or @FILE")
	}
	if o.max <= 0 {
		o.max = defaultMaxInput
	}
	var src io.Reader
	var in input
	var size int64 // of a regular file, so that its bytes are allocated once
	switch op := operands[0]; {
	case op == "-" || strings.HasPrefix(op, "@"):
		if len(operands) > 1 {
			return input{}, usagef("%s must be the only input operand", op)
		}
		if op == "-" {
			src, in.from = stdin, "standard input"
			break
		}
		name := op[1:]
		if name == "" {
			return input{}, usagef("@ needs a file name")
		}
		f, err := os.Open(name)
		if err != nil {
			return input{}, usagef("%v", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if st.Size() > o.max {
				err := &tooLargeError{o.max}
				return input{}, &usageError{msg: fmt.Sprintf("%s: %v", name, err), err: err}
			}
			size = st.Size()
		}
		src, in.from = f, name
	default:
		src, in.from = strings.NewReader(strings.Join(operands, " ")), "argument"
	}
	cr := &capReader{r: src, max: o.max}
	r := bufio.NewReaderSize(cr, 64<<10)
	if err := parseInput(r, o, size, &in); err != nil {
		return input{}, &usageError{msg: fmt.Sprintf("%s in %s: %v", what(in.format, err), in.from, err), err: err}
	}
	if len(in.bytes) == 0 {
		return input{}, usagef("no bytes in %s", in.from)
	}
	in.read = cr.read
	return in, nil
}

// what names the kind of failure for the message of readInput.
func what(f inputFormat, err error) string {
	switch err.(type) {
	case *tooLargeError:
		return "too much input"
	case *inputError:
		return "cannot read " + f.String()
	}
	return "cannot read"
}

// parseInput detects the format of r and parses it into in's bytes and
// format; size is the size of the input when known in advance, else 0.
func parseInput(r *bufio.Reader, o inputOptions, size int64, in *input) error {
	var err error
	switch {
	case o.binary:
		in.format = formatBinary
	case o.http && startsHTTP(r):
		in.format = formatHTTP
		in.bytes, in.body, err = readHTTPText(r, o)
		return err
	case looksBinary(r):
		in.format = formatBinary
	default:
		if in.format, err = detectFormat(r); err != nil {
			return err
		}
	}
	if in.format == formatBinary {
		in.bytes, err = readBinary(r, o.max, size)
		return err
	}
	s := newScanner(r, o.max)
	s.out = make([]byte, 0, size/2) // two digits a byte at least
	err = s.scan(in.format)
	in.bytes = s.out
	return err
}

// scan reads the rest of the text in format f (not binary).
func (s *scanner) scan(f inputFormat) error {
	switch f {
	case formatXXD, formatHexdump, formatOffsetHex:
		return s.dump(f)
	case formatArray:
		return s.array()
	case formatBase64:
		return s.base64()
	}
	return s.hex()
}

// looksBinary reports whether the first 512 bytes of r (fewer at the end of
// the input) cannot be text: a NUL byte, a control character other than the
// white space of text files, or bytes that are not UTF-8.
func looksBinary(r *bufio.Reader) bool {
	head, _ := r.Peek(512)
	for i := 0; i < len(head); {
		c := head[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c < 0x20 || c == 0x7F:
			return true
		case c < utf8.RuneSelf:
			i++
		default:
			rn, n := utf8.DecodeRune(head[i:])
			if rn == utf8.RuneError && n == 1 && (len(head)-i >= utf8.UTFMax || utf8.FullRune(head[i:])) {
				return true
			}
			i += n
		}
	}
	return false
}

// readBinary reads all of r, at most max bytes; size, when not 0, is how
// many there are.
func readBinary(r io.Reader, max, size int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(size) + bytes.MinRead)
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, &tooLargeError{max}
	}
	return buf.Bytes(), nil
}

// capReader reads from r and fails once more than max bytes were asked of
// it, so that no source, /dev/zero included, is read without end.
type capReader struct {
	r    io.Reader
	max  int64
	read int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.read > c.max {
		return 0, &tooLargeError{c.max}
	}
	if rest := c.max + 1 - c.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := c.r.Read(p)
	c.read += int64(n)
	return n, err
}

// parseSize reads a --max-input value: bytes, or a number with a K, M or G
// suffix (KiB, MiB, GiB).
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"), strings.HasSuffix(s, "k"):
		mult = 1 << 10
	case strings.HasSuffix(s, "M"), strings.HasSuffix(s, "m"):
		mult = 1 << 20
	case strings.HasSuffix(s, "G"), strings.HasSuffix(s, "g"):
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("want a positive size such as 100M, not %q", s)
	}
	return n * mult, nil
}

// sizeText writes a byte count as the largest unit that divides it.
func sizeText(n int64) string {
	switch {
	case n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return plural(int(n), "byte", "bytes")
}

// usageError is an error in how the command was called (a bad flag,
// unreadable input, an unreadable file): exit status 2.
type usageError struct {
	msg string
	err error // the cause, if any
}

func (e *usageError) Error() string { return e.msg }

func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}
