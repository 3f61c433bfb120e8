package multichecker_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/pass"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=acr", "-c", "user.email=acr@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}

func zipBytes(t *testing.T, content string) string {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("model.ini")
	require.NoError(t, err)
	w.Write([]byte(content))
	require.NoError(t, zw.Close())
	return buf.String()
}

// findingLines returns "path:line RULE" for each finding of -json output.
func findingLines(t *testing.T, out string) []string {
	t.Helper()
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	var got []string
	for _, d := range rep.Diagnostics {
		got = append(got, d.Path+":"+itoa(d.Line)+" "+d.Rule)
	}
	sort.Strings(got)
	return got
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	root := tree(t, map[string]string{
		"src/a.py":       "x = 1  # TODO\ny = 2\n",
		"src/b.py":       "z = 3  # TODO\n",
		"models/old.zip": zipBytes(t, "[info]\n"),
		"models/new.zip": zipBytes(t, "[info]\nversion = 1\n"),
	})
	git(t, root, "init", "-q")
	git(t, root, "add", ".")
	git(t, root, "commit", "-q", "-m", "base")
	// The pull request: a new TODO line in a.py, a new untracked file, a
	// retrained model; b.py and old.zip are untouched.
	require.NoError(t, os.WriteFile(filepath.Join(root, "src/a.py"), []byte("x = 1  # TODO\ny = 2\nw = 4  # TODO new\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "src/c.py"), []byte("# TODO in a new file\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "models/new.zip"), []byte(zipBytes(t, "[info]\nversion = 2\n")), 0o644))
	return root
}

func TestNewFromRev(t *testing.T) {
	root := gitRepo(t)
	code, out, errOut := acrvet("-json", root)
	assert.Equal(t, multichecker.ExitFindings, code, errOut)
	assert.Equal(t, []string{"models/new.zip:1 ZIP001", "models/old.zip:1 ZIP001", "src/a.py:1 TODO001", "src/a.py:3 TODO001", "src/b.py:1 TODO001", "src/c.py:1 TODO001"}, findingLines(t, out))

	code, out, errOut = acrvet("-json", "-new-from-rev", "HEAD", root)
	assert.Equal(t, multichecker.ExitFindings, code, errOut)
	assert.Equal(t, []string{"models/new.zip:1 ZIP001", "src/a.py:3 TODO001", "src/c.py:1 TODO001"}, findingLines(t, out),
		"only the changed line, the new file and the changed model")

	// Once committed, nothing changed since HEAD: a clean exit.
	git(t, root, "add", ".")
	git(t, root, "commit", "-q", "-m", "pr")
	code, out, _ = acrvet("-new-from-rev", "HEAD", root)
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Empty(t, out)
	code, out, _ = acrvet("-json", "-new-from-rev", "HEAD~1", root)
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Len(t, findingLines(t, out), 3)
}

func TestNewFromRevUnknownIsAHardError(t *testing.T) {
	root := gitRepo(t)
	for _, rev := range []string{"no-such-branch", "HEAD~7"} {
		code, out, errOut := acrvet("-new-from-rev", rev, root)
		assert.Equal(t, multichecker.ExitError, code, rev)
		assert.Empty(t, out, "no findings are printed: never a silent fallback to everything")
		assert.Contains(t, errOut, `-new-from-rev: unknown revision "`+rev+`"`)
	}
	code, _, errOut := acrvet("-new-from-rev", "HEAD", t.TempDir())
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errOut, "not in a git work tree")
	code, _, errOut = acrvet("-new-from-rev", "HEAD", "-new-from-patch", "x.diff", root)
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut, "cannot be combined")
}

func TestNewFromPatch(t *testing.T) {
	root := tree(t, map[string]string{
		"src/a.py": "x = 1  # TODO\ny = 2  # TODO\n",
		"src/b.py": "z = 3  # TODO\n",
	})
	patch := filepath.Join(t.TempDir(), "pr.diff")
	require.NoError(t, os.WriteFile(patch, []byte("--- a/src/a.py\n+++ b/src/a.py\n@@ -1,2 +1,2 @@\n x = 1  # TODO\n-y = 2\n+y = 2  # TODO\n"), 0o644))
	code, out, errOut := acrvet("-json", "-new-from-patch", patch, root)
	assert.Equal(t, multichecker.ExitFindings, code, errOut)
	assert.Equal(t, []string{"src/a.py:2 TODO001"}, findingLines(t, out))

	require.NoError(t, os.WriteFile(patch, []byte("this is not a diff\n"), 0o644))
	code, _, errOut = acrvet("-new-from-patch", patch, root)
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errOut, "not a unified diff")
	code, _, _ = acrvet("-new-from-patch", filepath.Join(t.TempDir(), "missing.diff"), root)
	assert.Equal(t, multichecker.ExitError, code)
}

