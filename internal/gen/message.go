package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
)

// messageKind is the layout of one ROP request, response or structure, a
// field a row.
var messageKind = tableKind{
	name:     "message",
	required: []string{"field", "type", "section"},
	optional: []string{"length", "offset", "value", "check", "unit", "summary", "when", "by"},
	load:     (*Model).loadMessages,
	emit:     codecFiles,
}

// Message is one wire layout: a ROP request or response shape, or a fixed
// structure used inside them.
type Message struct {
	Type      string // Go type name
	ROP       string // ROP name for errors; for a struct, optional
	Direction string // request, response or struct
	Source    string
	Title     string // the document's title of the layout, from Source
	RopID     int    // -1 for structs
	Fields    []*Field
	Names     *FieldNames // names for the elements of one array field, if any
	Dispatch  *Dispatch   // the dispatch table choosing this shape, if any
	Variant   *Variant    // the variant this structure is a member of, if any
	file      string
}

// Field is one field of a Message, in wire order.
type Field struct {
	Name, Type, Section, Summary string
	Go                           string   // Go name of the struct field
	Unit                         string   // what an integer counts or names (ms, bytes, RopId)
	Kind                         wireKind // how it is laid out
	Length                       *Field   // field holding this one's size or count
	LengthAdjust                 int      // bytes the length field counts beyond this field
	Size                         *Field   // for a list, the field holding its size in bytes (sizedList)
	SizeAdjust                   int      // bytes Size counts beyond the list
	ToEnd                        bool     // runs to the end of the buffer
	LengthOf                     *Field   // the field this one holds the size or count of
	Offset                       *Field   // field holding where this one is (kind_located.go)
	OffsetBase                   int      // bytes before the message that Offset counts from
	OffsetOf                     *Field   // the field this one holds the offset of
	HasValue                     bool     // the value column fixes the field: Value or Bytes
	Value                        uint64
	Bytes                        []byte      // the value of a GUID or byte array, in wire order
	EmptyIfZero                  bool        // a size of 0 stands for an empty string
	Checks                       []check     // what decoders and encoders test
	Names                        *FieldNames // names of the elements of an array, if any
	locIndex                     int         // place among the message's located fields
	owner                        string      // the name its message's errors carry (ropName)
	row                          row
}

// InStruct reports whether the field is a member of the Go struct: fixed
// values, length fields and offset fields are derived, not stored.
func (f *Field) InStruct() bool { return !f.HasValue && f.LengthOf == nil && f.OffsetOf == nil }

// decodeChecked reports whether decoders test the field's value.
func (f *Field) decodeChecked() bool {
	return slices.ContainsFunc(f.Checks, func(c check) bool { return c.decodeFails(f, jen.Id("v")) != nil })
}

// fixedSize is the wire size of a field, or -1 when it varies.
func (f *Field) fixedSize() int { return f.Kind.fixedSize(f) }

// fast reports whether a field is read and written by offset.
func (f *Field) fast() bool {
	k, ok := f.Kind.(fixedKind)
	return ok && k.fast(f)
}

// generatedMethods are the methods every generated message type has, and
// the few that some have; a field whose Go name is one of them is refused.
var generatedMethods = []string{
	"AppendBinary", "MarshalBinary", "UnmarshalBinary", "RopID", "Status", "Fields", "Info",
}

func (m *Model) message(name string) *Message {
	for _, msg := range m.Messages {
		if msg.Type == name {
			return msg
		}
	}
	return nil
}

func (m *Model) loadMessages(tables []*table) error {
	for _, t := range tables {
		msg, err := m.newMessage(t)
		if err != nil {
			return err
		}
		m.Messages = append(m.Messages, msg)
	}
	for i, t := range tables {
		if err := m.loadFields(m.Messages[len(m.Messages)-len(tables)+i], t); err != nil {
			return err
		}
	}
	return m.resolveLate()
}

// newMessage reads the directives of a message table.
func (m *Model) newMessage(t *table) (*Message, error) {
	d := t.directives
	msg := &Message{Type: d["message"], ROP: d["rop"], Direction: d["direction"], Source: d["source"], RopID: -1, file: t.file}
	if !token.IsIdentifier(msg.Type) || !token.IsExported(msg.Type) {
		return nil, &Error{t.file, 0, fmt.Sprintf("message %q: want an exported Go identifier in a '# message:' directive", msg.Type)}
	}
	if m.message(msg.Type) != nil || m.flagType(msg.Type) != nil {
		return nil, &Error{t.file, 0, fmt.Sprintf("type %s is defined twice", msg.Type)}
	}
	switch msg.Direction {
	case "request", "response":
		if msg.ROP == "" {
			return nil, &Error{t.file, 0, "a request or response needs a '# rop:' directive"}
		}
	case "struct":
		// a struct's rop directive, if any, is only the name its errors carry
	default:
		return nil, &Error{t.file, 0, fmt.Sprintf("direction %q: want request, response or struct", msg.Direction)}
	}
	msg.Title = docTitle(msg.Source, msg.Type)
	return msg, nil
}

