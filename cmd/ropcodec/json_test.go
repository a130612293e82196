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
			Format     string `json:"format"`
			Size       int    `json:"size"`
			BodyFormat string `json:"body_format"`
		} `json:"input"`
		Decoded block       `json:"decoded"`
		Session *sessionDoc `json:"session"`
		Error   string      `json:"error"`
	}
	sessionDoc struct {
		Buffers int        `json:"buffers"`
		Skipped []string   `json:"skipped"`
		Calls   []jsonCall `json:"calls"`
	}
	// block is any "decoded" object: its members are those of every kind
	// (rpc, buffer, list, rop, aux, mapihttp, har).
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
			Kind        string `json:"kind"`
			Direction   string `json:"direction"`
			RequestType string `json:"request_type"`
			Flags       string `json:"flags"`
		} `json:"also"`
		// aux
		Blocks []auxBlockDoc `json:"blocks"`
		// mapihttp
		RequestType       string `json:"request_type"`
		RequestTypeFrom   string `json:"request_type_from"`
		DirectionDetected bool   `json:"direction_detected"`
		Furthest          bool   `json:"furthest"`
		FlagIgnored       string `json:"request_type_flag_ignored"`
		HTTP              *struct {
			Method string `json:"method"`
			Target string `json:"target"`
			Proto  string `json:"proto"`
			Status int    `json:"status"`
			Reason string `json:"reason"`
		} `json:"http"`
		Headers      []headerDoc `json:"headers"`
		ResponseCode *struct {
			Value   uint32 `json:"value"`
			Name    string `json:"name"`
			Action  string `json:"action"`
			Summary string `json:"summary"`
		} `json:"response_code"`
		ResponseFormat *struct {
			Processing    bool        `json:"processing"`
			Pending       int         `json:"pending"`
			Done          bool        `json:"done"`
			Unknown       int         `json:"unknown_lines"`
			NoMetaTags    bool        `json:"no_meta_tags"`
			Additional    []headerDoc `json:"additional_headers"`
			ElapsedTimeMS int64       `json:"elapsed_time_ms"`
			StartTime     string      `json:"start_time"`
			Error         string      `json:"error"`
		} `json:"response_format"`
		Body *struct {
			Size   int         `json:"size"`
			Shape  string      `json:"shape"`
			Type   string      `json:"type"`
			Text   string      `json:"text"`
			Fields []bodyField `json:"fields"`
			Stop   *stopJSON   `json:"stop"`
		} `json:"body"`
		// har
		Creator *struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"creator"`
		Entries []struct {
			Index    int    `json:"index"`
			Started  string `json:"started"`
			Method   string `json:"method"`
			URL      string `json:"url"`
			Status   int    `json:"status"`
			Skipped  string `json:"skipped"`
			Request  *block `json:"request"`
			Response *block `json:"response"`
		} `json:"entries"`
	}
	headerDoc struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	auxBlockDoc struct {
		Index     int         `json:"index"`
		Offset    int         `json:"offset"`
		Size      int         `json:"size"`
		Version   uint8       `json:"version"`
		Type      uint8       `json:"type"`
		TypeName  string      `json:"type_name"`
		Structure string      `json:"structure"`
		Source    string      `json:"source"`
		Fields    []jsonField `json:"fields"`
		Raw       string      `json:"raw"`
		Pad       string      `json:"pad"`
		Error     string      `json:"error"`
	}
	// bodyField is a FIELD of a MAPI/HTTP body: a RopBuffer or an
	// AuxiliaryBuffer has the RPC framing it holds.
	bodyField struct {
		jsonField
		Offset  *int   `json:"offset"`
		Decoded *block `json:"decoded"`
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
	"win32":  {"value", "hex", "code"},
	"flags":  {"value", "hex", "names"},
	"guid":   {"value"},
	"string": {"value"},
	"bytes":  {"size", "hex", "requests"},
	"struct": {"fields", "text"},
	"list":   {"count", "elements"},
	"value":  {"value_type", "text", "tag", "status"},
	"row":    {"text", "elements", "size", "hex"},
	"rows":   {"count", "elements", "size", "hex", "text"},
	"other":  {"text"},
}

func TestJSONSchema(t *testing.T) {
	runs, sessions := 0, 0
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
				if d.Session != nil {
					sessions++
					checkSession(t, c.path, d.Session)
				}
			}
		case "entryid":
			var e entryIDInfo
			assert.NoError(t, dec.Decode(&e), c.path)
		}
	}
	assert.GreaterOrEqual(t, runs, 8, "golden runs with --json")
	assert.GreaterOrEqual(t, sessions, 2, "golden runs of --session with --json")
}

// checkFields checks the members of every field of b by its type, in b
// and in the blocks it holds.
func checkFields(t *testing.T, path string, b block) {
	for _, p := range b.Payloads {
		checkFields(t, path, p.Decoded)
	}
	for _, r := range b.ROPs {
		checkFieldList(t, path, r.Fields)
	}
	for _, a := range b.Blocks {
		checkFieldList(t, path, a.Fields)
	}
	if b.Body != nil {
		for _, f := range b.Body.Fields {
			if f.Decoded != nil {
				assert.True(t, f.Type == "bytes" && f.Offset != nil && f.Size != nil, "%s: body field %s holds framing but is no bytes with an offset", path, f.Name)
				checkFields(t, path, *f.Decoded)
				continue
			}
			assert.Nil(t, f.Offset, "%s: body field %s", path, f.Name)
			checkFieldList(t, path, []jsonField{f.jsonField})
		}
	}
	for _, e := range b.Entries {
		for _, m := range []*block{e.Request, e.Response} {
			if m != nil {
				checkFields(t, path, *m)
			}
		}
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

// checkSession checks the fields of the ROPs of a session's pairs, and that
// every pair holds a ROP.
func checkSession(t *testing.T, path string, s *sessionDoc) {
	assert.NotEmpty(t, s.Calls, "%s: a session without calls", path)
	for _, c := range s.Calls {
		for _, p := range c.Pairs {
			assert.True(t, p.Request != nil || p.Response != nil, "%s: call %d pair %d holds no ROP", path, c.Index, p.Index)
			for _, r := range []*jsonROP{p.Request, p.Response} {
				if r != nil {
					checkFieldList(t, path, r.Fields)
				}
			}
		}
	}
}