func TestBaselineCLI(t *testing.T) {
	root := tree(t, map[string]string{"src/a.py": "x = 1  # TODO\ny = 2  # TODO\n", "src/b.py": "z = 3  # TODO\n"})
	base := filepath.Join(t.TempDir(), "acr-baseline.json")

	code, out, errOut := acrvet("-write-baseline", base, root)
	assert.Equal(t, multichecker.ExitClean, code, "writing a baseline accepts the findings")
	assert.Empty(t, out)
	assert.Contains(t, errOut, "wrote 3 finding(s) to the baseline "+base)

	code, out, _ = acrvet("-baseline", base, root)
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Empty(t, out)

	// Lines move, one accepted TODO goes, one new TODO comes.
	require.NoError(t, os.WriteFile(filepath.Join(root, "src/a.py"), []byte("import os\n\ny = 2  # TODO\nnew = 4  # TODO\n"), 0o644))
	code, out, errOut = acrvet("-json", "-baseline", base, root)
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Equal(t, []string{"src/a.py:4 TODO001"}, findingLines(t, out))
	assert.Contains(t, errOut, "1 of its entries match nothing any more")

	code, out, _ = acrvet("-format", "markdown", "-baseline", base, root)
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Contains(t, out, "_Scope: findings not in the baseline `"+base+"` (2 accepted there)._")

	code, _, errOut = acrvet("-write-baseline", base, "-baseline", base, root)
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut, "-write-baseline records every finding")
	code, _, errOut = acrvet("-baseline", filepath.Join(t.TempDir(), "none.json"), root)
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errOut, "-baseline:")
}

func TestFormatsCLI(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "x = 1  # TODO\n"})
	t.Chdir(root)
	code, out, _ := acrvet("-format", "github", ".")
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Equal(t, "::notice file=a.py,line=1,col=10,endLine=1,endColumn=14,title=TODO001 (todo-marker)::todo marker in python\n", out)

	code, out, _ = acrvet("-format", "sarif", ".")
	assert.Equal(t, multichecker.ExitFindings, code)
	var log output.SARIFLog
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Len(t, log.Runs[0].Results, 1)
	assert.Equal(t, "a.py", log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, "%SRCROOT%", log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID)
	assert.Equal(t, multichecker.Version, log.Runs[0].Tool.Driver.Version)

	code, out, _ = acrvet("-format", "markdown", "-link-base", "https://example.com/blob/sha/", "-report-limit", "100000", ".")
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Contains(t, out, "[a.py:1](https://example.com/blob/sha/a.py#L1): todo marker in python `TODO001`")

	code, out, _ = acrvet("-format", "codeclimate", ".")
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Regexp(t, regexp.MustCompile(`"check_name": "TODO001"`), out)
	assert.True(t, strings.HasPrefix(out, "["))
}

// TestDiffSettings: a pass's DiffSettings hold for a run narrowed to a
// diff, unless the command line sets them, and not after it.
func TestDiffSettings(t *testing.T) {
	rule := &acr.Rule{ID: "SCOPE001", Name: "scope", Title: "scope", Severity: acr.SeverityWarning, View: acr.Development,
		What: "Reports the scope setting.", Why: "A test rule."}
	var scope string
	scoped := &acr.Analyzer{
		Name: "scoped", Doc: "report the scope setting", Kinds: []pass.Kind{pass.Python}, Rules: []*acr.Rule{rule},
		DiffSettings: map[string]string{"scope": "all"},
		Run: func(p *acr.Pass) (any, error) {
			for _, f := range p.Files {
				p.Report(acr.Diagnostic{Pos: f.Pos(0), End: f.Pos(1), Category: rule.ID, Message: "scope " + scope})
			}
			return nil, nil
		},
	}
	scoped.Flags.StringVar(&scope, "scope", "newest", "which part of the history to review")
	root := tree(t, map[string]string{"src/a.py": "x = 1\n"})
	patch := filepath.Join(t.TempDir(), "pr.diff")
	require.NoError(t, os.WriteFile(patch, []byte("--- a/src/a.py\n+++ b/src/a.py\n@@ -1 +1 @@\n-x = 0\n+x = 1\n"), 0o644))
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		code := multichecker.Run("acrvet", append(append([]string{"-cache=off"}, args...), root), &out, &errb, scoped)
		require.Equal(t, multichecker.ExitFindings, code, errb.String())
		return out.String()
	}
	assert.Contains(t, run(), "scope newest")
	assert.Contains(t, run("-new-from-patch", patch), "scope all", "the diff implies the pass's setting")
	assert.Contains(t, run("-new-from-patch", patch, "-scoped.scope=newest"), "scope newest", "the command line wins")
	assert.Contains(t, run(), "scope newest", "the implied setting does not outlive the run")
}
