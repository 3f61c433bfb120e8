package python

import (
	"bytes"
	"errors"

	"github.com/acrvet/acr/pass"
)

func init() { pass.RegisterSyntaxCheck(checkSyntax, pass.Python) }

// checkSyntax is the check -fix runs before writing a Python file. Beyond
// tree-sitter's errors it refuses a byte order mark after the start, which
// tree-sitter skips as blank but CPython rejects.
func checkSyntax(src []byte) error {
	if bytes.Contains(src[pass.BOMLen(src):], []byte(pass.BOM)) {
		return errors.New("U+FEFF (byte order mark) after the start of the file")
	}
	_, err := ParseBytes(src)
	return err
}
