package python_test

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
)

func parseFile(t *testing.T, src string) *python.Tree {
	t.Helper()
	f := pass.NewFile(token.NewFileSet(), "m.py", "m.py", pass.Python, []byte(src), int64(len(src)))
	tree, err := python.Parse(f)
	require.NoError(t, err)
	return tree
}

func TestInsertImport(t *testing.T) {
	cases := map[string]string{
		"x = 1\n":                  "import asyncio\nx = 1\n",
		`"""Doc."""` + "\nx = 1\n": `"""Doc."""` + "\nimport asyncio\nx = 1\n",
		`"""Doc."""` + "\nfrom __future__ import annotations\n\nimport os\n": `"""Doc."""` + "\nfrom __future__ import annotations\n\nimport asyncio\nimport os\n",
		"#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n":                   "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport asyncio\n",
		"":                         "import asyncio\n",
		`"""Only a docstring."""`:  `"""Only a docstring."""` + "\nimport asyncio\n",
		"# a comment\nimport os\n": "# a comment\nimport asyncio\nimport os\n",
		"# a comment only\n":       "import asyncio\n# a comment only\n",
	}
	for src, want := range cases {
		tree := parseFile(t, src)
		e, ok := python.InsertImport(tree, "import asyncio")
		require.True(t, ok, src)
		f := tree.File
		got := string(tree.Src[:f.Offset(e.Pos)]) + string(e.NewText) + string(tree.Src[f.Offset(e.End):])
		assert.Equal(t, want, got, "%q", src)
	}
	_, ok := python.InsertImport(mustBytes(t, "x = 1\n"), "import asyncio")
	assert.False(t, ok, "a tree without a file has no positions")
}

func mustBytes(t *testing.T, src string) *python.Tree {
	tree, err := python.ParseBytes([]byte(src))
	require.NoError(t, err)
	return tree
}

func TestReplaceCall(t *testing.T) {
	tree := parseFile(t, "async def f():\n    time.sleep(0.5, *rest)\n    g(h(1))\n")
	var calls []*python.Node
	python.Inspect(tree.Root(), func(n *python.Node) bool {
		if n.Type() == "call" {
			calls = append(calls, n)
		}
		return true
	})
	require.Len(t, calls, 3)
	f := tree.File
	e, ok := python.ReplaceCall(calls[0], "asyncio.sleep", true)
	require.True(t, ok)
	assert.Equal(t, "time.sleep(0.5, *rest)", string(tree.Src[f.Offset(e.Pos):f.Offset(e.End)]))
	assert.Equal(t, "await asyncio.sleep(0.5, *rest)", string(e.NewText))
	e, ok = python.ReplaceCall(calls[2], "k", false)
	require.True(t, ok)
	assert.Equal(t, "k(1)", string(e.NewText))
	_, ok = python.ReplaceCall(tree.Root(), "x", false)
	assert.False(t, ok, "not a call")
}
