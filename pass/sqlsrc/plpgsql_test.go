package sqlsrc

import (
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBlock(t *testing.T) {
	body := `
DECLARE
  n int := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'events_data') THEN
    CREATE INDEX events_data ON events USING gin (data);
  END IF;
  n := n + 1;
  UPDATE features SET data = '{}' WHERE id = n;
  FOR r IN SELECT id FROM events WHERE data->>'k' = 'v' LOOP
    PERFORM pg_notify('x', r.id::text);
  END LOOP;
  EXECUTE 'ALTER TABLE events ADD COLUMN extra jsonb';
  EXECUTE format('DROP TABLE %I', tbl);
  RETURN QUERY SELECT 1;
END`
	const base = 40
	blk := ParseBlock(body, base)
	require.NoError(t, blk.Script.Err())
	var kinds []string
	for _, st := range blk.Script.Stmts {
		require.NotNil(t, st.Node, st.Text())
		kinds = append(kinds, strings.TrimPrefix(strings.TrimPrefix(
			strings.SplitN(st.Text(), " ", 2)[0], "\n"), " "))
	}
	assert.Equal(t, []string{"CREATE", "UPDATE", "SELECT", "ALTER", "SELECT"}, kinds)
	alter := blk.Script.Stmts[3]
	assert.IsType(t, &pg.AlterTableStmt{}, Unwrap(alter.Node))
	assert.Equal(t, base+strings.Index(body, "ALTER TABLE events"), alter.Start, "a constant EXECUTE keeps exact offsets")
	require.Len(t, blk.Dynamic, 1)
	assert.Equal(t, "EXECUTE format('DROP TABLE %I', tbl)", body[blk.Dynamic[0].Start-base:blk.Dynamic[0].End-base])
}

func TestParseBlockSyntaxError(t *testing.T) {
	blk := ParseBlock("BEGIN CREATE TABLE t (a int,,); UPDATE t SET a = 1; END", 0)
	require.Len(t, blk.Script.Errors, 1)
	require.Len(t, blk.Script.Stmts, 2)
	assert.NotNil(t, blk.Script.Stmts[1].Node)
}

func TestParseBlockQuotedExecute(t *testing.T) {
	body := "BEGIN EXECUTE 'CREATE INDEX i ON t ((d->>''k''))'; END"
	blk := ParseBlock(body, 0)
	require.NoError(t, blk.Script.Err())
	require.Len(t, blk.Script.Stmts, 1)
	require.Empty(t, blk.Dynamic)
	idx := Unwrap(blk.Script.Stmts[0].Node).(*pg.IndexStmt)
	e := idx.IndexParams[0].GetIndexElem().Expr.GetAExpr()
	s, _ := StringOf(e.Rexpr)
	assert.Equal(t, "k", s)
	assert.Equal(t, strings.Index(body, "CREATE"), blk.Script.Stmts[0].Start)
}

func TestParseBlockStripsPLpgSQLInto(t *testing.T) {
	body := `BEGIN
  INSERT INTO t (a) VALUES (1) RETURNING * INTO STRICT row_var;
  SELECT count(*), max(id) INTO n, m FROM t WHERE a = 1;
  WITH u AS (UPDATE t SET a = 2 RETURNING id) SELECT id INTO last_id FROM u;
END`
	blk := ParseBlock(body, 0)
	require.NoError(t, blk.Script.Err())
	require.Len(t, blk.Script.Stmts, 3)
	ins := Unwrap(blk.Script.Stmts[0].Node).(*pg.InsertStmt)
	assert.Equal(t, "t", ins.Relation.Relname, "INSERT INTO keeps its table")
	sel := Unwrap(blk.Script.Stmts[1].Node).(*pg.SelectStmt)
	assert.Nil(t, sel.IntoClause)
	assert.Len(t, sel.TargetList, 2)
}
