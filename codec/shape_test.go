package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

// sampleRedirect is written the way cmd/gen is expected to write a message:
// {RopId u8=0xFE; OutputHandleIndex u8; ReturnValue u32; LogonFlags u8;
// ServerNameSize u8; ServerName asciiz(ServerNameSize)} ([MS-OXCROPS]
// 2.2.3.1.4). It exercises the primitives together; it is not the real
// generated type.
type sampleRedirect struct {
	OutputHandleIndex uint8
	ReturnValue       uint32
	LogonFlags        uint8
	ServerName        string
}

func decodeSampleRedirect(b []byte) (v sampleRedirect, n int, err error) {
	r := newReader(b, "RopLogon")
	if err = r.ropID(0xFE); err != nil {
		return v, 0, err
	}
	if v.OutputHandleIndex, err = r.u8("OutputHandleIndex"); err != nil {
		return v, 0, err
	}
	if v.ReturnValue, err = r.u32("ReturnValue"); err != nil {
		return v, 0, err
	}
	if v.LogonFlags, err = r.u8("LogonFlags"); err != nil {
		return v, 0, err
	}
	serverNameSize, err := r.u8("ServerNameSize")
	if err != nil {
		return v, 0, err
	}
	if v.ServerName, err = r.ascii(int(serverNameSize), "ServerName"); err != nil {
		return v, 0, err
	}
	return v, r.offset(), nil
}

func (v *sampleRedirect) UnmarshalBinary(b []byte) error {
	x, n, err := decodeSampleRedirect(b)
	if err != nil {
		return err
	}
	r := newReader(b, "RopLogon")
	r.off = n
	if err := r.end(); err != nil {
		return err
	}
	*v = x
	return nil
}

func (v *sampleRedirect) AppendBinary(b []byte) ([]byte, error) {
	if err := checkASCIIZ(v.ServerName, 0xFF, "RopLogon", "ServerName"); err != nil {
		return b, err
	}
	b = append(b, 0xFE, v.OutputHandleIndex)
	b = binary.LittleEndian.AppendUint32(b, v.ReturnValue)
	b = append(b, v.LogonFlags, uint8(len(v.ServerName)+1))
	return appendASCIIZ(b, v.ServerName, 0xFF, "RopLogon", "ServerName")
}

var sampleGolden = []byte{
	0xFE,                   // RopId
	0x00,                   // OutputHandleIndex
	0x78, 0x04, 0x00, 0x00, // ReturnValue ecWrongServer
	0x01,                     // LogonFlags Private
	0x05,                     // ServerNameSize
	'B', 'e', 't', 'a', 0x00, // ServerName at offset 8
}

func TestSampleShapeGolden(t *testing.T) {
	v, n, err := decodeSampleRedirect(append(sampleGolden, 0xAA, 0xBB))
	want := sampleRedirect{ReturnValue: 0x478, LogonFlags: 1, ServerName: "Beta"}
	if err != nil || n != len(sampleGolden) || v != want {
		t.Fatalf("decode = %+v, %d, %v", v, n, err)
	}
	out, err := v.AppendBinary(nil)
	if err != nil || !bytes.Equal(out, sampleGolden) {
		t.Fatalf("encode = % X, %v", out, err)
	}
	var u sampleRedirect
	if err := u.UnmarshalBinary(sampleGolden); err != nil || u != want {
		t.Fatalf("UnmarshalBinary = %+v, %v", u, err)
	}
	err = u.UnmarshalBinary(append(sampleGolden, 0xAA))
	checkDecodeError(t, err, ErrTrailingBytes, "RopLogon", "", 13)
}

func TestSampleShapeErrors(t *testing.T) {
	fieldAt := []string{"RopId", "OutputHandleIndex", "ReturnValue", "ReturnValue", "ReturnValue", "ReturnValue",
		"LogonFlags", "ServerNameSize", "ServerName", "ServerName", "ServerName", "ServerName", "ServerName"}
	offAt := []int{0, 1, 2, 2, 2, 2, 6, 7, 8, 8, 8, 8, 8}
	for cut := 0; cut < len(sampleGolden); cut++ {
		_, _, err := decodeSampleRedirect(sampleGolden[:cut])
		checkDecodeError(t, err, io.ErrUnexpectedEOF, "RopLogon", fieldAt[cut], offAt[cut])
	}
	bad := func(i int, c byte) []byte {
		b := bytes.Clone(sampleGolden)
		b[i] = c
		return b
	}
	_, _, err := decodeSampleRedirect(bad(12, 'x'))
	checkDecodeError(t, err, ErrMissingNUL, "RopLogon", "ServerName", 8)
	if err.Error() != "codec: RopLogon: ServerName at offset 8: missing NUL terminator" {
		t.Errorf("message %q", err)
	}
	_, _, err = decodeSampleRedirect(bad(0, 0x01))
	checkDecodeError(t, err, ErrWrongRopID, "RopLogon", "RopId", 0)
	_, _, err = decodeSampleRedirect(bad(7, 0))
	checkDecodeError(t, err, ErrZeroSize, "RopLogon", "ServerName", 8)
	_, _, err = decodeSampleRedirect(bad(10, 0))
	checkDecodeError(t, err, ErrSizeMismatch, "RopLogon", "ServerName", 10)
	_, _, err = decodeSampleRedirect(bad(9, 0xE9))
	checkDecodeError(t, err, ErrNotASCII, "RopLogon", "ServerName", 9)

	long := sampleRedirect{ServerName: string(bytes.Repeat([]byte("x"), 255))}
	prefix := []byte{1, 2, 3}
	out, err := long.AppendBinary(prefix)
	if !errors.Is(err, ErrTooLong) || !bytes.Equal(out, prefix) {
		t.Errorf("AppendBinary(too long) = % X, %v", out, err)
	}
}

func TestSampleShapeAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	v := sampleRedirect{ReturnValue: 0x478, ServerName: "Beta"}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := v.AppendBinary(buf[:0]); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("AppendBinary: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, _, err := decodeSampleRedirect(sampleGolden); err != nil {
			t.Fatal(err)
		}
	}); n > 1 {
		t.Errorf("decode: %v allocs, want <= 1 (the ServerName string)", n)
	}
}

// FuzzSampleShape applies the property the generated fuzz targets will use:
// decode, re-encode, decode again, equal; and the re-encoding equals the bytes
// consumed.
func FuzzSampleShape(f *testing.F) {
	f.Add(sampleGolden)
	f.Add(sampleGolden[:9])
	f.Add([]byte{0xFE, 0, 0, 0, 0, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n, err := decodeSampleRedirect(b)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Offset < 0 || de.Offset > len(b) {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		out, err := v.AppendBinary(nil)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if !bytes.Equal(out, b[:n]) {
			t.Fatalf("re-encoded % X, consumed % X", out, b[:n])
		}
		v2, n2, err := decodeSampleRedirect(out)
		if err != nil || n2 != len(out) || v2 != v {
			t.Fatalf("second decode %+v, %d, %v", v2, n2, err)
		}
	})
}
