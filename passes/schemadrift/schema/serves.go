package schema

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// A Support says whether an index can serve a filter. Unknown is for what
// the model cannot decide (an operator class it does not know, a predicate
// it cannot compare): callers take it as served, so an unknown never
// becomes a finding.
type Support int

const (
	Unknown Support = iota
	Yes
	No
)

// opclassKey names an operator class of an access method; "" is the
// method's default class for the element's type (jsonb_ops for a GIN index
// on jsonb, the type's B-tree or hash class otherwise).
type opclassKey struct{ method, opclass string }

// servedOperators is the one table of which operators an index element
// serves, by access method and operator class (PostgreSQL's
// gin-builtin-opclasses, btree and hash chapters). Equality stands for =,
// IN and = ANY of values, which the planner turns into = probes.
// A GIN index serves no extraction (->>, #>>): only a B-tree (or, for
// equality, a hash) index on exactly that expression does.
var servedOperators = map[opclassKey][]string{
	{"gin", ""}:               {"@>", "?", "?|", "?&", "@?", "@@"},
	{"gin", "jsonb_ops"}:      {"@>", "?", "?|", "?&", "@?", "@@"},
	{"gin", "jsonb_path_ops"}: {"@>", "@?", "@@"},
	{"btree", ""}:             {"=", "<", "<=", ">", ">=", "IS NULL"},
	{"hash", ""}:              {"="},
	// The pattern classes compare bytes: equality and LIKE 'prefix%', not
	// the collation's < and >.
	{"btree", "text_pattern_ops"}:    {"=", "LIKE"},
	{"btree", "varchar_pattern_ops"}: {"=", "LIKE"},
	{"btree", "bpchar_pattern_ops"}:  {"=", "LIKE"},
}

// Serves reports whether element i of the index can serve op, an operator
// written as in SQL ("@>", "?", "=", "<", "LIKE", "IS NULL"). An empty op
// is a comparison other than equality whose operator is not known: hash,
// which serves equality only, cannot serve it; for the others it is
// Unknown.
func (ix *Index) Serves(i int, op string) Support {
	if i < 0 || i >= len(ix.Elems) {
		return No
	}
	ops, known := servedOperators[opclassKey{ix.Method, ix.Elems[i].Opclass}]
	switch {
	case !known && GINOperators[op] && ix.Method != "gin":
		return No // only GIN has operator classes for jsonb in PostgreSQL itself
	case !known:
		return Unknown
	case op == "":
		if slices.Equal(ops, []string{"="}) {
			return No
		}
		return Unknown
	case slices.Contains(ops, op):
		return Yes
	case op == "LIKE" && ix.Method == "btree":
		return Unknown // a prefix LIKE is served under the C collation
	}
	return No
}

// GINOperators are the jsonb operators a GIN operator class can serve
// (jsonb_ops serves them all).
var GINOperators = map[string]bool{"@>": true, "?": true, "?|": true, "?&": true, "@?": true, "@@": true}

// ServesFilter reports whether a partial index's predicate is implied by
// the ANDed terms of a query's filter, as the planner requires before it
// uses the index (predtest.c); an index without a predicate serves every
// query. terms is nil when the filter is not known (SQLAlchemy
// expressions): the answer is then Unknown for a partial index.
func (ix *Index) ServesFilter(terms []*pg.Node, known bool) Support {
	if ix.Where == nil {
		return Yes
	}
	if !known {
		return Unknown
	}
	return Implied(terms, ix.Where)
}

// Implied reports whether the ANDed query terms imply the predicate: Yes
// when each of the predicate's terms follows from one query term, No when
// some predicate term names a column no query term mentions (nothing the
// query says can make it true), Unknown otherwise (a parameter, an OR, a
// form this does not compare).
func Implied(terms []*pg.Node, pred *pg.Node) Support {
	result := Yes
	for _, p := range AndTerms(pred, nil) {
		if termsImply(terms, p) {
			continue
		}
		cols := columnsOf(p)
		if len(cols) > 0 && !slices.ContainsFunc(terms, func(q *pg.Node) bool { return overlaps(columnsOf(q), cols) }) {
			return No
		}
		result = Unknown
	}
	return result
}

