package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/codec"
)

// TestAuxGoldenBuffers runs decode --json --as aux on every auxiliary
// buffer of the module's testdata/aux-buffer.txtar and checks each block
// against the vector's .want file, written with the codec's AUX tables: its
// place and size, Version and Type, every field the .want lists with the
// value it gives (the offset and size fields, which the command leaves out,
// apart), the bytes of an unknown pair, the padding, and the error of a
// structure that does not decode.
func TestAuxGoldenBuffers(t *testing.T) {
	seen := 0
	for _, v := range moduleVectors(t) {
		if !strings.HasPrefix(v.name, "aux-buffer.txtar/") {
			continue
		}
		seen++
		t.Run(v.name, func(t *testing.T) {
			stdout, stderr, exit := decodeRun(t, v.b, "--json", "--as", "aux")
			require.Equal(t, 0, exit, stderr)
			var doc decodeDoc
			require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
			require.Len(t, doc.Decoded.Payloads, 1)
			p := doc.Decoded.Payloads[0]
			require.Equal(t, "aux", p.Decoded.Kind)
			lib, err := codec.DecodeAuxBuffer(v.b)
			require.NoError(t, err)
			checkAuxWant(t, string(v.want), p.DataOffset, p.Decoded.Blocks, lib)
		})
	}
	assert.GreaterOrEqual(t, seen, 4, "auxiliary buffers in ../../testdata/aux-buffer.txtar")
}

// checkAuxWant compares the blocks the command shows, whose payload starts
// at offset base, with the lines of a .want file ("blocks: 13",
// "Blocks[1].ServerDN: ..."). lib is the codec's decoding, for the roles of
// the fields the output leaves out.
func checkAuxWant(t *testing.T, want string, base int, blocks []auxBlockDoc, lib []codec.AuxBlock) {
	checked := 0
	for _, line := range strings.Split(want, "\n") {
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			key, val, ok = strings.Cut(line, ":") // an empty value
		}
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if key == "blocks" {
			n, err := strconv.Atoi(val)
			require.NoError(t, err)
			require.Len(t, blocks, n, "blocks")
			checked++
			continue
		}
		var i int
		var name string
		if _, err := fmt.Sscanf(key, "Blocks[%d].", &i); err != nil {
			continue
		}
		name = key[strings.IndexByte(key, '.')+1:]
		require.Less(t, i, len(blocks), key)
		b := blocks[i]
		checked++
		switch name {
		case "Offset":
			assert.Equal(t, val, strconv.Itoa(b.Offset-base), key)
		case "Size":
			assert.Equal(t, val, strconv.Itoa(b.Size), key)
		case "Version":
			assert.Equal(t, val, strconv.Itoa(int(b.Version)), key)
		case "Type":
			assert.Equal(t, val, fmt.Sprintf("0x%02X", b.Type), key)
		case "Raw":
			assert.Equal(t, strings.ReplaceAll(val, " ", ""), b.Raw, key)
		case "Pad":
			assert.Equal(t, strings.ReplaceAll(val, " ", ""), b.Pad, key)
		case "Err":
			// "codec: AUX_PERF_PROCESSINFO: ProcessName at offset 158: ..."
			// counts in the payload; the command counts in the input.
			var off int
			msg, _ := strconv.Unquote(val)
			at := strings.Index(msg, " at offset ")
			require.True(t, at > 0, key)
			_, err := fmt.Sscanf(msg[at:], " at offset %d", &off)
			require.NoError(t, err, key)
			field := msg[strings.LastIndex(msg[:at], " ")+1 : at]
			assert.Contains(t, b.Error, fmt.Sprintf("bad input at offset %d:", off+base), key)
			assert.Contains(t, b.Error, " "+field+":", key)
		default:
			checkAuxField(t, key, name, val, b, lib[i])
		}
	}
	assert.Greater(t, checked, 0, "lines checked")
}

// checkAuxField compares the field name (with an [index] for an element of
// a byte array) of block b with the value val of a .want line.
func checkAuxField(t *testing.T, key, name, val string, b auxBlockDoc, lib codec.AuxBlock) {
	base, elem, isElem := strings.Cut(name, "[")
	var f *jsonField
	// The .want files name fields as the Go structs do (SessionGUID), the
	// output as the document does (SessionGuid).
	for i := range b.Fields {
		if strings.EqualFold(b.Fields[i].Name, base) {
			f = &b.Fields[i]
		}
	}
	if f == nil {
		require.NotNil(t, lib.Data, key)
		for lf := range lib.Data.Fields() {
			if strings.EqualFold(lf.Name, base) {
				assert.True(t, hiddenField(lf), "%s: a field the output leaves out must be a size or offset field", key)
				return
			}
		}
		t.Errorf("%s: no field %s in the output or the structure", key, base)
		return
	}
	switch {
	case isElem:
		// a [N]byte: "Reserved[1]: 0x02"
		k, _ := strconv.Atoi(strings.TrimSuffix(elem, "]"))
		w, err := strconv.ParseUint(val, 0, 8)
		require.NoError(t, err, key)
		require.Equal(t, "other", f.Type, key)
		got := strings.Fields(strings.Trim(f.Text, "[]"))
		require.Less(t, k, len(got), key)
		assert.Equal(t, strconv.FormatUint(w, 10), got[k], key)
	case f.Type == "string":
		w, err := strconv.Unquote(val)
		require.NoError(t, err, key)
		assert.Equal(t, w, f.Value, key)
	case f.Type == "guid":
		assert.Equal(t, val, f.Value, key)
	case f.Type == "bytes":
		assert.Equal(t, strings.ReplaceAll(val, " ", ""), f.Hex, key)
	default:
		w, err := strconv.ParseUint(val, 0, 64)
		require.NoError(t, err, key)
		assert.EqualValues(t, w, f.Value, "%s (%s)", key, f.Type)
	}
}

