package codec

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Fuzzing the [MS-OXCDATA] structures: FuzzEncode's filler for property
// values, rows and restrictions (values consistent with their types, so
// that encoders take them as often as they refuse them), the Decoder that
// gives rows their columns back, and the targets for restrictions and for
// rows decoded by columns.

// fzPropertyTypes are the types the table of data types lists, whose values
// have a form in ROP buffers.
var fzPropertyTypes = func() []PropertyType {
	var out []PropertyType
	for t := range 0x10000 {
		switch PropertyType(t).wire().form {
		case formUnknown, formUnspecified, formObject:
		default:
			out = append(out, PropertyType(t))
		}
	}
	return out
}()

// fzMaxDepth is how deeply the filler nests restrictions.
const fzMaxDepth = 3

var (
	fzTypePropertyValue  = reflect.TypeFor[PropertyValue]()
	fzTypePropertyRow    = reflect.TypeFor[PropertyRow]()
	fzTypePropertyRowSet = reflect.TypeFor[PropertyRowSet]()
	fzTypePropertyTag    = reflect.TypeFor[PropertyTag]()
	fzTypePropertyType   = reflect.TypeFor[PropertyType]()
)

// fillSpecial fills the values the reflective filler cannot: property
// values, rows, variants (Restriction) and pointers; it reports whether v was
// one.
// The type a PropertyTag or PropertyType field takes is remembered, so that
// the PropertyValue after it (in a TaggedPropertyValue) has that type.
func (s *fzSource) fillSpecial(v reflect.Value) bool {
	switch v.Type() {
	case fzTypePropertyType:
		s.lastType = s.propertyType()
		v.SetUint(uint64(s.lastType))
	case fzTypePropertyTag:
		s.lastType = s.propertyType()
		v.Set(reflect.ValueOf(PropertyTag{PropertyType: uint16(s.lastType), PropertyID: uint16(s.uint(16))}))
	case fzTypePropertyValue:
		v.Set(reflect.ValueOf(s.propertyValue(s.lastType)))
	case fzTypePropertyRow:
		v.Set(reflect.ValueOf(s.propertyRow(s.columns())))
	case fzTypePropertyRowSet:
		v.Set(reflect.ValueOf(s.propertyRowSet()))
	default:
		if v.Kind() == reflect.Interface {
			if m := s.variant(v.Type()); m != nil {
				v.Set(reflect.ValueOf(m))
			}
			return true
		}
		if v.Kind() != reflect.Pointer {
			return false
		}
		if s.byte()%2 == 1 {
			v.Set(reflect.New(v.Type().Elem()))
			s.fill(v.Elem())
		}
	}
	return true
}

// propertyType picks a type with a form in ROP buffers.
func (s *fzSource) propertyType() PropertyType {
	return fzPropertyTypes[int(s.uint(16))%len(fzPropertyTypes)]
}

// propertyValue is a value of type t (of a type it picks when t has no form)
// with the member its form uses set from the source.
func (s *fzSource) propertyValue(t PropertyType) PropertyValue {
	if w := t.wire(); w.form == formUnknown || w.form == formUnspecified || w.form == formObject {
		t = s.propertyType()
	}
	v := PropertyValue{Type: t}
	w := t.wire()
	switch {
	case w.fixed():
		v.Uint = s.uint(64)
		if w.size < 8 {
			v.Uint &= 1<<(8*w.size) - 1
		}
		if w.form == formBoolean {
			v.Uint &= 1
		}
	case w.form == formGuid:
		copy(v.GUID[:], s.take(16))
	case w.form == formUTF16Z || w.form == formString8Z:
		v.Text = s.text(w.form == formUTF16Z)
	case w.form == formCounted:
		v.Bytes = s.bytes()
	case w.form == formRestriction:
		v.Restriction = s.restriction()
	case w.form == formRuleaction:
		for range s.count() % 4 {
			v.Binaries = append(v.Binaries, s.bytes())
		}
	case w.form == formMultiple:
		for range s.count() % 5 {
			e := s.propertyValue(w.elem)
			switch w.elem.wire().form {
			case formGuid:
				v.GUIDs = append(v.GUIDs, e.GUID)
			case formUTF16Z, formString8Z:
				v.Strings = append(v.Strings, e.Text)
			case formCounted:
				v.Binaries = append(v.Binaries, e.Bytes)
			default:
				v.Uints = append(v.Uints, e.Uint)
			}
		}
	}
	return v
}

