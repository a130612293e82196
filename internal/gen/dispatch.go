package gen

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// dispatchKind is the table that chooses a ROP's response shape; it is
// rendered in the file of the ROP's messages.
var dispatchKind = tableKind{
	name:     "dispatch",
	required: []string{"returnvalue", "message", "section"},
	optional: []string{"when"},
	load: func(m *Model, tables []*table) error {
		if err := m.loadDispatches(tables); err != nil {
			return err
		}
		return m.buildROPs()
	},
}

// Dispatch chooses the response shape of a ROP from its ReturnValue.
type Dispatch struct {
	ROP       string
	RopID     int
	Interface string
	Source    string
	Cases     []*DispatchCase
}

// DispatchCase is one row of a dispatch table.
type DispatchCase struct {
	Any     bool // the * row: every other ReturnValue
	Value   uint64
	When    *Field // a flags field of Message, or nil
	Flag    *Flag
	Negate  bool
	Message *Message
	Section string
}

func (m *Model) loadDispatches(tables []*table) error {
	for _, t := range tables {
		d := &Dispatch{ROP: t.directives["rop"], Interface: t.directives["interface"], Source: t.directives["source"]}
		id, err := parseValue(t.directives["ropid"], 8)
		if err != nil {
			return &Error{t.file, 0, fmt.Sprintf("ropid %q: %v", t.directives["ropid"], err)}
		}
		d.RopID = int(id)
		if !token.IsIdentifier(d.Interface) || !token.IsExported(d.Interface) {
			return &Error{t.file, 0, fmt.Sprintf("interface %q: want an exported Go identifier", d.Interface)}
		}
		for _, r := range t.rows {
			c, err := m.dispatchCase(d, r)
			if err != nil {
				return err
			}
			d.Cases = append(d.Cases, c)
		}
		if n := slices.IndexFunc(d.Cases, func(c *DispatchCase) bool { return c.Any }); n != len(d.Cases)-1 {
			return &Error{t.file, 0, "a dispatch table ends with exactly one * row"}
		}
		m.Dispatches = append(m.Dispatches, d)
	}
	return nil
}

// caseOf returns the index of the first row of d that chooses msg, or
// len(d.Cases) for a message d does not choose.
func (d *Dispatch) caseOf(msg *Message) int {
	for i, c := range d.Cases {
		if c.Message == msg {
			return i
		}
	}
	return len(d.Cases)
}

// dispatchCase reads one row of the dispatch table d.
func (m *Model) dispatchCase(d *Dispatch, r row) (*DispatchCase, error) {
	c := &DispatchCase{Message: m.message(r.get("message")), Section: r.get("section")}
	if c.Message == nil || c.Message.Direction != "response" || c.Message.RopID != d.RopID {
		return nil, r.errorf("message %q is no response of RopId 0x%02X", r.get("message"), d.RopID)
	}
	if c.Message.Dispatch != nil && c.Message.Dispatch != d {
		return nil, r.errorf("%s is already chosen by a dispatch table", c.Message.Type)
	}
	c.Message.Dispatch = d
	if v := r.get("returnvalue"); v == "*" {
		c.Any = true
	} else {
		n, err := parseValue(v, 32)
		if err != nil {
			return nil, r.errorf("returnvalue %q: %v", v, err)
		}
		c.Value = uint64(n)
	}
	if w := r.get("when"); w != "" {
		if err := c.readWhen(r, w); err != nil {
			return nil, err
		}
	}
	if off, f := c.Message.offsetOf("ReturnValue"); f == nil || !isEC(f) || off != 2 {
		return nil, r.errorf("%s has no ReturnValue at offset 2", c.Message.Type)
	}
	return c, nil
}

// readWhen reads a when cell, !?FIELD.FLAG, and gives the field the check
// that its shape's decoder and encoder make of the flag.
func (c *DispatchCase) readWhen(r row, w string) error {
	c.Negate = strings.HasPrefix(w, "!")
	field, flag, _ := strings.Cut(strings.TrimPrefix(w, "!"), ".")
	_, c.When = c.Message.offsetOf(field)
	var ft *FlagType
	if c.When != nil {
		if k, ok := c.When.Kind.(*integer); ok {
			ft = k.flags
		}
	}
	if ft == nil || ft.byName(flag) == nil || !c.When.InStruct() {
		return r.errorf("when %q: want !?FIELD.FLAG naming a flags field at a fixed offset", w)
	}
	c.Flag = ft.byName(flag)
	c.When.Checks = append(c.When.Checks, &shapeFlag{flag: c.Flag, clear: c.Negate})
	return nil
}

