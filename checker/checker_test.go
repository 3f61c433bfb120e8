package checker_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/pass"
)

// writeTree writes files (path -> content) under a new temporary root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(c), 0o644))
	}
	return root
}

func run(t *testing.T, root string, analyzers ...*acr.Analyzer) *checker.Result {
	t.Helper()
	res, err := checker.Run([]string{root}, analyzers, checker.Options{Root: root})
	require.NoError(t, err)
	return res
}

func messages(res *checker.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s: %s [%s]", f.Posn, f.Diagnostic.Message, f.Rule.ID))
	}
	return out
}

func TestPanickingPassKeepsOtherFindings(t *testing.T) {
	root := writeTree(t, map[string]string{"boom.py": "x = 1\n", "ok.py": "y = 2\n", "todo.py": "# TODO\n"})
	res := run(t, root, testpasses.Panicky, testpasses.Todo)
	require.Len(t, res.Errors, 1)
	assert.Contains(t, res.Errors[0].Error(), "panicky: panic while analyzing boom.py: boom")
	assert.Equal(t, []string{
		"ok.py:1:1: seen [PANIC001]",
		"todo.py:1:1: seen [PANIC001]",
		"todo.py:1:3: todo marker in python [TODO001]",
	}, messages(res))
}

func TestPrerequisiteFailureSkipsDependents(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": ""})
	res := run(t, root, testpasses.Dependent)
	require.Len(t, res.Errors, 2)
	assert.Equal(t, "dependent: skipped because its prerequisite failing failed", res.Errors[0].Error())
	assert.Equal(t, "failing: cannot run", res.Errors[1].Error())
}

// A helper pass reads only what its dependents read, so files without a
// trigger are never handed to it.
func TestHelperReadsOnlyDependentsInputs(t *testing.T) {
	root := writeTree(t, map[string]string{
		"a.py": "async def f(): pass\n",
		"b.py": "def g(): pass\n",
		"c.py": "def h(): pass\n",
	})
	res := run(t, root, testpasses.Count)
	assert.Equal(t, []string{"a.py:1:1: counter saw 1 files [CNT001]"}, messages(res))
	assert.Nil(t, res.Repo.Lookup("b.py").Content(), "a file no pass reads releases its bytes")
}

func TestDirectives(t *testing.T) {
	root := writeTree(t, map[string]string{
		"a.py": strings.Join([]string{
			"x = 1  # TODO  # acr:ignore todo-marker -- tracked in issue 12",
			"# acr:ignore todo-marker -- next line is fine",
			"y = 2  # TODO",
			"z = 3  # TODO  # acr:ignore todo-marker",
			"w = 4  # acr:ignore todo -- nothing here",
			"v = 5  # acr:ignore NOPE999 -- typo",
			"",
		}, "\n"),
		"b.sql": "-- acr:file-ignore todo -- generated seed data\nSELECT 1; -- TODO\n",
	})
	res := run(t, root, testpasses.Todo)
	assert.Equal(t, []string{
		"a.py:4:10: todo marker in python [TODO001]",
		"a.py:4:18: acr:ignore needs a reason after `--` so a reviewer can judge the suppression [ACR003]",
		"a.py:5:10: acr:ignore todo suppresses nothing: remove it, or move it to the line of the finding [ACR002]",
		"a.py:6:10: acr:ignore names \"NOPE999\", which is no rule or pass of this run: check the spelling (acrvet help lists them) [ACR003]",
	}, messages(res))
	assert.Len(t, res.Suppressed, 3)
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("d%d/f%02d.py", i%3, i)] = strings.Repeat("# TODO\nx = 1\n", i%5+1)
	}
	root := writeTree(t, files)
	var outs [][]string
	for _, w := range []int{1, 2, 8} {
		res, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root, Workers: w})
		require.NoError(t, err)
		outs = append(outs, messages(res))
	}
	assert.Equal(t, outs[0], outs[1])
	assert.Equal(t, outs[0], outs[2])
	assert.NotEmpty(t, outs[0])
}