// loadFields reads the rows of a message table, a field each.
func (m *Model) loadFields(msg *Message, t *table) error {
	byName := map[string]*Field{}
	for _, r := range t.rows {
		f, err := m.newField(msg, r, byName)
		if err != nil {
			return err
		}
		byName[f.Name] = f
		msg.Fields = append(msg.Fields, f)
	}
	if len(msg.Fields) == 0 {
		return &Error{t.file, 0, "a message needs at least one field"}
	}
	return msg.checkLayout()
}

// newField reads one row of a message table; earlier holds the fields before it.
func (m *Model) newField(msg *Message, r row, earlier map[string]*Field) (*Field, error) {
	f := &Field{Name: r.get("field"), Type: r.get("type"), Section: r.get("section"), Summary: r.get("summary"), Unit: r.get("unit"),
		owner: ropName(msg), row: r}
	f.Go = goFieldName(f.Name)
	switch {
	case !token.IsIdentifier(f.Name) || !token.IsExported(f.Name):
		return nil, r.errorf("field %q is not an exported Go identifier", f.Name)
	case earlier[f.Name] != nil:
		return nil, r.errorf("field %s given twice", f.Name)
	case f.Section == "":
		return nil, r.errorf("%s: section is empty", f.Name)
	}
	if err := m.parseKind(msg, f); err != nil {
		return nil, err
	}
	if err := checkUnit(f); err != nil {
		return nil, err
	}
	if err := fieldOffset(f, earlier, r.get("offset")); err != nil {
		return nil, err
	}
	if err := fieldLength(f, earlier, r.get("length")); err != nil {
		return nil, err
	}
	if err := fieldValue(msg, f, r.get("value")); err != nil {
		return nil, err
	}
	if err := m.parseChecks(f, r.get("check"), earlier); err != nil {
		return nil, err
	}
	if err := m.fieldBy(msg, f, r.get("by"), earlier); err != nil {
		return nil, err
	}
	if w := r.get("when"); w != "" {
		if err := withWhen(f, w, earlier); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// checkUnit checks the unit column: one word saying what an integer counts
// or names (ms, bytes, RopId), or "requests" on bytes that hold ROP requests.
func checkUnit(f *Field) error {
	if f.Unit == "" {
		return nil
	}
	_, isInt := f.Kind.(*integer)
	_, isBytes := f.Kind.(*bytesKind)
	if isInt && !strings.ContainsFunc(f.Unit, unicode.IsSpace) || isBytes && f.Unit == "requests" {
		return nil
	}
	return f.row.errorf("%s: unit %q: want one word on an integer field, or requests on bytes", f.Name, f.Unit)
}

// fieldValue resolves the value column: a fixed integer, or fixed bytes of a
// GUID or byte array. The RopId of a ROP gets the check of a RopId.
func fieldValue(msg *Message, f *Field, v string) error {
	if v == "" {
		return nil
	}
	switch k := f.Kind.(type) {
	case *byteArray:
		b, err := parseHexBytes(v)
		if err != nil || len(b) != k.n {
			return f.row.errorf("%s: value %q: want %d bytes in hex", f.Name, v, k.n)
		}
		f.HasValue, f.Bytes = true, b
	case *integer:
		if k.flags != nil {
			return f.row.errorf("%s: only integer, GUID and byte array fields take a value", f.Name)
		}
		n, err := parseValue(v, 8*k.width)
		if err != nil {
			return f.row.errorf("%s: value %q: %v", f.Name, v, err)
		}
		f.HasValue, f.Value = true, uint64(n)
	default:
		return f.row.errorf("%s: only integer, GUID and byte array fields take a value", f.Name)
	}
	if f.Name == "RopId" && msg.Direction != "struct" {
		f.Checks = append(f.Checks, ropIDValue{})
	} else {
		f.Checks = append(f.Checks, fixedValue{})
	}
	return nil
}

// checkLayout checks what depends on the fields together: lengths, the end,
// the RopId, and checks on fields that are not stored.
func (msg *Message) checkLayout() error {
	for _, f := range msg.Fields {
		if f.Length == nil && f.Size == nil && !f.ToEnd && f.Kind.lengths()&lengthField != 0 && !isOptionalLength(f) {
			return f.row.errorf("%s: a %s needs a length", f.Name, f.Type)
		}
		if f.ToEnd && f != msg.Fields[len(msg.Fields)-1] {
			return f.row.errorf("%s runs to the end of the buffer, so it must be the last field", f.Name)
		}
		if f.InStruct() && slices.Contains(generatedMethods, f.Go) {
			return f.row.errorf("field %s: its Go name is a method of generated messages", f.Name)
		}
		if _, ok := f.Kind.(varKind); !ok && !f.fast() {
			return f.row.errorf("%s: the generator has no code for a %s here", f.Name, f.Type)
		}
		if err := checkTermsStored(f); err != nil {
			return err
		}
	}
	if err := checkLocated(msg); err != nil {
		return err
	}
	if msg.Direction != "struct" {
		first := msg.Fields[0]
		if k, ok := first.Kind.(*integer); first.Name != "RopId" || !ok || k.width != 1 || k.named() || !first.HasValue {
			return first.row.errorf("a %s starts with RopId u8 and its value", msg.Direction)
		}
		msg.RopID = int(first.Value)
	}
	return nil
}

// isOptionalLength reports whether f may go without a length: a string
// without a size field runs to its NUL, a structure, variant or row takes
// what its fields need.
func isOptionalLength(f *Field) bool {
	switch baseKind(f).(type) {
	case *asciiz, *structure, *propRow, *variantField:
		return true
	}
	return false
}

// sharesCount reports whether f is a list counted by the count field of an
// earlier list, which derives that count.
func sharesCount(f *Field) bool {
	return f.Length != nil && f.Length.LengthOf != nil && f.Length.LengthOf != f
}

// baseKind is f's kind without the conditional a when cell wraps it in.
func baseKind(f *Field) wireKind {
	if c, ok := f.Kind.(*conditional); ok {
		return c.inner
	}
	return f.Kind
}

// fieldLength resolves the length column: a field name, optionally "-N"
// when the length field also counts N bytes outside this field, or "*". A
// list may name the count of an earlier list (sharesCount).
func fieldLength(f *Field, earlier map[string]*Field, cell string) error {
	if cell == "" {
		return nil
	}
	forms := f.Kind.lengths()
	if forms == 0 {
		return f.row.errorf("%s: a %s has no length", f.Name, f.Type)
	}
	if count, size, two := strings.Cut(cell, " "); two || isByteSize(earlier[cell]) && !isRow(f) {
		if !two {
			count, size = "", cell
		}
		return sizedList(f, earlier, count, size)
	}
	if cell == "*" {
		if forms&lengthRest == 0 {
			return f.row.errorf("%s: only bytes and integer lists run to the end of the buffer", f.Name)
		}
		f.ToEnd = true
		return nil
	}
	if l := earlier[cell]; l != nil && l.LengthOf != nil && isCountedList(l.LengthOf) && isCountedList(f) {
		// A second list of the same count (RopQueryNamedProperties'
		// IdCount counts PropertyIds and PropertyNames): the count is the
		// first's, and encoders check that the lists agree.
		f.Length = l
		return nil
	}
	const want = "FIELD-N for bytes"
	l, adjust, err := earlierField(f, earlier, cell, "length", want)
	if err != nil {
		return err
	}
	if adjust > 0 && forms&lengthAdjust == 0 {
		return f.row.errorf("%s: length %q: want %s", f.Name, cell, want)
	}
	f.Length, f.LengthAdjust, l.LengthOf = l, adjust, f
	return nil
}

// earlierField resolves a FIELD or FIELD-N cell of the column what (length,
// offset): FIELD is an earlier plain integer field that holds no other
// field's size or place, N a hex number of at least 1 (0 without one). A
// malformed N is refused with the form the cell wants.
func earlierField(f *Field, earlier map[string]*Field, cell, what, want string) (l *Field, n int, err error) {
	name, hex, hasN := strings.Cut(cell, "-")
	l = earlier[name]
	if l == nil {
		return nil, 0, f.row.errorf("%s: %s %q names no earlier field", f.Name, what, name)
	}
	if k, ok := baseKind(l).(*integer); !ok || k.named() || l.HasValue || l.LengthOf != nil || l.OffsetOf != nil ||
		len(l.Checks) > 0 && (what != "length" || !lengthChecks(l.Checks) || !derivedLength(f)) {
		return nil, 0, f.row.errorf("%s: %s field %s must be a plain integer field used for one %s", f.Name, what, name, what)
	}
	if hasN {
		v, err := parseValue(hex, 16)
		if err != nil || v < 1 {
			return nil, 0, f.row.errorf("%s: %s %q: want %s", f.Name, what, cell, want)
		}
		n = int(v)
	}
	return l, n, nil
}

// derivedLength reports whether encoders derive the value of f's length
// field from f, so that checks on that value can be applied before writing.
func derivedLength(f *Field) bool {
	k, ok := f.Kind.(varKind)
	return ok && k.lengthOf(f) != nil
}

// fixedSize is the wire size of a message, or -1 when it varies.
func (msg *Message) fixedSize() int {
	n := 0
	for _, f := range msg.Fields {
		s := f.fixedSize()
		if s < 0 {
			return -1
		}
		n += s
	}
	return n
}

// minSize is the fewest bytes the message can take.
func (msg *Message) minSize() int {
	n := 0
	for _, f := range msg.Fields {
		n += f.Kind.minSize(f)
	}
	return n
}

// offsetOf returns the fixed offset of the named field, or -1 when a field of
// varying size comes before it.
func (msg *Message) offsetOf(name string) (int, *Field) {
	off := 0
	for _, f := range msg.Fields {
		if f.Name == name {
			return off, f
		}
		s := f.fixedSize()
		if s < 0 {
			return -1, nil
		}
		off += s
	}
	return -1, nil
}

// plainFixed reports whether a structure is of fixed size with nothing to
// check or derive, so that it can be read and written by offset, with no
// error, as a field of another message (readFixed, writeFixed).
func plainFixed(msg *Message) bool {
	for _, f := range msg.Fields {
		if len(f.Checks) > 0 || f.LengthOf != nil || f.OffsetOf != nil || !f.fast() {
			return false
		}
	}
	return true
}

// fieldRun is a stretch of a message's fields: either fields of fixed size
// that are decoded and encoded by offset, or one field of any other kind.
type fieldRun struct {
	fixed  bool
	fields []*Field
	size   int
}

// fieldRuns splits a message into runs.
func fieldRuns(msg *Message) []fieldRun {
	var runs []fieldRun
	for _, fl := range msg.Fields {
		if !fl.fast() {
			runs = append(runs, fieldRun{fields: []*Field{fl}})
			continue
		}
		if len(runs) == 0 || !runs[len(runs)-1].fixed {
			runs = append(runs, fieldRun{fixed: true})
		}
		last := &runs[len(runs)-1]
		last.fields = append(last.fields, fl)
		last.size += fl.fixedSize()
	}
	return runs
}

// initialisms are the words that Go style writes in capitals, as the
// documents' field names spell them.
var initialisms = map[string]string{"Id": "ID", "Ids": "IDs", "Guid": "GUID"}

// goFieldName is the Go name of a document field: the initialisms Id and
// Guid are written ID and GUID (LogonId -> LogonID, ReplGuid -> ReplGUID,
// FolderIds -> FolderIDs, RopIdBackoff -> RopIDBackoff); errors keep the
// document's name.
func goFieldName(name string) string {
	var b strings.Builder
	start := 0
	for i := 1; i <= len(name); i++ {
		if i < len(name) && !(name[i] >= 'A' && name[i] <= 'Z') {
			continue
		}
		word := name[start:i]
		if w, ok := initialisms[word]; ok {
			word = w
		}
		b.WriteString(word)
		start = i
	}
	return b.String()
}

// docTitle is the document's title of a layout, read from the first item of
// a source directive ("[MS-OXCROPS] 2.2.3.1.4 RopLogon ROP Redirect Response
// Buffer; ..." gives "RopLogon redirect response"): without the document,
// the section and the words ROP and Buffer, and with capitalised words after
// the first in lower case. It is fallback when the source has no title.
func docTitle(source, fallback string) string {
	first, _, _ := strings.Cut(source, ";")
	words := strings.Fields(first)
	if len(words) > 0 && strings.HasPrefix(words[0], "[") {
		words = words[1:]
	}
	if len(words) > 0 && strings.IndexFunc(words[0], func(c rune) bool { return c != '.' && !unicode.IsDigit(c) }) < 0 {
		words = words[1:]
	}
	var out []string
	for i, w := range words {
		switch {
		case w == "ROP" && i > 0, w == "Buffer":
			continue
		case i > 0 && isCapitalised(w):
			w = strings.ToLower(w)
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return fallback
	}
	return strings.Join(out, " ")
}

// isCapitalised reports whether w is a capital followed by lower-case letters.
func isCapitalised(w string) bool {
	for i, c := range w {
		if (i == 0) != unicode.IsUpper(c) || !unicode.IsLetter(c) {
			return false
		}
	}
	return w != ""
}
