package schemadrift

import "github.com/acrvet/acr"

const refVerify = "https://www.postgresql.org/docs/current/sql-explain.html"

// Rules only acrvet -verify=postgres reports: what a real server says of
// the history, which no static rule can know.
var (
	RuleReplayFails = &acr.Rule{
		ID: "SCHEMA901", Engine: "postgres", Name: "migration-does-not-replay", Title: "migration statement fails on PostgreSQL",
		Severity: acr.SeverityError, View: acr.Logical, Story: storyIndexing, Since: "v0.2.0",
		What: "With `-verify=postgres`, acrvet replays the repository's SQL migration history, in order, into a " +
			"throwaway database and reports the first statement the server rejects, with the server's error.",
		Why: "A history that does not replay cannot build a new database: a fresh environment, a CI database or a " +
			"disaster recovery fails at that statement, however well the production database was patched by hand.",
		Example:    "-- 002_add_index.sql\nCREATE INDEX events_kind ON event (kind);  -- the table is events",
		UseInstead: "CREATE INDEX events_kind ON events (kind);",
		Options:    "-verify=postgres (or verify: [postgres] in .acr.yaml); -postgres-dsn or ACR_POSTGRES_DSN to use a server instead of an ephemeral one.",
		References: []string{refVerify},
	}
	RuleReplayRefused = &acr.Rule{
		ID: "SCHEMA902", Engine: "postgres", Name: "migration-not-replayed", Title: "migration statement that verify refuses to run",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyIndexing, Since: "v0.2.0",
		What: "With `-verify=postgres`, reports a migration statement that acrvet does not run because it reaches " +
			"outside the database: `COPY ... PROGRAM` or to a server file, server-side file functions " +
			"(`pg_read_file`, `lo_import`), `CREATE EXTENSION` of an extension outside a short allow-list, " +
			"functions in untrusted languages, `ALTER SYSTEM`, `SET ROLE`. The rest of the history is not replayed.",
		Why: "Verification runs the repository's SQL, which a pull request from a fork can write; such statements " +
			"are also a security review's business in any migration.",
		Example:    "COPY (SELECT 1) TO PROGRAM 'curl ...';",
		UseInstead: "Keep migrations to schema and data changes inside the database.",
		References: []string{refVerify},
	}
)
