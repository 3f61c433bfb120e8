// Package cuttest runs passes over a source file cut short at every
// syntax boundary, for the tests that show bad input never panics.
package cuttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
)

// Run writes name in a temporary directory, once per prefix of src that
// ends before one of the bytes of cutBefore, followed by each of tails,
// and runs the analyzers over it with opts (Root set to the directory).
// A panic, which the checker turns into an error, fails the test. It
// returns the result of src whole.
func Run(t *testing.T, analyzers []*acr.Analyzer, name, src, cutBefore string, tails []string, opts checker.Options) *checker.Result {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	opts.Root = dir
	run := func(text string) *checker.Result {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := checker.Run([]string{dir + "/..."}, analyzers, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Errors {
			if strings.Contains(e.Error(), "panic") {
				t.Fatalf("%v\non:\n%s", e, text)
			}
		}
		return res
	}
	for i := range len(src) {
		if strings.IndexByte(cutBefore, src[i]) < 0 {
			continue
		}
		for _, tail := range tails {
			run(src[:i] + tail)
		}
	}
	return run(src)
}
