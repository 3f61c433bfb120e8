package all_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
)

// TestNoPassWithoutEvidence reviews a FastAPI service with Postgres and
// nothing else: no Mage, no Redis, no H2O, no jsonb. Every criterion about
// those is not applicable or missing, never a pass; the criteria about
// what the repository has pass with what was checked.
func TestNoPassWithoutEvidence(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"src/service/main.py": `import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def startup():
    app.state.pool = await asyncpg.create_pool("postgresql://app@db/app")


@app.get("/customers/{cid}")
async def customer(cid: int):
    async with app.state.pool.acquire() as conn:
        return await conn.fetchrow("SELECT id, name FROM customers WHERE id = $1", cid)
`,
		"migrations/001_customers.sql": "CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL);\n",
		"docker-compose.yml": `services:
  api:
    image: python:3.12
    environment:
      DATABASE_URL: postgresql://app@db:5432/app
  db:
    image: postgres:16
    volumes:
      - pgdata:/var/lib/postgresql/data
volumes:
  pgdata:
`,
	})
	res, err := checker.Run([]string{root}, all.Analyzers(), checker.Options{Root: root})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	al := output.Align(res, res.Findings, nil)
	status := map[string]output.CriterionResult{}
	for _, cr := range al.Criteria {
		status[cr.Criterion.ID] = cr
	}
	absent := map[string][]string{
		"jsonb": {"§3.1.features", "§3.1.indexing", "LOG-REV-01-01.1", "LOG-REV-01-01.2", "LOG-REV-01-01.3", "SPK-REV-01"},
		"Mage": {"§3.1.atomicity", "LOG-REV-01-03.1", "LOG-REV-01-03.2", "§3.2.orchestration", "PHY-REV-01-03.2",
			"§3.5.drift", "SCN-REV-01-01.2"},
		"Redis": {"§3.2.caching", "PROC-REV-01-03.1", "PROC-REV-01-03.2", "PROC-REV-01-03.3"},
		"H2O": {"PROC-REV-01-01.2", "§3.3.artifacts", "§3.3.pinning", "DEV-REV-01-01.1", "DEV-REV-01-01.2",
			"DEV-REV-01-01.3", "DEV-REV-01-02.1", "DEV-REV-01-02.2", "DEV-REV-01-02.3", "SPK-REV-03", "§3.4.memory",
			"PHY-REV-01-01.1", "PHY-REV-01-01.2", "PHY-REV-01-01.3", "§3.5.hotswap"},
	}
	for subject, ids := range absent {
		for _, id := range ids {
			cr, ok := status[id]
			require.True(t, ok, id)
			assert.Contains(t, []output.Status{output.NotApplicable, output.Missing}, cr.Status,
				"%s (about %s) is %s: %s %v", id, subject, cr.Status.Mark(), cr.Note, cr.Examined)
		}
	}
	// What the plan requires and the repository lacks is missing.
	for _, id := range []string{"§3.1.features", "§3.1.atomicity", "§3.2.caching", "§3.3.artifacts"} {
		assert.Equal(t, output.Missing, status[id].Status, "%s: %s", id, status[id].Note)
	}
	// What the repository has passes, saying what was checked.
	for _, id := range []string{"PROC-REV-01-01.1", "PROC-REV-01-02.2", "PHY-REV-01-03.1"} {
		assert.Equal(t, output.Pass, status[id].Status, "%s: %s", id, status[id].Note)
		assert.NotEmpty(t, status[id].Examined, id)
	}
	md := output.MarkdownReport(res, res.Findings, output.Options{})
	assert.Contains(t, md, "- ⛔ A look-aside Redis cache serves the sub-50 ms latency target. — _missing: the plan requires a Redis cache, and the repository has none: no Redis commands in the repository_\n")
}

// writeRepo writes files (path: content) into a new temporary repository
// and returns its root.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, p), []byte(c), 0o644))
	}
	return root
}
