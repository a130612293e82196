package codec

import (
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// The tables of spec/aux against two transcriptions of [MS-OXCRPC] 2.2.2.2
// made by others (testdata/aux-transcriptions.txtar): MAPI Inspector's
// parsers and the Interop TestSuites' requirements. Each difference is listed
// with its reason; any other fails.

// auxTranscription returns the rows of one table of the transcriptions.
func auxTranscription(t *testing.T, name string) [][]string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "aux-transcriptions.txtar"))
	require.NoError(t, err)
	for _, f := range ar.Files {
		if f.Name != name {
			continue
		}
		r := csv.NewReader(strings.NewReader(string(f.Data)))
		r.Comma = '\t'
		rows, err := r.ReadAll()
		require.NoError(t, err, name)
		require.Greater(t, len(rows), 1, "%s has no rows", name)
		return rows[1:]
	}
	t.Fatalf("no %s in the transcriptions", name)
	return nil
}

// auxStructureName is the document's name of a block structure:
// AUX_PERF_CLIENTINFO, the first word of its title.
func auxStructureName(mi *MessageInfo) string { return strings.Fields(mi.Title)[0] }

// auxPair reads the version and type cells of a transcription row.
func auxPair(t *testing.T, row []string) (uint8, AuxType) {
	t.Helper()
	v, err := strconv.ParseUint(row[0], 0, 8)
	require.NoError(t, err, "%v", row)
	ty, err := strconv.ParseUint(row[1], 0, 8)
	require.NoError(t, err, "%v", row)
	return uint8(v), AuxType(ty)
}

// auxCheckPairs compares the Version and Type rows of a transcription with
// the registry both ways. odd lists, by "version/type", the rows whose type
// name or structure name differ from ours (their reason is the map value),
// and missing the pairs one side has and the other lacks.
func auxCheckPairs(t *testing.T, rows [][]string, odd, missing map[string]string) {
	t.Helper()
	seen := map[*AuxBlockType]bool{}
	for _, row := range rows {
		v, ty := auxPair(t, row)
		key := fmt.Sprintf("%d/0x%02X", v, uint8(ty))
		bt := LookupAuxBlockType(v, ty)
		if _, ok := missing[key]; ok {
			assert.Nil(t, bt, "%s: listed as missing from the registry, but it is there", key)
			continue
		}
		if !assert.NotNil(t, bt, "%s (%s): the registry lacks it", key, row[2]) {
			continue
		}
		seen[bt] = true
		same := row[2] == ty.String() && row[3] == auxStructureName(bt.Block)
		_, isOdd := odd[key]
		assert.True(t, same != isOdd, "%s: they have %s and %s, we have %v and %s (listed as a known difference: %v)",
			key, row[2], row[3], ty, auxStructureName(bt.Block), isOdd)
	}
	for _, bt := range AuxBlockTypes() {
		key := fmt.Sprintf("%d/0x%02X", bt.Version, uint8(bt.Type))
		if _, ok := missing[key]; !ok {
			assert.True(t, seen[bt], "%s (%v): the transcription lacks it", key, bt.Type)
		}
	}
}

func TestAuxPairsAgainstMAPIInspector(t *testing.T) {
	auxCheckPairs(t, auxTranscription(t, "mapiinspector-types.tsv"), nil, map[string]string{
		"1/0x46": "AUX_TYPE_SERVER_CAPABILITIES (2.2.2.2.19) came later than MAPI Inspector's parsers",
		"1/0x49": "AUX_TYPE_EXCEPTION_TRACE: MAPI Inspector parses it, but no document describes it; kept as raw bytes",
	})
}

func TestAuxPairsAgainstTestSuites(t *testing.T) {
	auxCheckPairs(t, auxTranscription(t, "interop-rs-types.tsv"), map[string]string{
		"1/0x02": "the requirement spells the Type AUX_TYPE_PERF_CLIENTDINFO; the learn page, MAPI Inspector and gromox AUX_TYPE_PERF_CLIENTINFO",
		"1/0x17": "the requirement spells the Type AUX_TYPE_EXORGINO; MAPI Inspector and gromox AUX_TYPE_EXORGINFO",
		"1/0x46": "the requirement names the structure AUX_TYPE_SERVER_CAPABILITIES, the Type's name; 2.2.2.2.19 is AUX_SERVER_CAPABILITIES",
	}, nil)
}

// TestAuxFieldsAgainstMAPIInspector compares every block structure MAPI
// Inspector parses with ours: the same fields in the same order, each of
// the same width, a string (utf16z) or sized bytes where ours has one. Names
// are compared without underscores (it writes Reserved1 for the document's
// Reserved_1).
func TestAuxFieldsAgainstMAPIInspector(t *testing.T) {
	theirs := map[string][][2]string{}
	for _, row := range auxTranscription(t, "mapiinspector-fields.tsv") {
		theirs[row[0]] = append(theirs[row[0]], [2]string{row[1], row[2]})
	}
	delete(theirs, "AUX_EXCEPTION_TRACE") // no document describes it (see TestAuxPairsAgainstMAPIInspector)
	ours := map[string]*MessageInfo{}
	for _, bt := range AuxBlockTypes() {
		ours[auxStructureName(bt.Block)] = bt.Block
	}
	for name, fields := range theirs {
		mi := ours[name]
		if !assert.NotNil(t, mi, "%s: MAPI Inspector parses it; we have no such structure", name) {
			continue
		}
		var got [][2]string
		for f := range mi.New().Fields() {
			kind := strconv.Itoa(f.Size)
			switch f.Value.(type) {
			case string:
				kind = "utf16z"
			case []byte:
				kind = "bytes"
			}
			got = append(got, [2]string{strings.ReplaceAll(f.Name, "_", ""), kind})
		}
		assert.Equal(t, fields, got, "%s: fields and widths", name)
	}
	assert.Len(t, ours, len(theirs)+1, "structures: ours are MAPI Inspector's and AUX_SERVER_CAPABILITIES")
}
