package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// fieldsCode renders Fields, the visitor of a message: every field in wire
// order with its document name, its value and its size, as codec.Field says.
func fieldsCode(f *jen.File, msg *Message) {
	var yields *jen.Statement
	for _, fl := range msg.Fields {
		y := jen.Id("yield").Call(jen.Id("Field").Values(visitDict(fl).dict()))
		if c, ok := fl.Kind.(interface{ presence(*Field) jen.Code }); ok && c.presence(fl) != nil {
			// A field absent from the wire is not yielded.
			y = jen.Parens(jen.Op("!").Parens(c.presence(fl)).Op("||").Add(y))
		}
		if yields == nil {
			yields = jen.Id("_").Op("=").Add(y)
		} else {
			yields = yields.Op("&&").Line().Add(y)
		}
	}
	f.Comment("Fields yields the fields of m in wire order, with their document names, including")
	f.Comment("those the struct leaves implicit: the RopId, fixed values, size and offset fields (see Field).")
	var guard, locate jen.Code = jen.Null(), jen.Null()
	if nests(msg) {
		// Sizes are computed as the fields are yielded: a value nested
		// deeper than any decoder returns, perhaps in a cycle, has none.
		f.Comment("A value nested more deeply than the encoders accept (MaxRestrictionDepth), a cycle")
		f.Comment("perhaps, which no decoder returns, yields no fields: its sizes may have no bound.")
		guard = jen.If(jen.Id("m").Dot("nesting").Call(jen.Id("maxNesting")).Op(">").Id("maxNesting")).Block(jen.Return())
	}
	if len(locatedFields(msg)) > 0 {
		locate = jen.Id("o").Op(":=").Id("m").Dot("locate").Call()
	}
	f.Add(recv(msg).Id("Fields").Params().Qual("iter", "Seq").Index(jen.Id("Field")).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Id("Field")).Bool()).Block(guard, locate, yields)),
	))
}

// visitDict is the Field literal of one field.
func visitDict(fl *Field) fieldDict {
	d := fieldDict{"Name": jen.Lit(fl.Name)}
	v := jen.Id("m").Dot(fl.Go)
	switch {
	case fl.HasValue:
		d["Role"] = jen.Id("FieldFixed")
		v = fixedLit(fl)
	case fl.LengthOf != nil:
		d["Role"] = jen.Id("FieldLength")
		v = fl.Kind.goType(fl).Call(lengthValue(fl))
	case fl.OffsetOf != nil:
		d["Role"] = jen.Id("FieldOffset")
		v = fl.Kind.goType(fl).Call(locatedOffset(fl.OffsetOf))
	}
	d["Value"] = v
	fl.Kind.visit(fl, v, d) // may put a pointer in Value
	return d
}

// fixedLit is the value column of a field as a Go value of its type.
func fixedLit(fl *Field) *jen.Statement {
	if k, ok := fl.Kind.(*byteArray); ok {
		return k.goType(fl).Values(byteLits(fl.Bytes)...)
	}
	return fl.Kind.goType(fl).Call(jen.Op(fmt.Sprintf("0x%X", fl.Value)))
}
