package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testROP = "RopTest"

// readCase runs one reader operation after skipping pre bytes of in.
type readCase struct {
	name    string
	in      []byte
	pre     int // bytes consumed (with r.field) before op, to test offsets mid-buffer
	op      func(r *reader) (any, error)
	want    any
	wantOff int   // r.offset() after op (success) — on failure it must stay at pre
	err     error // sentinel for errors.Is; nil means success
	field   string
	errOff  int
}

func asciiOp(size int) func(r *reader) (any, error) {
	return func(r *reader) (any, error) { return r.ascii(size, "Name") }
}

// runReadCases runs each case on a reader without a Decoder, with a new
// Decoder, and with that Decoder again, which then remembers the strings of
// the cases that succeeded: all three must read alike.
func runReadCases(t *testing.T, tests []readCase) {
	t.Helper()
	for _, tt := range tests {
		d := new(Decoder)
		for i, d := range []*Decoder{nil, d, d} {
			t.Run(tt.name+[]string{"", "/decoder", "/decoder again"}[i], func(t *testing.T) { runReadCase(t, tt, d) })
		}
	}
}

func runReadCase(t *testing.T, tt readCase, d *Decoder) {
	r := testReader(tt.in, testROP, d)
	if tt.pre > 0 {
		if _, _, err := r.field(tt.pre, "pre"); err != nil {
			t.Fatalf("pre: %v", err)
		}
	}
	got, err := tt.op(r)
	if tt.err == nil {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("got %#v, want %#v", got, tt.want)
		}
		if r.offset() != tt.wantOff {
			t.Errorf("offset = %d, want %d", r.offset(), tt.wantOff)
		}
		if r.remaining() != len(tt.in)-tt.wantOff {
			t.Errorf("remaining = %d, want %d", r.remaining(), len(tt.in)-tt.wantOff)
		}
		return
	}
	checkDecodeError(t, err, tt.err, testROP, tt.field, tt.errOff)
	if r.offset() != tt.pre {
		t.Errorf("failed read moved offset from %d to %d", tt.pre, r.offset())
	}
}

// checkDecodeError checks that err is a *DecodeError with the given fields
// that unwraps to want.
func checkDecodeError(t *testing.T, err, want error, rop, field string, off int) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v", want)
	}
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %T %v, want *DecodeError", err, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("errors.Is(%v, %v) = false", err, want)
	}
	if de.ROP != rop || de.Field != field || de.Offset != off {
		t.Errorf("got ROP %q Field %q Offset %d, want %q %q %d (%v)", de.ROP, de.Field, de.Offset, rop, field, off, err)
	}
	// Exactly one failure kind.
	for _, s := range []error{ErrMissingNUL, ErrSizeMismatch, ErrNotASCII, ErrZeroSize,
		ErrTrailingBytes, ErrWrongRopID, ErrTooLong, ErrEmbeddedNUL, io.ErrUnexpectedEOF} {
		if s != want && errors.Is(err, s) {
			t.Errorf("errors.Is(%v, %v) = true, want only %v", err, s, want)
		}
	}
}

func TestReaderFixed(t *testing.T) {
	in := make([]byte, 20)
	for i := range in {
		in[i] = byte(i + 1)
	}
	type got struct {
		p   []byte
		off int
	}
	fieldOp := func(n int) func(r *reader) (any, error) {
		return func(r *reader) (any, error) {
			p, off, err := r.field(n, "Raw")
			return got{p, off}, err
		}
	}
	runReadCases(t, []readCase{
		{name: "field 0", in: in, op: fieldOp(0), want: got{[]byte{}, 0}, wantOff: 0},
		{name: "field 3", in: in, pre: 1, op: fieldOp(3), want: got{[]byte{2, 3, 4}, 1}, wantOff: 4},
		{name: "field all", in: in, op: fieldOp(20), want: got{in, 0}, wantOff: 20},
		{name: "field short", in: in, pre: 10, op: fieldOp(11), err: io.ErrUnexpectedEOF, field: "Raw", errOff: 10},
		{name: "field 16 short", in: in, pre: 5, op: fieldOp(16), err: io.ErrUnexpectedEOF, field: "Raw", errOff: 5},
		{name: "field 104 short", in: make([]byte, 103), op: fieldOp(104), err: io.ErrUnexpectedEOF, field: "Raw"},
	})
}

