package schema

import (
	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/sqlsrc"
)

// A Model is the database schema at the end of the migration history,
// with the history that built it and the SQL the repository runs against
// it. It is immutable once the analyzer returns it.
type Model struct {
	// Tables are the tables alive at the end of the history, in creation
	// order.
	Tables []*Table
	// Dropped are tables dropped along the way.
	Dropped []*Table
	// Migrations are the migrations in replay order.
	Migrations []*Migration

	// ColumnDefs lists every column definition and type change, in replay
	// order, from migrations and SQLAlchemy models alike.
	ColumnDefs []*ColumnDef
	// IndexDefs lists every index creation, in replay order, including
	// indexes dropped later.
	IndexDefs []*Index
	// Statements are the SQL statements found in the repository: migration
	// statements (replayed into the model) and the queries of application
	// code and query files.
	Statements []*Statement
	// PyJSON are the JSON operations written with SQLAlchemy expressions in
	// Python (Model.data["k"].astext == v).
	PyJSON []*PyJSONExpr
	// PyMutations are SQLAlchemy Core update(), delete() and
	// insert().on_conflict_do_update() calls.
	PyMutations []*PyMutation
	// Seeds are JSON documents a migration writes: column defaults,
	// inserted literals, op.bulk_insert rows.
	Seeds []*Seed
	// SearchPath is the schema the repository's connection settings put
	// first in search_path (configuredSearchPath): unqualified names are
	// created there and found there first. "" for public.
	SearchPath string
	// Dynamic lists SQL the analyzer could not read: f-strings, string
	// building, EXECUTE of a built string.
	Dynamic []*Dynamic
	// Locks lists the migration operations that lock tables (ALTER TABLE,
	// DROP INDEX, foreign keys), in replay order.
	Locks []*LockOp
	// Concurrent lists the CONCURRENTLY operations of the history.
	Concurrent []*ConcurrentOp
	// SyntaxErrors are the SQL syntax errors met, mapped into their files.
	SyntaxErrors []*pass.SyntaxError
	// OtherDialects counts the files for other databases (MySQL, SQLite,
	// CockroachDB ...) that were skipped: only PostgreSQL is replayed.
	OtherDialects []OtherDialect
	// Domains are the domains the history creates (CREATE DOMAIN), in
	// replay order; a column of a domain has the domain's base type.
	Domains []*Domain

	byName map[string][]*Table
}

// Lookup returns the live table with the given schema and name. An empty
// schema means the default search path: "public" first, then any schema
// holding a single table of that name.
func (m *Model) Lookup(schema, name string) *Table {
	ts := m.byName[name]
	if schema != "" {
		for _, t := range ts {
			if t.Schema == schema || (t.Schema == "" && schema == "public") {
				return t
			}
		}
		return nil
	}
	if m.SearchPath != "" {
		for _, t := range ts {
			if t.Schema == m.SearchPath {
				return t
			}
		}
	}
	for _, t := range ts {
		if t.Schema == "" || t.Schema == "public" {
			return t
		}
	}
	if len(ts) == 1 {
		return ts[0]
	}
	return nil
}

func (m *Model) add(t *Table) {
	if m.byName == nil {
		m.byName = map[string][]*Table{}
	}
	m.Tables = append(m.Tables, t)
	m.byName[t.Name] = append(m.byName[t.Name], t)
}

func (m *Model) remove(t *Table) {
	m.Tables = deleteItem(m.Tables, t)
	m.byName[t.Name] = deleteItem(m.byName[t.Name], t)
	if len(m.byName[t.Name]) == 0 {
		delete(m.byName, t.Name)
	}
}

func (m *Model) rename(t *Table, name string) {
	m.byName[t.Name] = deleteItem(m.byName[t.Name], t)
	t.Name = name
	m.byName[name] = append(m.byName[name], t)
}

