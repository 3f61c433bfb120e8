package sqlsrc

import (
	"go/token"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
)

func newFile(t testing.TB, path, src string) *pass.File {
	t.Helper()
	return pass.NewFile(token.NewFileSet(), path, path, pass.SQL, []byte(src), 0)
}

func TestSplitStatements(t *testing.T) {
	src := "-- migration 1\n" +
		"/* header */ CREATE TABLE events (id bigint PRIMARY KEY, data jsonb);\n" +
		";;\n" +
		"CREATE INDEX events_data ON events USING gin (data jsonb_path_ops); -- trailing\n" +
		"CREATE FUNCTION f(a int) RETURNS int AS $$ SELECT a; SELECT a + 1; $$ LANGUAGE sql;\n" +
		"SELECT (1; 2)"
	sc := ParseString(src, 0)
	require.Len(t, sc.Errors, 2, "the unbalanced parenthesis ends its statement at the semicolon: two broken pieces")
	var texts []string
	var lines []int
	for _, st := range sc.Stmts {
		texts = append(texts, st.Text())
		lines = append(lines, st.Line)
	}
	assert.Equal(t, []string{
		"CREATE TABLE events (id bigint PRIMARY KEY, data jsonb)",
		"CREATE INDEX events_data ON events USING gin (data jsonb_path_ops)",
		"CREATE FUNCTION f(a int) RETURNS int AS $$ SELECT a; SELECT a + 1; $$ LANGUAGE sql",
		"SELECT (1",
		"2)",
	}, texts)
	assert.Equal(t, []int{2, 4, 5, 6, 6}, lines)
	assert.Equal(t, strings.Index(src, "CREATE TABLE"), sc.Stmts[0].Start, "leading comments are skipped")
	assert.Len(t, sc.Comments, 3)
	assert.IsType(t, &pg.CreateStmt{}, Unwrap(sc.Stmts[0].Node))
	assert.IsType(t, &pg.IndexStmt{}, Unwrap(sc.Stmts[1].Node))
	assert.IsType(t, &pg.CreateFunctionStmt{}, Unwrap(sc.Stmts[2].Node))
	assert.Nil(t, sc.Stmts[3].Node, "a semicolon inside parentheses does not end the statement")
}

func TestBeginAtomicStaysWhole(t *testing.T) {
	src := "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN a END; SELECT a + b; END;\nSELECT 1;"
	sc := ParseString(src, 0)
	require.NoError(t, sc.Err())
	require.Len(t, sc.Stmts, 2)
	assert.IsType(t, &pg.CreateFunctionStmt{}, Unwrap(sc.Stmts[0].Node))
	assert.Equal(t, "SELECT 1", sc.Stmts[1].Text())
}

func TestSyntaxErrorLosesNothingElse(t *testing.T) {
	src := "CREATE TABLE a (x int);\nCREATE TABLE b (y int,, z int);\nCREATE TABLE c (z jsonb);\n"
	f := newFile(t, "V1__init.sql", src)
	sc, err := Parse(f)
	require.Error(t, err)
	var se *pass.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, strings.Index(src, ", z int"), se.Offset, "the offset is where PostgreSQL points")
	assert.Equal(t, f, se.File)
	assert.Equal(t, `syntax error at or near ","`, se.Msg)
	assert.Equal(t, "V1__init.sql:2:23", f.Position(se.Offset).String())
	require.Len(t, sc.Stmts, 3)
	assert.NotNil(t, sc.Stmts[0].Node)
	assert.Nil(t, sc.Stmts[1].Node)
	assert.Same(t, se, sc.Stmts[1].Err)
	assert.NotNil(t, sc.Stmts[2].Node)
}

func TestErrorOffsetCountsCharactersNotBytes(t *testing.T) {
	src := "SELECT 'héllo', 'ünïcödé' AS é FROM;"
	sc := ParseString(src, 10)
	require.Len(t, sc.Errors, 1)
	assert.Equal(t, 10+strings.Index(src, ";"), sc.Errors[0].Offset)
	assert.Nil(t, sc.Errors[0].File)
}

