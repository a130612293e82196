package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// specFS makes a spec folder of the files of a txtar archive, adding
// testdata/namespaces.tsv and testdata/columns.tsv (the tables of which a
// spec has exactly one) when the archive has no file of that name.
func specFS(t *testing.T, ar *txtar.Archive) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for _, name := range []string{"namespaces.tsv", "columns.tsv"} {
		if _, ok := fsys[name]; !ok {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			require.NoError(t, err)
			fsys[name] = &fstest.MapFile{Data: data}
		}
	}
	return fsys
}

// loadArchive runs Load on the spec folder of testdata/NAME.
func loadArchive(t *testing.T, name string) (*Model, *txtar.Archive, error) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	m, err := Load(specFS(t, ar))
	return m, ar, err
}

// TestLoadRejects loads each testdata/reject/*.txtar, a spec folder whose
// comment says "error: PREFIX", and checks that Load refuses it with an
// error that starts with PREFIX: the file and line of the problem and what
// is wrong.
func TestLoadRejects(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "reject", "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			_, ar, err := loadArchive(t, filepath.Join("reject", filepath.Base(p)))
			want, ok := strings.CutPrefix(strings.TrimSpace(string(ar.Comment)), "error: ")
			require.True(t, ok, "the comment says no error: %q", ar.Comment)
			require.Error(t, err, "Load accepted the tables")
			assert.True(t, strings.HasPrefix(err.Error(), want), "error\n got: %v\nwant: %s...", err, want)
		})
	}
}

func TestLoadBuildsModel(t *testing.T) {
	m, _, err := loadArchive(t, "model.txtar")
	require.NoError(t, err)
	ec := m.Namespace("EC")
	require.Len(t, ec.Values, 2)
	assert.Equal(t, uint32(1), ec.Values[0].V, "values sorted")
	assert.Equal(t, uint32(0x80004005), ec.Values[1].V, "values sorted")
	names := ec.Values[0].Names
	require.Len(t, names, 3)
	assert.Equal(t, "ecOne", names[0].Name)
	assert.False(t, names[0].Alias)
	assert.Equal(t, "EcOne", names[0].Go)
	assert.True(t, names[1].Alias)
	assert.Equal(t, "One", names[1].Go)
	assert.Equal(t, "", names[2].Go, "go column -")
	if n := ec.Lookup("UNO"); assert.NotNil(t, n) {
		assert.Equal(t, "[T] 1.2", n.Section)
	}
	assert.Equal(t, "EC_E_FAIL", ec.Values[1].Canonical().Go, "go column")
}

// rows adds n rows made from the template of file "row" of ar (a format
// with the row's number as its argument) to file "table.tsv".
func rows(t *testing.T, ar *txtar.Archive, n int) fstest.MapFS {
	t.Helper()
	fsys := specFS(t, &txtar.Archive{})
	var table, row string
	for _, f := range ar.Files {
		switch f.Name {
		case "table.tsv":
			table = string(f.Data)
		case "row":
			row = strings.TrimSuffix(string(f.Data), "\n") + "\n"
		}
	}
	var b strings.Builder
	b.WriteString(table)
	for i := range n {
		fmt.Fprintf(&b, row, i)
	}
	fsys["table.tsv"] = &fstest.MapFile{Data: []byte(b.String())}
	return fsys
}

func TestLoadRejectsTooManyValues(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "toomany.txtar"))
	require.NoError(t, err)
	_, err = Load(rows(t, ar, maxValues+1))
	assert.ErrorContains(t, err, "the generated index holds at most 65534")
	_, err = Load(rows(t, ar, maxValues))
	assert.NoError(t, err, "just inside the limit")
}

func TestCamel(t *testing.T) {
	for in, want := range map[string]string{"USE_ADMIN_PRIVILEGE": "UseAdminPrivilege", "PUBLIC": "Public", "OwnerRight": "OwnerRight", "Private": "Private"} {
		if got := camel(in); got != want {
			t.Errorf("camel(%s) = %s, want %s", in, got, want)
		}
	}
}

// noCode is a kind that has neither the code of a fixed kind nor that of a
// variable one, as a new kind would before its code is written.
type noCode struct{ wireKind }

// A field whose kind the generator has no code for is refused with its
// file and line, instead of being emitted half.
func TestLoadRefusesAKindWithoutCode(t *testing.T) {
	f := &Field{Name: "X", Type: "x", Kind: noCode{&integer{width: 1}}, row: row{t: &table{file: "x.tsv"}, line: 3}}
	msg := &Message{Type: "M", Direction: "struct", Fields: []*Field{f}}
	assert.EqualError(t, msg.checkLayout(), "x.tsv:3: X: the generator has no code for a x here")
}
