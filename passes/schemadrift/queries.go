package schemadrift

import (
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// A scope is the tables a query reads, by alias and name.
type scope struct {
	byName map[string]*schema.Table // alias or table name; nil for a subquery or CTE
	tables []*schema.Table
}

// stmtCtx is one statement being checked.
type stmtCtx struct {
	c      *checker
	st     *schema.Statement
	scopes map[proto.Message]*scope
}

// statement checks one SQL statement: JSON operators and extractions
// (SCHEMA103-106) and writes to feature tables (SCHEMA202).
func (c *checker) statement(st *schema.Statement) {
	if st.Stmt.Node == nil {
		return
	}
	sc := &stmtCtx{c: c, st: st, scopes: map[proto.Message]*scope{}}
	sqlsrc.Walk(st.Stmt.Node, func(cur *sqlsrc.Cursor) bool {
		switch n := cur.Node().(type) {
		case *pg.IndexStmt:
			return false // index expressions are checked with the model's indexes
		case *pg.A_Expr:
			op := sqlsrc.QualifiedName(n.Name)
			switch {
			case op == "->" || op == "->>" || op == "#>" || op == "#>>":
				sc.extraction(cur, n)
				if op == "->>" || op == "#>>" {
					sc.parameterKey(cur, n)
				}
			case schema.GINOperators[op] || op == "<@":
				sc.operator(cur, n, op)
				switch op {
				case "@?", "@@":
					sc.jsonPathDepth(cur, n, n.Lexpr, n.Rexpr)
				case "@>":
					sc.containmentDepth(cur, n)
				}
			}
		case *pg.FuncCall:
			sc.extraction(cur, n)
			if names := sqlsrc.Names(n.Funcname); len(names) > 0 && jsonPathFuncs[names[len(names)-1]] && len(n.Args) >= 2 {
				sc.jsonPathDepth(cur, n, n.Args[0], n.Args[1])
			}
		case *pg.UpdateStmt:
			sc.mutation(n.Relation, "UPDATE", resTargetNames(n.TargetList))
		case *pg.DeleteStmt:
			sc.mutation(n.Relation, "DELETE", nil)
		case *pg.InsertStmt:
			if oc := n.OnConflictClause; oc != nil && oc.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
				sc.mutation(n.Relation, "INSERT ... ON CONFLICT DO UPDATE", resTargetNames(oc.TargetList))
			}
		case *pg.MergeStmt:
			for _, w := range n.MergeWhenClauses {
				if wc, ok := sqlsrc.Unwrap(w).(*pg.MergeWhenClause); ok && wc.Matched {
					switch wc.CommandType {
					case pg.CmdType_CMD_UPDATE:
						sc.mutation(n.Relation, "MERGE ... WHEN MATCHED THEN UPDATE", resTargetNames(wc.TargetList))
					case pg.CmdType_CMD_DELETE:
						sc.mutation(n.Relation, "MERGE ... WHEN MATCHED THEN DELETE", nil)
					}
				}
			}
		}
		return true
	})
}

func resTargetNames(list []*pg.Node) []string {
	var out []string
	for _, n := range list {
		if rt, ok := sqlsrc.Unwrap(n).(*pg.ResTarget); ok {
			out = append(out, rt.Name)
		}
	}
	return out
}

