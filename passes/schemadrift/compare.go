package schemadrift

import (
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// A comparison is how a filter tests an extracted JSON value. Containment
// (@>) can only say "the document holds this value", so it replaces an
// equality test and nothing else.
type comparison struct {
	equality bool
	what     string // "a >= comparison", for the message when not equality
	// op is the operator an index must serve for this test, as
	// schema.Index.Serves names it: "=", "<", "LIKE", "IS NULL" ...; ""
	// when it is not known or no index operator serves it.
	op string
}

// comparisonOf classifies the filter an extracted operand is used in;
// parent is the node that holds the operand.
func (sc *stmtCtx) comparisonOf(operand, parent proto.Message) comparison {
	switch p := parent.(type) {
	case *pg.A_Expr:
		op := sqlsrc.QualifiedName(p.Name)
		switch p.Kind {
		case pg.A_Expr_Kind_AEXPR_OP:
			if op == "=" {
				return comparison{equality: true, op: "="}
			}
			return comparison{what: "a " + op + " comparison", op: op}
		case pg.A_Expr_Kind_AEXPR_IN:
			if op != "=" {
				return comparison{what: "a NOT IN test"}
			}
			if sqlsrc.Unwrap(p.Lexpr) == operand && sc.constantList(p.Rexpr) {
				return comparison{equality: true, op: "="}
			}
			return comparison{what: "an IN test over values that are not constants", op: "="}
		case pg.A_Expr_Kind_AEXPR_OP_ANY:
			if op == "=" && sqlsrc.Unwrap(p.Lexpr) == operand {
				return comparison{equality: true, op: "="}
			}
			return comparison{what: "a " + op + " ANY comparison"}
		case pg.A_Expr_Kind_AEXPR_OP_ALL:
			return comparison{what: "a " + op + " ALL comparison"}
		case pg.A_Expr_Kind_AEXPR_LIKE:
			return comparison{what: "a pattern match", op: "LIKE"}
		case pg.A_Expr_Kind_AEXPR_ILIKE:
			return comparison{what: "a pattern match"}
		case pg.A_Expr_Kind_AEXPR_SIMILAR:
			return comparison{what: "a SIMILAR TO match"}
		case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_BETWEEN_SYM:
			return comparison{what: "a BETWEEN range", op: ">="}
		case pg.A_Expr_Kind_AEXPR_NOT_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
			return comparison{what: "a BETWEEN range"}
		case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			return comparison{what: "an IS DISTINCT FROM test"}
		}
	case *pg.BooleanTest:
		switch p.Booltesttype {
		case pg.BoolTestType_IS_TRUE, pg.BoolTestType_IS_FALSE:
			return comparison{equality: true}
		}
		return comparison{what: "an IS NOT TRUE, IS NOT FALSE or IS UNKNOWN test"}
	case *pg.NullTest:
		return comparison{what: "an IS NULL test", op: "IS NULL"}
	case *pg.BoolExpr, *pg.SelectStmt, *pg.JoinExpr, *pg.UpdateStmt, *pg.DeleteStmt:
		// A boolean extraction used as a predicate on its own (or under
		// NOT) tests equality with true (or false).
		if isBoolCast(operand) {
			return comparison{equality: true}
		}
	}
	return comparison{what: "this test"}
}

func isBoolCast(m proto.Message) bool {
	tc, ok := m.(*pg.TypeCast)
	if !ok {
		return false
	}
	typ, array := schema.TypeOf(tc.TypeName)
	return typ == "bool" && !array
}

// constantList reports whether an IN list holds only literals, parameters
// and template placeholders.
func (sc *stmtCtx) constantList(n *pg.Node) bool {
	list, ok := sqlsrc.Unwrap(n).(*pg.List)
	if !ok {
		// psycopg's IN %(values)s: one placeholder stands for the tuple.
		return sc.isPlaceholder(sqlsrc.Unwrap(n))
	}
	for _, item := range list.Items {
		if !sc.isConstant(sqlsrc.Unwrap(item)) {
			return false
		}
	}
	return len(list.Items) > 0
}

func (sc *stmtCtx) isConstant(m proto.Message) bool {
	switch e := m.(type) {
	case *pg.A_Const, *pg.ParamRef:
		return true
	case *pg.TypeCast:
		return sc.isConstant(sqlsrc.Unwrap(e.Arg))
	}
	return sc.isPlaceholder(m)
}

// isPlaceholder reports a template placeholder (%(name)s, :name, ...),
// which the SQL front parses as a column reference.
func (sc *stmtCtx) isPlaceholder(m proto.Message) bool {
	if _, ok := m.(*pg.ColumnRef); !ok {
		return false
	}
	start, end := sc.span(m)
	return sc.st.Source.Script.HasPlaceholder(sqlsrc.Span{Start: start, End: end})
}

// indexText returns an expression as an index definition can write it:
// the source text with the table qualifiers and aliases of its column
// references removed (an index expression may only name the indexed
// table's columns, bare), on one line.
func (sc *stmtCtx) indexText(m proto.Message) string {
	start, end := sc.span(m)
	script := sc.st.Source.Script
	type cut struct{ start, end int }
	var cuts []cut
	sqlsrc.Walk(m, func(cur *sqlsrc.Cursor) bool {
		cr, ok := cur.Node().(*pg.ColumnRef)
		if !ok || len(cr.Fields) < 2 {
			return true
		}
		at := sc.st.Stmt.Offset(cr.Location)
		if at < start || at >= end {
			return true
		}
		n := qualifierLen(script.Text(sqlsrc.Span{Start: at, End: end}), len(cr.Fields)-1)
		if n > 0 {
			cuts = append(cuts, cut{at, at + n})
		}
		return true
	})
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].start < cuts[j].start })
	var b strings.Builder
	from := start
	for _, c := range cuts {
		if c.start < from {
			continue
		}
		b.WriteString(script.Text(sqlsrc.Span{Start: from, End: c.start}))
		from = c.end
	}
	b.WriteString(script.Text(sqlsrc.Span{Start: from, End: end}))
	text := strings.Join(strings.Fields(b.String()), " ")
	if key, ok := schema.ExprKey(m); ok && !sameExpression(text, key) {
		// The text did not come apart as expected (comments, odd
		// spacing): let the deparser write the expression instead.
		if d, ok := deparseBare(m); ok {
			return d
		}
	}
	return text
}

