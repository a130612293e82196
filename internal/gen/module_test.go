package gen

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The tests that build the generator's output need the go command and a
// copy of the module; they take a minute on a loaded machine, and skip
// under -short.

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

// copyModule copies the module, without its .git, into a new temporary
// folder and returns its path.
func copyModule(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(moduleRoot, func(p string, d fs.DirEntry, err error) error {
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

// overlay copies the files under src into dir, keeping their paths.
func overlay(t *testing.T, src, dir string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	require.NoError(t, err)
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
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// handWritten returns the Go files of dir that the generator does not write,
// by path, with their contents.
func handWritten(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_gen.go") || strings.HasSuffix(p, "_gen_test.go") {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		files[rel] = string(data)
		return err
	})
	require.NoError(t, err)
	return files
}