// span returns the offsets a parse-tree subtree covers in its script.
func (sc *stmtCtx) span(m proto.Message) (int, int) {
	s := sc.st.Stmt
	lo, hi, hiLen := int32(-1), int32(-1), 1
	sqlsrc.Walk(m, func(cur *sqlsrc.Cursor) bool {
		loc := sqlsrc.Location(cur.Node())
		if loc < 0 {
			return true
		}
		if lo < 0 || loc < lo {
			lo = loc
		}
		if loc >= hi {
			hi = loc
			switch cur.Node().(type) {
			case *pg.A_Const:
				hiLen = tokenLen(sc.st, s.Offset(loc), true)
			default:
				hiLen = tokenLen(sc.st, s.Offset(loc), false)
			}
		}
		return true
	})
	if lo < 0 {
		return s.Start, s.End
	}
	start, end := s.Offset(lo), min(s.End, s.Offset(hi)+hiLen)
	// A parenthesized or cast expression starts before its first location
	// or ends after its last: balance the parentheses.
	script := sc.st.Source.Script
	for {
		text := script.Text(sqlsrc.Span{Start: start, End: end})
		open, closed := strings.Count(text, "("), strings.Count(text, ")")
		switch {
		case closed > open && start > s.Start && strings.HasSuffix(strings.TrimRight(script.Text(sqlsrc.Span{Start: s.Start, End: start}), " \t\n"), "("):
			before := script.Text(sqlsrc.Span{Start: s.Start, End: start})
			start = s.Start + strings.LastIndexByte(before, '(')
			continue
		case open > closed && end < s.End && strings.HasPrefix(strings.TrimLeft(script.Text(sqlsrc.Span{Start: end, End: s.End}), " \t\n"), ")"):
			after := script.Text(sqlsrc.Span{Start: end, End: s.End})
			end += strings.IndexByte(after, ')') + 1
			continue
		}
		break
	}
	return start, end
}

// tokenLen returns the length of the identifier, operator or literal at
// an offset of the statement's script.
func tokenLen(st *schema.Statement, off int, literal bool) int {
	text := st.Source.Script.Text(sqlsrc.Span{Start: off, End: st.Stmt.End})
	if text == "" {
		return 0
	}
	if literal {
		if n := sqlsrc.LiteralLen(text); n > 0 {
			return n
		}
	}
	if n := parameterLen(text); n > 0 {
		return n
	}
	i := 0
	for i < len(text) {
		ch := text[i]
		if ch == '_' || ch == '.' || ch == '"' || ch >= 0x80 || ('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z') || ('0' <= ch && ch <= '9') {
			i++
			continue
		}
		break
	}
	if i == 0 {
		for i < len(text) && strings.IndexByte("+-*/<>=~!@#%^&|`?", text[i]) >= 0 {
			i++
		}
	}
	return max(i, 1)
}

// parameterLen returns the length of the bound parameter or driver
// placeholder at the start of text ($1, :key, %(key)s, %s), or 0.
func parameterLen(text string) int {
	ident := func(i int) int {
		for i < len(text) && (text[i] == '_' || ('a' <= text[i] && text[i] <= 'z') || ('A' <= text[i] && text[i] <= 'Z') || ('0' <= text[i] && text[i] <= '9')) {
			i++
		}
		return i
	}
	switch {
	case len(text) > 1 && text[0] == '$' && '0' <= text[1] && text[1] <= '9':
		return ident(1)
	case len(text) > 1 && text[0] == ':' && text[1] != ':':
		if n := ident(1); n > 1 {
			return n
		}
	case strings.HasPrefix(text, "%s"):
		return 2
	case strings.HasPrefix(text, "%("):
		if end := strings.Index(text, ")s"); end > 0 {
			return end + 2
		}
	}
	return 0
}

func (sc *stmtCtx) origin(m proto.Message) schema.Origin {
	start, end := sc.span(m)
	return sc.st.Source.Origin(start, end)
}

func (sc *stmtCtx) text(m proto.Message) string {
	start, end := sc.span(m)
	t := strings.Join(strings.Fields(sc.st.Source.Script.Text(sqlsrc.Span{Start: start, End: end})), " ")
	if len(t) > 80 {
		t = t[:77] + "..."
	}
	return t
}

// filterClause names the clause a node is in, or "" outside filters.
func filterClause(cur *sqlsrc.Cursor) string {
	if cur.InField("quals") {
		return "a JOIN condition"
	}
	if cur.InField("having_clause") {
		return "HAVING"
	}
	if cur.InField("where_clause") {
		return "WHERE"
	}
	if cur.InField("join_condition") {
		return "a MERGE ON condition"
	}
	return ""
}

