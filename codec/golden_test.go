package codec

// Golden vectors: bytes assembled by hand from the layouts of the documents
// (and the few example buffers they print), kept in ../testdata/*.txtar. Each
// vector is decoded, every field is compared with a hand-written list of
// expected values, and the value is encoded again and compared byte for byte
// with the golden bytes. Round trips alone would hide a length bug made the
// same way in the decoder and the encoder.
//
// An archive holds, per vector NAME:
//
//	NAME.hex   the golden bytes: two-digit hex tokens separated by white
//	           space; "#" starts a comment that runs to the end of the line.
//	NAME.want  "Key: value" lines ("#" lines are comments). Lower-case keys
//	           say how to test the vector:
//	             decode:   the decoder (a key of goldenDecoders, or
//	                       DecodeRPCPayloads)
//	             type:     the concrete type the decoder returns
//	             consumed: the bytes it must use (the document's size)
//	             walk:     for a ROP buffer, Requests or Responses
//	             columns:  the columns (32-bit tags in hex) that lay out the
//	                       vector's rows, which a session gives the Decoder
//	                       (golden_columns_test.go)
//	             logon:    public or private, the kind of logon of the
//	                       vector's LogonId, for a layout that depends on it
//	                       and which a session gives the Decoder
//	                       (golden_logon_test.go)
//	           The other keys are the document's fields. Every field of the
//	           decoded value must be listed, and nothing else: struct fields
//	           by name (LogonTime.Year, FolderIDs[4], BackoffRopData[1].Duration),
//	           the wire fields the Go types leave implicit (RopId, a fixed
//	           ReturnValue, the size and count fields), and Status(),
//	           LogonActionFor(Status()), FolderName(i) where the type has them.
//	           Values: numbers in decimal or 0x hex, strings Go-quoted, byte
//	           fields as hex bytes (a key may repeat to continue them), GUIDs
//	           in registry form, Status() as nil or the code, a LogonAction by
//	           its Go name.
//	NAME.ropN.want  for a ROP buffer, the N-th ROP its walk yields.

import (
	"bytes"
	"encoding"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

const goldenDir = "../testdata"

// goldenArchives returns the name of every archive in goldenDir.
func goldenArchives(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no archives in %s", goldenDir)
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	return names
}

// goldenDecoders are the decoders a vector can name (packageDecoders, made
// from the registry by the generator), each returning a pointer to the
// decoded message. The shape decoders (Decode + type name) are also run on
// every vector of that type, and DecodeRequest / DecodeResponse on every
// request / response.
var goldenDecoders = packageDecoders

// handDecoders are the decoders written by hand around generated pieces,
// which the registry does not list: StoreEntryID (codec/entryid.go) reads the
// MailboxDN that a public store may leave out. Their vectors are checked
// field by field, encoded again byte for byte, and cut short.
var handDecoders = map[string]func([]byte) (any, int, error){
	"DecodeStoreEntryID": byValue(DecodeStoreEntryID),
}

// goldenInfo returns the MessageInfo of the type named name, or nil.
func goldenInfo(name string) *MessageInfo {
	for _, mi := range Messages() {
		if mi.Type == name {
			return mi
		}
	}
	return nil
}

// goldenLogonActions names the errors.LogonAction values for .want files.
var goldenLogonActions = map[string]errors.LogonAction{
	"LogonFail":             errors.LogonFail,
	"LogonSucceeded":        errors.LogonSucceeded,
	"LogonRedirect":         errors.LogonRedirect,
	"LogonRediscover":       errors.LogonRediscover,
	"LogonMailboxInTransit": errors.LogonMailboxInTransit,
	"LogonServerPaused":     errors.LogonServerPaused,
}

// byValue adapts a DecodeX function that returns a struct.
func byValue[T any](f func([]byte) (T, int, error)) func([]byte) (any, int, error) {
	return func(b []byte) (any, int, error) {
		v, n, err := f(b)
		if err != nil {
			return nil, n, err
		}
		return &v, n, nil
	}
}

// byInterface adapts a decode function that returns an interface.
func byInterface[T any](f func([]byte) (T, int, error)) func([]byte) (any, int, error) {
	return func(b []byte) (any, int, error) {
		v, n, err := f(b)
		if err != nil {
			return nil, n, err
		}
		return any(v), n, nil
	}
}

// goldenArchive is one parsed txtar archive; it records which files were read.
type goldenArchive struct {
	name  string
	files map[string][]byte
	order []string
	used  map[string]bool
}

func loadGolden(t *testing.T, name string) *goldenArchive {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join(goldenDir, name))
	require.NoError(t, err)
	if len(bytes.TrimSpace(ar.Comment)) == 0 {
		t.Errorf("%s: no comment saying which document sections the vectors follow", name)
	}
	a := &goldenArchive{name: name, files: map[string][]byte{}, used: map[string]bool{}}
	for _, f := range ar.Files {
		if _, dup := a.files[f.Name]; dup {
			t.Fatalf("%s: file %s appears twice", name, f.Name)
		}
		a.files[f.Name] = f.Data
		a.order = append(a.order, f.Name)
	}
	return a
}

