// Package verify proves schema and model findings with the engines
// themselves: a real PostgreSQL for the Logical view (does an index serve
// this query? does the history replay?) and h2o-genmodel for the
// Development view (does this MOJO load and score?).
//
// acrvet -verify=postgres,genmodel (or all) runs it after the static
// passes. Each finding it can check gets Evidence: confirmed (the engine
// agrees, with what it showed), disproved (the engine contradicts it: the
// finding is withdrawn and counted) or failed (the engine could not
// answer). What only an engine can see, a migration that does not apply
// or a MOJO genmodel rejects that the static validator passed, becomes a
// finding of its own. Without engines the run is unchanged, and one note
// says how to enable them.
package verify

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/mojo"
	"github.com/acrvet/acr/passes/schemadrift"
	"github.com/acrvet/acr/passes/schemadrift/schema"
	"github.com/acrvet/acr/verify/genmodel"
	"github.com/acrvet/acr/verify/postgres"
)

// The engines.
const (
	Postgres = "postgres"
	Genmodel = "genmodel"
)

// Engines lists every engine, in the order -verify=all runs them.
var Engines = []string{Postgres, Genmodel}

// ParseEngines reads a -verify value: "all", or engine names separated by
// commas. "" and "off" enable none.
func ParseEngines(s string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(strings.ToLower(name))
		switch name {
		case "", "off", "none":
		case "all":
			for _, e := range Engines {
				out[e] = true
			}
		case Postgres, Genmodel:
			out[name] = true
		default:
			return nil, fmt.Errorf("unknown engine %q (known: all, %s)", name, strings.Join(Engines, ", "))
		}
	}
	return out, nil
}

// The results of a check.
const (
	Confirmed = "confirmed"
	Disproved = "disproved"
	Failed    = "failed"
)

// Evidence is an engine's verdict on a finding.
type Evidence = checker.Evidence

// Options configure a verification.
type Options struct {
	Engines     map[string]bool
	PostgresDSN string // -postgres-dsn
	GenmodelJar string // -genmodel-jar
	// Timeout bounds each engine; 0 means two minutes.
	Timeout time.Duration

	// genmodel replaces the engine Find would locate, for tests.
	genmodel *genmodel.Engine
}

// An Outcome is what verification made of a run's findings.
type Outcome struct {
	// Findings are the findings that stand, sorted, each with its
	// evidence (Finding.Verified) where an engine checked it, plus the
	// findings only an engine could make.
	Findings []checker.Finding
	// Withdrawn counts the findings an engine disproved, by rule.
	Withdrawn map[string]int
	// Notes say which engine did not run and why, in one line each.
	Notes []string
}

// Run checks the findings of a run with the enabled engines, which run in
// parallel. It never fails: an engine that cannot start or answer is a
// note, and its findings stand unverified.
func Run(ctx context.Context, res *checker.Result, findings []checker.Finding, opt Options) *Outcome {
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	type verdicts struct {
		byFinding map[int]*Evidence
		added     []checker.Finding
		note      string
	}
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		all []verdicts
	)
	run := func(name string, f func(context.Context) verdicts) {
		if !opt.Engines[name] {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			var v verdicts
			func() {
				defer func() {
					if r := recover(); r != nil {
						v = verdicts{note: fmt.Sprintf("verify %s stopped: %v", name, r)}
					}
				}()
				v = f(cctx)
			}()
			mu.Lock()
			all = append(all, v)
			mu.Unlock()
		}()
	}
	run(Postgres, func(ctx context.Context) verdicts {
		ev, added, note := verifyPostgres(ctx, res, findings, opt)
		return verdicts{ev, added, note}
	})
	run(Genmodel, func(ctx context.Context) verdicts {
		ev, added, note := verifyGenmodel(ctx, res, findings, opt)
		return verdicts{ev, added, note}
	})
	wg.Wait()

	evidence := map[int]*Evidence{}
	var added []checker.Finding
	var notes []string
	for _, v := range all {
		for i, e := range v.byFinding {
			evidence[i] = e
		}
		added = append(added, v.added...)
		if v.note != "" {
			notes = append(notes, v.note)
		}
	}
	sort.Strings(notes)
	out := &Outcome{Withdrawn: map[string]int{}, Notes: notes}
	for i, f := range findings {
		if e := evidence[i]; e != nil {
			if e.Result == Disproved {
				out.Withdrawn[f.Rule.ID]++
				continue
			}
			f.Verified = e
		}
		out.Findings = append(out.Findings, f)
	}
	out.Findings = append(out.Findings, added...)
	checker.SortFindings(out.Findings)
	return out
}

