package python

import (
	"bytes"

	"golang.org/x/tools/go/analysis"

	"github.com/acrvet/acr/pass"
)

// Helpers that build suggested fixes for Python files, so a pass does not
// compute offsets by hand. Positions come from the tree's file: the trees
// of ParseBytes have none, and these helpers return ok false for them.

// ImportOffset returns where a new top-level import goes: the start of
// the line of the first statement after the module docstring and any
// `from __future__` imports (which must stay first), or the end of those
// when nothing follows them; never before a byte order mark.
func ImportOffset(t *Tree) int {
	src := t.Src
	bom := pass.BOMLen(src)
	offset := bom
	first := true
	for st := range t.Root().NamedChildren() {
		if st.IsExtra() {
			continue // comments, the shebang and encoding lines among them
		}
		isDoc := first && st.Type() == "expression_statement" && st.NamedChildCount() == 1 &&
			st.NamedChild(0).Is("string", "concatenated_string")
		first = false
		if isDoc || st.Type() == "future_import_statement" {
			offset = lineEnd(src, st.End())
			continue
		}
		return max(lineStart(src, st.Start()), bom)
	}
	if offset == bom {
		// Only comments, or nothing: after a shebang and an encoding
		// declaration, which must stay on the first two lines.
		for line := 0; line < 2 && offset < len(src); line++ {
			l := src[offset:lineEnd(src, offset)]
			if !(line == 0 && bytes.HasPrefix(l, []byte("#!"))) && !(bytes.HasPrefix(l, []byte("#")) && bytes.Contains(l, []byte("coding"))) {
				break
			}
			offset += len(l)
		}
	}
	return offset
}

// InsertImport returns the edit that adds an import statement, such as
// "import asyncio" or "from typing import Any", on a line of its own at
// ImportOffset. It does not check whether the module imports the name
// already: look that up first (pyindex knows every binding).
func InsertImport(t *Tree, stmt string) (analysis.TextEdit, bool) {
	if t.File == nil {
		return analysis.TextEdit{}, false
	}
	at := ImportOffset(t)
	text := stmt + "\n"
	if at == len(t.Src) && at > 0 && t.Src[at-1] != '\n' {
		text = "\n" + text // a file whose last line has no newline
	}
	p := t.File.Pos(at)
	return analysis.TextEdit{Pos: p, End: p, NewText: []byte(text)}, true
}

// ReplaceCall returns the edit that replaces a call's callee, keeping its
// arguments exactly as written: time.sleep(x) becomes asyncio.sleep(x),
// or, with await, await asyncio.sleep(x). It refuses (ok false) a node
// that is not a call with a plain argument list, or that holds a syntax
// error, where a mechanical rewrite could change more than the callee.
func ReplaceCall(call *Node, callee string, await bool) (analysis.TextEdit, bool) {
	if call == nil || call.Type() != "call" || call.HasError() || call.Tree().File == nil {
		return analysis.TextEdit{}, false
	}
	args := call.ChildByField("arguments")
	if args == nil || args.Type() != "argument_list" {
		return analysis.TextEdit{}, false
	}
	const awaitKw = "await "
	text := make([]byte, 0, len(awaitKw)+len(callee)+args.End()-args.Start())
	if await {
		text = append(text, awaitKw...)
	}
	text = append(append(text, callee...), args.Text()...)
	return analysis.TextEdit{Pos: call.Pos(), End: call.EndPos(), NewText: text}, true
}

func lineStart(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}