func TestReaderWrongRopID(t *testing.T) {
	r := testReader([]byte{0x01, 0x02}, "RopLogon", nil)
	checkDecodeError(t, r.ropID(0xFE), ErrWrongRopID, "RopLogon", "RopId", 0)
	require.NoError(t, r.ropID(0x01))
	checkDecodeError(t, r.wrongRopID(1, 0x02, 0xFE), ErrWrongRopID, "RopLogon", "RopId", 1)
	assert.EqualError(t, r.wrongRopID(1, 0x02, 0xFE), "codec: RopLogon: RopId at offset 1: unexpected RopId 0x02, want 0xFE")
}

func TestReaderASCII(t *testing.T) {
	// A redirect response: RopId, OutputHandleIndex, ReturnValue, LogonFlags,
	// ServerNameSize, then ServerName at offset 8.
	redirect := func(name ...byte) []byte {
		return append([]byte{0xFE, 0x00, 0x78, 0x04, 0x00, 0x00, 0x01, byte(len(name))}, name...)
	}
	runReadCases(t, []readCase{
		{name: "simple", in: []byte("abc\x00"), op: asciiOp(4), want: "abc", wantOff: 4},
		{name: "empty string", in: []byte{0}, op: asciiOp(1), want: "", wantOff: 1},
		{name: "followed by more", in: []byte("ab\x00cd"), op: asciiOp(3), want: "ab", wantOff: 3},
		{name: "all ASCII range", in: append(asciiRange(), 0), op: asciiOp(128), want: string(asciiRange()), wantOff: 128},
		{name: "mid buffer", in: redirect('B', 'e', 't', 'a', 0), pre: 8, op: asciiOp(5), want: "Beta", wantOff: 13},
		{name: "max u8 size", in: append(bytes.Repeat([]byte{'x'}, 254), 0), op: asciiOp(255),
			want: string(bytes.Repeat([]byte{'x'}, 254)), wantOff: 255},

		{name: "zero size", in: []byte("abc\x00"), op: asciiOp(0), err: ErrZeroSize, field: "Name"},
		{name: "zero size at end", in: redirect(), pre: 8, op: asciiOp(0), err: ErrZeroSize, field: "Name", errOff: 8},
		{name: "negative size", in: []byte("abc\x00"), op: asciiOp(-1), err: io.ErrUnexpectedEOF, field: "Name"},
		{name: "truncated", in: []byte("abc"), op: asciiOp(4), err: io.ErrUnexpectedEOF, field: "Name"},
		{name: "truncated mid", in: redirect('B', 'e'), pre: 8, op: asciiOp(5), err: io.ErrUnexpectedEOF, field: "Name", errOff: 8},
		{name: "empty input", in: nil, op: asciiOp(1), err: io.ErrUnexpectedEOF, field: "Name"},
		{name: "missing NUL", in: redirect('B', 'e', 't', 'a', 'x'), pre: 8, op: asciiOp(5), err: ErrMissingNUL, field: "Name", errOff: 8},
		{name: "NUL after size", in: []byte("abcd\x00"), op: asciiOp(4), err: ErrMissingNUL, field: "Name"},
		{name: "size 1 no NUL", in: []byte("a"), op: asciiOp(1), err: ErrMissingNUL, field: "Name"},
		{name: "last byte high", in: []byte("ab\x80"), op: asciiOp(3), err: ErrMissingNUL, field: "Name"},
		{name: "early NUL", in: redirect('B', 0, 't', 'a', 0), pre: 8, op: asciiOp(5), err: ErrSizeMismatch, field: "Name", errOff: 9},
		{name: "early NUL first", in: []byte("\x00\x00"), op: asciiOp(2), err: ErrSizeMismatch, field: "Name"},
		{name: "early NUL no final", in: []byte("a\x00b"), op: asciiOp(3), err: ErrSizeMismatch, field: "Name", errOff: 1},
		{name: "non-ASCII", in: redirect('B', 'e', 0xE9, 'a', 0), pre: 8, op: asciiOp(5), err: ErrNotASCII, field: "Name", errOff: 10},
		{name: "0x80", in: []byte("\x80\x00"), op: asciiOp(2), err: ErrNotASCII, field: "Name"},
		{name: "0xFF", in: []byte("ab\xff\x00"), op: asciiOp(4), err: ErrNotASCII, field: "Name", errOff: 2},
		{name: "first problem wins", in: []byte("a\x80\x00x"), op: asciiOp(4), err: ErrNotASCII, field: "Name", errOff: 1},
		{name: "first problem wins NUL", in: []byte("a\x00\x80x"), op: asciiOp(4), err: ErrSizeMismatch, field: "Name", errOff: 1},
	})
}

func asciiRange() []byte {
	b := make([]byte, 0, 127)
	for c := 1; c < 0x80; c++ {
		b = append(b, byte(c))
	}
	return b
}

