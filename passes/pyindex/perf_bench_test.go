package pyindex_test

import (
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
)

// indexEverything summarizes every Python file it is given: what a pass
// without byte triggers would cost.
var indexEverything = &acr.Analyzer{
	Name:     "indexeverything",
	Doc:      "parse and index every Python file (a benchmark pass)",
	Kinds:    []pass.Kind{pass.Python},
	Requires: []*acr.Analyzer{pyindex.Analyzer},
	Run: func(p *acr.Pass) (any, error) {
		idx := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
		p.ForEachFile(p.Files, func(f *pass.File) { idx.Module(f) })
		return nil, nil
	},
}

// BenchmarkIndexStdlib parses and indexes the machine's whole standard
// library through the driver: the cost the passes' byte triggers avoid,
// to set against BenchmarkAllPassesStdlib in the checker package.
func BenchmarkIndexStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, indexEverything)
}
