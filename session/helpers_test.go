package session

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// archived is one call of a session archive: its input and output buffers,
// nil when the archive has none.
type archived struct{ in, out []byte }

// loadSession reads testdata/NAME.txtar: the calls callN.in.hex and
// callN.out.hex, N from 0, in order.
func loadSession(t testing.TB, name string) []archived {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
	require.NoError(t, err)
	var calls []archived
	for _, f := range ar.Files {
		var n int
		var side string
		_, err := fmt.Sscanf(strings.Replace(f.Name, ".", " ", -1), "call%d %s hex", &n, &side)
		require.NoError(t, err, "%s: want callN.in.hex or callN.out.hex", f.Name)
		for len(calls) <= n {
			calls = append(calls, archived{})
		}
		b, err := testvec.ParseHex(f.Data)
		require.NoError(t, err, f.Name)
		switch side {
		case "in":
			calls[n].in = b
		case "out":
			calls[n].out = b
		default:
			t.Fatalf("%s: want callN.in.hex or callN.out.hex", f.Name)
		}
	}
	require.NotEmpty(t, calls, name)
	return calls
}

// play runs the calls of a session through a new Decoder, requiring each to
// decode without error.
func play(t testing.TB, calls []archived) (*Decoder, []*Call) {
	t.Helper()
	d := NewDecoder(Limits{})
	var out []*Call
	for _, c := range calls {
		out = append(out, playOne(t, d, c))
	}
	return d, out
}

// playOne runs one call through d, requiring it to decode without error.
func playOne(t testing.TB, d *Decoder, c archived) *Call {
	t.Helper()
	got, err := d.Call(c.in, c.out)
	require.NoError(t, err, "call %d", d.calls-1)
	return got
}