func TestReaderASCIIOpt(t *testing.T) {
	op := func(size int) func(r *reader) (any, error) {
		return func(r *reader) (any, error) { return r.asciiOpt(size, "Essdn") }
	}
	runReadCases(t, []readCase{
		{name: "zero size is empty", in: []byte("x"), op: op(0), want: "", wantOff: 0},
		{name: "zero size at end", in: nil, op: op(0), want: "", wantOff: 0},
		{name: "size 1", in: []byte{0}, op: op(1), want: "", wantOff: 1},
		{name: "string", in: []byte("/o=x\x00"), op: op(5), want: "/o=x", wantOff: 5},
		{name: "missing NUL", in: []byte("/o=x!"), op: op(5), err: ErrMissingNUL, field: "Essdn"},
		{name: "truncated", in: []byte("/o"), op: op(5), err: io.ErrUnexpectedEOF, field: "Essdn"},
	})
}

// TestReaderASCIINUL reads strings that have no size field: up to the first
// NUL, whatever follows it.
func TestReaderASCIINUL(t *testing.T) {
	op := func(r *reader) (any, error) { return r.asciiNUL("Class") }
	runReadCases(t, []readCase{
		{name: "simple", in: []byte("IPM.Note\x00"), op: op, want: "IPM.Note", wantOff: 9},
		{name: "empty string", in: []byte{0}, op: op, want: "", wantOff: 1},
		{name: "followed by more", in: []byte("ab\x00\x80\x00"), op: op, want: "ab", wantOff: 3},
		{name: "all ASCII range", in: append(asciiRange(), 0), op: op, want: string(asciiRange()), wantOff: 128},
		{name: "mid buffer", in: []byte("xyzIPM\x00"), pre: 3, op: op, want: "IPM", wantOff: 7},
		{name: "non-ASCII", in: []byte("xyIP\xe9M\x00"), pre: 2, op: op, err: ErrNotASCII, field: "Class", errOff: 4},
		{name: "non-ASCII without NUL", in: []byte("xyIP\xe9M"), pre: 2, op: op, err: ErrNotASCII, field: "Class", errOff: 4},
		{name: "non-ASCII after the NUL", in: []byte("IPM\x00\xff"), op: op, want: "IPM", wantOff: 4},
	})
	// A missing NUL is a truncation too: both kinds, at the field's offset.
	for _, in := range [][]byte{nil, []byte("xyzIPM")} {
		pre := min(len(in), 3)
		for _, d := range []*Decoder{nil, new(Decoder)} {
			r := testReader(in, testROP, d)
			r.off = pre
			_, err := r.asciiNUL("Class")
			assert.ErrorIs(t, err, ErrMissingNUL, "%q", in)
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "%q", in)
			var de *DecodeError
			if assert.ErrorAs(t, err, &de, "%q", in) {
				assert.Equal(t, DecodeError{ROP: testROP, Field: "Class", Offset: pre, Err: de.Err}, *de, "%q", in)
			}
			assert.Equal(t, pre, r.offset(), "%q: nothing consumed", in)
		}
	}
}