func (a *goldenArchive) has(name string) bool {
	_, ok := a.files[name]
	return ok
}

func (a *goldenArchive) file(t *testing.T, name string) []byte {
	t.Helper()
	data, ok := a.files[name]
	if !ok {
		t.Fatalf("%s: no file %s", a.name, name)
	}
	a.used[name] = true
	return data
}

// vectors returns the names of the .hex files, in archive order.
func (a *goldenArchive) vectors() []string {
	var out []string
	for _, f := range a.order {
		if v, ok := strings.CutSuffix(f, ".hex"); ok {
			out = append(out, v)
		}
	}
	return out
}

// goldenParseHex reads two-digit hex tokens; "#" comments run to the end of
// a line (testvec.ParseHex).
func goldenParseHex(data []byte) ([]byte, error) { return testvec.ParseHex(data) }

func (a *goldenArchive) hex(t *testing.T, name string) []byte {
	t.Helper()
	b, err := goldenParseHex(a.file(t, name))
	if err != nil {
		t.Fatalf("%s: %s: %v", a.name, name, err)
	}
	if len(b) == 0 {
		t.Fatalf("%s: %s: no bytes", a.name, name)
	}
	return b
}

// goldenWant is a parsed .want file: meta keys (lower case) and field keys.
type goldenWant struct {
	meta   map[string]string
	fields map[string]string
	order  []string
}

func (a *goldenArchive) wantFile(t *testing.T, name string) goldenWant {
	t.Helper()
	w := goldenWant{meta: map[string]string{}, fields: map[string]string{}}
	for i, line := range strings.Split(string(a.file(t, name)), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s: %s:%d: no colon in %q", a.name, name, i+1, line)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if key == "" {
			t.Fatalf("%s: %s:%d: empty key", a.name, name, i+1)
		}
		if c := key[0]; 'a' <= c && c <= 'z' {
			if _, dup := w.meta[key]; dup {
				t.Fatalf("%s: %s:%d: %s given twice", a.name, name, i+1, key)
			}
			w.meta[key] = val
			continue
		}
		if old, dup := w.fields[key]; dup {
			// A repeated key continues a long value (hex bytes).
			w.fields[key] = old + " " + val
			continue
		}
		w.fields[key] = val
		w.order = append(w.order, key)
	}
	return w
}

func (w goldenWant) consumed(t *testing.T) int {
	t.Helper()
	s, ok := w.meta["consumed"]
	if !ok {
		t.Fatal("want: no consumed")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("want: consumed: %v", err)
	}
	return n
}

func goldenTypeName(v any) string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "<nil>"
	}
	return t.Name()
}

// goldenStatus wraps the result of Status() so that nil can be told from 0.
type goldenStatus struct{ err error }

// goldenFields flattens v into the document's fields, keyed as in .want
// files: the struct's fields by their Go names, and from the visitor the
// fields the struct leaves implicit: size, count and offset fields, and the
// RopId and fixed values of a ROP (those of a structure are checked on the
// wire only).
func goldenFields(v any) map[string]any {
	out := map[string]any{}
	goldenFlatten("", reflect.ValueOf(v), out)
	if m, ok := v.(Message); ok {
		_, isROP := v.(ROP)
		for f := range m.Fields() {
			if f.Role == FieldLength || f.Role == FieldOffset || f.Role == FieldFixed && isROP {
				out[f.Name] = f.Value
			}
		}
	}
	if r, ok := v.(Response); ok {
		err := r.Status()
		out["Status()"] = goldenStatus{err}
		if _, ok := v.(RopLogonResponse); ok {
			out["LogonActionFor(Status())"] = errors.LogonActionFor(err)
		}
	}
	if f, ok := v.(interface{ FolderName(int) string }); ok {
		for i := -1; i <= 13; i++ {
			out[fmt.Sprintf("FolderName(%d)", i)] = f.FolderName(i)
		}
	}
	return out
}

