package asyncradar

import (
	"go/token"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

// FuzzCheck runs the whole review over arbitrary sources: whatever the
// parser recovers, the pass must not panic and must report inside the file.
// Sources are at most 4 KiB, so the fuzzer keeps thousands of executions
// a second; time on large files is the dense-file benchmark's subject.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"import time\nasync def f():\n    time.sleep(1)\n",
		"async def f(:\n  requests.get(x)\n",
		"class C:\n  def __init__(self): self.s = requests.Session()\n  async def m(self): return self.s.get(u)\n",
		"async def f():\n  await cache.set(k, v)\n  cache.hset(k)\n",
		"@app.get('/')\nasync def r():\n  async with httpx.AsyncClient() as c: pass\n",
		"from time import *\nasync def f(): [sleep(x) for x in y]\n",
		"async def f():\n  match x:\n    case [a, *b]: a.sleep()\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4<<10 {
			return
		}
		fset := token.NewFileSet()
		file := pass.NewFile(fset, "src/service/app.py", "app.py", pass.Python, []byte("async def \n"+src), 0)
		p := &acr.Pass{
			Analyzer: Analyzer, Fset: fset, Files: []*pass.File{file}, Repo: pass.NewRepo(".", []*pass.File{file}),
			Plan:     acr.DefaultPlan(),
			ResultOf: map[*acr.Analyzer]any{pyindex.Analyzer: &pyindex.Index{}},
			Report: func(d acr.Diagnostic) {
				if d.Pos.IsValid() && (file.Offset(d.Pos) < 0 || file.Offset(d.Pos) > int(file.Size)) {
					t.Fatalf("finding outside the file: %v", d)
				}
			},
			ForEachFile: func(fs []*pass.File, fn func(*pass.File)) {
				for _, f := range fs {
					fn(f)
				}
			},
		}
		graph, _ := requestpath.Analyzer.Run(p)
		p.ResultOf[requestpath.Analyzer] = graph
		if _, err := run(p); err != nil {
			t.Fatal(err)
		}
	})
}
