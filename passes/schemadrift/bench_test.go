package schemadrift_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/schemadrift"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// writeCorpus writes a repository of n Alembic revisions, n raw SQL
// migrations, n service modules with SQL strings and n Python modules
// that hold no SQL at all (which the triggers must skip unparsed). It
// returns the bytes of migration and SQL text.
func writeCorpus(b *testing.B, dir string, n int) int64 {
	b.Helper()
	var size int64
	write := func(rel, content string, counted bool) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
		if counted {
			size += int64(len(content))
		}
	}
	for i := 0; i < n; i++ {
		down := "None"
		if i > 0 {
			down = fmt.Sprintf("%q", fmt.Sprintf("r%04d", i-1))
		}
		write(fmt.Sprintf("alembic/versions/r%04d.py", i), fmt.Sprintf(`from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r%04d"
down_revision = %s


def upgrade():
    op.create_table(
        "table_%d",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("features", postgresql.JSONB(astext_type=sa.Text())),
        sa.Column("raw", sa.JSON()),
    )
    op.create_index("ix_table_%d_features", "table_%d", ["features"], postgresql_using="gin")
    op.execute("UPDATE table_%d SET features = features - 'tmp' WHERE features->>'kind' = 'x'")


def downgrade():
    op.drop_table("table_%d")
`, i, down, i, i, i, i, i), true)
		write(fmt.Sprintf("db/migration/V%d__events_%d.sql", i+1, i), fmt.Sprintf(`-- migration %d
CREATE TABLE events_%d (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    event_time timestamptz NOT NULL DEFAULT now(),
    data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_%d_data ON events_%d USING gin (data jsonb_path_ops);
CREATE INDEX events_%d_kind ON events_%d ((data->>'kind'));
INSERT INTO events_%d (id, customer_id, data) VALUES (1, 1, '{"kind": "a", "score": {"v": 1}}'), (2, 2, '{}');
SELECT id FROM events_%d WHERE data @> '{"kind": "a"}' AND data->>'kind' = 'a';
`, i, i, i, i, i, i, i, i), true)
		write(fmt.Sprintf("service/repo_%d.py", i), fmt.Sprintf(`from sqlalchemy import text


def find(session, kind):
    return session.execute(text("SELECT id FROM events_%d WHERE data->>'kind' = :kind"), {"kind": kind})
`, i), false)
		write(fmt.Sprintf("lib/util_%d.py", i), fmt.Sprintf(`def add(a, b):
    """Module %d: no SQL here."""
    return a + b
`, i), false)
	}
	return size
}

// BenchmarkSchemaDrift measures a whole run of the pass through the
// driver: discovery, triggers, parsing, replay and the rules.
func BenchmarkSchemaDrift(b *testing.B) {
	const n = 100
	dir := b.TempDir()
	size := writeCorpus(b, dir, n)
	b.SetBytes(size)
	var res *checker.Result
	b.ResetTimer()
	for b.Loop() {
		var err error
		res, err = checker.Run([]string{dir}, []*acr.Analyzer{schemadrift.Analyzer}, checker.Options{Root: dir, PassesChosen: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors)
		}
	}
	model := res.Results[schema.Analyzer].(*schema.Model)
	b.ReportMetric(float64(len(model.Migrations)*b.N)/b.Elapsed().Seconds(), "migrations/s")
	b.ReportMetric(float64(len(res.Inputs[schema.Analyzer])), "files-parsed")
	b.ReportMetric(float64(len(res.Repo.Files())-len(res.Inputs[schema.Analyzer])), "files-skipped")
	b.ReportMetric(float64(len(res.Findings)), "findings")
}

// BenchmarkSchemaDriftRepo runs the pass over a real repository named by
// ACR_BENCH_REPO (a checkout with Alembic or SQL migrations), reporting
// migrations/s and MB/s of the SQL and migration files read.
func BenchmarkSchemaDriftRepo(b *testing.B) {
	dir := os.Getenv("ACR_BENCH_REPO")
	if dir == "" {
		b.Skip("set ACR_BENCH_REPO to a repository with migrations")
	}
	var res *checker.Result
	for b.Loop() {
		var err error
		res, err = checker.Run([]string{dir}, []*acr.Analyzer{schemadrift.Analyzer}, checker.Options{Root: dir, PassesChosen: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors)
		}
	}
	model := res.Results[schema.Analyzer].(*schema.Model)
	var size int64
	for _, m := range model.Migrations {
		size += m.File.Size
	}
	b.ReportMetric(float64(size*int64(b.N))/1e6/b.Elapsed().Seconds(), "MB-migrations/s")
	b.ReportMetric(float64(len(model.Migrations)*b.N)/b.Elapsed().Seconds(), "migrations/s")
	b.ReportMetric(float64(len(res.Inputs[schema.Analyzer])), "files-parsed")
	b.ReportMetric(float64(len(res.Repo.Files())-len(res.Inputs[schema.Analyzer])), "files-skipped")
	b.ReportMetric(float64(len(res.Findings)), "findings")
}
