package pyindex_test

import (
	"testing"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/pyindex"
)

// BenchmarkIndexStdlib runs the Python index helper alone over the
// machine's standard library: asked for directly it chooses every Python
// file, so this is parse and index of the whole corpus, the cost the
// passes' triggers avoid.
func BenchmarkIndexStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, pyindex.Analyzer)
}
