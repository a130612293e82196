package codec

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendASCIIZ(t *testing.T) {
	tests := []struct {
		name    string
		s       string
		maxSize int
		want    []byte
		err     error
	}{
		{name: "simple", s: "Beta", maxSize: 255, want: []byte("Beta\x00")},
		{name: "empty", s: "", maxSize: 255, want: []byte{0}},
		{name: "empty max 1", s: "", maxSize: 1, want: []byte{0}},
		{name: "exact fit", s: "abcd", maxSize: 5, want: []byte("abcd\x00")},
		{name: "u8 limit", s: strings.Repeat("x", 254), maxSize: 0xFF, want: append(bytes.Repeat([]byte("x"), 254), 0)},
		{name: "all ASCII", s: string(asciiRange()), maxSize: 0xFFFF, want: append(asciiRange(), 0)},
		{name: "too long by one", s: "abcde", maxSize: 5, err: ErrTooLong},
		{name: "u8 limit exceeded", s: strings.Repeat("x", 255), maxSize: 0xFF, err: ErrTooLong},
		{name: "max 0", s: "", maxSize: 0, err: ErrTooLong},
		{name: "max negative", s: "", maxSize: -1, err: ErrTooLong},
		{name: "embedded NUL", s: "Be\x00ta", maxSize: 255, err: ErrEmbeddedNUL},
		{name: "trailing NUL", s: "Beta\x00", maxSize: 255, err: ErrEmbeddedNUL},
		{name: "non-ASCII", s: "Bêta", maxSize: 255, err: ErrNotASCII},
		{name: "0x80", s: "\x80", maxSize: 255, err: ErrNotASCII},
		{name: "too long wins", s: "\x00\x80", maxSize: 2, err: ErrTooLong},
		{name: "first bad byte wins", s: "a\x80\x00", maxSize: 9, err: ErrNotASCII},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte{0xFE, 0x01}
			b := append(make([]byte, 0, 512), prefix...)
			got, err := appendASCIIZ(b, tt.s, tt.maxSize, "RopLogon", "Essdn")
			if tt.err == nil {
				require.NoError(t, err)
				assert.Equal(t, append(bytes.Clone(prefix), tt.want...), got)
				return
			}
			var ee *EncodeError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, [2]string{"RopLogon", "Essdn"}, [2]string{ee.ROP, ee.Field})
			assert.ErrorIs(t, err, tt.err)
			for _, k := range []error{ErrTooLong, ErrEmbeddedNUL, ErrNotASCII} {
				if k != tt.err {
					assert.NotErrorIs(t, err, k, "only one failure kind")
				}
			}
			assert.Equal(t, prefix, got, "a failed append returns its input")
		})
	}
}

func TestAppendASCIIZMessage(t *testing.T) {
	_, err := appendASCIIZ(nil, "Bêta", 255, "RopLogon", "ServerName")
	assert.EqualError(t, err, "codec: RopLogon: ServerName: cannot encode: non-ASCII byte in ASCII string 0xC3 at index 1")
}

func TestWriterAllocs(t *testing.T) {
	buf := make([]byte, 0, 512)
	var g GUID
	if n := testing.AllocsPerRun(100, func() {
		b := buf[:0]
		b = append(b, 0xFE, 0x01)
		b = binary.LittleEndian.AppendUint32(b, 0x478)
		b = binary.LittleEndian.AppendUint16(b, 5)
		b = binary.LittleEndian.AppendUint64(b, 1<<60)
		b = append(b, g[:]...)
		b, err := appendASCIIZ(b, "/o=First Organization/cn=Beta", 0xFFFF, "RopLogon", "Essdn")
		if err != nil || len(b) != 2+4+2+8+16+30 {
			t.Fatalf("len %d, %v", len(b), err)
		}
	}); n != 0 {
		t.Errorf("encoding into a buffer with capacity: %v allocs, want 0", n)
	}
}
