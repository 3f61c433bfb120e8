package schema

import (
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/pyindex"
)

// An alembicRev is an Alembic revision module.
type alembicRev struct {
	p        *pyFile
	revision string
	down     []string
	upgrade  []*pyindex.Function
}

// alembicRevision reads the revision identifiers of a module, or returns
// nil when it is not an Alembic revision.
func alembicRevision(p *pyFile) *alembicRev {
	m := p.m
	if m.Imported("alembic") == nil {
		return nil
	}
	rev := moduleString(m, "revision")
	if rev == "" {
		return nil
	}
	r := &alembicRev{p: p, revision: rev}
	if bs := m.Scope.Bindings["down_revision"]; len(bs) > 0 && bs[len(bs)-1].Value != nil {
		v := bs[len(bs)-1].Value.Unparen()
		if s, ok := pyindex.StringValue(v); ok {
			r.down = []string{s}
		} else if v.Type() == "tuple" || v.Type() == "list" {
			for e := range v.NamedChildren() {
				if s, ok := pyindex.StringValue(e); ok {
					r.down = append(r.down, s)
				}
			}
		}
	}
	for _, fn := range m.Functions {
		if fn.Parent == nil && fn.Class == nil && (fn.Name == "upgrade" || strings.HasPrefix(fn.Name, "upgrade_")) {
			r.upgrade = append(r.upgrade, fn)
		}
	}
	return r
}

func moduleString(m *pyindex.Module, name string) string {
	bs := m.Scope.Bindings[name]
	if len(bs) == 0 || bs[len(bs)-1].Value == nil {
		return ""
	}
	s, _ := pyindex.StringValue(bs[len(bs)-1].Value)
	return s
}

// orderAlembic sorts revisions parents first (a topological order of the
// down_revision graph), ties and orphans by path.
func orderAlembic(revs []*alembicRev) []*alembicRev {
	sort.SliceStable(revs, func(i, j int) bool { return revs[i].p.f.Path < revs[j].p.f.Path })
	byID := map[string]*alembicRev{}
	for _, r := range revs {
		byID[r.revision] = r
	}
	pending := map[*alembicRev]int{}
	children := map[*alembicRev][]*alembicRev{}
	for _, r := range revs {
		for _, d := range r.down {
			if parent := byID[d]; parent != nil && parent != r {
				pending[r]++
				children[parent] = append(children[parent], r)
			}
		}
	}
	var out []*alembicRev
	done := map[*alembicRev]bool{}
	for len(out) < len(revs) {
		progressed := false
		for _, r := range revs {
			if done[r] || pending[r] > 0 {
				continue
			}
			done[r] = true
			out = append(out, r)
			progressed = true
			for _, c := range children[r] {
				pending[c]--
			}
			break // restart from the first path so ties keep path order
		}
		if !progressed {
			// A cycle: release the first remaining revision by path.
			for _, r := range revs {
				if !done[r] {
					pending[r] = 0
					break
				}
			}
		}
	}
	return out
}

// alembicCtx replays one revision.
type alembicCtx struct {
	r     *replayer
	w     *pyWorld
	p     *pyFile
	envTx string // "" when env.py turns transactional DDL off
}

const alembicTx = "Alembic runs each migration in a transaction"

// replayAlembic applies the upgrade of a revision.
func (r *replayer) replayAlembic(w *pyWorld, rev *alembicRev, transactional bool) {
	a := &alembicCtx{r: r, w: w, p: rev.p}
	if transactional {
		a.envTx = alembicTx
	}
	fns := map[*pyindex.Function]bool{}
	var visit func(*pyindex.Function)
	visit = func(fn *pyindex.Function) {
		if fn == nil || fns[fn] {
			return
		}
		fns[fn] = true
		for _, c := range fn.Calls {
			visit(c.Target)
		}
	}
	for _, fn := range rev.upgrade {
		visit(fn)
	}
	var calls []*pyindex.Call
	for fn := range fns {
		calls = append(calls, fn.Calls...)
	}
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Node.Start() < calls[j].Node.Start() })
	for _, c := range calls {
		if otherDialectBranch(c.Node) || inExceptHandler(c.Node) {
			// The branch for MySQL or SQLite never runs on PostgreSQL; an
			// except handler runs only when the upgrade failed.
			continue
		}
		a.call(c)
	}
}