// extraction checks an outermost ->, ->>, #>, #>> or extraction function.
func (sc *stmtCtx) extraction(cur *sqlsrc.Cursor, n proto.Message) {
	p, ok := schema.JSONPathOf(n)
	if !ok {
		return
	}
	if parent := cur.Parent(); parent != nil && cur.Field() == "lexpr" {
		if _, inner := schema.JSONPathOf(parent); inner {
			return // the outer extraction of the chain speaks for it
		}
	}
	c := sc.c
	t, col := sc.resolve(cur, p.Table, p.Column)
	if col != nil && !col.IsJSON() {
		return
	}
	if col != nil && col.Type == "json" && !c.stmtRunsOnce(sc.st) {
		c.navigated(col, sc.text(n), sc.origin(n), t != nil && sc.narrowedBy(cur, t, col.Name) != "")
	}
	if len(p.Keys) > c.plan.MaxJSONDepth {
		c.report(RuleNestedJSON, sc.origin(n), nil,
			"%s reaches %d levels into %s, deeper than the plan's max_json_depth of %d: promote the nested values to columns or their own table",
			sc.text(n), len(p.Keys), p.Column, c.plan.MaxJSONDepth)
	}
	c.evidence(t, p)
	clause := filterClause(cur)
	if clause == "" {
		return
	}
	indexable := clause != "HAVING" // HAVING filters groups, which no index serves
	for _, k := range p.Keys {
		if c.businessKeys[k] {
			c.report(RuleBusinessKeyInJSON, sc.origin(n), nil,
				"business key %s is extracted from JSON in %s (%s): it cannot be typed, constrained or joined by index there; keep it in a relational column with a foreign key",
				k, clause, sc.text(n))
			return
		}
	}
	if !p.Text || t == nil || col == nil || !indexable || c.stmtRunsOnce(sc.st) {
		return
	}
	if sc.narrowedBy(cur, t, col.Name) != "" {
		return // an indexed equality finds the rows; ->> only checks them
	}
	operand, parent := widen(cur, n)
	key, ok := schema.ExprKey(operand)
	if !ok {
		return
	}
	bare, _ := schema.ExprKey(n)
	cmp := sc.comparisonOf(operand, parent)
	served, note := expressionIndex(t, key, cmp.op, sc.filterOf(cur))
	if served {
		return
	}
	if note == "" && operand != n && hasExpressionIndex(t, bare) {
		note = fmt.Sprintf(" (the index on (%s) does not serve the cast or function around it)", sc.text(n))
	}
	small := c.sizeNote(t)
	if g := generatedColumn(t, key); g != nil {
		index := ""
		if !leadsIndex(t, g.Name) {
			index = fmt.Sprintf(", and index it: CREATE INDEX CONCURRENTLY ON %s (%s)", sqlName(t), quoteIdent(g.Name))
		}
		c.reportRelated(small, RuleExtractionFilter, sc.origin(operand), nil, nil,
			"%s in %s is computed for every row of %s: no GIN index serves ->> and no B-tree index is on this exact expression%s; the generated column %s already holds this value: filter by %s%s",
			sc.text(operand), clause, t.QualifiedName(), note, g.Name, quoteIdent(g.Name), index)
		return
	}
	index := fmt.Sprintf("CREATE INDEX CONCURRENTLY ON %s ((%s))", sqlName(t), sc.indexText(operand))
	if !cmp.equality {
		c.reportRelated(small, RuleExtractionFilter, sc.origin(operand), nil, nil,
			"%s in %s is computed for every row of %s: no GIN index serves ->> and no B-tree index is on this exact expression%s; containment (@>) tests equality only and cannot express %s, so add %s or keep %s in a relational (or generated) column with a B-tree index",
			sc.text(operand), clause, t.QualifiedName(), note, cmp.what, index, valueName(p.Keys))
		return
	}
	c.reportRelated(small, RuleExtractionFilter, sc.origin(operand), nil, nil,
		"%s in %s is computed for every row of %s: no GIN index serves ->> and no B-tree index is on this exact expression%s; filter by containment (%s @> '%s') or add %s",
		sc.text(operand), clause, t.QualifiedName(), note, columnAsWritten(p), containmentDoc(p.Keys), index)
}

