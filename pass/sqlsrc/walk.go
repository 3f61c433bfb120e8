package sqlsrc

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A Cursor describes a node met by Walk: the node, the field of its
// parent that holds it, and its ancestors. The *pg.Node wrappers of the
// protobuf tree are looked through: a Cursor's nodes are the concrete
// messages (*pg.SelectStmt, *pg.A_Expr, ...).
type Cursor struct {
	stack []frame
}

type frame struct {
	node  proto.Message
	field protoreflect.Name
}

// Node returns the current node.
func (c *Cursor) Node() proto.Message { return c.stack[len(c.stack)-1].node }

// Field returns the protobuf name of the parent's field that holds the
// node, such as "where_clause", "quals" or "args"; "" for the root.
func (c *Cursor) Field() string { return string(c.stack[len(c.stack)-1].field) }

// Parent returns the parent node, or nil at the root.
func (c *Cursor) Parent() proto.Message {
	if len(c.stack) < 2 {
		return nil
	}
	return c.stack[len(c.stack)-2].node
}

// Depth returns the number of ancestors of the node.
func (c *Cursor) Depth() int { return len(c.stack) - 1 }

// Ancestor returns the i-th ancestor (0 is the parent) and the field of
// its own parent that holds it, or nil.
func (c *Cursor) Ancestor(i int) (proto.Message, string) {
	k := len(c.stack) - 2 - i
	if k < 0 {
		return nil, ""
	}
	return c.stack[k].node, string(c.stack[k].field)
}

// InField reports whether the node lies, at any depth, under a field with
// one of the names (for instance "where_clause", "quals" or
// "having_clause" for a filter), stopping at the nearest enclosing
// statement or subquery so an outer WHERE does not claim a subquery's
// select list.
func (c *Cursor) InField(names ...string) bool {
	for k := len(c.stack) - 1; k >= 1; k-- {
		for _, n := range names {
			if string(c.stack[k].field) == n {
				return true
			}
		}
		if isQueryBoundary(c.stack[k-1].node) {
			return false
		}
	}
	return false
}

func isQueryBoundary(m proto.Message) bool {
	switch m.(type) {
	case *pg.SelectStmt, *pg.UpdateStmt, *pg.DeleteStmt, *pg.InsertStmt, *pg.MergeStmt:
		return true
	}
	return false
}

// Walk calls fn for root and every node below it, depth first, in field
// order. If fn returns false the node's children are skipped.
func Walk(root proto.Message, fn func(c *Cursor) bool) {
	if root == nil {
		return
	}
	c := &Cursor{}
	walk(c, root, "", fn)
}

func walk(c *Cursor, m proto.Message, field protoreflect.Name, fn func(*Cursor) bool) {
	if n, ok := m.(*pg.Node); ok {
		if n == nil || n.Node == nil {
			return
		}
		m = unwrap(n)
		if m == nil {
			return
		}
	}
	c.stack = append(c.stack, frame{m, field})
	if fn(c) {
		walkChildren(c, m, fn)
	}
	c.stack = c.stack[:len(c.stack)-1]
}

// Unwrap returns the concrete message inside a *pg.Node, or nil.
func Unwrap(n *pg.Node) proto.Message {
	if n == nil || n.Node == nil {
		return nil
	}
	return unwrap(n)
}

// Location returns the "location" field of a parse-tree node (a byte
// offset in its statement), or -1 if it has none.
func Location(m proto.Message) int32 {
	if n, ok := m.(*pg.Node); ok {
		m = Unwrap(n)
	}
	if m == nil {
		return -1
	}
	return location(m)
}

// StringOf returns the text of a String node or of a string constant.
func StringOf(n *pg.Node) (string, bool) {
	switch v := Unwrap(n).(type) {
	case *pg.String:
		return v.Sval, true
	case *pg.A_Const:
		if s, ok := v.Val.(*pg.A_Const_Sval); ok {
			return s.Sval.Sval, true
		}
	}
	return "", false
}

// Names returns the strings of a list of String nodes, such as a
// qualified name (["public", "events"]) or an operator name (["->>"]).
func Names(list []*pg.Node) []string {
	out := make([]string, 0, len(list))
	for _, n := range list {
		if s, ok := StringOf(n); ok {
			out = append(out, s)
		}
	}
	return out
}

// SplitName returns the last name of a dotted list of String nodes
// (a column, a table) and the one before it (its table or schema), if any.
func SplitName(list []*pg.Node) (qualifier, name string, ok bool) {
	names := Names(list)
	switch len(names) {
	case 0:
		return "", "", false
	case 1:
		return "", names[0], true
	}
	return names[len(names)-2], names[len(names)-1], true
}

// QualifiedName joins a list of String nodes with dots.
func QualifiedName(list []*pg.Node) string { return strings.Join(Names(list), ".") }

// EqualIgnoringLocation reports whether two parse trees are the same but
// for their locations, so an index expression can be matched against the
// same expression written elsewhere.
func EqualIgnoringLocation(a, b proto.Message) bool {
	if na, ok := a.(*pg.Node); ok {
		a = Unwrap(na)
	}
	if nb, ok := b.(*pg.Node); ok {
		b = Unwrap(nb)
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return equalMessage(a.ProtoReflect(), b.ProtoReflect())
}

func equalMessage(a, b protoreflect.Message) bool {
	if a.Descriptor() != b.Descriptor() {
		return false
	}
	fields := a.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.Name() == "location" {
			continue
		}
		if !equalField(fd, a.Get(fd), b.Get(fd), a.Has(fd), b.Has(fd)) {
			return false
		}
	}
	return true
}

func equalField(fd protoreflect.FieldDescriptor, va, vb protoreflect.Value, hasA, hasB bool) bool {
	switch {
	case fd.IsList():
		la, lb := va.List(), vb.List()
		if la.Len() != lb.Len() {
			return false
		}
		for i := 0; i < la.Len(); i++ {
			if fd.Message() != nil {
				if !equalMessage(la.Get(i).Message(), lb.Get(i).Message()) {
					return false
				}
			} else if !la.Get(i).Equal(lb.Get(i)) {
				return false
			}
		}
		return true
	case fd.IsMap():
		return va.Equal(vb)
	case fd.Message() != nil:
		if hasA != hasB {
			return false
		}
		if !hasA {
			return true
		}
		return equalMessage(va.Message(), vb.Message())
	}
	return va.Equal(vb)
}
