package schema

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// A replayer applies schema changes, from SQL or from Alembic operations,
// to the model in migration order.
type replayer struct {
	m *Model
	// stubs are tables the history alters without creating them: they
	// were created outside the analysed migrations.
	stubs map[*Table]bool
	// timeouts records the migrations that set a lock or statement
	// timeout so far; envTimeout an Alembic env.py that sets one for all.
	timeouts   map[*Migration]bool
	envTimeout bool
	// domains are the live domains, by name (the last created wins when
	// schemas differ, as most histories have one).
	domains map[string]*Domain
}

func newReplayer() *replayer {
	return &replayer{m: &Model{byName: map[string][]*Table{}}, stubs: map[*Table]bool{}, timeouts: map[*Migration]bool{},
		domains: map[string]*Domain{}}
}

// normalizeSchema treats a schema written as a template placeholder
// (${schema}, {schema}, replaced by underscores before parsing) as the
// default search path.
func normalizeSchema(s string) string {
	if strings.Trim(s, "_") == "" {
		return ""
	}
	return s
}

func isPlaceholderName(s string) bool { return s != "" && strings.Trim(s, "_") == "" }

// table returns the live table, creating a stub when the history uses a
// table it never created.
func (r *replayer) table(schema, name string, at Origin) *Table {
	schema = normalizeSchema(schema)
	if t := r.m.Lookup(schema, name); t != nil {
		return t
	}
	t := &Table{Schema: schema, Name: name, Created: Origin{Migration: at.Migration}}
	r.stubs[t] = true
	r.m.add(t)
	return t
}

func (r *replayer) createTable(schema, name string, at Origin) *Table {
	schema = normalizeSchema(schema)
	// An unqualified name is created in public: a same-named table of
	// another schema is another table.
	if t := r.m.Lookup(schema, name); t != nil && (t.Schema == schema || t.Schema == "" || schema == "" && t.Schema == "public") {
		if r.stubs[t] {
			// A stub met its creation after all (files out of order):
			// keep its columns and give it its origin.
			delete(r.stubs, t)
			t.Created = at
		}
		return t
	}
	t := &Table{Schema: schema, Name: name, Created: at}
	r.m.add(t)
	return t
}

// IsStub reports whether the model knows the table only from changes to
// it, not from its creation.
func (r *replayer) isStub(t *Table) bool { return r.stubs[t] }

func (r *replayer) dropTable(t *Table) {
	for _, c := range t.Columns {
		c.Dropped = true
	}
	r.m.remove(t)
	r.m.Dropped = append(r.m.Dropped, t)
}

// addColumn adds or, when it exists, redefines a column and records the
// definition.
func (r *replayer) addColumn(t *Table, def *ColumnDef) *Column {
	def.Table = t.QualifiedName()
	r.m.ColumnDefs = append(r.m.ColumnDefs, def)
	if c := t.Column(def.Column); c != nil {
		c.Type, c.Array, c.Typed = def.Type, def.Array, def.TypeOrigin
		def.col = c
		return c
	}
	c := &Column{Name: def.Column, Type: def.Type, Array: def.Array, Table: t, Added: def.Origin, Typed: def.TypeOrigin}
	t.Columns = append(t.Columns, c)
	def.col = c
	return c
}

// alterType changes a column's type; a column the model does not know is
// added, since its table was created outside the history.
func (r *replayer) alterType(t *Table, def *ColumnDef) {
	def.Table = t.QualifiedName()
	r.m.ColumnDefs = append(r.m.ColumnDefs, def)
	c := t.Column(def.Column)
	if c == nil {
		c = &Column{Name: def.Column, Table: t, Added: def.Origin}
		t.Columns = append(t.Columns, c)
	}
	c.Type, c.Array, c.Typed, c.Retyped = def.Type, def.Array, def.TypeOrigin, true
	def.col = c
}

func (r *replayer) dropColumn(t *Table, name string) {
	c := t.Column(name)
	if c == nil {
		return
	}
	t.Columns = deleteItem(t.Columns, c)
	c.Dropped = true
	// PostgreSQL drops the indexes that use a dropped column.
	var keep []*Index
	for _, ix := range t.Indexes {
		uses := false
		for _, e := range ix.Elems {
			if e.Column == name || (e.Expr != nil && refersTo(e.Expr, name)) {
				uses = true
			}
		}
		if !uses {
			keep = append(keep, ix)
		}
	}
	t.Indexes = keep
}

