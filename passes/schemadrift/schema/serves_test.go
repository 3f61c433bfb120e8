package schema

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// whereOf parses the WHERE clause of a SELECT.
func whereOf(t *testing.T, where string) *pg.Node {
	t.Helper()
	sc := sqlsrc.ParseString("SELECT 1 FROM t WHERE "+where, 0)
	require.Empty(t, sc.Errors, where)
	require.Len(t, sc.Stmts, 1)
	sel, ok := sqlsrc.Unwrap(sc.Stmts[0].Node).(*pg.SelectStmt)
	require.True(t, ok)
	return sel.WhereClause
}

func TestImplied(t *testing.T) {
	for _, tc := range []struct {
		query, pred string
		want        Support
	}{
		{"deleted_at IS NULL AND x = 1", "deleted_at IS NULL", Yes},
		{"t.deleted_at IS NULL", "deleted_at IS NULL", Yes},
		{"x = 1", "deleted_at IS NULL", No},
		{"deleted_at > now()", "deleted_at IS NULL", Unknown},
		{"status = 'open'", "status IN ('open', 'pending')", Yes},
		{"status IN ('open')", "status IN ('open', 'pending')", Yes},
		{"status IN ('open', 'closed')", "status IN ('open', 'pending')", Unknown},
		{"status = $1", "status = 'open'", Unknown},
		{"status = 'open'", "status <> 'closed'", Yes},
		{"status = 'open'", "status IS NOT NULL", Yes},
		{"priority >= 8", "priority > 5", Yes},
		{"priority > 5", "priority > 5", Yes},
		{"priority >= 5", "priority > 5", Unknown},
		{"5 < priority", "priority > 5", Yes},
		{"priority < 3", "priority <= 3", Yes},
		{"active = true", "active", Yes},
		{"active IS TRUE", "active", Yes},
		{"active", "active = true", Yes},
		{"NOT archived", "archived = false", Yes},
		{"archived IS FALSE", "NOT archived", Yes},
		{"archived", "NOT archived", Unknown},
		{"a = 1 OR deleted_at IS NULL", "deleted_at IS NULL", Unknown},
		// an OR implies what each of its branches implies
		{"status = 'open' OR status = 'pending'", "status IN ('open', 'pending')", Yes},
		{"(deleted_at IS NULL AND a = 1) OR (deleted_at IS NULL AND a = 2)", "deleted_at IS NULL", Yes},
		{"priority > 9 OR priority = 7", "priority > 5", Yes},
		{"priority > 9 OR priority = 3", "priority > 5", Unknown},
		{"x = 1 AND (a = 1 OR b = 2)", "deleted_at IS NULL", No},
		// an OR predicate is implied by what implies one of its branches
		{"status = 'open'", "status = 'open' OR status = 'pending'", Yes},
		{"priority > 9 AND NOT archived", "(priority > 5 AND NOT archived) OR status = 'vip'", Yes},
		{"priority > 9", "(priority > 5 AND NOT archived) OR status = 'vip'", Unknown},
		{"priority > 9 AND NOT archived", "priority > 5 AND NOT archived", Yes},
		{"priority > 9", "priority > 5 AND NOT archived", No},
		{"(data->>'kind') = 'x'", "(data->>'kind') IS NOT NULL", Yes},
	} {
		got := Implied(AndTerms(whereOf(t, tc.query), nil), whereOf(t, tc.pred))
		assert.Equal(t, tc.want, got, "%s => %s", tc.query, tc.pred)
	}
}

func TestServes(t *testing.T) {
	ix := func(method, opclass string) *Index {
		return &Index{Method: method, Elems: []*IndexElem{{Column: "data", Opclass: opclass}}}
	}
	for _, tc := range []struct {
		ix   *Index
		op   string
		want Support
	}{
		{ix("gin", ""), "?", Yes},
		{ix("gin", "jsonb_ops"), "?|", Yes},
		{ix("gin", "jsonb_path_ops"), "@>", Yes},
		{ix("gin", "jsonb_path_ops"), "@?", Yes},
		{ix("gin", "jsonb_path_ops"), "?", No},
		{ix("gin", "jsonb_path_ops"), "?&", No},
		{ix("gin", "jsonb_hash_ops"), "?", Unknown}, // an extension's class
		{ix("btree", ""), "@>", No},
		{ix("gist", "something_ops"), "@>", No},
		{ix("hash", ""), "=", Yes},
		{ix("hash", ""), "<", No},
		{ix("hash", ""), "", No},
		{ix("btree", ""), "<", Yes},
		{ix("btree", ""), "", Unknown},
		{ix("btree", ""), "LIKE", Unknown},
		{ix("btree", "text_pattern_ops"), "LIKE", Yes},
		{ix("btree", "text_pattern_ops"), ">", No},
	} {
		assert.Equal(t, tc.want, tc.ix.Serves(0, tc.op), "%s %s %s", tc.ix.Method, tc.ix.Elems[0].Opclass, tc.op)
	}
}

func TestSQLJSONPathDepth(t *testing.T) {
	for _, tc := range []struct {
		path  string
		depth int
		ok    bool
	}{
		{"$.a", 1, true},
		{"$.a.b.c", 3, true},
		{`$."a b".c`, 2, true},
		{"$.items[*].price", 3, true},
		{"strict $.a.b", 2, true},
		{"$.a ? (@.b.c == 1)", 3, true},
		{"$.a ? (@ == 1)", 1, true},
		{`$.kind ? (@ == "click")`, 1, true},
		{"$.kind == \"click\"", 1, true},
		{"$.a.size() > 2", 1, true},
		{"$.a ? ((@.b == 1) && (@.c.d.e == 2))", 4, true},
		{"$.a ? (@.b == 1.5).c", 2, true},
		{"$.**.x", 0, false},
		{"$.a ? (@.b == $min)", 2, true},
		{"$var.a", 0, true},
	} {
		d, ok := SQLJSONPathDepth(tc.path)
		assert.Equal(t, tc.ok, ok, tc.path)
		if ok {
			assert.Equal(t, tc.depth, d, tc.path)
		}
	}
}

// TestSearchPath: SET search_path puts the script's unqualified tables in
// its first schema, RESET back in public, and the shared parse tree keeps
// the names as written.
func TestSearchPath(t *testing.T) {
	m := buildFiles(t, map[string]string{
		"db/migration/V1__init.sql": "CREATE TABLE events (id int);\n" +
			"SET search_path TO \"$user\", analytics;\nCREATE TABLE events (id int, data jsonb);\nCREATE INDEX events_data ON events USING gin (data);\n" +
			"RESET search_path;\nCREATE TABLE audit (id int);\n",
	})
	require.NotNil(t, m.Lookup("analytics", "events"))
	assert.Len(t, m.Lookup("analytics", "events").Indexes, 1)
	assert.Empty(t, m.Lookup("", "events").Indexes, "public.events is another table")
	assert.Equal(t, "", m.Lookup("", "audit").Schema)
	for _, st := range m.Statements {
		if cs, ok := sqlsrc.Unwrap(st.Stmt.Node).(*pg.CreateStmt); ok {
			assert.Empty(t, cs.Relation.Schemaname, "the parse tree is not rewritten")
		}
	}
}
