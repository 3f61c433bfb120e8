package asyncradar

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/pass/python"
)

func TestAnalyzerIsValid(t *testing.T) {
	require.NoError(t, acr.Validate([]*acr.Analyzer{Analyzer}))
	for _, r := range Analyzer.Rules {
		require.NotEmpty(t, r.Story, r.ID)
		require.Equal(t, acr.Process, r.View, r.ID)
		require.NotEmpty(t, r.Example, r.ID)
		require.NotEmpty(t, r.UseInstead, r.ID)
	}
}

func TestBlocking(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "blocking", "sessions", "db", "helpers", "inference", "ARX117", "ARX118", "values", "ARX102")
}

// TestCostClasses pins the cost classes of blocking work: tree-wide file
// work, the network and processes are errors; one local file is a note,
// and so is a helper whose worst call touches one file; a library
// package's findings are notes; a client created on a cache miss is not
// created per request; a database round trip is a note in a function
// that must stay async for what it awaits or for its base class's
// interface.
func TestCostClasses(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "ARX104", "ARX107", "ARX110", "ARX112")
	want := map[string]map[string]acr.Severity{
		"ARX107": {"svc/api.py:16": acr.SeverityError, "svc/api.py:17": acr.SeverityError, "svc/api.py:25": acr.SeverityError,
			"svc/api.py:31": acr.SeverityError, "svc/api.py:39": acr.SeverityNote, "svc/api.py:40": acr.SeverityNote,
			"svc/api.py:43": acr.SeverityError, "svc/api.py:53": acr.SeverityNote, "svc/api.py:63": acr.SeverityError,
			"svc/api.py:76": acr.SeverityNote, "svc/api.py:83": acr.SeverityNote,
			"svc/items.py:12": acr.SeverityError, "svc/items.py:14": acr.SeverityError, "svc/items.py:16": acr.SeverityError,
			"svc/items.py:34": acr.SeverityNote, "svc/items.py:35": acr.SeverityNote},
		"ARX104": {
			"flows/storage.py:10": acr.SeverityNote, "svc/api.py:18": acr.SeverityError, "svc/api.py:19": acr.SeverityError,
			"svc/api.py:21": acr.SeverityError, "svc/api.py:22": acr.SeverityError, "svc/api.py:23": acr.SeverityError,
			"svc/api.py:24": acr.SeverityNote, "svc/api.py:25": acr.SeverityNote, "svc/api.py:27": acr.SeverityNote,
			"svc/api.py:28": acr.SeverityNote, "svc/api.py:29": acr.SeverityNote, "svc/api.py:30": acr.SeverityNote,
			"svc/api.py:31": acr.SeverityNote, "svc/api.py:32": acr.SeverityNote, "svc/api.py:33": acr.SeverityNote,
			"svc/api.py:40": acr.SeverityError, "svc/api.py:46": acr.SeverityNote, "svc/api.py:48": acr.SeverityNote,
			"svc/api.py:50": acr.SeverityNote, "svc/api.py:53": acr.SeverityNote, "svc/api.py:54": acr.SeverityNote,
			"svc/api.py:63": acr.SeverityNote, "svc/api.py:64": acr.SeverityNote, "svc/api.py:65": acr.SeverityNote,
			"svc/api.py:66": acr.SeverityNote, "svc/api.py:68": acr.SeverityError, "svc/api.py:69": acr.SeverityNote,
			"svc/api.py:71": acr.SeverityNote, "svc/api.py:82": acr.SeverityError, "svc/api.py:92": acr.SeverityError,
			"svc/api.py:93": acr.SeverityNote, "svc/api.py:94": acr.SeverityError, "svc/api.py:96": acr.SeverityNote,
			"svc/api.py:97": acr.SeverityNote, "svc/api.py:98": acr.SeverityNote, "svc/api.py:101": acr.SeverityError,
			"svc/api.py:110": acr.SeverityNote, "svc/api.py:111": acr.SeverityNote, "svc/api.py:112": acr.SeverityError,
			"svc/api.py:113": acr.SeverityNote, "svc/api.py:115": acr.SeverityError, "svc/api.py:116": acr.SeverityError,
			"svc/api.py:118": acr.SeverityError, "svc/api.py:135": acr.SeverityNote, "svc/api.py:138": acr.SeverityError,
			"svc/api.py:142": acr.SeverityNote, "svc/caches.py:16": acr.SeverityNote, "svc/caches.py:17": acr.SeverityNote,
			"svc/caches.py:18": acr.SeverityNote, "svc/caches.py:22": acr.SeverityError, "svc/caches.py:27": acr.SeverityError, "svc/caches.py:32": acr.SeverityError,
			"svc/exports.py:12": acr.SeverityError, "svc/exports.py:13": acr.SeverityNote,
			"svc/exports.py:14": acr.SeverityNote, "svc/symbols.py:16": acr.SeverityNote, "svc/symbols.py:18": acr.SeverityNote,
			"svc/symbols.py:21": acr.SeverityError, "svc/symbols.py:28": acr.SeverityError,
			"svc/symbols.py:42": acr.SeverityNote, "svc/symbols.py:45": acr.SeverityNote, "svc/symbols.py:46": acr.SeverityError},
		"ARX110": {"svc/api.py:30": acr.SeverityNote, "svc/api.py:31": acr.SeverityError, "svc/api.py:32": acr.SeverityError,
			"svc/routes.py:17": acr.SeverityError, "svc/routes.py:18": acr.SeverityError, "svc/routes.py:19": acr.SeverityNote,
			"svc/routes.py:20": acr.SeverityNote, "svc/uploads.py:21": acr.SeverityError, "svc/uploads.py:22": acr.SeverityNote,
			"svc/uploads.py:33": acr.SeverityError, "svc/uploads.py:35": acr.SeverityError, "svc/uploads.py:36": acr.SeverityError,
			"svc/uploads.py:37": acr.SeverityError, "svc/uploads.py:38": acr.SeverityError, "svc/uploads.py:39": acr.SeverityError,
			"svc/uploads.py:40": acr.SeverityError, "svc/uploads.py:41": acr.SeverityError, "svc/uploads.py:52": acr.SeverityNote,
			"svc/uploads.py:54": acr.SeverityNote, "svc/uploads.py:55": acr.SeverityError},
	}
	for kase, lines := range want {
		root := filepath.Join(analysistest.TestData(), "src", kase)
		res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: root, PassesChosen: true})
		require.NoError(t, err)
		require.Empty(t, res.Errors)
		got := map[string]acr.Severity{}
		for _, f := range res.Findings {
			got[f.Posn.Path+":"+strconv.Itoa(f.Posn.Line)] = f.Severity()
		}
		assert.Equal(t, lines, got, kase)
	}
}

