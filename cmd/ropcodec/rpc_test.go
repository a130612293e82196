package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// TestDecodeCompressed decodes the rgbIn buffers that Outlook 2007
// compressed (lz77/testdata/outlook.txtar, from OpenChange's captures): the
// frame is shown as Size -> SizeActual with the ratio, and its payload as
// the ROP buffer it decompresses to, with offsets in the payload. What the
// ROPs of that buffer show depends on the ROPs the registry decodes, so it
// is not checked here.
func TestDecodeCompressed(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("..", "..", "lz77", "testdata", "outlook.txtar"))
	require.NoError(t, err)
	want := map[string][2]string{
		"Outlook_2007_in_ModifyRecipients.rgbin":  {"325 -> 459 bytes, compressed to 71%", "buffer (459 bytes)"},
		"Outlook_2007_in_Tables_operations.rgbin": {"330 -> 380 bytes, compressed to 87%", "buffer (380 bytes)"},
	}
	for _, f := range a.Files {
		w, ok := want[f.Name]
		if !ok {
			continue
		}
		delete(want, f.Name)
		b, err := parseHex(string(f.Data))
		require.NoError(t, err, f.Name)
		stdout, _, _ := decodeRun(t, b)
		assert.Contains(t, stdout, "    Flags:              0x0005 Compressed|Last\n", f.Name)
		assert.Contains(t, stdout, "    Size -> SizeActual: "+w[0]+"\n", f.Name)
		assert.Contains(t, stdout, "bytes decompressed; offsets below count from its", f.Name)
		assert.Contains(t, stdout, w[1]+"\n", f.Name)

		stdout, _, _ = decodeRun(t, b, "--json")
		var doc decodeDoc
		require.NoError(t, json.Unmarshal([]byte(stdout), &doc), f.Name)
		require.Len(t, doc.Decoded.Payloads, 1, f.Name)
		p := doc.Decoded.Payloads[0]
		assert.True(t, p.Compressed, f.Name)
		assert.Equal(t, len(b)-8, int(p.Size), f.Name)
		assert.Equal(t, "buffer", p.Decoded.Kind, f.Name)
		assert.Equal(t, int(p.SizeActual), p.Decoded.Size, f.Name)
		assert.Equal(t, 0, p.Decoded.Offset, "offsets count in the decompressed payload")
	}
	assert.Empty(t, want, "frames not found in outlook.txtar")
}