func (a *alembicCtx) txReason(c *pyindex.Call) (string, bool) {
	if autocommitAt(c.Node) {
		return "", true
	}
	return a.envTx, false
}

func (a *alembicCtx) origin(n *python.Node) Origin { return a.p.origin(n) }

// opName returns the operation of a call on op or on a batch_op, and the
// batch_alter_table call for the latter.
func (a *alembicCtx) opName(c *pyindex.Call) (string, *pyindex.Call) {
	if strings.HasPrefix(c.Callee, "alembic.op.") {
		return strings.TrimPrefix(c.Callee, "alembic.op."), nil
	}
	if c.Binding != nil && c.Binding.Kind == pyindex.WithBinding && c.Binding.Value != nil {
		if v := c.Binding.Value.Unparen(); v.Type() == "call" {
			if bc := a.p.m.Call(v); bc != nil && strings.HasSuffix(bc.Callee, "batch_alter_table") {
				return c.Method, bc
			}
		}
	}
	return "", nil
}

func (a *alembicCtx) call(c *pyindex.Call) {
	op, batch := a.opName(c)
	if arg, _ := sqlArgOf(c); arg != nil && (op == "execute" || c.Method == "execute" || c.Method == "exec_driver_sql") {
		use := &pySQLUse{call: c, sure: true}
		use.toolTx, use.autocommit = a.txReason(c)
		dyn := a.p.sqlValue(arg.Value, use, false, 0, a.emitSQL)
		a.r.m.Dynamic = append(a.r.m.Dynamic, dyn...)
		return
	}
	if op == "" {
		return
	}
	// Arguments shift left by one in batch mode, where the table is the
	// batch's.
	shift := 0
	var table *Table
	schema := a.str(c.Keyword("schema"))
	if batch != nil {
		shift = 1
		schema = a.str(batch.Keyword("schema"))
	}
	if schema == "" {
		schema = a.r.m.SearchPath // where the connection creates unqualified tables
	}
	if batch != nil {
		if name := a.str(batch.Arg(0, "table_name")); name != "" {
			table = a.r.table(schema, name, a.origin(batch.Node))
		}
	}
	tableArg := func(i int, kw string) *Table {
		if batch != nil {
			return table
		}
		name := a.str(c.Arg(i, kw))
		if name == "" {
			return nil
		}
		return a.r.table(schema, name, a.origin(c.Node))
	}
	a.locks(c, op, batch != nil, table, schema, tableArg)
	switch op {
	case "create_table":
		a.createTable(c, schema)
	case "drop_table":
		if name := a.str(c.Arg(0, "table_name")); name != "" {
			if t := a.r.m.Lookup(normalizeSchema(schema), name); t != nil {
				a.r.dropTable(t)
			}
		}
	case "rename_table":
		old, name := a.str(c.Arg(0, "old_table_name")), a.str(c.Arg(1, "new_table_name"))
		if t := a.r.m.Lookup(normalizeSchema(schema), old); t != nil && name != "" {
			a.r.renameTable(t, name)
		}
	case "add_column":
		t := tableArg(0, "table_name")
		col := c.Arg(1-shift, "column")
		if t == nil || col == nil {
			return
		}
		if cc := a.p.m.Call(col.Value.Unparen()); cc != nil {
			a.column(t, cc, "")
		}
	case "drop_column":
		if t := tableArg(0, "table_name"); t != nil {
			a.r.dropColumn(t, a.str(c.Arg(1-shift, "column_name")))
		}
	case "alter_column":
		a.alterColumn(c, tableArg(0, "table_name"), shift)
	case "create_index":
		a.createIndex(c, tableArg(1, "table_name"), shift, schema)
	case "drop_index":
		name := a.str(c.Arg(0, "index_name"))
		var t *Table
		if batch != nil {
			t = table
		} else if tn := a.str(c.Keyword("table_name")); tn != "" {
			t = a.r.m.Lookup(normalizeSchema(schema), tn)
		} else if tn := a.str(c.Positional(1)); tn != "" {
			t = a.r.m.Lookup(normalizeSchema(schema), tn)
		}
		a.r.dropIndex(schema, name, t)
	case "create_unique_constraint", "create_primary_key":
		t := tableArg(1, "table_name")
		if t == nil {
			return
		}
		ix := &Index{Name: a.str(c.Arg(0, "constraint_name")), Table: t, Method: "btree", Unique: true, Implicit: true,
			Via: "alembic", Origin: a.origin(c.Node)}
		for _, col := range a.strings(c.Arg(2-shift, "columns")) {
			ix.Elems = append(ix.Elems, &IndexElem{Column: col})
		}
		a.r.addIndex(ix)
	case "drop_constraint":
		if t := tableArg(1, "table_name"); t != nil {
			a.r.dropIndex("", a.str(c.Arg(0, "constraint_name")), t)
		}
	case "bulk_insert":
		a.bulkInsert(c)
	}
}

