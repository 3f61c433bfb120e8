package schemadrift

import "github.com/acrvet/acr"

// Story ids of the plan's epic REV-LOG-01 and spike SPK-REV-01.
const (
	storyIndexing   = "LOG-REV-01-01"
	storyTimeTravel = "LOG-REV-01-02"
	spikeNesting    = "SPK-REV-01"
	since           = "v0.1.0"
)

const (
	refJSONTypes       = "https://www.postgresql.org/docs/current/datatype-json.html"
	refJSONIndex       = "https://www.postgresql.org/docs/current/datatype-json.html#JSON-INDEXING"
	refGINOps          = "https://www.postgresql.org/docs/current/gin-builtin-opclasses.html"
	refExprIndex       = "https://www.postgresql.org/docs/current/indexes-expressional.html"
	refCreateIdx       = "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY"
	refAutocommit      = "https://alembic.sqlalchemy.org/en/latest/api/runtime.html#alembic.runtime.migration.MigrationContext.autocommit_block"
	refSCD2            = "https://en.wikipedia.org/wiki/Slowly_changing_dimension#Type_2:_add_new_row"
	refDropIndex       = "https://www.postgresql.org/docs/current/sql-dropindex.html"
	refAlterTable      = "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES"
	refLockTimeout     = "https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT"
	refExplicitLocking = "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
)

