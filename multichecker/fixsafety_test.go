package multichecker_test

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/asyncradar"
)

func runFix(t *testing.T, root string, analyzers ...*acr.Analyzer) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-cache=off", "-fix", root}, &out, &errb, analyzers...)
	return code, errb.String()
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// The sleep fix imports asyncio after the byte order mark, the docstring
// and the __future__ imports, with the file's own line endings, and the
// result still parses.
func TestFixKeepsBOMAndLineEndings(t *testing.T) {
	cases := map[string]struct{ src, want string }{
		"bom": {
			"\ufeffimport time\n\n\nasync def f():\n    time.sleep(1)\n",
			"\ufeffimport asyncio\nimport time\n\n\nasync def f():\n    await asyncio.sleep(1)\n",
		},
		"bom docstring future crlf": {
			"\ufeff\"\"\"Service.\"\"\"\r\nfrom __future__ import annotations\r\nimport time\r\n\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n",
			"\ufeff\"\"\"Service.\"\"\"\r\nfrom __future__ import annotations\r\nimport asyncio\r\nimport time\r\n\r\n\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n",
		},
		"crlf": {
			"import time\r\n\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n",
			"import asyncio\r\nimport time\r\n\r\n\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			root := tree(t, map[string]string{"src/service/app.py": c.src})
			code, errOut := runFix(t, root, asyncradar.Analyzer)
			assert.Equal(t, multichecker.ExitClean, code, "every finding is fixed: %s", errOut)
			got := readString(t, filepath.Join(root, "src/service/app.py"))
			assert.Equal(t, c.want, got)
			_, err := python.ParseBytes([]byte(got))
			assert.NoError(t, err)
			assert.NotContains(t, got[len(pass.BOM):], pass.BOM)
		})
	}
}

// Links stay links; their target inside the repository is fixed once
// however many links point to it; a target outside is left alone.
func TestFixFollowsSymlinksInsideTheRepository(t *testing.T) {
	root := tree(t, map[string]string{"real.py": "x = 1  # TODO\n", "b.py": "y = 2  # TODO\n"})
	outside := tree(t, map[string]string{"ext.py": "z = 3  # TODO\n"})
	require.NoError(t, os.Symlink("real.py", filepath.Join(root, "link1.py")))
	require.NoError(t, os.Symlink(filepath.Join(root, "real.py"), filepath.Join(root, "link2.py")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "ext.py"), filepath.Join(root, "ext_link.py")))

	code, errOut := runFix(t, root, testpasses.Todo)
	assert.Equal(t, multichecker.ExitError, code, "a refused file is an error")
	assert.NotContains(t, errOut, "changed during the run")
	assert.Contains(t, errOut, "ext_link.py is a symbolic link to "+filepath.Join(outside, "ext.py")+", outside the repository; its fixes were not applied")
	assert.Equal(t, "x = 1  # DONE\n", readString(t, filepath.Join(root, "real.py")))
	assert.Equal(t, "y = 2  # DONE\n", readString(t, filepath.Join(root, "b.py")), "other files are still fixed")
	assert.Equal(t, "z = 3  # TODO\n", readString(t, filepath.Join(outside, "ext.py")))
	for _, link := range []string{"link1.py", "link2.py", "ext_link.py"} {
		st, err := os.Lstat(filepath.Join(root, link))
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeSymlink, "%s is still a link", link)
	}

	// Only links to the file, none of them the file itself.
	root = tree(t, map[string]string{"lib/target.txt": ""})
	require.NoError(t, os.WriteFile(filepath.Join(root, "lib/target.txt"), []byte("v = 1  # TODO\n"), 0o644))
	require.NoError(t, os.Symlink("lib/target.txt", filepath.Join(root, "a.py")))
	require.NoError(t, os.Symlink("lib/target.txt", filepath.Join(root, "b.py")))
	code, errOut = runFix(t, root, testpasses.Todo)
	assert.Equal(t, multichecker.ExitClean, code, errOut)
	assert.Contains(t, errOut, "fixed 2 findings in 2 files", "one finding through each link")
	assert.Equal(t, "v = 1  # DONE\n", readString(t, filepath.Join(root, "lib/target.txt")))
}

// A read-only file, or one with another hard link, is refused with a
// message; the other files are still fixed.
func TestFixRefusesFilesItMayNotReplace(t *testing.T) {
	root := tree(t, map[string]string{"ro.py": "x = 1  # TODO\n", "b.py": "y = 2  # TODO\n", "hard.py": "h = 1  # TODO\n"})
	ro := filepath.Join(root, "ro.py")
	require.NoError(t, os.Chmod(ro, 0o444))
	require.NoError(t, os.Link(filepath.Join(root, "hard.py"), filepath.Join(t.TempDir(), "other-name.py")))
	code, errOut := runFix(t, root, testpasses.Todo)
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errOut, "ro.py is read-only (mode -r--r--r--); its fixes were not applied")
	assert.Contains(t, errOut, "hard.py has 2 hard links, which a rewrite would separate; its fixes were not applied")
	assert.Equal(t, "x = 1  # TODO\n", readString(t, ro))
	assert.Equal(t, "h = 1  # TODO\n", readString(t, filepath.Join(root, "hard.py")))
	assert.Equal(t, "y = 2  # DONE\n", readString(t, filepath.Join(root, "b.py")))
	st, err := os.Stat(ro)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o444), st.Mode().Perm())
}

// The rewritten file keeps its mode, owner and group.
func TestFixKeepsModeOwnerAndGroup(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another owner needs root")
	}
	root := tree(t, map[string]string{"a.py": "x = 1  # TODO\n"})
	path := filepath.Join(root, "a.py")
	require.NoError(t, os.Chown(path, 1234, 5678))
	require.NoError(t, os.Chmod(path, 0o2750|os.ModeSetgid))
	before, err := os.Stat(path)
	require.NoError(t, err)
	code, errOut := runFix(t, root, testpasses.Todo)
	assert.Equal(t, multichecker.ExitClean, code, errOut)
	assert.Equal(t, "x = 1  # DONE\n", readString(t, path))
	after, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, before.Mode(), after.Mode())
	assert.Equal(t, uint32(1234), after.Sys().(*syscall.Stat_t).Uid)
	assert.Equal(t, uint32(5678), after.Sys().(*syscall.Stat_t).Gid)
}

// breaker proposes a fix that leaves the module unparsable.
var breakerRule = &acr.Rule{ID: "BRK001", Name: "breaker", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}
var breaker = &acr.Analyzer{
	Name: "breaker", Doc: "propose a fix that breaks the syntax", Kinds: []pass.Kind{pass.Python}, Triggers: []string{"BREAK"},
	Rules: []*acr.Rule{breakerRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			at := bytes.Index(f.Content(), []byte("BREAK"))
			p.Report(acr.Diagnostic{Pos: f.Pos(at), Category: breakerRule.ID, Message: "break it",
				SuggestedFixes: []acr.SuggestedFix{{Message: "break", TextEdits: []acr.TextEdit{
					{Pos: f.Pos(at), End: f.Pos(at + 5), NewText: []byte("(((")}}}}})
		}
		return nil, nil
	},
}

func TestFixRollsBackAResultThatNoLongerParses(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "x = BREAK\n", "b.py": "y = 2  # TODO\n"})
	code, errOut := runFix(t, root, breaker, testpasses.Todo)
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errOut, "a.py would no longer parse after its fixes")
	assert.Equal(t, "x = BREAK\n", readString(t, filepath.Join(root, "a.py")))
	assert.Equal(t, "y = 2  # DONE\n", readString(t, filepath.Join(root, "b.py")))
}