func (a *alembicCtx) emitSQL(src *Source, use *pySQLUse) {
	a.r.recordErrors(src, src.Script)
	tx := use.toolTx
	if tx == "" && !use.autocommit && len(src.Script.Stmts) > 1 {
		tx = "a multi-statement string runs as one implicit transaction"
	}
	a.r.replaySQL(&sqlContext{src: src, replay: true, toolTx: tx}, src.Script.Stmts)
}

// str returns the string an argument holds: a literal, op.f("name"), or
// a module constant.
func (a *alembicCtx) str(arg *pyindex.Arg) string {
	if arg == nil {
		return ""
	}
	return a.p.strValue(arg.Value, 0)
}

func (p *pyFile) strValue(n *python.Node, depth int) string {
	if n == nil || depth > 3 {
		return ""
	}
	n = n.Unparen()
	if s, ok := pyindex.StringValue(n); ok {
		return s
	}
	switch n.Type() {
	case "call":
		// op.f("ix_name"), conv("name"), quoted_name("name", ...)
		if c := p.m.Call(n); c != nil && (c.Method == "f" || c.Method == "conv" || c.Method == "quoted_name") {
			if arg := c.Positional(0); arg != nil {
				return p.strValue(arg.Value, depth+1)
			}
		}
	case "identifier":
		if b := p.m.Lookup(n.Text(), n); b != nil && b.Kind == pyindex.AssignBinding && b.Value != nil {
			return p.strValue(b.Value, depth+1)
		}
	case "attribute":
		// Model.__tablename__ and the like are not followed.
	}
	return ""
}

