package python

import (
	"bytes"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
	sitterpython "github.com/smacker/go-tree-sitter/python"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
)

func mustParse(t testing.TB, src string) *Tree {
	t.Helper()
	tree, err := ParseBytes([]byte(src))
	require.NoError(t, err)
	return tree
}

func TestParseShape(t *testing.T) {
	tree := mustParse(t, "import time\nasync def f(x):\n    time.sleep(x)\n")
	root := tree.Root()
	assert.Equal(t, "module", root.Type())
	assert.Nil(t, root.Parent())
	assert.Equal(t,
		"(module (import_statement name: (dotted_name (identifier))) "+
			"(function_definition name: (identifier) parameters: (parameters (identifier)) "+
			"body: (block (expression_statement (call function: (attribute object: (identifier) attribute: (identifier)) "+
			"arguments: (argument_list (identifier)))))))",
		root.String())

	fn := root.NamedChild(1)
	require.NotNil(t, fn)
	assert.Equal(t, "function_definition", fn.Type())
	assert.Equal(t, "f", fn.ChildByField("name").Text())
	assert.Equal(t, "async", fn.FirstChild().Type())
	assert.False(t, fn.FirstChild().IsNamed())
	assert.Equal(t, "name", fn.ChildByField("name").Field())
	assert.Nil(t, fn.ChildByField("no_such_field"))
	assert.Nil(t, fn.ChildByField("return_type"))

	var calls []string
	Inspect(root, func(n *Node) bool {
		if n.Type() == "call" {
			calls = append(calls, n.ChildByField("function").Text())
		}
		return true
	})
	assert.Equal(t, []string{"time.sleep"}, calls)

	call := tree.NodeAt(strings.Index(tree.text, "sleep"))
	assert.Equal(t, "identifier", call.Type())
	assert.Equal(t, "sleep", call.Text())
	assert.Equal(t, "attribute", call.Parent().Type())
	assert.Equal(t, fn, call.Enclosing("function_definition"))
	assert.True(t, fn.Contains(call))
	assert.False(t, call.Contains(fn))
	assert.Equal(t, "time", call.PrevSibling().PrevSibling().Text())
	assert.Equal(t, ".", call.PrevSibling().Type())
	assert.Nil(t, call.NextSibling())
	assert.Equal(t, 2, root.NamedChildCount())
	assert.Equal(t, fn, root.Child(1))
	assert.Nil(t, root.Child(2))
}

func TestInspectSkipsSubtrees(t *testing.T) {
	tree := mustParse(t, "def f():\n    a()\n    def g():\n        b()\n    c()\n")
	var calls []string
	Inspect(tree.Root(), func(n *Node) bool {
		if n.Type() == "function_definition" && n.ChildByField("name").Text() == "g" {
			return false
		}
		if n.Type() == "call" {
			calls = append(calls, n.Text())
		}
		return true
	})
	assert.Equal(t, []string{"a()", "c()"}, calls)
}

func TestChildrenIterators(t *testing.T) {
	tree := mustParse(t, "f(a, b=1, *c)  # note\n")
	args := tree.NodeAt(1).Enclosing("call").ChildByField("arguments")
	if args == nil {
		args = tree.NodeAt(1)
	}
	var named []string
	for c := range args.NamedChildren() {
		named = append(named, c.Type())
	}
	assert.Equal(t, []string{"identifier", "keyword_argument", "list_splat"}, named)
	assert.Equal(t, 7, args.ChildCount())
	var comments int
	Inspect(tree.Root(), func(n *Node) bool {
		if n.Type() == "comment" {
			comments++
			assert.True(t, n.IsExtra())
		}
		return true
	})
	assert.Equal(t, 1, comments)
	var anc []string
	for a := range args.NamedChild(0).Ancestors() {
		anc = append(anc, a.Type())
	}
	assert.Equal(t, []string{"argument_list", "call", "expression_statement", "module"}, anc)
	paren := mustParse(t, "x = ((y))\n").Root().NamedChild(0).NamedChild(0).ChildByField("right")
	assert.Equal(t, "y", paren.Unparen().Text())
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		src, msg string
		offset   int
	}{
		{"def f(:\n  pass\n", `invalid syntax: missing ")"`, 6},
		{"x = = 1\n", "invalid syntax", 4},
		{"if x\n  y\n", "invalid syntax", 0},
		{"class C:\n    def m(self):\n        return (1,\n", "invalid syntax", -1},
		{"\x00\x00\x00", "invalid syntax", 0},
	} {
		tree, err := ParseBytes([]byte(tc.src))
		require.NotNil(t, tree, "%q: a tree is returned with the error", tc.src)
		var se *pass.SyntaxError
		require.ErrorAs(t, err, &se, "%q", tc.src)
		assert.Equal(t, tc.msg, se.Msg, "%q", tc.src)
		if tc.offset >= 0 {
			assert.Equal(t, tc.offset, se.Offset, "%q", tc.src)
		}
		assert.Same(t, se, tree.Err())
		assert.True(t, tree.Root().HasError())
	}
}