func TestService(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "fastapi", "service", "lifespan")
}

// TestScope pins the request path: blocking calls are reported in
// handlers and what they reach across modules, and in library packages;
// not in tests, fixtures, benchmarks, examples, scripts, command-line
// programs or code a serving package never reaches.
func TestScope(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "scope")
}

// TestScopeAllAsync: with scope all-async the findings off the request
// path are reported too, and say where they are.
func TestScopeAllAsync(t *testing.T) {
	t.Cleanup(func() { require.NoError(t, Analyzer.Flags.Set("scope", scopeRequestPath)) })
	analysistest.Run(t, analysistest.TestData(), Analyzer, "scopeall")
}

// TestScopeNotes: findings off the request path are notes, whatever
// their rule's severity, also when a run is served from the cache.
func TestScopeNotes(t *testing.T) {
	t.Cleanup(func() { require.NoError(t, Analyzer.Flags.Set("scope", scopeRequestPath)) })
	root := filepath.Join(analysistest.TestData(), "src", "scopeall")
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	for _, run := range []string{"cold", "cached"} {
		res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: root, PassesChosen: true, Cache: cache})
		require.NoError(t, err)
		require.Empty(t, res.Errors)
		severities := map[string]acr.Severity{}
		for _, f := range res.Findings {
			severities[f.Posn.Path+":"+strconv.Itoa(f.Posn.Line)] = f.Severity()
		}
		assert.Equal(t, map[string]acr.Severity{
			"app/api.py:10": acr.SeverityError, "app/api.py:14": acr.SeverityNote, "app/cli.py:6": acr.SeverityNote,
			"scripts/backfill.py:6": acr.SeverityNote, "tests/test_api.py:5": acr.SeverityNote,
		}, severities, run)
	}
}

func TestRedis(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "redis")
}

func TestCPU(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "cpu")
}

func TestSettings(t *testing.T) {
	t.Cleanup(func() {
		// Settings set the pass's flags for the rest of the process.
		require.NoError(t, Analyzer.Flags.Set("cpu-bound", strings.Join(defaultCPUBound, ",")))
		require.NoError(t, Analyzer.Flags.Set("sync-drivers", strings.Join(defaultSyncDrivers, ",")))
		require.NoError(t, Analyzer.Flags.Set("redis-errors", ""))
	})
	analysistest.Run(t, analysistest.TestData(), Analyzer, "settings")
}

func TestSyntaxErrorsAndTriggers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "syntax", "trigger")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), Analyzer, "fix")
}

// TestTriggersAvoidParsing checks that only files containing "async def"
// are parsed: service modules brought in by a driver name are scanned by
// line, and the pyindex helper parses nothing on its own.
func TestTriggersAvoidParsing(t *testing.T) {
	root := filepath.Join(analysistest.TestData(), "src", "service")
	before, _ := python.Stats()
	res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: root, PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	after, _ := python.Stats()
	var inputs []string
	for _, f := range res.Inputs[Analyzer] {
		inputs = append(inputs, f.Path)
	}
	assert.Equal(t, []string{"src/pipeline/load.py", "src/service/api.py", "src/service/clean.py", "src/service/db.py"}, inputs)
	assert.Equal(t, int64(1), after-before, "only api.py has async def")
	rules := map[string]int{}
	for _, f := range res.Findings {
		rules[f.Diagnostic.Category]++
	}
	assert.Equal(t, map[string]int{"ARX111": 4, "ARX107": 1}, rules)
}

