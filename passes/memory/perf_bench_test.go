package memory_test

import (
	"testing"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/memory"
)

// BenchmarkMemoryStdlib runs the pass over the machine's Python standard
// library, which has no manifests: the driver never opens a file of a kind
// the pass does not read, so this is the cost of the walk alone.
func BenchmarkMemoryStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, memory.Analyzer)
}

// BenchmarkMemoryPlatform runs the pass over examples/platform: its
// Compose files, Kubernetes manifests, Dockerfile and .env.
func BenchmarkMemoryPlatform(b *testing.B) {
	perf.Run(b, perf.PlatformDir(b), checker.Options{}, memory.Analyzer)
}
