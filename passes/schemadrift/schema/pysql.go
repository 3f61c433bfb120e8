package schema

import (
	"sort"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/pyindex"
)

// A pyFile is a Python module with the SQL it holds.
type pyFile struct {
	f *pass.File
	m *pyindex.Module
	// mig is set for Alembic revisions.
	mig *Migration
	rev *alembicRev
	// seen holds the string literals already parsed, by start offset, so
	// a constant passed to several calls is read once.
	seen map[int]bool
}

// sqlMethods are the methods and functions that take SQL, with the
// position of the SQL argument.
var sqlMethods = map[string]int{
	"execute": 0, "executemany": 0, "executescript": 0, "exec_driver_sql": 0, "mogrify": 0,
	"fetch": 0, "fetchrow": 0, "fetchval": 0, "fetch_all": 0, "fetch_one": 0, "fetch_val": 0, "iterate": 0,
	"copy_expert": 0, "read_sql": 0, "read_sql_query": 0, "prepare": 0,
	"execute_values": 1, "execute_batch": 1,
}

var sqlKeywordsArgs = []string{"sql", "query", "statement", "operation", "stmt"}

func isTextCall(c *pyindex.Call) bool {
	switch c.Callee {
	case "sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlmodel.text":
		return true
	}
	return false
}

// sqlArgOf returns the argument of a call that holds SQL, and whether the
// call is known to take SQL (rather than a method that happens to be
// called execute).
func sqlArgOf(c *pyindex.Call) (*pyindex.Arg, bool) {
	if isTextCall(c) {
		// text() also builds expressions (server defaults, index
		// elements): on its own it holds SQL only if it looks like it.
		return c.Arg(0, "text"), false
	}
	if strings.HasPrefix(c.Callee, "alembic.op.") {
		switch c.Method {
		case "execute":
			return c.Arg(0, "sqltext"), true
		}
		return nil, false
	}
	pos, ok := sqlMethods[c.Method]
	if !ok {
		return nil, false
	}
	if a := c.Positional(pos); a != nil {
		return a, false
	}
	for _, k := range sqlKeywordsArgs {
		if a := c.Keyword(k); a != nil {
			return a, false
		}
	}
	return nil, false
}

// sqlContextFor describes how SQL passed by a call runs.
type pySQLUse struct {
	call       *pyindex.Call
	sure       bool   // the callee takes SQL: no need for the text to look like it
	autocommit bool   // inside an Alembic autocommit_block
	toolTx     string // the migration tool's transaction
}

// collectSQL reads the SQL of every call of the module that passes SQL,
// in source order, and hands each text to emit.
func (p *pyFile) collectSQL(calls []*pyindex.Call, txReason func(*pyindex.Call) (string, bool), emit func(*Source, *pySQLUse)) []*Dynamic {
	var dyn []*Dynamic
	if p.seen == nil {
		p.seen = map[int]bool{}
	}
	sorted := append([]*pyindex.Call(nil), calls...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Node.Start() < sorted[j].Node.Start() })
	for _, c := range sorted {
		arg, sure := sqlArgOf(c)
		if arg == nil || arg.Star != "" || otherDialectBranch(c.Node) {
			continue
		}
		use := &pySQLUse{call: c, sure: sure}
		if txReason != nil {
			use.toolTx, use.autocommit = txReason(c)
		}
		dyn = append(dyn, p.sqlValue(arg.Value, use, false, 0, emit)...)
	}
	return dyn
}

