package schema

import (
	"path"
	"reflect"
	"regexp"
	"sort"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/pyindex"
)

// Analyzer replays the repository's migrations into a schema Model. It
// reports nothing; passes Require it and read the *Model result.
var Analyzer = &acr.Analyzer{
	Name: "schema",
	Doc: "replay SQL and Alembic migrations into a schema model\n\n" +
		"schema is a helper analyzer: it reports nothing. It reads raw SQL migrations (Flyway, golang-migrate, " +
		"goose, dbmate, sql-migrate, sqitch, Prisma, diesel and plain ordered files), Alembic revisions in " +
		"down_revision order and SQLAlchemy models, replays them into tables, columns, types and indexes, and " +
		"collects the SQL the repository runs (query files, text(), execute(), fetch*() strings) for the passes " +
		"that Require it.",
	Kinds:        []pass.Kind{pass.SQL, pass.Python},
	KindTriggers: map[pass.Kind][]string{pass.Python: PythonTriggers},
	Requires:     []*acr.Analyzer{pyindex.Analyzer},
	Run:          run,
	ResultType:   reflect.TypeFor[*Model](),
}

// PythonTriggers are the byte strings a Python file must hold to be read:
// only modules that can hold migrations, models or SQL are parsed. A pass
// that Requires the schema should trigger on them too, since a helper
// reads what its dependents read.
var PythonTriggers = []string{"alembic", "sqlalchemy", "sqlmodel", "psycopg", "asyncpg", "aiopg", "pg8000", "databases", "read_sql"}

var transactionalDDLOff = regexp.MustCompile(`transactional_ddl\s*=\s*False`)

func run(p *acr.Pass) (any, error) {
	ix, _ := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
	var sqlFiles, pyFiles []*pass.File
	for _, f := range p.Files {
		switch f.Kind {
		case pass.SQL:
			sqlFiles = append(sqlFiles, f)
		case pass.Python:
			pyFiles = append(pyFiles, f)
		}
	}
	// Parse and classify in parallel; everything after is ordered and
	// sequential. Files of the test suite and of other databases are
	// never parsed.
	plan := p.Plan.WithDefaults()
	dl := newDialects(p.Repo, plan.SQLDialects)
	other := map[string][]string{}
	keepSQL := sqlFiles[:0]
	for _, f := range sqlFiles {
		if skipRole(f.Path, plan.Tests) {
			continue
		}
		if d, _ := dl.of(f.Path); d != PostgreSQL {
			other[d] = append(other[d], f.Path)
			continue
		}
		keepSQL = append(keepSQL, f)
	}
	keepPy := pyFiles[:0]
	for _, f := range pyFiles {
		if skipRole(f.Path, plan.Tests) {
			continue
		}
		if d := dirDialect(f.Path); d != "" && d != PostgreSQL {
			other[d] = append(other[d], f.Path)
			continue
		}
		keepPy = append(keepPy, f)
	}
	sqlFiles, pyFiles = keepSQL, keepPy
	plans := sqitchPlans(p.Repo)
	classified := make([]*sqlFile, len(sqlFiles))
	modules := make([]*pyindex.Module, len(pyFiles))
	pos := map[*pass.File]int{}
	for i, f := range sqlFiles {
		pos[f] = i
	}
	for i, f := range pyFiles {
		pos[f] = i
	}
	syntaxOf := make([]string, len(sqlFiles))
	p.ForEachFile(sqlFiles, func(f *pass.File) {
		classified[pos[f]], syntaxOf[pos[f]] = classify(p.Repo, plans, dl, f)
	})
	for i, d := range syntaxOf {
		if d != "" {
			other[d] = append(other[d], sqlFiles[i].Path)
		}
	}
	if ix != nil {
		p.ForEachFile(pyFiles, func(f *pass.File) {
			modules[pos[f]], _ = ix.Module(f)
		})
	}
	if d := repositoryDialect(modules); d != "" && !configuresPostgreSQL(plan.SQLDialects) {
		// The repository's Python talks to another database: its Alembic
		// revisions and models are that database's history.
		for _, f := range pyFiles {
			other[d] = append(other[d], f.Path)
		}
		pyFiles, modules = nil, nil
	}
	m := build(p.Repo, ix, classified, pyFiles, modules)
	m.OtherDialects = otherDialectSummary(other)
	return m, nil
}

// skipRole reports whether a file belongs to the test suite, benchmarks or
// examples, whose SQL never runs against the product's database.
func skipRole(p string, tests []string) bool {
	switch role.Of(p, tests) {
	case role.Test, role.Benchmark, role.Example:
		return true
	}
	return false
}