func TestGitignoreAndExcludes(t *testing.T) {
	root := writeTree(t, map[string]string{
		".gitignore":          "build/\n*.gen.py\n!keep.gen.py\n",
		"build/a.py":          "# TODO\n",
		"x.gen.py":            "# TODO\n",
		"keep.gen.py":         "# TODO\n",
		"sub/.gitignore":      "/local.py\n",
		"sub/local.py":        "# TODO\n",
		"sub/deeper/local.py": "# TODO\n",
		"skip/me.py":          "# TODO\n",
		"node_modules/m.py":   "# TODO\n",
		".acr.yaml":           "exclude: [skip]\n",
	})
	res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"keep.gen.py:1:3: todo marker in python [TODO001]",
		"sub/deeper/local.py:1:3: todo marker in python [TODO001]",
	}, messages(res))
	assert.Contains(t, fmt.Sprint(res.Notes), "node_modules: vendored directory skipped")
}

// Hostile inputs get a note or a finding, never a panic or a hang.
func TestHostileInputs(t *testing.T) {
	root := writeTree(t, map[string]string{
		"nul.py":       "x = 1\x00\x00# TODO\n",
		"utf8.py":      "s = '\xff\xfe😀' # TODO\n",
		"gen.py":       "# Code generated by protoc. DO NOT EDIT.\n# TODO\n",
		"tmpl/s3.py":   "{% extends \"default.jinja\" %}\n# TODO\n",
		"empty.py":     "",
		"big/huge.sql": "",
	})
	big := filepath.Join(root, "big", "huge.sql")
	require.NoError(t, os.WriteFile(big, bytes.Repeat([]byte("-- TODO\n"), 50<<20/8), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(root, "loop"), filepath.Join(root, "loop")))
	require.NoError(t, os.Symlink(filepath.Join(root, "big"), filepath.Join(root, "biglink")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(root, "fifo.py"), 0o644))
	res := run(t, root, testpasses.Todo)
	notes := fmt.Sprint(res.Notes)
	assert.Contains(t, notes, "nul.py: skipped: binary file")
	assert.Contains(t, notes, "gen.py: skipped: generated file")
	assert.Contains(t, notes, "tmpl/s3.py: skipped: a Jinja template, not Python")
	assert.Contains(t, notes, "big/huge.sql: skipped: 52428800 bytes is over the 8388608-byte limit")
	assert.Contains(t, notes, "loop: broken or looping symlink")
	assert.Contains(t, notes, "biglink: symlinked directory not followed")
	assert.Contains(t, notes, "fifo.py: not a regular file")
	require.Equal(t, []string{"utf8.py:1:16: todo marker in python [TODO001]"}, messages(res))
	assert.Equal(t, 14, res.Findings[0].Posn.Column16, "UTF-16 columns count the emoji as two units and bad bytes as one")
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	root := writeTree(t, map[string]string{"secret.py": "# TODO\n"})
	require.NoError(t, os.Chmod(filepath.Join(root, "secret.py"), 0))
	res := run(t, root, testpasses.Todo)
	assert.Contains(t, fmt.Sprint(res.Notes), "secret.py: not readable")
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	root := writeTree(t, map[string]string{".acr.yaml": "plan:\n  heap_ratio: 0.7\n  servce: [api]\n"})
	_, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `.acr.yaml:3:3: unknown key "servce" in plan: did you mean "service"?`)

	root = writeTree(t, map[string]string{".acr.yaml": "settings:\n  todo:\n    nope: 1\n"})
	_, err = checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root})
	require.Error(t, err)
	assert.Contains(t, err.Error(), ".acr.yaml:3:11: settings.todo: unknown setting \"nope\" (the pass has no settings)")

	// A typo in passes: used to run nothing and exit 0.
	root = writeTree(t, map[string]string{".acr.yaml": "passes: [tood]\n", "a.py": "# TODO\n"})
	_, err = checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `.acr.yaml:1:10: passes: unknown pass "tood": did you mean "todo"?`)
	// Names are checked against every analyzer the tool knows, not only
	// those a -NAME flag chose.
	root = writeTree(t, map[string]string{".acr.yaml": "disable: [ZIP001]\n"})
	_, err = checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root, Known: []*acr.Analyzer{testpasses.Todo, testpasses.Zips}})
	assert.NoError(t, err)
}

