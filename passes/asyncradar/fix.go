package asyncradar

import (
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
	replace, ok := python.ReplaceCall(call.Node, "asyncio.sleep", true)
	if !ok {
		return nil
	}
	edits := make([]acr.TextEdit, 1, 2)
	edits[0] = replace
	switch bd := c.m.Lookup("asyncio", call.Node); {
	case bd == nil:
		imp, ok := c.importAsyncio()
		if !ok {
			return nil
		}
		edits = append(edits, imp)
	case bd.Kind != pyindex.ImportBinding || bd.Import.Qualified != "asyncio":
		return nil
	}
	return []acr.SuggestedFix{{Message: "replace with await asyncio.sleep", TextEdits: edits}}
}

// importAsyncio returns the edit that imports asyncio, made once per
// module: every sleep fix of the module shares it (a file with a hundred
// thousand of them would otherwise hold as many copies).
func (c *fileCheck) importAsyncio() (acr.TextEdit, bool) {
	if c.asyncioImport == nil {
		imp, ok := python.InsertImport(c.m.Tree, "import asyncio")
		c.asyncioImport = &importEdit{imp, ok}
	}
	return c.asyncioImport.edit, c.asyncioImport.ok
}

type importEdit struct {
	edit acr.TextEdit
	ok   bool
}