// parameterKey checks a text extraction whose key is a bound parameter
// (data->>$1, data->>:key, data->>%(key)s) in a filter: no expression
// index can serve it, since an index names its key, and no GIN index
// serves ->> (SCHEMA104). Containment with the key built at run time
// (data @> jsonb_build_object($1, $2)) asks the same of an equality, and a
// GIN index serves that.
func (sc *stmtCtx) parameterKey(cur *sqlsrc.Cursor, n *pg.A_Expr) {
	key := sqlsrc.Unwrap(n.Rexpr)
	if _, param := key.(*pg.ParamRef); !param && !sc.isPlaceholder(key) {
		return
	}
	qual, name, ok := "", "", false
	if cr, isCol := sqlsrc.Unwrap(n.Lexpr).(*pg.ColumnRef); isCol {
		qual, name, ok = sqlsrc.SplitName(cr.Fields)
	}
	clause := filterClause(cur)
	if !ok || clause == "" || clause == "HAVING" {
		return
	}
	c := sc.c
	t, col := sc.resolve(cur, qual, name)
	if t == nil || col == nil || col.Type != "jsonb" || col.Array || c.stmtRunsOnce(sc.st) || sc.narrowedBy(cur, t, col.Name) != "" {
		return
	}
	small := c.sizeNote(t)
	operand, parent := widen(cur, n)
	if !sc.comparisonOf(operand, parent).equality || operand != n || sqlsrc.QualifiedName(n.Name) != "->>" {
		c.reportRelated(small, RuleExtractionFilter, sc.origin(operand), nil, nil,
			"%s in %s is computed for every row of %s: its key is a parameter, and no index can serve a key chosen at run time (an expression index names its key; no GIN index serves ->>); keep the values filtered this way in relational (or generated) columns with B-tree indexes",
			sc.text(operand), clause, t.QualifiedName())
		return
	}
	gin := ""
	if !slices.ContainsFunc(t.GINIndexes(col.Name), func(ix *schema.Index) bool { return onColumn(ix, col.Name) }) {
		gin = fmt.Sprintf(" with CREATE INDEX CONCURRENTLY ON %s USING gin (%s jsonb_path_ops)", sqlName(t), quoteIdent(col.Name))
	}
	c.reportRelated(small, RuleExtractionFilter, sc.origin(operand), nil, nil,
		"%s in %s is computed for every row of %s: its key is a parameter, so no expression index can serve it (an index names its key) and no GIN index serves ->>; filter by containment, %s @> jsonb_build_object(%s, <value>), which a GIN index serves%s",
		sc.text(operand), clause, t.QualifiedName(), sc.text(n.Lexpr), sc.text(n.Rexpr), gin)
}

// jsonPathFuncs take a jsonb document and an SQL/JSON path.
var jsonPathFuncs = map[string]bool{
	"jsonb_path_exists": true, "jsonb_path_match": true, "jsonb_path_query": true,
	"jsonb_path_query_array": true, "jsonb_path_query_first": true,
	"jsonb_path_exists_tz": true, "jsonb_path_match_tz": true, "jsonb_path_query_tz": true,
	"jsonb_path_query_array_tz": true, "jsonb_path_query_first_tz": true,
}

// jsonPathDepth checks the depth an SQL/JSON path constant reaches into a
// jsonb column (data @? '$.a.b.c', jsonb_path_query(data, '$.a.b.c'))
// against the plan's max_json_depth (SCHEMA105), as extraction does for
// ->, #> and their chains. @@ of a tsvector is text search: only a jsonb
// column is judged.
func (sc *stmtCtx) jsonPathDepth(cur *sqlsrc.Cursor, at proto.Message, doc, path *pg.Node) {
	text, ok := stringConst(path)
	if !ok {
		return
	}
	_, col, name := sc.jsonbColumn(cur, doc)
	if col == nil {
		return
	}
	depth, ok := schema.SQLJSONPathDepth(text)
	if !ok || depth <= sc.c.plan.MaxJSONDepth {
		return
	}
	sc.c.report(RuleNestedJSON, sc.origin(at), nil,
		"%s reaches %d levels into %s, deeper than the plan's max_json_depth of %d: promote the nested values to columns or their own table",
		sc.text(at), depth, name, sc.c.plan.MaxJSONDepth)
}