var goldenGUIDType = reflect.TypeFor[GUID]()

func goldenFlatten(key string, v reflect.Value, out map[string]any) {
	join := func(k string) string {
		if key == "" {
			return k
		}
		return key + "." + k
	}
	switch {
	case v.Type() == goldenGUIDType:
		out[key] = v.Interface()
	case v.Kind() == reflect.Interface && v.IsNil():
		out[key] = nil // a Restriction left out
	case v.Kind() == reflect.Pointer && v.IsNil():
		out[key] = nil
	case v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface:
		goldenFlatten(key, v.Elem(), out)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && !(goldenOmitZero(v.Type(), f.Name) && v.Field(i).IsZero()) {
				goldenFlatten(join(f.Name), v.Field(i), out)
			}
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		out[key] = v.Bytes()
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		for i := range v.Len() {
			goldenFlatten(fmt.Sprintf("%s[%d]", key, i), v.Index(i), out)
		}
	default:
		out[key] = v.Interface()
	}
}

// goldenMatches reports whether got, a value from goldenFields, is the .want value s.
func goldenMatches(got any, s string) (bool, error) {
	switch g := got.(type) {
	case nil:
		return s == "nil", nil
	case GUID:
		w, err := ParseGUID(s)
		return err == nil && w == g, err
	case []byte:
		w, err := goldenParseHex([]byte(s))
		return err == nil && bytes.Equal(w, g), err
	case goldenStatus:
		if s == "nil" {
			return g.err == nil, nil
		}
		w, err := strconv.ParseUint(s, 0, 32)
		if err != nil {
			return false, err
		}
		ec, ok := g.err.(errors.EC)
		return ok && uint64(ec) == w, nil
	case errors.LogonAction:
		w, ok := goldenLogonActions[s]
		if !ok {
			return false, fmt.Errorf("unknown LogonAction %q", s)
		}
		return g == w, nil
	case string:
		w, err := strconv.Unquote(s)
		return err == nil && w == g, err
	case int:
		w, err := strconv.ParseInt(s, 0, 64)
		return err == nil && int64(g) == w, err
	case bool:
		w, err := strconv.ParseBool(s)
		return err == nil && g == w, err
	}
	rv := reflect.ValueOf(got)
	switch rv.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w, err := strconv.ParseUint(s, 0, rv.Type().Bits())
		return err == nil && rv.Uint() == w, err
	}
	return false, fmt.Errorf("no comparison for %T", got)
}

func goldenRender(got any) string {
	switch g := got.(type) {
	case nil:
		return "nil"
	case []byte:
		return fmt.Sprintf("% X", g)
	case goldenStatus:
		if g.err == nil {
			return "nil"
		}
		if ec, ok := g.err.(errors.EC); ok {
			return fmt.Sprintf("0x%08X (%v)", uint32(ec), ec)
		}
		return fmt.Sprintf("%T %v", g.err, g.err)
	case errors.LogonAction:
		return "Logon" + g.String()
	case string:
		return strconv.Quote(g)
	case GUID:
		return g.String()
	}
	rv := reflect.ValueOf(got)
	switch rv.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fmt.Sprintf("0x%0*X (%d)", rv.Type().Bits()/4, rv.Uint(), rv.Uint())
	}
	return fmt.Sprint(got)
}

// goldenCheckFields compares every field of v with w, both ways.
func goldenCheckFields(t *testing.T, w goldenWant, v any) {
	t.Helper()
	if ty, ok := w.meta["type"]; ok {
		require.Equal(t, ty, goldenTypeName(v), "decoded type (%T)", v)
	}
	goldenCompare(t, w, goldenFields(v), fmt.Sprintf("%T", v))
}

