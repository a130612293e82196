package gen

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// The tests that build the generator's output need the go command and a
// copy of the module; they take a minute on a loaded machine, and skip
// under -short. They share one copy, made once per run of the package's
// tests: each test gets it back as the module is, with its own files added,
// and since the copy's path stays the same, the go command reuses what an
// earlier test built there from unchanged packages (the generator, errors,
// lz77...), so that only the packages the test's tables change are built
// again.
//
// The go command runs in the copy as it would in the checkout: from the
// module cache, or from vendor/ in a tree made by `go mod vendor`, which the
// copy keeps, so that the tests need neither the network nor the module
// cache there.

// moduleRoot is the root of this module, from internal/gen.
const moduleRoot = "../.."

// needGo skips t unless the go command can run and -short is off.
func needGo(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a copy of the module with the go command; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH, so the generated code cannot be built")
	}
	return goCmd
}

// moduleCopy is the one copy of the module that the tests share; mu is held
// by the test that uses it, from copyModule to the end of the test.
var moduleCopy struct {
	mu  sync.Mutex
	dir string // empty until the first copyModule
}

// TestMain removes the shared copy of the module after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if moduleCopy.dir != "" {
		if err := os.RemoveAll(moduleCopy.dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	os.Exit(code)
}

// copyModule returns the path of the shared copy of the module, without its
// .git and this package's testdata, after making its contents the module's
// again. t has the copy to itself until it ends.
func copyModule(t *testing.T) string {
	t.Helper()
	moduleCopy.mu.Lock()
	t.Cleanup(moduleCopy.mu.Unlock)
	if moduleCopy.dir == "" {
		dir, err := os.MkdirTemp("", "ropcodec-module-")
		require.NoError(t, err)
		moduleCopy.dir = dir
	}
	dst := moduleCopy.dir
	entries, err := os.ReadDir(dst)
	require.NoError(t, err)
	for _, e := range entries {
		require.NoError(t, os.RemoveAll(filepath.Join(dst, e.Name())))
	}
	err = filepath.WalkDir(moduleRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(moduleRoot, p)
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || rel == filepath.Join("internal", "gen", "testdata")) {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// run runs the go command with args in dir and returns its output, failing
// t when it fails.
func run(t *testing.T, goCmd, dir string, args ...string) string {
	t.Helper()
	out, err := goOutput(goCmd, dir, args...)
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	return out
}

// runFailing runs the go command as run does and returns its output,
// failing t when it succeeds.
func runFailing(t *testing.T, goCmd, dir string, args ...string) string {
	t.Helper()
	out, err := goOutput(goCmd, dir, args...)
	require.Error(t, err, "go %s succeeded:\n%s", strings.Join(args, " "), out)
	return out
}

// goOutput runs the go command with args in dir, outside any workspace,
// and returns its combined output.
func goOutput(goCmd, dir string, args ...string) (string, error) {
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// handWritten returns the Go files of dir that the generator does not write,
// by path, with their contents.
func handWritten(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := treeFiles(t, dir)
	for name := range files {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_gen.go") || strings.HasSuffix(name, "_gen_test.go") {
			delete(files, name)
		}
	}
	return files
}