// TestNewerPythonSyntax pins that valid Python the grammar predates costs
// nothing: PEP 758's unparenthesized except (3.14), PEP 695 type parameters
// and aliases (3.12), PEP 701 f-strings (3.12) parse without error, node
// text is the file's own and the rest of the file is all there.
func TestNewerPythonSyntax(t *testing.T) {
	for _, src := range []string{
		"try:\n    f()\nexcept ValueError, TypeError, KeyError:\n    pass\nimport time\ntime.sleep(1)\n",
		"async def g():\n    try:\n        f()\n    except* OSError, ValueError:\n        raise\nimport time\ntime.sleep(1)\n",
		"def first[T](xs: list[T]) -> T:\n    return xs[0]\nclass Box[T: int, *Ts, **P]:\n    pass\ntype Pair[T] = tuple[T, T]\nimport time\ntime.sleep(1)\n",
		"x = f\"{d[\"k\"]}\"\ny = f\"{'\\n'.join(a)!r:>{w}}\"\nimport time\ntime.sleep(1)\n",
	} {
		tree, err := ParseBytes([]byte(src))
		require.NoError(t, err, "%q", src)
		require.False(t, tree.Root().HasError(), "%q", src)
		last := tree.Root().NamedChild(int(tree.Root().NamedChildCount()) - 1)
		assert.Equal(t, "time.sleep(1)", last.Text(), "%q: the statements after the new syntax are parsed", src)
	}
	// Two names are a tuple of types (PEP 758), not Python 2's binding.
	two, err := ParseBytes([]byte("try:\n    f()\nexcept KeyError, TypeError:\n    pass\n"))
	require.NoError(t, err)
	clause := two.Root().NamedChild(0).NamedChild(1)
	require.Equal(t, "except_clause", clause.Type())
	assert.Equal(t, "binary_operator", clause.NamedChild(0).Type(), "KeyError, TypeError is one expression")
	assert.Equal(t, "KeyError, TypeError", clause.NamedChild(0).Text())
	// The rewrite keeps the clause's own text and leaves `as` clauses,
	// strings and comments alone.
	tree, err := ParseBytes([]byte("try:\n    f()\nexcept A, B, C:\n    pass\n"))
	require.NoError(t, err)
	assert.Contains(t, tree.Root().Text(), "except A, B, C:")
	for _, src := range []string{"except (A, B) as e:", "except A:", "except A, B as e:", "except_handler(a, b):", "except f(\"a,b\"), c:"} {
		_, changed := rewriteNewSyntax([]byte(src))
		assert.False(t, changed, src)
	}
	fixed, changed := rewriteNewSyntax([]byte("    except* A, (B, C), D:\n"))
	assert.True(t, changed)
	assert.Equal(t, "    except* A| (B, C)| D:\n", string(fixed))
}

