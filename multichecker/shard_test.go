package multichecker_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/all"
)

func runAll(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := multichecker.Run("acrvet", args, &out, &errOut, all.Analyzers()...)
	require.NotEqual(t, multichecker.ExitError, code, errOut.String())
	require.NotEqual(t, multichecker.ExitUsage, code, errOut.String())
	return code, out.String()
}

// The shards of a run, merged, give byte for byte the output of the run,
// in JSON and in SARIF.
func TestShardsMergeIntoOneRun(t *testing.T) {
	example := filepath.Join("..", "examples", "platform")
	for _, format := range []string{"json", "sarif"} {
		_, whole := runAll(t, "-cache=off", "-format", format, example)
		dir := t.TempDir()
		var parts []string
		for i := 0; i < 3; i++ {
			_, out := runAll(t, "-cache=off", "-format", format, "-shard", []string{"0/3", "1/3", "2/3"}[i], example)
			p := filepath.Join(dir, format+string(rune('0'+i)))
			require.NoError(t, os.WriteFile(p, []byte(out), 0o644))
			parts = append(parts, p)
		}
		code, merged := runAll(t, append([]string{"merge"}, parts...)...)
		assert.Equal(t, multichecker.ExitFindings, code, "merge exits as the run would")
		assert.Equal(t, whole, merged, format)
	}
}

func TestShardFlagErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-shard", "3/3", "."}, &out, &errOut, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut.String(), `"3/3" is not i/n`)
	code = multichecker.Run("acrvet", []string{"merge"}, &out, &errOut, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitUsage, code)
}

// A warm run with the cache gives the same findings as a cold one.
func TestCacheFlag(t *testing.T) {
	example := filepath.Join("..", "examples", "platform")
	cache := t.TempDir()
	_, cold := runAll(t, "-cache=off", "-json", example)
	_, first := runAll(t, "-cache", cache, "-json", example)
	_, warm := runAll(t, "-cache", cache, "-json", example)
	assert.Equal(t, cold, first)
	assert.Equal(t, cold, warm)
	entries, _ := os.ReadDir(cache)
	assert.NotEmpty(t, entries, "the cache directory holds entries")

	// The Plan Alignment report reads the scenario pass's evidence table,
	// a pass result: it must survive the cache too.
	_, coldReport := runAll(t, "-cache=off", "-format", "markdown", example)
	runAll(t, "-cache", cache, "-format", "markdown", example)
	_, warmReport := runAll(t, "-cache", cache, "-format", "markdown", example)
	assert.Equal(t, coldReport, warmReport)
}

// A syntax error hit by a file-local pass in its shard and by a whole-repo
// pass in shard 0 is one finding after the merge, as in one run.
func TestMergeKeepsSharedSyntaxErrorsOnce(t *testing.T) {
	root := t.TempDir()
	for i := 0; i < 6; i++ {
		p := filepath.Join(root, "tests", "test_"+string(rune('a'+i))+".py")
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("async def f(:\n    drift = 1\n"), 0o644))
	}
	for _, format := range []string{"json", "sarif"} {
		_, whole := runAll(t, "-cache=off", "-format", format, root)
		var parts []string
		for i := 0; i < 3; i++ {
			_, out := runAll(t, "-cache=off", "-format", format, "-shard", []string{"0/3", "1/3", "2/3"}[i], root)
			p := filepath.Join(t.TempDir(), "part")
			require.NoError(t, os.WriteFile(p, []byte(out), 0o644))
			parts = append(parts, p)
		}
		_, merged := runAll(t, append([]string{"merge"}, parts...)...)
		assert.Equal(t, whole, merged, format)
	}
}