// containmentDepth checks the depth of the document a containment test
// compares with (data @> '{"a": {"b": {"c": 1}}}'): the query relies on
// that nesting as a path would (SCHEMA105).
func (sc *stmtCtx) containmentDepth(cur *sqlsrc.Cursor, n *pg.A_Expr) {
	doc, ok := stringConst(n.Rexpr)
	if !ok {
		return
	}
	_, col, name := sc.jsonbColumn(cur, n.Lexpr)
	if col == nil {
		return
	}
	if depth := schema.JSONDepth(doc); depth > sc.c.plan.MaxJSONDepth {
		sc.c.report(RuleNestedJSON, sc.origin(n), nil,
			"%s tests a document nested %d levels deep in %s, deeper than the plan's max_json_depth of %d: promote the nested values to columns or their own table",
			sc.text(n), depth, name, sc.c.plan.MaxJSONDepth)
	}
}

// jsonbColumn resolves a reference to a jsonb column (not an array): its
// table, the column, and its name as written; col is nil for anything
// else.
func (sc *stmtCtx) jsonbColumn(cur *sqlsrc.Cursor, ref *pg.Node) (t *schema.Table, col *schema.Column, name string) {
	cr, ok := sqlsrc.Unwrap(ref).(*pg.ColumnRef)
	if !ok {
		return nil, nil, ""
	}
	qual, name, ok := sqlsrc.SplitName(cr.Fields)
	if !ok {
		return nil, nil, ""
	}
	t, col = sc.resolve(cur, qual, name)
	if col == nil || col.Type != "jsonb" || col.Array {
		return nil, nil, ""
	}
	return t, col, name
}

// stringConst returns the text of a string constant, cast or not.
func stringConst(n *pg.Node) (string, bool) {
	if c, ok := sqlsrc.Unwrap(n).(*pg.TypeCast); ok {
		return stringConst(c.Arg)
	}
	return sqlsrc.StringOf(n)
}

// columnAsWritten names the JSON column with the qualifier the query
// gave it, for a rewrite of the same query.
func columnAsWritten(p schema.JSONPath) string {
	if p.Table == "" {
		return quoteIdent(p.Column)
	}
	return quoteIdent(p.Table) + "." + quoteIdent(p.Column)
}

// valueName names the extracted value after the last key of its path.
func valueName(keys []string) string {
	if len(keys) == 0 {
		return "the value"
	}
	return keys[len(keys)-1]
}

// containmentDoc writes the JSON document a containment test of the path
// compares with: {"a": {"b": ...}}.
func containmentDoc(keys []string) string {
	doc := "..."
	for i := len(keys) - 1; i >= 0; i-- {
		doc = fmt.Sprintf("{%q: %s}", keys[i], doc)
	}
	return doc
}

// widen climbs from an extraction through the casts and one-argument
// functions applied to it: the expression a B-tree index must match, and
// the node that holds that expression (the comparison, usually).
func widen(cur *sqlsrc.Cursor, n proto.Message) (operand, parent proto.Message) {
	operand = n
	for i := 0; ; i++ {
		parent, _ = cur.Ancestor(i)
		switch p := parent.(type) {
		case *pg.TypeCast, *pg.CollateClause:
			operand = p
			continue
		case *pg.FuncCall:
			if names := sqlsrc.Names(p.Funcname); len(names) > 0 && indexableFuncs[names[len(names)-1]] {
				operand = p
				continue
			}
		}
		return operand, parent
	}
}

// indexableFuncs are the functions commonly applied to an extracted value
// in both a filter and the expression index meant to serve it.
var indexableFuncs = map[string]bool{
	"lower": true, "upper": true, "btrim": true, "ltrim": true, "rtrim": true, "unaccent": true, "md5": true,
}

// generatedColumn returns the live generated column of t computed by the
// expression, or nil: filtering by it is what the column is for.
func generatedColumn(t *schema.Table, key string) *schema.Column {
	for _, c := range t.Columns {
		if c.Generated != "" && c.Generated == key {
			return c
		}
	}
	return nil
}