// goldenCompare compares the fields got, keyed as in .want files, with w,
// both ways; what names the value they belong to in messages.
func goldenCompare(t *testing.T, w goldenWant, got map[string]any, what string) {
	t.Helper()
	for _, k := range w.order {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: listed in the .want file, but %s has no such field", k, what)
			continue
		}
		ok, err := goldenMatches(g, w.fields[k])
		switch {
		case err != nil:
			t.Errorf("%s: bad .want value %q: %v", k, w.fields[k], err)
		case !ok:
			t.Errorf("%s = %s, want %s", k, goldenRender(g), w.fields[k])
		}
	}
	var missing []string
	for k := range got {
		if _, ok := w.fields[k]; !ok {
			missing = append(missing, k)
		}
	}
	slices.Sort(missing)
	for _, k := range missing {
		t.Errorf("%s = %s is not checked: add it to the .want file", k, goldenRender(got[k]))
	}
}

// goldenCheckEncode re-encodes v and compares it with golden.
func goldenCheckEncode(t *testing.T, v any, golden []byte) {
	t.Helper()
	m, ok := v.(Message)
	require.True(t, ok, "%T is not a Message", v)
	out, err := m.MarshalBinary()
	if assert.NoError(t, err, "MarshalBinary") {
		assert.Equal(t, golden, out, "MarshalBinary")
	}
	prefix := []byte{0xDE, 0xAD}
	out, err = m.AppendBinary(bytes.Clone(prefix))
	if assert.NoError(t, err, "AppendBinary") {
		assert.Equal(t, append(bytes.Clone(prefix), golden...), out, "AppendBinary after % X", prefix)
	}
}

// goldenCheckDecoders runs every decoder that must read golden as v: the shape
// decoder of v's type, the RopId switch, the registry's decoders,
// UnmarshalBinary, and the decoders again with bytes after the vector.
func goldenCheckDecoders(t *testing.T, v any, golden []byte) {
	t.Helper()
	name := goldenTypeName(v)
	info := goldenInfo(name)
	require.NotNil(t, info, "no MessageInfo for %s", name)
	require.Same(t, info, v.(Message).Info(), "Info of %s", name)
	decoders := map[string]func([]byte) (any, int, error){
		"MessageInfo.Decode": func(b []byte) (any, int, error) {
			v, n, err := info.Decode(b)
			if err != nil {
				return nil, n, err
			}
			return v, n, nil
		},
	}
	d, ok := goldenDecoders["Decode"+name]
	require.True(t, ok, "no shape decoder Decode%s in goldenDecoders", name)
	decoders["Decode"+name] = d
	if r, ok := v.(ROP); ok {
		ri := LookupROP(r.RopID())
		require.NotNil(t, ri, "LookupROP(0x%02X)", r.RopID())
		if _, ok := v.(Response); ok {
			decoders["DecodeResponse"] = goldenDecoders["DecodeResponse"]
			decoders["ROPInfo.DecodeResponse"] = byInterface(ri.DecodeResponse)
		} else {
			decoders["DecodeRequest"] = goldenDecoders["DecodeRequest"]
			decoders["ROPInfo.DecodeRequest"] = byInterface(ri.DecodeRequest)
		}
	}
	// Shared by the decoders below, so that it remembers strings, and
	// handing out its own values, each checked before the next call.
	dec := Decoder{ReuseValues: true}
	for dn, d := range decoders {
		if !strings.Contains(dn, ".") {
			goldenCheckDecoder(t, &dec, dn, d, golden)
		}
	}
	goldenDecodersRead(t, v, golden, info.RunsToEnd, decoders)
	goldenCheckInto(t, info, &dec, v, golden)
	u := info.New()
	um, ok := u.(encoding.BinaryUnmarshaler)
	require.True(t, ok, "%T has no UnmarshalBinary", u)
	if assert.NoError(t, um.UnmarshalBinary(golden), "UnmarshalBinary") {
		assert.Equal(t, v, u, "UnmarshalBinary")
	}
	if !info.RunsToEnd {
		assert.ErrorIs(t, um.UnmarshalBinary(append(bytes.Clone(golden), 0x00)), ErrTrailingBytes, "UnmarshalBinary with a byte after the vector")
	}
}

