package verify

import (
	"context"
	"fmt"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/schemadrift"
	"github.com/acrvet/acr/passes/schemadrift/schema"
	"github.com/acrvet/acr/verify/postgres"
)

// explainFinding checks a finding that says no index serves a JSON filter
// (SCHEMA103, SCHEMA104): it plans the query the finding is in against the
// replayed schema with sequential scans off. An index scan whose condition
// uses the finding's column disproves it; a scan that filters on the
// column without an index confirms it.
func explainFinding(ctx context.Context, db *postgres.Database, m *schema.Model, fd checker.Finding) *Evidence {
	st := statementAt(m, fd)
	if st == nil {
		return &Evidence{Result: Failed, Evidence: "acr found no SQL statement at the finding to plan"}
	}
	query := withParameters(st)
	column := columnAt(fd)
	plan, err := db.Plan(ctx, query)
	if err != nil {
		return &Evidence{Result: Failed, Evidence: "planning the query failed: " + err.Error()}
	}
	var served, filtered []string
	relation := ""
	var walk func(n *postgres.PlanNode)
	walk = func(n *postgres.PlanNode) {
		cond := n.IndexCond + " " + n.RecheckCond
		switch n.NodeType {
		case "Index Scan", "Index Only Scan", "Bitmap Index Scan":
			if column != "" && strings.Contains(cond, column) {
				served = append(served, fmt.Sprintf("%s using %s, Index Cond: %s", n.NodeType, n.IndexName, strings.TrimSpace(cond)))
			}
		}
		if column != "" && strings.Contains(n.Filter, column) {
			filtered = append(filtered, fmt.Sprintf("%s on %s, Filter: %s", n.NodeType, n.RelationName, n.Filter))
			if relation == "" {
				relation = n.RelationName
			}
		}
		for i := range n.Plans {
			walk(&n.Plans[i])
		}
	}
	walk(plan)
	switch {
	case len(served) > 0:
		return &Evidence{Result: Disproved, Evidence: "an index serves the filter: " + served[0]}
	case len(filtered) > 0:
		e := &Evidence{Result: Confirmed, Evidence: "with sequential scans off, the planner still filters row by row: " + filtered[0]}
		if fd.Rule.ID == schemadrift.RuleExtractionFilter.ID {
			e.Evidence += adviceEvidence(ctx, db, fd, column, relation, query)
		}
		return e
	}
	return &Evidence{Result: Failed, Evidence: fmt.Sprintf("the plan neither uses an index on %q nor filters on it", column)}
}

// adviceEvidence proves SCHEMA104's advice, an expression index on the
// extraction, on a hypothetical index (hypopg): it says whether the
// planner would use the index the finding asks for. "" without hypopg.
func adviceEvidence(ctx context.Context, db *postgres.Database, fd checker.Finding, column, relation, query string) string {
	expr := expressionAt(fd, column)
	if expr == "" || relation == "" {
		return ""
	}
	ddl := fmt.Sprintf("CREATE INDEX ON %s ((%s))", relation, expr)
	v, ok, err := db.HypotheticalIndex(ctx, ddl, query, relation)
	switch {
	case !ok:
		return ""
	case err != nil:
		return "; hypopg could not try the advised index: " + err.Error()
	case v.Served:
		return fmt.Sprintf("; the advised index %s would serve it (hypopg: %s)", ddl, v.Evidence)
	}
	return fmt.Sprintf("; the planner would not use the advised index %s either (hypopg), so the advice needs another shape", ddl)
}

// expressionAt returns the finding's expression without its table alias
// (cf.features->>'k' is features->>'k'), as an index on the table spells it.
func expressionAt(fd checker.Finding, column string) string {
	text := findingText(fd)
	i := strings.Index(text, column)
	if column == "" || i < 0 {
		return ""
	}
	if prefix := strings.TrimLeft(text[:i], "( "); prefix != "" {
		text = strings.ReplaceAll(text, prefix+column, column)
	}
	return text
}

// statementAt returns the statement whose text holds the finding.
func statementAt(m *schema.Model, fd checker.Finding) *schema.Statement {
	for _, st := range m.Statements {
		if st.Source.File != fd.File || st.Stmt.Node == nil {
			continue
		}
		o := st.Origin()
		if o.Pos() <= fd.Diagnostic.Pos && fd.Diagnostic.Pos < o.EndPos() {
			return st
		}
	}
	return nil
}