// Rules of the schemadrift pass.
var (
	RuleJSONType = &acr.Rule{
		ID: "SCHEMA101", Name: "json-not-jsonb", Title: "column declared json instead of jsonb",
		Severity: acr.SeverityError, View: acr.Logical, Story: storyIndexing, Since: since,
		Criteria: []string{"§3.1.features", "LOG-REV-01-01.1", "SPK-REV-01"},
		What: "Reports columns whose type is `json` (or `json[]`): in `CREATE TABLE`, `ALTER TABLE ... ADD COLUMN` " +
			"and `ALTER COLUMN ... TYPE`, in Alembic `sa.Column`, `op.add_column` and `op.alter_column(type_=...)`, " +
			"and in SQLAlchemy models. `sa.JSON` and `postgresql.JSON` render `json`; `postgresql.JSONB`, " +
			"`sa.JSON().with_variant(postgresql.JSONB(), \"postgresql\")` and a project type whose `impl` is JSONB " +
			"render `jsonb` and are not reported. It is an error where a query navigates inside the column with JSON " +
			"operators (the finding names it; `self.data[\"k\"]` in a plain method of the model reads the loaded row in Python " +
			"and is no query, in a `hybrid_property` it is SQL) without first finding its rows by an indexed column (an equality on a " +
			"column that leads an index, in the same WHERE clause or SQLAlchemy filter chain, including a query built in " +
			"steps, `stmt = select(M).filter(M.project_id == p)` then `stmt = stmt.filter(...)`; where every such query " +
			"does, json is re-parsed only for those few rows and it is a note that names one), and where the plan requires jsonb (`plan.require_jsonb: true`, as the " +
			"architecture plan's \"Use JSONB with GIN indexes\" does). Elsewhere it is a note: json stored and read whole " +
			"costs nothing jsonb would save. The note says why where json looks deliberate (`postgresql.JSON` " +
			"written out, a Prisma migration, whose `Json` is jsonb unless the schema asks for `@db.Json`, or an SQL " +
			"comment beside it that weighs json against jsonb for key order or duplicates) or portable (the repository " +
			"ships migrations for other databases, or its Alembic migrations use `batch_alter_table`, which exists for " +
			"SQLite). A column that a SQLAlchemy model declares as well as a migration is reported once, at the model, where " +
			"its type is changed; the migration that added it is history. A domain over `json` is reported once, where its base type " +
			"is written, when a column uses it.",
		Why: "`json` stores the text as written and re-parses it on every access. It has no equality operator, " +
			"no containment (`@>`) or key-existence (`?`) operators and no GIN operator class, so the plan's " +
			"feature columns could never be indexed: every filter on them reads and parses every row.",
		Example:    "CREATE TABLE features (id bigint PRIMARY KEY, data json);",
		UseInstead: "CREATE TABLE features (id bigint PRIMARY KEY, data jsonb);",
		FixSafety: "The fix rewrites the type name `json` to `jsonb` in SQL, and `sa.JSON`/`postgresql.JSON` to " +
			"`postgresql.JSONB` where the module already imports the PostgreSQL dialect. For a new column it is " +
			"safe. For an existing column the migration must convert the data (`USING data::jsonb`): jsonb drops " +
			"duplicate keys and key order, so check that nothing depends on them.",
		References: []string{refJSONTypes},
	}
	RuleJSONBWithoutGIN = &acr.Rule{
		ID: "SCHEMA102", Name: "jsonb-without-gin", Title: "jsonb column without a GIN index",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyIndexing, Since: since,
		Criteria: []string{"§3.1.indexing", "LOG-REV-01-01.2"},
		What: "Replays the whole migration history and reports each `jsonb` column that has no GIN index on the " +
			"column at the end of it, at the place the column was added, when a query of the product filters it with " +
			"an operator a GIN index serves: `@>`, `?`, `?|`, `?&`, `@?`, `@@` in SQL (queries, views, function " +
			"bodies) or SQLAlchemy's `.contains()`, `.has_key()`, `.has_any()`, `.has_all()`. The finding names the " +
			"first such query and lists them as related locations. A column only read and written whole needs no " +
			"index and is not reported, nor is one filtered only by data migrations and one-off scripts (they run " +
			"once). A column of a table nothing shows to be large (see SCHEMA401: plan.large_tables, partitioning, a " +
			"CONCURRENTLY build) is reported as a note: a scan of a small table is cheap. An index added by a later migration counts; one dropped later does not; renames of columns and " +
			"tables are followed. A GIN index on an expression over the column (a trigram index on `data->>'name'`) " +
			"serves no containment test and does not count, nor does a partial GIN index for a query whose filter does " +
			"not imply its predicate.",
		Why: "The plan requires every JSONB column used for filtering to be backed by a GIN index. Without one, " +
			"containment and key-existence filters read every row and de-TOAST every document: the IO cliff " +
			"that grows with the table.",
		Example:    "ALTER TABLE features ADD COLUMN attrs jsonb;\nSELECT id FROM features WHERE attrs @> '{\"vip\": true}';",
		UseInstead: "ALTER TABLE features ADD COLUMN attrs jsonb;\nCREATE INDEX CONCURRENTLY features_attrs_gin ON features USING gin (attrs jsonb_path_ops);",
		Options:    "schemadrift.gin-scope: `queried` (default) reports the jsonb columns the product filters with a GIN operator; `all` every jsonb column without a GIN index.",
		References: []string{refJSONIndex},
	}
	RuleOperatorNotIndexed = &acr.Rule{
		ID: "SCHEMA103", Name: "operator-not-indexed", Title: "jsonb operator that no index serves",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyIndexing, Since: since,
		Criteria: []string{"§3.1.indexing", "LOG-REV-01-01.2"},
		What: "Reports the key-existence operators `?`, `?|` and `?&` (SQLAlchemy `.has_key()`, `.has_any()`, " +
			"`.has_all()`) in `WHERE` and `JOIN ... ON` on a column whose GIN indexes all use `jsonb_path_ops`, " +
			"which serves `@>`, `@?` and `@@` only. A column with no GIN index at all is SCHEMA102's finding. Data " +
			"migrations and one-off scripts (scripts/, tools/) run once and are not reported.",
		Why: "The query reads every row even though it looks indexable: the planner can only use an index " +
			"whose operator class has the operator.",
		Example:    "CREATE INDEX ON events USING gin (data jsonb_path_ops);\nSELECT * FROM events WHERE data ? 'coupon';",
		UseInstead: "SELECT * FROM events WHERE data @> '{\"coupon\": true}';  -- or a jsonb_ops GIN index for ?",
		References: []string{refGINOps},
	}
	RuleExtractionFilter = &acr.Rule{
		ID: "SCHEMA104", Name: "unindexed-json-extraction", Title: "->> filter without a matching expression index",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyIndexing, Since: since,
		Criteria: []string{"§3.1.indexing", "LOG-REV-01-01.3"},
		What: "Reports `->>`, `#>>` and `jsonb_extract_path_text` (and SQLAlchemy `col[\"k\"].astext`, `col.op(\"->>\")(\"k\")`, " +
			"`.as_string()`) in `WHERE` (of `SELECT`, `UPDATE` and `DELETE`), `JOIN ... ON`, `MERGE ... ON` and `HAVING` on a column of a known table that has no " +
			"B-tree index on exactly that expression (casts included: an index on `(data->>'n')` does not serve " +
			"`(data->>'n')::int`, nor `lower(data->>'n')`, SQLAlchemy's `func.lower(col[\"k\"].astext)` included, which an " +
			"`Index(..., func.lower(...))` of a model serves). SQL in migrations, query files and application strings is read. Table aliases and " +
			"qualifiers do not matter: `e.data->>'k'` is served by an index on `((data->>'k'))`, and the suggested " +
			"index names the column bare, as an index expression must. Containment is suggested only for equality " +
			"(`=`, `= ANY`, `IN` of constants, `IS TRUE`/`IS FALSE`, a boolean cast used as the predicate): a range, " +
			"`<>`, `LIKE`, `BETWEEN` or `IS NULL` gets the expression index (or a relational or generated column) only. " +
			"An index on the expression that cannot serve the test does not count: a hash index for anything but " +
			"equality, a `text_pattern_ops` index for `<` or `>`, a partial index when the query's filter does not imply " +
			"its predicate. " +
			"A key given as a parameter (`data->>$1`, `data->>:key`, `data->>%(key)s`) is reported too, since no " +
			"expression index can name it: an equality gets containment with the key built at run time " +
			"(`data @> jsonb_build_object($1, $2)`), anything else relational columns. " +
			"When a generated column of the table holds exactly the expression, the advice is to filter by that column. " +
			"Not reported: a query where another predicate of the same table, an equality on a column an index leads " +
			"with (a foreign key, the primary key, or an inner join on such a key when the joined table is restricted " +
			"too), finds the rows first, and data migrations and one-off scripts, which run once. On a table nothing " +
			"shows to be large (see SCHEMA401: plan.large_tables, partitioning, a CONCURRENTLY build) the finding is a " +
			"note: a scan of a small table is cheap.",
		Why: "A GIN index never serves `->>`: the extraction is evaluated for every row, which fetches and " +
			"decompresses every TOASTed document (spec section 6.3, the IO cliff). Containment (`@>`) asks whether " +
			"the document holds a value, so it can replace an equality test but not a comparison.",
		Example:    "SELECT id FROM events e WHERE e.data->>'kind' = 'click';\nSELECT id FROM events e WHERE (e.data->>'retries')::int >= 3;",
		UseInstead: "SELECT id FROM events e WHERE e.data @> '{\"kind\": \"click\"}';\n-- or: CREATE INDEX CONCURRENTLY events_kind ON events ((data->>'kind'));\n-- a range needs the expression index (or a generated column):\nCREATE INDEX CONCURRENTLY events_retries ON events (((data->>'retries')::int));",
		References: []string{refExprIndex, refJSONIndex},
	}
	RuleNestedJSON = &acr.Rule{
		ID: "SCHEMA105", Name: "deeply-nested-json", Title: "JSON nested deeper than the plan allows",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: spikeNesting, Since: since,
		Criteria: []string{"SPK-REV-01"},
		What: "Reports JSON paths deeper than the plan's `max_json_depth` (default 2) in index expressions and " +
			"queries (`data->'a'->'b'->>'c'`, `data#>>'{a,b,c}'`, `col[\"a\"][\"b\"][\"c\"]`, SQL/JSON paths of `@?`, " +
			"`@@` and `jsonb_path_query()` such as `'$.a.b ? (@.c > 1)'`, containment documents of `@>`), and JSON documents " +
			"nested deeper than that in column defaults, seed `INSERT`s and `op.bulk_insert` rows of migrations.",
		Why: "Deeply nested documents are schema hidden from the schema: nothing validates, indexes or " +
			"documents the inner structure, every reader must know it, and GIN containment over deep documents " +
			"indexes every inner path. Flatten the features or promote the nested object to its own table.",
		Example:    "SELECT * FROM features WHERE data->'model'->'params'->>'depth' = '8';",
		UseInstead: "SELECT * FROM features WHERE model_params->>'depth' = '8';",
		Options:    "plan.max_json_depth: the deepest path or document allowed (default 2).",
	}
	RuleBusinessKeyInJSON = &acr.Rule{
		ID: "SCHEMA106", Name: "business-key-in-jsonb", Title: "core business key kept inside jsonb",
		Severity: acr.SeverityError, View: acr.Logical, Story: storyIndexing, Since: since,
		Criteria: []string{"§3.1.entities"},
		What: "Reports a business key of the plan (`business_keys`, default `customer_id` and `product_id`) " +
			"extracted from a JSON column in a filter or join, and a table that keeps such a key only inside " +
			"a JSON column (it is extracted, indexed or checked there and the table has no column of that name).",
		Why: "The plan models core entities as relational tables with primary and foreign keys. A key inside " +
			"JSONB has no type, no NOT NULL, no foreign key and no cheap join: referential integrity is lost " +
			"and every join extracts text from every row.",
		Example:    "SELECT * FROM orders o JOIN customers c ON c.id = (o.data->>'customer_id')::bigint;",
		UseInstead: "ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers(id);\nSELECT * FROM orders o JOIN customers c ON c.id = o.customer_id;",
		Options:    "plan.business_keys: the keys that must stay relational.",
	}
	RuleNoEventTime = &acr.Rule{
		ID: "SCHEMA201", Name: "feature-table-without-event-time", Title: "feature table without event_time or valid_from",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyTimeTravel, Since: since,
		Criteria: []string{"LOG-REV-01-02.1"},
		What: "Reports feature tables that have, at the end of the migration history, no timestamp column named " +
			"`event_time` or `valid_from`, or where that column is not a timestamp. A feature table is one the " +
			"plan's `feature_tables` patterns name, when the plan sets them; otherwise a table whose name matches " +
			"`*feature*` or that has a jsonb `features` column, and that holds feature values: an entity key " +
			"(`customer_id`, `entity_key` ...) and values (a JSON document or numeric columns). A registry of " +
			"feature definitions (a `name`, `spec`, `definition` or `value_type` column) holds no values and is " +
			"not one; neither is a table the history does not create.",
		Why: "Time travel (point-in-time training sets, drift analysis) needs to know when each feature value " +
			"was true. Without an event time, a training set silently leaks the future into the past.",
		Example:    "CREATE TABLE customer_features (customer_id bigint, features jsonb);",
		UseInstead: "CREATE TABLE customer_features (customer_id bigint, event_time timestamptz NOT NULL, features jsonb);",
		Options:    "schemadrift.time-columns: the accepted column names (default `event_time,valid_from`); plan.feature_tables: name the feature tables and the name is enough; schemadrift.feature-columns.",
		References: []string{refSCD2},
	}
	RuleFeatureMutation = &acr.Rule{
		ID: "SCHEMA202", Name: "feature-table-mutation", Title: "feature table updated in place",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyTimeTravel, Since: since,
		Criteria: []string{"LOG-REV-01-02.2"},
		What: "Reports `UPDATE`, `DELETE`, `INSERT ... ON CONFLICT DO UPDATE` and `MERGE ... WHEN MATCHED THEN UPDATE` (or `DELETE`) against a feature table (as " +
			"SCHEMA201 defines it), in " +
			"migrations and application code (SQL strings and SQLAlchemy `update()`, `delete()`, " +
			"`insert().on_conflict_do_update()`, `query(...).update()`). An SCD type 2 close, an `UPDATE` that " +
			"sets only `valid_to` or `is_current`, is allowed.",
		Why: "The plan keeps feature history append-only (SCD type 2): an in-place update destroys the value a " +
			"model was trained on, so training sets can no longer be reproduced.",
		Example:    "UPDATE customer_features SET features = $1 WHERE customer_id = $2;",
		UseInstead: "UPDATE customer_features SET valid_to = now(), is_current = false WHERE customer_id = $2 AND is_current;\nINSERT INTO customer_features (customer_id, valid_from, features, is_current) VALUES ($2, now(), $1, true);",
		Options:    "schemadrift.scd2-columns: the columns an allowed close may set (default `valid_to,is_current`).",
		References: []string{refSCD2},
	}
	RuleIndexNotConcurrent = &acr.Rule{
		ID: "SCHEMA401", Name: "index-not-concurrent", Title: "CREATE INDEX on an existing table without CONCURRENTLY",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyIndexing, Since: since,
		What: "Only the newest migration of each history is reviewed by default: one a later migration follows has run " +
			"wherever the history is deployed, and editing it changes nothing (`-schemadrift.migrations=all` reviews every " +
			"migration; `-new-from-rev` and `-new-from-patch` imply it). " +
			"Reports `CREATE INDEX` and Alembic `op.create_index` in a migration on a table that an earlier " +
			"migration created (or that the history never creates), without `CONCURRENTLY` " +
			"(`postgresql_concurrently=True`). Indexes on a table created by the same migration are not reported. " +
			"The lock lasts as long as the build, milliseconds on a small table, so the finding is a warning only on a " +
			"table the repository shows to be large or hot: one `plan.large_tables` names, one declared `PARTITION BY` " +
			"(or a partition of one), or one a migration of the repository indexes `CONCURRENTLY` on its own (a " +
			"migration that builds concurrently on several tables at once applies a practice and says nothing about " +
			"size). On other tables it is a note (not counted in the precision figures). Not reported: Alembic " +
			"migrations of an application that applies them itself at start-up, before it serves (alembic " +
			"`command.upgrade` reached from a lifespan or start-up handler), where nothing queues behind the lock, and a " +
			"history another one beside it has replaced (it starts no later and ends later, so no deployment runs the " +
			"old one). Measured on the real-world corpus before this scoping: 508 findings at strict precision 0.23, " +
			"most of them small tables and self-migrating applications.",
		Options: "schemadrift.locking: `large-tables` (default) as above; `all` reports every build without " +
			"CONCURRENTLY on an existing table as a warning, as squawk does. plan.large_tables: the tables known to be large.",
		Why: "A plain CREATE INDEX holds a SHARE lock for the whole build: every write to the table blocks, " +
			"which on a large feature table is minutes of downtime. A GIN build over JSONB is among the slowest.",
		Example:    "CREATE INDEX events_data ON events USING gin (data);",
		UseInstead: "CREATE INDEX CONCURRENTLY events_data ON events USING gin (data);",
		References: []string{refCreateIdx},
	}
	RuleConcurrentInTx = &acr.Rule{
		ID: "SCHEMA402", Name: "concurrently-in-transaction", Title: "CONCURRENTLY inside a transaction",
		Severity: acr.SeverityError, View: acr.Logical, Story: storyIndexing, Since: since,
		What: "Reports `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY` and `REINDEX ... CONCURRENTLY` that run " +
			"inside a transaction block: after an explicit `BEGIN`, in an Alembic migration outside " +
			"`op.get_context().autocommit_block()`, in goose, dbmate and sql-migrate migrations not marked " +
			"non-transactional, and in multi-statement strings and golang-migrate files (one implicit transaction).",
		Why:        "PostgreSQL refuses CONCURRENTLY inside a transaction block: the migration fails at deploy time.",
		Example:    "def upgrade():\n    op.create_index(\"ix\", \"events\", [\"kind\"], postgresql_concurrently=True)",
		UseInstead: "def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index(\"ix\", \"events\", [\"kind\"], postgresql_concurrently=True)",
		References: []string{refCreateIdx, refAutocommit},
	}
	RuleDropIndexNotConcurrent = &acr.Rule{
		ID: "SCHEMA403", Name: "drop-index-not-concurrent", Title: "DROP INDEX on an existing table without CONCURRENTLY",
		Severity: acr.SeverityNote, View: acr.Logical, Story: storyIndexing, Since: since,
		What: "Only the newest migration of each history is reviewed by default: one a later migration follows has run " +
			"wherever the history is deployed, and editing it changes nothing (`-schemadrift.migrations=all` reviews every " +
			"migration; `-new-from-rev` and `-new-from-patch` imply it). " +
			"Reports `DROP INDEX` without `CONCURRENTLY` in a migration, and Alembic `op.drop_index` without " +
			"`postgresql_concurrently=True`, when the index belongs to a table an earlier migration created (or " +
			"one the history never creates). Like the other lock rules it judges each migration history as a " +
			"whole: when no migration of the history drops indexes concurrently, it reports the practice once, at " +
			"the newest such migration, with the count; once the history does, each later migration that does not " +
			"is reported, once, with its other drops as related locations. Dropping an index of a table created in " +
			"the same migration, or dropped by it, is not reported. It is a note: on a small table the lock lasts " +
			"milliseconds, and acr cannot tell a table's size (measured on the real-world corpus: 4 of 10 findings " +
			"true, the rest debatable: small tables and a frozen legacy history).",
		Why: "A plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table: every read and write of " +
			"the table waits until the migration commits, and the drop itself waits behind every running query. " +
			"`DROP INDEX CONCURRENTLY` waits for those queries without blocking new ones.",
		Example:    "DROP INDEX orders_created_at;",
		UseInstead: "DROP INDEX CONCURRENTLY orders_created_at;  -- outside a transaction block",
		FixSafety: "No automatic fix: `CONCURRENTLY` cannot run inside a transaction block, so the migration must " +
			"also leave its transaction (Alembic's `autocommit_block()`, goose's `NO TRANSACTION`, a file of its own " +
			"for golang-migrate); SCHEMA402 checks that part.",
		References: []string{refDropIndex},
	}
	RuleForeignKeyNotValid = &acr.Rule{
		ID: "SCHEMA404", Name: "foreign-key-not-valid", Title: "foreign key added to an existing table without NOT VALID",
		Severity: acr.SeverityNote, View: acr.Logical, Story: storyIndexing, Since: since,
		What: "Only the newest migration of each history is reviewed by default: one a later migration follows has run " +
			"wherever the history is deployed, and editing it changes nothing (`-schemadrift.migrations=all` reviews every " +
			"migration; `-new-from-rev` and `-new-from-patch` imply it). " +
			"Reports `ALTER TABLE ... ADD [CONSTRAINT ...] FOREIGN KEY` without `NOT VALID` in a migration, and " +
			"Alembic `op.create_foreign_key` without `postgresql_not_valid=True`, on a table an earlier migration " +
			"created (or one the history never creates). When no migration of the history adds foreign keys NOT " +
			"VALID, the practice is reported once, at the newest such migration, with the count; once the history " +
			"does, each later migration that does not is reported, once, with its other foreign keys as related " +
			"locations. It is a note: on a small table the scan is instant, and acr cannot tell a table's size " +
			"(measured on the real-world corpus: 5 of 8 findings true, the rest debatable).",
		Why: "Adding a valid foreign key checks every existing row while holding SHARE ROW EXCLUSIVE locks on " +
			"both tables: writes to them wait for the whole scan. Added `NOT VALID`, the constraint applies to " +
			"new rows at once, and a later `VALIDATE CONSTRAINT` checks the old rows under a lock that lets " +
			"writes through.",
		Example:    "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
		UseInstead: "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n-- in a later migration (or after a COMMIT):\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;",
		FixSafety: "No automatic fix: `NOT VALID` alone leaves old rows unchecked, so the change needs a second " +
			"step, `VALIDATE CONSTRAINT`, in its own transaction; both are written by hand.",
		References: []string{refAlterTable},
	}
	RuleLockTimeout = &acr.Rule{
		ID: "SCHEMA405", Name: "lock-timeout-missing", Title: "ACCESS EXCLUSIVE change without a lock timeout",
		Severity: acr.SeverityWarning, View: acr.Logical, Story: storyIndexing, Since: since,
		What: "Only the newest migration of each history is reviewed by default: one a later migration follows has run " +
			"wherever the history is deployed, and editing it changes nothing (`-schemadrift.migrations=all` reviews every " +
			"migration; `-new-from-rev` and `-new-from-patch` imply it). " +
			"Reports a migration that takes an ACCESS EXCLUSIVE lock on an existing table (most of `ALTER TABLE`, " +
			"`RENAME`, `DROP TABLE`, `TRUNCATE`; Alembic `add_column`, `alter_column`, " +
			"`drop_constraint` and the like) with no `SET lock_timeout` or `SET statement_timeout` before it in the " +
			"migration, nor in Alembic's env.py. When no migration of a history sets a timeout, the practice is " +
			"reported once, at the newest such migration, with the count; when some do, each later migration that " +
			"does not is reported (older ones predate the practice). A plain `DROP INDEX` is SCHEMA403's finding. " +
			"A history another one beside it has replaced (it starts no later and ends later) is not reported: no " +
			"deployment runs it. In an application that applies its Alembic migrations itself at start-up, before it " +
			"serves, the finding is a note: nothing queues behind the lock. It is a note too when nothing in the " +
			"repository shows that one of the tables is large or hot (see SCHEMA401: `plan.large_tables`, " +
			"partitioning, an index built CONCURRENTLY); `-schemadrift.locking=all` reports every table.",
		Why: "An ACCESS EXCLUSIVE lock waits for every query running on the table, and every query that arrives " +
			"after it waits for the lock: one long report query turns a millisecond `ADD COLUMN` into an outage. " +
			"A lock timeout makes the migration fail fast instead, to be retried.",
		Example:    "ALTER TABLE orders ADD COLUMN note text;",
		UseInstead: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
		FixSafety: "No automatic fix: the right timeout, and whether to set it per migration or once for all (in " +
			"Alembic's env.py, the migration runner's connection), is the project's choice.",
		References: []string{refLockTimeout, refExplicitLocking},
	}
	RuleNotAnalysed = &acr.Rule{
		ID: "SCHEMA501", Name: "sql-not-analysed", Title: "dynamic SQL not analysed",
		Severity: acr.SeverityNote, View: acr.Logical, Story: storyIndexing, Since: since,
		What: "Reports, once per place, SQL the pass cannot read: f-strings and string concatenation passed to " +
			"`text()`, `execute()`, `op.execute()` and the like, format templates whose placeholders stand for " +
			"SQL fragments, and PL/pgSQL `EXECUTE` of a command built at run time. Nothing in such SQL is guessed " +
			"to be a violation. An f-string is judged by where each interpolation stands: names and keywords " +
			"(after SCHEMA, TABLE, ROLE, TO, FROM ..., in double quotes, before a dot) and module constants are " +
			"not reported, since bound parameters cannot stand there; a value (in quotes, after a comparison) is, " +
			"with advice that fits the statement (DDL, SET and NOTIFY take no bound parameters); a fragment (a " +
			"WHERE clause) is noted without advice. `EXECUTE format(...)` with `%I` placeholders only is the safe " +
			"idiom and is not reported. Data migrations and one-off scripts, which run once, are not reported.",
		Why: "The schema checks are only as complete as the SQL they see; this says where coverage ends so a " +
			"reviewer can look, or rewrite the SQL with bound parameters.",
		Example:    "conn.execute(text(f\"SELECT * FROM events WHERE data->>'{key}' = :v\"), {\"v\": v})",
		UseInstead: "conn.execute(text(\"SELECT * FROM events WHERE data @> :doc\"), {\"doc\": json.dumps({key: v})})",
	}

	// Rules lists the rules of the pass.
	Rules = []*acr.Rule{
		RuleJSONType, RuleJSONBWithoutGIN, RuleOperatorNotIndexed, RuleExtractionFilter, RuleNestedJSON,
		RuleBusinessKeyInJSON, RuleNoEventTime, RuleFeatureMutation,
		RuleIndexNotConcurrent, RuleConcurrentInTx, RuleDropIndexNotConcurrent, RuleForeignKeyNotValid, RuleLockTimeout,
		RuleNotAnalysed,
		RuleReplayFails, RuleReplayRefused,
	}
)
