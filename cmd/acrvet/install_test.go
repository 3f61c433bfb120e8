package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A build without cgo fails with the cause first, not with undefined
// names from the parsers' empty bindings.
func TestBuildWithoutCgoSaysWhy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds acrvet")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	cmd := exec.Command(goTool, "build", "-o", filepath.Join(t.TempDir(), "acrvet"), ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "a build without cgo cannot work")
	lines := strings.Split(string(out), "\n")
	require.GreaterOrEqual(t, len(lines), 2, "%s", out)
	assert.Contains(t, lines[1], "acrvet needs cgo and a C compiler: set CGO_ENABLED=1", "the first error says why:\n%s", out)
}

// No build output or large binary is tracked: the repository once held a
// 19.6 MB acr executable at its root.
func TestNoLargeTrackedFiles(t *testing.T) {
	gitTool, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not on PATH")
	}
	cmd := exec.Command(gitTool, "ls-files", "-z")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Skip("not a git work tree")
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		st, err := os.Stat(filepath.Join(cmd.Dir, name))
		if err != nil || strings.Contains(name, "testdata/") || strings.HasSuffix(name, "_gen.go") {
			continue
		}
		assert.LessOrEqual(t, st.Size(), int64(1<<20), "%s is a tracked file over 1 MB", name)
	}
}
