package gen

import (
	"fmt"
	"go/token"
	"math/bits"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// messageKind is the layout of one ROP request, response or structure, a
// field a row.
var messageKind = tableKind{
	name:     "message",
	required: []string{"field", "type", "section"},
	optional: []string{"length", "value", "check", "summary"},
	load:     (*Model).loadMessages,
	emit: func(m *Model, files map[string]*jen.File) error {
		codecFiles(m, files)
		return nil
	},
}

// fieldKind is how a message field is laid out on the wire.
type fieldKind int

const (
	kindInt        fieldKind = iota // u8, u16, u32, u64
	kindEC                          // a 4-byte errors.EC status
	kindFlags                       // a flag type of a flags table
	kindGUID                        // 16 bytes
	kindStruct                      // a message of direction struct
	kindASCIIZ                      // NUL-terminated ASCII string
	kindBytes                       // raw bytes
	kindArray                       // u64[N]: a fixed array of integers
	kindStructList                  // Struct[]: counted structs
	kindASCIIZList                  // asciiz[]: counted NUL-terminated strings
	kindIntList                     // u32[] etc.: integers to the end of the buffer
	kindUTF16Z                      // NUL-terminated UTF-16LE string
)

// Message is one wire layout: a ROP request or response shape, or a fixed
// structure used inside them.
type Message struct {
	Type      string // Go type name
	ROP       string // ROP name for errors; for a struct, optional
	Direction string // request, response or struct
	Source    string
	RopID     int // -1 for structs
	Fields    []*Field
	Names     *FieldNames // names for the elements of one array field, if any
	Dispatch  *Dispatch   // the dispatch table choosing this shape, if any
	file      string
}

// Field is one field of a Message, in wire order.
type Field struct {
	Name, Type, Section, Summary string
	Go                           string // Go name of the struct field
	Kind                         fieldKind
	Width                        int // bytes of an integer, flag, EC or list element
	N                            int // length of a fixed array
	Flags                        *FlagType
	Struct                       *Message // struct or list element type
	Length                       *Field   // field holding this one's size or count
	LengthAdjust                 int      // bytes the length field counts beyond this field
	ToEnd                        bool     // runs to the end of the buffer
	LengthOf                     *Field   // the field this one holds the size or count of
	HasValue                     bool
	Value                        uint64
	Bytes                        []byte   // the value of a GUID or byte array, in wire order
	In                           []uint64 // the only values the field may have
	InBytes                      [][]byte // the only values a GUID field may have
	InNames                      []string // the constants an "in" check names
	Defined, Zero, EmptyIfZero   bool
	Not                          []uint64
	Requires                     *Requirement
	// Shape is set on the flags field that a dispatch table reads to choose
	// this message: the flag must be set (or, with ShapeClear, clear).
	Shape      *Flag
	ShapeClear bool
	row        row
}

// Requirement is a "requires FLAG unless FIELD.FLAG" check.
type Requirement struct {
	Flag        *Flag
	UnlessField *Field
	UnlessFlag  *Flag
}

// InStruct reports whether the field is a member of the Go struct: fixed
// values and length fields are derived, not stored.
func (f *Field) InStruct() bool { return !f.HasValue && f.LengthOf == nil }

var intWidths = map[string]int{"u8": 1, "u16": 2, "u32": 4, "u64": 8}

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
		msg := &Message{Type: t.directives["message"], ROP: t.directives["rop"], Direction: t.directives["direction"], Source: t.directives["source"], RopID: -1, file: t.file}
		if !token.IsIdentifier(msg.Type) || !token.IsExported(msg.Type) {
			return &Error{t.file, 0, fmt.Sprintf("message %q: want an exported Go identifier in a '# message:' directive", msg.Type)}
		}
		if m.message(msg.Type) != nil || m.flagType(msg.Type) != nil {
			return &Error{t.file, 0, fmt.Sprintf("type %s is defined twice", msg.Type)}
		}
		switch msg.Direction {
		case "request", "response":
			if msg.ROP == "" {
				return &Error{t.file, 0, "a request or response needs a '# rop:' directive"}
			}
		case "struct":
			// a struct's rop directive, if any, is only the name its errors carry
		default:
			return &Error{t.file, 0, fmt.Sprintf("direction %q: want request, response or struct", msg.Direction)}
		}
		m.Messages = append(m.Messages, msg)
	}
	for i, t := range tables {
		if err := m.loadFields(m.Messages[len(m.Messages)-len(tables)+i], t); err != nil {
			return err
		}
	}
	return nil
}

