package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// A Database is a throwaway database with its own unprivileged role:
// the repository's SQL runs as that role.
type Database struct {
	server       *Server
	name, role   string
	conn         *pgx.Conn // as the role
	stmtTimeout  time.Duration
	hypothetical bool // hypopg is installed in the database
}

// StatementTimeout bounds each statement acr runs for the repository.
const StatementTimeout = 5 * time.Second

// NewDatabase creates a database and a role that owns it and nothing else.
// Close drops both.
func (s *Server) NewDatabase(ctx context.Context) (*Database, error) {
	admin, err := s.connect(ctx, "postgres", "", "")
	if err != nil {
		return nil, err
	}
	defer admin.Close(ctx)
	d := &Database{server: s, name: randomName("acr_verify_"), role: randomName("acr_replay_"), stmtTimeout: StatementTimeout}
	password := randomName("p")
	setup := []string{
		// LOGIN with a password for a server given by DSN; an ephemeral
		// cluster trusts its socket, which only its owner can open.
		fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS", d.role, password),
		fmt.Sprintf("CREATE DATABASE %s OWNER %s", d.name, d.role),
		fmt.Sprintf("ALTER ROLE %s SET statement_timeout = '%dms'", d.role, StatementTimeout.Milliseconds()),
		fmt.Sprintf("ALTER ROLE %s SET lock_timeout = '2s'", d.role),
		fmt.Sprintf("REVOKE ALL ON DATABASE %s FROM PUBLIC", d.name),
	}
	for _, q := range setup {
		if _, err := admin.Exec(ctx, q); err != nil {
			d.dropWith(ctx, admin)
			return nil, fmt.Errorf("creating the throwaway database: %v", err)
		}
	}
	// Extensions a migration may create are installed by the admin role
	// on demand (see allowedExtensions); hypopg, for proving index advice,
	// when the server has it.
	if dbAdmin, err := s.connect(ctx, d.name, "", ""); err == nil {
		if _, err := dbAdmin.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS hypopg"); err == nil {
			d.hypothetical = true
			dbAdmin.Exec(ctx, fmt.Sprintf("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %s", d.role))
		}
		dbAdmin.Close(ctx)
	}
	conn, err := s.connect(ctx, d.name, d.role, password)
	if err != nil {
		d.dropWith(ctx, admin)
		return nil, err
	}
	d.conn = conn
	return d, nil
}

// Close drops the database and its role.
func (d *Database) Close(ctx context.Context) error {
	if d.conn != nil {
		d.conn.Close(ctx)
	}
	admin, err := d.server.connect(ctx, "postgres", "", "")
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	return d.dropWith(ctx, admin)
}

func (d *Database) dropWith(ctx context.Context, admin *pgx.Conn) error {
	_, err1 := admin.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", d.name))
	_, err2 := admin.Exec(ctx, fmt.Sprintf("DROP ROLE IF EXISTS %s", d.role))
	return errors.Join(err1, err2)
}

// A RefusedError is a statement acr would not run: it reaches outside the
// database.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "refused: " + e.Reason }

// allowedExtensions may be created by a migration; the admin role creates
// them, since the replay role may not. Each is trusted SQL or C code that
// reads no server files and runs no programs.
var allowedExtensions = map[string]bool{
	"btree_gin": true, "btree_gist": true, "citext": true, "cube": true, "fuzzystrmatch": true,
	"hstore": true, "intarray": true, "isn": true, "ltree": true, "pg_trgm": true, "pgcrypto": true,
	"tablefunc": true, "unaccent": true, "uuid-ossp": true, "hypopg": true, "plpgsql": true,
}

// serverSideFunctions read or write server files, run programs or reach
// other servers.
var serverSideFunctions = map[string]bool{
	"pg_read_file": true, "pg_read_binary_file": true, "pg_ls_dir": true, "pg_stat_file": true,
	"lo_import": true, "lo_export": true, "pg_file_write": true, "pg_file_rename": true, "pg_file_unlink": true,
	"dblink": true, "dblink_exec": true, "dblink_connect": true, "pg_reload_conf": true, "pg_terminate_backend": true,
	"pg_cancel_backend": true, "pg_rotate_logfile": true, "set_config": true,
}

