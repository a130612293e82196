package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
)

// decodeRun runs decode with args and the bytes b in hex.
func decodeRun(t *testing.T, b []byte, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	var out, errOut bytes.Buffer
	exit = run(append(append([]string{"decode"}, args...), fmt.Sprintf("%X", b)), nil, &out, &errOut)
	return out.String(), errOut.String(), exit
}

// unsupportedFrom returns the lowest RopId from min up that the codec's
// registry has no ROP for.
func unsupportedFrom(t *testing.T, min int) uint8 {
	t.Helper()
	for id := min; id < 256; id++ {
		if codec.LookupROP(uint8(id)) == nil {
			return uint8(id)
		}
	}
	t.Fatalf("the registry has a ROP for every RopId from 0x%02X", min)
	return 0
}

// TestDetectFurthest is the first example of issue 12: three valid
// responses, then a RopId the registry lacks. The reading of responses got
// furthest and is shown with its three ROPs, stopped at the fourth for its
// RopId, rather than the reading of requests, which fails inside the first
// ROP (at offset 14, where the command used to report it).
func TestDetectFurthest(t *testing.T) {
	id := unsupportedRopID(t)
	failure := []byte{0xFE, 0x00, 0xF2, 0x03, 0x00, 0x00} // RopLogon failure response, ecLoginPerm
	in := append(bytes.Repeat(failure, 3), id, 0x00, 0x00)
	stdout, stderr, exit := decodeRun(t, in)
	assert.Equal(t, 1, exit)
	assert.Equal(t, 3, strings.Count(stdout, "RopLogon failure response (RopId 0xFE, 6 bytes"), stdout)
	assert.Contains(t, stdout, fmt.Sprintf("[3] RopId 0x%02X at offset 18: not a ROP this command decodes", id))
	assert.True(t, strings.HasPrefix(stderr, fmt.Sprintf("ropcodec decode: offset 18: RopId 0x%02X is not a ROP this command decodes\n", id)), stderr)
	assert.NotContains(t, stdout+stderr, "offset 14")
}

// TestDetectSetColumnsRequest is the second example of issue 12: a
// RopSetColumns request (the three columns of the [MS-OXORULE] 4.2.1
// example) was shown as an input buffer holding a RopRelease whose
// InputHandleIndex was a byte of a property tag. That reading names handle
// 3 of a table of none, so it loses; what is shown depends on whether the
// registry has RopSetColumns' request layout.
func TestDetectSetColumnsRequest(t *testing.T) {
	in := []byte{0x12, 0x00, 0x01, 0x00, 0x03, 0x00, 0x14, 0x00, 0x74, 0x66, 0x02, 0x01, 0x84, 0x66, 0x1F, 0x00, 0x82, 0x66}
	stdout, stderr, exit := decodeRun(t, in)
	assert.NotContains(t, stdout, "RopRelease")
	ri := codec.LookupROP(in[0])
	require.NotNil(t, ri, "RopSetColumns is in the registry")
	if ri.Request != nil {
		assert.Equal(t, 0, exit, stderr)
		assert.True(t, strings.HasPrefix(stdout, "RopSetColumns request (RopId 0x12, 18 bytes)\n"), stdout)
		return
	}
	assert.Equal(t, 1, exit)
	assert.Equal(t, "RopSetColumns request (18 bytes): no request layout in this command\n", stdout)

	// Read as an input buffer on purpose, the RopRelease is shown with
	// its doubt.
	stdout, _, _ = decodeRun(t, in, "--as", "buffer", "--request")
	assert.Contains(t, stdout, "Doubt:            InputHandleIndex 3 is outside the handle table of 0")
}

// TestDetectUnknownFirst is the third example of issue 12: 05 00 00 01 00
// (a RopGetContentsTable request) was reported as an output buffer error at
// offset 2 instead of as RopId 0x05 at offset 0. RopGetContentsTable may
// decode now, so the same bytes are built around a RopId the registry
// lacks, from 5 up so that the bytes can frame a buffer whose RopSize is
// their length: then the RopId at offset 0 is reported, with no direction,
// since no ROP tells.
func TestDetectUnknownFirst(t *testing.T) {
	require.Nil(t, codec.LookupROP(0x00), "RopId 0x00 names no ROP")
	id := unsupportedFrom(t, 5)
	in := make([]byte, int(id))
	copy(in, []byte{id, 0x00, 0x00, 0x01, 0x00})
	stdout, stderr, exit := decodeRun(t, in)
	assert.Equal(t, 1, exit)
	assert.Equal(t, fmt.Sprintf("RopId 0x%02X (%d bytes): not a ROP this command decodes\n", id, len(in)), stdout)
	assert.True(t, strings.HasPrefix(stderr, fmt.Sprintf("ropcodec decode: offset 0: RopId 0x%02X is not a ROP this command decodes\n", id)), stderr)

	stdout, _, _ = decodeRun(t, in, "--json")
	var got struct {
		Decoded struct {
			Kind, Direction string
			Stop            struct {
				Kind   string
				Offset int
				RopID  int `json:"rop_id"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	assert.Equal(t, "list", got.Decoded.Kind)
	assert.Equal(t, "unknown", got.Decoded.Direction)
	assert.Equal(t, "unsupported", got.Decoded.Stop.Kind)
	assert.Equal(t, int(id), got.Decoded.Stop.RopID)
}

// TestDetectEmptyBuffer checks that bytes that frame a ROP buffer with an
// empty RopsList are not shown as one: such a buffer explains nothing.
func TestDetectEmptyBuffer(t *testing.T) {
	stdout, _, exit := decodeRun(t, []byte{0x02, 0x00})
	assert.Equal(t, 1, exit)
	assert.NotContains(t, stdout, "buffer", stdout)
}

// TestDetectLogonId checks the LogonId rule: a RopRelease on a logon that
// the list's RopLogon does not open makes the list implausible, and the
// same list on the logon it opens is plausible.
func TestDetectLogonId(t *testing.T) {
	logon := []byte{0xFE, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00} // LogonId 0, private, no Essdn
	stdout, stderr, exit := decodeRun(t, append(logon, 0x01, 0x00, 0x01))
	assert.Equal(t, 0, exit, stderr)
	assert.True(t, strings.HasPrefix(stdout, "RopsList of requests (17 bytes)\n"), stdout)

	_, stderr, exit = decodeRun(t, append(logon, 0x01, 0x01, 0x01))
	assert.Equal(t, 1, exit)
	assert.Contains(t, stderr, "offset 14: RopRelease request: LogonId 1 names no logon that a RopLogon request of this list opens")

	// The rule is a guess at the reading meant: a reading chosen by the
	// flags is shown without it.
	_, stderr, exit = decodeRun(t, append(logon, 0x01, 0x01, 0x01), "--as", "list", "--request")
	assert.Equal(t, 0, exit, stderr)
}

// TestDetectHandleTable checks that a buffer reading whose ROPs name
// handles inside their table is plausible, and one that names a handle
// past it is not.
func TestDetectHandleTable(t *testing.T) {
	release := func(handle byte, handles int) []byte {
		b := []byte{0x05, 0x00, 0x01, 0x00, handle}
		return append(b, make([]byte, 4*handles)...)
	}
	stdout, stderr, exit := decodeRun(t, release(1, 2))
	assert.Equal(t, 0, exit, stderr)
	assert.True(t, strings.HasPrefix(stdout, "ROP input buffer (13 bytes)\n"), stdout)

	stdout, _, exit = decodeRun(t, release(2, 2))
	assert.Equal(t, 1, exit)
	assert.NotContains(t, stdout, "ROP input buffer", "handle 2 of a table of 2")
}
