package checker_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/testpasses"
)

// generatedCorpus writes n Python modules, one in ten with an async def,
// under a temporary root, and returns the root and total bytes.
func generatedCorpus(b *testing.B, n int) (string, int64) {
	b.Helper()
	root := b.TempDir()
	var total int64
	body := strings.Repeat("def f(x):\n    return [i * 2 for i in range(x)]\n\n", 40)
	for i := 0; i < n; i++ {
		src := body
		if i%10 == 0 {
			src += "async def handler():\n    await g()\n"
		}
		p := filepath.Join(root, fmt.Sprintf("pkg%d", i%20), fmt.Sprintf("m%04d.py", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(src))
	}
	return root, total
}

func benchRun(b *testing.B, root string, bytes int64, analyzers ...*acr.Analyzer) {
	b.ReportAllocs()
	b.SetBytes(bytes)
	b.ResetTimer()
	var res *checker.Result
	for i := 0; i < b.N; i++ {
		var err error
		res, err = checker.Run([]string{root}, analyzers, checker.Options{Root: root})
		if err != nil {
			b.Fatal(err)
		}
	}
	files := len(res.Repo.Files())
	read := 0
	for _, in := range res.Inputs {
		if len(in) > read {
			read = len(in)
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(read), "files-read")
	b.ReportMetric(float64(files-read), "files-skipped")
	b.ReportMetric(float64(res.Reparsed), "reparsed")
}

// BenchmarkDriverGenerated measures walking, reading, kind detection and
// trigger checks over 2,000 generated modules with a trigger-gated pass.
func BenchmarkDriverGenerated(b *testing.B) {
	root, total := generatedCorpus(b, 2000)
	benchRun(b, root, total, testpasses.Count)
}

// BenchmarkDriverStdlib runs the same over the machine's Python standard
// library, when there is one.
func BenchmarkDriverStdlib(b *testing.B) {
	out, err := exec.Command("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		b.Skip("no python3 on this machine")
	}
	root := strings.TrimSpace(string(out))
	var total int64
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	benchRun(b, root, total, testpasses.Count)
}