func TestUnterminatedLiteralKeepsEarlierStatements(t *testing.T) {
	for _, tail := range []string{"SELECT 'abc\n;", "SELECT $$abc", "/* open comment", `SELECT "ident`} {
		src := "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n" + tail
		sc := ParseString(src, 0)
		require.Len(t, sc.Errors, 1, tail)
		assert.Contains(t, sc.Errors[0].Msg, "unterminated", tail)
		assert.NotContains(t, sc.Errors[0].Msg, "\n", "messages stay on one line")
		require.Len(t, sc.Stmts, 3, tail)
		assert.NotNil(t, sc.Stmts[0].Node)
		assert.NotNil(t, sc.Stmts[1].Node)
		assert.Equal(t, strings.Index(src, tail), sc.Stmts[2].Start, tail)
	}
}

func TestDeepNestingIsRefusedNotCrashing(t *testing.T) {
	// pg_query's C serializer would overflow the stack on this tree.
	deep := "SELECT " + strings.Repeat("1+", 100000) + "1"
	sc := ParseString("SELECT 1;\n"+deep+";\nSELECT 2;", 0)
	require.Len(t, sc.Stmts, 3)
	require.Len(t, sc.Errors, 1)
	assert.Contains(t, sc.Errors[0].Msg, "nests about")
	assert.NotNil(t, sc.Stmts[0].Node)
	assert.NotNil(t, sc.Stmts[2].Node)

	for _, deep := range []string{
		"SELECT * FROM t" + strings.Repeat(" JOIN t ON true", 50000),
		"SELECT 1" + strings.Repeat(" OPERATOR(pg_catalog.+) 1", 50000),
		"SELECT now()" + strings.Repeat(" AT TIME ZONE 'UTC'", 50000),
		"SELECT 1" + strings.Repeat("::int", 50000),
		"SELECT 1" + strings.Repeat(" UNION SELECT 1", 50000),
	} {
		require.Error(t, ParseString(deep, 0).Err(), deep[:30])
	}

	// Long but flat statements are fine: a VALUES list, an AND chain in
	// parentheses per row.
	rows := strings.TrimSuffix(strings.Repeat("(1, '{\"a\": 1}'::jsonb, 2 + 3),", 5000), ",")
	sc = ParseString("INSERT INTO t VALUES "+rows, 0)
	require.NoError(t, sc.Err())

	// Parentheses too deep for the grammar give PostgreSQL's own error.
	sc = ParseString("SELECT "+strings.Repeat("(", 20000)+"1"+strings.Repeat(")", 20000), 0)
	require.Error(t, sc.Err())
}

func TestPlaceholdersParse(t *testing.T) {
	for _, src := range []string{
		"SELECT * FROM events WHERE data->>'kind' = %s AND id = %(id)s",
		"SELECT * FROM events WHERE data @> :filter::jsonb",
		"SELECT * FROM ${schema}.events WHERE id IN %s",
		"INSERT INTO events (id, data) VALUES %s",
		"INSERT INTO {table} (id) VALUES ({id})",
		"SELECT * FROM {{ ref('events') }} WHERE kind = '{{ var(\"k\") }}'",
		"UPDATE events SET data = $1 WHERE id = $2",
	} {
		sc := ParseString(src, 0)
		assert.NoError(t, sc.Err(), src)
		require.Len(t, sc.Stmts, 1, src)
		assert.NotNil(t, sc.Stmts[0].Node, src)
	}
}

func TestPlaceholderLookup(t *testing.T) {
	src := "SELECT a FROM t WHERE b = :value AND c = 'x'"
	sc := ParseString(src, 5)
	at := 5 + strings.Index(src, ":value")
	p, ok := sc.PlaceholderAt(at + 2)
	require.True(t, ok)
	assert.Equal(t, Span{at, at + len(":value")}, p.Span)
	assert.Equal(t, Named, p.Kind)
	_, ok = sc.PlaceholderAt(at - 1)
	assert.False(t, ok)
	assert.True(t, sc.HasPlaceholder(Span{0, at + 1}))
	assert.False(t, sc.HasPlaceholder(Span{at + len(":value"), 100}))
	assert.Equal(t, ":value", sc.Text(p.Span))
	assert.Equal(t, "______", sc.Parsed(p.Span))
}

