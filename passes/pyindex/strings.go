package pyindex

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/acrvet/acr/pass/python"
)

// StringValue returns the value of a string literal, implicit
// concatenations ("a" "b") included, with escape sequences decoded. ok is
// false when n is not a literal or is dynamic: an f-string with a
// placeholder, or any concatenation containing one. Bytes literals yield
// their bytes as a string.
func StringValue(n *python.Node) (value string, ok bool) {
	if n == nil {
		return "", false
	}
	n = n.Unparen()
	switch n.Type() {
	case "string":
		return stringPart(n)
	case "concatenated_string":
		var b strings.Builder
		for part := range n.NamedChildren() {
			if part.IsExtra() {
				continue
			}
			s, ok := stringPart(part)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	return "", false
}

// IsDynamicString reports whether n is an f-string with placeholders or a
// concatenation containing one.
func IsDynamicString(n *python.Node) bool {
	if n == nil {
		return false
	}
	n = n.Unparen()
	if n.Type() != "string" && n.Type() != "concatenated_string" {
		return false
	}
	_, ok := StringValue(n)
	return !ok
}

func stringPart(n *python.Node) (string, bool) {
	if n.Type() != "string" {
		return "", false
	}
	raw := false
	var b strings.Builder
	for c := range n.Children() {
		switch c.Type() {
		case "string_start":
			prefix := strings.ToLower(strings.TrimRight(c.Text(), `"'`))
			raw = strings.ContainsRune(prefix, 'r')
		case "interpolation":
			return "", false
		case "string_content":
			if raw {
				b.WriteString(c.Text())
			} else {
				b.WriteString(unescape(c.Text()))
			}
		}
	}
	return b.String(), true
}

// unescape decodes Python's backslash escapes; an unknown escape is kept
// as written, as Python does.
func unescape(s string) string {
	if !strings.ContainsRune(s, '\\') {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			width := 2
			switch c {
			case 'u':
				width = 4
			case 'U':
				width = 8
			}
			if i+width < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+1+width], 16, 32); err == nil {
					if c == 'x' {
						b.WriteByte(byte(v))
					} else if utf8.ValidRune(rune(v)) {
						b.WriteRune(rune(v))
					}
					i += width
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(c)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 32)
			b.WriteByte(byte(v))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String()
}
