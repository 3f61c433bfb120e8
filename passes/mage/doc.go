// Package mage defines the mage pass: story LOG-REV-01-03 of the plan's
// epic REV-LOG-01, the atomicity of the pipeline's Mage blocks.
//
// # Analyzer mage
//
// mage: check that Mage transformer blocks return DataFrames and perform
// no I/O, and that data loaders write to no data store.
//
// Mage blocks are the pipeline's atomic units: a @transformer block's
// output is the next block's input, and Mage persists and tests it. The
// pass reads every Python module that defines a @transformer or
// @data_loader block (decorated with Mage's decorator, whatever its
// import).
//
// MAGE101 reports a transformer that returns nothing, or a value that is
// certainly no DataFrame: None, a literal, a DataFrame converted away
// (.to_dict(), .values), a Series (df["col"], df.sum(), groupby(...).size()
// of a known pandas frame, pd.Series(...)). The value is followed through
// the variables that hold it (the latest assignment that runs whatever the
// branches, and every conditional one after it: all must agree) and
// through helpers of the same module (their return annotation, or what all
// their returns are). A frame is known from pandas and polars constructors
// and readers, the frame methods of each library and a parameter
// annotated as a DataFrame; a value whose type cannot be told is not
// reported. Streaming transformers (first parameter messages) and
// generator blocks are not judged by what they return.
//
// MAGE102 reports the I/O of a transformer: DataFrame writers, HTTP calls,
// open() for writing, joblib and NumPy dumps to a path, object-store
// uploads, commits, writing SQL (a literal, a variable holding one or a
// formatted string) run by execute(), or by query() and command() of
// clients such as ClickHouse's, insert_df(), SQLAlchemy
// insert/update/delete executed, Redis and MongoDB writes, and Mage
// exporters; and the writes of
// a data loader to a data store (a database, Redis, MongoDB, object
// storage, a Mage exporter), whose reads over HTTP and staging files are
// its job. Calls are followed into helpers of the same module and into
// module-level functions imported from other modules of the repository
// on the block's import path (a directory above it)
// (three calls deep; Mage's own package is judged by its API, not
// followed); inside a helper only the calls that run whenever it does
// count (none under an if, try, match or short-circuit), since which
// branch a shared helper takes depends on the block's arguments. The
// finding is on the block's call and points at the write. I/O belongs in
// a @data_exporter block.
//
// A block that no pipeline of its project lists in
// pipelines/*/metadata.yaml runs nowhere (a draft, a leftover of a removed
// pipeline): both rules report it as a note. A project whose pipelines
// list no block proves nothing, and its blocks are judged.
//
// Before v0.2.0 the rules were SCHEMA301 and SCHEMA302 of the schemadrift
// pass: those codes and the pass name schemadrift still select them, with
// a note (CHANGELOG.md).
package mage
