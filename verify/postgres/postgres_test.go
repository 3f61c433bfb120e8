package postgres

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

var (
	shared    *Server
	sharedErr error
)

// TestMain starts one ephemeral cluster (or uses ACR_POSTGRES_DSN) for
// every test, and stops it at the end.
func TestMain(m *testing.M) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	shared, sharedErr = Start(ctx, Options{})
	cancel()
	code := m.Run()
	shared.Close()
	os.Exit(code)
}

// server returns the shared server or skips with how to enable the test.
func server(t *testing.T) *Server {
	t.Helper()
	if errors.Is(sharedErr, ErrUnavailable) && os.Getenv("ACR_VERIFY_REQUIRED") == "" {
		t.Skipf("PostgreSQL verification skipped (set ACR_VERIFY_REQUIRED=1 to make this an error): %v", sharedErr)
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func database(t *testing.T, s *Server) *Database {
	t.Helper()
	ctx := context.Background()
	d, err := s.NewDatabase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	return d
}

func apply(t *testing.T, d *Database, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if err := d.Apply(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestPlannerVerdicts(t *testing.T) {
	s := server(t)
	if !strings.HasPrefix(s.Version, "PostgreSQL ") {
		t.Errorf("version %q", s.Version)
	}
	d := database(t, s)
	ctx := context.Background()
	apply(t, d,
		"CREATE TABLE features (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, attrs jsonb NOT NULL, tags jsonb, raw json)",
		"CREATE INDEX features_attrs_gin ON features USING gin (attrs jsonb_path_ops)",
		"CREATE INDEX features_tags_gin ON features USING gin (tags)",
		"CREATE INDEX features_color ON features ((attrs->>'color'))",
	)
	cases := []struct {
		query  string
		served bool
		index  string
	}{
		{`SELECT id FROM features WHERE attrs @> '{"color":"red"}'`, true, "features_attrs_gin"},
		{`SELECT id FROM features WHERE attrs ? 'color'`, false, ""}, // jsonb_path_ops does not serve ?
		{`SELECT id FROM features WHERE tags ? 'vip'`, true, "features_tags_gin"},
		{`SELECT id FROM features WHERE attrs->>'color' = $1`, true, "features_color"},
		{`SELECT id FROM features WHERE attrs->>'size' = 'xl'`, false, ""},
		{`SELECT id FROM features WHERE attrs->>'size' = $1 AND customer_id = $2`, false, ""},
	}
	for _, c := range cases {
		v, err := d.ExplainIndex(ctx, c.query, "features")
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if v.Served != c.served || v.Index != c.index {
			t.Errorf("%s: served=%v index=%q (%s), want served=%v index=%q", c.query, v.Served, v.Index, v.Evidence, c.served, c.index)
		}
		if v.Evidence == "" {
			t.Errorf("%s: no evidence", c.query)
		}
	}
	typ, err := d.ColumnType(ctx, "features", "raw")
	if err != nil || typ != "json" {
		t.Errorf("ColumnType(raw) = %q, %v; want json", typ, err)
	}
	if d.hypothetical {
		v, ok, err := d.HypotheticalIndex(ctx, "CREATE INDEX ON features ((attrs->>'size'))", `SELECT id FROM features WHERE attrs->>'size' = 'xl'`, "features")
		if err != nil || !ok || !v.Served {
			t.Errorf("hypothetical expression index: %+v ok=%v err=%v", v, ok, err)
		}
		v, _, err = d.HypotheticalIndex(ctx, "CREATE INDEX ON features (customer_id)", `SELECT id FROM features WHERE attrs->>'size' = 'xl'`, "features")
		if err != nil || v.Served {
			t.Errorf("an index on another column serves ->>: %+v %v", v, err)
		}
	} else {
		t.Log("hypopg is not installed: hypothetical indexes not checked")
	}
}

// TestUntrustedSQLIsRefused pins the safety of replaying a fork's
// migrations: nothing reaches outside the throwaway database.
func TestUntrustedSQLIsRefused(t *testing.T) {
	s := server(t)
	d := database(t, s)
	ctx := context.Background()
	marker := t.TempDir() + "/pwned"
	refused := []string{
		"COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'",
		"CREATE EXTENSION plpython3u",
		"SELECT pg_read_file('/etc/passwd')",
		"COPY pg_catalog.pg_class TO '" + marker + "'",
		"ALTER SYSTEM SET fsync = on",
		"SET ROLE postgres",
		"CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'libc', 'getpid'",
	}
	for _, q := range refused {
		err := d.Apply(ctx, q)
		var re *RefusedError
		if !errors.As(err, &re) {
			t.Errorf("%s: err = %v, want refused", q, err)
		}
	}
	// What the screen cannot see, the role's privileges stop.
	err := d.Apply(ctx, "DO $$ BEGIN PERFORM pg_catalog.pg_read_file(chr(47) || 'etc/passwd'); END $$")
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("dynamic pg_read_file: err = %v, want permission denied", err)
	}
	err = d.Apply(ctx, "DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ' || quote_literal('touch "+marker+"'); END $$")
	if err == nil {
		t.Error("dynamic COPY TO PROGRAM ran")
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a refused statement wrote outside the cluster")
	}
	// Allowed extensions are created for the migration.
	apply(t, d, "CREATE EXTENSION IF NOT EXISTS pg_trgm")
}

func TestTimeoutsBoundAStatement(t *testing.T) {
	s := server(t)
	d := database(t, s)
	d.stmtTimeout = time.Second
	if _, err := d.conn.Exec(context.Background(), "SET statement_timeout = '1s'"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := d.Apply(context.Background(), "SELECT pg_sleep(60)")
	if err == nil || !strings.Contains(err.Error(), "statement timeout") {
		t.Errorf("err = %v, want a statement timeout", err)
	}
	if time.Since(start) > 3*StatementTimeout {
		t.Errorf("took %s", time.Since(start))
	}
}
