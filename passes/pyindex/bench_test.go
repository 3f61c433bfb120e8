package pyindex

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acrvet/acr/pass/python"
)

func stdlibAsyncio(b *testing.B) [][]byte {
	out, err := exec.Command("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		b.Skip("no python3 standard library on this machine")
	}
	paths, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "asyncio", "*.py"))
	var srcs [][]byte
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			srcs = append(srcs, src)
		}
	}
	if len(srcs) == 0 {
		b.Skip("no asyncio package found")
	}
	return srcs
}

// BenchmarkBuild measures the index alone, over trees parsed beforehand.
func BenchmarkBuild(b *testing.B) {
	srcs := stdlibAsyncio(b)
	var trees []*python.Tree
	var size int64
	for _, s := range srcs {
		tree, _ := python.ParseBytes(s)
		trees = append(trees, tree)
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	calls := 0
	for b.Loop() {
		calls = 0
		for _, tree := range trees {
			calls += len(Build(tree).Calls)
		}
	}
	b.ReportMetric(float64(calls), "calls/op")
	b.ReportMetric(float64(len(trees)), "files/op")
}

// BenchmarkTypeOfReceivers measures TypeOf over every method receiver.
func BenchmarkTypeOfReceivers(b *testing.B) {
	srcs := stdlibAsyncio(b)
	var mods []*Module
	for _, s := range srcs {
		tree, _ := python.ParseBytes(s)
		mods = append(mods, Build(tree))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range mods {
			for _, c := range m.Calls {
				if c.Receiver != nil {
					_ = m.TypeOf(c.Receiver)
				}
			}
		}
	}
}