// finding builds a finding of rule at [pos, end) of file.
func finding(res *checker.Result, a *acr.Analyzer, rule *acr.Rule, f *pass.File, pos, end token.Pos, msg string) checker.Finding {
	d := acr.Diagnostic{Pos: pos, End: end, Category: rule.ID, Message: msg}
	fd := checker.Finding{Analyzer: a, Rule: rule, Diagnostic: d, File: f}
	if f != nil {
		fd.Posn = f.Position(f.Offset(pos))
		if end.IsValid() {
			fd.End = f.Position(f.Offset(end))
		}
	}
	return fd
}

// --- h2o-genmodel ---

func verifyGenmodel(ctx context.Context, res *checker.Result, findings []checker.Finding, opt Options) (map[int]*Evidence, []checker.Finding, string) {
	// The artifacts: every archive the mojo pass read that the static
	// validator reads as an H2O-3 MOJO (a test's backup zip is not
	// genmodel's), each validated once; and the genmodel jars the
	// repository ships beside them.
	inputs := map[*pass.File]bool{}
	for _, f := range res.Inputs[mojo.Analyzer] {
		inputs[f] = true
	}
	var artifacts []*pass.File
	static := map[*pass.File]*mojo.Report{}
	var jars []string
	for _, f := range res.Repo.Files() {
		switch {
		case f.Kind == pass.Zip && inputs[f]:
			if rep, err := mojo.ValidateWith(f.OSPath, mojo.Options{ReadBlobs: true}); err == nil && rep.Kind == mojo.H2O3MOJO {
				artifacts = append(artifacts, f)
				static[f] = rep
			}
		case strings.HasPrefix(filepath.Base(f.Path), "h2o-genmodel") && strings.HasSuffix(f.Path, ".jar"):
			jars = append(jars, f.OSPath)
		}
	}
	if len(artifacts) == 0 {
		return nil, nil, ""
	}
	eng := opt.genmodel
	if eng == nil {
		var err error
		if eng, err = genmodel.Find(ctx, genmodel.Options{Classpath: opt.GenmodelJar, RepoJars: jars}); err != nil {
			return nil, nil, "verify genmodel: " + err.Error()
		}
	}
	paths := make([]string, len(artifacts))
	for i, f := range artifacts {
		paths[i] = f.OSPath
	}
	verdicts, err := eng.Verify(ctx, paths)
	if err != nil {
		return nil, nil, "verify genmodel: " + err.Error()
	}
	byFile := map[*pass.File]genmodel.Verdict{}
	for i, f := range artifacts {
		byFile[f] = verdicts[i]
	}
	evidence := map[int]*Evidence{}
	reported := map[*pass.File]bool{}
	for i, fd := range findings {
		v, ok := byFile[fd.File]
		if !ok || fd.Analyzer != mojo.Analyzer || !strings.HasPrefix(fd.Rule.ID, "MOJO3") {
			continue
		}
		reported[fd.File] = true
		e := &Evidence{Engine: eng.Name()}
		switch {
		case v.Unanswered:
			e.Result, e.Evidence = Failed, v.Error
		case !v.Accepts():
			e.Result, e.Evidence = Confirmed, "genmodel refuses it: "+v.Error
		case silent(static[fd.File], fd.Rule):
			// The finding says the damage is silent: genmodel loading it
			// is the confirmation.
			e.Result, e.Evidence = Confirmed, fmt.Sprintf("genmodel loads it without an error (%s, %s) and scores a row with it", v.Algorithm, v.Category)
		default:
			e.Result, e.Evidence = Disproved, fmt.Sprintf("genmodel loads it (%s, %s) and scores a row with it", v.Algorithm, v.Category)
		}
		evidence[i] = e
	}
	// A MOJO the static validator passed that genmodel refuses.
	var added []checker.Finding
	for _, f := range artifacts {
		v := byFile[f]
		if reported[f] || v.Accepts() || v.Unanswered || !static[f].Loads() {
			continue
		}
		added = append(added, finding(res, mojo.Analyzer, mojo.RuleRejectedByGenmodel, f, f.Pos(0), token.NoPos,
			fmt.Sprintf("%s refuses this MOJO, which the static validator accepted: %s; re-export the model, and report the case so the validator learns it", eng.Name(), v.Error)))
	}
	return evidence, added, ""
}

