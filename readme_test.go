package ropcodec

// Tests that keep README.md true to the code: its Go snippets are the bodies
// of Example functions (compiled, and run where they show their output), its
// transcripts of the command are golden runs of cmd/ropcodec, and the Go
// version it names is the go directive of go.mod. The codec package checks
// the README's list of ROPs (TestREADMEListsEveryROP).

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// fence is a fenced code block of a Markdown file.
type fence struct {
	line int    // line of the opening fence, counting from 1
	info string // the info string: "go", "console", "sh", ""
	text string // the lines between the fences, each ending in "\n"
}

// fences returns the fenced code blocks of Markdown text (fences of three
// backquotes at the start of a line).
func fences(t *testing.T, text string) []fence {
	t.Helper()
	var out []fence
	var cur *fence
	var body strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "```") {
			if cur != nil {
				body.WriteString(line + "\n")
			}
			continue
		}
		if cur == nil {
			cur = &fence{line: i + 1, info: strings.TrimSpace(strings.TrimPrefix(line, "```"))}
			body.Reset()
			continue
		}
		require.Equal(t, "```", strings.TrimSpace(line), "README.md:%d: a closing fence takes no info string", i+1)
		cur.text = body.String()
		out = append(out, *cur)
		cur = nil
	}
	require.Nil(t, cur, "README.md: a fenced block is not closed")
	return out
}

// readme returns the text of README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	return string(b)
}

// exampleBodies returns the bodies of the module's Example functions, as a
// README snippet shows them (one tab of indentation removed, no blank first
// or last line), keyed by "path: ExampleName".
func exampleBodies(t *testing.T) map[string]string {
	t.Helper()
	bodies := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Example") {
				continue
			}
			from := fset.Position(fn.Body.Lbrace).Offset + 1
			to := fset.Position(fn.Body.Rbrace).Offset
			bodies[path+": "+fn.Name.Name] = dedent(string(src[from:to]))
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, bodies, "no Example functions found")
	return bodies
}

// dedent removes the first and last line breaks of a function body and one
// tab from the start of each line.
func dedent(body string) string {
	body = strings.TrimPrefix(body, "\n")
	body = strings.TrimSuffix(body, "\n")
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestREADMESnippets checks that every Go snippet of README.md is the body of
// an Example function of the module, so that it compiles (and, with an
// Output comment, runs and prints what it says).
func TestREADMESnippets(t *testing.T) {
	bodies := exampleBodies(t)
	n := 0
	for _, f := range fences(t, readme(t)) {
		switch f.info {
		case "go":
			n++
			found := ""
			for name, body := range bodies {
				if body == f.text {
					found = name
				}
			}
			first, _, _ := strings.Cut(f.text, "\n")
			assert.NotEmpty(t, found, "README.md:%d: the Go snippet that starts %q is the body of no Example function; "+
				"make it one (in the package's example_test.go), or copy the example's body again", f.line, first)
		case "golang", "Go":
			t.Errorf("README.md:%d: write the info string of a Go snippet as go", f.line)
		}
	}
	assert.NotZero(t, n, "README.md has no Go snippets: has its format changed?")
}

// goldenRuns returns the command's golden runs (cmd/ropcodec/testdata), their
// standard output keyed by their arguments.
func goldenRuns(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob("cmd/ropcodec/testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	runs := map[string]string{}
	for _, p := range paths {
		args, stdout := goldenRun(t, p)
		runs[args] = stdout
	}
	return runs
}

// goldenRun returns the arguments and the standard output of the golden run
// of the command in the archive at path.
func goldenRun(t *testing.T, path string) (args, stdout string) {
	t.Helper()
	a, err := txtar.ParseFile(path)
	require.NoError(t, err)
	for _, f := range a.Files {
		switch f.Name {
		case "args":
			args = strings.TrimSpace(string(f.Data))
		case "stdout":
			stdout = string(f.Data)
		}
	}
	return args, stdout
}

// TestREADMEQuickStart checks that the quick start runs the command on the
// example of cmd/ropcodec/testdata/decode-example.txtar and shows the output
// that golden run holds, and says how to install the command.
func TestREADMEQuickStart(t *testing.T) {
	args, stdout := goldenRun(t, filepath.Join("cmd", "ropcodec", "testdata", "decode-example.txtar"))
	text := readme(t)
	for _, want := range []string{
		"go run ./cmd/ropcodec " + args + "\ngo test ./...\n",
		"$ ropcodec " + args + "\n" + stdout,
		"go install github.com/ropcodec/ropcodec/cmd/ropcodec@latest\n",
	} {
		// Not assert.Contains, whose message would print the whole README.
		assert.True(t, strings.Contains(text, want), "README.md does not contain:\n%s", want)
	}
}

// TestREADMETranscripts checks that every console block of README.md is a
// transcript of golden runs of the command: each "$ ropcodec ARGS" line (or
// "$ go run ./cmd/ropcodec ARGS") is followed by the standard output of the
// golden run with those arguments, so that the README shows what the command
// prints today.
func TestREADMETranscripts(t *testing.T) {
	runs := goldenRuns(t)
	n := 0
	for _, f := range fences(t, readme(t)) {
		if f.info != "console" {
			continue
		}
		var args string
		var out strings.Builder
		check := func(line int) {
			if args == "" {
				return
			}
			n++
			want, ok := runs[args]
			if assert.True(t, ok, "README.md:%d: no golden run of cmd/ropcodec has the arguments %q; add one (testdata/*.txtar)", line, args) {
				assert.Equal(t, want, out.String(), "README.md:%d: the output of ropcodec %s differs from its golden run", line, args)
			}
		}
		sc := bufio.NewScanner(strings.NewReader(f.text))
		line, start := f.line, f.line
		for sc.Scan() {
			line++
			text := sc.Text()
			cmd, isCmd := strings.CutPrefix(text, "$ ")
			if !isCmd {
				if assert.NotEmpty(t, args, "README.md:%d: a console block starts with a command line ($ ropcodec ...)", line) {
					out.WriteString(text + "\n")
				}
				continue
			}
			check(start)
			rest, ok := strings.CutPrefix(cmd, "ropcodec ")
			if !ok {
				rest, ok = strings.CutPrefix(cmd, "go run ./cmd/ropcodec ")
			}
			if !assert.True(t, ok, "README.md:%d: a console block shows runs of ropcodec only (other commands go in sh blocks): %q", line, cmd) {
				args = ""
				continue
			}
			args, start = strings.TrimSpace(rest), line
			out.Reset()
		}
		check(start)
	}
	assert.NotZero(t, n, "README.md has no transcripts of the command: has its format changed?")
}

// TestREADMEGoVersion checks that README.md names the go directive of go.mod,
// the lowest Go release the module builds with.
func TestREADMEGoVersion(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	var directive string
	for _, l := range strings.Split(string(mod), "\n") {
		if v, ok := strings.CutPrefix(l, "go "); ok {
			directive = "go " + strings.TrimSpace(v)
		}
	}
	require.NotEmpty(t, directive, "go.mod has no go directive")
	assert.True(t, strings.Contains(readme(t), "`"+directive+"`"), "README.md does not name go.mod's %s (as `%s`)", directive, directive)
}
