package gen

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notTabledNote is the comment a ROP's table carries when the other
// direction of the ROP has no table: "The request is not tabled: why" or
// "The responses are not tabled: why".
var notTabledNote = regexp.MustCompile(`(?i)\bthe (request|responses) (?:is|are) not tabled\b`)

// TestNotTabledNotesHold checks the notes of spec/rops that say a ROP's
// request or responses are not tabled against the tables: a note is stale
// once the tables it says are missing exist, and a comment line that
// starts in the middle of a sentence has lost its beginning.
func TestNotTabledNotesHold(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "spec", "rops", "*.tsv"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	type note struct{ file, rop, direction string }
	tabled := map[[2]string]bool{}
	var notes []note
	for _, p := range paths {
		f, err := os.Open(p)
		require.NoError(t, err)
		var rop, direction string
		var said []string
		prev := ""
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line, ok := strings.CutPrefix(sc.Text(), "# ")
			if !ok {
				break
			}
			if v, ok := strings.CutPrefix(line, "rop: "); ok {
				rop = v
			}
			if v, ok := strings.CutPrefix(line, "direction: "); ok {
				direction = v
			}
			if line != "" && line[0] >= 'a' && line[0] <= 'z' && strings.HasSuffix(prev, ".") {
				t.Errorf("%s: the comment %q starts in the middle of a sentence", filepath.Base(p), line)
			}
			for _, m := range notTabledNote.FindAllStringSubmatch(line, -1) {
				said = append(said, strings.ToLower(m[1]))
			}
			prev = line
		}
		require.NoError(t, sc.Err())
		require.NoError(t, f.Close())
		if rop == "" {
			continue
		}
		tabled[[2]string{rop, direction}] = true
		for _, d := range said {
			notes = append(notes, note{filepath.Base(p), rop, d})
		}
	}
	// Every direction of every ROP is tabled since RopOptionsData's
	// responses, so no note is left; the pattern must still match the
	// wording a new note would use.
	for _, s := range []string{"The request is not tabled: why.", "The responses are not tabled: why."} {
		assert.True(t, notTabledNote.MatchString(s), "the pattern does not match %q", s)
	}
	for _, n := range notes {
		d := map[string]string{"request": "request", "responses": "response"}[n.direction]
		assert.False(t, tabled[[2]string{n.rop, d}], "%s: the note says that %s's %s are not tabled, but spec/rops has a %s table of it",
			n.file, n.rop, n.direction, d)
	}
}