// silent reports that the static validator's problems of rule in the
// report are all damage genmodel does not notice.
func silent(rep *mojo.Report, rule *acr.Rule) bool {
	found := false
	for _, p := range rep.Problems {
		if p.Rule == rule {
			if !p.Silent {
				return false
			}
			found = true
		}
	}
	return found
}

// --- PostgreSQL ---

func verifyPostgres(ctx context.Context, res *checker.Result, findings []checker.Finding, opt Options) (map[int]*Evidence, []checker.Finding, string) {
	model, _ := res.Results[schema.Analyzer].(*schema.Model)
	if model == nil || !needsPostgres(findings) && len(migrationStatements(model)) == 0 {
		return nil, nil, ""
	}
	srv, err := postgres.Start(ctx, postgres.Options{DSN: opt.PostgresDSN})
	if err != nil {
		return nil, nil, "verify postgres: " + err.Error()
	}
	defer srv.Close()
	db, err := srv.NewDatabase(ctx)
	if err != nil {
		return nil, nil, "verify postgres: " + err.Error()
	}
	defer db.Close(context.Background())

	var added []checker.Finding
	if histories := migrationHistories(model); len(histories) <= 1 {
		added = replay(ctx, res, db, srv, model)
	} else {
		// Several histories (one per database, or a legacy directory
		// beside the current one): each replays alone, in its own
		// database, and queries are planned on the model acr built.
		for _, h := range histories {
			hdb, err := srv.NewDatabase(ctx)
			if err != nil {
				return nil, nil, "verify postgres: " + err.Error()
			}
			added = append(added, replayStatements(ctx, res, hdb, srv, h)...)
			hdb.Close(context.Background())
		}
		for _, ddl := range renderModel(model, true) {
			_ = db.Apply(ctx, ddl)
		}
	}
	evidence := map[int]*Evidence{}
	for i, fd := range findings {
		if fd.Analyzer != schemadrift.Analyzer {
			continue
		}
		var e *Evidence
		switch fd.Rule.ID {
		case schemadrift.RuleExtractionFilter.ID, schemadrift.RuleOperatorNotIndexed.ID:
			e = explainFinding(ctx, db, model, fd)
		case schemadrift.RuleJSONType.ID:
			e = columnTypeFinding(ctx, db, model, fd)
		}
		if e != nil {
			e.Engine = srv.Version
			evidence[i] = e
		}
	}
	return evidence, added, ""
}

func needsPostgres(findings []checker.Finding) bool {
	for _, f := range findings {
		if f.Analyzer == schemadrift.Analyzer {
			return true
		}
	}
	return false
}

// replay builds the schema in db. A history written in SQL is replayed
// statement by statement, and the first statement the server rejects is a
// finding: a history that does not replay is a defect. Tables and indexes
// that Alembic operations or SQLAlchemy models declare are then created as
// acr understands them. When the SQL history does not replay, the whole
// final model is rendered instead, so queries can still be planned.
func replay(ctx context.Context, res *checker.Result, db *postgres.Database, srv *postgres.Server, m *schema.Model) []checker.Finding {
	added := replayStatements(ctx, res, db, srv, migrationStatements(m))
	for _, ddl := range renderModel(m, len(added) > 0) {
		_ = db.Apply(ctx, ddl) // best effort: what exists already, or a type acr cannot render, is skipped
	}
	return added
}

// migrationHistories splits the SQL migrations into their histories: the
// migrations of one directory (one Prisma or Diesel migrations folder).
func migrationHistories(m *schema.Model) [][]*schema.Statement {
	var order []string
	byHistory := map[string][]*schema.Statement{}
	for _, st := range migrationStatements(m) {
		mg := st.Source.Migration
		dir := path.Dir(mg.File.Path)
		if mg.Tool == "prisma" || mg.Tool == "diesel" {
			dir = path.Dir(dir)
		}
		if _, ok := byHistory[dir]; !ok {
			order = append(order, dir)
		}
		byHistory[dir] = append(byHistory[dir], st)
	}
	out := make([][]*schema.Statement, len(order))
	for i, dir := range order {
		out[i] = byHistory[dir]
	}
	return out
}

