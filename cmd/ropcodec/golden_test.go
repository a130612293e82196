package main

// Golden tests of the command: each testdata/*.txtar holds one run.
//
//	args    the arguments after "ropcodec", on one line; words split at
//	        spaces, "double quotes" keep spaces in a word
//	stdin   optional: standard input
//	file    optional: written to a temporary file whose path replaces $FILE
//	        in args (and is written back as $FILE in stderr)
//
// $UNSUPPORTED in args stands for the hex digits of a RopId that the codec's
// registry has no ROP for (unsupportedRopID), and 0x$UNSUPPORTED in the
// output for that RopId, so that the runs hold as ROPs are added.
//	stdout  expected standard output
//	stderr  optional: expected standard error (absent: must be empty)
//	exit    expected exit status
//
// go test ./cmd/ropcodec -update rewrites stdout, stderr and exit from what
// the command does; read the diff before committing it.

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/ropcodec/ropcodec/codec"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ from the command's output")

type goldenCase struct {
	path  string
	arch  *txtar.Archive
	args  []string
	stdin string
	file  string // path of the written file section, if any
	exit  int
	// unsupported is the RopId that $UNSUPPORTED stands for.
	unsupported uint8
}

func loadGolden(t testing.TB) []goldenCase {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	var cases []goldenCase
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := goldenCase{path: p, arch: a, unsupported: unsupportedRopID(t)}
		sec := map[string]string{}
		for _, f := range a.Files {
			if _, dup := sec[f.Name]; dup {
				t.Fatalf("%s: section %s twice", p, f.Name)
			}
			switch f.Name {
			case "args", "stdin", "file", "stdout", "stderr", "exit":
			default:
				t.Fatalf("%s: unknown section %s", p, f.Name)
			}
			sec[f.Name] = string(f.Data)
		}
		argLine, ok := sec["args"]
		if !ok || strings.Count(argLine, "\n") != 1 {
			t.Fatalf("%s: want an args section of one line", p)
		}
		if c.args, err = splitArgs(strings.TrimSuffix(argLine, "\n")); err != nil {
			t.Fatalf("%s: args: %v", p, err)
		}
		for i := range c.args {
			c.args[i] = strings.ReplaceAll(c.args[i], "$UNSUPPORTED", fmt.Sprintf("%02X", unsupportedRopID(t)))
		}
		c.stdin = sec["stdin"]
		if data, ok := sec["file"]; ok {
			name := filepath.Join(t.TempDir(), "input.hex")
			if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
				t.Fatal(err)
			}
			for i := range c.args {
				c.args[i] = strings.ReplaceAll(c.args[i], "$FILE", name)
			}
			c.file = name
		}
		c.exit = -1
		if e, ok := sec["exit"]; ok {
			if c.exit, err = strconv.Atoi(strings.TrimSpace(e)); err != nil {
				t.Fatalf("%s: exit: %v", p, err)
			}
		}
		if !*update && c.exit < 0 {
			t.Fatalf("%s: no exit section", p)
		}
		cases = append(cases, c)
	}
	return cases
}

// runCase runs the command as c says and returns its output, with the path
// of a written file replaced by $FILE.
func runCase(c goldenCase) (stdout, stderr string, exit int) {
	var out, errOut bytes.Buffer
	exit = run(c.args, strings.NewReader(c.stdin), &out, &errOut)
	stderr = errOut.String()
	if c.file != "" {
		stderr = strings.ReplaceAll(stderr, c.file, "$FILE")
	}
	if slices.ContainsFunc(c.arch.Files, func(f txtar.File) bool {
		return f.Name == "args" && strings.Contains(string(f.Data), "$UNSUPPORTED")
	}) {
		id := fmt.Sprintf("0x%02X", c.unsupported)
		return strings.ReplaceAll(out.String(), id, "0x$UNSUPPORTED"), strings.ReplaceAll(stderr, id, "0x$UNSUPPORTED"), exit
	}
	return out.String(), stderr, exit
}

