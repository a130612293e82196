package lz77_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/internal/sambalz77"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// TestSamba checks both directions against an independent implementation,
// Samba's lzxpress_compress and lzxpress_decompress: Samba decompresses what
// we compress, we decompress what Samba compresses, and both decompress the
// golden streams alike. The corpus is the golden vectors and the module's ROP
// vectors, alone and as a 32 KB buffer.
//
// It needs the build tag samba, cgo and Debian's samba-libs:
//
//	go test -tags samba -run TestSamba ./lz77
//
// and skips, saying which is missing, without them; .ci/run installs them and
// fails if it skips.
func TestSamba(t *testing.T) {
	lib, err := sambalz77.Open()
	if err != nil {
		t.Skipf("no Samba to cross-check against: %v", err)
	}

	var corpus [][]byte
	for _, v := range goldenStreams(t) {
		// Samba decompresses the golden streams as we do.
		got, err := lib.Decompress(v.stream, v.size+64)
		require.NoError(t, err, v.name)
		checkPlain(t, v, got)
		corpus = append(corpus, got)
	}
	rops := ropVectors(t)
	corpus = append(append(corpus, rops...), testvec.Concat(rops, 32<<10))
	for i, data := range corpus {
		ours := lz77.Compress(nil, data)
		got, err := lib.Decompress(ours, len(data)+64)
		require.NoError(t, err, "corpus %d", i)
		assert.Equal(t, data, got, "Samba's decompression of our stream %d", i)

		theirs, err := lib.Compress(data)
		require.NoError(t, err, "corpus %d", i)
		back, err := lz77.Decompress(nil, theirs, len(data))
		require.NoError(t, err, "our decompression of Samba's stream %d", i)
		assert.Equal(t, data, back, "our decompression of Samba's stream %d", i)
	}
	t.Logf("%d inputs, each both ways", len(corpus))

	// For an empty input Samba 4.17 writes nothing, not even the closing
	// flag word of [MS-XCA] 2.3.4, and we refuse to decode nothing.
	theirs, err := lib.Compress(nil)
	require.NoError(t, err)
	assert.Empty(t, theirs)
	_, err = lz77.Decompress(nil, theirs, 0)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	got, err := lib.Decompress(lz77.Compress(nil, nil), 64)
	require.NoError(t, err)
	assert.Empty(t, got)
}