// termsImply reports whether the ANDed terms imply the predicate term p:
// one of them implies it, or, when p is an OR, they imply every term of
// one of its branches.
func termsImply(terms []*pg.Node, p *pg.Node) bool {
	if arms, ok := orArms(p); ok {
		return slices.ContainsFunc(arms, func(arm *pg.Node) bool {
			for _, t := range AndTerms(arm, nil) {
				if !termsImply(terms, t) {
					return false
				}
			}
			return true
		})
	}
	return slices.ContainsFunc(terms, func(q *pg.Node) bool { return termImplies(q, p) })
}

// orArms returns the branches of an OR.
func orArms(n *pg.Node) ([]*pg.Node, bool) {
	if b, ok := sqlsrc.Unwrap(n).(*pg.BoolExpr); ok && b.Boolop == pg.BoolExprType_OR_EXPR && len(b.Args) > 0 {
		return b.Args, true
	}
	return nil, false
}

// AndTerms flattens a condition into the terms ANDed together, splitting
// only at ANDs: an OR or a NOT is one term (termImplies proves from an OR
// what every branch proves). WHERE clauses, join ON clauses and index
// predicates are all split by it, so a partial index is judged alike
// wherever a query states its filter.
func AndTerms(n *pg.Node, out []*pg.Node) []*pg.Node {
	if n == nil {
		return out
	}
	if b, ok := sqlsrc.Unwrap(n).(*pg.BoolExpr); ok && b.Boolop == pg.BoolExprType_AND_EXPR {
		for _, a := range b.Args {
			out = AndTerms(a, out)
		}
		return out
	}
	return append(out, n)
}

