package schema

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/acrvet/acr/pass/python"
)

// A pyText is the value of a Python string literal with, for every byte
// of the value, the offset in the file it was written at, so SQL parsed
// from the value reports positions in the Python source even across
// escapes, line continuations and implicit concatenation.
type pyText struct {
	value string
	offs  []int // len(value)+1 entries; the last is the end of the literal
	// dynamic names what makes the literal unreadable ("f-string"), when
	// it is; value then holds the text before the first placeholder.
	dynamic string
}

// literalText reads a string literal or an implicit concatenation of them.
func literalText(n *python.Node) (pyText, bool) { return literalTextResolving(n, nil) }

// literalTextResolving is literalText for an f-string whose interpolations
// resolve reads: each is replaced by the constant text resolve returns,
// located at the interpolation, and the f-string is dynamic only when one
// does not resolve. resolve may be nil.
func literalTextResolving(n *python.Node, resolve func(*python.Node) (string, bool)) (pyText, bool) {
	if n == nil {
		return pyText{}, false
	}
	n = n.Unparen()
	var parts []*python.Node
	switch n.Type() {
	case "string":
		parts = []*python.Node{n}
	case "concatenated_string":
		for c := range n.NamedChildren() {
			if c.Type() == "string" {
				parts = append(parts, c)
			}
		}
	default:
		return pyText{}, false
	}
	var b strings.Builder
	var offs []int
	out := pyText{}
	end := n.End()
	for _, p := range parts {
		raw, bytesLit, fstring := false, false, false
		for c := range p.Children() {
			switch c.Type() {
			case "string_start":
				prefix := strings.ToLower(strings.TrimRight(c.Text(), `"'`))
				raw = strings.ContainsRune(prefix, 'r')
				bytesLit = strings.ContainsRune(prefix, 'b')
				fstring = strings.ContainsRune(prefix, 'f')
			case "interpolation":
				if out.dynamic != "" {
					continue
				}
				text, ok := "", false
				if resolve != nil && c.NamedChildCount() == 1 {
					text, ok = resolve(c.NamedChild(0))
				}
				if !ok {
					out.dynamic = "f-string"
					continue
				}
				b.WriteString(text)
				for range len(text) {
					offs = append(offs, c.Start())
				}
			case "string_content":
				if out.dynamic != "" {
					continue
				}
				if fstring && strings.ContainsAny(c.Text(), "{}") {
					// {{ and }} of an f-string: not read here.
					out.dynamic = "f-string"
					continue
				}
				decode(&b, &offs, c.Text(), c.Start(), raw, bytesLit)
			case "string_end":
				end = c.Start()
			}
		}
	}
	offs = append(offs, end)
	out.value, out.offs = b.String(), offs
	return out, true
}

// decode appends the value of a literal's content, written at file
// offset start, to b and the offset of each value byte to offs.
func decode(b *strings.Builder, offs *[]int, s string, start int, raw, bytesLit bool) {
	emit := func(v string, at int) {
		b.WriteString(v)
		for range len(v) {
			*offs = append(*offs, at)
		}
	}
	for i := 0; i < len(s); i++ {
		if raw || s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			*offs = append(*offs, start+i)
			continue
		}
		at := start + i
		i++
		switch c := s[i]; c {
		case '\n':
			// a line continuation inside the literal: no character
		case '\\', '\'', '"':
			emit(string(c), at)
		case 'n':
			emit("\n", at)
		case 't':
			emit("\t", at)
		case 'r':
			emit("\r", at)
		case 'a':
			emit("\a", at)
		case 'b':
			emit("\b", at)
		case 'f':
			emit("\f", at)
		case 'v':
			emit("\v", at)
		case 'x', 'u', 'U', 'N':
			width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
			if c == 'u' || c == 'U' || c == 'N' {
				if bytesLit {
					emit("\\"+string(c), at)
					continue
				}
			}
			if c == 'N' {
				// \N{NAME}: the name is not decoded; keep a placeholder
				// character so the SQL stays the same length.
				if j := strings.IndexByte(s[i:], '}'); j > 0 {
					emit("_", at)
					i += j
					continue
				}
				emit("\\N", at)
				continue
			}
			if i+width < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+1+width], 16, 32); err == nil {
					if c == 'x' {
						if bytesLit || v < 0x80 {
							emit(string([]byte{byte(v)}), at)
						} else {
							emit(string(rune(v)), at)
						}
					} else if utf8.ValidRune(rune(v)) {
						emit(string(rune(v)), at)
					}
					i += width
					continue
				}
			}
			emit("\\"+string(c), at)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 32)
			emit(string([]byte{byte(v)}), at)
			i = j - 1
		default:
			emit("\\"+string(c), at)
		}
	}
}

// sqlKeywords start a text that is SQL.
var sqlKeywords = []string{
	"select", "with", "insert", "update", "delete", "create", "alter", "drop", "truncate", "copy",
	"merge", "grant", "revoke", "comment", "do", "begin", "set", "vacuum", "analyze", "refresh",
	"call", "explain", "lock", "reindex", "cluster", "values", "table", "upsert",
}

// looksLikeSQL reports whether a text starts, after blanks and comments,
// with a SQL command word.
func looksLikeSQL(s string) bool {
	for {
		s = strings.TrimLeft(s, " \t\r\n(")
		switch {
		case strings.HasPrefix(s, "--"):
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = s[i+1:]
				continue
			}
			return false
		case strings.HasPrefix(s, "/*"):
			if i := strings.Index(s, "*/"); i >= 0 {
				s = s[i+2:]
				continue
			}
			return false
		}
		break
	}
	word := s
	for i, r := range s {
		if !(r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
			word = s[:i]
			break
		}
	}
	word = strings.ToLower(word)
	for _, k := range sqlKeywords {
		if word == k {
			return true
		}
	}
	return false
}
