package multichecker_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/pass"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the fix tests")

var (
	renameRule  = &acr.Rule{ID: "RNM001", Name: "rename", Title: "old name", Severity: acr.SeverityWarning, What: "Reports old_name.", Why: "A test rule."}
	rewriteRule = &acr.Rule{ID: "RNM002", Name: "rewrite", Title: "rewrite marker", Severity: acr.SeverityWarning, What: "Reports REWRITE.", Why: "A test rule."}
	syncRule    = &acr.Rule{ID: "RNM003", Name: "sync", Title: "sync marker", Severity: acr.SeverityNote, What: "Reports SYNC.", Why: "A test rule."}
)

// rename proposes fixes of several edits each:
//   - RNM001 at each old_name: rename it to new_name and insert an import
//     at the top of the file (the same insertion for every finding of the
//     file, applied once);
//   - RNM002 at each "# REWRITE": replace the marker and, in a second
//     edit, the call before it, which overlaps RNM001's rename: the whole
//     fix must be skipped, its first edit included;
//   - RNM003 at each "SYNC": edit this file and append a line to other.py,
//     a fix across two files.
var rename = &acr.Analyzer{
	Name: "rename", Doc: "propose multi-edit fixes",
	Kinds: []pass.Kind{pass.Python}, Triggers: []string{"old_name", "REWRITE", "SYNC"},
	Rules: []*acr.Rule{renameRule, rewriteRule, syncRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			c := f.Content()
			each(c, "old_name", func(at int) {
				p.Report(acr.Diagnostic{Pos: f.Pos(at), End: f.Pos(at + 8), Category: renameRule.ID, Message: "old_name is deprecated",
					SuggestedFixes: []acr.SuggestedFix{{Message: "use new_name", TextEdits: []acr.TextEdit{
						{Pos: f.Pos(at), End: f.Pos(at + 8), NewText: []byte("new_name")},
						{Pos: f.Pos(0), End: f.Pos(0), NewText: []byte("from lib import new_name\n")},
					}}}})
			})
			each(c, "# REWRITE", func(at int) {
				edits := []acr.TextEdit{{Pos: f.Pos(at), End: f.Pos(at + 9), NewText: []byte("# rewritten")}}
				if call := bytes.LastIndex(c[:at], []byte("old_name")); call >= 0 {
					edits = append(edits, acr.TextEdit{Pos: f.Pos(call), End: f.Pos(call + 8), NewText: []byte("renamed")})
				}
				p.Report(acr.Diagnostic{Pos: f.Pos(at), End: f.Pos(at + 9), Category: rewriteRule.ID, Message: "rewrite this line",
					SuggestedFixes: []acr.SuggestedFix{{Message: "rewrite", TextEdits: edits}}})
			})
			each(c, "SYNC", func(at int) {
				other := p.Repo.Lookup("other.py")
				if other == nil {
					return
				}
				p.Report(acr.Diagnostic{Pos: f.Pos(at), End: f.Pos(at + 4), Category: syncRule.ID, Message: "sync marker",
					SuggestedFixes: []acr.SuggestedFix{{Message: "sync both files", TextEdits: []acr.TextEdit{
						{Pos: f.Pos(at), End: f.Pos(at + 4), NewText: []byte("SYNCED")},
						{Pos: other.Pos(int(other.Size)), End: other.Pos(int(other.Size)), NewText: []byte("# synced with " + f.Path + "\n")},
					}}}})
			})
		}
		return nil, nil
	},
}

func each(c []byte, word string, fn func(at int)) {
	for off := 0; ; {
		i := bytes.Index(c[off:], []byte(word))
		if i < 0 {
			return
		}
		fn(off + i)
		off += i + len(word)
	}
}

func fixer(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", args, &out, &errb, testpasses.Todo, rename)
	return code, out.String(), errb.String()
}

// copyCase copies a fix case's inputs (not its .golden files) to a
// temporary repository.
func copyCase(t *testing.T, dir string) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".golden") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}))
	return root
}

func golden(t *testing.T, path string, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file (run go test -run TestFixGolden -update)")
	assert.Equal(t, string(want), got, "%s differs", path)
}

