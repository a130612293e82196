package ldapreconnect_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// readerConn is a net.Conn that reads from r.
type readerConn struct {
	net.Conn
	r io.Reader
}

func (c readerConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// FuzzNetTransportReceive: whatever the stream, Receive returns whole
// messages that are exactly the stream's bytes, in order, and otherwise a
// typed error (ErrMalformed, io.EOF, io.ErrUnexpectedEOF); it never panics.
func FuzzNetTransportReceive(f *testing.F) {
	f.Add([]byte{0x30, 0x84, 0x04, 0x00, 0x00, 0x00})             // announces MaxMessageSize, sends nothing
	f.Add([]byte{0x30, 0x84, 0x04, 0x00, 0x00, 0x01})             // one byte over MaxMessageSize
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x01, 0x30, 0x00})       // two messages
	f.Add([]byte{0x30, 0x81, 0x03, 0x02, 0x01, 0x01, 0x30, 0x80}) // long form, then an indefinite length
	f.Fuzz(func(t *testing.T, stream []byte) {
		tr := ldapreconnect.NewNetTransport(readerConn{r: bytes.NewReader(stream)})
		var got []byte
		for {
			msg, err := tr.Receive()
			if err != nil {
				if !errors.Is(err, ldapreconnect.ErrMalformed) && err != io.EOF && err != io.ErrUnexpectedEOF {
					t.Fatalf("untyped error %v", err)
				}
				break
			}
			got = append(got, msg...)
		}
		if !bytes.HasPrefix(stream, got) {
			t.Fatalf("messages % x are not the start of the stream % x", got, stream)
		}
	})
}