// text is a string that a NUL-terminated field can hold: no NUL, and valid
// UTF-8 for UTF-16.
func (s *fzSource) text(unicode bool) string {
	t := strings.ReplaceAll(string(s.take(s.count())), "\x00", "")
	if unicode {
		t = strings.ToValidUTF8(t, "\uFFFD")
	}
	return t
}

// bytes is a byte string from the source, nil when empty (as decoders give it).
func (s *fzSource) bytes() []byte {
	n := s.count()
	if n == 0 {
		return nil
	}
	return s.take(n)
}

// columns is a column set of up to 5 columns, some PtypUnspecified and
// some one value of a multivalued property.
func (s *fzSource) columns() []PropertyTag {
	cols := make([]PropertyTag, s.byte()%6)
	for i := range cols {
		t := s.propertyType()
		switch c := s.byte() % 8; {
		case c == 0:
			t = PtypUnspecified
		case c == 1 && t.IsMultiple() && t != PtypMultipleBinary:
			t = PropertyType(uint16(t) | PropertyTypeMultivalueInstance)
		}
		cols[i] = PropertyTag{PropertyType: uint16(t), PropertyID: uint16(s.uint(16))}
	}
	return cols
}

// propertyRow is a row laid out by cols, standard or flagged, or now and
// then a row kept as bytes.
func (s *fzSource) propertyRow(cols []PropertyTag) PropertyRow {
	if s.byte()%8 == 0 {
		if b := s.bytes(); b != nil {
			return PropertyRow{Raw: b}
		}
	}
	row := PropertyRow{Columns: cols, Flag: s.byte() % 2}
	if len(cols) > 0 {
		row.Values = make([]RowValue, len(cols))
	}
	for i, c := range cols {
		v := &row.Values[i]
		v.Type = c.Type().ValueType()
		if v.Type == PtypUnspecified {
			v.Type = s.propertyType()
		}
		switch flag := s.byte() % 3; {
		case row.Flag == PropertyRowStandard || flag == 0:
			v.Value = s.propertyValue(v.Type)
		case flag == 1:
			v.Flag = PropertyFlagNone
		default:
			v.Flag, v.Value = PropertyFlagError, PropertyValue{Type: PtypErrorCode, Uint: s.uint(32)}
		}
	}
	return row
}

// propertyRowSet is rows of one column set, or now and then rows kept as bytes.
func (s *fzSource) propertyRowSet() PropertyRowSet {
	if s.byte()%8 == 0 {
		return PropertyRowSet{Raw: s.bytes()}
	}
	cols := s.columns()
	var set PropertyRowSet
	for range s.count() % 4 {
		row := s.propertyRow(cols)
		if row.Raw == nil {
			set.Rows = append(set.Rows, row)
		}
	}
	return set
}

// restriction is a Restriction the source picks and fills (see variant).
func (s *fzSource) restriction() Restriction {
	r, _ := s.variant(reflect.TypeFor[Restriction]()).(Restriction)
	return r
}

// variant is a member of the variant interface iface (Restriction) that the
// source picks, filled; nil past fzMaxDepth. The members are the message
// types of the registry that implement iface.
func (s *fzSource) variant(iface reflect.Type) Message {
	if s.depth >= fzMaxDepth {
		return nil
	}
	var members []*MessageInfo
	for _, mi := range Messages() {
		if reflect.TypeOf(mi.New()).Implements(iface) {
			members = append(members, mi)
		}
	}
	if len(members) == 0 {
		panic("fzSource: no member of " + iface.String() + " in the registry")
	}
	m := members[int(s.byte())%len(members)].New()
	s.depth++
	s.fill(reflect.ValueOf(m).Elem())
	s.depth--
	return m
}

// fzContextDecoder returns a Decoder that lays rows out by the columns of
// the first decoded row in v (what a session would give it), or nil when v
// has none: the decoder that reads back what v encodes to.
func fzContextDecoder(v any) *Decoder {
	cols, ok := fzFirstColumns(reflect.ValueOf(v))
	if !ok {
		return fzLogonDecoder(v)
	}
	d := new(Decoder)
	d.SetColumns(cols)
	return d
}

// fzFirstColumns finds the columns of the first decoded row in v.
func fzFirstColumns(v reflect.Value) ([]PropertyTag, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return fzFirstColumns(v.Elem())
	case reflect.Struct:
		switch x := v.Interface().(type) {
		case PropertyRow:
			return x.Columns, x.Raw == nil && x.Columns != nil
		case PropertyRowSet:
			if len(x.Rows) > 0 {
				return x.Rows[0].Columns, true
			}
			return nil, false
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if cols, ok := fzFirstColumns(v.Field(i)); ok {
					return cols, ok
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if cols, ok := fzFirstColumns(v.Index(i)); ok {
				return cols, ok
			}
		}
	}
	return nil, false
}

