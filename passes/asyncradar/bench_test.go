package asyncradar

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

// BenchmarkStdlib runs the pass through the driver over the machine's
// Python standard library, as acrvet -asyncradar would. MB/s counts every
// Python byte the driver found; parsed/op and skipped/op show what the
// "async def" trigger saved.
func BenchmarkStdlib(b *testing.B) {
	dir := stdlibDir(b)
	var pyFiles, pyBytes, parsed, findings int64
	var allocs uint64
	b.ReportAllocs()
	for b.Loop() {
		var ms0, ms1 runtime.MemStats
		runtime.ReadMemStats(&ms0)
		before, _ := python.Stats()
		res, err := checker.Run([]string{dir + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: dir, PassesChosen: true})
		if err != nil {
			b.Fatal(err)
		}
		after, _ := python.Stats()
		runtime.ReadMemStats(&ms1)
		allocs = ms1.Mallocs - ms0.Mallocs
		parsed = after - before
		findings = int64(len(res.Findings))
		pyFiles, pyBytes = 0, 0
		for _, f := range res.Repo.OfKind(pass.Python) {
			pyFiles++
			pyBytes += f.Size
		}
	}
	b.SetBytes(pyBytes)
	b.ReportMetric(float64(pyFiles), "pyfiles/op")
	b.ReportMetric(float64(parsed), "parsed/op")
	b.ReportMetric(float64(pyFiles-parsed), "skipped/op")
	b.ReportMetric(float64(findings), "findings/op")
	b.ReportMetric(float64(allocs)/float64(max(pyFiles, 1)), "allocs/pyfile")
}

// BenchmarkCheckAsyncFiles measures parse + index + review of the files
// that contain "async def" (stdlib asyncio and its tests), without the
// driver's walk: MB/s of async code the pass actually reads.
func BenchmarkCheckAsyncFiles(b *testing.B) {
	dir := stdlibDir(b)
	type src struct {
		path string
		data []byte
	}
	var srcs []src
	var size int64
	for _, pattern := range []string{"asyncio/*.py", "test/test_asyncio/*.py"} {
		paths, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil || !bytes.Contains(data, []byte(asyncTrigger)) {
				continue
			}
			srcs = append(srcs, src{strings.TrimPrefix(p, dir+"/"), data})
			size += int64(len(data))
		}
	}
	if len(srcs) == 0 {
		b.Skip("no asyncio sources")
	}
	b.SetBytes(size)
	b.ReportAllocs()
	reported := 0
	for b.Loop() {
		fset := token.NewFileSet()
		files := make([]*pass.File, len(srcs))
		for i, s := range srcs {
			files[i] = pass.NewFile(fset, s.path, s.path, pass.Python, s.data, 0)
		}
		reported = 0
		p := &acr.Pass{
			Analyzer: Analyzer, Fset: fset, Files: files, Repo: pass.NewRepo(dir, files), Plan: acr.DefaultPlan(),
			ResultOf: map[*acr.Analyzer]any{pyindex.Analyzer: &pyindex.Index{}},
			Report:   func(acr.Diagnostic) { reported++ },
			ForEachFile: func(fs []*pass.File, fn func(*pass.File)) {
				for _, f := range fs {
					fn(f)
				}
			},
		}
		graph, _ := requestpath.Analyzer.Run(p)
		p.ResultOf[requestpath.Analyzer] = graph
		if _, err := run(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(srcs)), "files/op")
	b.ReportMetric(float64(reported), "findings/op")
}
