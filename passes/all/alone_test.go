package all_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/all"
)

// TestPassAloneFindsWhatItFindsWithAll runs each pass alone and with all
// passes over the same repositories and compares that pass's findings: a
// pass's findings must not depend on which other passes run beside it
// (helpers such as the request path are shared, and the first pass to ask
// one must not decide what it knows). startup_migration is shaped like
// Mealie: a FastAPI lifespan calls a sync function of another module that
// applies the Alembic history, and an async route blocks, so asyncradar
// asks the request path as schemadrift does.
func TestPassAloneFindsWhatItFindsWithAll(t *testing.T) {
	repoRoot, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	repos := []string{filepath.Join(repoRoot, "passes", "all", "testdata", "alone", "startup_migration")}
	if platform := filepath.Join(repoRoot, "examples", "platform"); exists(platform) {
		repos = append(repos, platform)
	}
	for _, repo := range repos {
		withAll, err := checker.Run([]string{repo}, all.Analyzers(), checker.Options{Root: repo})
		require.NoError(t, err)
		require.Empty(t, withAll.Errors)
		for _, a := range all.Analyzers() {
			if len(a.Rules) == 0 {
				continue
			}
			alone, err := checker.Run([]string{repo}, []*acr.Analyzer{a}, checker.Options{Root: repo})
			require.NoError(t, err)
			require.Empty(t, alone.Errors)
			assert.Equal(t, findingsOf(a, withAll), findingsOf(a, alone), "%s: the findings of %s alone differ from those with all passes", repo, a.Name)
		}
	}
}

// TestStartupMigrationSeenWithAllPasses pins the Mealie case itself: the
// application applies its migrations in its lifespan, so the index built
// without CONCURRENTLY is not reported, with all passes as with
// schemadrift alone.
func TestStartupMigrationSeenWithAllPasses(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "alone", "startup_migration"))
	require.NoError(t, err)
	res, err := checker.Run([]string{dir}, all.Analyzers(), checker.Options{Root: dir})
	require.NoError(t, err)
	var rules []string
	for _, f := range res.Findings {
		if f.Rule != nil {
			rules = append(rules, f.Rule.ID)
		}
	}
	assert.NotContains(t, rules, "SCHEMA401", "the lifespan applies the migrations")
	assert.Contains(t, rules, "SCHEMA405", "the lock is still named, as a note")
	assert.Contains(t, rules, "ARX101", "the route's blocking call is on the request path")
}

// findingsOf lists the findings of a's rules, with place and message.
func findingsOf(a *acr.Analyzer, res *checker.Result) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Rule == nil || a.Rule(f.Rule.ID) == nil {
			continue
		}
		out = append(out, fmt.Sprintf("%s:%d:%d: %s [%s] note=%v", f.Posn.Path, f.Posn.Line, f.Posn.Column, f.Diagnostic.Message, f.Rule.ID, f.Note))
	}
	return out
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
