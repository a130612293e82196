package gen

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Stale returns the generated files under root that files, an output of
// Generate, no longer holds: the Go files of the folders Generate writes into
// that start with this generator's header and that no table gives any more.
// cmd/gen names them, so that the code of a table taken out of spec/ is
// deleted with it.
func Stale(root fs.FS, files map[string][]byte) ([]string, error) {
	dirs := map[string]bool{}
	for p := range files {
		dirs[path.Dir(p)] = true
	}
	var stale []string
	for dir := range dirs {
		entries, err := fs.ReadDir(root, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if _, ok := files[p]; ok || e.IsDir() || !strings.HasSuffix(p, ".go") {
				continue
			}
			data, err := fs.ReadFile(root, p)
			if err != nil {
				return nil, err
			}
			if bytes.HasPrefix(data, []byte(header+"\n")) {
				stale = append(stale, p)
			}
		}
	}
	sort.Strings(stale)
	return stale, nil
}