// hasExpressionIndex reports whether a B-tree (or hash) index of t leads
// with the expression.
func hasExpressionIndex(t *schema.Table, key string) bool {
	return len(expressionIndexes(t, key)) > 0
}

// expressionIndexes returns the B-tree and hash indexes of t that lead
// with the expression.
func expressionIndexes(t *schema.Table, key string) []*schema.Index {
	if key == "" {
		return nil
	}
	var out []*schema.Index
	for _, ix := range t.Indexes {
		if leadsWith(ix, key) {
			out = append(out, ix)
		}
	}
	return out
}

// leadsWith reports whether ix is a B-tree or hash index whose first
// element is the expression.
func leadsWith(ix *schema.Index, key string) bool {
	e := leadingElem(ix)
	return e != nil && e.Key == key
}

// onColumn reports whether ix indexes the column itself: an expression
// over it (a trigram index on data->>'name') serves no containment test.
func onColumn(ix *schema.Index, column string) bool {
	return slices.ContainsFunc(ix.Elems, func(e *schema.IndexElem) bool { return e.Column == column })
}

// expressionIndex reports whether an index of t on the expression serves
// a test with operator op (as comparison.op names it) under the query's
// filter; when the indexes on it do not, note says why, for the message:
// a hash index serves = only, a partial index only the rows of its
// predicate. An operator no B-tree serves (<>, NOT IN) is not held against
// an index on the expression: nothing would serve it better.
func expressionIndex(t *schema.Table, key, op string, f filter) (served bool, note string) {
	for _, ix := range expressionIndexes(t, key) {
		s := schema.Unknown
		if btreeServes[op] {
			s = ix.Serves(0, op)
		}
		if s != schema.No && f.serves(ix) != schema.No {
			return true, ""
		}
		if note != "" {
			continue
		}
		if s == schema.No {
			what := ix.Method
			if cl := ix.Elems[0].Opclass; cl != "" {
				what += " " + cl
			}
			note = fmt.Sprintf(" (the %s index %s on it does not serve %s)", what, ix.Name, opName(op))
		} else {
			note = fmt.Sprintf(" (the partial index %s on it covers only the rows WHERE %s, which this query's filter does not imply)", ix.Name, whereText(ix))
		}
	}
	if note == "" {
		for _, ix := range t.DeclaredOnly {
			if leadsWith(ix, key) {
				note = declaredOnlyNote(ix)
				break
			}
		}
	}
	return false, note
}

// declaredOnlyNote says that a model declares an index no migration
// creates: the drift is the finding's cause, and the missing migration its
// fix.
func declaredOnlyNote(ix *schema.Index) string {
	return fmt.Sprintf(" (the SQLAlchemy model declares index %s on it at %s:%d, but no migration creates it)",
		ix.Name, ix.Origin.File.Path, ix.Origin.File.Token().Line(ix.Origin.Pos()))
}

// btreeServes are the operators a B-tree index serves (LIKE under the C
// collation or a pattern operator class): where another index kind on the
// same expression falls short, a B-tree one would not.
var btreeServes = map[string]bool{"=": true, "<": true, "<=": true, ">": true, ">=": true, "LIKE": true, "IS NULL": true}

func opName(op string) string {
	if op == "LIKE" || op == "IS NULL" {
		return op
	}
	return op + " comparisons"
}

// whereText renders a partial index's predicate.
func whereText(ix *schema.Index) string {
	sel := &pg.SelectStmt{WhereClause: ix.Where}
	out, err := pg.Deparse(&pg.ParseResult{Stmts: []*pg.RawStmt{{Stmt: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}}}})
	if text, ok := strings.CutPrefix(out, "SELECT WHERE "); err == nil && ok {
		return text
	}
	return "its predicate"
}

// A filter is the ANDed terms of the filter around a JSON test, against
// which a partial index's predicate is checked; known is false where the
// filter is not read (SQLAlchemy expressions), and partial indexes are
// then taken to serve.
type filter struct {
	terms []*pg.Node
	known bool
}