func TestReaderRopID(t *testing.T) {
	op := func(want uint8) func(r *reader) (any, error) {
		return func(r *reader) (any, error) { return nil, r.ropID(want) }
	}
	runReadCases(t, []readCase{
		{name: "match", in: []byte{0xFE, 0x01}, op: op(0xFE), wantOff: 1},
		{name: "match mid", in: []byte{0x00, 0xFE}, pre: 1, op: op(0xFE), wantOff: 2},
		{name: "mismatch", in: []byte{0x02, 0x01}, op: op(0xFE), err: ErrWrongRopID, field: "RopId"},
		{name: "mismatch mid", in: []byte{0xFE, 0xFF}, pre: 1, op: op(0xFE), err: ErrWrongRopID, field: "RopId", errOff: 1},
		{name: "empty", in: nil, op: op(0xFE), err: io.ErrUnexpectedEOF, field: "RopId"},
	})
	r := testReader([]byte{0x02}, "RopLogon", nil)
	err := r.ropID(0xFE)
	if want := "codec: RopLogon: RopId at offset 0: unexpected RopId 0x02, want 0xFE"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestReaderArrayLen(t *testing.T) {
	op := func(n, min int) func(r *reader) (any, error) {
		return func(r *reader) (any, error) { return r.arrayLen(n, min, "Items") }
	}
	in := make([]byte, 17)
	runReadCases(t, []readCase{
		{name: "zero", in: nil, op: op(0, 8), want: 0},
		{name: "fits exactly", in: in, pre: 1, op: op(2, 8), want: 2, wantOff: 1},
		{name: "fits loosely", in: in, op: op(2, 8), want: 2},
		{name: "min 0 counts as 1", in: in, op: op(17, 0), want: 17},
		{name: "min negative counts as 1", in: in, op: op(17, -5), want: 17},
		{name: "too many", in: in, pre: 2, op: op(2, 8), err: io.ErrUnexpectedEOF, field: "Items", errOff: 2},
		{name: "too many bytes", in: in, op: op(18, 1), err: io.ErrUnexpectedEOF, field: "Items"},
		{name: "huge", in: in, op: op(1<<62, 8), err: io.ErrUnexpectedEOF, field: "Items"},
		{name: "huge elem", in: in, op: op(1, 1<<62), err: io.ErrUnexpectedEOF, field: "Items"},
		{name: "max u16 count", in: in, op: op(0xFFFF, 1), err: io.ErrUnexpectedEOF, field: "Items"},
		{name: "negative", in: in, op: op(-1, 1), err: io.ErrUnexpectedEOF, field: "Items"},
	})
}

func TestReaderEnd(t *testing.T) {
	op := func(r *reader) (any, error) { return nil, r.end() }
	runReadCases(t, []readCase{
		{name: "empty", in: nil, op: op},
		{name: "all consumed", in: []byte{1, 2}, pre: 2, op: op, wantOff: 2},
		{name: "trailing", in: []byte{1, 2, 3}, pre: 1, op: op, err: ErrTrailingBytes, errOff: 1},
	})
	r := testReader([]byte{1, 2, 3}, "RopLogon", nil)
	if err := r.end(); err == nil || err.Error() != "codec: RopLogon at offset 0: trailing bytes after message (3 bytes)" {
		t.Errorf("end() = %v", err)
	}
}

// TestReaderSequence decodes several fields in a row and checks that the
// offsets in errors are absolute.
func TestReaderSequence(t *testing.T) {
	in := []byte{0xFE, 0x07, 0x78, 0x04, 0x00, 0x00, 0x05, 0x05, 'B', 'e', 't', 'a', 0}
	r := testReader(in, "RopLogon", nil)
	require.NoError(t, r.ropID(0xFE))
	h, hOff, _ := r.field(1, "OutputHandleIndex")
	rv, rvOff, _ := r.field(4, "ReturnValue")
	fl, _, _ := r.field(1, "LogonFlags")
	size, _, _ := r.field(1, "ServerNameSize")
	name, err := r.ascii(int(size[0]), "ServerName")
	if err != nil || h[0] != 7 || hOff != 1 || binary.LittleEndian.Uint32(rv) != 0x478 || rvOff != 2 || fl[0] != 5 || name != "Beta" || r.end() != nil {
		t.Fatalf("got % X %d % X %d % X %q %v", h, hOff, rv, rvOff, fl, name, err)
	}
	r = testReader(in[:12], "RopLogon", nil)
	r.off = 8
	_, err = r.ascii(5, "ServerName")
	checkDecodeError(t, err, io.ErrUnexpectedEOF, "RopLogon", "ServerName", 8)
}

func TestReaderAllocs(t *testing.T) {
	in := []byte{0xFE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 'B', 'e', 't', 'a', 0, 0}
	var sink uint64
	if n := testing.AllocsPerRun(100, func() {
		r := testReader(in, "RopLogon", nil)
		_ = r.ropID(0xFE)
		a, _, _ := r.field(1, "A")
		b, _, _ := r.field(2, "B")
		c, _, _ := r.field(4, "C")
		sink += uint64(a[0]) + uint64(b[1]) + uint64(c[3])
		_, _ = r.arrayLen(1, 1, "E")
		r = testReader(in, "RopLogon", nil)
		p, _, _ := r.field(16, "G")
		sink += uint64(p[0])
		r = testReader(in[21:], "RopLogon", nil)
		_, _ = r.ascii(1, "Empty")
		_ = r.end()
	}); n != 0 {
		t.Errorf("integer and fixed reads: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		r := testReader(in, "RopLogon", nil)
		r.off = 16
		s, _ := r.ascii(5, "ServerName")
		sink += uint64(len(s))
	}); n > 1 {
		t.Errorf("ascii: %v allocs, want <= 1", n)
	}
	_ = sink
}

// FuzzReaderASCII checks that ascii never panics, that its errors are
// well-formed, and that whatever it accepts appendASCIIZ writes back byte for
// byte. It also checks the opposite direction: a string appendASCIIZ accepts
// decodes to itself.
func FuzzReaderASCII(f *testing.F) {
	f.Add([]byte("Beta\x00"), 5)
	f.Add([]byte("/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=Beta\x00"), 110)
	f.Add([]byte{0}, 1)
	f.Add([]byte{}, 0)
	f.Add([]byte("ab"), 3)
	f.Add([]byte("a\x00b\x00"), 4)
	f.Add([]byte("\xe9t\xe9\x00"), 4)
	f.Add([]byte("abc\x00rest"), 4)
	f.Add([]byte("abcd"), 4)
	f.Add([]byte("x"), -1)
	f.Fuzz(func(t *testing.T, data []byte, size int) {
		r := testReader(data, "RopFuzz", nil)
		s, err := r.ascii(size, "S")
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.ROP != "RopFuzz" || de.Field != "S" {
				t.Fatalf("bad error %T %v", err, err)
			}
			if de.Offset < 0 || de.Offset > len(data) || (size > 0 && de.Offset >= size && de.Offset != 0) {
				t.Fatalf("offset %d out of range (len %d, size %d)", de.Offset, len(data), size)
			}
			kinds := 0
			for _, k := range []error{ErrZeroSize, io.ErrUnexpectedEOF, ErrMissingNUL, ErrSizeMismatch, ErrNotASCII} {
				if errors.Is(err, k) {
					kinds++
				}
			}
			if kinds != 1 {
				t.Fatalf("error %v matches %d kinds", err, kinds)
			}
			if r.offset() != 0 {
				t.Fatalf("failed ascii consumed %d bytes", r.offset())
			}
		} else {
			if r.offset() != size || len(s) != size-1 {
				t.Fatalf("consumed %d, len %d, size %d", r.offset(), len(s), size)
			}
			out, err := appendASCIIZ(make([]byte, 0, size), s, size, "RopFuzz", "S")
			if err != nil {
				t.Fatalf("appendASCIIZ refused what ascii accepted: %v", err)
			}
			if !bytes.Equal(out, data[:size]) {
				t.Fatalf("re-encoded %q, read %q", out, data[:size])
			}
		}

		// The other direction: data as a string to encode.
		str := string(data)
		out, err := appendASCIIZ(nil, str, len(str)+1, "RopFuzz", "S")
		if err != nil {
			var ee *EncodeError
			if !errors.As(err, &ee) || ee.ROP != "RopFuzz" || ee.Field != "S" ||
				!(errors.Is(err, ErrEmbeddedNUL) || errors.Is(err, ErrNotASCII)) {
				t.Fatalf("bad encode error %T %v", err, err)
			}
			if out != nil {
				t.Fatalf("failed append returned %q", out)
			}
			return
		}
		r = testReader(out, "RopFuzz", nil)
		back, err := r.ascii(len(out), "S")
		if err != nil || back != str || r.end() != nil {
			t.Fatalf("decode(encode(%q)) = %q, %v", str, back, err)
		}
	})
}

