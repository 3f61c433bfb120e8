package asyncradar

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
)

// stdlibDir returns the machine's Python standard library, or skips.
func stdlibDir(tb testing.TB) string {
	out, err := exec.Command("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		tb.Skip("no python3 on this machine")
	}
	return strings.TrimSpace(string(out))
}

// TestStdlib runs the pass over real async code no one here wrote: the
// standard library's asyncio package and its tests (ACR_STDLIB=1; with
// ACR_STDLIB=all, the whole standard library; ACR_STDLIB=site, the
// installed third-party packages; ACR_STDLIB=/some/dir, any corpus). It
// fails on run errors and
// prints every finding for review.
func TestStdlib(t *testing.T) {
	which := os.Getenv("ACR_STDLIB")
	if which == "" {
		t.Skip("set ACR_STDLIB=1 (asyncio) or ACR_STDLIB=all")
	}
	dir := stdlibDir(t)
	roots := []string{dir + "/asyncio/...", dir + "/test/test_asyncio/..."}
	switch which {
	case "all":
		roots = []string{dir + "/..."}
	case "site":
		dir += "/site-packages"
		roots = []string{dir + "/..."}
	default:
		if strings.HasPrefix(which, "/") { // any other corpus on disk
			dir = which
			roots = []string{dir + "/..."}
		}
	}
	cfg := config.Default()
	res, err := checker.Run(roots, []*acr.Analyzer{Analyzer}, checker.Options{Root: dir, Config: cfg, PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	counts := map[string]int{}
	for _, f := range res.Findings {
		counts[f.Diagnostic.Category]++
		fmt.Printf("%s: %s [%s]\n", f.Posn, f.Diagnostic.Message, f.Diagnostic.Category)
	}
	fmt.Println("counts:", counts, "total:", len(res.Findings), "inputs:", len(res.Inputs[Analyzer]))
}