func (r *replayer) renameColumn(t *Table, old, name string) {
	c := t.Column(old)
	if c == nil {
		c = &Column{Name: old, Table: t}
		t.Columns = append(t.Columns, c)
	}
	c.Name = name
	// Indexes follow the column: PostgreSQL keeps them by attribute number.
	for _, ix := range t.Indexes {
		for _, e := range ix.Elems {
			if e.Column == old {
				e.Column = name
			}
			if e.Expr != nil {
				renameRefs(e.Expr, old, name)
			}
		}
		if ix.Where != nil {
			renameRefs(ix.Where, old, name)
		}
	}
}

func renameRefs(n *pg.Node, old, name string) {
	sqlsrc.Walk(n, func(c *sqlsrc.Cursor) bool {
		if cr, ok := c.Node().(*pg.ColumnRef); ok && len(cr.Fields) > 0 {
			if s, ok := sqlsrc.Unwrap(cr.Fields[len(cr.Fields)-1]).(*pg.String); ok && s.Sval == old {
				s.Sval = name
			}
		}
		return true
	})
}

func (r *replayer) renameTable(t *Table, name string) { r.m.rename(t, name) }

// addIndex records an index and, unless one of the same name exists on the
// table already (IF NOT EXISTS), adds it.
func (r *replayer) addIndex(ix *Index) {
	ix.TableName = ix.Table.QualifiedName()
	r.m.IndexDefs = append(r.m.IndexDefs, ix)
	for _, other := range ix.Table.Indexes {
		if other.Name == ix.Name && ix.Name != "" {
			return
		}
	}
	ix.Table.Indexes = append(ix.Table.Indexes, ix)
	// An index on a partitioned table is created on every partition.
	if !ix.Only {
		for _, p := range ix.Table.partitions {
			cp := *ix
			cp.Table, cp.Implicit = p, true
			p.Indexes = append(p.Indexes, &cp)
		}
	}
}

// dropIndex drops the index with the name from the table, or from any
// table when table is nil.
func (r *replayer) dropIndex(schema, name string, table *Table) {
	if table == nil {
		table = r.indexTable(schema, name)
	}
	if table == nil {
		return
	}
	for _, ix := range table.Indexes {
		if ix.Name == name {
			table.Indexes = deleteItem(table.Indexes, ix)
			return
		}
	}
}

// index returns the live index of that name, searching the schema's
// tables (every table for the default search path).
func (r *replayer) index(schema, name string) *Index {
	schema = normalizeSchema(schema)
	for _, t := range r.m.Tables {
		if schema != "" && t.Schema != "" && t.Schema != schema {
			continue
		}
		for _, ix := range t.Indexes {
			if ix.Name == name {
				return ix
			}
		}
	}
	return nil
}

func (r *replayer) renameIndex(schema, old, name string) {
	if ix := r.index(schema, old); ix != nil {
		ix.Name = name
	}
}

// defaultIndexName follows PostgreSQL's ChooseIndexName closely enough to
// match a later DROP INDEX of an unnamed index.
func defaultIndexName(table string, elems []*IndexElem, suffix string) string {
	var parts []string
	for _, e := range elems {
		if e.Column != "" {
			parts = append(parts, e.Column)
		} else {
			parts = append(parts, "expr")
		}
	}
	name := table + "_" + strings.Join(parts, "_") + "_" + suffix
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

// unqualifiedExpr returns a copy of an index expression whose column
// references drop their table qualifiers, so it compares with the same
// expression written in a query as t.data->>'k'.
func unqualifiedExpr(n *pg.Node) *pg.Node {
	if n == nil {
		return nil
	}
	c := proto.Clone(n).(*pg.Node)
	sqlsrc.Walk(c, func(cur *sqlsrc.Cursor) bool {
		if cr, ok := cur.Node().(*pg.ColumnRef); ok && len(cr.Fields) > 1 {
			cr.Fields = cr.Fields[len(cr.Fields)-1:]
		}
		return true
	})
	return c
}
