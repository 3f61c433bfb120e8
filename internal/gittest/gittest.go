// Package gittest keeps the git commands of tests in the scratch
// repositories the tests create.
package gittest

import (
	"os"
	"testing"
)

// repositoryVars point git at a repository other than the one of the
// working directory. git rebase --exec exports GIT_DIR when it runs in a
// linked worktree: a test run under it would otherwise init, add and
// commit its scratch files into the repository being rebased.
var repositoryVars = []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE"}

// Main runs the tests of a package whose tests run git (theirs, or
// acrvet's for -new-from-rev) with those variables unset.
func Main(m *testing.M) {
	for _, v := range repositoryVars {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}
