package ldapreconnect

import (
	"testing"

	"github.com/ropcodec/ropcodec/errors"
)

// FuzzParseMessage: the response reader never panics, and what
// appendServerDown writes reads back as the same message.
func FuzzParseMessage(f *testing.F) {
	f.Add(appendServerDown(nil, 5, opSearchResDone))
	f.Add([]byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0x30, 0x05, 0x02, 0x01, 0x01, 0x42, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := parseMessage(b); err == nil && isResult(m.op) {
			parseResult(m.body)
		}
		hasNotificationControl(b)
		if len(b) < 4 {
			return
		}
		id := int64(b[0])<<24&0x7f000000 | int64(b[1])<<16 | int64(b[2])<<8 | int64(b[3])
		msg := appendServerDown(nil, id, opExtendedResp)
		m, err := parseMessage(msg)
		if err != nil || m.id != id || m.op != opExtendedResp {
			t.Fatalf("% x: %+v %v", msg, m, err)
		}
		code, dn, diag, err := parseResult(m.body)
		if err != nil || errors.LDAPResult(code) != errors.LDAP_SERVER_DOWN || dn != "" || diag != "" {
			t.Fatalf("% x: %d %q %q %v", msg, code, dn, diag, err)
		}
	})
}