func (a *alembicCtx) strings(arg *pyindex.Arg) []string {
	if arg == nil {
		return nil
	}
	v := arg.Value.Unparen()
	if s := a.p.strValue(v, 0); s != "" {
		return []string{s}
	}
	var out []string
	if v.Type() == "list" || v.Type() == "tuple" {
		for e := range v.NamedChildren() {
			if s := a.p.strValue(e, 0); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func (a *alembicCtx) createTable(c *pyindex.Call, schema string) {
	nameArg := c.Arg(0, "table_name")
	name := a.str(nameArg)
	if name == "" {
		return
	}
	t := a.r.createTable(schema, name, a.origin(nameArg.Value))
	for _, arg := range c.Args {
		if arg.Keyword != "" || arg.Star != "" || arg.Index == 0 {
			continue
		}
		cc := a.p.m.Call(arg.Value.Unparen())
		if cc == nil {
			continue
		}
		switch last(cc.Callee, cc.Method) {
		case "Column":
			a.column(t, cc, "")
		case "PrimaryKeyConstraint", "UniqueConstraint":
			ix := &Index{Table: t, Method: "btree", Unique: true, Implicit: true, Via: "alembic", Origin: a.origin(cc.Node)}
			for _, ca := range cc.Args {
				if ca.Keyword == "" && ca.Star == "" {
					if s := a.p.strValue(ca.Value, 0); s != "" {
						ix.Elems = append(ix.Elems, &IndexElem{Column: s})
					}
				}
			}
			ix.Name = a.str(cc.Keyword("name"))
			a.r.addIndex(ix)
		}
	}
}

func last(callee, method string) string {
	if callee != "" {
		return callee[strings.LastIndexByte(callee, '.')+1:]
	}
	return method
}

// column adds the column a sa.Column(...) call defines to t.
func (a *alembicCtx) column(t *Table, cc *pyindex.Call, attrName string) {
	pc := a.w.column(a.p, cc, attrName)
	if pc == nil || pc.name == "" {
		return
	}
	def := pc.def(a.p, "alembic")
	a.r.addColumn(t, def)
	if pc.primary || pc.unique || pc.index {
		ix := &Index{Table: t, Method: "btree", Unique: pc.primary || pc.unique, Implicit: pc.primary || pc.unique,
			Via: "alembic", Origin: a.origin(cc.Node), NewTable: t.Created.Migration == a.p.mig}
		ix.Elems = []*IndexElem{{Column: pc.name}}
		ix.Name = "ix_" + t.Name + "_" + pc.name
		a.r.addIndex(ix)
	}
	if pc.serverDefault != nil {
		a.seedDefault(t, pc)
	}
}

func (a *alembicCtx) seedDefault(t *Table, pc *pyColumn) {
	if pc.typ.name != "json" && pc.typ.name != "jsonb" {
		return
	}
	if lt, ok := literalText(pc.serverDefault.Unparen()); ok && lt.dynamic == "" {
		doc := strings.TrimSpace(lt.value)
		doc = strings.TrimSuffix(strings.TrimSuffix(doc, "::jsonb"), "::json")
		doc = strings.Trim(doc, "'")
		if d := JSONDepth(doc); d > 0 {
			a.r.m.Seeds = append(a.r.m.Seeds, &Seed{Table: t.QualifiedName(), Column: pc.name, Depth: d, What: "default", Origin: a.origin(pc.serverDefault)})
		}
	}
}

func (a *alembicCtx) alterColumn(c *pyindex.Call, t *Table, shift int) {
	if t == nil {
		return
	}
	col := a.str(c.Arg(1-shift, "column_name"))
	if col == "" {
		return
	}
	if tn := c.Keyword("type_"); tn != nil {
		typ := a.w.typeOf(a.p.m, tn.Value, 0)
		def := &ColumnDef{Column: col, Type: typ.name, Array: typ.array, Via: "alembic",
			Origin: a.origin(c.Node), TypeOrigin: a.origin(tn.Value)}
		def.Fix = typ.edit(a.p)
		a.r.alterType(t, def)
	}
	if nn := a.str(c.Keyword("new_column_name")); nn != "" {
		a.r.renameColumn(t, col, nn)
	}
}

// createIndex replays op.create_index and batch_op.create_index.
func (a *alembicCtx) createIndex(c *pyindex.Call, t *Table, shift int, schema string) {
	if t == nil {
		return
	}
	ix := &Index{Name: a.str(c.Arg(0, "index_name")), Table: t, Method: "btree", Via: "alembic", Origin: a.origin(c.Node),
		ExprOrigins: map[int]Origin{}}
	if u := c.Keyword("unique"); u != nil && u.Value.Text() == "True" {
		ix.Unique = true
	}
	if m := a.str(c.Keyword("postgresql_using")); m != "" {
		ix.Method = strings.ToLower(m)
	}
	if cc := c.Keyword("postgresql_concurrently"); cc != nil && cc.Value.Text() == "True" {
		ix.Concurrent = true
	}
	tx, autocommit := a.txReason(c)
	if !autocommit {
		ix.TxReason = tx
	}
	ix.NewTable = a.p.mig != nil && t.Created.Migration == a.p.mig && !a.r.isStub(t)
	ops := postgresqlOps(c)
	if cols := c.Arg(2-shift, "columns"); cols != nil {
		v := cols.Value.Unparen()
		elems := []*python.Node{v}
		if v.Type() == "list" || v.Type() == "tuple" {
			elems = nil
			for e := range v.NamedChildren() {
				elems = append(elems, e)
			}
		}
		for _, e := range elems {
			el := a.indexElem(e)
			if el == nil {
				continue
			}
			if el.Column != "" {
				el.Opclass = ops[el.Column]
			}
			if el.Expr != nil {
				ix.ExprOrigins[len(ix.Elems)] = a.origin(e)
			}
			ix.Elems = append(ix.Elems, el)
		}
	}
	if w := c.Keyword("postgresql_where"); w != nil {
		ix.Where = a.sqlExpr(w.Value, "SELECT 1 WHERE ")
	}
	if ix.Name == "" {
		ix.Name = defaultIndexName(t.Name, ix.Elems, "idx")
	}
	if ix.Concurrent {
		a.r.m.Concurrent = append(a.r.m.Concurrent, &ConcurrentOp{What: "create_index(postgresql_concurrently=True)", Origin: ix.Origin, TxReason: ix.TxReason})
	}
	a.r.addIndex(ix)
}

// indexElem reads one element of an Alembic index: a column name, or an
// expression in sa.text() or a string with parentheses or operators.
func (a *alembicCtx) indexElem(e *python.Node) *IndexElem {
	e = e.Unparen()
	if s, ok := pyindex.StringValue(e); ok {
		if strings.ContainsAny(s, "( ") || strings.Contains(s, "->") {
			if expr := a.sqlExpr(e, "SELECT "); expr != nil {
				return exprElem(expr)
			}
		}
		return &IndexElem{Column: s}
	}
	if e.Type() == "call" {
		if expr := a.sqlExpr(e, "SELECT "); expr != nil {
			return exprElem(expr)
		}
	}
	return nil
}

// sqlExpr parses the SQL expression a Python value holds (a string, or
// sa.text("...")) by prefixing it to make a statement; locations map to
// the Python literal.
func (a *alembicCtx) sqlExpr(n *python.Node, prefix string) *pg.Node {
	n = n.Unparen()
	if n.Type() == "call" {
		if c := a.p.m.Call(n); c != nil && (isTextCall(c) || c.Method == "literal_column") {
			if arg := c.Positional(0); arg != nil {
				n = arg.Value.Unparen()
			}
		}
	}
	lt, ok := literalText(n)
	if !ok || lt.dynamic != "" {
		return nil
	}
	sc := sqlsrc.ParseString(prefix+lt.value, 0)
	if len(sc.Stmts) != 1 || sc.Stmts[0].Node == nil {
		return nil
	}
	sel, ok := sqlsrc.Unwrap(sc.Stmts[0].Node).(*pg.SelectStmt)
	if !ok {
		return nil
	}
	if strings.Contains(prefix, "WHERE") {
		return sel.WhereClause
	}
	if len(sel.TargetList) == 1 {
		if rt, ok := sqlsrc.Unwrap(sel.TargetList[0]).(*pg.ResTarget); ok {
			return rt.Val
		}
	}
	return nil
}

// bulkInsert records the nested JSON documents of op.bulk_insert rows.
func (a *alembicCtx) bulkInsert(c *pyindex.Call) {
	rows := c.Arg(1, "rows")
	if rows == nil {
		return
	}
	table := ""
	if t := c.Arg(0, "table"); t != nil {
		v := t.Value.Unparen()
		if v.Type() == "identifier" {
			if b := a.p.m.Lookup(v.Text(), v); b != nil && b.Value != nil {
				v = b.Value.Unparen()
			}
		}
		if tc := a.p.m.Call(v); tc != nil {
			table = a.str(tc.Positional(0))
		}
	}
	list := rows.Value.Unparen()
	if list.Type() != "list" && list.Type() != "tuple" {
		return
	}
	for row := range list.NamedChildren() {
		if row.Type() != "dictionary" {
			continue
		}
		for pair := range row.NamedChildren() {
			if pair.Type() != "pair" {
				continue
			}
			key, _ := pyindex.StringValue(pair.ChildByField("key"))
			v := pair.ChildByField("value")
			if d := pyLiteralDepth(v); d > 0 {
				a.r.m.Seeds = append(a.r.m.Seeds, &Seed{Table: table, Column: key, Depth: d, What: "bulk_insert", Origin: a.origin(v)})
			}
		}
	}
}

// pyLiteralDepth returns the nesting depth of a dict or list literal, as
// JSONDepth does for JSON text; a string holding JSON counts too.
func pyLiteralDepth(n *python.Node) int {
	if n == nil {
		return 0
	}
	n = n.Unparen()
	switch n.Type() {
	case "dictionary", "list", "tuple":
		d := 0
		for c := range n.NamedChildren() {
			if c.Type() == "pair" {
				d = max(d, pyLiteralDepth(c.ChildByField("value")))
			} else {
				d = max(d, pyLiteralDepth(c))
			}
		}
		return d + 1
	case "string":
		if s, ok := pyindex.StringValue(n); ok {
			return JSONDepth(s)
		}
	}
	return 0
}

// inExceptHandler reports whether a node sits in an except clause of its
// function.
func inExceptHandler(n *python.Node) bool {
	for a := range n.Ancestors() {
		switch a.Type() {
		case "except_clause", "except_group_clause":
			return true
		case "function_definition", "class_definition", "module":
			return false
		}
	}
	return false
}

// locks records an operation that locks an existing table (SCHEMA403-405).
// Batch operations name the table in batch_alter_table.
func (a *alembicCtx) locks(c *pyindex.Call, op string, batch bool, batchTable *Table, schema string, tableArg func(int, string) *Table) {
	kind, ok := alembicLockOps[op]
	if !ok || a.p.mig == nil {
		return
	}
	o := a.origin(c.Node)
	o.Migration = a.p.mig
	what := "op." + op
	if batch {
		what = "batch_op." + op
	}
	var t *Table
	switch {
	case batch:
		t = batchTable
	case op == "drop_index":
		if tn := a.str(c.Keyword("table_name")); tn != "" {
			t = a.r.m.Lookup(normalizeSchema(schema), tn)
		} else {
			t = a.r.indexTable(schema, a.str(c.Arg(0, "index_name")))
		}
	case op == "create_foreign_key", op == "create_unique_constraint", op == "create_primary_key",
		op == "create_check_constraint", op == "drop_constraint":
		kw := "table_name"
		if op == "create_foreign_key" {
			kw = "source_table"
		}
		t = a.lookup(schema, a.str(c.Arg(1, kw)))
	default:
		t = a.lookup(schema, a.str(c.Arg(0, "table_name")))
	}
	lop := a.r.lockOp(o, kind, what, t, kind != LockForeignKey)
	if lop == nil {
		return
	}
	switch kind {
	case LockDropIndex:
		lop.Concurrent = isTrue(c.Keyword("postgresql_concurrently"))
		lop.AccessExclusive = !lop.Concurrent
	case LockForeignKey:
		lop.NotValid = isTrue(c.Keyword("postgresql_not_valid"))
	}
}

// lookup finds a live table without making a stub of an unknown one.
func (a *alembicCtx) lookup(schema, name string) *Table {
	if name == "" {
		return nil
	}
	return a.r.m.Lookup(normalizeSchema(schema), name)
}

func isTrue(arg *pyindex.Arg) bool { return arg != nil && arg.Value.Text() == "True" }