// screen refuses a statement that reaches outside the database, before it
// is sent. The replay role could not do these things anyway; refusing
// them first makes the report say why.
func screen(stmt *pg.Node) error {
	var refused error
	sqlsrc.Walk(stmt, func(cur *sqlsrc.Cursor) bool {
		switch n := cur.Node().(type) {
		case *pg.CopyStmt:
			if n.IsProgram {
				refused = &RefusedError{"COPY ... PROGRAM runs a program on the database server"}
			} else if n.Filename != "" {
				refused = &RefusedError{"COPY with a file name reads or writes a file on the database server"}
			}
		case *pg.CreateExtensionStmt:
			if !allowedExtensions[strings.ToLower(n.Extname)] {
				refused = &RefusedError{fmt.Sprintf("CREATE EXTENSION %s is not on acr's allow-list of extensions that run no programs and read no server files", n.Extname)}
			}
		case *pg.CreatePLangStmt:
			refused = &RefusedError{"CREATE LANGUAGE"}
		case *pg.AlterSystemStmt:
			refused = &RefusedError{"ALTER SYSTEM changes the server's configuration"}
		case *pg.LoadStmt:
			refused = &RefusedError{"LOAD loads a shared library into the server"}
		case *pg.VariableSetStmt:
			if name := strings.ToLower(n.Name); name == "role" || name == "session_authorization" {
				refused = &RefusedError{"SET ROLE and SET SESSION AUTHORIZATION change who runs the statements"}
			}
		case *pg.CreateFunctionStmt:
			for _, o := range n.Options {
				if de, ok := sqlsrc.Unwrap(o).(*pg.DefElem); ok && de.Defname == "language" {
					if lang, ok := sqlsrc.StringOf(de.Arg); ok && lang != "sql" && lang != "plpgsql" {
						refused = &RefusedError{fmt.Sprintf("a function in language %s", lang)}
					}
				}
			}
		case *pg.FuncCall:
			names := sqlsrc.Names(n.Funcname)
			if len(names) > 0 && serverSideFunctions[strings.ToLower(names[len(names)-1])] {
				refused = &RefusedError{fmt.Sprintf("%s reaches outside the database", names[len(names)-1])}
			}
		}
		return refused == nil
	})
	return refused
}

// Apply runs one statement of the repository's schema history. It
// returns a *RefusedError for a statement acr will not run, or the
// server's error.
func (d *Database) Apply(ctx context.Context, sql string) error {
	tree, err := pg.Parse(sql)
	if err != nil {
		return fmt.Errorf("syntax error: %v", err)
	}
	for _, raw := range tree.Stmts {
		if err := screen(raw.Stmt); err != nil {
			return err
		}
		if ext, ok := sqlsrc.Unwrap(raw.Stmt).(*pg.CreateExtensionStmt); ok {
			if err := d.createExtension(ctx, ext.Extname); err != nil {
				return err
			}
			return nil
		}
	}
	cctx, cancel := context.WithTimeout(ctx, d.stmtTimeout+time.Second)
	defer cancel()
	_, err = d.conn.Exec(cctx, sql, pgx.QueryExecModeSimpleProtocol)
	return serverError(err)
}

// createExtension installs an allowed extension as the admin role.
func (d *Database) createExtension(ctx context.Context, name string) error {
	admin, err := d.server.connect(ctx, d.name, "", "")
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS "+pgx.Identifier{name}.Sanitize())
	return serverError(err)
}

// serverError keeps the server's message and position, without pgx's
// wrapping.
func serverError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s (SQLSTATE %s)", strings.ToLower(pe.Severity), pe.Message, pe.Code)
	}
	return err
}

// ColumnType returns the type of table.column as the catalog has it
// ("jsonb", "json", ...), or "" when there is no such column.
func (d *Database) ColumnType(ctx context.Context, table, column string) (string, error) {
	var t string
	err := d.conn.QueryRow(ctx, `SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
		WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped`, table, column).Scan(&t)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return t, err
}

// A PlanNode is one node of an EXPLAIN (FORMAT JSON) plan.
type PlanNode struct {
	NodeType     string     `json:"Node Type"`
	RelationName string     `json:"Relation Name"`
	IndexName    string     `json:"Index Name"`
	IndexCond    string     `json:"Index Cond"`
	RecheckCond  string     `json:"Recheck Cond"`
	Filter       string     `json:"Filter"`
	Plans        []PlanNode `json:"Plans"`
}

// Scans returns the scan nodes of the plan on relation.
func (n *PlanNode) Scans(relation string) []PlanNode {
	var out []PlanNode
	var walk func(p *PlanNode)
	walk = func(p *PlanNode) {
		if strings.HasSuffix(p.NodeType, "Scan") && (p.RelationName == relation || p.NodeType == "Bitmap Index Scan") {
			out = append(out, *p)
		}
		for i := range p.Plans {
			walk(&p.Plans[i])
		}
	}
	walk(n)
	return out
}