func (f filter) serves(ix *schema.Index) schema.Support { return ix.ServesFilter(f.terms, f.known) }

// filterOf returns the filter of the query around a node: the WHERE terms
// and those of its inner joins' ON clauses, which the planner uses alike
// to prove a partial index's predicate.
func (sc *stmtCtx) filterOf(cur *sqlsrc.Cursor) filter {
	where, from, ok := enclosingFilter(cur)
	if !ok {
		return filter{}
	}
	terms := schema.AndTerms(where, nil)
	for _, f := range from {
		terms = joinQuals(f, terms)
	}
	return filter{terms: terms, known: true}
}

// operator checks @>, ?, ?|, ?&, @?, @@ (and <@ with the column on the
// right) against the GIN indexes of the column (SCHEMA103).
func (sc *stmtCtx) operator(cur *sqlsrc.Cursor, n *pg.A_Expr, op string) {
	if clause := filterClause(cur); clause == "" || clause == "HAVING" {
		return
	}
	side := n.Lexpr
	if op == "<@" {
		side, op = n.Rexpr, "@>"
	}
	t, col, _ := sc.jsonbColumn(cur, side)
	if col == nil {
		return
	}
	sc.c.ginOperator(t, col, op, sc.origin(n), sc.text(n), sc.filterOf(cur), sc.c.stmtRunsOnce(sc.st), sc.narrowedBy(cur, t, col.Name) != "")
}

// ginOperator records a filter a GIN index of the column would serve
// (SCHEMA102 reports the column if none does), unless an indexed equality
// of the same query finds the rows first, and reports an operator the GIN
// indexes that apply cannot serve: ?, ?| and ?& when they all use
// jsonb_path_ops (SCHEMA103). A partial index applies when the query's
// filter implies its predicate.
func (c *checker) ginOperator(t *schema.Table, col *schema.Column, op string, at schema.Origin, text string, f filter, once, narrowed bool) {
	var usable []*schema.Index
	var skipped *schema.Index // a partial GIN index this filter falls outside
	for _, ix := range t.GINIndexes(col.Name) {
		if !onColumn(ix, col.Name) {
			continue
		}
		if f.serves(ix) == schema.No {
			if skipped == nil {
				skipped = ix
			}
			continue
		}
		usable = append(usable, ix)
	}
	if !narrowed && !once {
		c.recordGINUse(col, ginUse{op: op, text: text, at: at, served: len(usable) > 0, partial: skipped})
	}
	if op != "?" && op != "?|" && op != "?&" || once || len(usable) == 0 {
		return
	}
	for _, ix := range usable {
		for i, e := range ix.Elems {
			if e.Column == col.Name && ix.Serves(i, op) != schema.No {
				return
			}
		}
	}
	c.report(RuleOperatorNotIndexed, at, nil,
		"%s uses %s on %s.%s, whose GIN indexes all use jsonb_path_ops, which serves @>, @? and @@ but not %s: every row is read; test containment (@>) instead or add a jsonb_ops GIN index",
		text, op, t.QualifiedName(), col.Name, op)
}

// mutation checks a write to a feature table (SCHEMA202).
func (sc *stmtCtx) mutation(rv *pg.RangeVar, what string, columns []string) {
	if rv == nil {
		return
	}
	c := sc.c
	t := c.model.Lookup(normalSchema(rv.Schemaname), rv.Relname)
	if !c.isFeatureTable(rv.Relname, t) {
		return
	}
	if what != "DELETE" && len(columns) > 0 && allIn(columns, c.scd2Cols) {
		return
	}
	start := sc.st.Stmt.Start
	o := sc.st.Source.Origin(start, sc.st.Stmt.Offset(rv.Location)+len(rv.Relname))
	where := "application code"
	if sc.st.Source.Migration != nil {
		where = "a migration"
	}
	c.report(RuleFeatureMutation, o, nil,
		"%s on feature table %s in %s rewrites feature history, so past training sets can no longer be rebuilt; keep features append-only: close the current row (SET %s) and INSERT the new version",
		what, rv.Relname, where, strings.Join(sortedKeys(c.scd2Cols), ", "))
}

