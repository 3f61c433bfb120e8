package python

import (
	"fmt"
	"go/token"
	"iter"
	"strings"
	"unsafe"

	"github.com/acrvet/acr/pass"
)

// A Tree is the syntax tree of one Python source file, flattened into a
// slice of nodes in preorder. It is immutable and safe for concurrent use:
// no method calls into C.
type Tree struct {
	// File is the file the tree was parsed from; nil for ParseBytes.
	File *pass.File
	// Src is the parsed source. It must not be modified.
	Src []byte

	text  string // Src viewed as a string, so node texts are not copies
	nodes []Node
	err   *pass.SyntaxError
}

// Root returns the module node.
func (t *Tree) Root() *Node { return &t.nodes[0] }

// Len returns the number of nodes, named or not, comments included.
func (t *Tree) Len() int { return len(t.nodes) }

// Node returns the node with preorder index i (see Node.Index).
func (t *Tree) Node(i int) *Node { return &t.nodes[i] }

// Err returns the first syntax error of the source, or nil.
func (t *Tree) Err() *pass.SyntaxError { return t.err }

// Slice returns the source text of the byte range [start, end).
func (t *Tree) Slice(start, end int) string { return t.text[start:end] }

// NodeAt returns the deepest node whose range contains the byte offset,
// preferring named nodes; the root when none does.
func (t *Tree) NodeAt(offset int) *Node {
	n := t.Root()
	for {
		var next *Node
		for c := range n.NamedChildren() {
			if int(c.start) <= offset && offset < int(c.end) {
				next = c
				break
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
}

// Inspect calls fn for n and every node below it in preorder; when fn
// returns false the children of that node are skipped. It walks the flat
// preorder slice, so it costs no recursion and no allocation.
func Inspect(n *Node, fn func(*Node) bool) {
	nodes := n.tree.nodes
	for i := n.index(); i <= n.last; {
		c := &nodes[i]
		if fn(c) {
			i++
		} else {
			i = c.last + 1
		}
	}
}

// InspectOwn is Inspect over the code of a function body that runs when
// the body runs: nested function and class definitions and lambdas are
// skipped whole (fn is not called for them), since their bodies run at
// another time or not at all. body may be nil.
func InspectOwn(body *Node, fn func(*Node) bool) {
	if body == nil {
		return
	}
	Inspect(body, func(n *Node) bool {
		switch n.Type() {
		case "function_definition", "lambda", "class_definition":
			return false
		}
		return fn(n)
	})
}

// A Node is one node of a Tree. Nodes are compared by pointer: a tree holds
// exactly one Node per syntax node.
//
// A Node is 32 bytes: the trees of the files that whole-repository passes
// keep are most of acr's peak memory. Its preorder index is its place in
// the tree's slice, and its first child, if any, is the next node.
type Node struct {
	tree       *Tree
	typ        uint16
	field      uint8
	flags      uint8
	start, end uint32
	parent     int32 // -1 for the root
	next       int32 // next sibling or -1
	last       int32 // last node of the subtree, in preorder
}

// index returns the node's preorder index: its offset in the tree's slice.
func (n *Node) index() int32 {
	return int32((uintptr(unsafe.Pointer(n)) - uintptr(unsafe.Pointer(unsafe.SliceData(n.tree.nodes)))) / unsafe.Sizeof(Node{}))
}

const (
	flagNamed    = 1
	flagMissing  = 2
	flagExtra    = 4
	flagError    = 8
	flagHasError = 16
)

// Tree returns the tree the node belongs to.
func (n *Node) Tree() *Tree { return n.tree }

// Type returns the grammar type of the node: "call", "identifier", "(" ...
func (n *Node) Type() string { return typeName(n.typ) }

// Field returns the name of the field the node fills in its parent
// ("function", "arguments", "body" ...), or "".
func (n *Node) Field() string { return fieldName(uint16(n.field)) }

// Index returns the preorder index of the node in its tree.
func (n *Node) Index() int { return int(n.index()) }

// SubtreeLen returns the number of nodes in the node's subtree, itself
// included: the subtree is Tree.Node(Index()) to Tree.Node(Index()+SubtreeLen()-1).
func (n *Node) SubtreeLen() int { return int(n.last-n.index()) + 1 }

// IsNamed reports whether the node is a named grammar rule rather than
// punctuation or a keyword.
func (n *Node) IsNamed() bool { return n.flags&flagNamed != 0 }

// IsError reports whether the node is an ERROR node.
func (n *Node) IsError() bool { return n.flags&flagError != 0 }

// IsMissing reports whether the parser inserted the node to recover from a
// syntax error.
func (n *Node) IsMissing() bool { return n.flags&flagMissing != 0 }

// IsExtra reports whether the node is an extra, such as a comment.
func (n *Node) IsExtra() bool { return n.flags&flagExtra != 0 }

// HasError reports whether the node's subtree contains a syntax error.
func (n *Node) HasError() bool { return n.flags&flagHasError != 0 }

// Start returns the byte offset of the node's first byte.
func (n *Node) Start() int { return int(n.start) }

// End returns the byte offset just past the node.
func (n *Node) End() int { return int(n.end) }

// Pos returns the token.Pos of the node's start; NoPos for ParseBytes trees.
func (n *Node) Pos() token.Pos {
	if n.tree.File == nil {
		return token.NoPos
	}
	return n.tree.File.Pos(int(n.start))
}

// EndPos returns the token.Pos just past the node; NoPos for ParseBytes trees.
func (n *Node) EndPos() token.Pos {
	if n.tree.File == nil {
		return token.NoPos
	}
	return n.tree.File.Pos(int(n.end))
}

// Text returns the node's source text without copying it.
func (n *Node) Text() string { return n.tree.text[n.start:n.end] }

// Is reports whether the node's type is one of types.
func (n *Node) Is(types ...string) bool {
	t := n.Type()
	for _, x := range types {
		if t == x {
			return true
		}
	}
	return false
}

// Contains reports whether m lies within n's subtree (n contains itself).
func (n *Node) Contains(m *Node) bool {
	if m == nil || m.tree != n.tree {
		return false
	}
	i, j := n.index(), m.index()
	return i <= j && j <= n.last
}

func (n *Node) at(i int32) *Node {
	if i < 0 {
		return nil
	}
	return &n.tree.nodes[i]
}

// Parent returns the parent node, or nil for the root.
func (n *Node) Parent() *Node { return n.at(n.parent) }

// FirstChild returns the first child, named or not, or nil.
func (n *Node) FirstChild() *Node {
	if i := n.index(); n.last > i {
		return &n.tree.nodes[i+1]
	}
	return nil
}

// NextSibling returns the next sibling, named or not, or nil.
func (n *Node) NextSibling() *Node { return n.at(n.next) }

// PrevSibling returns the previous sibling, named or not, or nil.
func (n *Node) PrevSibling() *Node {
	p := n.Parent()
	if p == nil {
		return nil
	}
	var prev *Node
	for c := p.FirstChild(); c != nil && c != n; c = c.NextSibling() {
		prev = c
	}
	return prev
}

// NextNamedSibling returns the next named sibling, or nil.
func (n *Node) NextNamedSibling() *Node {
	for c := n.NextSibling(); c != nil; c = c.NextSibling() {
		if c.IsNamed() {
			return c
		}
	}
	return nil
}

// Children yields the children, named or not.
func (n *Node) Children() iter.Seq[*Node] {
	return func(yield func(*Node) bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if !yield(c) {
				return
			}
		}
	}
}

// NamedChildren yields the named children, comments included.
func (n *Node) NamedChildren() iter.Seq[*Node] {
	return func(yield func(*Node) bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.IsNamed() && !yield(c) {
				return
			}
		}
	}
}

// ChildCount returns the number of children, named or not.
func (n *Node) ChildCount() int {
	k := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		k++
	}
	return k
}

