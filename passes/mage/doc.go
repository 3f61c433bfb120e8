// Package mage defines the mage pass: story LOG-REV-01-03 of the plan's
// epic REV-LOG-01, the atomicity of the pipeline's Mage blocks.
//
// # Analyzer mage
//
// mage: check that Mage transformer blocks return DataFrames and perform
// no I/O.
//
// Mage blocks are the pipeline's atomic units: a @transformer block's
// output is the next block's input, and Mage persists and tests it. The
// pass reads every Python module that defines a @transformer block
// (decorated with Mage's transformer, whatever its import) and reports a
// transformer that returns nothing, None, a literal or a DataFrame
// converted away (MAGE101), and one that writes: DataFrame writers, HTTP
// calls, open() for writing, object-store uploads, commits and writing SQL,
// and Mage exporters (MAGE102). I/O belongs in a @data_exporter block.
//
// Before v0.2.0 the rules were SCHEMA301 and SCHEMA302 of the schemadrift
// pass: those codes and the pass name schemadrift still select them, with
// a note (CHANGELOG.md).
package mage
