package schemadrift_test

import (
	"testing"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/schemadrift"
)

// BenchmarkSchemaDriftStdlib runs the pass through the driver over the
// machine's Python standard library, which holds no PostgreSQL schema:
// inputs/op and parsed-MB/op are what its Python triggers cost, the files
// the schema helper parses looking for SQL (see perf.Run).
func BenchmarkSchemaDriftStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, schemadrift.Analyzer)
}

// BenchmarkSchemaDriftPlatform runs the pass over examples/platform: its
// SQL and Alembic migrations, models and Mage transformers.
func BenchmarkSchemaDriftPlatform(b *testing.B) {
	perf.Run(b, perf.PlatformDir(b), checker.Options{}, schemadrift.Analyzer)
}
