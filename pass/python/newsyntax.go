package python

import "bytes"

// rewriteNewSyntax rewrites, without changing any byte offset, the Python
// syntax the tree-sitter grammar predates into a form it parses:
//
//   - PEP 758 (Python 3.14): `except A, B, C:` and `except* A, B:` without
//     parentheses. Each top-level comma becomes `|`, so the clause parses as
//     one expression naming the same exception types. The grammar would
//     fail on three names, and read two as Python 2's `except A, name`,
//     binding B.
//
// It reports whether it changed anything; it allocates only then. A file
// without "except" is not scanned line by line.
func rewriteNewSyntax(src []byte) ([]byte, bool) {
	if !bytes.Contains(src, []byte("except")) {
		return nil, false
	}
	var out []byte
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		trimmed := bytes.TrimLeft(line, " \t")
		if bytes.HasPrefix(trimmed, []byte("except")) {
			start := off + len(line) - len(trimmed) + len("except")
			if commas := exceptCommas(src[start:end]); len(commas) > 0 {
				if out == nil {
					out = bytes.Clone(src)
				}
				for _, c := range commas {
					out[start+c] = '|'
				}
			}
		}
		off = end + 1
	}
	return out, out != nil
}

// exceptCommas returns the offsets of the top-level commas of an except
// clause's types, the text after the keyword up to its colon; none when the
// clause binds a name with `as` (PEP 758 keeps the parentheses there), is
// not followed by blank or `*`, or has no colon on the line.
func exceptCommas(s []byte) []int {
	if len(s) == 0 || s[0] != ' ' && s[0] != '\t' && s[0] != '*' {
		return nil
	}
	var commas []int
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '\'', '"', '#':
			return nil
		case ',':
			if depth == 0 {
				commas = append(commas, i)
			}
		case ':':
			if depth == 0 {
				if bytes.Contains(s[:i], []byte(" as ")) {
					return nil
				}
				return commas
			}
		}
	}
	return nil
}
