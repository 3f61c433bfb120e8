package schemadrift_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/schemadrift"
)

// TestCLIEquivalence runs the spec's
//
//	python scripts/validate_schema_migration.py --migration-dir ./alembic/versions
//
// as acrvet -schemadrift ./alembic/versions and checks that the command
// line reports exactly what the golden test expects: sa.JSON instead of
// JSONB, a JSONB column without a GIN index, ->> in WHERE without a
// B-tree expression index (and the unsafe index build).
func TestCLIEquivalence(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), schemadrift.Analyzer, "cli_alembic_versions")
	require.Len(t, results, 1)
	var want []string
	for _, f := range results[0].Findings {
		want = append(want, f.Posn.String()+": "+f.Diagnostic.Message+" ["+f.Rule.ID+"]")
	}
	sort.Strings(want)
	require.Len(t, want, 4)

	root := t.TempDir()
	copyTree(t, filepath.Join(analysistest.TestData(), "src", "cli_alembic_versions"), root)
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(root))
	defer func() { require.NoError(t, os.Chdir(wd)) }()

	var stdout, stderr bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-cache", "off", "-schemadrift", "./alembic/versions"}, &stdout, &stderr, schemadrift.Analyzer)
	assert.Equal(t, multichecker.ExitFindings, code, stderr.String())
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if !strings.HasPrefix(line, "\t") { // a related location of the finding above
			got = append(got, line)
		}
	}
	sort.Strings(got)
	assert.Equal(t, want, got)
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	}))
}
