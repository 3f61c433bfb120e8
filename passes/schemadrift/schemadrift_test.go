package schemadrift_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/schemadrift"
)

func TestSQLJSONType(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), schemadrift.Analyzer, "sql_json_column")
}

func TestSQLIndexes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_json_alter", "sql_gin_missing", "sql_gin_later", "sql_gin_dropped", "sql_gin_renamed",
		"sql_quoted_names", "sql_path_ops", "sql_containment_no_gin", "sql_extract_filter",
		"sql_extract_alias", "sql_extract_comparisons")
}

func TestSQLJSONShape(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_nested_json", "sql_nested_json_config", "sql_business_keys", "sql_business_keys_config")
}

func TestSQLTimeTravel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_feature_tables", "sql_feature_patterns", "sql_functions")
}

func TestSQLMigrationTools(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_index_safety", "goose_transactions", "dbmate_sections", "sqitch_plan")
}

func TestSQLFront(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_syntax_error", "sql_placeholders", "sql_do_block", "sql_gin_scope_queried")
}

func TestAlembic(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), schemadrift.Analyzer,
		"alembic_json_types", "alembic_project_type", "alembic_revision_order", "alembic_gin_dropped",
		"alembic_index_safety", "alembic_env_notx", "alembic_batch_alter", "alembic_execute_sql", "alembic_seeds")
}

func TestSQLAlchemy(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), schemadrift.Analyzer, "sqlalchemy_models")
}

func TestApplicationSQL(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "app_sql_strings")
}

func TestSQLAlchemyFlavors(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "sqlalchemy_mutations", "sqlalchemy_flavors", "sqlalchemy_comparisons")
}

func TestMoreSQL(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "app_startup_ddl", "sql_pg_dump", "sql_cte_scope")
}

func TestSQLHistory(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_partitions", "sql_like_including", "sql_dropped_later", "sql_set_schema", "sql_ctas_and_views",
		"sql_business_key_index", "sql_flyway_repeatable", "sql_numeric_order", "prisma_migrations", "sql_other_dialects")
}

func TestAlembicHistory(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"alembic_merge_heads", "alembic_helpers", "alembic_rename_keeps_index", "alembic_string_expressions",
		"alembic_unique_constraint")
}

func TestApplicationCode(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"app_pandas_and_batches", "app_other_databases", "app_tests_ignored")
}

func TestEdgeCases(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer,
		"sql_alter_default", "sql_upsert_scd2", "sql_trigram_index", "sqlalchemy_paths", "sql_exclusion_constraint",
		"goose_statement_blocks", "mage_other_blocks", "queries_without_schema", "alembic_downgrade_only")
}

// TestSQLDialects pins family 1 of issue 14: SQL for MySQL, SQLite and
// CockroachDB (by file-name infix, directory, Prisma and drizzle metadata,
// plan.sql_dialects and Alembic dialect branches, or, in a file nothing
// names the database of, syntax PostgreSQL cannot parse and does not
// have) is neither parsed nor checked, a PostgreSQL-specific migration
// overrides its generic file, and one note for the whole run says what was
// skipped. PostgreSQL that does not parse is still ACR001.
func TestSQLDialects(t *testing.T) {
	bySyntax := analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "ACR001_other_dialect_syntax")
	var syntaxNotes []string
	for _, n := range bySyntax[0].Notes {
		if strings.Contains(n.Reason, "other databases") {
			syntaxNotes = append(syntaxNotes, n.Reason)
		}
	}
	require.Len(t, syntaxNotes, 1)
	assert.Contains(t, syntaxNotes[0], "7 files for other databases not analysed (mysql 4, sqlite 1, sqlserver 2)")

	// psql scripts are PostgreSQL: their meta-commands are blanked, \gexec
	// ends a statement, and nothing is reported or skipped.
	psql := analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "ACR001_psql_scripts")
	require.Len(t, psql, 1)
	assert.Empty(t, psql[0].Errors)
	assert.Empty(t, psql[0].Findings)
	for _, n := range psql[0].Notes {
		assert.NotContains(t, n.Reason, "other databases")
	}

	mysql := analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "SCHEMA101_mysql_repository")
	require.Len(t, mysql[0].Notes, 1)
	assert.Contains(t, mysql[0].Notes[0].Reason, "3 files for other databases not analysed (mysql 3)")

	results := analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "sql_dialects")
	var notes []string
	for _, n := range results[0].Notes {
		if strings.Contains(n.Reason, "schemadrift") {
			notes = append(notes, n.String())
		}
	}
	require.Len(t, notes, 1)
	assert.Equal(t, ".: schemadrift: 7 files for other databases not analysed (cockroachdb 1, mysql 4, sqlite 2): "+
		"the schema checks read PostgreSQL only; name a directory's database with plan.sql_dialects if this is wrong", notes[0])
}

// TestQueriesThatNeedIndexes pins families 3 and 5 of issue 14: SCHEMA102
// only for jsonb columns a query of the product filters with a GIN
// operator, naming that query; no index owed to data migrations and
// one-off scripts; no SCHEMA104 when an indexed equality finds the rows.
func TestQueriesThatNeedIndexes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "SCHEMA102_used_for_filtering", "SCHEMA104_narrowed_and_one_off",
		"SCHEMA101_deliberate_or_navigated", "SCHEMA101_navigated_after_rename", "SCHEMA101_navigated_narrowed", "SCHEMA101_narrowed_required", "SCHEMA101_instance_access", "SCHEMA101_model_and_migration", "SCHEMA101_model_says_jsonb", "SCHEMA101_portable_schema", "SCHEMA101_read_whole", "SCHEMA104_table_size",
		"SCHEMA104_access_methods_and_partial", "SCHEMA102_partial_and_access_methods",
		"SCHEMA101_domains", "SCHEMA104_generated_columns", "SCHEMA102_schemas_and_search_path", "SCHEMA104_parameter_keys", "SCHEMA202_merge_and_conditions", "SCHEMA105_jsonpath_depth", "SCHEMA104_model_index_drift", "SCHEMA104_fstring_constants", "SCHEMA104_func_expressions", "SCHEMA102_configured_search_path")
}

// TestDynamicSQL pins families 7 and 8 of issue 14 for SCHEMA501: names,
// keywords and module constants interpolated into SQL are not reported
// (bound parameters cannot stand there; format('%I') is the safe idiom),
// values are, with advice that fits the statement, and one-off scripts
// are left alone.
func TestDynamicSQL(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "SCHEMA501_identifiers_and_values")
}

// TestFeatureTableEvidence pins family 8 of issue 14 for SCHEMA201/202: a
// name with "feature" in it is no evidence; a feature table keys values by
// an entity, and a registry of definitions is not one.
func TestFeatureTableEvidence(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "SCHEMA201_feature_registry")
}

// TestMigrationLocks pins the migration-safety rules squawk also has:
// DROP INDEX without CONCURRENTLY, foreign keys validated under lock and
// ACCESS EXCLUSIVE changes without a lock timeout, on existing tables only.
func TestMigrationLocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "SCHEMA403_drop_index", "SCHEMA404_foreign_key", "SCHEMA405_lock_timeout",
		"SCHEMA401_table_size", "SCHEMA401_startup_migration", "SCHEMA405_superseded_history", "SCHEMA401_pending_migrations",
		"SCHEMA405_renamed_large_table")
}

// TestLockingAll: with locking all (the case's .acr.yaml), SCHEMA401
// reports a build on a table nothing shows to be large as a warning,
// without the note.
func TestLockingAll(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "SCHEMA401_locking_all")
}