// goldenDecodersRead checks that each of decoders reads golden as v, using
// every byte, and fails on every cut of it; and, unless the layout runs to
// the end of its buffer, that it reads golden as v with 3 bytes after it,
// which it leaves.
func goldenDecodersRead(t *testing.T, v any, golden []byte, runsToEnd bool, decoders map[string]func([]byte) (any, int, error)) {
	t.Helper()
	for dn, dec := range decoders {
		got, n, err := dec(golden)
		if assert.NoError(t, err, dn) {
			assert.Equal(t, v, got, dn)
			assert.Equal(t, len(golden), n, "%s: bytes used", dn)
		}
		if runsToEnd {
			continue
		}
		got, n, err = dec(append(bytes.Clone(golden), 0x5A, 0xA5, 0x00))
		if assert.NoError(t, err, "%s with 3 bytes after the vector", dn) {
			assert.Equal(t, v, got, "%s with 3 bytes after the vector", dn)
			assert.Equal(t, len(golden), n, "%s with 3 bytes after the vector: bytes used", dn)
		}
		for cut := range len(golden) {
			_, _, err := dec(golden[:cut])
			assert.Error(t, err, "%s of the first %d bytes", dn, cut)
		}
	}
}

// goldenCheckInto checks DecodeInto against the decoders of info: into a
// new value and into one that holds the message already, with and without a
// Decoder; and at every cut of golden, into a value that held the whole
// message, which must then hold what a new partial decode holds (empty
// slices aside: a reused list is left empty where a new one is nil).
func goldenCheckInto(t *testing.T, info *MessageInfo, dec *Decoder, v any, golden []byte) {
	t.Helper()
	into := info.New()
	for _, d := range []*Decoder{nil, dec, nil} {
		n, err := d.DecodeInto(into, golden)
		if assert.NoError(t, err, "DecodeInto") {
			assert.Equal(t, v, into, "DecodeInto")
			assert.Equal(t, len(golden), n, "DecodeInto: bytes used")
		}
	}
	for cut := range len(golden) {
		want, wantN, wantErr := info.Decode(golden[:cut])
		_, err := DecodeInto(into, golden)
		require.NoError(t, err)
		n, err := DecodeInto(into, golden[:cut])
		assert.Equal(t, wantN, n, "DecodeInto of the first %d bytes: bytes used", cut)
		assert.True(t, sameError(err, wantErr), "DecodeInto of the first %d bytes: %v; the decoder gives %v", cut, err, wantErr)
		assert.Equal(t, emptySlicesNil(want), emptySlicesNil(into), "DecodeInto of the first %d bytes", cut)
	}
}

func TestGolden(t *testing.T) {
	for _, name := range goldenArchives(t) {
		t.Run(strings.TrimSuffix(name, ".txtar"), func(t *testing.T) {
			a := loadGolden(t, name)
			vectors := a.vectors()
			require.NotEmpty(t, vectors, "no vectors")
			ran, passed := 0, true
			for _, vec := range vectors {
				passed = t.Run(vec, func(t *testing.T) {
					ran++
					golden := a.hex(t, vec+".hex")
					w := a.wantFile(t, vec+".want")
					switch w.meta["decode"] {
					case "DecodeRPCPayloads":
						goldenRPC(t, w, golden)
					case "DecodeROPBuffer":
						goldenROPBuffer(t, a, vec, w, golden)
					case "DecodeAuxBuffer":
						goldenAuxBuffer(t, w, golden)
					default:
						goldenMessage(t, w, golden)
					}
				}) && passed
			}
			// Every file of the archive must have been read, unless -run
			// skipped some vectors or one failed before reading its files.
			if ran == len(vectors) && passed {
				for _, f := range a.order {
					assert.True(t, a.used[f], "%s: file %s is not used by any vector", name, f)
				}
			}
		})
	}
}

// goldenMessage tests a vector holding one ROP request or response.
func goldenMessage(t *testing.T, w goldenWant, golden []byte) {
	dn := w.meta["decode"]
	decode, ok := goldenDecoders[dn]
	if hand, isHand := handDecoders[dn]; isHand {
		goldenHandWritten(t, w, dn, hand, golden)
		return
	}
	if !ok {
		t.Fatalf("unknown decoder %q", dn)
	}
	if n := w.consumed(t); n != len(golden) {
		t.Fatalf("the .hex file holds %d bytes; the document's size (consumed) is %d", len(golden), n)
	}
	if cols, ok := goldenColumns(t, w); ok {
		goldenWithColumns(t, w, cols, golden)
		return
	}
	if public, ok := goldenLogon(t, w); ok {
		goldenWithLogon(t, w, public, golden)
		return
	}
	v, n, err := decode(golden)
	require.NoError(t, err, dn)
	assert.Equal(t, len(golden), n, "%s: bytes used", dn)
	goldenCheckFields(t, w, v)
	goldenCheckEncode(t, v, golden)
	goldenCheckDecoders(t, v, golden)
}

