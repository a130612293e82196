package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// TestSessionFromFiles checks that two or more @FILE operands are read as a
// session, one buffer a file, as --session reads them (and so refuse
// --logon, as --session does), and that one @FILE operand is not.
func TestSessionFromFiles(t *testing.T) {
	var args, stdout string
	for _, c := range loadGolden(t) {
		if filepath.Base(c.path) == "decode-session-odd.txtar" {
			args = strings.Join(c.args, " ")
			for _, f := range c.arch.Files {
				if f.Name == "stdout" {
					stdout = string(f.Data)
				}
			}
		}
	}
	require.NotEmpty(t, stdout, "testdata/decode-session-odd.txtar")
	words := strings.Fields(args)
	require.Equal(t, []string{"decode", "--session"}, words[:2])
	dir := t.TempDir()
	fileArgs := []string{"decode"}
	for i, hex := range words[2:] {
		name := filepath.Join(dir, string(rune('a'+i)))
		require.NoError(t, os.WriteFile(name, []byte(hex+"\n"), 0o666))
		fileArgs = append(fileArgs, "@"+name)
	}
	var out, errOut bytes.Buffer
	code := run(fileArgs, nil, &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	assert.Equal(t, stdout, out.String())

	out.Reset()
	errOut.Reset()
	code = run(append([]string{"decode", "--logon", "public"}, fileArgs[1:]...), nil, &out, &errOut)
	assert.Equal(t, 2, code, "--logon with a session of files")
	assert.Contains(t, errOut.String(), "--logon gives the kind of every logon outside a session")

	out.Reset()
	code = run(fileArgs[:2], nil, &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	assert.NotContains(t, out.String(), "Session of")
	assert.True(t, sessionOperands([]string{"@a", "@b"}))
	assert.False(t, sessionOperands([]string{"@a", "FE"}))
	assert.False(t, sessionOperands([]string{"@a"}))
}

// TestSessionFromHTTPMessages reads the HTTP messages of the golden runs
// decode-http-execute-request and decode-http-execute-response, a MAPI/HTTP
// Execute request and its response, as the two buffers of a session: the
// RopLogon request is answered by its redirect response, as in the
// session of the HAR file that carries the same bodies.
func TestSessionFromHTTPMessages(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for _, c := range loadGolden(t) {
		for _, name := range []string{"decode-http-execute-request.txtar", "decode-http-execute-response.txtar"} {
			if filepath.Base(c.path) != name {
				continue
			}
			for _, f := range c.arch.Files {
				if f.Name == "file" {
					p := filepath.Join(dir, name)
					require.NoError(t, os.WriteFile(p, f.Data, 0o666))
					args = append(args, "@"+p)
				}
			}
		}
	}
	require.Len(t, args, 2)
	slices.Sort(args) // the request before the response
	var out, errOut bytes.Buffer
	code := run(append([]string{"decode"}, args...), nil, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	text := out.String()
	assert.Contains(t, text, "Input:  operand 1, an HTTP message: RopsList 112 bytes")
	assert.Contains(t, text, "Output: operand 2, an HTTP message: RopsList 117 bytes")
	assert.Contains(t, text, "RopLogon redirect response (RopId 0xFE, 117 bytes at offset 0)")
	assert.Contains(t, text, "RopRelease request (RopId 0x01, 3 bytes at offset 109)")
}

// TestSessionFromExecuteBodies gives the two buffers of the session of the
// golden run decode-session-rules as bare MAPI/HTTP Execute bodies, as hex:
// they are told from ROP buffers, and the session is the same.
func TestSessionFromExecuteBodies(t *testing.T) {
	var words []string
	for _, c := range loadGolden(t) {
		if filepath.Base(c.path) == "decode-session-rules.txtar" {
			words = c.args[2:]
		}
	}
	require.Len(t, words, 2)
	in, err := parseHex(words[0])
	require.NoError(t, err)
	out, err := parseHex(words[1])
	require.NoError(t, err)
	req, err := mapihttp.NewExecuteRequest(in, 0, 0x10008, nil)
	require.NoError(t, err)
	reqBody, err := req.MarshalBinary()
	require.NoError(t, err)
	framed, err := codec.AppendRPCPayload(nil, out, codec.HeaderLast)
	require.NoError(t, err)
	respBody, err := (&codec.ExecuteSuccessResponseBody{RopBuffer: framed}).MarshalBinary()
	require.NoError(t, err)

	var stdout, stderr bytes.Buffer
	code := run([]string{"decode", "--session", fmt.Sprintf("%X", reqBody), fmt.Sprintf("%X", respBody)}, nil, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "Input:  operand 1, a MAPI/HTTP Execute body: RopsList 30 bytes")
	assert.Contains(t, stdout.String(), "PidTagRuleName:         PtypString \"Project X\"")
}

// FuzzSession runs decode --session on two fuzzed buffers, in text and in
// JSON, as checkRun checks the other input paths: no panic, exit 0, 1 or 2
// with an error exactly when not 0, lines within the width of a terminal,
// allocation within allocBound. It is seeded with the buffers of the session
// golden runs.
func FuzzSession(f *testing.F) {
	for _, c := range loadGolden(f) {
		if !strings.HasPrefix(filepath.Base(c.path), "decode-session-") || len(c.args) < 4 || c.args[1] != "--session" {
			continue
		}
		for i := 2; i+1 < len(c.args); i += 2 {
			in, err1 := parseHex(c.args[i])
			out, err2 := parseHex(c.args[i+1])
			if err1 == nil && err2 == nil {
				f.Add(in, out, false)
			}
		}
	}
	f.Fuzz(func(t *testing.T, in, out []byte, json bool) {
		if len(in) == 0 || len(out) == 0 {
			return
		}
		args := []string{"decode", "--session", fmt.Sprintf("%X", in), fmt.Sprintf("%X", out)}
		if json {
			args = append(args, "--json")
		}
		checkRun(t, len(in)+len(out), func(stdout, stderr io.Writer) int { return run(args, nil, stdout, stderr) })
	})
}

// TestSessionBadExecuteBodies gives a session the HTTP messages of an
// Execute request and response whose bodies are cut short: each operand
// carries no buffer, and the call's error is the request body's, which
// names its operand. The input is read as the first operand was: an HTTP
// message whose body is binary.
func TestSessionBadExecuteBodies(t *testing.T) {
	dir := t.TempDir()
	req := filepath.Join(dir, "req")
	resp := filepath.Join(dir, "resp")
	require.NoError(t, os.WriteFile(req, []byte("POST /mapi/emsmdb/ HTTP/1.1\r\nX-RequestType: Execute\r\n"+
		"Content-Type: application/mapi-http\r\nContent-Length: 3\r\n\r\n\x00\x00\x00"), 0o666))
	require.NoError(t, os.WriteFile(resp, []byte("HTTP/1.1 200 OK\r\nX-RequestType: Execute\r\nX-ResponseCode: 0\r\n"+
		"Content-Type: application/mapi-http\r\nContent-Length: 3\r\n\r\n\x00\x00\x00"), 0o666))
	var stdout, stderr bytes.Buffer
	code := run([]string{"decode", "@" + req, "@" + resp}, nil, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout.String(), "Input: 235 bytes read as HTTP message, body as it is\n")
	assert.Contains(t, stdout.String(), "Input:  operand 1 carries no input buffer")
	assert.Contains(t, stdout.String(), "Output: operand 2 carries no output buffer")
	assert.Contains(t, stderr.String(), "call 0: operand 1: the Execute request body: bad input at offset 0: ExecuteRequestBody Flags: input ends early")
}

// TestSessionMaxInput checks that --max-input bounds the operands of a
// session together, also when the first ones take the whole budget.
func TestSessionMaxInput(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first")
	second := filepath.Join(dir, "second")
	require.NoError(t, os.WriteFile(first, make([]byte, 8), 0o666))
	require.NoError(t, os.WriteFile(second, make([]byte, 100), 0o666))
	for _, max := range []string{"8", "9"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"decode", "--session", "--binary", "--max-input", max, "@" + first, "@" + second}, nil, &stdout, &stderr)
		assert.Equal(t, 2, code, "--max-input %s: %s", max, stderr.String())
		assert.Contains(t, stderr.String(), "of input; --max-input raises the limit", "--max-input %s", max)
	}
}

// TestSessionMaxInputCountsRead: the operands of a session share one
// --max-input budget of bytes read, as one operand has, not of bytes
// decoded: hex operands of 6 and 8 digits (3 and 4 bytes) fit 14 and not 13,
// where counting decoded bytes let 13 and even 10 through.
func TestSessionMaxInputCountsRead(t *testing.T) {
	for max, want := range map[string]int{"13": 2, "10": 2, "14": 1} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"decode", "--session", "--max-input", max, "0A0B0C", "01020304"}, nil, &stdout, &stderr)
		assert.Equal(t, want, code, "--max-input %s: %s", max, stderr.String())
		if want == 2 {
			assert.Contains(t, stderr.String(), "--max-input raises the limit", "--max-input %s", max)
		}
	}
}

