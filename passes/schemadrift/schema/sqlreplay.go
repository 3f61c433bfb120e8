package schema

import (
	"encoding/json"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// sqlContext is the state of a SQL text being replayed.
type sqlContext struct {
	src *Source
	// replay applies DDL to the model; statements are recorded either way.
	replay bool
	// txReason says why statements run in a transaction block ("" when
	// they do not): an explicit BEGIN, or the migration tool's own.
	txReason string
	// toolTx is the tool's transaction, restored after an explicit COMMIT
	// ends... nothing: a tool transaction outlives the script's own.
	toolTx string
	// searchPath is the schema a SET search_path of the script put first,
	// where its unqualified CREATE, ALTER and DROP go ("" for public);
	// until the script sets one (and after RESET), the connection's own,
	// Model.SearchPath, holds.
	searchPath string
	pathSet    bool
}

// replaySQL records the statements of a source and applies its DDL.
func (r *replayer) replaySQL(ctx *sqlContext, stmts []*sqlsrc.Stmt) {
	if ctx.txReason == "" {
		ctx.txReason = ctx.toolTx
	}
	for _, s := range stmts {
		st := &Statement{Source: ctx.src, Stmt: s, InTransaction: ctx.txReason != ""}
		r.m.Statements = append(r.m.Statements, st)
		if s.Node == nil {
			continue
		}
		switch n := sqlsrc.Unwrap(s.Node).(type) {
		case *pg.TransactionStmt:
			switch n.Kind {
			case pg.TransactionStmtKind_TRANS_STMT_BEGIN, pg.TransactionStmtKind_TRANS_STMT_START:
				if ctx.txReason == "" {
					ctx.txReason = fmt.Sprintf("the transaction opened on line %d", s.Line)
				}
			case pg.TransactionStmtKind_TRANS_STMT_COMMIT, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK:
				ctx.txReason = ctx.toolTx
			}
		case *pg.VariableSetStmt:
			if path, ok := searchPathOf(n); ok {
				ctx.searchPath, ctx.pathSet = path, n.Kind == pg.VariableSetKind_VAR_SET_VALUE
			}
		case *pg.DoStmt:
			r.doBlock(ctx, s, n)
		case *pg.CreateFunctionStmt:
			r.functionBody(ctx, s, n)
		case *pg.InsertStmt:
			if ctx.src.Migration != nil {
				r.seedInsert(ctx.src, s, n)
			}
		case *pg.DropStmt:
			if n.Concurrent && n.RemoveType == pg.ObjectType_OBJECT_INDEX {
				r.concurrent(ctx, s, "DROP INDEX CONCURRENTLY")
			}
		case *pg.ReindexStmt:
			for _, p := range n.Params {
				if d, ok := sqlsrc.Unwrap(p).(*pg.DefElem); ok && d.Defname == "concurrently" {
					r.concurrent(ctx, s, "REINDEX CONCURRENTLY")
				}
			}
		}
		ddl := s
		path := ctx.searchPath
		if !ctx.pathSet {
			path = r.m.SearchPath
		}
		if path != "" {
			// The parse tree is shared (sqlsrc caches it per file): the
			// qualified names go into a copy that only the replay sees.
			cp := *s
			cp.Node = proto.Clone(s.Node).(*pg.Node)
			qualifyDDL(cp.Node, path)
			ddl = &cp
		}
		r.sqlLocks(ctx, ddl)
		if ctx.replay && r.applyDDL(ctx, ddl) {
			st.Replayed = true
		}
	}
}

// searchPathOf reads SET [LOCAL] search_path TO a, b (and RESET): the
// first schema an unqualified name is created in. "$user" is skipped, as
// a migration's role rarely has a schema of its name; pg_catalog is
// searched first whatever the path says, and is skipped too.
func searchPathOf(n *pg.VariableSetStmt) (string, bool) {
	if !strings.EqualFold(n.Name, "search_path") {
		return "", false
	}
	if n.Kind != pg.VariableSetKind_VAR_SET_VALUE {
		return "", true // DEFAULT, RESET: public again
	}
	for _, a := range n.Args {
		v, ok := constText(a)
		if !ok {
			return "", false
		}
		if schema, named := pathHead(v); named {
			return schema, true
		}
	}
	return "", true
}

// pathHead returns the first schema of a search_path list ("$user",
// analytics, public) that holds the tables created with unqualified
// names: "" for public. named is false when the list names none but
// $user and pg_catalog.
func pathHead(list string) (schema string, named bool) {
	for _, name := range strings.Split(list, ",") {
		name = strings.Trim(strings.TrimSpace(name), `"`)
		switch name {
		case "$user", "pg_catalog", "":
			continue
		case "public":
			return "", true
		}
		return name, true
	}
	return "", false
}

// qualifyDDL gives the unqualified table names of a DDL statement the
// schema the script's search_path puts first, where PostgreSQL creates
// and finds them. Queries keep their names: the model resolves those.
func qualifyDDL(n *pg.Node, schema string) {
	qualify := func(rv *pg.RangeVar) {
		if rv != nil && rv.Schemaname == "" {
			rv.Schemaname = schema
		}
	}
	switch st := sqlsrc.Unwrap(n).(type) {
	case *pg.CreateStmt:
		qualify(st.Relation)
		for _, inh := range st.InhRelations {
			if rv, ok := sqlsrc.Unwrap(inh).(*pg.RangeVar); ok {
				qualify(rv)
			}
		}
	case *pg.CreateTableAsStmt:
		if st.Into != nil {
			qualify(st.Into.Rel)
		}
	case *pg.AlterTableStmt:
		qualify(st.Relation)
	case *pg.RenameStmt:
		qualify(st.Relation)
	case *pg.IndexStmt:
		qualify(st.Relation)
	case *pg.AlterObjectSchemaStmt:
		qualify(st.Relation)
	case *pg.DropStmt:
		if st.RemoveType != pg.ObjectType_OBJECT_TABLE && st.RemoveType != pg.ObjectType_OBJECT_INDEX {
			return
		}
		for _, o := range st.Objects {
			if l, ok := sqlsrc.Unwrap(o).(*pg.List); ok && len(l.Items) == 1 {
				l.Items = append([]*pg.Node{pg.MakeStrNode(schema)}, l.Items...)
			}
		}
	}
}

func (r *replayer) concurrent(ctx *sqlContext, s *sqlsrc.Stmt, what string) {
	r.m.Concurrent = append(r.m.Concurrent, &ConcurrentOp{
		What: what, Origin: ctx.src.Origin(s.Start, s.End), TxReason: ctx.txReason,
	})
}

// applyDDL applies a DDL statement to the model and reports whether it
// was one.
func (r *replayer) applyDDL(ctx *sqlContext, s *sqlsrc.Stmt) bool {
	src := ctx.src
	switch n := sqlsrc.Unwrap(s.Node).(type) {
	case *pg.CreateStmt:
		r.sqlCreateTable(src, s, n)
	case *pg.CreateTableAsStmt:
		if n.Into != nil && n.Into.Rel != nil && n.Objtype == pg.ObjectType_OBJECT_TABLE {
			rv := n.Into.Rel
			t := r.createTable(rv.Schemaname, rv.Relname, src.NodeOrigin(s, rv.Location, nameLen(src, s, rv.Location)))
			for _, c := range n.Into.ColNames {
				if name, ok := sqlsrc.StringOf(c); ok {
					r.addColumn(t, &ColumnDef{Column: name, Origin: t.Created, TypeOrigin: t.Created, Via: "sql"})
				}
			}
		}
	case *pg.AlterTableStmt:
		if n.Objtype != pg.ObjectType_OBJECT_TABLE || n.Relation == nil {
			return false
		}
		t := r.table(n.Relation.Schemaname, n.Relation.Relname, src.Origin(s.Start, s.End))
		for _, c := range n.Cmds {
			if cmd, ok := sqlsrc.Unwrap(c).(*pg.AlterTableCmd); ok {
				r.alterCmd(src, s, t, cmd)
			}
		}
	case *pg.RenameStmt:
		r.sqlRename(src, s, n)
	case *pg.AlterObjectSchemaStmt:
		if n.ObjectType == pg.ObjectType_OBJECT_TABLE && n.Relation != nil {
			if t := r.m.Lookup(normalizeSchema(n.Relation.Schemaname), n.Relation.Relname); t != nil {
				t.Schema = n.Newschema
			}
		}
	case *pg.IndexStmt:
		r.sqlIndex(ctx, s, n)
	case *pg.CreateDomainStmt:
		r.sqlDomain(src, s, n)
	case *pg.DropStmt:
		r.sqlDrop(n)
	default:
		return false
	}
	return true
}

func (r *replayer) sqlCreateTable(src *Source, s *sqlsrc.Stmt, n *pg.CreateStmt) {
	rv := n.Relation
	if rv == nil || isPlaceholderName(rv.Relname) {
		return
	}
	at := src.NodeOrigin(s, rv.Location, nameLen(src, s, rv.Location))
	t := r.createTable(rv.Schemaname, rv.Relname, at)
	t.Partitioned = t.Partitioned || n.Partspec != nil
	// Inherited and partition-parent columns come first, as in PostgreSQL.
	for _, inh := range n.InhRelations {
		if prv, ok := sqlsrc.Unwrap(inh).(*pg.RangeVar); ok {
			if parent := r.m.Lookup(normalizeSchema(prv.Schemaname), prv.Relname); parent != nil {
				r.inherit(t, parent, n.Partbound != nil)
				if n.Partbound != nil {
					t.PartitionOf = parent
					parent.partitions = append(parent.partitions, t)
				}
			}
		}
	}
	for _, e := range n.TableElts {
		switch el := sqlsrc.Unwrap(e).(type) {
		case *pg.ColumnDef:
			r.sqlColumn(src, s, t, el, false)
		case *pg.Constraint:
			r.sqlConstraint(src, s, t, el, nil)
		case *pg.TableLikeClause:
			if el.Relation != nil {
				if other := r.m.Lookup(normalizeSchema(el.Relation.Schemaname), el.Relation.Relname); other != nil {
					r.inherit(t, other, el.Options&likeIndexes != 0)
				}
			}
		}
	}
}

// likeIndexes is CREATE_TABLE_LIKE_INDEXES of PostgreSQL's parsenodes.h;
// INCLUDING ALL sets every bit.
const likeIndexes = 1 << 5

// inherit copies a parent's columns and, for partitions and LIKE ...
// INCLUDING INDEXES, its indexes.
func (r *replayer) inherit(t, parent *Table, indexes bool) {
	for _, c := range parent.Columns {
		if t.Column(c.Name) == nil {
			t.Columns = append(t.Columns, &Column{Name: c.Name, Type: c.Type, Array: c.Array, Table: t, Added: t.Created, Typed: t.Created})
		}
	}
	if indexes {
		for _, ix := range parent.Indexes {
			cp := *ix
			cp.Table, cp.Implicit = t, true
			t.Indexes = append(t.Indexes, &cp)
		}
	}
}

// sqlColumn adds a column definition of CREATE TABLE or ALTER TABLE ADD
// COLUMN, with the indexes its constraints imply and its default.
func (r *replayer) sqlColumn(src *Source, s *sqlsrc.Stmt, t *Table, cd *pg.ColumnDef, altered bool) {
	if cd.TypeName == nil {
		return
	}
	def := r.sqlColumnDef(src, s, cd)
	if altered {
		r.alterType(t, def)
		return
	}
	col := r.addColumn(t, def)
	for _, c := range cd.Constraints {
		con, ok := sqlsrc.Unwrap(c).(*pg.Constraint)
		if !ok {
			continue
		}
		switch con.Contype {
		case pg.ConstrType_CONSTR_GENERATED:
			col.Generated, _ = ExprKey(unqualifiedExpr(con.RawExpr))
		case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE:
			r.sqlConstraint(src, s, t, con, []string{cd.Colname})
		case pg.ConstrType_CONSTR_DEFAULT:
			r.seedDefault(src, s, t, cd.Colname, con.RawExpr)
		}
	}
	if cd.RawDefault != nil {
		r.seedDefault(src, s, t, cd.Colname, cd.RawDefault)
	}
}

func (r *replayer) sqlColumnDef(src *Source, s *sqlsrc.Stmt, cd *pg.ColumnDef) *ColumnDef {
	typ, array := TypeOf(cd.TypeName)
	def := &ColumnDef{
		Column: cd.Colname, Type: typ, Array: array, Via: "sql",
		Origin:     src.NodeOrigin(s, cd.Location, nameLen(src, s, cd.Location)),
		TypeOrigin: src.NodeOrigin(s, cd.TypeName.Location, nameLen(src, s, cd.TypeName.Location)),
	}
	if d := r.domains[typ]; d != nil {
		def.Domain, def.Type, def.Array = d, d.Type, array || d.Array
		return def
	}
	def.Fix = jsonFix(src, s, cd.TypeName)
	return def
}

// jsonFix returns the edit that turns a type written json into jsonb, or
// nil when it is written otherwise.
func jsonFix(src *Source, s *sqlsrc.Stmt, tn *pg.TypeName) *Edit {
	if typ, _ := TypeOf(tn); typ != "json" {
		return nil
	}
	off := s.Offset(tn.Location)
	if word := src.Script.Text(sqlsrc.Span{Start: off, End: off + 4}); strings.EqualFold(word, "json") && !identByte(src.Script.Text(sqlsrc.Span{Start: off + 4, End: off + 5})) {
		replacement := "jsonb"
		if word == "JSON" {
			replacement = "JSONB"
		}
		o := src.Origin(off, off+4)
		return &Edit{Span: o.Span, NewText: replacement}
	}
	return nil
}

// sqlDomain records CREATE DOMAIN: the columns declared with the domain
// get its base type, so a domain over jsonb is jsonb to every rule.
func (r *replayer) sqlDomain(src *Source, s *sqlsrc.Stmt, n *pg.CreateDomainStmt) {
	names := sqlsrc.Names(n.Domainname)
	if len(names) == 0 || n.TypeName == nil {
		return
	}
	typ, array := TypeOf(n.TypeName)
	d := &Domain{Name: names[len(names)-1], Type: typ, Array: array,
		TypeOrigin: src.NodeOrigin(s, n.TypeName.Location, nameLen(src, s, n.TypeName.Location))}
	if len(names) > 1 {
		d.Schema = names[len(names)-2]
	}
	if base := r.domains[typ]; base != nil {
		d.Type, d.Array = base.Type, array || base.Array
	} else {
		d.Fix = jsonFix(src, s, n.TypeName)
	}
	r.domains[d.Name] = d
	r.m.Domains = append(r.m.Domains, d)
}

func identByte(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c == '_' || c == '$' || c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// TypeOf returns the canonical name of a SQL type and whether it is an
// array: "jsonb", "json", "int4", "timestamptz", "varchar" ...
func TypeOf(tn *pg.TypeName) (string, bool) {
	if tn == nil {
		return "", false
	}
	names := sqlsrc.Names(tn.Names)
	if len(names) == 0 {
		return "", false
	}
	name := strings.ToLower(names[len(names)-1])
	switch name {
	case "timestamp with time zone":
		name = "timestamptz"
	case "integer", "int":
		name = "int4"
	case "bigint":
		name = "int8"
	}
	return name, len(tn.ArrayBounds) > 0
}

// sqlConstraint adds the index a PRIMARY KEY, UNIQUE or EXCLUDE constraint
// implies; columns are given for a column constraint.
func (r *replayer) sqlConstraint(src *Source, s *sqlsrc.Stmt, t *Table, con *pg.Constraint, columns []string) {
	var method, suffix string
	switch con.Contype {
	case pg.ConstrType_CONSTR_PRIMARY:
		method, suffix = "btree", "pkey"
	case pg.ConstrType_CONSTR_UNIQUE:
		method, suffix = "btree", "key"
	case pg.ConstrType_CONSTR_EXCLUSION:
		method, suffix = con.AccessMethod, "excl"
		if method == "" {
			method = "btree"
		}
	default:
		return
	}
	if columns == nil {
		columns = sqlsrc.Names(con.Keys)
		for _, ex := range con.Exclusions {
			if l, ok := sqlsrc.Unwrap(ex).(*pg.List); ok && len(l.Items) > 0 {
				if el, ok := sqlsrc.Unwrap(l.Items[0]).(*pg.IndexElem); ok && el.Name != "" {
					columns = append(columns, el.Name)
				}
			}
		}
	}
	ix := &Index{Table: t, Method: method, Unique: suffix != "excl", Implicit: true, Via: "sql",
		Origin: src.NodeOrigin(s, con.Location, 1)}
	for _, c := range columns {
		ix.Elems = append(ix.Elems, &IndexElem{Column: c})
	}
	ix.Name = con.Conname
	if ix.Name == "" {
		if suffix == "pkey" {
			ix.Name = t.Name + "_pkey"
		} else {
			ix.Name = defaultIndexName(t.Name, ix.Elems, suffix)
		}
	}
	r.addIndex(ix)
}

func (r *replayer) alterCmd(src *Source, s *sqlsrc.Stmt, t *Table, cmd *pg.AlterTableCmd) {
	switch cmd.Subtype {
	case pg.AlterTableType_AT_AddColumn:
		if cd, ok := sqlsrc.Unwrap(cmd.Def).(*pg.ColumnDef); ok {
			if cmd.MissingOk && t.Column(cd.Colname) != nil {
				return
			}
			r.sqlColumn(src, s, t, cd, false)
		}
	case pg.AlterTableType_AT_DropColumn:
		r.dropColumn(t, cmd.Name)
	case pg.AlterTableType_AT_AlterColumnType:
		if cd, ok := sqlsrc.Unwrap(cmd.Def).(*pg.ColumnDef); ok {
			cd.Colname = cmd.Name
			if cd.Location <= 0 && cd.TypeName != nil {
				cd.Location = cd.TypeName.Location
			}
			r.sqlColumn(src, s, t, cd, true)
		}
	case pg.AlterTableType_AT_AddConstraint:
		if con, ok := sqlsrc.Unwrap(cmd.Def).(*pg.Constraint); ok {
			r.sqlConstraint(src, s, t, con, nil)
		}
	case pg.AlterTableType_AT_DropConstraint:
		r.dropIndex("", cmd.Name, t)
	case pg.AlterTableType_AT_ColumnDefault:
		r.seedDefault(src, s, t, cmd.Name, cmd.Def)
	}
}

func (r *replayer) sqlRename(src *Source, s *sqlsrc.Stmt, n *pg.RenameStmt) {
	rv := n.Relation
	if rv == nil {
		return
	}
	switch n.RenameType {
	case pg.ObjectType_OBJECT_TABLE:
		if t := r.m.Lookup(normalizeSchema(rv.Schemaname), rv.Relname); t != nil {
			r.renameTable(t, n.Newname)
		}
	case pg.ObjectType_OBJECT_COLUMN:
		t := r.table(rv.Schemaname, rv.Relname, src.Origin(s.Start, s.End))
		r.renameColumn(t, n.Subname, n.Newname)
	case pg.ObjectType_OBJECT_INDEX:
		r.renameIndex(rv.Schemaname, rv.Relname, n.Newname)
	case pg.ObjectType_OBJECT_TABCONSTRAINT:
		if t := r.m.Lookup(normalizeSchema(rv.Schemaname), rv.Relname); t != nil {
			for _, ix := range t.Indexes {
				if ix.Name == n.Subname {
					ix.Name = n.Newname
				}
			}
		}
	}
}

func (r *replayer) sqlIndex(ctx *sqlContext, s *sqlsrc.Stmt, n *pg.IndexStmt) {
	rv := n.Relation
	if rv == nil || isPlaceholderName(rv.Relname) {
		return
	}
	src := ctx.src
	origin := src.Origin(s.Start, s.End)
	t := r.table(rv.Schemaname, rv.Relname, origin)
	method := strings.ToLower(n.AccessMethod)
	if method == "" {
		method = "btree"
	}
	ix := &Index{
		Name: n.Idxname, Table: t, Method: method, Unique: n.Unique, Concurrent: n.Concurrent,
		Where: unqualifiedExpr(n.WhereClause), Origin: origin, Via: "sql",
		TxReason: ctx.txReason, Only: !rv.Inh,
		NewTable: src.Migration != nil && t.Created.Migration == src.Migration && !r.isStub(t),
		Source:   src, Stmt: s,
	}
	for _, p := range n.IndexParams {
		el, ok := sqlsrc.Unwrap(p).(*pg.IndexElem)
		if !ok {
			continue
		}
		e := &IndexElem{Column: el.Name}
		if el.Expr != nil {
			e = exprElem(el.Expr)
		}
		if names := sqlsrc.Names(el.Opclass); len(names) > 0 {
			e.Opclass = strings.ToLower(names[len(names)-1])
		}
		ix.Elems = append(ix.Elems, e)
	}
	if ix.Name == "" {
		ix.Name = defaultIndexName(t.Name, ix.Elems, "idx")
	}
	if n.Concurrent {
		r.concurrent(ctx, s, "CREATE INDEX CONCURRENTLY")
	}
	r.addIndex(ix)
}

func (r *replayer) sqlDrop(n *pg.DropStmt) {
	for _, o := range dropTargets(n) {
		schema, name := o[0], o[1]
		switch n.RemoveType {
		case pg.ObjectType_OBJECT_TABLE:
			if t := r.m.Lookup(normalizeSchema(schema), name); t != nil {
				r.dropTable(t)
			}
		case pg.ObjectType_OBJECT_INDEX:
			r.dropIndex(schema, name, nil)
		}
	}
}

// dropTargets returns the schema and name of each object a DROP names.
func dropTargets(n *pg.DropStmt) [][2]string {
	var out [][2]string
	for _, o := range n.Objects {
		if l, ok := sqlsrc.Unwrap(o).(*pg.List); ok {
			if schema, name, ok := sqlsrc.SplitName(l.Items); ok {
				out = append(out, [2]string{schema, name})
			}
		}
	}
	return out
}

// doBlock replays the SQL of a DO block: its statements run when the
// migration does.
func (r *replayer) doBlock(ctx *sqlContext, s *sqlsrc.Stmt, n *pg.DoStmt) {
	var body, lang string
	for _, a := range n.Args {
		d, ok := sqlsrc.Unwrap(a).(*pg.DefElem)
		if !ok {
			continue
		}
		v, _ := sqlsrc.StringOf(d.Arg)
		switch d.Defname {
		case "as":
			body = v
		case "language":
			lang = strings.ToLower(v)
		}
	}
	if body == "" || (lang != "" && lang != "plpgsql") {
		return
	}
	r.block(ctx, s, body, true)
}

// functionBody records the statements of a function body as queries:
// they run when the function is called, not when the migration does.
func (r *replayer) functionBody(ctx *sqlContext, s *sqlsrc.Stmt, n *pg.CreateFunctionStmt) {
	var body, lang string
	for _, o := range n.Options {
		d, ok := sqlsrc.Unwrap(o).(*pg.DefElem)
		if !ok {
			continue
		}
		switch d.Defname {
		case "as":
			if l, ok := sqlsrc.Unwrap(d.Arg).(*pg.List); ok && len(l.Items) == 1 {
				body, _ = sqlsrc.StringOf(l.Items[0])
			}
		case "language":
			lang, _ = sqlsrc.StringOf(d.Arg)
			lang = strings.ToLower(lang)
		}
	}
	if body == "" {
		return
	}
	fn := *ctx.src
	fn.Recurring = true
	switch lang {
	case "plpgsql":
		r.block(&sqlContext{src: &fn}, s, body, false)
	case "sql":
		body, base, ok := locateBody(ctx, s, body)
		if !ok {
			return
		}
		sc := sqlsrc.ParseString(body, base)
		r.recordErrors(fn.sub(sc), sc)
		r.replaySQL(&sqlContext{src: fn.sub(sc)}, sc.Stmts)
	}
}

// locateBody finds a function or DO body in the statement text. The parse
// tree holds the body as pg_query read it, placeholders replaced, so it is
// searched in that text; the original text at the same offsets is
// returned, with its offset in the script.
func locateBody(ctx *sqlContext, s *sqlsrc.Stmt, body string) (string, int, bool) {
	idx := strings.Index(ctx.src.Script.Parsed(s.Span), body)
	if idx < 0 {
		// A body in single quotes with doubled quotes does not appear
		// verbatim; its offsets cannot be mapped.
		return "", 0, false
	}
	base := s.Start + idx
	return ctx.src.Script.Text(sqlsrc.Span{Start: base, End: base + len(body)}), base, true
}

// block parses a PL/pgSQL body found verbatim in the statement (a
// dollar-quoted body) and records or replays its statements.
func (r *replayer) block(ctx *sqlContext, s *sqlsrc.Stmt, body string, replay bool) {
	body, base, ok := locateBody(ctx, s, body)
	if !ok {
		return
	}
	blk := sqlsrc.ParseBlock(body, base)
	sub := ctx.src.sub(blk.Script)
	r.recordErrors(sub, blk.Script)
	inner := *ctx
	inner.src = sub
	inner.replay = replay && ctx.replay
	r.replaySQL(&inner, blk.Script.Stmts)
	// One report per body: its EXECUTEs share a reason and a reviewer.
	if n := len(blk.Dynamic); n > 0 {
		why := "EXECUTE of a command built at run time"
		if n > 1 {
			why = fmt.Sprintf("this body EXECUTEs %d commands built at run time", n)
		}
		d := blk.Dynamic[0]
		r.m.Dynamic = append(r.m.Dynamic, &Dynamic{Origin: sub.Origin(d.Start, d.End), Why: why})
	}
}

// recordErrors maps a script's syntax errors into the source's file.
func (r *replayer) recordErrors(src *Source, sc *sqlsrc.Script) {
	for _, e := range sc.Errors {
		cp := *e
		cp.File = src.File
		cp.Offset = src.FileOffset(e.Offset)
		r.m.SyntaxErrors = append(r.m.SyntaxErrors, &cp)
	}
}

// seedDefault records a JSON document used as a column default.
func (r *replayer) seedDefault(src *Source, s *sqlsrc.Stmt, t *Table, column string, expr *pg.Node) {
	if src.Migration == nil {
		return
	}
	if doc, loc, ok := jsonLiteral(expr); ok {
		if d := JSONDepth(doc); d > 0 {
			r.m.Seeds = append(r.m.Seeds, &Seed{Table: t.QualifiedName(), Column: column, Depth: d, What: "default",
				Origin: src.NodeOrigin(s, loc, literalLen(src, s, loc))})
		}
	}
}

// seedInsert records the JSON documents of an INSERT ... VALUES.
func (r *replayer) seedInsert(src *Source, s *sqlsrc.Stmt, n *pg.InsertStmt) {
	sel, ok := sqlsrc.Unwrap(n.SelectStmt).(*pg.SelectStmt)
	if !ok || n.Relation == nil {
		return
	}
	var cols []string
	for _, c := range n.Cols {
		if rt, ok := sqlsrc.Unwrap(c).(*pg.ResTarget); ok {
			cols = append(cols, rt.Name)
		}
	}
	table := r.m.Lookup(normalizeSchema(n.Relation.Schemaname), n.Relation.Relname)
	for _, row := range sel.ValuesLists {
		l, ok := sqlsrc.Unwrap(row).(*pg.List)
		if !ok {
			continue
		}
		for i, v := range l.Items {
			col := ""
			if i < len(cols) {
				col = cols[i]
			} else if table != nil && i < len(table.Columns) {
				col = table.Columns[i].Name
			}
			doc, loc, ok := jsonLiteral(v)
			if !ok {
				continue
			}
			_, cast := sqlsrc.Unwrap(v).(*pg.TypeCast)
			if !cast && (table == nil || table.Column(col) == nil || !table.Column(col).IsJSON()) {
				continue
			}
			if d := JSONDepth(doc); d > 0 {
				r.m.Seeds = append(r.m.Seeds, &Seed{Table: n.Relation.Relname, Column: col, Depth: d, What: "insert",
					Origin: src.NodeOrigin(s, loc, literalLen(src, s, loc))})
			}
		}
	}
}

// jsonLiteral returns the text of a string constant, or of one cast to
// json or jsonb, that holds a JSON object or array.
func jsonLiteral(n *pg.Node) (string, int32, bool) {
	switch v := sqlsrc.Unwrap(n).(type) {
	case *pg.TypeCast:
		if typ, _ := TypeOf(v.TypeName); typ != "json" && typ != "jsonb" {
			return "", 0, false
		}
		return jsonLiteral(v.Arg)
	case *pg.A_Const:
		s, ok := sqlsrc.StringOf(n)
		t := strings.TrimSpace(s)
		if !ok || t == "" || (t[0] != '{' && t[0] != '[') {
			return "", 0, false
		}
		return s, v.Location, true
	}
	return "", 0, false
}

// JSONDepth returns the nesting depth of a JSON document: 0 for a scalar
// or invalid JSON, 1 for {"a": 1}, 2 for {"a": {"b": 1}}.
func JSONDepth(doc string) int {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return 0
	}
	return valueDepth(v)
}

func valueDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, valueDepth(e))
		}
		return d + 1
	case []any:
		for _, e := range x {
			d = max(d, valueDepth(e))
		}
		return d + 1
	}
	return 0
}

// nameLen returns the length of the (possibly qualified, possibly quoted)
// name written at a statement location.
func nameLen(src *Source, s *sqlsrc.Stmt, loc int32) int {
	off := s.Offset(loc)
	if off < 0 {
		return 0
	}
	text := src.Script.Text(sqlsrc.Span{Start: off, End: min(s.End, off+256)})
	i := 0
	for i < len(text) {
		switch c := text[i]; {
		case c == '"':
			j := strings.IndexByte(text[i+1:], '"')
			if j < 0 {
				return len(text)
			}
			i += j + 2
		case identByte(text[i:i+1]) || c == '.':
			i++
		default:
			return i
		}
	}
	return i
}

// literalLen returns the length of the string literal written at a
// statement location ('...', E'...' or $$...$$).
func literalLen(src *Source, s *sqlsrc.Stmt, loc int32) int {
	off := s.Offset(loc)
	if off < 0 {
		return 0
	}
	if n := sqlsrc.LiteralLen(src.Script.Text(sqlsrc.Span{Start: off, End: s.End})); n > 0 {
		return n
	}
	return 1
}