// classify parses a SQL file and tells what it is (a migration of which
// tool, a seed, a query file); nil when the file is skipped. A file nothing
// names the database of, that PostgreSQL cannot parse and that is written
// in another database's syntax, is skipped as that database's: its
// dialect is returned.
func classify(repo *pass.Repo, plans map[string]map[string]int, dl *dialects, f *pass.File) (*sqlFile, string) {
	sc, _ := sqlsrc.Parse(f)
	if sc == nil {
		return nil, ""
	}
	_, explicit := dl.of(f.Path)
	if len(sc.Errors) > 0 && !explicit {
		if d := syntaxDialect(sc.Src); d != "" {
			return nil, d
		}
	}
	sf := classifySQL(f, sc, sqitchOrderFor(plans, f.Path), repo)
	if sf != nil {
		sf.explicitDialect = explicit
	}
	return sf, ""
}

// build replays everything into a Model: SQL migrations, Alembic
// revisions, SQLAlchemy models, then the other SQL files and the SQL of
// application code, which run against the migrated schema.
func build(repo *pass.Repo, ix *pyindex.Index, classified []*sqlFile, pyFiles []*pass.File, modules []*pyindex.Module) *Model {
	r := newReplayer()
	w := &pyWorld{repo: repo, index: ix}

	var migs, others []*sqlFile
	for _, sf := range dropOverridden(classified) {
		if sf == nil {
			continue
		}
		r.m.SyntaxErrors = append(r.m.SyntaxErrors, sf.errs...)
		if sf.mig != nil {
			migs = append(migs, sf)
		} else {
			others = append(others, sf)
		}
	}
	orderSQL(migs)

	var pys []*pyFile
	var revs []*alembicRev
	transactional := true
	for i, f := range pyFiles {
		m := modules[i]
		if m == nil {
			continue
		}
		pf := &pyFile{f: f, m: m}
		if path.Base(f.Path) == "env.py" {
			if transactionalDDLOff.Match(f.Content()) {
				transactional = false
			}
			if envTimeoutIn(f.Content()) {
				r.envTimeout = true
			}
		}
		if rev := alembicRevision(pf); rev != nil {
			pf.rev = rev
			revs = append(revs, rev)
		}
		pys = append(pys, pf)
	}
	revs = orderAlembic(revs)
	r.m.SearchPath = configuredSearchPath(pys)
	modelSchema := metadataSchema(pys)

	order := 0
	for _, sf := range migs {
		sf.mig.Order = order
		sf.mig.History = sf.set
		order++
		r.m.Migrations = append(r.m.Migrations, sf.mig)
		src := &Source{File: sf.f, Script: sf.script, Migration: sf.mig}
		r.replaySQL(&sqlContext{src: src, replay: true, toolTx: sf.toolTx}, sf.upStatements())
	}
	for _, rev := range revs {
		mig := &Migration{File: rev.p.f, Tool: "alembic", History: path.Dir(rev.p.f.Path), Version: rev.revision, Order: order,
			OptOut: "with op.get_context().autocommit_block():", NoTransaction: !transactional}
		order++
		rev.p.mig = mig
		r.m.Migrations = append(r.m.Migrations, mig)
		r.replayAlembic(w, rev, transactional)
	}

	// SQLAlchemy models declare what migrations did not create.
	classes := map[string]*Table{}
	for _, pf := range pys {
		for _, pm := range w.models(pf) {
			if pm.schema == "" {
				pm.schema = modelSchema
			}
			if pm.schema == "" {
				pm.schema = r.m.SearchPath // create_all makes it there
			}
			r.replayModel(w, pm, classes)
		}
	}

	for _, sf := range others {
		src := &Source{File: sf.f, Script: sf.script}
		r.replaySQL(&sqlContext{src: src, replay: true}, sf.up)
	}
	for _, pf := range pys {
		if pf.rev != nil {
			continue
		}
		dyn := pf.collectSQL(pf.m.Calls, nil, func(src *Source, use *pySQLUse) {
			if len(src.Script.Errors) > 0 {
				// Application strings may be SQL for another database
				// (SQLite PRAGMAs, MySQL backticks): not ours to judge.
				// Migrations and .sql files report their syntax errors.
				return
			}
			r.recordErrors(src, src.Script)
			tx := ""
			if len(src.Script.Stmts) > 1 {
				tx = "a multi-statement string runs as one implicit transaction"
			}
			r.replaySQL(&sqlContext{src: src, replay: true, toolTx: tx}, src.Script.Stmts)
		})
		r.m.Dynamic = append(r.m.Dynamic, dyn...)
	}
	for _, pf := range pys {
		r.pyExpressions(pf, classes)
	}
	sort.SliceStable(r.m.SyntaxErrors, func(i, j int) bool {
		a, b := r.m.SyntaxErrors[i], r.m.SyntaxErrors[j]
		if a.File.Path != b.File.Path {
			return a.File.Path < b.File.Path
		}
		return a.Offset < b.Offset
	})
	return r.m
}

