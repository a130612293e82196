package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// readField emits the decoding of one field.
func readField(g *jen.Group, msg *Message, fl *Field) {
	name := jen.Lit(fl.Name)
	ret := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	target := jen.Id("m").Dot(fl.Go)
	switch fl.Kind {
	case kindInt, kindEC, kindFlags:
		if fl.Name == "RopId" && fl.HasValue && msg.Direction != "struct" {
			g.If(jen.Err().Op(":=").Id("r").Dot("ropID").Call(jen.Op(fmt.Sprintf("0x%02X", fl.Value))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			return
		}
		g.BlockFunc(func(g *jen.Group) {
			check := fl.HasValue || len(fl.Not) > 0 || len(fl.In) > 0 || fl.Shape != nil
			if check {
				g.Id("off").Op(":=").Id("r").Dot("offset").Call()
			}
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot(readMethod(fl.Width)).Call(name)
			g.Add(ret)
			if fl.HasValue {
				g.If(jen.Id("v").Op("!=").Op(fmt.Sprintf("0x%X", fl.Value))).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			if len(fl.Not) > 0 {
				var cond *jen.Statement
				for i, n := range fl.Not {
					c := jen.Id("v").Op("==").Op(fmt.Sprintf("0x%X", n))
					if i == 0 {
						cond = c
					} else {
						cond = cond.Op("||").Add(c)
					}
				}
				g.If(cond).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			if fl.Shape != nil {
				g.If(shapeWrong(fl, jen.Id("v"))).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			if len(fl.In) > 0 {
				g.If(notIn(fl, jen.Id("v"))).Block(jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("off"), name, jen.Uint64().Call(jen.Id("v")))))
			}
			switch {
			case fl.LengthOf != nil:
				g.Id(lengthVar(fl)).Op("=").Int().Call(jen.Id("v"))
			case fl.InStruct() && fl.Kind == kindInt:
				g.Add(target).Op("=").Id("v")
			case fl.InStruct():
				g.Add(target).Op("=").Add(goType(fl)).Call(jen.Id("v"))
			}
		})
	case kindGUID:
		g.BlockFunc(func(g *jen.Group) {
			if fl.HasValue || fl.InBytes != nil {
				g.Id("off").Op(":=").Id("r").Dot("offset").Call()
			}
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("guid").Call(name)
			g.Add(ret)
			if fl.HasValue {
				g.If(jen.Id("v").Op("!=").Parens(bytesLit(fl))).Block(jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("off"), name, jen.Id("ErrUnexpectedValue"))))
				return
			}
			if fl.InBytes != nil {
				g.If(notIn(fl, jen.Id("v"))).Block(jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("off"), name, jen.Id("ErrUnexpectedValue"))))
			}
			g.Add(target).Op("=").Id("v")
		})
	case kindArray:
		switch {
		case fl.Width == 1 && fl.HasValue:
			g.BlockFunc(func(g *jen.Group) {
				g.Id("off").Op(":=").Id("r").Dot("offset").Call()
				g.Var().Id("v").Index(jen.Lit(fl.N)).Byte()
				g.If(jen.Err().Op(":=").Id("r").Dot("bytes").Call(jen.Id("v").Index(jen.Empty(), jen.Empty()), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
				g.If(jen.Id("v").Op("!=").Add(bytesLit(fl))).Block(jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("off"), name, jen.Id("ErrUnexpectedValue"))))
			})
		case fl.Width == 1:
			g.If(jen.Err().Op(":=").Id("r").Dot("bytes").Call(target.Clone().Index(jen.Empty(), jen.Empty()), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		default:
			g.If(jen.Err().Op(":=").Id("r").Dot(readMethod(fl.Width)+"s").Call(target.Clone().Index(jen.Empty(), jen.Empty()), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
	case kindStruct:
		g.If(jen.Err().Op(":=").Add(target).Dot("read").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	case kindUTF16Z:
		g.BlockFunc(func(g *jen.Group) {
			g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("utf16NUL").Call(name)
			g.Add(ret)
			g.Add(target).Op("=").Id("v")
		})
	case kindASCIIZ:
		g.BlockFunc(func(g *jen.Group) {
			switch {
			case fl.Length == nil:
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("asciiNUL").Call(name)
			case fl.EmptyIfZero:
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("asciiOpt").Call(jen.Id(lengthVar(fl.Length)), name)
			default:
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("ascii").Call(jen.Id(lengthVar(fl.Length)), name)
			}
			g.Add(ret)
			g.Add(target).Op("=").Id("v")
		})
	case kindBytes:
		g.BlockFunc(func(g *jen.Group) {
			if fl.ToEnd {
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("rest").Call(name)
			} else {
				n := jen.Id(lengthVar(fl.Length))
				if fl.LengthAdjust > 0 {
					n = n.Op("-").Lit(fl.LengthAdjust)
				}
				g.List(jen.Id("v"), jen.Err()).Op(":=").Id("r").Dot("rawBytes").Call(n, name)
			}
			g.Add(ret)
			g.Add(target).Op("=").Id("v")
		})
	case kindStructList, kindASCIIZList:
		g.BlockFunc(func(g *jen.Group) {
			min := 1
			if fl.Kind == kindStructList {
				min = fl.Struct.minSize()
			}
			g.List(jen.Id("n"), jen.Err()).Op(":=").Id("r").Dot("arrayLen").Call(jen.Id(lengthVar(fl.Length)), jen.Lit(min), name)
			g.Add(ret)
			g.If(jen.Id("n").Op(">").Lit(0)).BlockFunc(func(g *jen.Group) { // an empty list stays nil
				g.Add(target).Op("=").Make(goType(fl), jen.Id("n"))
				g.For(jen.Id("i").Op(":=").Range().Add(target)).BlockFunc(func(g *jen.Group) {
					if fl.Kind == kindStructList {
						g.If(jen.Err().Op(":=").Add(target).Index(jen.Id("i")).Dot("read").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
						return
					}
					g.If(jen.List(target.Clone().Index(jen.Id("i")), jen.Err()).Op("=").Id("r").Dot("asciiNUL").Call(name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
				})
			})
		})
	case kindIntList:
		g.BlockFunc(func(g *jen.Group) {
			g.If(jen.Id("r").Dot("remaining").Call().Op("%").Lit(fl.Width).Op("!=").Lit(0)).Block(
				jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("offset").Call(), name, jen.Id("ErrSizeMismatch"))))
			g.Id("n").Op(":=").Id("r").Dot("remaining").Call().Op("/").Lit(fl.Width)
			g.If(jen.Id("n").Op("==").Lit(0)).Block(jen.Return(jen.Nil()))
			g.Add(target).Op("=").Make(goType(fl), jen.Id("n"))
			g.If(jen.Err().Op(":=").Id("r").Dot(readMethod(fl.Width)+"s").Call(target.Clone(), name), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		})
	}
}

// readRunFast decodes a run of fixed fields by offset, checking fixed values.
func readRunFast(g *jen.Group, msg *Message, run fieldRun) {
	g.Id("p").Op(":=").Id("r").Dot("b").Index(jen.Id("r").Dot("off"), jen.Empty())
	off := 0
	for _, fl := range run.fields {
		name := jen.Lit(fl.Name)
		switch {
		case fl.Name == "RopId" && fl.HasValue && msg.Direction != "struct":
			g.If(jen.Id("p").Index(jen.Lit(off)).Op("!=").Op(fmt.Sprintf("0x%02X", fl.Value))).Block(jen.Return(jen.Id("r").Dot("ropID").Call(jen.Op(fmt.Sprintf("0x%02X", fl.Value)))))
		case fl.InBytes != nil:
			g.Add(fastRead(fl, off))
			g.If(notIn(fl, jen.Id("m").Dot(fl.Go))).Block(
				jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("off").Op("+").Lit(off), name, jen.Id("ErrUnexpectedValue"))))
		case fl.HasValue && fl.Bytes != nil:
			g.If(jen.Index(jen.Lit(len(fl.Bytes))).Byte().Call(jen.Id("p").Index(jen.Lit(off), jen.Lit(off+len(fl.Bytes)))).Op("!=").Add(bytesLit(&Field{Kind: kindArray, Bytes: fl.Bytes}))).Block(
				jen.Return(jen.Id("r").Dot("errAt").Call(jen.Id("r").Dot("off").Op("+").Lit(off), name, jen.Id("ErrUnexpectedValue"))))
		case fl.HasValue || len(fl.Not) > 0 || len(fl.In) > 0 || fl.Shape != nil:
			g.BlockFunc(func(g *jen.Group) {
				g.Id("v").Op(":=").Add(leUint(fl.Width, off))
				fail := jen.Return(jen.Id("r").Dot("unexpected").Call(jen.Id("r").Dot("off").Op("+").Lit(off), name, jen.Uint64().Call(jen.Id("v"))))
				if fl.HasValue {
					g.If(jen.Id("v").Op("!=").Op(fmt.Sprintf("0x%X", fl.Value))).Block(fail)
				}
				for _, n := range fl.Not {
					g.If(jen.Id("v").Op("==").Op(fmt.Sprintf("0x%X", n))).Block(fail)
				}
				if fl.Shape != nil {
					g.If(shapeWrong(fl, jen.Id("v"))).Block(fail)
				}
				if len(fl.In) > 0 {
					g.If(notIn(fl, jen.Id("v"))).Block(fail)
				}
				if fl.InStruct() {
					target := jen.Id("m").Dot(fl.Go)
					if fl.Kind == kindInt {
						g.Add(target).Op("=").Id("v")
					} else {
						g.Add(target).Op("=").Add(goType(fl)).Call(jen.Id("v"))
					}
				}
			})
		case fl.LengthOf != nil:
			g.Id(lengthVar(fl)).Op("=").Int().Call(leUint(fl.Width, off))
		default:
			g.Add(fastRead(fl, off))
		}
		off += fl.fixedSize()
	}
	g.Id("r").Dot("off").Op("+=").Lit(run.size)
}

// fastRead decodes a plain field at offset off of p into m.
func fastRead(fl *Field, off int) jen.Code {
	target := jen.Id("m").Dot(fl.Go)
	switch fl.Kind {
	case kindGUID:
		return jen.Copy(target.Clone().Index(jen.Empty(), jen.Empty()), jen.Id("p").Index(jen.Lit(off), jen.Empty()))
	case kindArray:
		if fl.Width == 1 {
			return jen.Copy(target.Clone().Index(jen.Empty(), jen.Empty()), jen.Id("p").Index(jen.Lit(off), jen.Empty()))
		}
		return jen.For(jen.Id("i").Op(":=").Range().Add(target)).Block(
			target.Clone().Index(jen.Id("i")).Op("=").Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("Uint%d", 8*fl.Width)).Call(
				jen.Id("p").Index(jen.Lit(off).Op("+").Lit(fl.Width).Op("*").Id("i"), jen.Empty())))
	case kindStruct:
		return target.Dot("readFixed").Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()))
	case kindInt:
		return target.Op("=").Add(leUint(fl.Width, off))
	}
	return target.Op("=").Add(goType(fl)).Call(leUint(fl.Width, off))
}

// leUint reads an integer of the given width at offset off of p.
func leUint(width, off int) jen.Code {
	if width == 1 {
		return jen.Id("p").Index(jen.Lit(off))
	}
	return jen.Qual("encoding/binary", "LittleEndian").Dot(fmt.Sprintf("Uint%d", 8*width)).Call(jen.Id("p").Index(jen.Lit(off), jen.Empty()))
}