// TestFormerCodes checks that the ASYNC1xx codes asyncradar used before its
// ARX codes still select the rules in .acr.yaml and acr:ignore, with a note
// that names the new code.
func TestFormerCodes(t *testing.T) {
	dir := t.TempDir()
	src := "import time\nimport redis\n\ncache = redis.Redis()\n\n\nasync def handler():\n" +
		"    time.sleep(1)  # acr:ignore ASYNC101 -- runs in a worker thread\n" +
		"    cache.get(\"k\")\n" +
		"    time.sleep(2)\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.py"), []byte(src), 0o644))
	cfg, err := config.Parse(filepath.Join(dir, ".acr.yaml"), []byte("disable: [ASYNC108]\n"))
	require.NoError(t, err)
	res, err := checker.Run([]string{dir + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: dir, Config: cfg, PassesChosen: true})
	require.NoError(t, err)
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%d %s", f.Posn.Line, f.Diagnostic.Category))
	}
	assert.Equal(t, []string{"10 ARX101"}, got, "ASYNC101 suppressed line 8, ASYNC108 disabled the Redis finding")
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.Reason)
	}
	assert.Contains(t, strings.Join(notes, "\n"), "disable ASYNC108 selects ARX108 by a former code")
	assert.Contains(t, strings.Join(notes, "\n"), "acr:ignore ASYNC101 selects ARX101 by a former code")
	for _, r := range Rules {
		if r.ID <= "ARX116" {
			assert.Equal(t, []string{"ASYNC" + strings.TrimPrefix(r.ID, "ARX")}, r.Aliases, r.ID)
		} else {
			assert.Empty(t, r.Aliases, "%s is new: it never had an ASYNC code", r.ID)
		}
	}
}

// TestPlatformExample pins the violations planted in examples/platform
// (its README lists them): value tracking must keep finding them.
func TestPlatformExample(t *testing.T) {
	root, err := filepath.Abs("../../examples/platform")
	require.NoError(t, err)
	res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: root, PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", f.Posn.Path, f.Posn.Line, f.Diagnostic.Category))
	}
	assert.Equal(t, []string{
		"src/service/legacy.py:38 ARX102", "src/service/legacy.py:59 ARX102", "src/service/legacy.py:61 ARX110",
		"src/service/legacy.py:70 ARX114", "src/service/legacy.py:77 ARX112", "src/service/legacy.py:90 ARX101",
		"src/service/legacy.py:93 ARX109", "src/service/legacy.py:97 ARX113", "src/service/legacy.py:97 ARX114",
		"src/service/reports.py:13 ARX111",
	}, got)
}

// TestCallsIntoOtherModulesParseOnce checks that judging calls into other
// modules reads what pyindex kept of each module's one parse (its
// digest): a module the pass checked and released, or read for a helper,
// is never parsed again.
func TestCallsIntoOtherModulesParseOnce(t *testing.T) {
	root := filepath.Join(analysistest.TestData(), "src", "ARX110")
	var modules int64
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".py") {
			modules++
		}
		return err
	}))
	before, _ := python.Stats()
	res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: root, PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	after, _ := python.Stats()
	crossModule := 0
	for _, f := range res.Findings {
		if f.Diagnostic.Category == RuleHelper.ID && strings.Contains(f.Diagnostic.Message, " of svc/") {
			crossModule++
		}
	}
	require.Positive(t, crossModule, "the calls into other modules are judged")
	assert.Zero(t, res.Reparsed, "no module is parsed again after its release")
	assert.LessOrEqual(t, after-before, modules, "each module is parsed at most once")
}

// TestCallsIntoSeldomCalledModules checks the modules whose digest the
// hook leaves to the check (tests, benchmarks, migrations: seldomCalled):
// a call into one is judged as into any other module, whether a pass
// parsed it before (migrations/jobs.py has an async def) or not
// (migrations/helpers.py).
func TestCallsIntoSeldomCalledModules(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"app/__init__.py":            "",
		"app/migrations/__init__.py": "",
		"app/migrations/helpers.py":  "import time\n\n\ndef load():\n    time.sleep(1)\n",
		"app/migrations/jobs.py":     "import subprocess\n\n\ndef backfill():\n    subprocess.run([\"true\"])\n\n\nasync def later():\n    pass\n",
		"app/main.py": "from fastapi import FastAPI\n\nfrom app.migrations.helpers import load\nfrom app.migrations.jobs import backfill\n\n" +
			"app = FastAPI()\n\n\n@app.get(\"/\")\nasync def index():\n    load()\n    backfill()\n    return {}\n",
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	res, err := checker.Run([]string{dir + "/..."}, []*acr.Analyzer{Analyzer}, checker.Options{Root: dir, PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%d %s %s", f.Posn.Line, f.Diagnostic.Category, f.Diagnostic.Message[:strings.Index(f.Diagnostic.Message, ",")]))
	}
	assert.Equal(t, []string{
		"11 ARX110 load() in async def index calls sync helper load of app/migrations/helpers.py",
		"12 ARX110 backfill() in async def index calls sync helper backfill of app/migrations/jobs.py",
	}, got)
}
