package changes_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/multichecker/changes"
)

// lines lists the changed lines of a file among 1..n.
func lines(s *changes.Set, path string, n int) []int {
	var out []int
	for l := 1; l <= n; l++ {
		if s.Overlaps(path, l, l) {
			out = append(out, l)
		}
	}
	return out
}

const gitPatch = `diff --git a/src/app.py b/src/app.py
index 83db48f..bf269f4 100644
--- a/src/app.py
+++ b/src/app.py
@@ -1,5 +1,6 @@
 import os
-import time
+import asyncio
+import httpx
 
 async def f():
     pass
@@ -10,3 +11,3 @@ def g():
 a = 1
-b = 2
+b = 3
 c = 4
diff --git a/db/001.sql b/db/001.sql
--- a/db/001.sql
+++ b/db/001.sql
@@ -1,3 +1,3 @@
--- old comment
+-- new comment
 CREATE TABLE t (id int);
 SELECT 1;
diff --git a/models/churn.zip b/models/churn.zip
index 1111111..2222222 100644
Binary files a/models/churn.zip and b/models/churn.zip differ
diff --git a/old_name.py b/new_name.py
similarity index 100%
rename from old_name.py
rename to new_name.py
diff --git a/gone.py b/gone.py
deleted file mode 100644
--- a/gone.py
+++ /dev/null
@@ -1,2 +0,0 @@
-x = 1
-y = 2
diff --git "a/sp ace\303\251.py" "b/sp ace\303\251.py"
new file mode 100644
--- /dev/null
+++ "b/sp ace\303\251.py"
@@ -0,0 +1,2 @@
+one = 1
+two = 2
\ No newline at end of file
`

func TestParseGitPatch(t *testing.T) {
	s, err := changes.ParsePatch(strings.NewReader(gitPatch))
	require.NoError(t, err)
	assert.Equal(t, []string{"db/001.sql", "models/churn.zip", "new_name.py", "sp aceé.py", "src/app.py"}, s.Files())
	assert.Equal(t, []int{2, 3, 12}, lines(s, "src/app.py", 20))
	// A removed SQL comment line starts with "---": it is a hunk line, not a header.
	assert.Equal(t, []int{1}, lines(s, "db/001.sql", 3))
	assert.Equal(t, []int{1, 2}, lines(s, "sp aceé.py", 5))
	// Binary: every line; pure rename: changed, but no line.
	assert.True(t, s.Overlaps("models/churn.zip", 1, 1))
	assert.True(t, s.Changed("new_name.py"))
	assert.Empty(t, lines(s, "new_name.py", 5))
	assert.False(t, s.Changed("gone.py"))
	assert.False(t, s.Changed("old_name.py"))
}

func TestParsePlainDiff(t *testing.T) {
	// diff -u output: no git headers, timestamps after a tab.
	patch := "--- service/api.py\t2024-01-01 10:00:00\n+++ service/api.py\t2024-01-02 10:00:00\n@@ -3 +3,2 @@\n-x\n+y\n+z\n"
	s, err := changes.ParsePatch(strings.NewReader(patch))
	require.NoError(t, err)
	assert.Equal(t, []string{"service/api.py"}, s.Files())
	assert.Equal(t, []int{3, 4}, lines(s, "service/api.py", 10))
	assert.Equal(t, []string{"api.py"}, s.Under("service").Files())
	assert.Empty(t, s.Under("other").Files())
}

func TestParsePatchErrors(t *testing.T) {
	for name, patch := range map[string]string{
		"not a diff":       "hello\nworld\n",
		"bad hunk header":  "--- a/x\n+++ b/x\n@@ -1,x +1 @@\n+a\n",
		"truncated hunk":   "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n",
		"garbage in hunk":  "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n?b\n",
		"bad quoted name":  "--- a/x\n+++ \"b/x\n@@ -1 +1 @@\n-a\n+b\n",
		"negative numbers": "--- a/x\n+++ b/x\n@@ -1 +-1 @@\n-a\n+b\n",
	} {
		_, err := changes.ParsePatch(strings.NewReader(patch))
		assert.Error(t, err, name)
	}
	s, err := changes.ParsePatch(strings.NewReader(""))
	require.NoError(t, err, "an empty diff changes nothing")
	assert.Empty(t, s.Files())
}

// git runs git in dir with a config of its own, so the machine's does
// not matter.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=acr", "-c", "user.email=acr@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
	return string(out)
}

func write(t *testing.T, root, p, content string) {
	t.Helper()
	full := filepath.Join(root, p)
	require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
}

func TestFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	top := t.TempDir()
	git(t, top, "init", "-q")
	write(t, top, "platform/src/a.py", "one\ntwo\nthree\n")
	write(t, top, "platform/src/b.py", "b\n")
	write(t, top, "platform/models/m.zip", "PK\x03\x04binary\x00")
	write(t, top, "outside.py", "x\n")
	write(t, top, ".gitignore", "*.log\n")
	git(t, top, "add", ".")
	git(t, top, "commit", "-q", "-m", "base")

	write(t, top, "platform/src/a.py", "one\nTWO\nthree\nfour\n") // committed below
	git(t, top, "commit", "-q", "-am", "edit")
	write(t, top, "platform/src/b.py", "b\nb2\n")                 // unstaged
	write(t, top, "platform/models/m.zip", "PK\x03\x04other\x00") // binary change
	write(t, top, "platform/src/new.py", "n1\nn2\n")              // untracked
	write(t, top, "platform/debug.log", "ignored\n")              // ignored
	write(t, top, "outside.py", "y\n")                            // outside the acr root

	s, err := changes.FromRev(filepath.Join(top, "platform"), "HEAD~1")
	require.NoError(t, err)
	assert.Equal(t, []string{"models/m.zip", "src/a.py", "src/b.py", "src/new.py"}, s.Files())
	assert.Equal(t, []int{2, 4}, lines(s, "src/a.py", 5))
	assert.Equal(t, []int{2}, lines(s, "src/b.py", 5))
	assert.Equal(t, []int{1, 2, 3}, lines(s, "src/new.py", 3), "an untracked file is new as a whole")
	assert.True(t, s.Overlaps("models/m.zip", 1, 1))

	s, err = changes.FromRev(filepath.Join(top, "platform"), "HEAD")
	require.NoError(t, err)
	assert.Equal(t, []int(nil), lines(s, "src/a.py", 5), "committed since HEAD: nothing")

	for _, rev := range []string{"no-such-branch", "HEAD~5", "0123456789abcdef0123456789abcdef01234567", "--output=/tmp/x"} {
		_, err = changes.FromRev(top, rev)
		require.Error(t, err, rev)
		if !strings.HasPrefix(rev, "-") {
			assert.Contains(t, err.Error(), `unknown revision "`+rev+`"`)
		}
	}
	_, err = changes.FromRev(t.TempDir(), "HEAD")
	assert.ErrorContains(t, err, "not in a git work tree")
}
