package extract

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// referenceDir is ../shared/reference seen from this package's folder.
const referenceDir = "../../../shared/reference"

// readReference reads a reference document, skipping the test when the
// reference folder is not beside the checkout.
func readReference(t *testing.T, name string) []byte {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(referenceDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s/%s is absent; the extraction check needs ../shared beside the checkout", referenceDir, name)
	}
	require.NoError(t, err)
	return doc
}

// TestCommittedTablesMatchReference re-runs every extraction on the reference
// documents and fails when a committed spec table differs from what the
// extractor writes today, so that the tables cannot drift from the documents.
func TestCommittedTablesMatchReference(t *testing.T) {
	readReference(t, "MS-ERREF.md")
	tables, err := All(referenceDir, "../../spec")
	require.NoError(t, err)
	for _, tab := range tables {
		want, err := tab.Bytes()
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join("../../spec", tab.File))
		if err != nil {
			t.Errorf("%v: run go run ./cmd/extract", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("spec/%s differs from the reference document: run go run ./cmd/extract and review the diff", tab.File)
		}
	}
}

func TestTableRefusesUnsafeCells(t *testing.T) {
	tab := &Table{File: "x.tsv", Columns: []string{"name"}}
	tab.AddRow("a\tb")
	if _, err := tab.Bytes(); err == nil {
		t.Error("a cell with a tab was written")
	}
}
