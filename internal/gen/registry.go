package gen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
)

// ROP is one ROP of the message tables: its request and response layouts.
type ROP struct {
	ID        int
	Name      string
	Request   *Message   // nil when the ROP has no request (RopBackoff)
	Responses []*Message // in the order of the dispatch table; none when it has no response (RopRelease)
	Dispatch  *Dispatch  // chooses among Responses; nil for a single shape
}

// buildROPs groups the requests and responses by RopId into m.ROPs. A ROP has
// one name, at most one request, and a dispatch table when it has more than
// one response shape, so that the RopId switches can pick the decoder.
func (m *Model) buildROPs() error {
	byID := map[int]*ROP{}
	for _, msg := range m.Messages {
		if msg.Direction == "struct" {
			continue
		}
		r := byID[msg.RopID]
		if r == nil {
			r = &ROP{ID: msg.RopID, Name: msg.ROP}
			byID[msg.RopID] = r
			m.ROPs = append(m.ROPs, r)
		}
		switch {
		case r.Name != msg.ROP:
			return &Error{msg.file, 0, fmt.Sprintf("RopId 0x%02X is %s here but %s in another table", msg.RopID, msg.ROP, r.Name)}
		case msg.Direction == "request" && r.Request != nil:
			return &Error{msg.file, 0, fmt.Sprintf("%s has a second request layout (the first is %s)", msg.ROP, r.Request.Type)}
		case msg.Direction == "request":
			r.Request = msg
		default:
			r.Responses = append(r.Responses, msg)
		}
	}
	for _, d := range m.Dispatches {
		if r := byID[d.RopID]; r != nil {
			r.Dispatch = d
			// The shapes in the order the dispatch table chooses them.
			slices.SortStableFunc(r.Responses, func(a, b *Message) int {
				return cmp.Compare(d.caseOf(a), d.caseOf(b))
			})
		}
	}
	for _, r := range m.ROPs {
		for _, resp := range r.Responses {
			if len(r.Responses) > 1 && resp.Dispatch == nil {
				return &Error{resp.file, 0, fmt.Sprintf("%s has %d response shapes, and no dispatch table chooses %s", r.Name, len(r.Responses), resp.Type)}
			}
		}
	}
	for _, r := range m.ROPs {
		for _, resp := range r.Responses {
			if err := m.checkRequestColumns(r, resp); err != nil {
				return err
			}
		}
	}
	slices.SortFunc(m.ROPs, func(a, b *ROP) int { return cmp.Compare(a.ID, b.ID) })
	return nil
}

// decodeResponse is the code that decodes any response of r from b with d.
func (r *ROP) decodeResponse() jen.Code {
	if r.Dispatch != nil {
		return jen.Id("d").Dot("Decode" + r.Name + "Response").Call(jen.Id("b"))
	}
	return jen.Id("d").Dot("decode" + r.Responses[0].Type).Call(jen.Id("b"))
}

// registryFile renders the registry of package codec: a MessageInfo for every
// message type, a ROPInfo for every ROP, and the part of the package doc that
// lists the ROPs.
func registryFile(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	for _, line := range strings.Split(registryDoc(m), "\n") {
		f.PackageComment(line)
	}
	f.Comment("messageInfos lists every message type, in the order of the spec tables. Each")
	f.Comment("MessageInfo is a variable of its type's own file, so that a new table renumbers nothing.")
	f.Var().Id("messageInfos").Op("=").Index(jen.Op("...")).Op("*").Id("MessageInfo").CustomFunc(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, func(g *jen.Group) {
		for _, msg := range m.Messages {
			g.Op("&").Id(infoVar(msg))
		}
	})
	f.Comment("decoderValues holds the value of each message type that a Decoder hands out")
	f.Comment("by pointer (see Decoder), each created on first use.")
	f.Type().Id("decoderValues").StructFunc(func(g *jen.Group) {
		for _, msg := range m.Messages {
			g.Id(msg.Type).Op("*").Id(msg.Type)
		}
	})
	f.Comment("ropInfos describes every ROP, by RopId.")
	f.Var().Id("ropInfos").Op("=").Index(jen.Op("...")).Id("ROPInfo").CustomFunc(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, func(g *jen.Group) {
		for _, r := range m.ROPs {
			d := jen.Dict{jen.Id("ID"): jen.Op(fmt.Sprintf("0x%02X", r.ID)), jen.Id("Name"): jen.Lit(r.Name)}
			if r.Request != nil {
				d[jen.Id("Request")] = jen.Op("&").Id(infoVar(r.Request))
				d[jen.Id("decodeRequest")] = decoderFunc("Request", jen.Id("d").Dot("decode"+r.Request.Type).Call(jen.Id("b")))
			}
			if len(r.Responses) > 0 {
				d[jen.Id("Responses")] = jen.Index().Op("*").Id("MessageInfo").ValuesFunc(func(g *jen.Group) {
					for _, resp := range r.Responses {
						g.Op("&").Id(infoVar(resp))
					}
				})
				d[jen.Id("decodeResponse")] = decoderFunc("Response", r.decodeResponse())
			}
			g.Values(d)
		}
	})
	return f
}

