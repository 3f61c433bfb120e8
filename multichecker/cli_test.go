package multichecker_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
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

// codes runs acrvet -json with the real passes over the example platform
// and returns the rule codes reported, in order.
func codes(t *testing.T, args ...string) []string {
	t.Helper()
	_, out := runAll(t, append([]string{"-cache=off", "-json"}, append(args, filepath.Join("..", "examples", "platform"))...)...)
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	var ids []string
	for _, d := range rep.Diagnostics {
		ids = append(ids, d.Rule)
	}
	return ids
}

func TestSelectIgnoreByCodeOrPrefix(t *testing.T) {
	every := codes(t)
	count := func(ids []string, pred func(string) bool) int {
		n := 0
		for _, id := range ids {
			if pred(id) {
				n++
			}
		}
		return n
	}
	async := func(id string) bool { return strings.HasPrefix(id, "ARX") }
	require.Positive(t, count(every, async))

	got := codes(t, "-select", "ARX")
	assert.Equal(t, count(every, async), len(got))
	assert.Equal(t, len(got), count(got, async), "-select ARX reports ARX rules only")

	got = codes(t, "-select", "ARX", "-ignore", "ARX102")
	assert.Equal(t, count(every, async)-count(every, func(id string) bool { return id == "ARX102" }), len(got))
	assert.NotContains(t, got, "ARX102")

	// The longer prefix wins: -ignore ARX with -select ARX101 keeps it.
	got = codes(t, "-select", "ARX101", "-ignore", "ARX")
	assert.Equal(t, []string{"ARX101"}, got)

	got = codes(t, "-select", "ARX101", "-extend-select", "mojo1")
	assert.ElementsMatch(t, []string{"ARX101", "MOJO101"}, got, "codes are case-insensitive; -extend-select adds")

	got = codes(t, "-ignore", "ARX,SCN")
	assert.Equal(t, len(every)-count(every, async)-count(every, func(id string) bool { return strings.HasPrefix(id, "SCN") }), len(got))

	var out, errOut strings.Builder
	code := multichecker.Run("acrvet", []string{"-select", "ARK1", "."}, &out, &errOut, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut.String(), `-select: "ARK1" is no rule code or code prefix: did you mean "ARX1"?`)
}

func TestExitZeroStatisticsAndSummary(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "x = 1  # TODO\n# TODO\n", "b.sql": "-- TODO\n", "m.zip": "PK"})
	code, out, errOut := acrvet(root)
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Equal(t, "4 findings (3 fixable) in 3 files\n", errOut, "one summary line on stderr")
	assert.Equal(t, 4, strings.Count(out, "\n"))

	code, _, errOut = acrvet("-exit-zero", root)
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Contains(t, errOut, "4 findings")

	code, out, _ = acrvet("-statistics", root)
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Equal(t, "3  TODO001  todo-marker   [*]\n1  ZIP001   zip-artifact\n", out)
	code, _, errOut = acrvet("-statistics", "-json", root)
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut, "-statistics")

	_, _, errOut = acrvet("-json", root)
	assert.Empty(t, errOut, "machine formats keep stderr quiet")
	clean := tree(t, map[string]string{"a.py": "x = 1\n"})
	code, _, errOut = acrvet(clean)
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Equal(t, "no findings\n", errOut)
}

func TestVersionAndUsage(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}} {
		code, out, _ := acrvet(args...)
		assert.Equal(t, multichecker.ExitClean, code)
		assert.Contains(t, out, "acrvet "+multichecker.Version+"\n")
		assert.Contains(t, out, "module   github.com/acrvet/acr ")
		assert.Contains(t, out, "revision ")
		assert.Regexp(t, `go       go1\.\d+`, out)
	}

	code, out, errOut := acrvet("-nope", ".")
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "flag provided but not defined: -nope")
	assert.LessOrEqual(t, strings.Count(errOut, "\n"), 4, "a bad flag gets the short usage:\n%s", errOut)

	code, out, _ = acrvet("-h")
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Contains(t, out, "Exit codes:")
	assert.Contains(t, out, "-select codes")

	code, out, _ = acrvet("merge", "-h")
	assert.Equal(t, multichecker.ExitClean, code)
	assert.Contains(t, out, "usage: acrvet merge")
	code, _, errOut = acrvet("merge", "-bogus", "x.json")
	assert.Equal(t, multichecker.ExitUsage, code)
	assert.Contains(t, errOut, "merge -h")
}