// goldenHandWritten tests a vector of a hand-written decoder: every field as
// the .want file says, the encoders give the vector back, and every
// truncation fails.
func goldenHandWritten(t *testing.T, w goldenWant, dn string, decode func([]byte) (any, int, error), golden []byte) {
	if n := w.consumed(t); n != len(golden) {
		t.Fatalf("the .hex file holds %d bytes; the document's size (consumed) is %d", len(golden), n)
	}
	v, n, err := decode(golden)
	require.NoError(t, err, dn)
	assert.Equal(t, len(golden), n, "%s: bytes used", dn)
	goldenCheckFields(t, w, v)
	m, ok := v.(interface {
		encoding.BinaryMarshaler
		AppendBinary([]byte) ([]byte, error)
	})
	require.True(t, ok, "%T has no MarshalBinary and AppendBinary", v)
	out, err := m.MarshalBinary()
	if assert.NoError(t, err, "MarshalBinary") {
		assert.Equal(t, golden, out, "MarshalBinary")
	}
	out, err = m.AppendBinary([]byte{0xDE, 0xAD})
	if assert.NoError(t, err, "AppendBinary") {
		assert.Equal(t, append([]byte{0xDE, 0xAD}, golden...), out, "AppendBinary after DE AD")
	}
	// A Store EntryID may end after ServerShortname (a public store without
	// a MailboxDN) and its Extension runs to the end, so the cuts that must
	// fail are those inside the generated prefix, ServerShortname included.
	_, end, err := DecodeStoreEntryIDPrefix(golden)
	require.NoError(t, err, "DecodeStoreEntryIDPrefix")
	for cut := range end {
		_, _, err := decode(golden[:cut])
		assert.Error(t, err, "%s of the first %d bytes", dn, cut)
	}
}

// goldenROPBuffer tests a ROP input or output buffer and walks its RopsList.
func goldenROPBuffer(t *testing.T, a *goldenArchive, vec string, w goldenWant, golden []byte) {
	if n := w.consumed(t); n != len(golden) {
		t.Fatalf("the .hex file holds %d bytes; the document's size (consumed) is %d", len(golden), n)
	}
	var buf ROPBuffer
	require.NoError(t, buf.UnmarshalBinary(golden), "UnmarshalBinary")
	// goldenCheckDecoders runs DecodeROPBuffer too and checks that it uses
	// every byte.
	goldenCheckFields(t, w, &buf)
	goldenCheckEncode(t, &buf, golden)
	goldenCheckDecoders(t, &buf, golden)

	var rops []any
	var walkErr error
	switch w.meta["walk"] {
	case "Requests":
		for r, err := range Requests(buf.RopsList) {
			if err != nil {
				walkErr = err
				break
			}
			rops = append(rops, r)
		}
	case "Responses":
		for r, err := range Responses(buf.RopsList) {
			if err != nil {
				walkErr = err
				break
			}
			rops = append(rops, r)
		}
	default:
		t.Fatalf("walk: %q, want Requests or Responses", w.meta["walk"])
	}
	assert.NoError(t, walkErr, "%s after %d ROPs", w.meta["walk"], len(rops))
	// Each ROP the walk yields has its .ropN.want; the ROPs, encoded again
	// one after another, must give RopsList back.
	var again []byte
	for i, r := range rops {
		f := fmt.Sprintf("%s.rop%d.want", vec, i)
		if !a.has(f) {
			t.Errorf("the walk yields ROP %d (%T), but there is no %s", i, r, f)
			continue
		}
		t.Run(fmt.Sprintf("rop%d", i), func(t *testing.T) {
			goldenCheckFields(t, a.wantFile(t, f), r)
		})
		var err error
		again, err = r.(Message).AppendBinary(again)
		assert.NoError(t, err, "ROP %d: AppendBinary", i)
	}
	assert.False(t, a.has(fmt.Sprintf("%s.rop%d.want", vec, len(rops))), "the walk yields %d ROPs, but there is a .rop%d.want", len(rops), len(rops))
	assert.Equal(t, buf.RopsList, again, "the walked ROPs, encoded again, must give RopsList")
}

// goldenPayloads is the result of DecodeRPCPayloads as a struct, for goldenCheckFields.
type goldenPayloads struct{ Payloads []Payload }