// Child returns the i-th child, named or not, or nil.
func (n *Node) Child(i int) *Node {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if i == 0 {
			return c
		}
		i--
	}
	return nil
}

// NamedChild returns the i-th named child that is not a comment, or nil.
func (n *Node) NamedChild(i int) *Node {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if !c.IsNamed() || c.IsExtra() {
			continue
		}
		if i == 0 {
			return c
		}
		i--
	}
	return nil
}

// NamedChildCount returns the number of named children that are not
// comments.
func (n *Node) NamedChildCount() int {
	k := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.IsNamed() && !c.IsExtra() {
			k++
		}
	}
	return k
}

// ChildByField returns the first child filling the named field, or nil.
func (n *Node) ChildByField(name string) *Node {
	id, ok := fieldIDs[name]
	if !ok {
		return nil
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if uint16(c.field) == id {
			return c
		}
	}
	return nil
}

// ChildrenByField yields every child filling the named field, in order.
func (n *Node) ChildrenByField(name string) iter.Seq[*Node] {
	id, ok := fieldIDs[name]
	return func(yield func(*Node) bool) {
		if !ok {
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if uint16(c.field) == id && !yield(c) {
				return
			}
		}
	}
}

// Ancestors yields the parent, its parent, and so on up to the root.
func (n *Node) Ancestors() iter.Seq[*Node] {
	return func(yield func(*Node) bool) {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if !yield(p) {
				return
			}
		}
	}
}

// Enclosing returns the nearest ancestor of one of the types, or nil.
func (n *Node) Enclosing(types ...string) *Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Is(types...) {
			return p
		}
	}
	return nil
}

// Unparen returns the node inside any parenthesized_expression wrappers.
func (n *Node) Unparen() *Node {
	for n != nil && n.Type() == "parenthesized_expression" {
		inner := n.NamedChild(0)
		if inner == nil {
			return n
		}
		n = inner
	}
	return n
}

// String returns the node as an S-expression of named nodes with field
// names, as tree-sitter prints it: for debugging and tests.
func (n *Node) String() string {
	var b strings.Builder
	n.sexp(&b, "")
	return b.String()
}

func (n *Node) sexp(b *strings.Builder, field string) {
	if field != "" {
		b.WriteString(field)
		b.WriteString(": ")
	}
	switch {
	case n.IsMissing():
		fmt.Fprintf(b, "(MISSING %s)", n.Type())
		return
	case n.IsNamed():
		b.WriteString("(")
		b.WriteString(n.Type())
	default:
		fmt.Fprintf(b, "%q", n.Type())
		return
	}
	for c := range n.Children() {
		if !c.IsNamed() && !c.IsMissing() {
			continue
		}
		b.WriteString(" ")
		c.sexp(b, c.Field())
	}
	b.WriteString(")")
}
