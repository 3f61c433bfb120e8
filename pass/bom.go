package pass

import "bytes"

// BOM is the UTF-8 byte order mark some editors write at the start of a
// file. It is not text: the fronts skip it, offsets still count it, and
// -fix inserts after it.
const BOM = "\ufeff"

// BOMLen returns the length of the byte order mark src starts with (3),
// or 0: the offset where the text of the file begins.
func BOMLen(src []byte) int {
	if bytes.HasPrefix(src, []byte(BOM)) {
		return len(BOM)
	}
	return 0
}

// A SyntaxCheck reports the first syntax error of a file's content, or nil.
type SyntaxCheck func(content []byte) error

var syntaxChecks = map[Kind]SyntaxCheck{}

// RegisterSyntaxCheck makes check the parser -fix runs over a file of the
// kinds before writing it: a fix whose result no longer parses is rolled
// back. The language fronts register from their init functions.
func RegisterSyntaxCheck(check SyntaxCheck, kinds ...Kind) {
	for _, k := range kinds {
		syntaxChecks[k] = check
	}
}

// SyntaxCheckFor returns the syntax check registered for a kind, or nil.
func SyntaxCheckFor(k Kind) SyntaxCheck { return syntaxChecks[k] }

// BlankBOM returns src with its byte order mark, if any, replaced by three
// spaces: a copy of the same length, so offsets into it are offsets into
// the file. Fronts whose syntax allows leading blanks parse it.
func BlankBOM(src []byte) []byte {
	n := BOMLen(src)
	if n == 0 {
		return src
	}
	out := bytes.Clone(src)
	copy(out, "   ")
	return out
}
