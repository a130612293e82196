package gen

import (
	"fmt"
	"strings"
	"text/template"

	"github.com/dave/jennifer/jen"
)

// skeletonText is what every message type has whatever its fields: the
// encoding interfaces, the decode functions and the registry entry. Only
// names are substituted; the code that varies with the fields is rendered
// with jennifer (read, append, size, reset, Fields).
const skeletonText = `
// AppendBinary appends the wire form of m to b, in the manner of encoding.BinaryAppender.{{.SizeDoc}}
// It refuses values the document does not allow, with an *EncodeError, and then returns b unchanged.
func (m *{{.Type}}) AppendBinary(b []byte) ([]byte, error) {
	return m.append(b)
}

{{if .Nests}}// MarshalBinary returns the wire form of m, in a buffer of its size. (A value nested deeper
// than the encoder allows, perhaps in a cycle, is not sized: append refuses it.)
func (m *{{.Type}}) MarshalBinary() ([]byte, error) {
	if m.nesting(maxNesting) > maxNesting {
		return m.append(nil)
	}
	return m.append(make([]byte, 0, m.size()))
}
{{else}}// MarshalBinary returns the wire form of m, in a buffer of its size.
func (m *{{.Type}}) MarshalBinary() ([]byte, error) {
	return m.append(make([]byte, 0, m.size()))
}
{{end}}
// UnmarshalBinary decodes a buffer that holds exactly one {{.Type}}; bytes left over are an error.
// On failure m is unchanged and the *DecodeError names the field and offset.
func (m *{{.Type}}) UnmarshalBinary(b []byte) error {
	var v {{.Type}}
	var r reader
	r.init(b, "{{.Name}}", nil)
	if err := v.read(&r); err != nil {
		return err
	}
	if err := r.end(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Decode{{.Type}} decodes a {{.Type}} at the start of b and reports how many bytes it used,
// so that a caller can go on with the bytes that follow.
func Decode{{.Type}}(b []byte) ({{.Type}}, int, error) {
	return (*Decoder)(nil).Decode{{.Type}}(b)
}

// Decode{{.Type}} is the package's Decode{{.Type}} with d's strings (see Decoder).
func (d *Decoder) Decode{{.Type}}(b []byte) (v {{.Type}}, n int, err error) {
	// v is a named result so that it is returned field by field from where
	// read stored it, not copied whole first (the wide loads of such a copy
	// stall on the narrow stores just made).
	var r reader
	r.init(b, "{{.Name}}", d)
	if err = v.read(&r); err != nil {
		return {{.Type}}{}, 0, err
	}
	return v, r.offset(), nil
}

// decode{{.Type}} is d.Decode{{.Type}} returning a pointer, for the RopId switches and
// the registry: to d's own value with d.ReuseValues, to a new one otherwise (see Decoder).
// On failure the value holds the fields decoded before the bad one.
func (d *Decoder) decode{{.Type}}(b []byte) (*{{.Type}}, int, error) {
	var v *{{.Type}}
	if d == nil || !d.ReuseValues {
		v = new({{.Type}})
	} else {
		v = reuse(&d.values().{{.Type}})
	}
	var r reader
	r.init(b, "{{.Name}}", d)
	if err := v.read(&r); err != nil {
		return v, 0, err
	}
	return v, r.offset(), nil
}

// decodeInto decodes a {{.Type}} at the start of b into m, for DecodeInto.
func (m *{{.Type}}) decodeInto(d *Decoder, b []byte) (int, error) {
	m.reset()
	var r reader
	r.init(b, "{{.Name}}", d)
	if err := m.read(&r); err != nil {
		return 0, err
	}
	return r.offset(), nil
}

// Info describes {{.Type}} (see MessageInfo).
func (*{{.Type}}) Info() *MessageInfo {
	return &info{{.Type}}
}
{{if .RopID}}
// RopID returns {{.RopID}}, the RopId of {{.ROP}}.
func (*{{.Type}}) RopID() uint8 {
	return {{.RopID}}
}
{{end}}{{if .Request}}
func (*{{.Type}}) isRequest() {}
{{end}}`

var skeletonTemplate = template.Must(template.New("skeleton").Parse(skeletonText))

// skeleton renders the methods of skeletonText for msg.
func skeleton(f *jen.File, msg *Message) error {
	data := struct {
		Type, Name, ROP, RopID, SizeDoc string
		Request, Nests                  bool
	}{Type: msg.Type, Name: ropName(msg), ROP: msg.ROP, Request: msg.Direction == "request", Nests: nests(msg)}
	if msg.Direction != "struct" {
		data.RopID = fmt.Sprintf("0x%02X", msg.RopID)
	}
	if n := msg.fixedSize(); n >= 0 {
		data.SizeDoc = fmt.Sprintf(" It is always %d bytes.", n)
	}
	var b strings.Builder
	if err := skeletonTemplate.Execute(&b, data); err != nil {
		return fmt.Errorf("gen: skeleton of %s: %w", msg.Type, err)
	}
	// The text is Go source of this package's names only, so it needs no
	// imports; Render formats it with the rest of the file.
	f.Add(jen.Op(strings.TrimSpace(b.String())))
	return nil
}