// qualifierLen returns the length of the first n dotted name parts of a
// qualified name at the start of text, up to and including the last dot:
// 3 for `cf.features`, 11 for `"My Cf" . features`; 0 if text does not
// start with n such parts.
func qualifierLen(text string, n int) int {
	i := 0
	for range n {
		switch {
		case i < len(text) && text[i] == '"':
			j := i + 1
			for ; j < len(text); j++ {
				if text[j] == '"' {
					if j+1 < len(text) && text[j+1] == '"' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(text) {
				return 0
			}
			i = j + 1
		default:
			j := i
			for j < len(text) && (text[j] == '_' || text[j] == '$' || text[j] >= 0x80 ||
				('a' <= text[j] && text[j] <= 'z') || ('A' <= text[j] && text[j] <= 'Z') || ('0' <= text[j] && text[j] <= '9')) {
				j++
			}
			if j == i {
				return 0
			}
			i = j
		}
		i = skipBlanks(text, i)
		if i >= len(text) || text[i] != '.' {
			return 0
		}
		i = skipBlanks(text, i+1)
	}
	return i
}

func skipBlanks(text string, i int) int {
	for i < len(text) && strings.IndexByte(" \t\r\n", text[i]) >= 0 {
		i++
	}
	return i
}

// sameExpression reports whether an expression text parses to the
// expression with the canonical key.
func sameExpression(text, key string) bool {
	e, ok := parseExpression(text)
	if !ok {
		return false
	}
	k, ok := schema.ExprKey(e)
	return ok && k == key
}

// parseExpression parses one scalar expression.
func parseExpression(text string) (*pg.Node, bool) {
	tree, err := pg.Parse("SELECT " + text)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, false
	}
	sel, ok := sqlsrc.Unwrap(tree.Stmts[0].Stmt).(*pg.SelectStmt)
	if !ok || len(sel.TargetList) != 1 {
		return nil, false
	}
	rt, ok := sqlsrc.Unwrap(sel.TargetList[0]).(*pg.ResTarget)
	if !ok || rt.Val == nil {
		return nil, false
	}
	return rt.Val, true
}

// deparseBare writes an expression with pg_query's deparser after
// dropping the qualifiers of its column references; ok is false when the
// deparser cannot write it or writes something that does not parse back
// to the same expression (it has quirks: A('x') comes out as 'x'::a()).
func deparseBare(m proto.Message) (string, bool) {
	key, ok := schema.ExprKey(m)
	if !ok {
		return "", false
	}
	expr := proto.Clone(m)
	sqlsrc.Walk(expr, func(cur *sqlsrc.Cursor) bool {
		if cr, ok := cur.Node().(*pg.ColumnRef); ok && len(cr.Fields) > 1 {
			cr.Fields = cr.Fields[len(cr.Fields)-1:]
		}
		return true
	})
	node, ok := wrapNode(expr)
	if !ok {
		return "", false
	}
	sel := &pg.SelectStmt{TargetList: []*pg.Node{{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Val: node}}}}}
	out, err := pg.Deparse(&pg.ParseResult{Stmts: []*pg.RawStmt{{Stmt: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}}}})
	if err != nil {
		return "", false
	}
	text := strings.TrimPrefix(out, "SELECT ")
	return text, sameExpression(text, key)
}

// wrapNode puts a concrete parse-tree message into the *pg.Node that
// holds it in a tree: the inverse of sqlsrc.Unwrap.
func wrapNode(m proto.Message) (*pg.Node, bool) {
	node := &pg.Node{}
	r := node.ProtoReflect()
	fields := r.Descriptor().Oneofs().ByName("node").Fields()
	name := m.ProtoReflect().Descriptor().FullName()
	for i := 0; i < fields.Len(); i++ {
		if fd := fields.Get(i); fd.Message() != nil && fd.Message().FullName() == name {
			r.Set(fd, protoreflect.ValueOfMessage(m.ProtoReflect()))
			return node, true
		}
	}
	return nil, false
}