func deleteItem[T comparable](s []T, x T) []T {
	for i, y := range s {
		if y == x {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}

// An Origin is where something was written.
type Origin struct {
	pass.Span
	Migration *Migration // the migration it belongs to, nil outside migrations
}

// IsValid reports whether the origin has a position.
func (o Origin) IsValid() bool { return o.Pos().IsValid() }

// A Table is a table of the model.
type Table struct {
	Schema  string // "" when unqualified
	Name    string
	Columns []*Column
	Indexes []*Index
	Created Origin
	// Model is the SQLAlchemy class (or Table() variable) that declares the
	// table when no migration creates it.
	Model string
	// PartitionOf is the partitioned table this one is a partition of: its
	// columns and indexes come from there.
	PartitionOf *Table
	// Partitioned reports a table declared PARTITION BY: split because it
	// is large.
	Partitioned bool
	// DeclaredOnly are the indexes a SQLAlchemy model of the table
	// declares (Index(...) in __table_args__ or at module level) that no
	// migration creates: drift between the models and the migrations.
	DeclaredOnly []*Index

	partitions []*Table
}

// QualifiedName returns schema.name, or name when unqualified.
func (t *Table) QualifiedName() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// Column returns the live column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// GINIndexes returns the live GIN indexes whose elements use the column,
// directly or inside an expression.
func (t *Table) GINIndexes(column string) []*Index {
	var out []*Index
	for _, ix := range t.Indexes {
		if ix.Method != "gin" {
			continue
		}
		for _, e := range ix.Elems {
			if e.Column == column || (e.Expr != nil && refersTo(e.Expr, column)) {
				out = append(out, ix)
				break
			}
		}
	}
	return out
}

func refersTo(n *pg.Node, column string) bool {
	found := false
	sqlsrc.Walk(n, func(c *sqlsrc.Cursor) bool {
		if cr, ok := c.Node().(*pg.ColumnRef); ok {
			if names := sqlsrc.Names(cr.Fields); len(names) > 0 && names[len(names)-1] == column {
				found = true
			}
		}
		return !found
	})
	return found
}

// A Column is a live column.
type Column struct {
	Name  string
	Type  string // canonical lower-case type name: "jsonb", "json", "timestamptz", "int4", "text" ...
	Array bool
	Table *Table
	// Added is where the column was added; Typed where its current type
	// was set (the same place unless the type was altered).
	Added, Typed Origin
	// Retyped reports a type set by ALTER COLUMN ... TYPE after the add.
	Retyped bool
	// Dropped reports a column dropped, alone or with its table.
	Dropped bool
	// Generated is the canonical form (ExprKey) of the expression of a
	// generated column (GENERATED ALWAYS AS (...) STORED), "" otherwise.
	Generated string
}

// Defined returns where the column got its current type: where it was
// altered to it, or else where it was added.
func (c *Column) Defined() Origin {
	if c.Retyped && c.Typed.IsValid() {
		return c.Typed
	}
	return c.Added
}

// IsJSON reports whether the column holds json or jsonb.
func (c *Column) IsJSON() bool { return !c.Array && (c.Type == "jsonb" || c.Type == "json") }

// IsTimestamp reports whether the column holds a point in time.
func (c *Column) IsTimestamp() bool {
	switch c.Type {
	case "timestamptz", "timestamp", "date":
		return !c.Array
	}
	return false
}

// A ColumnDef is one column definition or type change.
type ColumnDef struct {
	Table  string // qualified name as written
	Column string
	Type   string
	Array  bool
	// TypeOrigin spans the written type (the SQL type name, or the
	// SQLAlchemy type expression).
	TypeOrigin Origin
	Origin     Origin
	// Fix replaces the type by its jsonb form when that is mechanical.
	Fix *Edit
	// Via says how the type was written: "sql", "alembic", "sqlalchemy".
	Via string
	// Domain is the domain the column was declared with, when it was:
	// Type and Array are then the domain's base type.
	Domain *Domain

	// col is the column the definition typed; it keeps following it
	// through later renames of the column and its table.
	col *Column
}

// Defines returns the column the definition gave its type, under its name
// at the end of the history (renames followed): nil when no table of the
// model has it (a model's column no migration creates and the model does
// not add).
func (d *ColumnDef) Defines() *Column { return d.col }

// A Domain is a domain created by CREATE DOMAIN: a base type, perhaps
// itself a domain's, with constraints.
type Domain struct {
	Schema, Name string
	Type         string // the base type, domains resolved: "jsonb", "json" ...
	Array        bool
	// TypeOrigin spans the base type as written; Fix turns json into
	// jsonb there.
	TypeOrigin Origin
	Fix        *Edit
}

// Current reports whether the definition still gives a live column its
// type at the end of the history: false when a later migration changed
// the type or dropped the column or its table. Definitions outside
// migrations (models, schema files) are always current.
func (d *ColumnDef) Current() bool {
	if d.Origin.Migration == nil {
		return true
	}
	return d.col != nil && !d.col.Dropped && d.col.Typed == d.TypeOrigin
}

// An Edit replaces [Pos, End) of a file.
type Edit struct {
	pass.Span
	NewText string
}

// An Index is an index of the model.
type Index struct {
	Name  string
	Table *Table
	// TableName is the table's qualified name when the index was created;
	// Table.QualifiedName follows later renames.
	TableName string
	Method    string // "btree", "gin", "gist", "hash", "brin", "spgist"
	Unique    bool
	Elems     []*IndexElem
	Where     *pg.Node // partial-index predicate
	Origin    Origin
	// Concurrent reports CREATE INDEX CONCURRENTLY.
	Concurrent bool
	// Only reports CREATE INDEX ... ON ONLY a partitioned table, which
	// does not reach its partitions.
	Only bool
	// TxReason says why the creation runs inside a transaction block (an
	// explicit BEGIN, or one the migration tool opens); "" when it does not.
	TxReason string
	// NewTable reports that the table was created by the same migration,
	// so it is empty and an ordinary CREATE INDEX locks nothing.
	NewTable bool
	// Implicit marks an index implied by a PRIMARY KEY or UNIQUE constraint
	// or a column flag, rather than created by CREATE INDEX.
	Implicit bool
	// Via says how the index was written: "sql", "alembic", "sqlalchemy".
	Via string
	// Source and Stmt are the SQL the index was created by, when it was
	// SQL; expression locations resolve through them.
	Source *Source
	Stmt   *sqlsrc.Stmt
	// ExprOrigins locates the expression elements written in Python
	// (sa.text("(data->>'k')")), by element index.
	ExprOrigins map[int]Origin
}

// A ConcurrentOp is a CONCURRENTLY operation, which PostgreSQL refuses to
// run inside a transaction block.
type ConcurrentOp struct {
	What     string // "CREATE INDEX CONCURRENTLY", "DROP INDEX CONCURRENTLY", ...
	Origin   Origin
	TxReason string // why it runs in a transaction block; "" when it does not
}

// An IndexElem is one element of an index.
type IndexElem struct {
	Column string // a plain column, or ""
	// Expr is an expression element written in SQL, column references
	// unqualified; nil for a column and for expressions written with
	// SQLAlchemy comparators.
	Expr *pg.Node
	// Key is the canonical form of an expression element (see ExprKey),
	// "" when it is a column or has a shape ExprKey does not read.
	Key string
	// Paths are the JSON extractions in the expression.
	Paths   []JSONPath
	Opclass string // "jsonb_path_ops", "gin_trgm_ops", ...; "" for the default
}

// exprElem makes the index element of an expression.
func exprElem(expr *pg.Node) *IndexElem {
	e := &IndexElem{Expr: unqualifiedExpr(expr)}
	e.Key, _ = ExprKey(e.Expr)
	e.Paths = Extractions(e.Expr)
	return e
}

// Extractions returns the outermost JSON extractions inside an
// expression: for (data->'a'->>'b')::int, the path a.b only.
func Extractions(n *pg.Node) []JSONPath {
	var out []JSONPath
	sqlsrc.Walk(n, func(c *sqlsrc.Cursor) bool {
		switch c.Node().(type) {
		case *pg.A_Expr, *pg.FuncCall:
			if p, ok := JSONPathOf(c.Node()); ok {
				out = append(out, p)
				return false
			}
		}
		return true
	})
	return out
}

// A Migration is one migration file or Alembic revision.
type Migration struct {
	File *pass.File
	// Tool is "flyway", "golang-migrate", "goose", "dbmate", "sql-migrate",
	// "sqitch", "prisma", "diesel", "sql" (plain ordered files) or "alembic".
	Tool string
	// Version is the revision id or the version in the file name.
	Version string
	// Order is the position in the replay order.
	Order int
	// History names the sequence the migration belongs to: its directory
	// (the parent of a Prisma or diesel migration's own; an Alembic
	// versions directory).
	History string
	// NoTransaction reports a migration the tool runs outside a
	// transaction (goose NO TRANSACTION, dbmate transaction:false).
	NoTransaction bool
	// OptOut says how to run a migration of this tool outside a
	// transaction, for tools that open one: "-- +goose NO TRANSACTION".
	OptOut string
}

// A Source is a text of SQL: a .sql file or a string of a Python file.
type Source struct {
	File   *pass.File
	Script *sqlsrc.Script
	// Migration is the migration that runs the SQL, nil for application
	// code and query files.
	Migration *Migration
	// Python reports SQL embedded in a Python string.
	Python bool
	// Call is the Python call that passes the SQL (op.execute, text,
	// cursor.execute ...), for messages.
	Call string
	// Autocommit reports SQL an Alembic migration runs in an
	// autocommit_block.
	Autocommit bool
	// Recurring reports SQL a migration defines rather than runs: the body
	// of a function, which runs whenever it is called.
	Recurring bool

	// offs maps an offset of the Script, minus offBase, to an offset of
	// File; nil when Script offsets are File offsets.
	offs    []int
	offBase int
}

// FileOffset maps an offset of the Script to an offset of the File.
func (s *Source) FileOffset(off int) int {
	if s.offs == nil {
		return off
	}
	off -= s.offBase
	if off < 0 {
		off = 0
	}
	if off >= len(s.offs) {
		off = len(s.offs) - 1
	}
	return s.offs[off]
}

// sub returns a Source for a script parsed from a part of this one (a DO
// block's body), sharing the offset map.
func (s *Source) sub(sc *sqlsrc.Script) *Source {
	c := *s
	c.Script = sc
	return &c
}

// Origin returns the origin of a span of the Script.
func (s *Source) Origin(start, end int) Origin {
	fs, fe := s.FileOffset(start), s.FileOffset(end)
	if fe < fs {
		fe = fs
	}
	return Origin{Span: pass.SpanOf(s.File, fs, fe), Migration: s.Migration}
}

// NodeOrigin returns the origin of a parse-tree node of a statement: from
// its location to the end of the token there.
func (s *Source) NodeOrigin(st *sqlsrc.Stmt, location int32, length int) Origin {
	off := st.Offset(location)
	if off < 0 {
		return s.Origin(st.Start, st.End)
	}
	return s.Origin(off, min(off+length, st.End))
}

// A Statement is one SQL statement of a Source.
type Statement struct {
	Source *Source
	Stmt   *sqlsrc.Stmt
	// Replayed reports DDL applied to the model.
	Replayed bool
	// InTransaction reports a statement inside a transaction block.
	InTransaction bool
}

// Origin returns the statement's origin.
func (s *Statement) Origin() Origin { return s.Source.Origin(s.Stmt.Start, s.Stmt.End) }

// PyJSONOp is a JSON operation written with SQLAlchemy.
type PyJSONOp string

const (
	PyAstext   PyJSONOp = "->>" // col["k"].astext, .as_string(), ...
	PyGet      PyJSONOp = "->"  // col["k"]
	PyContains PyJSONOp = "@>"  // col.contains(...)
	PyHasKey   PyJSONOp = "?"   // col.has_key(...)
	PyHasAny   PyJSONOp = "?|"  // col.has_any(...)
	PyHasAll   PyJSONOp = "?&"  // col.has_all(...)
	PyPathText PyJSONOp = "#>>" // col[("a", "b")].astext
)

// A PyJSONExpr is a JSON operation on a mapped column in Python.
type PyJSONExpr struct {
	Table  *Table
	Column string
	Op     PyJSONOp
	Keys   []string // the path, for extractions
	// Key is the canonical SQL expression SQLAlchemy emits (see ExprKey).
	Key string
	// Filter reports an expression inside filter(), where(), having() or a
	// join condition.
	Filter bool
	// Equality reports a filter that tests the extracted value for
	// equality (==, in_ of values, is_(True), a boolean accessor on its
	// own): the only tests containment (.contains, @>) can express.
	Equality bool
	// Narrowing are the other columns of the table the same filter tests
	// for equality, or the keys of SQL functions of them
	// (func.lower(Model.email) == x gives `lower("email")`): with an
	// index, they find the rows before the JSON test runs.
	Narrowing []string
	// Func is the SQL function func.X(...) applies to the extraction
	// ("lower"), "" for the bare extraction: containment cannot test it.
	Func   string
	Origin Origin
}

// A PyMutation is an UPDATE, DELETE or upsert written with SQLAlchemy.
type PyMutation struct {
	Table  *Table
	Kind   string   // "update", "delete", "upsert"
	Values []string // the columns an update sets, when known
	Origin Origin
}

// A Seed is a JSON document a migration writes.
type Seed struct {
	Table, Column string
	Depth         int // nesting depth of the document
	Origin        Origin
	What          string // "default", "insert", "bulk_insert"
}

// A Dynamic is SQL the analyzer could not read.
type Dynamic struct {
	Origin Origin
	Why    string // "f-string", "string concatenation", "EXECUTE of a built string" ...
	// Interpolated reports an f-string whose interpolations were judged by
	// where they stand: Values stand where a literal would (they could be
	// bound parameters), Fragments are pieces of SQL; names, keywords and
	// module constants are neither. Utility reports a statement that takes
	// no bound parameters (DDL, SET, NOTIFY ...).
	Interpolated      bool
	Values, Fragments []string
	Utility           bool
}
