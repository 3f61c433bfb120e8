package python

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchCorpus returns the .py files of the stdlib asyncio package, or a
// generated module when there is no Python on the machine.
func benchCorpus(b *testing.B) [][]byte {
	var srcs [][]byte
	if dir := stdlibDir(); dir != "" {
		paths, _ := filepath.Glob(filepath.Join(dir, "asyncio", "*.py"))
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, src)
			}
		}
	}
	if len(srcs) == 0 {
		var sb strings.Builder
		for i := range 2000 {
			sb.WriteString("async def handler_")
			sb.WriteString(strings.Repeat("x", i%7+1))
			sb.WriteString("(request, *, timeout: float = 1.0):\n    data = await request.json()\n    return {k: v for k, v in data.items() if k}\n\n")
		}
		srcs = append(srcs, []byte(sb.String()))
	}
	return srcs
}

func BenchmarkParse(b *testing.B) {
	srcs := benchCorpus(b)
	var size, nodes int64
	for _, s := range srcs {
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		nodes = 0
		for _, s := range srcs {
			tree, _ := ParseBytes(s)
			nodes += int64(tree.Len())
		}
	}
	b.ReportMetric(float64(len(srcs)), "files/op")
	b.ReportMetric(float64(nodes)/float64(size), "nodes/byte")
}

func BenchmarkInspect(b *testing.B) {
	srcs := benchCorpus(b)
	var trees []*Tree
	var size int64
	for _, s := range srcs {
		tree, _ := ParseBytes(s)
		trees = append(trees, tree)
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	calls := 0
	for b.Loop() {
		calls = 0
		for _, tree := range trees {
			Inspect(tree.Root(), func(n *Node) bool {
				if n.Type() == "call" && n.ChildByField("function") != nil {
					calls++
				}
				return true
			})
		}
	}
	b.ReportMetric(float64(calls), "calls/op")
}