// dispatchCode renders the interface of a ROP's response shapes and the
// decoder that picks the shape from ReturnValue (and a flag after it).
func dispatchCode(f *jen.File, d *Dispatch) {
	f.Commentf("%s is one of the response shapes of %s (%s):", d.Interface, d.ROP, d.Source)
	var names []string
	for _, c := range d.Cases {
		if !slices.Contains(names, "*"+c.Message.Type) { // a shape two ReturnValues choose
			names = append(names, "*"+c.Message.Type)
		}
	}
	f.Comment(strings.Join(names, ", ") + ".")
	f.Type().Id(d.Interface).Interface(jen.Id("Response"), jen.Id("is"+d.Interface).Params())

	f.Commentf("Decode%sResponse decodes the %s response at the start of b, choosing its shape by", d.ROP, d.ROP)
	f.Comment("the dispatch table of the document: " + dispatchDoc(d) + ".")
	f.Comment("It returns the response as a pointer and the number of bytes it used. On failure")
	f.Comment("after the shape is chosen, the response holds the fields decoded before the bad")
	f.Comment("one (and n is 0), so that a tool can show them; otherwise it is nil.")
	name := "Decode" + d.ROP + "Response"
	f.Func().Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(d.Interface), jen.Int(), jen.Error()).Block(
		viaNilDecoder(name),
	)
	f.Commentf("%s is the package's %s with d's strings; with d.ReuseValues the response", name, name)
	f.Comment("is d's own value, valid until d's next call (see Decoder).")
	f.Func().Add(decoderRecv()).Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(d.Interface), jen.Int(), jen.Error()).BlockFunc(func(g *jen.Group) {
		dispatchBody(g, d)
	})
}

// dispatchBody is the body of a ROP's dispatching decoder: it looks at the
// bytes that choose the shape where they are, and leaves everything else,
// errors included, to the shape's decoder.
func dispatchBody(g *jen.Group, d *Dispatch) {
	rop := jen.Lit(d.ROP)
	ropID := jen.Op(fmt.Sprintf("0x%02X", d.RopID))
	// A reader only for the errors the dispatcher reports itself.
	fail := func(err jen.Code) jen.Code {
		return jen.BlockFunc(func(g *jen.Group) {
			g.Var().Id("r").Id("reader")
			g.Id("r").Dot("init").Call(jen.Id("b"), rop, jen.Nil())
			g.Return(jen.Nil(), jen.Lit(0), err)
		})
	}
	g.If(jen.Len(jen.Id("b")).Op("==").Lit(0).Op("||").Id("b").Index(jen.Lit(0)).Op("!=").Add(ropID)).Add(
		fail(jen.Id("r").Dot("ropID").Call(ropID)))
	decode := func(msg *Message) jen.Code {
		return jen.Return(jen.Id("d").Dot("decode" + msg.Type).Call(jen.Id("b")))
	}
	// When the input ends before the bytes that choose the shape, any
	// shape's decoder reports where it ends; the last row's is used.
	fallback := d.Cases[len(d.Cases)-1].Message
	g.If(jen.Len(jen.Id("b")).Op("<").Lit(6)).Block(decode(fallback))
	// group cases by value, keeping table order
	var values []uint64
	byValue := map[uint64][]*DispatchCase{}
	var other *DispatchCase
	for _, c := range d.Cases {
		if c.Any {
			other = c
			continue
		}
		if _, ok := byValue[c.Value]; !ok {
			values = append(values, c.Value)
		}
		byValue[c.Value] = append(byValue[c.Value], c)
	}
	// plain is the shape a value alone chooses, or nil when a flag must
	// choose too; the values of one plain shape share a case.
	plain := func(v uint64) *Message {
		if cs := byValue[v]; len(cs) == 1 && cs[0].When == nil {
			return cs[0].Message
		}
		return nil
	}
	g.Switch(leUint(4, jen.Id("b").Index(jen.Lit(2), jen.Empty()))).BlockFunc(func(g *jen.Group) {
		done := map[uint64]bool{}
		for _, v := range values {
			if msg := plain(v); msg != nil {
				if done[v] {
					continue
				}
				var lits []jen.Code
				for _, o := range values {
					if plain(o) == msg {
						lits = append(lits, jen.Op(fmt.Sprintf("0x%08X", o)))
						done[o] = true
					}
				}
				g.Case(lits...).Add(decode(msg))
				continue
			}
			cases := byValue[v]
			g.Case(jen.Op(fmt.Sprintf("0x%08X", v))).BlockFunc(func(g *jen.Group) {
				w := cases[0].When
				off, _ := cases[0].Message.offsetOf(w.Name)
				width := w.Kind.fixedSize(w)
				g.If(jen.Len(jen.Id("b")).Op("<").Lit(off + width)).Block(decode(cases[0].Message))
				x := jen.Id("b").Index(jen.Lit(off))
				if width > 1 {
					x = leUint(width, jen.Id("b").Index(jen.Lit(off), jen.Empty())).(*jen.Statement)
				}
				g.Id("v").Op(":=").Add(x)
				last := len(cases) - 1
				for i, c := range cases {
					// the last case of a flag and its negation needs no test
					if i == last && i > 0 && cases[i-1].Flag == c.Flag && cases[i-1].Negate != c.Negate {
						g.Add(decode(c.Message))
						return
					}
					op := "!="
					if c.Negate {
						op = "=="
					}
					g.If(jen.Id(w.Kind.(*integer).flags.Type).Call(jen.Id("v")).Op("&").Id(c.Flag.Go).Op(op).Lit(0)).Block(decode(c.Message))
				}
				g.Add(fail(jen.Id("r").Dot("unexpected").Call(jen.Lit(off), jen.Lit(w.Name), jen.Uint64().Call(jen.Id("v")))))
			})
		}
	})
	g.Add(decode(other.Message))
}

