package schemadrift

import (
	"bytes"
	_ "embed"

	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/listflag"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// doc is the package comment: its "# Analyzer schemadrift" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer is the Schema Drift Detector: the Logical view pass of the
// plan's epic REV-LOG-01 and spike SPK-REV-01.
var Analyzer = &acr.Analyzer{
	Name:  "schemadrift",
	Doc:   acr.MustExtractDoc(doc, "schemadrift"),
	Kinds: []pass.Kind{pass.SQL, pass.Python},
	// Every SQL file; Python that holds migrations, models, SQL or Mage
	// transformer blocks (which may run SQL through a client they were
	// handed). The schema helper reads what this pass reads.
	// The request path's triggers bring in the modules that register
	// lifespans, so the graph sees a start-up that runs the migrations.
	KindTriggers: map[pass.Kind][]string{pass.Python: append(append([]string{"transformer"}, schema.PythonTriggers...), requestpath.Triggers...)},
	// Application code of the plan's trees may run SQL through a
	// connection it was handed, with no driver import to trigger on.
	Trees: func(p *acr.Plan) []string {
		return append(append(append([]string{}, p.Service...), p.Pipeline...), p.Common...)
	},
	Requires: []*acr.Analyzer{schema.Analyzer, pyindex.Analyzer, requestpath.Analyzer},
	// The locks of every migration a diff touches: each is new, and the
	// diff narrows the report to them.
	DiffSettings: map[string]string{"migrations": migrationsAll},
	Run:          run,
	Rules:        Rules,
}

// Settings, as -schemadrift.NAME flags or settings.schemadrift in .acr.yaml.
var (
	ginScope       string
	timeColumns    string
	scd2Columns    string
	featureColumns string
	locking        string
	migrations     string
)

// The values of the migrations setting.
const (
	migrationsPending = "pending"
	migrationsAll     = "all"
)

// The values of the locking setting.
const (
	lockingLarge = "large-tables"
	lockingAll   = "all"
)

func init() {
	Analyzer.Flags.StringVar(&ginScope, "gin-scope", "queried",
		"jsonb columns that need a GIN index: queried (those a query of the product filters with @>, ?, ?|, ?&, @? or @@), or all")
	Analyzer.Flags.StringVar(&timeColumns, "time-columns", "event_time,valid_from",
		"comma-separated names of the timestamp column a feature table must have one of")
	Analyzer.Flags.StringVar(&scd2Columns, "scd2-columns", "valid_to,is_current",
		"comma-separated columns an UPDATE of a feature table may set (an SCD type 2 close)")
	Analyzer.Flags.StringVar(&locking, "locking", lockingLarge,
		"which locks on existing tables SCHEMA401 (index builds without CONCURRENTLY) and SCHEMA405 (no lock timeout) report: large-tables "+
			"(on tables the repository shows to be large or hot as warnings, the rest as notes; SCHEMA401 none where the application migrates "+
			"at start-up before it serves) or all (every one as a warning, as squawk does)")
	Analyzer.Flags.StringVar(&migrations, "migrations", migrationsPending,
		"which migrations the locking rules (SCHEMA401, SCHEMA403-405) review: pending (the newest of each history, which may not have run yet; "+
			"a migration a later one follows has run everywhere, and editing it changes nothing) or all; acrvet -new-from-rev and -new-from-patch imply all, "+
			"since the diff names the new migrations")
	Analyzer.Flags.StringVar(&featureColumns, "feature-columns", "features",
		"comma-separated names of jsonb columns that make a table a feature table")
}

// checker holds one run's settings and state.
type checker struct {
	pass  *acr.Pass
	model *schema.Model
	plan  *acr.Plan
	ix    *pyindex.Index
	graph *requestpath.Graph
	// largeTables holds the evidence that a table is large or hot.
	largeTables largeTables
	// startup is where the application applies its own migrations at
	// start-up before it serves, or "".
	startup string
	// superseded are the histories another one has replaced, which no
	// deployment runs any more (historyKey).
	superseded map[string]bool
	// newest is the Order of the newest migration of each history
	// (historyKey): with -schemadrift.migrations=pending only it, which
	// may not have run yet, is reviewed for locks.
	newest map[string]int

	timeCols, scd2Cols, featureCols map[string]bool
	// featureTablesConfigured: the plan names its feature tables, so a
	// matching name is enough.
	featureTablesConfigured bool
	businessKeys            map[string]bool
	// ginUses records, per jsonb column, the queries that filter it with
	// an operator a GIN index serves.
	ginUses map[*schema.Column][]ginUse
	// jsonPaths records, per json column, the first query that navigates
	// inside it with a JSON operator.
	jsonPaths map[*schema.Column]jsonPath
	// keyEvidence records, per table, business keys read from its JSON.
	keyEvidence map[*schema.Table]map[string]bool
	reported    map[string]bool
}

func run(p *acr.Pass) (any, error) {
	model, ok := p.ResultOf[schema.Analyzer].(*schema.Model)
	if !ok {
		return nil, fmt.Errorf("schema model missing")
	}
	if ginScope != "all" && ginScope != "queried" {
		return nil, fmt.Errorf("-schemadrift.gin-scope must be queried or all, not %q", ginScope)
	}
	if locking != lockingLarge && locking != lockingAll {
		return nil, fmt.Errorf("-schemadrift.locking must be %s or %s, not %q", lockingLarge, lockingAll, locking)
	}
	if migrations != migrationsPending && migrations != migrationsAll {
		return nil, fmt.Errorf("-schemadrift.migrations must be %s or %s, not %q", migrationsPending, migrationsAll, migrations)
	}
	plan := p.Plan.WithDefaults()
	c := &checker{
		pass: p, model: model, plan: plan,
		ix:       p.ResultOf[pyindex.Analyzer].(*pyindex.Index),
		graph:    p.ResultOf[requestpath.Analyzer].(*requestpath.Graph),
		timeCols: listflag.Set(timeColumns), scd2Cols: listflag.Set(scd2Columns), featureCols: listflag.Set(featureColumns),
		businessKeys: map[string]bool{},
		ginUses:      map[*schema.Column][]ginUse{},
		jsonPaths:    map[*schema.Column]jsonPath{},
		keyEvidence:  map[*schema.Table]map[string]bool{},
		reported:     map[string]bool{},
	}
	c.featureTablesConfigured = !slices.Equal(plan.FeatureTables, acr.DefaultPlan().FeatureTables)
	for _, k := range plan.BusinessKeys {
		c.businessKeys[k] = true
	}
	if dir, reason := schema.OtherDialectsNote(model.OtherDialects); reason != "" && p.Note != nil {
		p.Note(dir, "schemadrift: "+reason)
	}
	for _, e := range model.SyntaxErrors {
		p.ReportSyntaxError(e)
	}
	c.largeTables = c.collectLargeTables()
	c.startup = c.startupMigration()
	c.superseded = c.supersededHistories()
	c.newest = newestMigrations(model.Migrations)
	for _, st := range model.Statements {
		c.statement(st)
	}
	c.pyJSON()
	c.jsonTypes() // after the queries, which show the json columns navigated
	c.indexes()
	c.seeds()
	c.ginCoverage()
	c.businessKeyTables()
	c.eventTime()
	c.pyMutations()
	c.concurrent()
	c.locking()
	c.dynamic()
	c.tally()
	return nil, nil
}

// tally records what the rules examined, for the Plan Alignment report.
func (c *checker) tally() {
	var jsonCols, tables, features int
	for _, t := range c.model.Tables {
		if t.PartitionOf != nil || !t.Created.IsValid() {
			continue
		}
		tables++
		if c.isFeatureTable(t.Name, t) {
			features++
		}
		for _, col := range t.Columns {
			if col.Type == "json" || col.Type == "jsonb" {
				jsonCols++
			}
		}
	}
	p := c.pass
	p.Examined("json or jsonb column", jsonCols, RuleJSONType, RuleJSONBWithoutGIN, RuleOperatorNotIndexed,
		RuleExtractionFilter, RuleNestedJSON)
	p.Examined("table", tables, RuleBusinessKeyInJSON, RuleIndexNotConcurrent, RuleConcurrentInTx,
		RuleDropIndexNotConcurrent, RuleForeignKeyNotValid, RuleLockTimeout)
	p.Examined("feature table", features, RuleNoEventTime, RuleFeatureMutation)
	p.Examined("SQL statement", len(c.model.Statements), RuleNotAnalysed)
}

// report reports a finding once per rule and position.
func (c *checker) report(rule *acr.Rule, o schema.Origin, fix *schema.Edit, format string, args ...any) {
	c.reportRelated("", rule, o, fix, nil, format, args...)
}

// reportRelated reports a finding with related locations, once per rule
// and position. A note that is not empty reports it at note severity,
// with the note after its message saying why it informs rather than asks
// for action (a small table, json that looks deliberate, migrations that
// run at start-up); an empty one reports it as a finding.
func (c *checker) reportRelated(note string, rule *acr.Rule, o schema.Origin, fix *schema.Edit, related []acr.RelatedInformation, format string, args ...any) {
	if !o.IsValid() {
		return
	}
	key := fmt.Sprintf("%s@%d", rule.ID, o.Pos())
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	d := acr.Diagnostic{Pos: o.Pos(), End: o.EndPos(), Category: rule.ID, Message: fmt.Sprintf(format, args...), Related: related}
	if fix != nil {
		d.SuggestedFixes = []acr.SuggestedFix{{
			Message:   "use " + fix.NewText,
			TextEdits: []acr.TextEdit{{Pos: fix.Pos(), End: fix.EndPos(), NewText: []byte(fix.NewText)}},
		}}
	}
	if note != "" {
		d.Message += note
		c.pass.ReportNote(d)
		return
	}
	c.pass.Report(d)
}

// jsonTypes reports json columns (SCHEMA101) where json is evidently not
// a choice: a query navigates inside the column with JSON operators (each
// re-parses the text), or the generic sa.JSON renders json by accident in
// an application that only runs on PostgreSQL. A json written out (SQL
// DDL, Prisma's @db.Json, postgresql.JSON) may be deliberate, json keeps
// key order and duplicate keys, and sa.JSON is the portable type of an
// application that also runs on other databases: those are notes.
func (c *checker) jsonTypes() {
	portable := c.portableSchema()
	viaDomain := map[*schema.Domain][]*schema.ColumnDef{}
	// A json column that a model declares json as well as a migration is
	// reported once, at the model: that is where its type is changed
	// (with a new migration); the migration that added it is history. A
	// model that says jsonb over a json column leaves the finding at the
	// migration: the database is json.
	inModel := map[*schema.Column]bool{}
	for _, d := range c.model.ColumnDefs {
		if d.Origin.Migration == nil && d.Via == "sqlalchemy" && d.Type == "json" && d.Defines() != nil {
			inModel[d.Defines()] = true
		}
	}
	for _, d := range c.model.ColumnDefs {
		if d.Type != "json" || !d.Current() {
			// A migration whose json a later one converted is history
			// that nobody can edit any more.
			continue
		}
		if d.Origin.Migration != nil && inModel[d.Defines()] {
			continue
		}
		if d.Domain != nil {
			viaDomain[d.Domain] = append(viaDomain[d.Domain], d)
			continue
		}
		typ := "json"
		if d.Array {
			typ = "json[]"
		}
		where := ""
		generic := false // a type that renders json without saying so
		deliberate := ""
		switch d.Via {
		case "alembic", "sqlalchemy":
			where = " (sa.JSON and postgresql.JSON render json on PostgreSQL)"
			text := sourceText(d.TypeOrigin)
			generic = !strings.Contains(text, "postgresql") && !strings.Contains(text, "dialects")
			if !generic {
				deliberate = "postgresql.JSON names json explicitly"
			}
		case "sql":
			switch {
			case d.Origin.Migration != nil && d.Origin.Migration.Tool == "prisma":
				deliberate = "Prisma writes jsonb for Json unless the schema asks for @db.Json"
			case commentNamesJSON(d.TypeOrigin):
				deliberate = "a comment beside it gives the reason"
			}
		}
		format := "column %s.%s is %s%s: json is re-parsed on every read and has no GIN operator class, so it can never be indexed; declare it jsonb"
		args := []any{d.Table, d.Column, typ, where}
		// The definition links its column through later renames, and the
		// queries name the column as it is now (navigated never records a
		// nil column).
		col := d.Defines()
		use, navigated := c.jsonPaths[col]
		if navigated && (!use.narrowed || c.plan.RequireJSONB) {
			// A query that finds its rows first makes json a note, unless
			// the plan requires jsonb.
			now := ""
			if name := col.Table.QualifiedName() + "." + col.Name; name != d.Table+"."+d.Column {
				now = " (now " + name + ")"
			}
			posn := c.pass.Fset.Position(use.at.Pos())
			c.report(RuleJSONType, d.TypeOrigin, d.Fix,
				"column %s.%s%s is %s, yet %s (%s:%d) navigates inside it: json is re-parsed on every read, so each such query parses every document it reads, and has no GIN operator class, so it can never be indexed; declare it jsonb",
				d.Table, d.Column, now, typ, use.text, use.at.File.Path, posn.Line)
			continue
		}
		note := ""
		switch {
		case navigated:
			posn := c.pass.Fset.Position(use.at.Pos())
			note = fmt.Sprintf(" (a note: the queries that navigate inside it, such as %s (%s:%d), first find their rows by an indexed column, so json is re-parsed only for those few rows; plan.require_jsonb makes it a finding)",
				use.text, use.at.File.Path, posn.Line)
		case deliberate != "":
			note = " (a note: json looks deliberate here, " + deliberate + ", json keeps key order and duplicate keys, and no query navigates inside the column)"
		case portable != "":
			note = " (a note: json is the portable choice, " + portable + ", and no query navigates inside the column)"
		case !c.plan.RequireJSONB:
			// Stored and returned whole, json costs nothing jsonb would
			// save: the advice matters once a query looks inside, or when
			// the plan requires jsonb.
			note = " (a note: no query of the repository navigates inside the column, and json stored and read whole costs nothing jsonb would save; plan.require_jsonb makes it a finding)"
		}
		c.reportRelated(note, RuleJSONType, d.TypeOrigin, d.Fix, nil, format, args...)
	}
	// A domain over json is reported once, where its type is written:
	// that is the one place to change.
	for _, dom := range c.model.Domains {
		defs := viaDomain[dom]
		if len(defs) == 0 {
			continue
		}
		var related []acr.RelatedInformation
		var names []string
		for _, d := range defs {
			names = append(names, d.Table+"."+d.Column)
			related = append(related, acr.RelatedInformation{Pos: d.TypeOrigin.Pos(), End: d.TypeOrigin.EndPos(), Message: "column " + d.Table + "." + d.Column})
		}
		users := "column " + names[0] + " uses it"
		if len(names) > 1 {
			users = "columns " + strings.Join(names, ", ") + " use it"
		}
		note := ""
		switch {
		case commentNamesJSON(dom.TypeOrigin):
			note = " (a note: json looks deliberate here, a comment beside it gives the reason, json keeps key order and duplicate keys)"
		case portable != "":
			note = " (a note: json is the portable choice, " + portable + ")"
		}
		c.reportRelated(note, RuleJSONType, dom.TypeOrigin, dom.Fix, related,
			"domain %s is json, and %s: json is re-parsed on every read and has no GIN operator class, so it can never be indexed; declare the domain over jsonb",
			dom.Name, users)
	}
}

// commentNamesJSON reports an SQL comment on the line of a type or the two
// before it that weighs json against jsonb and names what json keeps (key
// order, duplicate keys, whitespace): the reason someone chose json.
func commentNamesJSON(o schema.Origin) bool {
	content := o.File.Content()
	if o.Start < 0 || o.Start > len(content) {
		return false
	}
	start, end := o.Start, o.Start
	for n := 0; n < 3 && start > 0; n++ { // this line and the two before
		start = bytes.LastIndexByte(content[:max(start-1, 0)], '\n') + 1
	}
	if i := bytes.IndexByte(content[end:], '\n'); i >= 0 {
		end += i
	} else {
		end = len(content)
	}
	for _, line := range strings.Split(string(content[start:end]), "\n") {
		_, comment, ok := strings.Cut(line, "--")
		comment = strings.ToLower(comment)
		if ok && strings.Contains(comment, "jsonb") && jsonKeeps.MatchString(comment) {
			return true
		}
	}
	return false
}

// jsonKeeps matches what json keeps and jsonb does not.
var jsonKeeps = regexp.MustCompile(`order|duplicate|whitespace|preserv|as written|verbatim`)

// A jsonPath is a query that navigates inside a json column.
type jsonPath struct {
	text string
	at   schema.Origin
	// narrowed: an indexed predicate of the same query finds its rows
	// first (see narrowedBy, pyNarrowed), so the query parses only the
	// documents of those rows.
	narrowed bool
}

// navigated records a query that navigates inside a json column: the
// first one that is not narrowed, else the first one.
func (c *checker) navigated(col *schema.Column, text string, at schema.Origin, narrowed bool) {
	if old, ok := c.jsonPaths[col]; !ok || old.narrowed && !narrowed {
		c.jsonPaths[col] = jsonPath{text: text, at: at, narrowed: narrowed}
	}
}

// portableSchema says why the schema is meant for other databases too, or
// "": migrations for other databases beside the PostgreSQL ones, or Alembic
// batch operations, which exist for SQLite's ALTER TABLE.
func (c *checker) portableSchema() string {
	if len(c.model.OtherDialects) > 0 {
		return "the repository ships migrations for other databases too"
	}
	for _, mig := range c.model.Migrations {
		if mig.Tool == "alembic" && mig.File != nil && bytes.Contains(mig.File.Content(), []byte("batch_alter_table")) {
			return "the migrations use batch_alter_table, which exists for SQLite"
		}
	}
	return ""
}

// ginCoverage reports jsonb columns without a GIN index at the end of the
// history that a query of the product filters with an operator a GIN index
// serves, naming that query (SCHEMA102). A column only read and written
// whole needs no index.
func (c *checker) ginCoverage() {
	for _, t := range c.model.Tables {
		if t.PartitionOf != nil {
			continue // its partitioned table speaks for it
		}
		for _, col := range t.Columns {
			if col.Type != "jsonb" || col.Array || !col.Defined().IsValid() {
				continue
			}
			uses := c.ginUses[col]
			if len(uses) == 0 {
				if ginScope == "all" && len(t.GINIndexes(col.Name)) == 0 {
					c.report(RuleJSONBWithoutGIN, col.Defined(), nil,
						"jsonb column %s.%s has no GIN index at the end of the migration history: filters on it read and de-TOAST every row; add CREATE INDEX CONCURRENTLY ON %s USING gin (%s jsonb_path_ops)",
						t.QualifiedName(), col.Name, sqlName(t), quoteIdent(col.Name))
				}
				continue
			}
			uses = slices.DeleteFunc(slices.Clone(uses), func(u ginUse) bool { return u.served })
			if len(uses) == 0 {
				continue // a GIN index on the column itself serves the operators
			}
			opclass := " jsonb_path_ops"
			var related []acr.RelatedInformation
			for i, u := range uses {
				if u.op == "?" || u.op == "?|" || u.op == "?&" {
					opclass = "" // jsonb_path_ops does not serve key existence
				}
				if i < 5 {
					related = append(related, acr.RelatedInformation{Pos: u.at.Pos(), End: u.at.EndPos(), Message: "filters with " + u.op})
				}
			}
			first := uses[0]
			others := ""
			if n := len(uses) - 1; n == 1 {
				others = " and 1 other query"
			} else if n > 1 {
				others = fmt.Sprintf(" and %d other queries", n)
			}
			posn := c.pass.Fset.Position(first.at.Pos())
			note := c.sizeNote(t)
			if ix := first.partial; ix != nil {
				c.reportRelated(note, RuleJSONBWithoutGIN, col.Defined(), nil, related,
					"jsonb column %s.%s has only partial GIN indexes, and %s (%s:%d)%s filters it with %s outside their rows (%s covers only WHERE %s, which the query's filter does not imply): each such query reads and de-TOASTs every row; add the predicate to the query or a GIN index that covers its rows",
					t.QualifiedName(), col.Name, first.text, first.at.File.Path, posn.Line, others, first.op, ix.Name, whereText(ix))
				continue
			}
			declared := ""
			for _, ix := range t.DeclaredOnly {
				if ix.Method == "gin" && onColumn(ix, col.Name) {
					declared = declaredOnlyNote(ix)
					break
				}
			}
			c.reportRelated(note, RuleJSONBWithoutGIN, col.Defined(), nil, related,
				"jsonb column %s.%s has no GIN index at the end of the migration history%s, yet %s (%s:%d)%s filters it with %s: each such query reads and de-TOASTs every row; add CREATE INDEX CONCURRENTLY ON %s USING gin (%s%s)",
				t.QualifiedName(), col.Name, declared, first.text, first.at.File.Path, posn.Line, others, first.op, sqlName(t), quoteIdent(col.Name), opclass)
		}
	}
}

// sqlName writes a table's name as SQL, quoting what needs quotes.
func sqlName(t *schema.Table) string {
	if t.Schema == "" {
		return quoteIdent(t.Name)
	}
	return quoteIdent(t.Schema) + "." + quoteIdent(t.Name)
}

func quoteIdent(s string) string {
	for i, r := range s {
		if !(r == '_' || ('a' <= r && r <= 'z') || (i > 0 && '0' <= r && r <= '9')) {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}

// indexes reports index expressions nested too deep (SCHEMA105) and
// index builds that lock or fail (SCHEMA401).
func (c *checker) indexes() {
	for _, ix := range c.model.IndexDefs {
		for _, e := range ix.Elems {
			for _, p := range e.Paths {
				if len(p.Keys) > c.plan.MaxJSONDepth {
					c.report(RuleNestedJSON, ix.Origin, nil,
						"index %s reaches %d levels into %s (%s), deeper than the plan's max_json_depth of %d: promote the nested object to columns or its own table",
						ix.Name, len(p.Keys), p.Column, strings.Join(p.Keys, "."), c.plan.MaxJSONDepth)
				}
				c.evidence(ix.Table, p)
			}
		}
		if ix.Origin.Migration == nil || ix.Concurrent || ix.Implicit || ix.NewTable {
			continue
		}
		c.indexNotConcurrent(ix)
	}
}

// indexNotConcurrent reports an index built on an existing table without
// CONCURRENTLY (SCHEMA401): as a warning on a table the repository shows
// to be large or hot, as a note on others (the lock lasts as long as the
// build, milliseconds on a small table), and not at all when the
// application applies its migrations at start-up before it serves, when
// no query waits on the lock, nor in a history another has replaced. The
// locking setting all reports every such build as a warning.
func (c *checker) indexNotConcurrent(ix *schema.Index) {
	how := "CREATE INDEX CONCURRENTLY"
	if ix.Via == "alembic" {
		how = "postgresql_concurrently=True"
	}
	if mig := ix.Origin.Migration; !mig.NoTransaction && mig.OptOut != "" {
		how += " outside the migration's transaction (" + mig.OptOut + ")"
	}
	why := c.large(ix.Table)
	switch {
	case locking == lockingAll:
	case c.atStartup(ix.Origin.Migration), c.superseded[historyKey(ix.Origin.Migration)], c.released(ix.Origin.Migration):
		return
	case why == "":
		c.reportRelated(smallNote(ix.TableName), RuleIndexNotConcurrent, ix.Origin, nil, nil,
			"index %s is built on existing table %s without CONCURRENTLY: the build blocks every write to the table until it finishes; use %s",
			ix.Name, ix.TableName, how)
		return
	}
	if why != "" {
		why = ", which is large or hot (" + why + ")"
	}
	c.report(RuleIndexNotConcurrent, ix.Origin, nil,
		"index %s is built on existing table %s%s without CONCURRENTLY: the build blocks every write to the table until it finishes; use %s",
		ix.Name, ix.TableName, why, how)
}

// seeds reports nested JSON documents written by migrations (SCHEMA105).
func (c *checker) seeds() {
	for _, s := range c.model.Seeds {
		if s.Depth <= c.plan.MaxJSONDepth {
			continue
		}
		what := map[string]string{"default": "default", "insert": "seed INSERT", "bulk_insert": "op.bulk_insert row"}[s.What]
		c.report(RuleNestedJSON, s.Origin, nil,
			"%s writes a JSON document nested %d levels deep into %s.%s, deeper than the plan's max_json_depth of %d: flatten it or move the nested object to its own table",
			what, s.Depth, s.Table, s.Column, c.plan.MaxJSONDepth)
	}
}

// evidence records a business key read from a table's JSON.
func (c *checker) evidence(t *schema.Table, p schema.JSONPath) {
	if t == nil {
		return
	}
	for _, k := range p.Keys {
		if c.businessKeys[k] {
			if c.keyEvidence[t] == nil {
				c.keyEvidence[t] = map[string]bool{}
			}
			c.keyEvidence[t][k] = true
		}
	}
}

// businessKeyTables reports tables that keep a business key only inside
// JSON (SCHEMA106).
func (c *checker) businessKeyTables() {
	var tables []*schema.Table
	for t := range c.keyEvidence {
		tables = append(tables, t)
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].QualifiedName() < tables[j].QualifiedName() })
	for _, t := range tables {
		var keys []string
		for k := range c.keyEvidence[t] {
			if t.Column(k) == nil {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			c.report(RuleBusinessKeyInJSON, t.Created, nil,
				"table %s keeps business key %s only inside JSON: it has no type, NOT NULL or foreign key there and every join extracts it from every row; add a %s column with a foreign key",
				t.QualifiedName(), k, k)
		}
	}
}

// eventTime reports feature tables without a time column (SCHEMA201).
func (c *checker) eventTime() {
	names := sortedKeys(c.timeCols)
	for _, t := range c.model.Tables {
		if !t.Created.IsValid() || t.PartitionOf != nil || !c.isFeatureTable(t.Name, t) {
			continue
		}
		var found, wrong *schema.Column
		for _, col := range t.Columns {
			if c.timeCols[col.Name] {
				if col.IsTimestamp() || col.Type == "" {
					found = col
				} else {
					wrong = col
				}
			}
		}
		switch {
		case found != nil:
		case wrong != nil:
			c.report(RuleNoEventTime, t.Created, nil,
				"feature table %s has %s of type %s, not a timestamp: point-in-time training sets cannot order or bound feature values by it; make it timestamptz",
				t.QualifiedName(), wrong.Name, wrong.Type)
		default:
			c.report(RuleNoEventTime, t.Created, nil,
				"feature table %s has no %s timestamp column: without it a training set cannot be built as of a point in time and leaks future values; add %s timestamptz NOT NULL",
				t.QualifiedName(), strings.Join(names, " or "), names[0])
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) == 0 {
		out = []string{"event_time"}
	}
	return out
}

// concurrent reports CONCURRENTLY inside transactions (SCHEMA402).
func (c *checker) concurrent() {
	for _, op := range c.model.Concurrent {
		if op.TxReason == "" {
			continue
		}
		fix := "run it outside any transaction block"
		if op.Origin.Migration != nil && op.Origin.Migration.Tool == "alembic" {
			fix = "wrap it in with op.get_context().autocommit_block():"
		}
		c.report(RuleConcurrentInTx, op.Origin, nil,
			"%s runs inside a transaction block (%s) and PostgreSQL will refuse it; %s",
			op.What, op.TxReason, fix)
	}
}

// dynamic reports SQL that was not analysed (SCHEMA501): not in code that
// runs once (its queries owe no index), nor where only names, keywords and
// module constants are interpolated (bound parameters cannot stand there,
// and format('%I') is already the safe idiom in PL/pgSQL).
func (c *checker) dynamic() {
	for _, d := range c.model.Dynamic {
		if c.runsOnce(d.Origin) || onlyIdentifiers(d) {
			continue
		}
		switch {
		case strings.Contains(d.Why, "EXECUTE"):
			c.report(RuleNotAnalysed, d.Origin, nil,
				"SQL built at run time (%s) is not analysed: the schema checks cannot see its tables, operators or indexes; build it with format('%%I', name) for names and pass values with EXECUTE ... USING",
				d.Why)
		case !d.Interpolated:
			c.report(RuleNotAnalysed, d.Origin, nil,
				"SQL built at run time (%s) is not analysed: the schema checks cannot see its tables, operators or indexes; prefer a constant statement with bound parameters",
				d.Why)
		case len(d.Values) > 0 && d.Utility:
			c.report(RuleNotAnalysed, d.Origin, nil,
				"SQL built at run time (f-string) interpolates %s as a value into a statement that takes no bound parameters: a quote in the value breaks the statement or injects SQL; pass it through a function that takes parameters (set_config, pg_notify) or quote it with format('%%L') or psycopg's sql.Literal",
				strings.Join(d.Values, ", "))
		case len(d.Values) > 0:
			c.report(RuleNotAnalysed, d.Origin, nil,
				"SQL built at run time (f-string) interpolates %s where a value stands: the schema checks cannot read the statement and a quote in the value injects SQL; pass %s",
				strings.Join(d.Values, ", "), map[bool]string{true: "it as a bound parameter", false: "them as bound parameters"}[len(d.Values) == 1])
		default:
			c.report(RuleNotAnalysed, d.Origin, nil,
				"SQL assembled at run time from fragments (%s) is not analysed: the schema checks cannot see its tables, operators or indexes",
				strings.Join(d.Fragments, ", "))
		}
	}
}

// safeExecute matches a PL/pgSQL EXECUTE of format(), whose %I and %L
// quote names and literals.
var safeExecute = regexp.MustCompile(`(?is)^EXECUTE\s+format\s*\(\s*'([^']|'')*'`)

// onlyIdentifiers reports dynamic SQL whose run-time parts are names,
// keywords or constants: an f-string judged so, or EXECUTE format() whose
// placeholders are all %I or %L, which quote what they splice in.
func onlyIdentifiers(d *schema.Dynamic) bool {
	if d.Interpolated {
		return len(d.Values) == 0 && len(d.Fragments) == 0
	}
	f := d.Origin.File
	start, end := d.Origin.Start, d.Origin.End
	if start < 0 || end > len(f.Content()) || end < start {
		return false
	}
	m := safeExecute.FindString(strings.TrimSpace(string(f.Content()[start:end])))
	if m == "" {
		return false
	}
	format := strings.ReplaceAll(m[strings.IndexByte(m, '\''):], "%%", "")
	rest := strings.ReplaceAll(strings.ReplaceAll(format, "%I", ""), "%L", "")
	return rest != format && !strings.Contains(rest, "%")
}