// replayModel adds a model's table when no migration created it, and
// records its column definitions either way.
func (r *replayer) replayModel(w *pyWorld, pm *pyModel, classes map[string]*Table) {
	existing := r.m.Lookup(normalizeSchema(pm.schema), pm.table)
	t := existing
	if t == nil {
		at := pm.p.origin(pm.node)
		if cl := pm.node.ChildByField("name"); cl != nil {
			at = pm.p.origin(cl)
		}
		t = r.createTable(pm.schema, pm.table, at)
		t.Model = pm.name
	}
	if pm.name != "" {
		if _, dup := classes[pm.name]; dup {
			classes[pm.name] = nil // ambiguous: two models of that name
		} else {
			classes[pm.name] = t
		}
	}
	for _, pc := range pm.columns {
		if pc.name == "" {
			continue
		}
		def := pc.def(pm.p, "sqlalchemy")
		if existing != nil {
			def.Table = t.QualifiedName()
			def.col = t.Column(def.Column)
			r.m.ColumnDefs = append(r.m.ColumnDefs, def)
			continue
		}
		r.addColumn(t, def)
		if pc.index || pc.unique || pc.primary {
			r.addIndex(&Index{Name: "ix_" + t.Name + "_" + pc.name, Table: t, Method: "btree", Unique: pc.unique || pc.primary,
				Implicit: true, Via: "sqlalchemy", Origin: pm.p.origin(pc.call.Node), Elems: []*IndexElem{{Column: pc.name}}})
		}
	}
	for _, c := range pm.indexes {
		ix := w.modelIndex(r, pm, t, c)
		switch {
		case existing == nil:
			r.addIndex(ix)
		case !hasSameIndex(t, ix):
			// The model declares an index the migrations never create:
			// the database the migrations build lacks it.
			t.DeclaredOnly = append(t.DeclaredOnly, ix)
		}
	}
}

// hasSameIndex reports whether the table has, at the end of the history,
// an index of that name or one with the same method and elements.
func hasSameIndex(t *Table, ix *Index) bool {
	for _, other := range t.Indexes {
		if ix.Name != "" && other.Name == ix.Name {
			return true
		}
		if other.Method != ix.Method || len(other.Elems) != len(ix.Elems) {
			continue
		}
		same := true
		for i, e := range ix.Elems {
			o := other.Elems[i]
			if e.Column != o.Column || e.Key != o.Key {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// pyExpressions records the JSON comparators and the writes a module
// expresses with SQLAlchemy, on tables the models map.
func (r *replayer) pyExpressions(pf *pyFile, classes map[string]*Table) {
	if pf.m.Imported("sqlalchemy") == nil && pf.m.Imported("sqlmodel") == nil && len(classes) == 0 {
		return
	}
	tree := pf.m.Tree
	for i := 0; i < tree.Len(); i++ {
		n := tree.Node(i)
		switch n.Type() {
		case "attribute", "call", "subscript":
		default:
			continue
		}
		ref := jsonExprOf(n)
		if ref == nil {
			continue
		}
		t := classes[modelName(pf.m, ref.model)]
		if t == nil {
			continue
		}
		c := t.Column(ref.column)
		if c == nil || !c.IsJSON() {
			continue
		}
		r.m.PyJSON = append(r.m.PyJSON, &PyJSONExpr{Table: t, Column: ref.column, Op: ref.op, Keys: ref.keys(),
			Key: ref.key(), Filter: inFilter(ref.node), Equality: ref.equalityTest(), Narrowing: equalityColumns(ref),
			Func: ref.funcName(), Origin: pf.origin(ref.node)})
	}
	for _, c := range pf.m.Calls {
		target, kind, values := mutationOf(pf.m, c)
		if target == nil {
			continue
		}
		name := modelName(pf.m, target)
		t := classes[name]
		if t == nil {
			// A Table() object or a class of another repository: use the
			// name as the table name when it is one.
			t = r.m.Lookup("", name)
		}
		if t == nil {
			continue
		}
		r.m.PyMutations = append(r.m.PyMutations, &PyMutation{Table: t, Kind: kind, Values: values, Origin: pf.origin(c.Node)})
	}
}