func TestLocationsMapToFileOffsets(t *testing.T) {
	src := "-- note\nSELECT id FROM events WHERE data->>'kind' = %s;\n  SELECT 1 FROM t JOIN u ON u.doc #>> '{a,b}' = t.k"
	f := newFile(t, "q.sql", src)
	sc, err := Parse(f)
	require.NoError(t, err)
	var got []string
	for _, st := range sc.Stmts {
		Walk(st.Node, func(c *Cursor) bool {
			if e, ok := c.Node().(*pg.A_Expr); ok {
				if op := QualifiedName(e.Name); op == "->>" || op == "#>>" {
					off := st.Offset(Location(e))
					assert.True(t, strings.HasPrefix(src[off:], op), "location of %s points at %q", op, src[off:])
					got = append(got, f.Position(off).String()+" "+op+" "+c.Field())
				}
			}
			return true
		})
	}
	assert.Equal(t, []string{"q.sql:2:33 ->> lexpr", "q.sql:3:35 #>> lexpr"}, got)
}

func TestParseIsMemoized(t *testing.T) {
	f := newFile(t, "a.sql", "SELECT 1")
	a, err := Parse(f)
	require.NoError(t, err)
	b, _ := Parse(f)
	assert.Same(t, a, b)

	py := pass.NewFile(token.NewFileSet(), "m.py", "m.py", pass.Python, []byte(`op.execute("SELECT x FROM t WHERE y = ;")`), 0)
	base := strings.Index(string(py.Content()), "SELECT")
	e1 := ParseIn(py, "SELECT x FROM t WHERE y = ;", base)
	e2 := ParseIn(py, "SELECT x FROM t WHERE y = ;", base)
	assert.Same(t, e1, e2)
	require.Len(t, e1.Errors, 1)
	assert.Equal(t, py, e1.Errors[0].File)
	assert.Equal(t, "m.py:1:38", py.Position(e1.Errors[0].Offset).String())
}

func TestParseReadError(t *testing.T) {
	f := pass.NewFile(token.NewFileSet(), "gone.sql", "/nonexistent/gone.sql", pass.SQL, nil, 10)
	sc, err := Parse(f)
	require.Error(t, err)
	require.NotNil(t, sc)
	assert.Empty(t, sc.Stmts)
}

func TestEmptyAndCommentOnly(t *testing.T) {
	for _, src := range []string{"", "   \n", "-- only a comment\n/* and this */", ";;;"} {
		sc := ParseString(src, 0)
		assert.NoError(t, sc.Err(), "%q", src)
		assert.Empty(t, sc.Stmts, "%q", src)
	}
}

func TestGarbageBetweenSemicolonsIsReported(t *testing.T) {
	sc := ParseString("SELECT 1; 42; SELECT 2", 0)
	require.Len(t, sc.Stmts, 3)
	require.Len(t, sc.Errors, 1)
	assert.Equal(t, 10, sc.Errors[0].Offset)
}

// An unbalanced parenthesis ends its statement at the semicolon, so the
// statements after a syntax error are still parsed; CREATE RULE keeps its
// parenthesized actions together.
func TestUnbalancedParensDoNotSwallowLaterStatements(t *testing.T) {
	sc := ParseString("CREATE TABLE t (data json;\nCREATE TABLE u (data json);\n", 0)
	require.Len(t, sc.Stmts, 2)
	assert.NotNil(t, sc.Stmts[0].Err)
	assert.Nil(t, sc.Stmts[1].Err)
	assert.NotNil(t, sc.Stmts[1].Node)

	sc = ParseString("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;\n", 0)
	require.Len(t, sc.Stmts, 2)
	assert.Nil(t, sc.Stmts[0].Err)
	assert.Nil(t, sc.Stmts[1].Err)
}

// A byte order mark is not SQL: the script parses, and offsets still
// count the mark's three bytes.
func TestBOM(t *testing.T) {
	src := "\ufeffCREATE TABLE t (payload json);\nSELECT 1;\n"
	sc, err := Parse(newFile(t, "m.sql", src))
	require.NoError(t, err)
	require.Len(t, sc.Stmts, 2)
	assert.Equal(t, 3, sc.Stmts[0].Start)
	assert.Equal(t, "CREATE TABLE t (payload json)", sc.Stmts[0].Text())
	assert.Equal(t, "SELECT 1", sc.Stmts[1].Text())
}
