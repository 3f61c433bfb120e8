// Package sqlsrc is acr's SQL front: it parses PostgreSQL text, from a .sql
// migration or embedded in another artifact, with pg_query (the server's
// own grammar) and keeps every offset exact.
//
// The text is split into statements by a Go tokenizer that follows the
// PostgreSQL scanner's rules (a semicolon outside parentheses ends a
// statement; a BEGIN ATOMIC body stays whole), which spares a cgo call and
// a protobuf message per token, and each statement is parsed on its own,
// so one syntax error costs one statement, not the file. Statement spans
// start at the first token, after any leading comments, and their
// parse-tree locations map to file offsets with Stmt.Offset.
//
// Template placeholders that are not SQL (%s and %(name)s of DB-API
// drivers, :name of SQLAlchemy text() and psql's :'var' and :"var", ${var}
// of Flyway, {name} of str.format) are replaced before parsing by stand-ins
// of the same length, so offsets do not move: an identifier of
// underscores, a literal or quoted identifier for psql's quoted forms, a
// parenthesized list after IN and VALUES. String literals, quoted
// identifiers, dollar-quoted bodies, comments, $n parameters and ::type
// casts are never touched. Jinja and Go template blocks ({{ .Schema }},
// {% if %}) are replaced first and everywhere, quotes included, since the
// template engine runs before SQL exists. psql meta-commands and the data
// of COPY ... FROM stdin are blanked. Script.Placeholders records what was
// replaced. ParseBlock reads the SQL statements embedded in a PL/pgSQL
// body (a DO block or a function), which pg_query's raw parser leaves as a
// string.
//
// pg_query runs in C. Its tree serializer recurses without a stack check,
// so a statement whose tree would nest thousands of levels deep (a long
// 1+1+...+1 chain) is refused with a syntax error before it reaches C;
// NUL bytes and invalid UTF-8, which the C string and the protobuf decoder
// cannot carry, are replaced byte for byte.
//
// Parse memoizes on the pass.File, so the file is parsed once per run
// however many passes ask. Walk visits a parse tree, children in
// field-number order, with a Cursor that knows each node's field and
// ancestors (a filter is a node under "where_clause" or "quals").
//
// The tree pg_query returns as protobuf is decoded, and walked, by code
// internal/pgtreegen generates from pg_query_go's message registry
// (decode_gen.go, walk_gen.go): type switches and direct field reads in
// place of protobuf-go's reflection, which took a third of the CPU of a
// review of real migrations. Tests compare both with proto.Unmarshal and
// protoreflect.
package sqlsrc
