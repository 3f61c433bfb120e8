package multichecker_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
)

func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(c), 0o644))
	}
	return root
}

func acrvet(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", args, &out, &errb, testpasses.Todo, testpasses.Zips)
	return code, out.String(), errb.String()
}

func TestExitCodesAndText(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "x = 1  # TODO\n", "clean.py": "y = 2\n"})
	code, out, _ := acrvet(root + "/...")
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Contains(t, out, "a.py:1:10: todo marker in python [TODO001]\n")

	code, out, _ = acrvet("-zips", root)
	assert.Equal(t, multichecker.ExitClean, code, "only the zips pass runs: %s", out)
	assert.Empty(t, out)

	code, _, errOut := acrvet("-format", "nope", root)
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut, `unknown format "nope"`)

	code, _, errOut = acrvet("/no/such/dir")
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errOut, "no such file or directory")
}

func TestContextLines(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "one = 1\ntwo = 2  # TODO\nthree = 3\n"})
	_, out, _ := acrvet("-c", "1", root)
	assert.Contains(t, out, "      1 | one = 1\n>     2 | two = 2  # TODO\n      3 | three = 3\n")
}

func TestJSON(t *testing.T) {
	root := tree(t, map[string]string{"a.sql": "SELECT 1; -- TODO\n"})
	code, out, _ := acrvet("-json", root)
	assert.Equal(t, multichecker.ExitFindings, code)
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Diagnostics, 1)
	d := rep.Diagnostics[0]
	assert.Equal(t, "todo", d.Analyzer)
	assert.Equal(t, "TODO001", d.Rule)
	assert.Equal(t, "a.sql", d.Path)
	assert.Equal(t, 1, d.Line)
	assert.Equal(t, 14, d.Column)
	assert.Equal(t, 18, d.EndColumn)
	require.Len(t, d.Fixes, 1)
	assert.Equal(t, output.JSONEdit{Path: "a.sql", Start: 13, End: 17, New: "DONE"}, d.Fixes[0].Edits[0])
}

func TestFixAndDiff(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "x = 1  # TODO\ny = 2\n"})
	path := filepath.Join(root, "a.py")
	require.NoError(t, os.Chmod(path, 0o754))

	code, out, _ := acrvet("-fix", "-diff", root)
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Equal(t, "--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n-x = 1  # TODO\n+x = 1  # DONE\n y = 2\n", out)
	data, _ := os.ReadFile(path)
	assert.Equal(t, "x = 1  # TODO\ny = 2\n", string(data), "-diff writes nothing")

	acrvet("-fix", root)
	data, _ = os.ReadFile(path)
	assert.Equal(t, "x = 1  # DONE\ny = 2\n", string(data))
	st, _ := os.Stat(path)
	assert.Equal(t, os.FileMode(0o754), st.Mode().Perm(), "the file mode survives the atomic rewrite")
	entries, _ := os.ReadDir(root)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestHelp(t *testing.T) {
	code, out, _ := acrvet("help")
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Contains(t, out, "todo")
	assert.Contains(t, out, "TODO001")
	assert.Contains(t, out, "ACR002")

	_, out, _ = acrvet("help", "todo-marker")
	assert.Contains(t, out, "# TODO001: TODO left in an artifact")
	assert.Contains(t, out, "## What it does")

	_, out, _ = acrvet("help", "zips")
	assert.Contains(t, out, "zips: report zip artifacts")

	code, _, errOut := acrvet("help", "nothing")
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut, `no pass or rule named "nothing"`)
}
