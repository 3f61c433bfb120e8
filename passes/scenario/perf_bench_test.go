package scenario_test

import (
	"testing"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/scenario"
)

// BenchmarkScenarioStdlib runs the pass through the driver over the
// machine's Python standard library, which holds no platform: every input
// is a file its byte triggers let through for nothing, so inputs/op and
// parsed-MB/op are what the triggers cost (see perf.Run).
func BenchmarkScenarioStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, scenario.Analyzer)
}

// BenchmarkScenarioPlatform runs the pass over examples/platform, whose
// drift, retraining, hot-swap and load-test evidence it judges.
func BenchmarkScenarioPlatform(b *testing.B) {
	perf.Run(b, perf.PlatformDir(b), checker.Options{}, scenario.Analyzer)
}