// sqlValue reads a Python expression passed where SQL is expected.
func (p *pyFile) sqlValue(expr *python.Node, use *pySQLUse, template bool, depth int, emit func(*Source, *pySQLUse)) []*Dynamic {
	if expr == nil || depth > 4 {
		return nil
	}
	expr = expr.Unparen()
	dynamic := func(why string) []*Dynamic {
		return []*Dynamic{{Origin: p.origin(expr), Why: why}}
	}
	switch expr.Type() {
	case "string", "concatenated_string":
		lt, ok := literalTextResolving(expr, p.moduleString)
		if !ok || otherDialectBranch(expr) {
			return nil
		}
		if lt.dynamic != "" {
			if !use.sure && !looksLikeSQL(lt.value) {
				return nil
			}
			d := dynamic(lt.dynamic)
			if lt.dynamic == "f-string" {
				d[0].Interpolated = true
				d[0].Values, d[0].Fragments, d[0].Utility = fstringInterpolations(p.m, expr)
			}
			return d
		}
		if !use.sure && !looksLikeSQL(lt.value) {
			return nil
		}
		if p.seen == nil {
			p.seen = map[int]bool{}
		}
		if p.seen[expr.Start()] {
			return nil
		}
		p.seen[expr.Start()] = true
		sc := sqlsrc.ParseString(lt.value, 0)
		src := &Source{File: p.f, Script: sc, Migration: p.mig, Python: true, Call: use.call.Text,
			Autocommit: use.autocommit, offs: lt.offs}
		if template && len(sc.Errors) > 0 {
			// The placeholders of a format template stood for SQL
			// fragments, not values: the text is not SQL on its own.
			return dynamic("a format template whose placeholders stand for SQL fragments")
		}
		emit(src, use)
		return nil
	case "call":
		c := p.m.Call(expr)
		if c == nil {
			return nil
		}
		switch {
		case isTextCall(c):
			if a := c.Arg(0, "text"); a != nil {
				inner := *use
				inner.sure = true
				return p.sqlValue(a.Value, &inner, template, depth+1, emit)
			}
		case c.Method == "format" && c.Receiver != nil && isStringNode(c.Receiver):
			return p.sqlValue(c.Receiver, use, true, depth+1, emit)
		case c.Method == "strip" || c.Method == "lstrip" || c.Method == "rstrip":
			// Whitespace does not change SQL.
			if c.Receiver != nil {
				return p.sqlValue(c.Receiver, use, template, depth+1, emit)
			}
		case c.Callee == "textwrap.dedent" || c.Callee == "inspect.cleandoc":
			if a := c.Positional(0); a != nil {
				return p.sqlValue(a.Value, use, template, depth+1, emit)
			}
		case c.Method == "join" && c.Receiver != nil && isStringNode(c.Receiver):
			if use.sure {
				return dynamic("a string joined at run time")
			}
		}
	case "binary_operator":
		op := expr.ChildByField("operator")
		left := expr.ChildByField("left")
		switch {
		case op != nil && op.Text() == "%" && isStringNode(left):
			// "... %s ..." % args: the template is the SQL, with
			// DB-API-style placeholders.
			return p.sqlValue(left, use, true, depth+1, emit)
		case op != nil && op.Text() == "+":
			if concatenationOfConstants(p.m, expr) {
				return nil // constants only: nothing is built from input
			}
			if use.sure || stringLooksLikeSQL(left) {
				return dynamic("string concatenation")
			}
		}
	case "identifier":
		b := p.postgresBinding(expr)
		if b != nil && (b.Kind == pyindex.AssignBinding || b.Kind == pyindex.AnnotationBinding) && b.Value != nil {
			return p.sqlValue(b.Value, use, template, depth+1, emit)
		}
	}
	return nil
}

// moduleString returns the text of a module-level name bound once to a
// plain string literal (TABLE = "events"): an f-string interpolating only
// such names is constant SQL, read like a literal.
func (p *pyFile) moduleString(e *python.Node) (string, bool) {
	e = e.Unparen()
	if e.Type() != "identifier" {
		return "", false
	}
	b := boundOnce(p.m, e)
	if b == nil {
		return "", false
	}
	lt, ok := literalText(b.Value)
	if !ok || lt.dynamic != "" {
		return "", false
	}
	return lt.value, true
}

func isStringNode(n *python.Node) bool {
	n = n.Unparen()
	return n.Type() == "string" || n.Type() == "concatenated_string"
}

func stringLooksLikeSQL(n *python.Node) bool {
	if n == nil {
		return false
	}
	n = n.Unparen()
	if n.Type() == "binary_operator" {
		return stringLooksLikeSQL(n.ChildByField("left"))
	}
	lt, ok := literalText(n)
	return ok && looksLikeSQL(lt.value)
}

func (p *pyFile) origin(n *python.Node) Origin {
	return Origin{Span: pass.SpanOf(p.f, n.Start(), n.End()), Migration: p.mig}
}

// autocommitAt reports whether a call runs inside `with
// op.get_context().autocommit_block():`.
func autocommitAt(n *python.Node) bool {
	for a := range n.Ancestors() {
		if a.Type() != "with_statement" {
			continue
		}
		if clause := a.ChildByField("with_clause"); clause == nil {
			for c := range a.NamedChildren() {
				if c.Type() == "with_clause" && strings.Contains(c.Text(), "autocommit_block") {
					return true
				}
			}
		} else if strings.Contains(clause.Text(), "autocommit_block") {
			return true
		}
	}
	return false
}

// postgresBinding looks a name up; when the binding found is made in a
// branch for another database (query = "INSERT OR IGNORE ..." under
// else: of if is_postgres():), it prefers an earlier binding of the name
// made in the PostgreSQL branch.
func (p *pyFile) postgresBinding(ident *python.Node) *pyindex.Binding {
	b := p.m.Lookup(ident.Text(), ident)
	if b == nil || b.Value == nil || !otherDialectBranch(b.Value) {
		return b
	}
	s := p.m.ScopeAt(ident)
	if s == nil {
		return b
	}
	for _, alt := range s.Bindings[ident.Text()] {
		if alt.Value != nil && alt.Value.Start() < ident.Start() && branchDialect(alt.Value) == PostgreSQL {
			return alt
		}
	}
	return b
}