func TestParseFileMemoizedWithPositions(t *testing.T) {
	fset := token.NewFileSet()
	src := []byte("import os\n\n\nos.system(  # no closing paren\n")
	f := pass.NewFile(fset, "svc/app.py", "/repo/svc/app.py", pass.Python, src, 0)

	filesBefore, bytesBefore := Stats()
	var wg sync.WaitGroup
	trees := make([]*Tree, 8)
	errs := make([]error, 8)
	for i := range trees {
		wg.Go(func() { trees[i], errs[i] = Parse(f) })
	}
	wg.Wait()
	for i := range trees {
		assert.Same(t, trees[0], trees[i], "parsed once")
		assert.Same(t, errs[0], errs[i])
	}
	filesAfter, bytesAfter := Stats()
	assert.Equal(t, int64(1), filesAfter-filesBefore)
	assert.Equal(t, int64(len(src)), bytesAfter-bytesBefore)
	require.Error(t, errs[0])
	assert.Contains(t, errs[0].Error(), "svc/app.py:")
	assert.Contains(t, errs[0].Error(), "invalid syntax")
	assert.Same(t, f, trees[0].File)

	call := trees[0].NodeAt(bytes.Index(src, []byte("system")))
	p := fset.Position(call.Pos())
	assert.Equal(t, 4, p.Line)
	assert.Equal(t, 4, p.Column)
	assert.Equal(t, f.Pos(call.End()), call.EndPos())
}

// TestParseDetached: a tree parsed outside the memo has the file's
// positions and leaves the memo alone; parses are tracked by path.
func TestParseDetached(t *testing.T) {
	fset := token.NewFileSet()
	src := []byte("import os\n\nos.system('ls')\n")
	f := pass.NewFile(fset, "svc/app.py", "/repo/svc/app.py", pass.Python, src, 0)
	TrackParses()
	detached, err := ParseDetached(f)
	require.NoError(t, err)
	cached, err := Parse(f)
	require.NoError(t, err)
	assert.NotSame(t, detached, cached, "the detached tree is not memoized")
	assert.Equal(t, map[string]int{"svc/app.py": 2}, Tracked())
	call := detached.NodeAt(bytes.Index(src, []byte("system")))
	assert.Equal(t, 3, fset.Position(call.Pos()).Line)
	assert.Equal(t, cached.Len(), detached.Len())
}

// TestTreeSitterCPU: the floor of a parse is measured and is positive for
// a source that takes any work.
func TestTreeSitterCPU(t *testing.T) {
	src := bytes.Repeat([]byte("async def handler(request):\n    return await request.json()\n\n"), 2000)
	cpu, ok := TreeSitterCPU(src)
	require.True(t, ok)
	assert.Positive(t, cpu)
	_, ok = TreeSitterCPU(nil)
	assert.True(t, ok, "an empty source parses")
}

func TestHostileInput(t *testing.T) {
	inputs := map[string][]byte{
		"invalid utf8":    []byte("x = '\xff\xfe'\ndef \xc3(\x80):\n    pass\n"),
		"nul bytes":       []byte("import os\x00\nasync def f():\x00 pass\n"),
		"deep parens":     []byte(strings.Repeat("(", 20000) + "1" + strings.Repeat(")", 20000) + "\n"),
		"unclosed parens": []byte(strings.Repeat("f(", 20000) + "\n"),
		"deep blocks":     []byte(deepBlocks(300)),
		"empty":           nil,
		"only newline":    []byte("\n"),
		"bom":             []byte("\ufeffimport os\n"),
		"crlf":            []byte("import os\r\nasync def f():\r\n    os.system('x')\r\n"),
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				tree, err := ParseBytes(src)
				if err != nil {
					var se *pass.SyntaxError
					require.ErrorAs(t, err, &se)
					assert.LessOrEqual(t, se.Offset, len(src))
				}
				require.NotNil(t, tree)
				checkInvariants(t, tree)
			}()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("parse hung")
			}
		})
	}
}

func deepBlocks(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("if x:\n")
	}
	b.WriteString(strings.Repeat(" ", depth))
	b.WriteString("pass\n")
	return b.String()
}