func (m *Model) loadFields(msg *Message, t *table) error {
	byName := map[string]*Field{}
	for _, r := range t.rows {
		f := &Field{Name: r.get("field"), Type: r.get("type"), Section: r.get("section"), Summary: r.get("summary"), row: r}
		f.Go = goFieldName(f.Name)
		if !token.IsIdentifier(f.Name) || !token.IsExported(f.Name) {
			return r.errorf("field %q is not an exported Go identifier", f.Name)
		}
		if byName[f.Name] != nil {
			return r.errorf("field %s given twice", f.Name)
		}
		if f.Section == "" {
			return r.errorf("%s: section is empty", f.Name)
		}
		if err := m.fieldType(msg, f); err != nil {
			return err
		}
		if err := fieldLength(f, byName, r.get("length")); err != nil {
			return err
		}
		if v := r.get("value"); v != "" && (f.Kind == kindGUID || f.Kind == kindArray && f.Width == 1) {
			b, err := parseHexBytes(v)
			if err != nil || len(b) != f.fixedSize() {
				return r.errorf("%s: value %q: want %d bytes in hex", f.Name, v, f.fixedSize())
			}
			f.HasValue, f.Bytes = true, b
		} else if v != "" {
			if f.Kind != kindInt && f.Kind != kindEC {
				return r.errorf("%s: only integer, GUID and byte array fields take a value", f.Name)
			}
			n, err := parseValue(v, 8*f.Width)
			if err != nil {
				return r.errorf("%s: value %q: %v", f.Name, v, err)
			}
			f.HasValue, f.Value = true, uint64(n)
		}
		if err := fieldChecks(f, byName, r.get("check"), m.constant); err != nil {
			return err
		}
		byName[f.Name] = f
		msg.Fields = append(msg.Fields, f)
	}
	if len(msg.Fields) == 0 {
		return &Error{t.file, 0, "a message needs at least one field"}
	}
	for _, f := range msg.Fields {
		if f.Length == nil && (f.Kind == kindStructList || f.Kind == kindASCIIZList || (f.Kind == kindBytes && !f.ToEnd) || f.Kind == kindIntList && !f.ToEnd) {
			return f.row.errorf("%s: a %s needs a length", f.Name, f.Type)
		}
		if f.ToEnd && f != msg.Fields[len(msg.Fields)-1] {
			return f.row.errorf("%s runs to the end of the buffer, so it must be the last field", f.Name)
		}
	}
	if msg.Direction != "struct" {
		first := msg.Fields[0]
		if first.Name != "RopId" || first.Width != 1 || !first.HasValue {
			return first.row.errorf("a %s starts with RopId u8 and its value", msg.Direction)
		}
		msg.RopID = int(first.Value)
	}
	return nil
}

// fieldType resolves the type column.
func (m *Model) fieldType(msg *Message, f *Field) error {
	typ := f.Type
	if w, ok := intWidths[typ]; ok {
		f.Kind, f.Width = kindInt, w
		return nil
	}
	switch typ {
	case "ec":
		f.Kind, f.Width = kindEC, 4
		return nil
	case "guid":
		f.Kind = kindGUID
		return nil
	case "asciiz":
		f.Kind = kindASCIIZ
		return nil
	case "utf16z":
		f.Kind = kindUTF16Z
		return nil
	case "bytes":
		f.Kind = kindBytes
		return nil
	case "asciiz[]":
		f.Kind = kindASCIIZList
		return nil
	}
	if elem, n, ok := strings.Cut(typ, "["); ok && strings.HasSuffix(n, "]") {
		n = strings.TrimSuffix(n, "]")
		if w, isInt := intWidths[elem]; isInt {
			f.Width = w
			if n == "" {
				f.Kind = kindIntList
				return nil
			}
			count, err := strconv.Atoi(n)
			if err != nil || count < 1 {
				return f.row.errorf("%s: array length %q", f.Name, n)
			}
			f.Kind, f.N = kindArray, count
			return nil
		}
		if n == "" {
			if s := m.message(elem); s != nil && s.Direction == "struct" && s != msg {
				f.Kind, f.Struct = kindStructList, s
				return nil
			}
		}
		return f.row.errorf("%s: unknown type %q", f.Name, typ)
	}
	if ft := m.flagType(typ); ft != nil {
		f.Kind, f.Flags, f.Width = kindFlags, ft, ft.Bits/8
		return nil
	}
	if s := m.message(typ); s != nil && s.Direction == "struct" && s != msg {
		f.Kind, f.Struct = kindStruct, s
		return nil
	}
	return f.row.errorf("%s: unknown type %q", f.Name, typ)
}

