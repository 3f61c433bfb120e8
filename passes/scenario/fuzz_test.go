package scenario

import (
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
)

// runOn runs the pass over an in-memory repository whose files all are
// inputs, and returns the evidence and the diagnostics.
func runOn(t testing.TB, files map[string]string) (*Evidence, []acr.Diagnostic) {
	fset := token.NewFileSet()
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var list []*pass.File
	for _, p := range paths {
		list = append(list, pass.NewFile(fset, p, p, pass.DetectKind(p, []byte(files[p])), []byte(files[p]), 0))
	}
	var diags []acr.Diagnostic
	p := &acr.Pass{
		Analyzer: Analyzer,
		Fset:     fset,
		Files:    list,
		Repo:     pass.NewRepo("/repo", list),
		Plan:     acr.DefaultPlan(),
		ResultOf: map[*acr.Analyzer]any{pyindex.Analyzer: &pyindex.Index{}},
		Report:   func(d acr.Diagnostic) { diags = append(diags, d) },
		ForEachFile: func(fs []*pass.File, fn func(*pass.File)) {
			for _, f := range fs {
				fn(f)
			}
		},
	}
	res, err := run(p)
	if err != nil {
		t.Fatal(err)
	}
	return res.(*Evidence), diags
}

// fuzzRoles are the paths a fuzzed source is analysed at: the service,
// a test, the code of two Mage blocks and a load runner.
var fuzzRoles = []string{"src/service/app.py", "tests/test_app.py", "transformers/b.py", "sensors/a.py", "tests/load/locustfile_test.py"}

// FuzzPython runs the Python analyses of the pass (service, tests, Mage
// block code, load runners) over one source playing the role the fuzzer
// picks. Sources are at most maxFuzzSource bytes and are analysed once
// per execution, which keeps the fuzzer at thousands of executions a
// second.
func FuzzPython(f *testing.F) {
	const maxFuzzSource = 2 << 10
	seeds, _ := filepath.Glob("testdata/src/*/*/*/*.py")
	more, _ := filepath.Glob("testdata/src/*/*/*.py")
	for i, s := range append(seeds, more...) {
		if b, err := os.ReadFile(s); err == nil && len(b) <= maxFuzzSource {
			f.Add(string(b), uint8(i))
		}
	}
	f.Add("x = load_model()\ndef f():\n global x\n x = load_model()\n x.load_model(p)\n", uint8(0))
	f.Add("@app.get(\ndef (", uint8(2))
	f.Fuzz(func(t *testing.T, src string, role uint8) {
		if len(src) > maxFuzzSource {
			return
		}
		ev, _ := runOn(t, map[string]string{
			fuzzRoles[int(role)%len(fuzzRoles)]: src,
			"pipelines/p/metadata.yaml":         "blocks: [{uuid: b, type: transformer, upstream_blocks: [a]}, {uuid: a, type: sensor}]\n",
			"pipelines/p/triggers.yaml":         "triggers: [{name: t, schedule_type: time}]\n",
			"scripts/load.sh":                   "locust --headless & curl $API/reload\n",
		})
		if len(ev.Criteria) != len(CriterionIDs) {
			t.Fatalf("evidence has %d rows", len(ev.Criteria))
		}
		for _, c := range ev.Criteria {
			if c.Applies && !c.Satisfied && len(c.Gaps) == 0 {
				t.Fatalf("criterion %s is missing without a finding", c.ID)
			}
		}
	})
}

func TestRunOnMemoryRepository(t *testing.T) {
	ev, diags := runOn(t, map[string]string{
		"src/service/app.py": "import h2o\n\n@app.get('/x')\ndef x():\n    m = h2o.import_mojo('a.zip')\n    return m.predict(1)\n",
	})
	assert.Equal(t, "missing", ev.Criterion(CritHotSwap).Status())
	var rules []string
	for _, d := range diags {
		rules = append(rules, d.Category)
	}
	sort.Strings(rules)
	assert.Equal(t, []string{"SCN102", "SCN102", "SCN102", "SCN103"}, rules,
		"the per-request load, and no load test, no run under swap, no 5xx assertion")
}
