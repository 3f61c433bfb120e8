package schemadrift

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// runsOnce reports SQL that runs once per database, where a missing index
// costs one slow statement and no user waits on it: data migrations and
// the one-off scripts (backfills, fixes) role.Of calls scripts.
func (c *checker) runsOnce(o schema.Origin) bool {
	if o.Migration != nil {
		return true
	}
	if o.File == nil {
		return false
	}
	switch role.Of(o.File.Path, c.plan.Tests) {
	case role.Script, role.Migration:
		return true
	}
	return false
}

// stmtRunsOnce is runsOnce for a SQL statement: a migration that creates a
// view, a materialized view, a function, a rule or a policy defines a
// query that runs whenever it is used, not once.
func (c *checker) stmtRunsOnce(st *schema.Statement) bool {
	if st.Source.Recurring {
		return false
	}
	switch sqlsrc.Unwrap(st.Stmt.Node).(type) {
	case *pg.ViewStmt, *pg.CreateTableAsStmt, *pg.CreateFunctionStmt, *pg.RuleStmt, *pg.CreatePolicyStmt:
		return false
	}
	return c.runsOnce(st.Origin())
}

// leadsIndex reports whether a B-tree or hash index of t (a primary key or
// unique constraint included) starts with the column, so an equality test
// on it finds its rows without a scan.
func leadsIndex(t *schema.Table, column string) bool {
	return slices.ContainsFunc(t.Indexes, func(ix *schema.Index) bool {
		e := leadingElem(ix)
		return e != nil && e.Column == column
	})
}

// leadingElem returns the first element of a B-tree or hash index, by
// which an equality test finds its rows; nil for another index.
func leadingElem(ix *schema.Index) *schema.IndexElem {
	if ix.Method != "btree" && ix.Method != "hash" || len(ix.Elems) == 0 {
		return nil
	}
	return ix.Elems[0]
}

// narrowedBy returns the text of another predicate of the query around an
// extraction that an index serves and that tests a column of the same
// table for equality (a foreign key = $1, a join on id): the rows are
// found by it, and the JSON test only checks the few that remain.
func (sc *stmtCtx) narrowedBy(cur *sqlsrc.Cursor, t *schema.Table, jsonColumn string) string {
	where, from, ok := enclosingFilter(cur)
	if !ok {
		return ""
	}
	conjuncts := schema.AndTerms(where, nil)
	if len(conjuncts) > 1 {
		// A join on an indexed column narrows the rows only when another
		// predicate restricts the table joined from.
		for _, f := range from {
			conjuncts = joinQuals(f, conjuncts)
		}
	}
	for _, term := range conjuncts {
		e, ok := sqlsrc.Unwrap(term).(*pg.A_Expr)
		if !ok || sqlsrc.QualifiedName(e.Name) != "=" {
			continue
		}
		for _, side := range []*pg.Node{e.Lexpr, e.Rexpr} {
			cr, ok := sqlsrc.Unwrap(side).(*pg.ColumnRef)
			if !ok {
				continue
			}
			qual, col, ok := sqlsrc.SplitName(cr.Fields)
			if !ok || col == jsonColumn {
				continue
			}
			if rt, _ := sc.resolve(cur, qual, col); rt == t && leadsIndex(t, col) {
				return sc.text(e)
			}
		}
	}
	return ""
}

// enclosingFilter returns the filter of the nearest query around a node
// and the FROM items whose joins' ON clauses filter too: WHERE of SELECT,
// UPDATE and DELETE, MERGE's ON condition. ok is false outside a query.
func enclosingFilter(cur *sqlsrc.Cursor) (where *pg.Node, from []*pg.Node, ok bool) {
	for i := 0; ; i++ {
		q, _ := cur.Ancestor(i)
		switch n := q.(type) {
		case nil:
			return nil, nil, false
		case *pg.SelectStmt:
			return n.WhereClause, n.FromClause, true
		case *pg.UpdateStmt:
			return n.WhereClause, n.FromClause, true
		case *pg.DeleteStmt:
			return n.WhereClause, n.UsingClause, true
		case *pg.MergeStmt:
			return n.JoinCondition, nil, true
		}
	}
}

// joinQuals adds the ANDed terms of the inner joins' ON clauses.
func joinQuals(n *pg.Node, out []*pg.Node) []*pg.Node {
	j, ok := sqlsrc.Unwrap(n).(*pg.JoinExpr)
	if !ok {
		return out
	}
	out = joinQuals(j.Larg, out)
	out = joinQuals(j.Rarg, out)
	if j.Jointype == pg.JoinType_JOIN_INNER {
		out = schema.AndTerms(j.Quals, out)
	}
	return out
}

// ginUse is a query that filters a jsonb column with an operator a GIN
// index serves.
type ginUse struct {
	op   string
	text string
	at   schema.Origin
	// served reports a GIN index on the column that applies to the query
	// (whatever its operator class: SCHEMA103 judges that); partial is a
	// partial GIN index whose predicate the query's filter does not imply.
	served  bool
	partial *schema.Index
}

// recordGINUse notes a query that a GIN index on the column would serve,
// for SCHEMA102; queries that run once do not make a column one "used for
// filtering", and the caller does not record them.
func (c *checker) recordGINUse(col *schema.Column, u ginUse) {
	c.ginUses[col] = append(c.ginUses[col], u)
}