// merge exits as the run it merges would: 3 with findings, 0 without
// (or with -exit-zero), 1 when a shard recorded errors.
func TestMergeExitCodes(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "# TODO\n", "b.py": "x = 1\n"})
	dir := t.TempDir()
	write := func(name string, args ...string) string {
		_, out, _ := acrvet(append(args, root)...)
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(out), 0o644))
		return p
	}
	s0, s1 := write("s0.json", "-json", "-shard", "0/2"), write("s1.json", "-json", "-shard", "1/2")
	code, _, _ := acrvet("merge", s0, s1)
	assert.Equal(t, multichecker.ExitFindings, code)
	code, _, _ = acrvet("merge", "-exit-zero", s0, s1)
	assert.Equal(t, multichecker.ExitClean, code)
	clean := write("clean.sarif", "-format", "sarif", "-select", "ZIP")
	code, _, _ = acrvet("merge", clean)
	assert.Equal(t, multichecker.ExitClean, code)
}

// acrvet -fix -diff, run from a subdirectory, prints paths relative to it,
// as the text output does, so git apply applies it from there.
func TestFixDiffAppliesWithGitApplyFromASubdirectory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := tree(t, map[string]string{"sub/a.py": "x = 1  # TODO\n", "sub/deep/b.py": "# TODO\n", "top.py": "# TODO\n"})
	git := func(dir string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	git(root, "init", "-q")
	git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".")
	git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
	sub := filepath.Join(root, "sub")
	chdir(t, sub)

	_, text, _ := acrvet("./...")
	assert.Contains(t, text, "a.py:1:10: todo marker in python [TODO001]")
	assert.Contains(t, text, "deep/b.py:1:3: ")
	code, diff, _ := acrvet("-fix", "-diff", "./...")
	assert.Equal(t, multichecker.ExitFindings, code)
	assert.Contains(t, diff, "--- a/a.py\n+++ b/a.py\n")
	assert.Contains(t, diff, "--- a/deep/b.py\n")

	patch := filepath.Join(t.TempDir(), "fix.patch")
	require.NoError(t, os.WriteFile(patch, []byte(diff), 0o644))
	git(sub, "apply", patch)
	a, _ := os.ReadFile(filepath.Join(sub, "a.py"))
	b, _ := os.ReadFile(filepath.Join(sub, "deep", "b.py"))
	top, _ := os.ReadFile(filepath.Join(root, "top.py"))
	assert.Equal(t, "x = 1  # DONE\n", string(a))
	assert.Equal(t, "# DONE\n", string(b))
	assert.Equal(t, "# TODO\n", string(top), "outside the paths given")

	code, _, errOut := acrvet("./...")
	assert.Equal(t, multichecker.ExitClean, code, errOut)
}

// TestSelectFormerCode checks that -select and -ignore accept a rule's
// former code (acr.Rule.Aliases).
func TestSelectFormerCode(t *testing.T) {
	var out, errOut strings.Builder
	code := multichecker.Run("acrvet", []string{"-select", "ASYNC101", "-statistics", "-exit-zero", "../examples/platform/..."}, &out, &errOut, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitClean, code, errOut.String())
	assert.Contains(t, out.String(), "ARX101")
	assert.NotContains(t, out.String(), "ARX102")

	// A prefix of former codes that names no current code selects the
	// rules whose former codes it starts, with a note naming them.
	for _, c := range []struct {
		flags     []string
		in, notIn []string
		note      string
	}{
		{[]string{"-select", "ASYNC11"}, []string{"ARX110", "ARX112"}, []string{"ARX101", "ARX117"},
			"-select: ASYNC11 selects ARX110, ARX111, ARX112, ARX113, ARX114, ARX115, ARX116 by a former code"},
		{[]string{"-select", "ASYNC"}, []string{"ARX101", "ARX110"}, []string{"ARX117", "SCHEMA"}, "-select: ASYNC selects ARX101,"},
		{[]string{"-ignore", "ASYNC1"}, []string{"SCHEMA"}, []string{"ARX101", "ARX110"}, "-ignore: ASYNC1 selects ARX101,"},
	} {
		out.Reset()
		errOut.Reset()
		args := append(append([]string(nil), c.flags...), "-v", "-statistics", "-exit-zero", "-cache=off", "../examples/platform/...")
		code := multichecker.Run("acrvet", args, &out, &errOut, all.Analyzers()...)
		assert.Equal(t, multichecker.ExitClean, code, errOut.String())
		for _, id := range c.in {
			assert.Contains(t, out.String(), id, c.flags)
		}
		for _, id := range c.notIn {
			assert.NotContains(t, out.String(), id, c.flags)
		}
		assert.Contains(t, errOut.String(), c.note, c.flags)
	}
}

// The root's .acr.yaml can turn verify mode on; acrvet reads it before the
// run, once, so a misspelled engine stops the run with the file's name.
func TestVerifyFromConfig(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(repo, ".acr.yaml"), []byte("verify: [postgress]\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "app.py"), []byte("x = 1\n"), 0o644))
	var stdout, stderr strings.Builder
	code := multichecker.Run("acrvet", []string{repo}, &stdout, &stderr, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitError, code, stderr.String())
	assert.Contains(t, stderr.String(), ".acr.yaml: verify: unknown engine \"postgress\"")
}
