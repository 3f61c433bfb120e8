// Package python is acr's Python front: it parses Python source with
// tree-sitter (github.com/smacker/go-tree-sitter and its python grammar)
// and hands passes an immutable, cgo-free syntax tree.
//
// # API
//
//	tree, err := python.Parse(f)   // f is a *pass.File; parsed once per run
//	if err != nil {
//		pass.ReportSyntaxError(err) // a *pass.SyntaxError with path and position
//		if tree == nil {
//			return                   // unreadable, too large or timed out
//		}
//	}                                // otherwise keep going: the tree is error-tolerant
//	python.Inspect(tree.Root(), func(n *python.Node) bool {
//		if n.Type() == "call" {
//			fn := n.ChildByField("function")
//			_ = fn.Text()                // source text, no copy
//			_ = n.Pos()                  // token.Pos in the run's FileSet
//		}
//		return true
//	})
//
// Node types and field names are those of tree-sitter-python ("call",
// "function_definition", "attribute"; fields "function", "arguments",
// "object" ...). Node.String prints the S-expression form tree-sitter uses.
//
// # Design
//
// A tree-sitter tree is not safe for concurrent use and every node access
// through the Go bindings is a cgo call plus an allocation. Passes run in
// parallel over the same cached tree and visit every node, so Parse walks
// the tree-sitter tree once, inside C, with a TSTreeCursor, and flattens it
// into a preorder slice of Nodes (type, field, flags, byte range, parent,
// first child, next sibling, end of subtree). One cgo call per file; after
// that, navigation is plain Go, Inspect is a loop over a slice, and a Tree
// can be shared by any number of goroutines.
//
// # Errors and limits
//
// tree-sitter always produces a tree. Parse returns it together with a
// *pass.SyntaxError at the first ERROR node ("invalid syntax") or MISSING
// node (`invalid syntax: missing ")"`). Invalid UTF-8 and NUL bytes are
// parsed like any other bytes. Sources larger than MaxFileSize and parses
// that exceed ParseTimeout of CPU time (not wall time, so a loaded machine
// does not change the result) are refused with an error instead of a tree; a
// panic while building the tree is recovered into an error as a last resort.
package python