func TestMissingRootIsAnError(t *testing.T) {
	_, err := checker.Run([]string{"/definitely/not/here"}, []*acr.Analyzer{testpasses.Todo}, checker.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no such file or directory")
}

var treeRule = &acr.Rule{ID: "TREE001", Name: "tree", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}

// inService reads every Python file of the plan's service tree, and
// elsewhere only files that mention "h2o".
var inService = &acr.Analyzer{
	Name: "inservice", Doc: "tree-scoped test pass", Kinds: []pass.Kind{pass.Python},
	Triggers: []string{"h2o"},
	Trees:    func(p *acr.Plan) []string { return p.Service },
	Rules:    []*acr.Rule{treeRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			p.ReportFile(treeRule, f, "read")
		}
		return nil, nil
	},
}

func TestTreesSelectInputsByPlanDirectory(t *testing.T) {
	root := writeTree(t, map[string]string{
		"api/app.py":       "x = 1\n",
		"api/deep/util.py": "y = 2\n",
		"jobs/train.py":    "import h2o\n",
		"jobs/other.py":    "z = 3\n",
		".acr.yaml":        "plan: {service: [api]}\n",
	})
	assert.Equal(t, []string{
		"api/app.py:1:1: read [TREE001]",
		"api/deep/util.py:1:1: read [TREE001]",
		"jobs/train.py:1:1: read [TREE001]",
	}, messages(run(t, root, inService)))
}

// Past the keep budget, inputs are read again when a pass asks: the
// findings, UTF-16 columns included, are those of a run that kept all.
func TestKeepBudgetDefersBytesWithoutChangingFindings(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("m%02d.py", i)] = strings.Repeat("s = 'é😀'  # TODO\n", i%3+1)
	}
	root := writeTree(t, files)
	all, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root})
	require.NoError(t, err)
	tight, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root, KeepBytes: 1})
	require.NoError(t, err)
	assert.Equal(t, messages(all), messages(tight))
	for i := range all.Findings {
		assert.Equal(t, all.Findings[i].Posn, tight.Findings[i].Posn)
	}
	require.NotEmpty(t, all.Findings)
	assert.Equal(t, 14, tight.Findings[0].Posn.Column16)
}

// Directives work the same when every input is past the keep budget: the
// scan marks the files that hold "acr:", and only those are read again
// for their directives once the passes are done.
func TestDirectivesPastTheKeepBudget(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 12; i++ {
		files[fmt.Sprintf("m%02d.py", i)] = "x = 1  # TODO\n"
	}
	files["quiet.py"] = "x = 1  # TODO  # acr:ignore todo-marker -- tracked in issue 12\n"
	files["stale.py"] = "y = 2  # TODO\nw = 4  # acr:ignore todo -- nothing here\n"
	root := writeTree(t, files)
	kept, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root})
	require.NoError(t, err)
	tight, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root, KeepBytes: 1})
	require.NoError(t, err)
	assert.Equal(t, messages(kept), messages(tight))
	assert.Len(t, tight.Suppressed, 1)
	assert.Contains(t, strings.Join(messages(tight), "\n"), "stale.py:2:")
}

// A pass whose result is not of its declared ResultType fails with both
// types named, and its dependents are skipped rather than panicking on a
// type assertion.
func TestResultTypeIsEnforced(t *testing.T) {
	wrong := &acr.Analyzer{
		Name: "wrong", Doc: "returns a string", ResultType: reflect.TypeOf(0),
		Run: func(*acr.Pass) (any, error) { return "seven", nil },
	}
	none := &acr.Analyzer{
		Name: "none", Doc: "returns a result it does not declare",
		Run: func(*acr.Pass) (any, error) { return 7, nil },
	}
	dependent := &acr.Analyzer{
		Name: "dependent", Doc: "reads wrong's result", Requires: []*acr.Analyzer{wrong},
		Run: func(p *acr.Pass) (any, error) { return nil, fmt.Errorf("ran with %v", p.ResultOf[wrong].(int)) },
	}
	root := writeTree(t, map[string]string{"a.py": "x = 1\n"})
	res := run(t, root, dependent, none)
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, e.Error())
	}
	assert.Equal(t, []string{
		"dependent: skipped because its prerequisite wrong failed",
		"none: Run returned a result of type int, but the analyzer declares no ResultType",
		"wrong: Run returned a result of type string, but the analyzer declares ResultType int",
	}, msgs)
}
