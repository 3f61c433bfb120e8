package asyncradar

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/checker"
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
	analysistest.Run(t, analysistest.TestData(), Analyzer, "blocking", "sessions", "db", "helpers", "inference")
}

func TestService(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "fastapi", "service")
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
	assert.Equal(t, map[string]int{"ASYNC111": 4, "ASYNC107": 1}, rules)
}