func TestLimits(t *testing.T) {
	old := MaxFileSize
	MaxFileSize = 1000
	defer func() { MaxFileSize = old }()
	fset := token.NewFileSet()
	f := pass.NewFile(fset, "big.py", "big.py", pass.Python, bytes.Repeat([]byte("x = 1\n"), 200), 0)
	tree, err := Parse(f)
	assert.Nil(t, tree)
	var se *pass.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Msg, "too large")
	assert.Contains(t, err.Error(), "big.py:1:1")

	oldTimeout := ParseTimeout
	ParseTimeout = time.Microsecond
	defer func() { ParseTimeout = oldTimeout }()
	MaxFileSize = old
	tree, err = ParseBytes(bytes.Repeat([]byte("x = [f(a, b) for a in range(10) if a]\n"), 20000))
	if err != nil { // a fast machine may finish within one timeout check
		assert.Nil(t, tree)
		assert.Contains(t, err.Error(), "timed out")
	}
	// The bound is CPU time, checked while the parse runs: a parse of a
	// few MB takes far more than 5 ms of CPU on any machine, however
	// loaded.
	ParseTimeout = 5 * time.Millisecond
	tree, err = ParseBytes(bytes.Repeat([]byte("async def f():\n    time.sleep(1)\n"), 100_000))
	assert.Nil(t, tree)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "timed out after 5ms of CPU time")
	// Parsers are reused: one that timed out parses the next file afresh.
	ParseTimeout = oldTimeout
	for range 20 {
		tree, err = ParseBytes([]byte("def f():\n    return 1\n"))
		require.NoError(t, err)
		assert.Equal(t, "function_definition", tree.Root().FirstChild().Type())
	}
}

// TestWalkMatchesBindings checks the C walker against the Go bindings of
// go-tree-sitter: same nodes, types, fields, ranges and flags. It guards the
// struct layouts walk.h declares when the dependency is upgraded.
func TestWalkMatchesBindings(t *testing.T) {
	srcs := [][]byte{
		[]byte("import a.b as c\nfrom ..m import (n as k, z)\n@dec(1)\nasync def f(x: int = 2, *a, **kw) -> None:\n    async with g() as h:\n        await h.get(x, y=[i for i in a if (j := i)])\n    match x:\n        case [1, *r] | {'k': r}: pass\n\nclass C(B, metaclass=M):\n    y: int = 0\n    def m(self): return lambda q: q ** 2\n"),
		[]byte("def f(:\n  x = = 1\nprint 'x'\n"),
	}
	if dir := stdlibDir(); dir != "" {
		if b, err := os.ReadFile(filepath.Join(dir, "asyncio", "tasks.py")); err == nil {
			srcs = append(srcs, b)
		}
	}
	parser := sitter.NewParser()
	parser.SetLanguage(sitterpython.GetLanguage())
	for _, src := range srcs {
		ours, _ := ParseBytes(src)
		require.NotNil(t, ours)
		theirs := parser.Parse(nil, src)
		i := 0
		cur := sitter.NewTreeCursor(theirs.RootNode())
		var walk func()
		walk = func() {
			n := cur.CurrentNode()
			require.Less(t, i, ours.Len())
			o := ours.Node(i)
			require.Equal(t, n.Type(), o.Type(), "node %d", i)
			require.Equal(t, cur.CurrentFieldName(), o.Field(), "node %d", i)
			require.Equal(t, int(n.StartByte()), o.Start(), "node %d", i)
			require.Equal(t, int(n.EndByte()), o.End(), "node %d", i)
			require.Equal(t, n.IsNamed(), o.IsNamed(), "node %d", i)
			require.Equal(t, n.IsMissing(), o.IsMissing(), "node %d", i)
			require.Equal(t, n.IsExtra(), o.IsExtra(), "node %d", i)
			require.Equal(t, n.HasError(), o.HasError(), "node %d", i)
			i++
			if cur.GoToFirstChild() {
				walk()
				for cur.GoToNextSibling() {
					walk()
				}
				cur.GoToParent()
			}
		}
		walk()
		require.Equal(t, ours.Len(), i)
	}
}

