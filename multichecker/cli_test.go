package multichecker_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/multichecker"
)

// chdir runs the rest of the test in dir.
func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(dir))
	t.Cleanup(func() { os.Chdir(wd) })
}

// A typo in .acr.yaml stops the run with file:line:col and a suggestion,
// and acrvet config check says the same without running the passes.
func TestConfigTyposAreErrors(t *testing.T) {
	root := tree(t, map[string]string{".acr.yaml": "passes: [tood]\ndisable: [TODO01]\n", "a.py": "# TODO\n"})
	chdir(t, root)
	code, out, errOut := acrvet(".")
	assert.Equal(t, multichecker.ExitError, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `.acr.yaml:1:10: passes: unknown pass "tood": did you mean "todo"?`)
	assert.Contains(t, errOut, `.acr.yaml:2:11: disable: "TODO01" is no pass, rule id or rule name: did you mean "TODO001"?`)

	code, out, errOut = acrvet("config", "check")
	assert.Equal(t, multichecker.ExitError, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `.acr.yaml:1:10: passes: unknown pass "tood"`)

	require.NoError(t, os.WriteFile(filepath.Join(root, ".acr.yaml"), []byte("passes: [todo]\ndisable: [zip-artifact]\n"), 0o644))
	code, out, _ = acrvet("config", "check")
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Equal(t, ".acr.yaml: ok\n", out)
	code, _, _ = acrvet("config", "check", "missing.yaml")
	assert.Equal(t, multichecker.ExitError, code)
	code, _, _ = acrvet("config")
	assert.Equal(t, multichecker.ExitUsage, code)
}