// withParameters returns the statement's text with each template
// placeholder (%s, :name, {x}) replaced by a numbered parameter, $1, $2 ...
// in order of appearance, so the server can prepare it.
func withParameters(st *schema.Statement) string {
	text := st.Stmt.Text()
	sc := st.Stmt.Script()
	var spans []sqlsrc.Span
	for _, p := range sc.Placeholders {
		if p.Start >= st.Stmt.Start && p.End <= st.Stmt.End {
			spans = append(spans, p.Span)
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var b strings.Builder
	last := st.Stmt.Start
	n := 0
	names := map[string]int{}
	for _, sp := range spans {
		b.WriteString(text[last-st.Stmt.Start : sp.Start-st.Stmt.Start])
		name := text[sp.Start-st.Stmt.Start : sp.End-st.Stmt.Start]
		k, ok := names[name]
		if !ok || name == "%s" || name == "?" {
			n++
			k = n
			names[name] = k
		}
		fmt.Fprintf(&b, "$%d", k)
		last = sp.End
	}
	b.WriteString(text[last-st.Stmt.Start:])
	return b.String()
}

// findingText returns the source text the finding spans, or "".
func findingText(fd checker.Finding) string {
	content, err := fd.File.ReadFile()
	if err != nil {
		return ""
	}
	start, end := fd.File.Offset(fd.Diagnostic.Pos), fd.File.Offset(fd.Diagnostic.End)
	if start < 0 || end > len(content) || end <= start {
		return ""
	}
	return string(content[start:end])
}

// columnAt reads the JSON column of the finding's expression: the last
// identifier before its first JSON operator (e.attrs->>'k' is attrs).
func columnAt(fd checker.Finding) string {
	text := findingText(fd)
	cut := len(text)
	for _, op := range []string{"->", "#>", "@>", "<@", "?", "@@"} {
		if i := strings.Index(text, op); i >= 0 && i < cut {
			cut = i
		}
	}
	ident := strings.TrimSpace(strings.Trim(strings.TrimSpace(text[:cut]), "()"))
	if i := strings.LastIndexByte(ident, '.'); i >= 0 {
		ident = ident[i+1:]
	}
	return strings.Trim(ident, `"`)
}

// columnTypeFinding checks a json-not-jsonb finding against the catalog
// of the replayed schema.
func columnTypeFinding(ctx context.Context, db *postgres.Database, m *schema.Model, fd checker.Finding) *Evidence {
	for _, def := range m.ColumnDefs {
		for _, o := range []schema.Origin{def.TypeOrigin, def.Origin} {
			if o.File != fd.File || !(o.Pos() <= fd.Diagnostic.Pos && fd.Diagnostic.Pos < o.EndPos() || o.Pos() == fd.Diagnostic.Pos) {
				continue
			}
			typ, err := db.ColumnType(ctx, def.Table, def.Column)
			switch {
			case err != nil:
				return &Evidence{Result: Failed, Evidence: err.Error()}
			case typ == "":
				return &Evidence{Result: Failed, Evidence: fmt.Sprintf("%s.%s is not in the replayed schema", def.Table, def.Column)}
			case strings.HasPrefix(typ, "json") && !strings.HasPrefix(typ, "jsonb"):
				return &Evidence{Result: Confirmed, Evidence: fmt.Sprintf("pg_attribute gives %s.%s the type %s", def.Table, def.Column, typ)}
			default:
				return &Evidence{Result: Disproved, Evidence: fmt.Sprintf("pg_attribute gives %s.%s the type %s", def.Table, def.Column, typ)}
			}
		}
	}
	return nil
}

// deparseExpr writes an index expression as SQL text.
func deparseExpr(expr *pg.Node) (string, bool) {
	tree := &pg.ParseResult{Stmts: []*pg.RawStmt{{Stmt: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
		TargetList: []*pg.Node{{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Val: expr}}}},
	}}}}}}
	out, err := pg.Deparse(tree)
	if err != nil {
		return "", false
	}
	return strings.TrimPrefix(out, "SELECT "), true
}
