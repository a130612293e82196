// Command gen regenerates the Go code that comes from the spec/ tables.
// `go generate ./...` runs it from the repository root (see generate.go);
// it writes a file only when its bytes change, and reports problems in a
// table as file:line: what is wrong.
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
	return nil
}