// goldenRPC tests an RPC_HEADER_EXT-framed buffer.
func goldenRPC(t *testing.T, w goldenWant, golden []byte) {
	ps, err := DecodeRPCPayloads(golden)
	if err != nil {
		t.Fatalf("DecodeRPCPayloads: %v", err)
	}
	goldenCheckFields(t, w, &goldenPayloads{ps})

	var out []byte
	for i, p := range ps {
		if out, err = AppendRPCPayload(out, p.Data, p.Header.Flags); err != nil {
			t.Fatalf("AppendRPCPayload %d: %v", i, err)
		}
	}
	if !bytes.Equal(out, golden) {
		t.Errorf("AppendRPCPayload:\n got % X\nwant % X", out, golden)
	}
	if _, err := DecodeRPCPayloads(append(bytes.Clone(golden), 0x00)); !errors.Is(err, ErrTrailingBytes) {
		t.Errorf("DecodeRPCPayloads with a byte after the Last payload: %v, want ErrTrailingBytes", err)
	}
	if len(ps) > 1 {
		first := int(RPCHeaderExtSize) + int(ps[0].Header.Size)
		if _, err := DecodeRPCPayloads(golden[:first]); !errors.Is(err, ErrMissingLast) {
			t.Errorf("DecodeRPCPayloads of the first payload alone: %v, want ErrMissingLast", err)
		}
	}
}

// TestGoldenRPCCarriesExample46 checks that the single-xor-last framing
// vector is the [MS-OXCROPS] 4.6 buffer of ropbuffer.txtar, obfuscated: its
// payload bytes XOR 0xA5 are the 4.6 bytes, and they decode to them.
func TestGoldenRPCCarriesExample46(t *testing.T) {
	ex := loadGolden(t, "ropbuffer.txtar").hex(t, "ms-oxcrops-4.6.hex")
	framed := loadGolden(t, "rpcheaderext.txtar").hex(t, "single-xor-last.hex")
	if len(framed) != 8+len(ex) {
		t.Fatalf("framed vector is %d bytes, want 8 + %d", len(framed), len(ex))
	}
	for i, c := range framed[8:] {
		if c^0xA5 != ex[i] {
			t.Fatalf("payload byte %d is 0x%02X; 0x%02X XOR 0xA5 = 0x%02X", i, c, ex[i], ex[i]^0xA5)
		}
	}
	ps, err := DecodeRPCPayloads(framed)
	if err != nil || len(ps) != 1 || !bytes.Equal(ps[0].Data, ex) {
		t.Fatalf("DecodeRPCPayloads = %v, %v; want the 4.6 bytes % X", ps, err, ex)
	}
}

// TestGoldenArchivesUsed checks that each archive of ../testdata holds only
// vectors: NAME.hex with NAME.want, and NAME.ropN.want for the ROPs of a ROP
// buffer.
func TestGoldenArchivesUsed(t *testing.T) {
	for _, name := range goldenArchives(t) {
		a := loadGolden(t, name)
		for _, f := range a.order {
			base, ok := strings.CutSuffix(f, ".hex")
			if !ok {
				base, ok = strings.CutSuffix(f, ".want")
			}
			if !assert.True(t, ok, "%s: %s is neither .hex nor .want", name, f) {
				continue
			}
			if i := strings.LastIndex(base, ".rop"); i >= 0 {
				if _, err := strconv.Atoi(base[i+4:]); err == nil {
					base = base[:i]
				}
			}
			assert.True(t, a.has(base+".hex") && a.has(base+".want"), "%s: %s belongs to no vector (needs %s.hex and %s.want)", name, f, base, base)
		}
	}
}

// TestGoldenCoversEveryROP checks that every request and response shape the
// registry lists is the type of at least one golden vector (or of a ROP of a
// golden ROP buffer), so that a ROP added to spec/ comes with its vector.
func TestGoldenCoversEveryROP(t *testing.T) {
	covered := map[string]bool{}
	for _, name := range goldenArchives(t) {
		a := loadGolden(t, name)
		for _, f := range a.order {
			if strings.HasSuffix(f, ".want") {
				covered[a.wantFile(t, f).meta["type"]] = true
			}
		}
	}
	for _, mi := range Messages() {
		if mi.RopID >= 0 {
			assert.True(t, covered[mi.Type], "%s (%s) has no golden vector in %s: add one", mi.Type, mi.Title, goldenDir)
		}
	}
}
