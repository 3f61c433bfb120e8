package asyncradar

import (
	"bytes"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// sleepFix rewrites a time.sleep(x) statement to await asyncio.sleep(x),
// importing asyncio when the module does not. It offers nothing where the
// edit is not mechanical: the call is part of a larger expression, already
// awaited, or asyncio names something else at the call.
func (c *fileCheck) sleepFix(call *pyindex.Call, b *blocked) []acr.SuggestedFix {
	if b.fam != famSleep || call.Awaited || !call.OnLoop {
		return nil
	}
	stmt := call.Node.Parent()
	if stmt == nil || stmt.Type() != "expression_statement" || stmt.NamedChildCount() != 1 {
		return nil
	}
	args := call.Node.ChildByField("arguments")
	if args == nil || args.Type() != "argument_list" || call.Node.HasError() {
		return nil
	}
	edits := []acr.TextEdit{{
		Pos: c.f.Pos(call.Node.Start()), End: c.f.Pos(call.Node.End()),
		NewText: []byte("await asyncio.sleep" + args.Text()),
	}}
	switch bd := c.m.Lookup("asyncio", call.Node); {
	case bd == nil:
		at := importInsertOffset(c.m.Tree)
		edits = append(edits, acr.TextEdit{Pos: c.f.Pos(at), End: c.f.Pos(at), NewText: []byte("import asyncio\n")})
	case bd.Kind != pyindex.ImportBinding || bd.Import.Qualified != "asyncio":
		return nil
	}
	return []acr.SuggestedFix{{Message: "replace with await asyncio.sleep", TextEdits: edits}}
}

// importInsertOffset returns where a new top-level import goes: at the
// start of the line of the first statement after the module docstring and
// any from __future__ imports.
func importInsertOffset(tree *python.Tree) int {
	src := tree.Src
	offset := 0
	first := true
	for st := range tree.Root().NamedChildren() {
		if st.IsExtra() {
			continue
		}
		isDoc := first && st.Type() == "expression_statement" && st.NamedChildCount() == 1 &&
			st.NamedChild(0).Is("string", "concatenated_string")
		first = false
		if isDoc || st.Type() == "future_import_statement" {
			offset = lineEnd(src, st.End())
			continue
		}
		return lineStart(src, st.Start())
	}
	return offset
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