// FuzzRestriction decodes its input as a Restriction: a decoder that never
// panics, stays within MaxRestrictionDepth, and whose restrictions encode
// back to bytes that decode to the same restriction.
func FuzzRestriction(f *testing.F) {
	for _, s := range fzGoldenSeeds(f) {
		if s.decoder == "DecodeRestriction" {
			fzAdd(f, s.b)
		}
	}
	deep := []byte{}
	for range MaxRestrictionDepth + 1 {
		deep = append(deep, 0x02) // NotRestriction
	}
	f.Add(append(deep, 0x08, 0x1F, 0x00, 0x01, 0x30))
	target := fzTarget{name: "DecodeRestriction", decode: byInterface(DecodeRestriction)}
	f.Fuzz(func(t *testing.T, in []byte) {
		roundTrip(t, in, target)
		if v, _, err := DecodeRestriction(in); err == nil && v.nesting(MaxRestrictionDepth) > MaxRestrictionDepth {
			t.Fatalf("DecodeRestriction(%x) gave a restriction %d deep", in, v.nesting(MaxRestrictionDepth))
		}
	})
}

// FuzzRows decodes rows by columns that the input gives first: a column
// count and tags, then a row count, then the rows. The rows must decode
// within their input, refuse bad bytes with a *DecodeError and encode back to
// bytes that decode to the same rows.
func FuzzRows(f *testing.F) {
	for _, s := range fzRowSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		cols, rows, rest := fzSplitRows(in)
		var d Decoder
		d.SetColumns(cols)
		var r reader
		r.init(rest, "FuzzRows", &d)
		set, err := r.propertyRowSet(rows, cols, true, "RowData")
		if err != nil {
			fzCheckDecodeErr(t, "propertyRowSet", rest, err)
			return
		}
		if err := set.check(rows); err != nil {
			return // legal to receive, refused to send (a PtypBoolean of 2)
		}
		out, err := set.append(nil)
		if err != nil {
			var ee *EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("rows %+v do not encode, without an *EncodeError: %v", set, err)
			}
			return // a restriction in a value that its own checks refuse
		}
		if len(out) != set.size() || len(out) != r.offset() {
			t.Fatalf("rows of %x: size %d, encoded %d bytes, decoded from %d", rest, set.size(), len(out), r.offset())
		}
		var again reader
		again.init(out, "FuzzRows", &d)
		back, err := again.propertyRowSet(rows, cols, true, "RowData")
		if err != nil || !reflect.DeepEqual(back, set) {
			t.Fatalf("rows %+v encode to %x, which decode to %+v, %v", set, out, back, err)
		}
	})
}

// fzSplitRows reads FuzzRows' input: a column count byte, that many 4-byte
// tags, a row count byte, and the rows' bytes.
func fzSplitRows(in []byte) (cols []PropertyTag, rows int, rest []byte) {
	if len(in) == 0 {
		return nil, 0, nil
	}
	n := min(int(in[0]), (len(in)-1)/4)
	cols = make([]PropertyTag, n)
	for i := range cols {
		p := in[1+4*i:]
		cols[i] = NewPropertyTag(uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16 | uint32(p[3])<<24)
	}
	rest = in[1+4*n:]
	if len(rest) == 0 {
		return cols, 0, nil
	}
	return cols, int(rest[0]), rest[1:]
}

// fzRowSeeds are FuzzRows inputs: the rows of the golden vectors that have
// columns, and rows the filler builds, each with its columns before it.
func fzRowSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for i := range 16 {
		src := &fzSource{b: []byte(strings.Repeat(string(rune('A'+i)), 64))}
		cols := src.columns()
		set := PropertyRowSet{Rows: []PropertyRow{src.propertyRow(cols), src.propertyRow(cols)}}
		if set.Rows[0].Raw != nil || set.Rows[1].Raw != nil || set.check(2) != nil {
			continue
		}
		rows, err := set.append(nil)
		if err != nil {
			continue // a restriction its own checks refuse
		}
		seeds = append(seeds, fzRowInput(cols, 2, rows))
	}
	return seeds
}

// fzRowInput is the FuzzRows input of rows laid out by cols.
func fzRowInput(cols []PropertyTag, n int, rows []byte) []byte {
	in := []byte{byte(len(cols))}
	for _, c := range cols {
		tag := c.Tag()
		in = append(in, byte(tag), byte(tag>>8), byte(tag>>16), byte(tag>>24))
	}
	return append(append(in, byte(n)), rows...)
}