// replayStatements applies migration statements in order and reports the
// first the server rejects or acr refuses; the rest are not run.
func replayStatements(ctx context.Context, res *checker.Result, db *postgres.Database, srv *postgres.Server, stmts []*schema.Statement) []checker.Finding {
	var added []checker.Finding
	for _, st := range stmts {
		err := db.Apply(ctx, st.Stmt.Text())
		if err == nil {
			continue
		}
		o := st.Origin()
		var refused *postgres.RefusedError
		if errors.As(err, &refused) {
			added = append(added, finding(res, schemadrift.Analyzer, schemadrift.RuleReplayRefused, o.File, o.Pos(), o.EndPos(),
				fmt.Sprintf("verify did not run this migration statement: %s; the rest of the history was not replayed", refused.Reason)))
		} else {
			added = append(added, finding(res, schemadrift.Analyzer, schemadrift.RuleReplayFails, o.File, o.Pos(), o.EndPos(),
				fmt.Sprintf("this migration statement fails on %s: %v; a history that does not replay cannot build a new database: fix the statement or the order of the migrations", srv.Version, err)))
		}
		break // later statements fail for this one's sake
	}
	return added
}

// migrationStatements returns the SQL statements of migrations in replay
// order.
func migrationStatements(m *schema.Model) []*schema.Statement {
	var out []*schema.Statement
	for _, st := range m.Statements {
		if st.Source.Migration != nil && st.Stmt.Node != nil && !st.Source.Python {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Source.Migration, out[j].Source.Migration
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return out[i].Stmt.Start < out[j].Stmt.Start
	})
	return out
}

// renderModel writes the final model as DDL: schemas, tables with their
// columns, and the indexes acr knows; all of them, or (all false) only
// those the SQL history did not create.
func renderModel(m *schema.Model, all bool) []string {
	var out []string
	schemas := map[string]bool{}
	for _, t := range m.Tables {
		if t.PartitionOf != nil || (!all && bySQL(t.Created)) {
			continue
		}
		if t.Schema != "" && t.Schema != "public" && !schemas[t.Schema] {
			schemas[t.Schema] = true
			out = append(out, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(t.Schema))
		}
		var cols []string
		for _, c := range t.Columns {
			if c.Dropped {
				continue
			}
			typ := sqlType(c.Type)
			if c.Array {
				typ += "[]"
			}
			cols = append(cols, quoteIdent(c.Name)+" "+typ)
		}
		out = append(out, fmt.Sprintf("CREATE TABLE %s (%s)", qualified(t), strings.Join(cols, ", ")))
	}
	for _, t := range m.Tables {
		for _, ix := range t.Indexes {
			if !all && bySQL(ix.Origin) {
				continue
			}
			if ddl := renderIndex(t, ix); ddl != "" {
				out = append(out, ddl)
			}
		}
	}
	return out
}

// bySQL reports something a replayed SQL migration created.
func bySQL(o schema.Origin) bool {
	return o.Migration != nil && o.Migration.Tool != "alembic" && o.File != nil && o.File.Kind == pass.SQL
}

func renderIndex(t *schema.Table, ix *schema.Index) string {
	if ix.Stmt != nil && ix.Source != nil && !ix.Source.Python {
		return ix.Stmt.Text()
	}
	var elems []string
	for _, e := range ix.Elems {
		switch {
		case e.Column != "":
			s := quoteIdent(e.Column)
			if e.Opclass != "" {
				s += " " + e.Opclass
			}
			elems = append(elems, s)
		case e.Expr != nil:
			text, ok := deparseExpr(e.Expr)
			if !ok {
				return ""
			}
			elems = append(elems, "("+text+")")
		default:
			return ""
		}
	}
	if len(elems) == 0 {
		return ""
	}
	method := ix.Method
	if method == "" {
		method = "btree"
	}
	return fmt.Sprintf("CREATE INDEX ON %s USING %s (%s)", qualified(t), method, strings.Join(elems, ", "))
}

// sqlType maps acr's canonical type names to ones PostgreSQL creates; a
// type acr does not know (an enum of the repository's) becomes text.
func sqlType(t string) string {
	switch t {
	case "jsonb", "json", "int2", "int4", "int8", "float4", "float8", "numeric", "text", "varchar", "bpchar",
		"bool", "uuid", "date", "time", "timetz", "timestamp", "timestamptz", "interval", "bytea", "inet", "cidr",
		"macaddr", "tsvector", "xml", "money", "oid", "citext", "hstore":
		return t
	case "serial", "serial4":
		return "int4"
	case "bigserial", "serial8":
		return "int8"
	}
	return "text"
}

func qualified(t *schema.Table) string {
	if t.Schema == "" {
		return quoteIdent(t.Name)
	}
	return quoteIdent(t.Schema) + "." + quoteIdent(t.Name)
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