// An IndexVerdict is what the planner said of a query's access to a table.
type IndexVerdict struct {
	// Served reports that an index scan reads the table.
	Served bool
	// Index is the index used, when Served.
	Index string
	// Evidence describes the scan: "Seq Scan on t, Filter: ..." or
	// "Bitmap Index Scan using idx, Index Cond: ...".
	Evidence string
}

// ExplainIndex plans query with sequential scans disabled and reports
// whether an index serves its access to relation. A query with $n
// parameters is prepared and planned generically, so no value is needed.
func (d *Database) ExplainIndex(ctx context.Context, query, relation string) (*IndexVerdict, error) {
	plan, err := d.Plan(ctx, query)
	if err != nil {
		return nil, err
	}
	return verdictOf(plan, relation), nil
}

// Plan returns the plan of query with sequential scans disabled, planned
// generically when it has $n parameters.
func (d *Database) Plan(ctx context.Context, query string) (*PlanNode, error) {
	tx, err := d.conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	for _, q := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL plan_cache_mode = force_generic_plan"} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return nil, serverError(err)
		}
	}
	if _, err := tx.Exec(ctx, "PREPARE acr_q AS "+query, pgx.QueryExecModeSimpleProtocol); err != nil {
		return nil, serverError(err)
	}
	// Prepared statements belong to the session, not the transaction.
	defer d.conn.Exec(ctx, "DEALLOCATE acr_q")
	var n int
	if err := tx.QueryRow(ctx, "SELECT cardinality(parameter_types) FROM pg_prepared_statements WHERE name = 'acr_q'").Scan(&n); err != nil {
		return nil, serverError(err)
	}
	args := make([]string, n)
	for i := range args {
		args[i] = "NULL"
	}
	explain := "EXPLAIN (FORMAT JSON) EXECUTE acr_q"
	if n > 0 {
		explain += "(" + strings.Join(args, ", ") + ")"
	}
	var raw []byte
	if err := tx.QueryRow(ctx, explain, pgx.QueryExecModeSimpleProtocol).Scan(&raw); err != nil {
		return nil, serverError(err)
	}
	var plans []struct {
		Plan PlanNode `json:"Plan"`
	}
	if err := json.Unmarshal(raw, &plans); err != nil || len(plans) == 0 {
		return nil, fmt.Errorf("reading the plan: %v", err)
	}
	return &plans[0].Plan, nil
}

func verdictOf(plan *PlanNode, relation string) *IndexVerdict {
	scans := plan.Scans(relation)
	v := &IndexVerdict{}
	var seq []string
	for _, s := range scans {
		switch s.NodeType {
		case "Index Scan", "Index Only Scan", "Bitmap Index Scan":
			if !v.Served {
				v.Served, v.Index = true, s.IndexName
				v.Evidence = fmt.Sprintf("%s using %s", s.NodeType, s.IndexName)
				if s.IndexCond != "" {
					v.Evidence += ", Index Cond: " + s.IndexCond
				}
			}
		case "Seq Scan":
			e := "Seq Scan on " + s.RelationName
			if s.Filter != "" {
				e += ", Filter: " + s.Filter
			}
			seq = append(seq, e)
		}
	}
	if !v.Served {
		v.Evidence = strings.Join(seq, "; ")
		if v.Evidence == "" {
			v.Evidence = "no scan of " + relation + " in the plan"
		}
	}
	return v
}

// HypotheticalIndex creates the index of a CREATE INDEX statement as a
// hypopg hypothetical index and reports whether the planner would use it
// for query. ok is false when hypopg is not installed.
func (d *Database) HypotheticalIndex(ctx context.Context, createIndex, query, relation string) (v *IndexVerdict, ok bool, err error) {
	if !d.hypothetical {
		return nil, false, nil
	}
	var oid uint32
	var name string
	if err := d.conn.QueryRow(ctx, "SELECT indexrelid, indexname FROM hypopg_create_index($1)", createIndex).Scan(&oid, &name); err != nil {
		return nil, true, serverError(err)
	}
	defer d.conn.Exec(ctx, "SELECT hypopg_drop_index($1)", oid)
	v, err = d.ExplainIndex(ctx, query, relation)
	return v, true, err
}
