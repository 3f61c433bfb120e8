// Package schema defines the schema helper analyzer: it replays a
// repository's migrations into a Model of the PostgreSQL schema at the end
// of the history, for the passes that Require it.
//
// # API
//
//	model := pass.ResultOf[schema.Analyzer].(*schema.Model)
//	t := model.Lookup("", "events")          // live tables, search path "public" first
//	for _, c := range t.Columns { c.Type }   // "jsonb", "json", "timestamptz", ...
//	t.GINIndexes("data")                     // indexes with method, elements, opclasses
//	ix.Serves(0, "?"), ix.ServesFilter(terms, true) // which operators, which queries (partial): Yes, No, Unknown
//	schema.Implied(terms, pred)              // does a query's filter imply a partial index's predicate
//	schema.SQLJSONPathDepth("$.a ? (@.b)")   // levels an SQL/JSON path reaches
//	t.DeclaredOnly, model.Domains            // model indexes no migration creates; CREATE DOMAIN
//	model.ColumnDefs, model.IndexDefs        // the history: every definition, with origins
//	model.Statements                         // every SQL statement found, parsed (sqlsrc)
//	model.PyJSON, model.PyMutations          // SQLAlchemy JSON comparators and writes
//	model.Seeds, model.Concurrent, model.Dynamic, model.SyntaxErrors
//
// # Sources, in replay order
//
//   - Raw SQL migrations: Flyway V<version>__*.sql (undo U*.sql skipped,
//     repeatable R__ last), golang-migrate *.up.sql, goose and sql-migrate
//     annotated files and dbmate -- migrate:up sections (down sections
//     skipped; each section parsed on its own), sqitch deploy/ scripts in
//     sqitch.plan order, Prisma migration.sql, diesel up.sql, and plain .sql
//     files under directories such as migrations/ or schema/, ordered by the
//     numbers of their names. DO blocks are replayed through their embedded
//     statements; EXECUTE of a constant string too.
//   - Alembic revisions, ordered by the revision/down_revision graph (not by
//     file name): op.create_table, add_column, alter_column (type_,
//     new_column_name), drop_*, rename_table, create_index (postgresql_using,
//     postgresql_ops, postgresql_where, postgresql_concurrently, sa.text
//     expressions), constraints, bulk_insert, batch_alter_table operations,
//     and op.execute / connection.execute SQL, which is parsed. Only the
//     upgrade functions (and the module functions they call) run.
//   - SQLAlchemy models (__tablename__ classes with Column/mapped_column,
//     __table_args__ and module-level Index, Table() objects): they declare
//     the tables no migration creates, and their column types are recorded.
//     The Index() a model declares on a table the migrations create, and
//     that no migration creates (by name, or by method and elements), is
//     kept in Table.DeclaredOnly: the drift between models and migrations.
//   - Other .sql files and the SQL strings of application code (text(),
//     execute(), executemany(), fetch*(), read_sql() and the like; an
//     f-string whose interpolations are all module names bound once to a
//     string literal is read with their text), which run
//     against the migrated schema.
//
// SQLAlchemy types resolve as PostgreSQL renders them: sa.JSON and
// postgresql.JSON are json; postgresql.JSONB, JSON().with_variant(JSONB(),
// "postgresql") and MutableDict.as_mutable(JSONB) are jsonb; a project's own
// TypeDecorator (impl = JSONB), subclass or alias is followed into its
// module when the module is in the repository.
//
// Only PostgreSQL is replayed: files for other databases (dialect.go says
// how their dialect is known) are counted in Model.OtherDialects, and
// Alembic branches for other dialects are skipped.
//
// A column declared with a domain (CREATE DOMAIN doc AS jsonb, domains
// over domains too) has the domain's base type, and Model.Domains keeps
// the domains. A generated column (GENERATED ALWAYS AS (...) STORED)
// keeps its expression's canonical form in Column.Generated. SET
// search_path in a SQL script puts the unqualified tables its later DDL
// creates, alters and drops in the path's first schema (RESET puts them
// back in public); an unqualified CREATE TABLE never reuses a same-named
// table of another schema. Where the repository sets the path of its
// connections outside SQL (connect_args options -csearch_path=..., a DSN's
// options, asyncpg server_settings, SET search_path in a connect listener
// or Alembic's env.py), all settings agreeing, that schema
// (Model.SearchPath) is where unqualified DDL of migrations, Alembic ops
// and models goes until a script sets its own path, and where unqualified
// names are looked up first. MetaData(schema=...) puts the models that name
// no schema in its schema. Alembic's version_table_schema and
// include_schemas set no path and are not read as one.
//
// Renames of tables, columns and indexes are followed (an index follows its
// column, as PostgreSQL keeps it by attribute number); dropping a column
// drops the indexes that use it. A table the history alters without
// creating becomes a stub, known from its changes only.
package schema
