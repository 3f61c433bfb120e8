package sqlsrc

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// jsonExtractions returns each ->> in the statement with whether it sits
// in a filter of its own query.
func jsonExtractions(t *testing.T, src string) []bool {
	t.Helper()
	sc := ParseString(src, 0)
	require.NoError(t, sc.Err())
	var out []bool
	Walk(sc.Stmts[0].Node, func(c *Cursor) bool {
		if e, ok := c.Node().(*pg.A_Expr); ok && QualifiedName(e.Name) == "->>" {
			out = append(out, c.InField("where_clause", "quals", "having_clause"))
		}
		return true
	})
	return out
}

func TestInField(t *testing.T) {
	assert.Equal(t, []bool{false, true}, jsonExtractions(t, "SELECT data->>'a' FROM t WHERE data->>'b' = 'x'"))
	assert.Equal(t, []bool{true}, jsonExtractions(t, "SELECT 1 FROM t JOIN u ON t.id = (u.doc->>'id')::int"))
	assert.Equal(t, []bool{false, true}, jsonExtractions(t,
		"SELECT 1 FROM t WHERE id IN (SELECT doc->>'id' FROM u WHERE doc->>'k' = 'v')"),
		"a subquery's select list is not the outer filter")
	assert.Equal(t, []bool{true}, jsonExtractions(t, "UPDATE t SET a = 1 WHERE data->>'k' = 'v'"))
	assert.Equal(t, []bool{true}, jsonExtractions(t, "DELETE FROM t WHERE data->>'k' = 'v'"))
}

func TestWalkPruneAndAncestors(t *testing.T) {
	sc := ParseString("SELECT f(a + 1) FROM t WHERE b = 2", 0)
	require.NoError(t, sc.Err())
	var visited []string
	Walk(sc.Stmts[0].Node, func(c *Cursor) bool {
		switch n := c.Node().(type) {
		case *pg.SelectStmt:
			assert.Nil(t, c.Parent())
			assert.Equal(t, 0, c.Depth())
		case *pg.FuncCall:
			visited = append(visited, "func")
			parent, field := c.Ancestor(0)
			assert.IsType(t, &pg.ResTarget{}, parent)
			assert.Equal(t, "target_list", field)
			return false // skip the arguments
		case *pg.A_Expr:
			visited = append(visited, QualifiedName(n.Name))
		}
		return true
	})
	assert.Equal(t, []string{"func", "="}, visited)
	Walk(nil, func(*Cursor) bool { t.Fatal("called on nil"); return true })
}

func TestEqualIgnoringLocation(t *testing.T) {
	index := ParseString("CREATE INDEX i ON t ((data->>'kind'))", 0).Stmts[0].Node.GetIndexStmt().IndexParams[0].GetIndexElem().Expr
	query := ParseString("SELECT 1 FROM t WHERE    data ->> 'kind' = 'x'", 0).Stmts[0].Node.GetSelectStmt().WhereClause.GetAExpr().Lexpr
	other := ParseString("SELECT 1 FROM t WHERE data->>'color' = 'x'", 0).Stmts[0].Node.GetSelectStmt().WhereClause.GetAExpr().Lexpr
	assert.True(t, EqualIgnoringLocation(index, query))
	assert.False(t, EqualIgnoringLocation(index, other))
	assert.False(t, EqualIgnoringLocation(index, nil))
	assert.True(t, EqualIgnoringLocation(nil, nil))
}

func TestStringHelpers(t *testing.T) {
	st := ParseString(`CREATE TABLE "Sales"."Events" (doc json)`, 0).Stmts[0].Node.GetCreateStmt()
	assert.Equal(t, "Sales", st.Relation.Schemaname)
	assert.Equal(t, "Events", st.Relation.Relname)
	col := st.TableElts[0].GetColumnDef()
	assert.Equal(t, []string{"json"}, Names(col.TypeName.Names))
	assert.Equal(t, int32(31), Location(col))
	assert.Equal(t, int32(-1), Location(col.TypeName.Names[0]))
	s, ok := StringOf(ParseString("SELECT 'x'", 0).Stmts[0].Node.GetSelectStmt().TargetList[0].GetResTarget().Val)
	assert.True(t, ok)
	assert.Equal(t, "x", s)
}

// visits records what Walk meets, node by node: the message type, the
// field that holds it, its depth and its location.
func visits(root proto.Message) []string {
	var out []string
	Walk(root, func(c *Cursor) bool {
		out = append(out, fmt.Sprintf("%d %s %T %d", c.Depth(), c.Field(), c.Node(), Location(c.Node())))
		return true
	})
	return out
}

// reflectVisits is the oracle for the generated walker: the same walk
// done through protoreflect.
func reflectVisits(root proto.Message) []string {
	var out []string
	var visit func(m proto.Message, field protoreflect.Name, depth int)
	visit = func(m proto.Message, field protoreflect.Name, depth int) {
		if n, ok := m.(*pg.Node); ok {
			if n == nil || n.Node == nil {
				return
			}
			r := n.ProtoReflect()
			fd := r.WhichOneof(r.Descriptor().Oneofs().ByName("node"))
			if fd == nil {
				return
			}
			m = r.Get(fd).Message().Interface()
		}
		r := m.ProtoReflect()
		loc := int32(-1)
		if fd := r.Descriptor().Fields().ByName("location"); fd != nil && fd.Kind() == protoreflect.Int32Kind {
			loc = int32(r.Get(fd).Int())
		}
		out = append(out, fmt.Sprintf("%d %s %T %d", depth, field, m, loc))
		// Field-number order, not Range's: protobuf-go deliberately swaps
		// a pair of Range's fields per build to keep callers from
		// depending on its order.
		fields := r.Descriptor().Fields()
		for i := 0; i < fields.Len(); i++ {
			fd := fields.Get(i)
			if fd.Message() == nil || fd.IsMap() || !r.Has(fd) {
				continue
			}
			if fd.IsList() {
				for j := 0; j < r.Get(fd).List().Len(); j++ {
					visit(r.Get(fd).List().Get(j).Message().Interface(), fd.Name(), depth+1)
				}
			} else {
				visit(r.Get(fd).Message().Interface(), fd.Name(), depth+1)
			}
		}
	}
	if root != nil {
		visit(root, "", 0)
	}
	return out
}

// TestGeneratedWalkMatchesReflection walks the parse tree of every SQL
// file in the module's test data and examples both ways.
func TestGeneratedWalkMatchesReflection(t *testing.T) {
	files := moduleSQLFiles(t)
	nodes := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, st := range ParseString(string(src), 0).Stmts {
			if st.Node == nil {
				continue
			}
			want := reflectVisits(st.Node)
			require.Equal(t, want, visits(st.Node), "%s: %s", path, st.Text())
			nodes += len(want)
		}
	}
	t.Logf("%d files, %d nodes walked", len(files), nodes)
	assert.Greater(t, nodes, 1000)
}

// moduleSQLFiles lists the .sql files of the module's test data and
// examples.
func moduleSQLFiles(t *testing.T) []string {
	var files []string
	require.NoError(t, filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
			files = append(files, path)
		}
		return err
	}))
	require.NotEmpty(t, files)
	return files
}
