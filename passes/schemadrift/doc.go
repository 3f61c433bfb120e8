// Package schemadrift defines the Schema Drift Detector, the acr pass for
// the Logical view of the plan: epic REV-LOG-01 (stories LOG-REV-01-01 and
// LOG-REV-01-02) and spike SPK-REV-01.
//
// # Analyzer schemadrift
//
// schemadrift: check the hybrid relational/JSONB schema, its indexes and
// time travel.
//
// The pass requires the schema helper (package schema), which replays the
// repository's migrations, in order, into a model of the database at the
// end of the history, and collects the SQL the repository runs. The rules
// then compare that SQL with the indexes that exist:
//
//	SCHEMA101 json-not-jsonb                  json in DDL, Alembic or SQLAlchemy types (fix: jsonb)
//	SCHEMA102 jsonb-without-gin               jsonb column a query filters with @>, ? ... but no GIN index serves
//	SCHEMA103 operator-not-indexed            ?, ?|, ?& against jsonb_path_ops GIN indexes only
//	SCHEMA104 unindexed-json-extraction       ->>, #>>, jsonb_extract_path_text filters without a B-tree expression index
//	SCHEMA105 deeply-nested-json              paths and documents deeper than plan.max_json_depth
//	SCHEMA106 business-key-in-jsonb           plan.business_keys extracted from JSON, or kept only there
//	SCHEMA201 feature-table-without-event-time feature tables without an event_time or valid_from timestamp
//	SCHEMA202 feature-table-mutation          UPDATE, DELETE, upserts of feature tables (SCD2 closes allowed)
//	SCHEMA401 index-not-concurrent            CREATE INDEX on an existing table without CONCURRENTLY
//	SCHEMA402 concurrently-in-transaction     CONCURRENTLY inside a transaction block
//	SCHEMA403 drop-index-not-concurrent       DROP INDEX on an existing table without CONCURRENTLY
//	SCHEMA404 foreign-key-not-valid           foreign key added to an existing table without NOT VALID
//	SCHEMA405 lock-timeout-missing            ACCESS EXCLUSIVE change without lock_timeout or statement_timeout
//	SCHEMA501 sql-not-analysed                dynamic SQL that is not read (a note)
//	SCHEMA901 migration-does-not-replay       a migration statement PostgreSQL rejects (acrvet -verify=postgres)
//	SCHEMA902 migration-not-replayed          a migration statement verify refuses to run (acrvet -verify=postgres)
//
// The index facts the rules rely on: a GIN index with jsonb_ops (the
// default) serves @>, ?, ?|, ?&, @? and @@; one with jsonb_path_ops serves
// @>, @? and @@ only; no GIN index serves ->> or #>>, which only a B-tree
// index on exactly that expression (casts included) can serve. Column
// references match whatever alias or qualifier the query gives them, and
// the index SCHEMA104 suggests names the column bare, since an index
// expression may not name a query's alias. Containment asks whether the
// document holds a value, so SCHEMA104 offers it only for equality (=,
// = ANY, IN of constants, IS TRUE or IS FALSE, a boolean cast used as the
// predicate; ==, in_, is_(True) in SQLAlchemy); a range, <>, LIKE,
// BETWEEN or IS NULL gets the expression index or a relational column.
//
// Which index serves which test is one table (schema.Index.Serves): a
// hash index serves = (and IN, = ANY) only; the pattern classes
// (text_pattern_ops) serve = and LIKE 'prefix%' but not < or >; B-tree,
// hash, GiST, BRIN and SP-GiST have no operator class for jsonb's own
// operators; an operator class acr does not know is taken to serve. A
// partial index serves a query only when the query's filter (its WHERE
// and inner-join ON terms) implies the index's predicate, as the planner
// requires: the same condition, a value inside its IN list, a tighter
// range, a comparison that implies IS NOT NULL. A predicate on a column
// the filter never mentions is not implied; one the filter tests in a way
// acr cannot compare (a parameter, an OR) is taken to be.
// When a SQLAlchemy model declares the index a finding misses and no
// migration creates it, SCHEMA102 and SCHEMA104 say so: the migrations
// and the models have drifted apart.
//
// Queries that run once do not need indexes: SCHEMA102-104 ignore the
// queries of data migrations and of one-off scripts (pass/role: scripts/,
// tools/ ...), but not the views, materialized views and function bodies a
// migration defines, which run whenever they are used.
//
// Mage block atomicity (story LOG-REV-01-03) has a pass of its own, mage,
// which was part of this pass before v0.2.0: the name schemadrift still
// selects it wherever passes are named, with a note.
//
// acrvet -schemadrift ./alembic/versions is the command-line equivalent of
// the spec's validate_schema_migration.py --migration-dir.
//
// # Settings
//
//	-schemadrift.gin-scope       queried (default) or all: which jsonb columns SCHEMA102 requires a GIN index on
//	-schemadrift.locking         large-tables (default) or all: which builds without CONCURRENTLY SCHEMA401 reports as warnings
//	-schemadrift.time-columns    event_time,valid_from: the accepted time-travel columns
//	-schemadrift.scd2-columns    valid_to,is_current: what an allowed UPDATE of a feature table may set
//	-schemadrift.feature-columns features: jsonb columns that make a table a feature table
//
// The plan's feature_tables, business_keys, max_json_depth and
// large_tables apply too.
//
// Advice that pays only on a large table (SCHEMA401's blocking build,
// SCHEMA102 and SCHEMA104's indexes for a query) is a warning on a table
// the repository shows to be large or hot: plan.large_tables names it, it
// is declared PARTITION BY, or a migration indexes it CONCURRENTLY on its
// own. On other tables it is a note, which the precision figures leave out;
// large_tables: ["*"] takes every table as large. SCHEMA401 says nothing,
// and SCHEMA405 only notes, where the application applies its Alembic
// migrations itself at start-up before it serves, and neither reports a
// migration history another one has replaced.
//
// Only PostgreSQL is analysed. The dialect of a file comes from
// plan.sql_dialects (directory or glob to database), the file name's infix
// (0001_users.mysql.up.sql, .sqlite3., .cockroach., .postgres.), a
// directory named after a database (versions/sqlite/), or its migration
// tool's metadata (Prisma's migration_lock.toml provider, drizzle's
// meta/_journal.json dialect); anything else is taken as PostgreSQL,
// unless PostgreSQL cannot parse it and it is written in syntax
// PostgreSQL does not have: MySQL's AUTO_INCREMENT, ENGINE=, backticks,
// INT UNSIGNED, column COMMENT '...', and the accounts (app@'%') and
// privilege levels (db.*) of GRANT and CREATE USER, and USE db; SQLite's AUTOINCREMENT, WITHOUT
// ROWID and PRAGMA; SQL Server's IDENTITY(1,1), GO batches, dbo. and [dbo]. names
// and NVARCHAR(MAX). Such a file is that database's, not a syntax error;
// PostgreSQL that does not parse is still reported (ACR001). A
// repository whose Python imports another database's driver or SQLAlchemy
// dialect (pymysql, sqlalchemy.dialects.mysql) and no PostgreSQL one has
// its Alembic revisions and models skipped as that database's. Files
// for other databases are neither parsed nor checked, and one note for the
// whole run (acrvet -v, JSON and SARIF notes) counts them. A migration's
// PostgreSQL file replaces its generic one, as pop/popx choose. In Alembic
// revisions and application code, the branches for other databases (if
// op.get_bind().dialect.name == "mysql":, the else of if is_postgres():)
// are skipped: sa.JSON rendered for MySQL is not a PostgreSQL json column.
//
// Test code, benchmarks and examples (pass/role) are not read;
// application strings that do not parse as PostgreSQL are skipped, since
// they may target another database, while migrations and .sql files
// report their syntax errors.
package schemadrift
