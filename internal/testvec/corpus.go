package testvec

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/tools/txtar"
)

// GoldenVectors returns the bytes of every NAME.hex file in the txtar
// archives of dir (the module's testdata: ROP requests and responses, ROP
// buffers, RPC_HEADER_EXT-framed payloads, EntryIDs), archive by archive in
// name order and file by file in archive order.
func GoldenVectors(dir string) ([][]byte, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			return nil, err
		}
		for _, f := range ar.Files {
			if !strings.HasSuffix(f.Name, ".hex") {
				continue
			}
			b, err := ParseHex(f.Data)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", p, f.Name, err)
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no NAME.hex vectors", dir)
	}
	return out, nil
}

// Concat returns n bytes of the pieces one after another, over and over,
// each followed by a 4-byte serial number: the shape of a long ROP buffer,
// whose ROPs repeat a few layouts, property tags and DNs with handles and IDs
// that differ. Compression tests and benchmarks take it as a typical buffer.
func Concat(pieces [][]byte, n int) []byte {
	out := make([]byte, 0, n+4)
	for i := 0; len(out) < n; i++ {
		out = append(out, pieces[i%len(pieces)]...)
		out = binary.LittleEndian.AppendUint32(out, uint32(i))
	}
	return out[:n]
}