func normalSchema(s string) string {
	if strings.Trim(s, "_") == "" {
		return ""
	}
	return s
}

func allIn(cols []string, allowed map[string]bool) bool {
	for _, c := range cols {
		if !allowed[c] {
			return false
		}
	}
	return true
}

// resolve finds the table and column a column reference names, searching
// the FROM lists of the enclosing queries from the innermost out.
func (sc *stmtCtx) resolve(cur *sqlsrc.Cursor, qualifier, column string) (*schema.Table, *schema.Column) {
	for i := -1; ; i++ {
		var q proto.Message
		if i < 0 {
			q = cur.Node()
		} else {
			q, _ = cur.Ancestor(i)
		}
		if q == nil {
			return nil, nil
		}
		switch q.(type) {
		case *pg.SelectStmt, *pg.UpdateStmt, *pg.DeleteStmt, *pg.InsertStmt, *pg.MergeStmt:
		default:
			continue
		}
		s := sc.scopeOf(q)
		if qualifier != "" {
			if t, ok := s.byName[qualifier]; ok {
				if t == nil {
					return nil, nil
				}
				return t, t.Column(column)
			}
			continue
		}
		var found *schema.Table
		n := 0
		for _, t := range s.tables {
			if t.Column(column) != nil {
				found = t
				n++
			}
		}
		if n == 1 {
			return found, found.Column(column)
		}
		if n > 1 {
			return nil, nil
		}
		if len(s.tables) == 1 && len(s.byName) == 1 {
			// One table that lacks the column: the model does not know it.
			return s.tables[0], nil
		}
	}
}

func (sc *stmtCtx) scopeOf(q proto.Message) *scope {
	if s, ok := sc.scopes[q]; ok {
		return s
	}
	s := &scope{byName: map[string]*schema.Table{}}
	sc.scopes[q] = s
	var with *pg.WithClause
	var from []*pg.Node
	switch n := q.(type) {
	case *pg.SelectStmt:
		from, with = n.FromClause, n.WithClause
	case *pg.UpdateStmt:
		sc.addRange(s, n.Relation)
		from, with = n.FromClause, n.WithClause
	case *pg.DeleteStmt:
		sc.addRange(s, n.Relation)
		from, with = n.UsingClause, n.WithClause
	case *pg.InsertStmt:
		sc.addRange(s, n.Relation)
		with = n.WithClause
	case *pg.MergeStmt:
		sc.addRange(s, n.Relation)
		from, with = []*pg.Node{n.SourceRelation}, n.WithClause
	}
	if with != nil {
		for _, cte := range with.Ctes {
			if ce, ok := sqlsrc.Unwrap(cte).(*pg.CommonTableExpr); ok {
				s.byName[ce.Ctename] = nil
			}
		}
	}
	for _, f := range from {
		sc.addFrom(s, f)
	}
	return s
}

func (sc *stmtCtx) addFrom(s *scope, n *pg.Node) {
	switch f := sqlsrc.Unwrap(n).(type) {
	case *pg.RangeVar:
		sc.addRange(s, f)
	case *pg.JoinExpr:
		sc.addFrom(s, f.Larg)
		sc.addFrom(s, f.Rarg)
	case *pg.RangeSubselect:
		if f.Alias != nil {
			s.byName[f.Alias.Aliasname] = nil
		}
	case *pg.RangeFunction:
		if f.Alias != nil {
			s.byName[f.Alias.Aliasname] = nil
		}
	}
}

func (sc *stmtCtx) addRange(s *scope, rv *pg.RangeVar) {
	if rv == nil {
		return
	}
	if t, isCTE := s.byName[rv.Relname]; isCTE && t == nil && rv.Schemaname == "" {
		return
	}
	t := sc.c.model.Lookup(normalSchema(rv.Schemaname), rv.Relname)
	name := rv.Relname
	if rv.Alias != nil {
		name = rv.Alias.Aliasname
	}
	s.byName[name] = t
	if t != nil {
		s.tables = append(s.tables, t)
	}
}
