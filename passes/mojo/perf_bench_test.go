package mojo_test

import (
	"testing"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/mojo"
)

// BenchmarkMojoStdlib runs the pass through the driver over the machine's
// Python standard library, which holds no H2O code: inputs/op and
// parsed-MB/op are what its Python trigger costs (see perf.Run).
func BenchmarkMojoStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, mojo.Analyzer)
}

// BenchmarkMojoPlatform runs the pass over examples/platform: its MOJO,
// the pipeline's export and the version pins.
func BenchmarkMojoPlatform(b *testing.B) {
	perf.Run(b, perf.PlatformDir(b), checker.Options{}, mojo.Analyzer)
}