// checkInvariants verifies the structure every consumer relies on.
func checkInvariants(t testing.TB, tree *Tree) {
	t.Helper()
	// Plain comparisons, not testify: FuzzParse runs this over every node
	// of every input, and reflection per node would be most of its time.
	if tree.Len() <= 0 {
		t.Fatalf("empty tree")
	}
	root := tree.Root()
	if int(root.last) != tree.Len()-1 {
		t.Fatalf("root's subtree ends at %d, want %d", root.last, tree.Len()-1)
	}
	for i := range tree.Len() {
		n := tree.Node(i)
		if n.Index() != i {
			t.Fatalf("node %d has index %d", i, n.Index())
		}
		if n.Start() > n.End() || n.End() > len(tree.Src) {
			t.Fatalf("node %d spans [%d, %d) of %d bytes", i, n.Start(), n.End(), len(tree.Src))
		}
		_ = n.Text()
		if p := n.Parent(); p != nil {
			if p.Index() >= i || !p.Contains(n) || p.Start() > n.Start() || p.End() < n.End() {
				t.Fatalf("node %d [%d, %d) is not inside its parent %d [%d, %d)", i, n.Start(), n.End(), p.Index(), p.Start(), p.End())
			}
		} else if i != 0 {
			t.Fatalf("node %d has no parent", i)
		}
		prevEnd := n.Start()
		for c := range n.Children() {
			if c.Parent() != n {
				t.Fatalf("child %d of node %d has parent %d", c.Index(), i, c.Parent().Index())
			}
			if c.Start() < prevEnd {
				t.Fatalf("child %d of node %d starts at %d, before its sibling's end %d", c.Index(), i, c.Start(), prevEnd)
			}
			prevEnd = c.End()
		}
	}
}

// stdlibDir returns the directory of the machine's Python standard library,
// or "" when there is no python3.
func stdlibDir() string {
	out, err := exec.Command("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"import time\nasync def f():\n    time.sleep(1)\n",
		"def f(:\n",
		"x = '\xff'\n",
		"match x:\n    case [a, *b]: pass\n",
		"class C:\n  @d\n  async def m(self, *, k: 'T' = f'{x!r}') -> None: ...\n",
		"\x00(\n",
		"lambda: (yield)\n",
		"with (a as b, c as d):\n    pass\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tree, err := ParseBytes(src)
		if tree == nil {
			require.Error(t, err)
			return
		}
		if err != nil {
			var se *pass.SyntaxError
			require.ErrorAs(t, err, &se)
			require.LessOrEqual(t, se.Offset, len(src))
		}
		checkInvariants(t, tree)
	})
}

// TestNodeSize guards the layout: the trees whole-repository passes keep
// are most of the peak memory of a large review.
func TestNodeSize(t *testing.T) {
	if size := unsafe.Sizeof(Node{}); size != 32 {
		t.Fatalf("a Node is %d bytes, want 32", size)
	}
}

// TestNodeNavigation checks the derived links (index, first child) against
// the tree's own walk on a module with nested blocks.
func TestNodeNavigation(t *testing.T) {
	tree, err := ParseBytes([]byte("class A:\n    def f(self, x):\n        if x:\n            return [y for y in x]\n        return None\n"))
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	Inspect(tree.Root(), func(n *Node) bool {
		if got := tree.Node(n.Index()); got != n {
			t.Fatalf("Node(%d) is not the node with that index", n.Index())
		}
		prev := (*Node)(nil)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Parent() != n || !n.Contains(c) || c.Contains(n) {
				t.Fatalf("child %s of %s: wrong parent or containment", c.Type(), n.Type())
			}
			if c.PrevSibling() != prev {
				t.Fatalf("previous sibling of %s is wrong", c.Type())
			}
			prev = c
		}
		if n.FirstChild() == nil && n.SubtreeLen() != 1 {
			t.Fatalf("%s has no child but a subtree of %d", n.Type(), n.SubtreeLen())
		}
		count++
		return true
	})
	if count != tree.Root().SubtreeLen() {
		t.Fatalf("Inspect met %d nodes, the root's subtree has %d", count, tree.Root().SubtreeLen())
	}
}