// infoVar is the variable of package codec that describes msg: its Info
// method returns it, and the registry lists it.
func infoVar(msg *Message) string { return "info" + msg.Type }

// messageInfoCode renders infoVar(msg), the MessageInfo of msg, in the file
// of msg itself.
func messageInfoCode(m *Model, f *jen.File, msg *Message) {
	last := msg.Fields[len(msg.Fields)-1]
	_, rv := msg.offsetOf("ReturnValue")
	d := jen.Dict{
		jen.Id("Type"):   jen.Lit(msg.Type),
		jen.Id("Title"):  jen.Lit(msg.Title),
		jen.Id("Source"): jen.Lit(msg.Source),
		jen.Id("RopID"):  jen.Lit(msg.RopID),
		jen.Id("decode"): decoderFunc("Message", jen.Id("d").Dot("decode"+msg.Type).Call(jen.Id("b"))),
		jen.Id("new"):    jen.Func().Params().Id("Message").Block(jen.Return(jen.New(jen.Id(msg.Type)))),
	}
	if msg.Direction != "struct" {
		d[jen.Id("ROP")] = jen.Lit(msg.ROP)
		d[jen.Id("Response")] = jen.Lit(msg.Direction == "response")
	}
	if rv != nil && isEC(rv) {
		d[jen.Id("ReturnValue")] = jen.True()
	}
	if last.ToEnd {
		d[jen.Id("RunsToEnd")] = jen.True()
	}
	if c := columnsContextOf(msg); c != "" {
		d[jen.Id("Columns")] = m.columnsKeyCode(c)
	}
	if needsLogon(msg) {
		d[jen.Id("NeedsLogon")] = jen.True()
	}
	f.Commentf("%s describes %s (see MessageInfo); the registry lists it.", infoVar(msg), msg.Type)
	f.Var().Id(infoVar(msg)).Op("=").Id("MessageInfo").Values(d)
}

// decoderFunc is a func(d *Decoder, b []byte) (result, int, error) that
// returns code.
func decoderFunc(result string, code jen.Code) jen.Code {
	return jen.Func().Params(jen.Id("d").Op("*").Id("Decoder"), jen.Id("b").Index().Byte()).
		Params(jen.Id(result), jen.Int(), jen.Error()).Block(jen.Return(code))
}

// registryDoc is the paragraph of the package doc that lists the ROPs.
func registryDoc(m *Model) string {
	var b strings.Builder
	b.WriteString("# ROPs\n\n")
	b.WriteString("The ROPs this package decodes and encodes, each with the layouts it has\n")
	b.WriteString("(ROPs lists them at run time):\n\n")
	for _, r := range m.ROPs {
		var shapes []string
		if r.Request != nil {
			shapes = append(shapes, strings.TrimPrefix(r.Request.Title, r.Name+" "))
		}
		for _, resp := range r.Responses {
			shapes = append(shapes, strings.TrimPrefix(resp.Title, r.Name+" "))
		}
		fmt.Fprintf(&b, "  - %s (RopId 0x%02X): %s\n", r.Name, r.ID, strings.Join(shapes, "; "))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// decodersTestFile renders the table of the package's typed decode functions
// that the golden and fuzz tests of package codec run: every DecodeX of a
// message type, the dispatchers, DecodeRequest and DecodeResponse. It is a
// test file, so that the functions are called by name as users call them.
func decodersTestFile(m *Model) *jen.File {
	f := newPackageFile(CodecPath, "codec")
	f.Comment("packageDecoders are the package's typed decode functions by name, each adapted to")
	f.Comment("return a pointer for a struct result (see byValue and byInterface).")
	f.Var().Id("packageDecoders").Op("=").Map(jen.String()).Func().Params(jen.Index().Byte()).Params(jen.Any(), jen.Int(), jen.Error()).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Lit("DecodeRequest")] = jen.Id("byInterface").Call(jen.Id("DecodeRequest"))
		d[jen.Lit("DecodeResponse")] = jen.Id("byInterface").Call(jen.Id("DecodeResponse"))
		for _, msg := range m.Messages {
			d[jen.Lit("Decode"+msg.Type)] = jen.Id("byValue").Call(jen.Id("Decode" + msg.Type))
		}
		for _, disp := range m.Dispatches {
			name := "Decode" + disp.ROP + "Response"
			d[jen.Lit(name)] = jen.Id("byInterface").Call(jen.Id(name))
		}
		for _, v := range m.Variants {
			d[jen.Lit("Decode"+v.Type)] = jen.Id("byInterface").Call(jen.Id("Decode" + v.Type))
		}
	}))
	return f
}
