// Package sqlsrc is acr's SQL front: it parses PostgreSQL text, from a .sql
// migration or embedded in another artifact, with pg_query (the server's
// own grammar) and keeps every offset exact.
//
// The text is split into statements with the PostgreSQL scanner (a
// semicolon outside parentheses ends a statement; a BEGIN ATOMIC body stays
// whole) and each statement is parsed on its own, so one syntax error costs
// one statement, not the file. Statement spans start at the first token,
// after any leading comments, and their parse-tree locations map to file
// offsets with Stmt.Offset.
//
// Template placeholders that are not SQL (%s and %(name)s of DB-API
// drivers, :name of SQLAlchemy text(), ${var} of Flyway, {name} of
// str.format, Jinja blocks of dbt) are replaced before parsing by
// identifiers of the same length, so offsets do not move; string literals,
// quoted identifiers, dollar-quoted bodies, comments, $n parameters and
// ::type casts are never touched. Script.Placeholders records what was
// replaced.
//
// pg_query runs in C. Its tree serializer recurses without a stack check,
// so a statement whose tree would nest thousands of levels deep (a long
// 1+1+...+1 chain) is refused with a syntax error before it reaches C;
// NUL bytes and invalid UTF-8, which the C string and the protobuf decoder
// cannot carry, are replaced byte for byte.
//
// Parse memoizes on the pass.File, so the file is parsed once per run
// however many passes ask. Walk visits a parse tree with a Cursor that
// knows each node's field and ancestors (a filter is a node under
// "where_clause" or "quals").
package sqlsrc