// FuzzReaderArrayLen checks that arrayLen never panics and never accepts a
// count the input cannot hold: after it succeeds, reading n elements of
// minElemSize bytes each must succeed.
func FuzzReaderArrayLen(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, 0, 1, 8)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 8)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, 0, 2, 4)
	f.Add([]byte{}, 0, 0, 0)
	f.Add([]byte{}, 0, 0xFFFF, 0)
	f.Add([]byte{1}, 0, -1, 1)
	f.Add([]byte{1, 2}, 0, 1<<62, 1<<62)
	f.Add(make([]byte, 100), 3, 13, 8)
	f.Fuzz(func(t *testing.T, data []byte, pre, n, minElem int) {
		r := testReader(data, "RopFuzz", nil)
		if pre < 0 || pre > len(data) {
			pre = 0
		}
		r.off = pre
		got, err := r.arrayLen(n, minElem, "Items")
		if err != nil {
			checkDecodeError(t, err, io.ErrUnexpectedEOF, "RopFuzz", "Items", pre)
			if n >= 0 && minElem >= 1 && n <= (len(data)-pre)/minElem {
				t.Fatalf("refused n=%d min=%d with %d bytes left", n, minElem, len(data)-pre)
			}
			return
		}
		if got != n || r.offset() != pre {
			t.Fatalf("arrayLen = %d (off %d), want %d (off %d)", got, r.offset(), n, pre)
		}
		m := max(minElem, 1) // when got > 0, m <= len(data)
		for i := 0; i < got; i++ {
			if _, _, err := r.field(m, "Item"); err != nil {
				t.Fatalf("element %d of %d (size %d) failed after arrayLen accepted: %v", i, got, m, err)
			}
		}
	})
}

// testReader returns a reader over b whose errors name rop.
func testReader(b []byte, rop string, d *Decoder) *reader {
	r := new(reader)
	r.init(b, rop, d)
	return r
}
