package main

import (
	"bytes"
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// writeDecoders writes one decode function per message. Each follows
// protobuf-go's semantics for what pg_query emits: the last value of a
// scalar wins, a repeated field appends, a message met twice is merged, a
// field with an unexpected wire type is skipped (protobuf-go keeps it as
// an unknown field, which nothing in acr reads), strings must be UTF-8,
// and nesting deeper than the recursion limit is an error. The wire
// helpers (nextField, mergeMessage, ...) are in sqlsrc/decode.go.
func writeDecoders(b *bytes.Buffer, msgs []message) {
	imports := "\tpg \"github.com/pganalyze/pg_query_go/v5\"\n"
	if usesDouble(msgs) {
		imports = "\t\"math\"\n\n" + imports
	}
	b.WriteString(header + "\nimport (\n" + imports + ")\n")
	for _, m := range msgs {
		if m.goName == "Node" {
			writeNodeDecoder(b, m)
			continue
		}
		writeDecoderHead(b, m.goName)
		if len(m.fields) > 0 {
			b.WriteString("\t\tswitch f.tag {\n")
			for _, f := range m.fields {
				writeFieldCase(b, f)
			}
			b.WriteString("\t\t}\n")
		} else {
			b.WriteString("\t\t_ = f\n")
		}
		writeDecoderTail(b)
	}
}

func usesDouble(msgs []message) bool {
	for _, m := range msgs {
		for _, f := range m.fields {
			if f.kind == protoreflect.DoubleKind {
				return true
			}
		}
	}
	return false
}

// writeDecoderHead opens the decoder of a message up to the point where
// the field f just read is dispatched; writeDecoderTail closes it.
func writeDecoderHead(b *bytes.Buffer, goName string) {
	fmt.Fprintf(b, "\nfunc decode%s(b []byte, m *pg.%s, depth int) (err error) {\n", goName, goName)
	b.WriteString("\tif depth--; depth < 0 {\n\t\treturn errTooDeep\n\t}\n")
	b.WriteString("\tvar f wireField\n\tfor len(b) > 0 && err == nil {\n\t\tif b, f, err = nextField(b); err != nil {\n\t\t\treturn err\n\t\t}\n")
}

func writeDecoderTail(b *bytes.Buffer) { b.WriteString("\t}\n\treturn err\n}\n") }

// writeNodeDecoder writes decodeNode, the decoder every level of a tree
// goes through, as a table of one small function per node type: a switch
// of 250 cases had a 2 KB stack frame, and growing goroutine stacks for
// the recursion of such frames cost a third of the decoding time.
func writeNodeDecoder(b *bytes.Buffer, m message) {
	var max protowire.Number
	for _, f := range m.fields {
		if f.wrapper == "" || !f.isMessage() || f.goField != "Node" {
			panic("unreachable: describe checked Node's shape")
		}
		max = f.number
	}
	fmt.Fprintf(b, "\n// nodeDecoders decodes a Node's field by field number.\nvar nodeDecoders [%d]func(m *pg.Node, v []byte, depth int) error\n", max+1)
	b.WriteString("\nfunc init() {\n\tnodeDecoders = [...]func(m *pg.Node, v []byte, depth int) error{\n")
	for _, f := range m.fields {
		fmt.Fprintf(b, "%d: decodeNode%s,\n", f.number, f.wrapField)
	}
	b.WriteString("}\n}\n")
	writeDecoderHead(b, m.goName)
	b.WriteString("\t\tif f.tag&7 == wireBytes && f.tag>>3 < uint64(len(nodeDecoders)) && nodeDecoders[f.tag>>3] != nil {\n\t\t\terr = nodeDecoders[f.tag>>3](m, f.bytes, depth)\n\t\t}\n")
	writeDecoderTail(b)
	// A node met for the first time gets its wrapper and its message in
	// one allocation; one met again (which pg_query never emits) is merged.
	for _, f := range m.fields {
		fmt.Fprintf(b, "\nfunc decodeNode%s(m *pg.Node, v []byte, depth int) error {\n", f.wrapField)
		fmt.Fprintf(b, "if w, ok := m.Node.(*pg.%s); ok && w.%s != nil {\nreturn decode%s(v, w.%s, depth)\n}\n", f.wrapper, f.wrapField, f.goType, f.wrapField)
		fmt.Fprintf(b, "both := new(struct {\nw pg.%s\nx pg.%s\n})\nboth.w.%s = &both.x\nm.Node = &both.w\n", f.wrapper, f.goType, f.wrapField)
		fmt.Fprintf(b, "return decode%s(v, &both.x, depth)\n}\n", f.goType)
	}
}

func writeFieldCase(b *bytes.Buffer, f field) {
	tag := func(wire string) string {
		return fmt.Sprintf("\t\tcase %d<<3 | %s: // %s\n", f.number, wire, f.protoName)
	}
	target := "m." + f.goField
	switch {
	case f.isMessage() && f.wrapper != "":
		b.WriteString(tag("wireBytes"))
		fmt.Fprintf(b, "w, _ := m.%s.(*pg.%s)\nif w == nil {\nw = &pg.%s{}\nm.%s = w\n}\n", f.goField, f.wrapper, f.wrapper, f.goField)
		fmt.Fprintf(b, "w.%s, err = mergeMessage(w.%s, f.bytes, decode%s, depth)\n", f.wrapField, f.wrapField, f.goType)
	case f.isMessage() && f.list:
		b.WriteString(tag("wireBytes"))
		fmt.Fprintf(b, "%s, err = appendMessage(%s, f.bytes, decode%s, depth)\n", target, target, f.goType)
	case f.isMessage():
		b.WriteString(tag("wireBytes"))
		fmt.Fprintf(b, "%s, err = mergeMessage(%s, f.bytes, decode%s, depth)\n", target, target, f.goType)
	case f.kind == protoreflect.StringKind:
		b.WriteString(tag("wireBytes"))
		fmt.Fprintf(b, "%s, err = utf8String(f.bytes)\n", target)
	case f.kind == protoreflect.DoubleKind:
		b.WriteString(tag("wireFixed64"))
		fmt.Fprintf(b, "%s = math.Float64frombits(f.number)\n", target)
	case f.list:
		// Packed or not: protobuf-go accepts both encodings.
		b.WriteString(tag("wireVarint"))
		fmt.Fprintf(b, "%s = append(%s, %s)\n", target, target, varintConversion(f, "f.number"))
		b.WriteString(tag("wireBytes"))
		if f.kind != protoreflect.Uint64Kind {
			panic("unreachable: supported accepts only uint64 lists")
		}
		fmt.Fprintf(b, "%s, err = appendPacked(%s, f.bytes)\n", target, target)
	default:
		b.WriteString(tag("wireVarint"))
		fmt.Fprintf(b, "%s = %s\n", target, varintConversion(f, "f.number"))
	}
}

// supported reports whether writeFieldCase can decode the field: the
// kinds pg_query's messages use.
func supported(f field) bool {
	switch {
	case f.isMessage():
		return true
	case f.wrapper != "":
		return false
	case f.kind == protoreflect.StringKind, f.kind == protoreflect.DoubleKind:
		return !f.list
	case f.list:
		return f.kind == protoreflect.Uint64Kind
	}
	return isVarint(f.kind)
}

func isVarint(k protoreflect.Kind) bool {
	switch k {
	case protoreflect.BoolKind, protoreflect.EnumKind, protoreflect.Int32Kind, protoreflect.Int64Kind,
		protoreflect.Uint32Kind, protoreflect.Uint64Kind:
		return true
	}
	return false
}

// varintConversion converts a decoded varint v to the field's Go type, as
// protobuf-go does (an int32 is the low 32 bits, sign included).
func varintConversion(f field, v string) string {
	switch f.kind {
	case protoreflect.BoolKind:
		return v + " != 0"
	case protoreflect.EnumKind:
		return "pg." + f.goType + "(int32(" + v + "))"
	case protoreflect.Int32Kind:
		return "int32(" + v + ")"
	case protoreflect.Int64Kind:
		return "int64(" + v + ")"
	case protoreflect.Uint32Kind:
		return "uint32(" + v + ")"
	}
	return v
}