// TestAuxLocatedFields checks that the byte fields of an AUX structure
// whose offset fields place them elsewhere than its encoder would (a gap
// before them) are dumped with offsets in the field, never with input
// offsets that are not theirs; and that the strings still read from where
// their offsets point.
func TestAuxLocatedFields(t *testing.T) {
	// An AUX_PERF_CLIENTINFO ([MS-OXCRPC] 2.2.2.2.4) whose ClientIP lies 4
	// bytes after the fixed fields, not right after them.
	block := []byte{
		0x28, 0x00, 0x01, 0x02, // AUX_HEADER: Size 40, Version 1, AUX_TYPE_PERF_CLIENTINFO
		0x40, 0x42, 0x0F, 0x00, // AdapterSpeed
		0x01, 0x00, // ClientID
		0x00, 0x00, 0x00, 0x00, // MachineNameOffset, UserNameOffset
		0x04, 0x00, 0x24, 0x00, // ClientIPSize 4, ClientIPOffset 36
		0x00, 0x00, 0x00, 0x00, // ClientIPMaskSize, ClientIPMaskOffset
		0x00, 0x00, // AdapterNameOffset
		0x00, 0x00, 0x00, 0x00, // MacAddressSize, MacAddressOffset
		0x01, 0x00, 0x00, 0x00, // ClientMode, Reserved
		0xEE, 0xEE, 0xEE, 0xEE, // a gap
		0xC0, 0xA8, 0x01, 0x14, // ClientIP at 36
	}
	buf := append([]byte{0x00, 0x00, 0x04, 0x00, byte(len(block)), 0x00, byte(len(block)), 0x00}, block...)
	stdout, stderr, exit := decodeRun(t, buf, "--as", "aux")
	require.Equal(t, 0, exit, stderr)
	assert.Contains(t, stdout, "          ClientIP:     4 bytes\n            +0: C0 A8 01 14\n", stdout)
	assert.NotContains(t, stdout, "offset 40: C0", "the encoder's offset of ClientIP")
	assert.NotContains(t, stdout, "offset 44: C0", "the offset a reader cannot know from the fields")

	// Where the structure is laid out as its encoder lays it out, the
	// bytes carry their input offsets (golden: decode-aux-rpc-in and the
	// connect-in blocks of decode-http-connect-request).
	again := append(append([]byte{}, buf[:8+32]...), 0xC0, 0xA8, 0x01, 0x14)
	again[4], again[6], again[8] = byte(len(again)-8), byte(len(again)-8), byte(len(again)-8)
	again[8+16] = 0x20 // ClientIPOffset 32
	stdout, stderr, exit = decodeRun(t, again, "--as", "aux")
	require.Equal(t, 0, exit, stderr)
	assert.Contains(t, stdout, "            offset 40: C0 A8 01 14\n", stdout)
}

// TestAuxNeverROPs checks that an auxiliary buffer is not read as ROPs: with
// --as aux, the framing of an rgbIn that holds ROPs is read as AUX headers
// and fails there, and without it, every auxiliary buffer of the module's
// golden vectors is shown as AUX blocks, as no ROP reading decodes it.
func TestAuxNeverROPs(t *testing.T) {
	for _, v := range moduleVectors(t) {
		if !strings.HasPrefix(v.name, "aux-buffer.txtar/") || strings.HasSuffix(v.name, "/empty") {
			continue
		}
		stdout, stderr, exit := decodeRun(t, v.b)
		require.Equal(t, 0, exit, "%s: %s", v.name, stderr)
		assert.Contains(t, stdout, "AUX blocks (", v.name)
		assert.NotContains(t, stdout, "Rop", v.name)
	}
	ex, ok := findExample("rpc")
	require.True(t, ok)
	b, err := parseHex(ex.hex)
	require.NoError(t, err)
	stdout, _, exit := decodeRun(t, b, "--as", "aux")
	assert.Equal(t, 1, exit)
	assert.NotContains(t, stdout, "Rop", "--as aux reads no ROP")
}