// unsupportedRopID returns the lowest RopId that the codec's registry has no
// ROP for.
func unsupportedRopID(t testing.TB) uint8 {
	t.Helper()
	for id := 1; id < 256; id++ {
		if codec.LookupROP(uint8(id)) == nil {
			return uint8(id)
		}
	}
	t.Fatal("the registry has a ROP for every RopId")
	return 0
}

func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(strings.TrimSuffix(filepath.Base(c.path), ".txtar"), func(t *testing.T) {
			stdout, stderr, exit := runCase(c)
			if *update {
				writeGolden(t, c, stdout, stderr, exit)
				return
			}
			want := map[string]string{}
			for _, f := range c.arch.Files {
				want[f.Name] = string(f.Data)
			}
			assert.Equal(t, c.exit, exit, "exit status")
			assert.Equal(t, want["stdout"], stdout, "stdout")
			assert.Equal(t, want["stderr"], stderr, "stderr")
		})
	}
}

// writeGolden replaces the stdout, stderr and exit sections of c's file.
func writeGolden(t *testing.T, c goldenCase, stdout, stderr string, exit int) {
	t.Helper()
	a := &txtar.Archive{Comment: c.arch.Comment}
	for _, f := range c.arch.Files {
		switch f.Name {
		case "stdout", "stderr", "exit":
		default:
			a.Files = append(a.Files, f)
		}
	}
	a.Files = append(a.Files, txtar.File{Name: "stdout", Data: []byte(stdout)})
	if stderr != "" {
		a.Files = append(a.Files, txtar.File{Name: "stderr", Data: []byte(stderr)})
	}
	a.Files = append(a.Files, txtar.File{Name: "exit", Data: []byte(strconv.Itoa(exit) + "\n")})
	if err := os.WriteFile(c.path, txtar.Format(a), 0o666); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenWidth checks that no line the command writes to standard output
// in the golden runs is wider than the 80 columns of a terminal (see fits),
// and that no line ends in a space. JSON (--json) is for programs and keeps
// its strings on one line, so it is left out.
func TestGoldenWidth(t *testing.T) {
	for _, c := range loadGolden(t) {
		if slices.Contains(c.args, "--json") {
			continue
		}
		for _, f := range c.arch.Files {
			if f.Name != "stdout" {
				continue
			}
			for i, line := range strings.Split(string(f.Data), "\n") {
				if !fits(line) {
					t.Errorf("%s: stdout line %d is %d columns wide: %s", c.path, i+1, utf8.RuneCountInString(line), line)
				}
				if strings.TrimRight(line, " ") != line {
					t.Errorf("%s: stdout line %d ends in a space", c.path, i+1)
				}
			}
		}
	}
}

// fits reports whether line keeps to the width of a terminal: it does, or
// its value is one piece of a literal that may not be broken (a DN
// component, a string without a /, a flag name), which stands alone on a
// line too long rather than be split. Such a value is a field's, indented
// under its ROP; a line at the margin (a title, help text) has none.
func fits(line string) bool {
	if utf8.RuneCountInString(line) <= width {
		return true
	}
	v := strings.TrimLeft(line, " ")
	if v == line {
		return false
	}
	if i := strings.Index(v, ": "); i >= 0 && !strings.ContainsAny(v[:i], `"/|`) {
		v = strings.TrimLeft(v[i+2:], " ")
	}
	return len(v) > 2 && !strings.Contains(v[2:], "/") && !strings.Contains(v[:len(v)-1], "|")
}

// TestGoldenCoverage checks that the golden runs exercise every exit status
// and every subcommand, so that a lost file is noticed.
func TestGoldenCoverage(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range loadGolden(t) {
		seen["exit "+strconv.Itoa(c.exit)] = true
		if len(c.args) > 0 {
			seen[c.args[0]] = true
		}
	}
	for _, k := range []string{"exit 0", "exit 1", "exit 2", "lookup", "decode", "entryid", "example", "version", "help"} {
		if !seen[k] {
			t.Errorf("no golden run with %s", k)
		}
	}
}

// splitArgs splits an args line into words at spaces; double quotes keep
// spaces inside a word.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			inWord = true
		case r == ' ' && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, strconv.ErrSyntax
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
