// Command gen regenerates the Go code that comes from the spec/ tables.
// `go generate ./...` runs it from the repository root (see generate.go);
// it writes a file only when its bytes change, names the generated files
// that no table gives any more (gen.Stale) for you to delete, and reports
// problems in a table as file:line: what is wrong. (It does not delete them
// itself: go generate ./... would then fail to read them in the packages it
// visits next.)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/ropcodec/ropcodec/internal/gen"
)

func main() {
	spec := flag.String("spec", "spec", "folder of the spec tables")
	out := flag.String("out", ".", "repository root to write the generated files under")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(spec, out string) error {
	m, err := gen.Load(os.DirFS(spec))
	if err != nil {
		return err
	}
	files, err := gen.Generate(m)
	if err != nil {
		return err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		dst := filepath.Join(out, filepath.FromSlash(p))
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, files[p]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, files[p], 0o644); err != nil {
			return err
		}
		fmt.Println("gen: wrote", dst)
	}
	stale, err := gen.Stale(os.DirFS(out), files)
	if err != nil {
		return err
	}
	for _, p := range stale {
		fmt.Printf("gen: %s comes from no table any more: delete it\n", filepath.Join(out, filepath.FromSlash(p)))
	}
	return nil
}