// fieldLength resolves the length column: a field name, optionally "-N"
// when the length field also counts N bytes outside this field, or "*".
func fieldLength(f *Field, earlier map[string]*Field, cell string) error {
	if cell == "" {
		return nil
	}
	if f.Kind != kindASCIIZ && f.Kind != kindBytes && f.Kind != kindStructList && f.Kind != kindASCIIZList && f.Kind != kindIntList {
		return f.row.errorf("%s: a %s has no length", f.Name, f.Type)
	}
	if cell == "*" {
		if f.Kind != kindBytes && f.Kind != kindIntList {
			return f.row.errorf("%s: only bytes and integer lists run to the end of the buffer", f.Name)
		}
		f.ToEnd = true
		return nil
	}
	name, adjust, ok := strings.Cut(cell, "-")
	l := earlier[name]
	if l == nil {
		return f.row.errorf("%s: length %q names no earlier field", f.Name, name)
	}
	if l.Kind != kindInt || l.HasValue || l.LengthOf != nil {
		return f.row.errorf("%s: length field %s must be a plain integer field used for one length", f.Name, name)
	}
	if ok {
		n, err := strconv.Atoi(adjust)
		if err != nil || n < 1 || f.Kind != kindBytes {
			return f.row.errorf("%s: length %q: want FIELD-N for bytes", f.Name, cell)
		}
		f.LengthAdjust = n
	}
	f.Length, l.LengthOf = l, f
	return nil
}

// fieldChecks resolves the check column.
func fieldChecks(f *Field, earlier map[string]*Field, cell string, consts func(string) *Constant) error {
	if cell == "" {
		return nil
	}
	for _, c := range strings.Split(cell, ";") {
		words := strings.Fields(c)
		if len(words) == 0 {
			continue
		}
		switch {
		case words[0] == "defined" && len(words) == 1 && f.Kind == kindFlags:
			f.Defined = true
		case words[0] == "zero" && len(words) == 1 && f.Kind == kindInt:
			f.Zero = true
		case words[0] == "empty-if-zero" && len(words) == 1 && f.Kind == kindASCIIZ && f.Length != nil:
			f.EmptyIfZero = true
		case words[0] == "not" && len(words) > 1 && (f.Kind == kindEC || f.Kind == kindInt):
			for _, w := range words[1:] {
				v, err := parseValue(w, 8*f.Width)
				if err != nil {
					return f.row.errorf("%s: check %q: %v", f.Name, c, err)
				}
				f.Not = append(f.Not, uint64(v))
			}
		case words[0] == "in" && len(words) > 1 && f.Kind == kindGUID:
			for _, w := range words[1:] {
				k := consts(w)
				if k == nil || k.Bytes == nil {
					return f.row.errorf("%s: check %q: %s is not a guid constant", f.Name, c, w)
				}
				f.InBytes = append(f.InBytes, k.Bytes)
				f.InNames = append(f.InNames, k.Name)
			}
		case words[0] == "in" && len(words) > 1 && (f.Kind == kindEC || f.Kind == kindInt):
			for _, w := range words[1:] {
				k := consts(w)
				if k == nil || k.Bytes != nil || k.IsText || bits.Len64(k.Value) > 8*f.Width {
					return f.row.errorf("%s: check %q: %s is not an integer constant that fits the field", f.Name, c, w)
				}
				f.In = append(f.In, k.Value)
				f.InNames = append(f.InNames, k.Name)
			}
		case words[0] == "requires" && len(words) == 4 && words[2] == "unless" && f.Kind == kindFlags:
			req := &Requirement{Flag: f.Flags.byName(words[1])}
			field, flag, _ := strings.Cut(words[3], ".")
			req.UnlessField = earlier[field]
			if req.UnlessField != nil && req.UnlessField.Kind == kindFlags {
				req.UnlessFlag = req.UnlessField.Flags.byName(flag)
			}
			if req.Flag == nil || req.UnlessFlag == nil {
				return f.row.errorf("%s: check %q names a flag or field that does not exist", f.Name, c)
			}
			f.Requires = req
		default:
			return f.row.errorf("%s: check %q does not apply to a %s field", f.Name, c, f.Type)
		}
	}
	return nil
}

// fixedSize is the wire size of a field, or -1 when it varies.
func (f *Field) fixedSize() int {
	switch f.Kind {
	case kindInt, kindEC, kindFlags:
		return f.Width
	case kindGUID:
		return 16
	case kindArray:
		return f.N * f.Width
	case kindStruct:
		return f.Struct.fixedSize()
	}
	return -1
}

// minSize is the fewest bytes a field can take.
func (f *Field) minSize() int {
	if n := f.fixedSize(); n >= 0 {
		return n
	}
	if f.Kind == kindASCIIZ && !f.EmptyIfZero {
		return 1
	}
	return 0
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
		n += f.minSize()
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
