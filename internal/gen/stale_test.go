package gen

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFilesAreFresh regenerates everything from spec/ in memory and
// fails when a committed generated file differs, is missing, or is left over
// from a table that no longer exists.
func TestCommittedFilesAreFresh(t *testing.T) {
	m, err := Load(os.DirFS("../../spec"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(m)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range files {
		got, err := os.ReadFile(filepath.Join("../..", filepath.FromSlash(path)))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", path, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./...", path)
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, want, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !ast.IsGenerated(f) {
			t.Errorf("%s lacks the standard Code generated header", path)
		}
	}
	committed, err := filepath.Glob("../../*/*_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range committed {
		rel := filepath.ToSlash(c[len("../../"):])
		if _, ok := files[rel]; !ok {
			t.Errorf("%s is not written by the generator any more: delete it", rel)
		}
	}
}
