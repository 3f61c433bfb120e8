package checker_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/acrvet/acr/bench/perf"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/all"
)

// BenchmarkAllPassesStdlib is the cold run bench/compare.sh sets against
// ruff: every acr pass, no cache, over the machine's Python standard
// library, with one worker and with GOMAXPROCS workers (their ns/op ratio
// is the parallel speedup). See perf.Run for the metrics; inputs/op
// against hit-files/op is the precision of the passes' byte triggers.
func BenchmarkAllPassesStdlib(b *testing.B) {
	dir := perf.StdlibDir(b)
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			perf.Run(b, dir, checker.Options{Workers: w}, all.Analyzers()...)
		})
	}
}

// BenchmarkAllPassesPlatform runs every pass over examples/platform, a
// small repository where every pass has findings.
func BenchmarkAllPassesPlatform(b *testing.B) {
	perf.Run(b, perf.PlatformDir(b), checker.Options{}, all.Analyzers()...)
}

// BenchmarkScanStdlib runs copies of every pass whose Run does nothing:
// the walk, kind detection, reads and trigger search of a cold run over
// the standard library, the floor under BenchmarkAllPassesStdlib.
func BenchmarkScanStdlib(b *testing.B) {
	perf.Run(b, perf.StdlibDir(b), checker.Options{}, perf.ScanOnly(all.Analyzers())...)
}

// BenchmarkWarmStdlib and BenchmarkWarmPlatform re-run every pass with
// the pass cache over an unchanged repository; warm/cold is the issue's
// target (at most 0.05).
func BenchmarkWarmStdlib(b *testing.B) {
	perf.Warm(b, perf.StdlibDir(b), all.Analyzers()...)
}

func BenchmarkWarmPlatform(b *testing.B) {
	perf.Warm(b, perf.PlatformDir(b), all.Analyzers()...)
}

// BenchmarkDenseFindings runs every pass over one generated Python module
// of 1, 2, 4 and 8 MB with a blocking call in every function (a finding
// per 47 bytes). ns/MB must stay flat as the file grows: any work per
// finding that scales with the file shows here as a rising ns/MB.
func BenchmarkDenseFindings(b *testing.B) {
	for _, mb := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("MB=%d", mb), func(b *testing.B) {
			root := perf.DenseDir(b, mb*1_000_000)
			start := time.Now()
			perf.Run(b, root, checker.Options{}, all.Analyzers()...)
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/float64(mb), "ns/MB")
		})
	}
}
