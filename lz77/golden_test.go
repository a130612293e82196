package lz77_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// The golden vectors are streams that others wrote (the examples of [MS-XCA]
// 3.1, streams Windows compressed, payloads Outlook compressed), each with the
// bytes it decompresses to; testdata/*.txtar says where each came from.

// vector is one compressed stream and what it decompresses to: plain, or,
// when only its size and SHA-256 digest are kept, size and sum.
type vector struct {
	name   string
	stream []byte
	plain  []byte
	size   int
	sum    [32]byte
}

// loadVectors reads the vectors of a testdata archive: NAME.lz77 (or
// NAME.rgbin, an RPC_HEADER_EXT and its payload) with NAME.plain or
// NAME.sum. Every file of the archive must belong to a vector.
func loadVectors(t testing.TB, archive string) []vector {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", archive))
	require.NoError(t, err)
	require.NotEmpty(t, strings.TrimSpace(string(ar.Comment)), "%s: no comment saying where the vectors come from", archive)
	files := map[string][]byte{}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	var vs []vector
	used := 0
	for _, f := range ar.Files {
		dot := strings.LastIndexByte(f.Name, '.')
		name, kind := f.Name[:max(dot, 0)], f.Name[dot+1:]
		if kind != "lz77" && kind != "rgbin" {
			continue
		}
		v := vector{name: name}
		v.stream = parseHex(t, archive, f.Name, f.Data)
		if kind == "rgbin" {
			v.stream = payloadOf(t, v.stream)
		}
		if p, ok := files[name+".plain"]; ok {
			v.plain = parseHex(t, archive, name+".plain", p)
			v.size = len(v.plain)
		} else {
			s, ok := files[name+".sum"]
			require.True(t, ok, "%s: %s has neither %s.plain nor %s.sum", archive, f.Name, name, name)
			var digest string
			_, err := fmt.Sscanf(string(s), "%d %64s", &v.size, &digest)
			require.NoError(t, err, "%s: %s.sum", archive, name)
			b, err := hex.DecodeString(digest)
			require.NoError(t, err)
			copy(v.sum[:], b)
		}
		used += 2
		vs = append(vs, v)
	}
	require.Equal(t, len(ar.Files), used, "%s: files that belong to no vector", archive)
	require.NotEmpty(t, vs)
	return vs
}

func parseHex(t testing.TB, archive, name string, data []byte) []byte {
	t.Helper()
	b, err := testvec.ParseHex(data)
	require.NoError(t, err, "%s: %s", archive, name)
	require.NotEmpty(t, b, "%s: %s holds no bytes", archive, name)
	return b
}

// payloadOf checks the RPC_HEADER_EXT at the start of rgbin (Version 0,
// Flags Compressed | Last, Size the rest) and returns its payload, with
// SizeActual in the vector's plain size checked by the caller.
func payloadOf(t testing.TB, rgbin []byte) []byte {
	t.Helper()
	require.GreaterOrEqual(t, len(rgbin), 8)
	assert.Equal(t, uint16(0), binary.LittleEndian.Uint16(rgbin))
	assert.Equal(t, uint16(0x0005), binary.LittleEndian.Uint16(rgbin[2:]), "Flags")
	require.Equal(t, len(rgbin)-8, int(binary.LittleEndian.Uint16(rgbin[4:])), "Size")
	return rgbin[8:]
}

// checkPlain checks that got is what v decompresses to.
func checkPlain(t *testing.T, v vector, got []byte) {
	t.Helper()
	if v.plain != nil {
		assert.Equal(t, v.plain, got)
		return
	}
	assert.Len(t, got, v.size)
	assert.Equal(t, hex.EncodeToString(v.sum[:]), fmt.Sprintf("%x", sha256.Sum256(got)))
}

// TestGoldenXCA decompresses the two examples of [MS-XCA] 3.1, and checks that
// compressing their inputs gives the document's bytes.
func TestGoldenXCA(t *testing.T) {
	for _, v := range loadVectors(t, "xca.txtar") {
		t.Run(v.name, func(t *testing.T) {
			got, err := lz77.Decompress(nil, v.stream, v.size)
			require.NoError(t, err)
			checkPlain(t, v, got)
			assert.Equal(t, v.stream, lz77.Compress(nil, v.plain))
		})
	}
}

// decompressAndRecompress checks that v decompresses to its bytes, and that
// our compression of them decompresses to them again; it returns that
// compression.
func decompressAndRecompress(t *testing.T, v vector) []byte {
	t.Helper()
	got, err := lz77.Decompress(nil, v.stream, v.size)
	require.NoError(t, err)
	checkPlain(t, v, got)
	ours := lz77.Compress(nil, got)
	back, err := lz77.Decompress(nil, ours, len(got))
	require.NoError(t, err)
	require.Equal(t, got, back)
	return ours
}

// TestGoldenWindows decompresses streams that Windows compressed, and checks
// that our compression of the same bytes round-trips and, against Windows'
// default level, is no larger.
func TestGoldenWindows(t *testing.T) {
	for _, v := range loadVectors(t, "windows.txtar") {
		t.Run(v.name, func(t *testing.T) {
			ours := decompressAndRecompress(t, v)
			t.Logf("%d bytes: Windows %d, ours %d", v.size, len(v.stream), len(ours))
			if !strings.HasSuffix(v.name, ".more") {
				assert.LessOrEqual(t, len(ours), len(v.stream), "larger than Windows' default level")
			}
		})
	}
}

// TestGoldenOutlook decompresses two payloads that Outlook 2007 compressed
// into their SizeActual bytes, and checks that our compression of those bytes
// is no larger than Outlook's: the "compression is worth doing".
func TestGoldenOutlook(t *testing.T) {
	for _, v := range loadVectors(t, "outlook.txtar") {
		t.Run(v.name, func(t *testing.T) {
			ours := decompressAndRecompress(t, v)
			t.Logf("%d bytes: Outlook %d, ours %d", v.size, len(v.stream), len(ours))
			assert.LessOrEqual(t, len(ours), len(v.stream), "larger than Outlook's")
		})
	}
}

// TestCompressAppends checks that Compress and Decompress append to what dst
// holds and leave it alone.
func TestCompressAppends(t *testing.T) {
	v := loadVectors(t, "xca.txtar")[1]
	prefix := []byte("prefix")
	c := lz77.Compress(slices.Clone(prefix), v.plain)
	assert.Equal(t, prefix, c[:len(prefix)])
	assert.Equal(t, v.stream, c[len(prefix):])
	d, err := lz77.Decompress(slices.Clone(prefix), v.stream, v.size)
	require.NoError(t, err)
	assert.Equal(t, prefix, d[:len(prefix)])
	assert.Equal(t, v.plain, d[len(prefix):])
}
