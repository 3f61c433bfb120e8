package schema

import (
	"regexp"
	"strings"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// dialectHelper matches the helpers projects write to branch on the
// database: is_postgres(), _is_sqlite(), using_mysql, on_cockroachdb.
var dialectHelper = regexp.MustCompile(`(?i)^_*(?:is|using|use|on|uses)_(postgres|postgresql|pg|sqlite3?|mysql|mariadb|mssql|sqlserver|oracle|cockroach|cockroachdb)(?:_dialect|_db|_database)?$`)

// dialectSubject matches what a dialect comparison compares: the dialect
// or its name (op.get_bind().dialect.name, context.dialect.name,
// dialect_name, engine.name, bind.name).
var dialectSubject = regexp.MustCompile(`(?i)(dialect|(^|\.)(engine|bind|connection|conn|driver)\.name$|drivername)`)

// branchDialect returns the database a node runs on according to the
// innermost branch around it that tests the dialect (if
// op.get_bind().dialect.name == "postgresql":, if is_sqlite():, their elif
// and else, x if dialect == "mysql" else y): PostgreSQL, another
// dialect's name, or "" when no enclosing branch tests it.
func branchDialect(n *python.Node) string {
	child := n
	for a := range n.Ancestors() {
		switch a.Type() {
		case "if_statement":
			if d := ifBranchDialect(a, child); d != "" {
				return d
			}
		case "conditional_expression":
			// body if condition else alternative
			var parts []*python.Node
			for c := range a.NamedChildren() {
				parts = append(parts, c)
			}
			if len(parts) == 3 && child != parts[1] {
				if d, positive, ok := dialectTest(parts[1]); ok {
					if child == parts[0] {
						return branchOf(d, positive)
					}
					return branchOf(d, !positive)
				}
			}
		case "function_definition", "class_definition", "module":
			return ""
		}
		child = a
	}
	return ""
}

// ifBranchDialect decides the dialect of the part of an if statement that
// holds child: its consequence, an elif, or the else.
func ifBranchDialect(stmt, child *python.Node) string {
	cond := stmt.ChildByField("condition")
	if cond == nil || child == cond {
		return ""
	}
	if child == stmt.ChildByField("consequence") {
		if d, positive, ok := dialectTest(cond); ok {
			return branchOf(d, positive)
		}
		return ""
	}
	switch child.Type() {
	case "elif_clause":
		if ec := child.ChildByField("condition"); ec != nil {
			if d, positive, ok := dialectTest(ec); ok {
				return branchOf(d, positive)
			}
		}
		return ""
	case "else_clause":
		// The else runs on what none of the conditions named.
		conds := []*python.Node{cond}
		for alt := range stmt.ChildrenByField("alternative") {
			if alt.Type() == "elif_clause" {
				if ec := alt.ChildByField("condition"); ec != nil {
					conds = append(conds, ec)
				}
			}
		}
		for _, c := range conds {
			if d, positive, ok := dialectTest(c); ok {
				return branchOf(d, !positive)
			}
		}
	}
	return ""
}

// branchOf turns a test's outcome into the dialect of a branch: the branch
// taken when the dialect is d (positive), or when it is not. A branch
// taken when the dialect is not PostgreSQL is another database's; one
// taken when it is not SQLite, say, is taken as PostgreSQL's.
func branchOf(d string, positive bool) string {
	switch {
	case positive:
		return d
	case d == PostgreSQL:
		return "another database"
	default:
		return PostgreSQL
	}
}

// dialectTest reads a condition that tests the database: the dialect it
// names and whether the condition holds when the database is that one.
func dialectTest(cond *python.Node) (dialect string, positive, ok bool) {
	cond = cond.Unparen()
	switch cond.Type() {
	case "not_operator":
		if arg := cond.ChildByField("argument"); arg != nil {
			d, p, ok := dialectTest(arg)
			return d, !p, ok
		}
	case "boolean_operator":
		// a and b holds only when both do: a dialect test on either side
		// decides the branch. Or decides nothing.
		if op := cond.ChildByField("operator"); op != nil && op.Text() == "and" {
			for _, side := range []string{"left", "right"} {
				if s := cond.ChildByField(side); s != nil {
					if d, p, ok := dialectTest(s); ok && p {
						return d, true, true
					}
				}
			}
		}
	case "call":
		if fn := cond.ChildByField("function"); fn != nil {
			return helperDialect(fn)
		}
	case "identifier", "attribute":
		return helperDialect(cond)
	case "comparison_operator":
		return comparisonDialect(cond)
	}
	return "", false, false
}

// helperDialect reads is_postgres, self._is_sqlite and the like.
func helperDialect(fn *python.Node) (string, bool, bool) {
	name := fn.Text()
	if fn.Type() == "attribute" {
		if a := fn.ChildByField("attribute"); a != nil {
			name = a.Text()
		}
	}
	if m := dialectHelper.FindStringSubmatch(name); m != nil {
		if d := DialectName(m[1]); d != "" {
			return d, true, true
		}
	}
	return "", false, false
}

// comparisonDialect reads dialect.name == "postgresql", bind.dialect.name
// != "sqlite" and dialect.name in ("mysql", "mariadb").
func comparisonDialect(cmp *python.Node) (string, bool, bool) {
	var operands []*python.Node
	var ops []string
	for c := range cmp.Children() {
		if c.IsNamed() {
			operands = append(operands, c)
		} else {
			ops = append(ops, c.Text())
		}
	}
	if len(operands) != 2 || len(ops) == 0 {
		return "", false, false
	}
	op := strings.Join(ops, " ")
	subject, value := operands[0], operands[1]
	if !dialectSubject.MatchString(subject.Text()) {
		subject, value = value, subject
		if !dialectSubject.MatchString(subject.Text()) {
			return "", false, false
		}
	}
	var names []string
	switch value.Type() {
	case "string":
		names = []string{stringText(value)}
	case "tuple", "list", "set":
		for e := range value.NamedChildren() {
			if e.Type() == "string" {
				names = append(names, stringText(e))
			}
		}
	}
	var dialects []string
	for _, s := range names {
		if d := DialectName(s); d != "" {
			dialects = append(dialects, d)
		}
	}
	if len(dialects) == 0 {
		return "", false, false
	}
	d := dialects[0]
	for _, x := range dialects {
		if x == PostgreSQL {
			d = PostgreSQL
		}
	}
	switch op {
	case "==", "is", "in":
		return d, true, true
	case "!=", "is not", "not in":
		return d, false, true
	}
	return "", false, false
}

func stringText(n *python.Node) string {
	t := n.Text()
	t = strings.TrimLeft(t, "rRbBuU")
	return strings.Trim(t, `"'`)
}

// otherDialectBranch reports whether a node sits in a branch for another
// database than PostgreSQL.
func otherDialectBranch(n *python.Node) bool {
	d := branchDialect(n)
	return d != "" && d != PostgreSQL
}

// pgModules and otherDBModules are imports that show which database a
// module's SQLAlchemy code targets. SQLite is not evidence against
// PostgreSQL: projects test and develop on it.
var (
	pgModules      = []string{"sqlalchemy.dialects.postgresql", "psycopg", "psycopg2", "asyncpg", "pg8000", "aiopg"}
	otherDBModules = map[string]string{
		"sqlalchemy.dialects.mysql": "mysql", "pymysql": "mysql", "MySQLdb": "mysql", "aiomysql": "mysql",
		"asyncmy": "mysql", "sqlalchemy.dialects.mssql": "sqlserver", "pyodbc": "sqlserver", "pymssql": "sqlserver",
		"sqlalchemy.dialects.oracle": "oracle", "oracledb": "oracle", "cx_Oracle": "oracle",
	}
)

// importedDialects returns whether a module imports a PostgreSQL driver or
// dialect, and the other database whose driver or dialect it imports.
func importedDialects(m *pyindex.Module) (pg bool, other string) {
	for _, imp := range m.Imports {
		if imp.Level > 0 {
			continue
		}
		for _, name := range []string{imp.Qualified, imp.Module} {
			for _, p := range pgModules {
				if name == p || strings.HasPrefix(name, p+".") {
					pg = true
				}
			}
			for mod, d := range otherDBModules {
				if name == mod || strings.HasPrefix(name, mod+".") {
					other = d
				}
			}
		}
	}
	return pg, other
}

// repositoryDialect returns the database a repository's Python targets
// when it imports another database's driver or SQLAlchemy dialect and no
// PostgreSQL one anywhere (MLRun's MySQL server), or "".
func repositoryDialect(modules []*pyindex.Module) string {
	other := ""
	for _, m := range modules {
		if m == nil {
			continue
		}
		pg, o := importedDialects(m)
		if pg {
			return ""
		}
		if o != "" && other == "" {
			other = o
		}
	}
	return other
}
