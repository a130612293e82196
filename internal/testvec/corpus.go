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
		vs, err := archiveVectors(p)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
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

// BenchArchives are the archives of dir whose vectors make the ROP buffer of
// the benchmarks (BenchROPs): those of the ROPs, ROP buffers, frames and
// EntryIDs the module first had. A fixed list, so that the vectors later
// ROPs add to testdata leave the benchmarks' input, and their figures, as
// they were: a buffer of a few layouts repeated (ratio 0.12 compressed),
// where all the golden vectors now make one of as many layouts as vectors.
var BenchArchives = []string{
	"ropbackoff", "ropbuffer", "ropbuffertoosmall", "ropgetowningservers", "ropgetreceivefolder",
	"roplogon-request", "roplogon-response", "roprelease", "ropsetcolumns", "rpcheaderext",
	"storeentryid-outlook", "storeentryid",
}

// BenchROPs returns the golden vectors of the BenchArchives of dir, in the
// order of that list, for Concat to make the benchmarks' ROP buffer.
func BenchROPs(dir string) ([][]byte, error) {
	var out [][]byte
	for _, name := range BenchArchives {
		vs, err := archiveVectors(filepath.Join(dir, name+".txtar"))
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no NAME.hex vectors in the BenchArchives", dir)
	}
	return out, nil
}

// Vector returns the bytes of the file name (such as "private.hex") of the
// archive at path.
func Vector(path, name string) ([]byte, error) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	for _, f := range ar.Files {
		if f.Name != name {
			continue
		}
		b, err := ParseHex(f.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, name, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%s: no file %s", path, name)
}

// archiveVectors returns the bytes of every NAME.hex file of the archive at
// path, in archive order.
func archiveVectors(path string) ([][]byte, error) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".hex") {
			continue
		}
		b, err := ParseHex(f.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, f.Name, err)
		}
		out = append(out, b)
	}
	return out, nil
}
