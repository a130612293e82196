package errors_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ourPath is the import path of this package.
const ourPath = "github.com/ropcodec/ropcodec/errors"

// One import name for this package across the module: a file imports it as
// errors (which forwards Is, As, Unwrap, Join and New) and then not the
// standard library's errors as well; a file that never uses our codes
// imports the standard library's errors, under its own name. The test reads
// every Go file of the module, whatever its build tags, and none of the other
// modules' files that `go mod vendor` copies into vendor/.
func TestOneImportNameForErrors(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root is the parent of errors/")

	var checked int
	var problems []string
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) ||
				path == filepath.Join(root, "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		if rel == "errors/std.go" { // std.go forwards to the standard library
			return nil
		}
		problems = append(problems, importNameProblems(rel, f.Imports)...)
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, checked, 100, "the walk found the module's Go files")
	assert.Empty(t, problems, "import %s as errors, and the standard library's errors only in files that do not import it", ourPath)
}

// importNameProblems returns what breaks the rule in a file's imports.
func importNameProblems(rel string, imports []*ast.ImportSpec) []string {
	var problems []string
	var ours, std bool
	for _, imp := range imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		switch path {
		case ourPath:
			ours = true
			if name != "" && name != "errors" {
				problems = append(problems, rel+": imports "+ourPath+" as "+name)
			}
		case "errors":
			std = true
			if name != "" && name != "errors" {
				problems = append(problems, rel+": imports the standard library's errors as "+name)
			}
		}
	}
	if ours && std {
		problems = append(problems, rel+": imports the standard library's errors beside "+ourPath+", which forwards Is, As, Unwrap, Join and New")
	}
	return problems
}