// TestFixGolden applies the fixes of each testdata/fix case and compares
// every file with FILE.golden (a file without one must not change), the
// -diff output with diff.golden and the messages with stderr.golden.
func TestFixGolden(t *testing.T) {
	cases, err := os.ReadDir("testdata/fix")
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		dir, err := filepath.Abs(filepath.Join("testdata", "fix", c.Name()))
		require.NoError(t, err)
		t.Run(c.Name(), func(t *testing.T) {
			root := copyCase(t, dir)
			t.Chdir(root)
			code, out, _ := fixer("-fix", "-diff", ".")
			assert.Equal(t, multichecker.ExitFindings, code)
			golden(t, filepath.Join(dir, "diff.golden"), out)

			_, before, _ := fixer(".")
			code, out, errOut := fixer("-fix", ".")
			golden(t, filepath.Join(dir, "stderr.golden"), errOut)
			// -fix says how many it fixed, then prints only what remains:
			// the findings whose fix was skipped or that have none.
			var fixed, files int
			_, err := fmt.Sscanf(errOut[strings.Index(errOut, "acrvet: fixed "):], "acrvet: fixed %d findings in %d files", &fixed, &files)
			require.NoError(t, err, errOut)
			remaining := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if out == "" {
				remaining = nil
			}
			assert.Len(t, remaining, strings.Count(before, "\n")-fixed, "fixed findings are not printed again")
			for _, l := range remaining {
				assert.Contains(t, before, l+"\n")
			}
			if out == "" {
				assert.Equal(t, multichecker.ExitClean, code)
			} else {
				assert.Equal(t, multichecker.ExitFindings, code)
			}

			require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || strings.HasSuffix(p, ".golden") {
					return err
				}
				rel, _ := filepath.Rel(dir, p)
				got, err := os.ReadFile(filepath.Join(root, rel))
				require.NoError(t, err)
				if _, err := os.Stat(p + ".golden"); err == nil || *update {
					src, _ := os.ReadFile(p)
					if *update && bytes.Equal(src, got) {
						return nil
					}
					golden(t, p+".golden", string(got))
					return nil
				}
				src, _ := os.ReadFile(p)
				assert.Equal(t, string(src), string(got), "%s has no golden file, so it must not change", rel)
				return nil
			}))

			for name := range snapshot(t, root) {
				assert.NotContains(t, name, ".acr-", "no temporary file is left behind")
			}
			if _, err := os.Stat(filepath.Join(dir, "again.golden")); err == nil || *update && c.Name() == "conflict" {
				// A fix skipped for a conflict applies on the next run,
				// once the fix it overlapped has landed.
				_, out, _ := fixer("-fix", "-diff", ".")
				golden(t, filepath.Join(dir, "again.golden"), out)
			} else {
				before := snapshot(t, root)
				fixer("-fix", ".")
				assert.Equal(t, before, snapshot(t, root), "-fix changes nothing once every fix is applied")
			}
		})
	}
}

func snapshot(t *testing.T, root string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	}))
	return out
}

// TestFixIsAtomic reads a large file over and over while -fix rewrites
// it: every read must see the whole old or the whole new content, never a
// truncated or partly written file.
func TestFixIsAtomic(t *testing.T) {
	var src strings.Builder
	for i := 0; src.Len() < 4<<20; i++ { // below the driver's size limit
		src.WriteString("value_" + strings.Repeat("x", 40) + " = 1\n")
	}
	src.WriteString("last = 1  # TODO\n")
	old := src.String()
	want := strings.Replace(old, "# TODO", "# DONE", 1)
	root := t.TempDir()
	path := filepath.Join(root, "big.py")
	require.NoError(t, os.WriteFile(path, []byte(old), 0o640))

	var stop atomic.Bool
	var reads, torn atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			data, err := os.ReadFile(path)
			if err != nil {
				torn.Add(1) // the file was missing for a moment
				continue
			}
			reads.Add(1)
			if s := string(data); s != old && s != want {
				torn.Add(1)
			}
		}
	}()
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-fix", root}, &out, &errb, testpasses.Todo)
	stop.Store(true)
	wg.Wait()
	assert.Equal(t, multichecker.ExitClean, code, "every finding was fixed: %s", errb.String())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, string(data) == want, "the fix was not applied")
	assert.Zero(t, torn.Load(), "a reader saw a half-written file in %d reads", reads.Load())
	assert.Positive(t, reads.Load())
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm())
}

// meddler rewrites a.py while the run is under way, as an editor might.
var meddlerRule = &acr.Rule{ID: "MED001", Name: "meddle", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}
var meddler = &acr.Analyzer{
	Name: "meddler", Doc: "change a file during the run", Kinds: []pass.Kind{pass.Python}, Rules: []*acr.Rule{meddlerRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			if f.Path == "a.py" {
				os.WriteFile(f.OSPath, []byte("edited = 1  # TODO by hand\n"), 0o644)
			}
		}
		return nil, nil
	},
}

func TestFixSkipsFilesChangedDuringTheRun(t *testing.T) {
	root := tree(t, map[string]string{"a.py": "x = 1  # TODO\n", "b.py": "y = 2  # TODO\n"})
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-fix", root}, &out, &errb, testpasses.Todo, meddler)
	assert.Equal(t, multichecker.ExitError, code)
	assert.Contains(t, errb.String(), "a.py changed during the run; its fixes were not applied")
	a, _ := os.ReadFile(filepath.Join(root, "a.py"))
	assert.Equal(t, "edited = 1  # TODO by hand\n", string(a), "the edit made during the run is kept")
	b, _ := os.ReadFile(filepath.Join(root, "b.py"))
	assert.Equal(t, "y = 2  # DONE\n", string(b), "other files are still fixed")
}
