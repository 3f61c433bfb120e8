// Package perf is what acr's benchmarks share: the corpora they run on
// (the machine's Python standard library, examples/platform) and driver
// runs that report, next to time and allocations, what the passes' byte
// triggers let through, what was parsed, and what a warm cache saves.
//
// The benchmarks live in perf_bench_test.go files beside the passes and
// the driver; bench/compare.sh measures acr against its peers.
package perf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass/python"
)

// StdlibDir returns the machine's Python standard library directory, or
// skips the benchmark when there is no python3. The driver skips its
// site-packages directory as vendored code.
func StdlibDir(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		tb.Skip("no python3 on this machine")
	}
	return strings.TrimSpace(string(out))
}

// PlatformDir returns examples/platform, the converged platform repository
// with a finding for every pass.
func PlatformDir(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("cannot locate the acr module")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "examples", "platform")
}

// Run runs the analyzers through checker.Run over root b.N times and
// reports, per run:
//
//   - inputs/op and input-MB/op: the files (and their bytes) at least one
//     pass read, after kinds and byte triggers;
//   - parsed/op and parsed-MB/op: Python sources tree-sitter parsed
//     (inputs that are not Python, or were never parsed, are not counted);
//   - reparsed/op: syntax parsed again after the driver released it (it
//     should be 0);
//   - findings/op and hit-files/op: findings and the files holding them,
//     so that inputs/op against hit-files/op shows the triggers' precision.
//
// MB/s counts every file of the repository the walk found.
func Run(b *testing.B, root string, opts checker.Options, analyzers ...*acr.Analyzer) *checker.Result {
	b.Helper()
	if opts.Root == "" {
		opts.Root = root
	}
	opts.PassesChosen = true
	b.ReportAllocs()
	var res *checker.Result
	var parsed, parsedBytes int64
	for b.Loop() {
		f0, b0 := python.Stats()
		var err error
		res, err = checker.Run([]string{root + "/..."}, analyzers, opts)
		if err != nil {
			b.Fatal(err)
		}
		f1, b1 := python.Stats()
		parsed, parsedBytes = f1-f0, b1-b0
	}
	if len(res.Errors) > 0 {
		b.Fatalf("analysis errors: %v", res.Errors)
	}
	var repoBytes int64
	for _, f := range res.Repo.Files() {
		repoBytes += f.Size
	}
	inputs := map[string]int64{}
	for _, in := range res.Inputs {
		for _, f := range in {
			inputs[f.Path] = f.Size
		}
	}
	var inputBytes int64
	for _, n := range inputs {
		inputBytes += n
	}
	hit := map[string]bool{}
	for _, fd := range res.Findings {
		if fd.File != nil {
			hit[fd.File.Path] = true
		}
	}
	b.SetBytes(repoBytes)
	b.ReportMetric(float64(len(inputs)), "inputs/op")
	b.ReportMetric(float64(inputBytes)/1e6, "input-MB/op")
	b.ReportMetric(float64(parsed), "parsed/op")
	b.ReportMetric(float64(parsedBytes)/1e6, "parsed-MB/op")
	b.ReportMetric(float64(res.Reparsed), "reparsed/op")
	b.ReportMetric(float64(len(res.Findings)), "findings/op")
	b.ReportMetric(float64(len(hit)), "hit-files/op")
	return res
}

// Warm measures runs with the pass cache over an unchanged repository:
// it primes a cache in a temporary directory with one cold run, times one
// cold run without the cache, then runs warm b.N times. It reports
// warm/cold (the target is at most 0.05) and fails if a warm run's
// findings differ from the cold run's.
func Warm(b *testing.B, root string, analyzers ...*acr.Analyzer) {
	b.Helper()
	opts := checker.Options{Root: root, PassesChosen: true}
	start := time.Now()
	cold, err := checker.Run([]string{root + "/..."}, analyzers, opts)
	if err != nil {
		b.Fatal(err)
	}
	coldTime := time.Since(start)
	opts.Cache = &checker.Cache{Dir: b.TempDir(), Version: "perf-bench"}
	if _, err := checker.Run([]string{root + "/..."}, analyzers, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var warm *checker.Result
	for b.Loop() {
		warm, err = checker.Run([]string{root + "/..."}, analyzers, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
	if got, want := findingKeys(warm), findingKeys(cold); got != want {
		b.Fatalf("warm run findings differ from the cold run's:\nwarm:\n%s\ncold:\n%s", got, want)
	}
	perRun := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(coldTime.Milliseconds()), "cold-ms")
	b.ReportMetric(float64(perRun)/float64(coldTime), "warm/cold")
}

func findingKeys(res *checker.Result) string {
	var sb strings.Builder
	for _, fd := range res.Findings {
		sb.WriteString(fd.Posn.String())
		sb.WriteString(" ")
		sb.WriteString(fd.Rule.ID)
		sb.WriteString(" ")
		sb.WriteString(fd.Diagnostic.Message)
		sb.WriteString("\n")
	}
	return sb.String()
}

// ScanOnly returns copies of the analyzers and everything they require,
// with the same kinds, triggers and rules but a Run that does nothing: a
// run with them costs what the driver does before any pass works (walk,
// kind detection, reads and trigger search, registering files) and shows
// the floor of a cold run.
func ScanOnly(analyzers []*acr.Analyzer) []*acr.Analyzer {
	clones := map[*acr.Analyzer]*acr.Analyzer{}
	var clone func(a *acr.Analyzer) *acr.Analyzer
	clone = func(a *acr.Analyzer) *acr.Analyzer {
		if c := clones[a]; c != nil {
			return c
		}
		c := &acr.Analyzer{
			Name: a.Name, Doc: a.Doc, URL: a.URL, Kinds: a.Kinds, Triggers: a.Triggers,
			KindTriggers: a.KindTriggers, FileLocal: a.FileLocal, Rules: a.Rules,
			Run: func(*acr.Pass) (any, error) { return nil, nil },
		}
		clones[a] = c
		for _, r := range a.Requires {
			c.Requires = append(c.Requires, clone(r))
		}
		return c
	}
	out := make([]*acr.Analyzer, len(analyzers))
	for i, a := range analyzers {
		out[i] = clone(a)
	}
	return out
}

// DenseDir writes a repository holding one Python service module of
// about size bytes with a blocking call in every function, the densest
// findings a file can have (one ARX101 per 47 bytes), and returns its
// root. Time and memory per MB over it must not grow with the size.
func DenseDir(tb testing.TB, size int) string {
	tb.Helper()
	root := tb.TempDir()
	dir := filepath.Join(root, "src", "service")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.py"), DenseModule(size), 0o644); err != nil {
		tb.Fatal(err)
	}
	return root
}

// DenseModule returns the Python source of DenseDir: async functions that
// each call time.sleep, up to size bytes.
func DenseModule(size int) []byte {
	var buf bytes.Buffer
	buf.WriteString("import time\n")
	for i := 0; ; i++ {
		fn := fmt.Sprintf("\n\nasync def handler_%d():\n    time.sleep(1)\n", i)
		if buf.Len()+len(fn) > size {
			return buf.Bytes()
		}
		buf.WriteString(fn)
	}
}