// TestSessionManyHandles decodes a session whose buffers hold an empty
// RopsList and 25,000 handles each: what the command allocates stays linear
// in the input (checkRun), as the line that lists the handles is built.
func TestSessionManyHandles(t *testing.T) {
	b := append([]byte{0x02, 0x00}, bytes.Repeat([]byte{0x01, 0x00, 0x00, 0x00}, 25_000)...)
	name := writeTemp(t, "handles.bin", b)
	args := []string{"decode", "--session", "--binary", "@" + name, "@" + name}
	checkRun(t, 2*len(b), func(stdout, stderr io.Writer) int { return run(args, nil, stdout, stderr) })
}

// TestSessionJSONLinear: a session's JSON grows linearly with its input. A
// table of 400 columns read by 400 RopQueryRows that return no rows gave
// each pair the list of the 400 columns again (10.9 MB of JSON for 8 KB of
// input); a pair now gives their count.
func TestSessionJSONLinear(t *testing.T) {
	const cols, queries = 400, 400
	in := []byte{0x3F, 0, 0, 1, 0x40, 0x12, 0, 1, 0} // RopGetRulesTable, RopSetColumns on its table
	in = binary.LittleEndian.AppendUint16(in, cols)
	for i := range cols {
		in = binary.LittleEndian.AppendUint32(in, uint32(0x80000003+i<<16)) // PtypInteger32 tags
	}
	out := []byte{0x3F, 1, 0, 0, 0, 0, 0x12, 1, 0, 0, 0, 0, 0}
	for range queries {
		in = append(in, 0x15, 0, 1, 0, 1, 0x32, 0)      // 50 rows forward
		out = append(out, 0x15, 1, 0, 0, 0, 0, 2, 0, 0) // BOOKMARK_END, no rows
	}
	buffer := func(rops []byte, handles ...uint32) string {
		b, err := (&codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: handles}).MarshalBinary()
		require.NoError(t, err)
		return hex.EncodeToString(b)
	}
	args := []string{"decode", "--session", "--json", buffer(in, 0x223, 0xFFFFFFFF), buffer(out, 0x223, 0xA21)}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(args, nil, &stdout, &stderr), stderr.String())
	require.Equal(t, queries, strings.Count(stdout.String(), `"column_count": 400`), "every RopQueryRows pair counts the table's columns")
	inputSize := len(in) + len(out)
	assert.LessOrEqual(t, stdout.Len(), 200*inputSize, "bytes of JSON for %d bytes of input", inputSize)
}