func dispatchDoc(d *Dispatch) string {
	var parts []string
	for _, c := range d.Cases {
		cond := "any other ReturnValue"
		if !c.Any {
			cond = fmt.Sprintf("ReturnValue 0x%08X", c.Value)
		}
		if c.When != nil {
			neg := ""
			if c.Negate {
				neg = "no "
			}
			cond += fmt.Sprintf(" with %s%s in %s", neg, c.Flag.Name, c.When.Name)
		}
		parts = append(parts, cond+": "+c.Message.Type)
	}
	return strings.Join(parts, "; ")
}

// ropSwitches renders DecodeRequest and DecodeResponse, which pick the
// decoder by RopId for walking a RopsList.
func ropSwitches(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	gen := func(name, iface, what string, decode func(r *ROP) jen.Code) {
		f.Commentf("%s decodes the %s at the start of b, choosing the decoder by its RopId,", name, what)
		f.Comment("and reports how many bytes it used. A RopId without a decoder is ErrUnsupportedROP.")
		f.Comment("On a failure inside a known ROP the result holds the fields decoded before the bad")
		f.Comment("one (and n is 0), so that a tool can show them; otherwise it is nil.")
		f.Func().Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(iface), jen.Int(), jen.Error()).Block(
			viaNilDecoder(name),
		)
		f.Commentf("%s is the package's %s with d's strings; with d.ReuseValues the ROP", name, name)
		f.Comment("is d's own value, valid until d's next call (see Decoder).")
		f.Func().Add(decoderRecv()).Id(name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(iface), jen.Int(), jen.Error()).BlockFunc(func(g *jen.Group) {
			g.If(jen.Len(jen.Id("b")).Op("==").Lit(0)).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Op("&").Id("DecodeError").Values(jen.Dict{
				jen.Id("Field"): jen.Lit("RopId"), jen.Id("Err"): jen.Qual("io", "ErrUnexpectedEOF")})))
			g.Switch(jen.Id("b").Index(jen.Lit(0))).BlockFunc(func(g *jen.Group) {
				for _, r := range m.ROPs {
					if code := decode(r); code != nil {
						g.Case(jen.Op(fmt.Sprintf("0x%02X", r.ID))).Return(code)
					}
				}
			})
			g.Return(jen.Nil(), jen.Lit(0), jen.Op("&").Id("DecodeError").Values(jen.Dict{
				jen.Id("Field"): jen.Lit("RopId"), jen.Id("Err"): jen.Qual("fmt", "Errorf").Call(jen.Lit("%w 0x%02X"), jen.Id("ErrUnsupportedROP"), jen.Id("b").Index(jen.Lit(0)))}))
		})
	}
	gen("DecodeRequest", "Request", "ROP request", func(r *ROP) jen.Code {
		if r.Request == nil {
			return nil
		}
		return jen.Id("d").Dot("decode" + r.Request.Type).Call(jen.Id("b"))
	})
	gen("DecodeResponse", "Response", "ROP response", func(r *ROP) jen.Code {
		if len(r.Responses) == 0 {
			return nil
		}
		return r.decodeResponse()
	})
	return f
}

// isEC reports whether f is an errors.EC.
func isEC(f *Field) bool {
	k, ok := f.Kind.(*integer)
	return ok && k.ec
}