func columnsOf(n *pg.Node) []string {
	var out []string
	sqlsrc.Walk(n, func(c *sqlsrc.Cursor) bool {
		if cr, ok := c.Node().(*pg.ColumnRef); ok {
			if names := sqlsrc.Names(cr.Fields); len(names) > 0 {
				out = append(out, names[len(names)-1])
			}
		}
		return true
	})
	return out
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// A fact is one term of a filter in a form implication can compare: an
// operand (by ExprKey) and what the term says of it.
type fact struct {
	key    string
	kind   string   // "cmp", "in", "notnull", "isnull", "bool"
	op     string   // for cmp: =, <>, <, <=, >, >=
	value  string   // for cmp and bool: the constant's text ("true", "false" for bool)
	values []string // for in
}

// termImplies reports whether query term q implies predicate term p. An OR
// implies p only when each of its branches does (a branch that is an AND
// when one of its terms does), as the planner proves it (predtest.c).
func termImplies(q, p *pg.Node) bool {
	if kq, ok := ExprKey(q); ok {
		if kp, ok := ExprKey(p); ok && kq == kp {
			return true
		}
	}
	if arms, ok := orArms(q); ok {
		for _, arm := range arms {
			if !termsImply(AndTerms(arm, nil), p) {
				return false
			}
		}
		return true
	}
	fq, ok := factOf(q)
	if !ok {
		return false
	}
	fp, ok := factOf(p)
	if !ok || fq.key != fp.key {
		return false
	}
	switch fp.kind {
	case "notnull":
		// Every comparison operator is strict: false on NULL.
		return fq.kind == "notnull" || fq.kind == "in" || fq.kind == "bool" || fq.kind == "cmp"
	case "isnull":
		return fq.kind == "isnull"
	case "bool":
		return fq.kind == "bool" && fq.value == fp.value
	case "in":
		switch fq.kind {
		case "cmp":
			return fq.op == "=" && slices.Contains(fp.values, fq.value)
		case "in":
			for _, v := range fq.values {
				if !slices.Contains(fp.values, v) {
					return false
				}
			}
			return true
		}
	case "cmp":
		if fq.kind == "in" && fp.op == "<>" {
			return !slices.Contains(fq.values, fp.value)
		}
		if fq.kind != "cmp" {
			return false
		}
		return cmpImplies(fq.op, fq.value, fp.op, fp.value)
	}
	return false
}

// cmpImplies reports whether x qop a implies x pop b, for constants.
func cmpImplies(qop, a, pop, b string) bool {
	if qop == pop && a == b {
		return true
	}
	if qop == "=" && pop == "<>" {
		return a != b
	}
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA != nil || errB != nil {
		return false
	}
	switch pop {
	case ">":
		return (qop == ">" && x >= y) || ((qop == ">=" || qop == "=") && x > y)
	case ">=":
		return (qop == ">" || qop == ">=" || qop == "=") && x >= y
	case "<":
		return (qop == "<" && x <= y) || ((qop == "<=" || qop == "=") && x < y)
	case "<=":
		return (qop == "<" || qop == "<=" || qop == "=") && x <= y
	case "=":
		return qop == "=" && x == y
	case "<>":
		return (qop == "=" && x != y) || (qop == ">" && x >= y) || (qop == "<" && x <= y) ||
			(qop == ">=" && x > y) || (qop == "<=" && x < y)
	}
	return false
}

// flipped is the operator of a comparison written the other way round.
var flipped = map[string]string{"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

// factOf reads a filter term into a fact.
func factOf(n *pg.Node) (fact, bool) {
	switch e := sqlsrc.Unwrap(n).(type) {
	case *pg.ColumnRef:
		k, ok := ExprKey(e)
		return fact{key: k, kind: "bool", value: "true"}, ok
	case *pg.BoolExpr:
		if e.Boolop == pg.BoolExprType_NOT_EXPR && len(e.Args) == 1 {
			if cr, ok := sqlsrc.Unwrap(e.Args[0]).(*pg.ColumnRef); ok {
				k, ok := ExprKey(cr)
				return fact{key: k, kind: "bool", value: "false"}, ok
			}
		}
	case *pg.BooleanTest:
		k, ok := ExprKey(e.Arg)
		switch e.Booltesttype {
		case pg.BoolTestType_IS_TRUE:
			return fact{key: k, kind: "bool", value: "true"}, ok
		case pg.BoolTestType_IS_FALSE:
			return fact{key: k, kind: "bool", value: "false"}, ok
		}
	case *pg.NullTest:
		k, ok := ExprKey(e.Arg)
		if e.Nulltesttype == pg.NullTestType_IS_NOT_NULL {
			return fact{key: k, kind: "notnull"}, ok
		}
		return fact{key: k, kind: "isnull"}, ok
	case *pg.A_Expr:
		op := sqlsrc.QualifiedName(e.Name)
		switch e.Kind {
		case pg.A_Expr_Kind_AEXPR_OP:
			key, val, swapped, ok := operandAndConstant(e.Lexpr, e.Rexpr)
			if !ok {
				return fact{}, false
			}
			if op == "!=" {
				op = "<>"
			}
			if f, ok := flipped[op]; ok && swapped {
				op = f
			} else if swapped {
				return fact{}, false
			}
			if b, isBool := boolConst(val); isBool && op == "=" {
				return fact{key: key, kind: "bool", value: b}, true
			}
			return fact{key: key, kind: "cmp", op: op, value: val}, true
		case pg.A_Expr_Kind_AEXPR_IN:
			if op != "=" {
				return fact{}, false
			}
			key, ok := ExprKey(e.Lexpr)
			l, isList := sqlsrc.Unwrap(e.Rexpr).(*pg.List)
			if !ok || !isList {
				return fact{}, false
			}
			f := fact{key: key, kind: "in"}
			for _, item := range l.Items {
				v, ok := constValue(item)
				if !ok {
					return fact{}, false
				}
				f.values = append(f.values, v)
			}
			return f, true
		}
	}
	return fact{}, false
}

// operandAndConstant splits a comparison into the expression compared and
// the constant it is compared with; swapped when the constant is on the
// left.
func operandAndConstant(l, r *pg.Node) (key, value string, swapped, ok bool) {
	if v, isConst := constValue(r); isConst {
		key, ok = ExprKey(l)
		return key, v, false, ok
	}
	if v, isConst := constValue(l); isConst {
		key, ok = ExprKey(r)
		return key, v, true, ok
	}
	return "", "", false, false
}

// constValue returns the text of a constant (strings, numbers, booleans,
// casts of them); parameters are not constants.
func constValue(n *pg.Node) (string, bool) {
	if s, ok := constText(n); ok {
		return s, true
	}
	switch v := sqlsrc.Unwrap(n).(type) {
	case *pg.A_Const:
		switch c := v.Val.(type) {
		case *pg.A_Const_Fval:
			return c.Fval.Fval, true
		case *pg.A_Const_Boolval:
			return strconv.FormatBool(c.Boolval.Boolval), true
		}
	case *pg.TypeCast:
		return constValue(v.Arg)
	}
	return "", false
}

func boolConst(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "true":
		return "true", true
	case "false":
		return "false", true
	}
	return "", false
}
