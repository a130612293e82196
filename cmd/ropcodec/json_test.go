package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JSON of decode and entryid as decodeUsage and entryidUsage document
// it. TestJSONSchema reads every --json golden run into these types, with
// unknown members refused, so that the output and its documentation cannot
// drift apart.
type (
	decodeDoc struct {
		Input struct {
			Format string `json:"format"`
			Size   int    `json:"size"`
		} `json:"input"`
		Decoded block  `json:"decoded"`
		Error   string `json:"error"`
	}
	block struct {
		Kind       string    `json:"kind"`
		Direction  string    `json:"direction"`
		Offset     int       `json:"offset"`
		Size       int       `json:"size"`
		Payloads   []payload `json:"payloads"`
		RopsOffset *int      `json:"rops_offset"`
		RopsSize   *int      `json:"rops_size"`
		ROPs       []jsonROP `json:"rops"`
		Stop       *stopJSON `json:"stop"`
		Handles    []uint32  `json:"handles"`
		Also       []struct {
			Kind      string `json:"kind"`
			Direction string `json:"direction"`
			Flags     string `json:"flags"`
		} `json:"also"`
	}
	payload struct {
		Index        int    `json:"index"`
		HeaderOffset int    `json:"header_offset"`
		DataOffset   int    `json:"data_offset"`
		Version      uint16 `json:"version"`
		Flags        uint16 `json:"flags"`
		FlagNames    string `json:"flag_names"`
		Size         uint16 `json:"size"`
		SizeActual   uint16 `json:"size_actual"`
		Compressed   bool   `json:"compressed"`
		XorMagic     bool   `json:"xor_magic"`
		Decoded      block  `json:"decoded"`
	}
)

// fieldTypes are the members a FIELD of each type may have, as decodeUsage
// lists them (name, type and index apply to all).
var fieldTypes = map[string][]string{
	"uint":   {"value", "hex", "unit", "rop"},
	"ec":     {"value", "hex", "code"},
	"flags":  {"value", "hex", "names"},
	"guid":   {"value"},
	"string": {"value"},
	"bytes":  {"size", "hex", "requests"},
	"struct": {"fields", "text"},
	"list":   {"count", "elements"},
	"other":  {"text"},
}

func TestJSONSchema(t *testing.T) {
	runs := 0
	for _, c := range loadGolden(t) {
		if !slices.Contains(c.args, "--json") || c.args[0] == "lookup" {
			continue
		}
		runs++
		stdout, _, _ := runCase(c)
		require.True(t, json.Valid([]byte(stdout)), "%s: not JSON", c.path)
		dec := json.NewDecoder(bytes.NewReader([]byte(stdout)))
		dec.DisallowUnknownFields()
		switch c.args[0] {
		case "decode":
			var d decodeDoc
			if assert.NoError(t, dec.Decode(&d), c.path) {
				checkFields(t, c.path, d.Decoded)
			}
		case "entryid":
			var e entryIDInfo
			assert.NoError(t, dec.Decode(&e), c.path)
		}
	}
	assert.GreaterOrEqual(t, runs, 8, "golden runs with --json")
}

// checkFields checks the members of every field of b by its type.
func checkFields(t *testing.T, path string, b block) {
	for _, p := range b.Payloads {
		checkFields(t, path, p.Decoded)
	}
	for _, r := range b.ROPs {
		checkFieldList(t, path, r.Fields)
	}
}

func checkFieldList(t *testing.T, path string, fs []jsonField) {
	for _, f := range fs {
		allowed, ok := fieldTypes[f.Type]
		if !assert.True(t, ok, "%s: field %s has type %q", path, f.Name, f.Type) {
			continue
		}
		raw, err := json.Marshal(f)
		require.NoError(t, err)
		var members map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &members))
		for m := range members {
			if m != "name" && m != "type" && m != "index" {
				assert.Contains(t, allowed, m, "%s: field %s of type %s", path, f.Name, f.Type)
			}
		}
		checkFieldList(t, path, f.Fields)
		checkFieldList(t, path, f.Elements)
		for _, r := range f.Requests {
			checkFieldList(t, path, r.Fields)
		}
	}
}
