package asyncradar_test

import (
	"testing"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/asyncradar"
)

// BenchmarkAsyncradarPlatform runs the pass over examples/platform's
// FastAPI service (BenchmarkStdlib covers the standard library).
func BenchmarkAsyncradarPlatform(b *testing.B) {
	perf.Run(b, perf.PlatformDir(b), checker.Options{}, asyncradar.Analyzer)
}
