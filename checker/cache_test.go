package checker_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/pass"
)

var pairRule = &acr.Rule{ID: "PAIR001", Name: "pair", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}

var pairRuns atomic.Int32

// pairs is a cross-file pass: it reports a.sql when b.sql declares the
// same table, so a change to b.sql alone must change a.sql's findings.
var pairs = &acr.Analyzer{
	Name: "pairs", Doc: "cross-file test pass", Kinds: []pass.Kind{pass.SQL}, Rules: []*acr.Rule{pairRule},
	Run: func(p *acr.Pass) (any, error) {
		pairRuns.Add(1)
		var a, b *pass.File
		for _, f := range p.Files {
			switch f.Path {
			case "a.sql":
				a = f
			case "b.sql":
				b = f
			}
		}
		if a != nil && b != nil && string(a.Content()) == string(b.Content()) {
			p.Reportf(pairRule, a.Pos(0), a.Pos(6), "same table as b.sql")
		}
		return nil, nil
	},
}

// age makes files look older than the racy window, as on a real
// repository between two runs.
func age(t *testing.T, root string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			require.NoError(t, os.Chtimes(p, old, old))
		}
		return nil
	})
}

func cachedRun(t *testing.T, root string, cache *checker.Cache, analyzers ...*acr.Analyzer) *checker.Result {
	t.Helper()
	res, err := checker.Run([]string{root}, analyzers, checker.Options{Root: root, Cache: cache})
	require.NoError(t, err)
	return res
}

func TestCacheServesUnchangedRunsAndNeverStaleOnes(t *testing.T) {
	root := writeTree(t, map[string]string{"a.sql": "CREATE TABLE t();\n", "b.sql": "CREATE TABLE u();\n", "c.py": "# TODO\n"})
	age(t, root)
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	pairRuns.Store(0)

	first := messages(cachedRun(t, root, cache, pairs, testpasses.Todo))
	assert.Equal(t, []string{"c.py:1:3: todo marker in python [TODO001]"}, first)
	assert.EqualValues(t, 1, pairRuns.Load())

	second := cachedRun(t, root, cache, pairs, testpasses.Todo)
	assert.Equal(t, first, messages(second))
	assert.EqualValues(t, 1, pairRuns.Load(), "an unchanged repository is served from the cache")
	assert.Nil(t, second.Repo.Lookup("a.sql").Content(), "a cached run does not read inputs without findings")
	require.Len(t, second.Findings[0].Diagnostic.SuggestedFixes, 1, "fixes survive the cache")

	// Change only b.sql: the cross-file finding on a.sql must appear.
	require.NoError(t, os.WriteFile(filepath.Join(root, "b.sql"), []byte("CREATE TABLE t();\n"), 0o644))
	third := messages(cachedRun(t, root, cache, pairs, testpasses.Todo))
	assert.Equal(t, []string{"a.sql:1:1: same table as b.sql [PAIR001]", "c.py:1:3: todo marker in python [TODO001]"}, third)
	assert.EqualValues(t, 2, pairRuns.Load())

	// Settings are part of the key as well: a different plan misses.
	require.NoError(t, os.WriteFile(filepath.Join(root, ".acr.yaml"), []byte("plan: {heap_ratio: 0.5}\n"), 0o644))
	cachedRun(t, root, cache, pairs)
	assert.EqualValues(t, 3, pairRuns.Load())
}

func TestCacheIsSafeUnderConcurrentRuns(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 30; i++ {
		files[fmt.Sprintf("m%02d.py", i)] = strings.Repeat("# TODO\n", i%4+1)
	}
	root := writeTree(t, files)
	age(t, root)
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	want := messages(cachedRun(t, root, &checker.Cache{Dir: t.TempDir(), Version: "test"}, testpasses.Todo))
	var wg sync.WaitGroup
	results := make([][]string, 6)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res, err := checker.Run([]string{root}, []*acr.Analyzer{testpasses.Todo}, checker.Options{Root: root, Cache: cache})
			if err == nil {
				results[i] = messages(res)
			}
		}(i)
	}
	wg.Wait()
	for _, r := range results {
		assert.Equal(t, want, r)
	}
	assert.Equal(t, want, messages(cachedRun(t, root, cache, testpasses.Todo)))
	// A damaged entry is a miss, not an error.
	entries, _ := os.ReadDir(cache.Dir)
	for _, e := range entries {
		require.NoError(t, os.WriteFile(filepath.Join(cache.Dir, e.Name()), []byte("garbage"), 0o644))
	}
	assert.Equal(t, want, messages(cachedRun(t, root, cache, testpasses.Todo)))
}

// A file changed within the racy window, with its size kept, is still
// re-read on the next run.
func TestCacheRacyFiles(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "x = 1  # TODO\n"})
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	assert.Len(t, cachedRun(t, root, cache, testpasses.Todo).Findings, 1)
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.py"), []byte("x = 1  # DONE\n"), 0o644))
	assert.Empty(t, cachedRun(t, root, cache, testpasses.Todo).Findings)
}

var localRule = &acr.Rule{ID: "LOC001", Name: "local", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}

// perFile is a file-local pass: one finding per Python file.
var perFile = &acr.Analyzer{
	Name: "perfile", Doc: "file-local test pass", Kinds: []pass.Kind{pass.Python}, FileLocal: true, Rules: []*acr.Rule{localRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			p.ReportFile(localRule, f, "seen")
		}
		return nil, nil
	},
}

func TestShardsUnionIsOneRun(t *testing.T) {
	files := map[string]string{"a.sql": "x", "b.sql": "x"}
	for i := 0; i < 25; i++ {
		files[fmt.Sprintf("p/m%02d.py", i)] = "# TODO\n"
	}
	root := writeTree(t, files)
	one := messages(cachedRun(t, root, nil, perFile, pairs, testpasses.Todo))
	var union []string
	for i := 0; i < 3; i++ {
		res, err := checker.Run([]string{root}, []*acr.Analyzer{perFile, pairs, testpasses.Todo}, checker.Options{Root: root, Shard: i, Shards: 3})
		require.NoError(t, err)
		got := messages(res)
		assert.NotEmpty(t, got, "shard %d has work", i)
		if i > 0 {
			for _, m := range got {
				assert.NotContains(t, m, "PAIR001", "cross-file passes run only in shard 0")
			}
		}
		union = append(union, got...)
	}
	assert.ElementsMatch(t, one, union)
	_, err := checker.Run([]string{root}, []*acr.Analyzer{perFile}, checker.Options{Root: root, Shard: 3, Shards: 3})
	assert.Error(t, err)
}

var noteRuns atomic.Int32

// noter records one note for the run, as a pass that skips part of the
// repository does.
var noter = &acr.Analyzer{
	Name: "noter", Doc: "note test pass", Kinds: []pass.Kind{pass.SQL}, Rules: []*acr.Rule{pairRule},
	Run: func(p *acr.Pass) (any, error) {
		noteRuns.Add(1)
		p.Note("db", fmt.Sprintf("noter: %d files skipped", len(p.Files)))
		return nil, nil
	},
}

func TestPassNotesAreKeptByTheCache(t *testing.T) {
	root := writeTree(t, map[string]string{"db/a.sql": "CREATE TABLE t();\n", "db/b.sql": "CREATE TABLE u();\n"})
	age(t, root)
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	noteRuns.Store(0)
	want := []checker.Note{{Path: "db", Reason: "noter: 2 files skipped"}}
	assert.Equal(t, want, cachedRun(t, root, cache, noter).Notes)
	assert.Equal(t, want, cachedRun(t, root, cache, noter).Notes, "a cached run keeps the pass's notes")
	assert.EqualValues(t, 1, noteRuns.Load())
}

// A run over part of the repository gives a cross-file pass the whole
// repository and reports its findings inside the part; a file-local pass
// reads only the part.
func TestPartialRunSeesTheWholeRepositoryForCrossFilePasses(t *testing.T) {
	root := writeTree(t, map[string]string{"sql/a.sql": "x", "other/b.sql": "x", "p/m.py": "# TODO\n", "q/n.py": "# TODO\n"})
	// pairs looks for a.sql and b.sql at the top: give it those paths.
	require.NoError(t, os.Rename(filepath.Join(root, "sql", "a.sql"), filepath.Join(root, "a.sql")))
	require.NoError(t, os.Rename(filepath.Join(root, "other", "b.sql"), filepath.Join(root, "b.sql")))
	whole := messages(cachedRun(t, root, nil, perFile, pairs))
	assert.Contains(t, whole, "a.sql:1:1: same table as b.sql [PAIR001]")
	res, err := checker.Run([]string{filepath.Join(root, "a.sql"), filepath.Join(root, "p")}, []*acr.Analyzer{perFile, pairs}, checker.Options{Root: root})
	require.NoError(t, err)
	assert.Equal(t, []string{"a.sql:1:1: same table as b.sql [PAIR001]", "p/m.py:1:1: seen [LOC001]"}, messages(res))
	var read []string
	for _, f := range res.Inputs[perFile] {
		read = append(read, f.Path)
	}
	assert.Equal(t, []string{"p/m.py"}, read, "the file-local pass reads only the paths given")
}

var helperRuns, wideRuns atomic.Int32

// lister is a helper both a file-local and a repository-wide pass require,
// as pyindex is for the Python passes.
var lister = &acr.Analyzer{
	Name: "lister", Doc: "helper", Kinds: []pass.Kind{pass.Python},
	Run: func(p *acr.Pass) (any, error) { helperRuns.Add(1); return nil, nil },
}

var wideRule = &acr.Rule{ID: "WIDE001", Name: "wide", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}

var wide = &acr.Analyzer{
	Name: "wide", Doc: "repository-wide pass", Kinds: []pass.Kind{pass.Python}, Triggers: []string{"shared"},
	Requires: []*acr.Analyzer{lister}, Rules: []*acr.Rule{wideRule},
	Run: func(p *acr.Pass) (any, error) {
		wideRuns.Add(1)
		if len(p.Files) > 1 {
			p.ReportFile(wideRule, p.Files[0], "%d python files", len(p.Files))
		}
		return nil, nil
	},
}

var localWithHelper = &acr.Analyzer{
	Name: "localhelped", Doc: "file-local pass with a helper", Kinds: []pass.Kind{pass.Python}, FileLocal: true,
	Requires: []*acr.Analyzer{lister}, Rules: []*acr.Rule{localRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			p.ReportFile(localRule, f, "seen")
		}
		return nil, nil
	},
}

// A narrowed run after a whole one takes the repository-wide passes from
// the cache: the helper they share with a file-local pass reads, for the
// keys, what it reads in the whole run.
func TestNarrowedRunSharesTheWholeRunsCache(t *testing.T) {
	// The file-local pass reads c/z.py, the repository-wide one does not:
	// the helper's inputs differ between the whole and the narrowed run
	// unless they are taken before narrowing.
	root := writeTree(t, map[string]string{"a/x.py": "x = 1  # shared\n", "b/y.py": "y = 2  # shared\n", "c/z.py": "z = 3\n"})
	age(t, root)
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	wideRuns.Store(0)
	whole := messages(cachedRun(t, root, cache, wide, localWithHelper))
	assert.EqualValues(t, 1, wideRuns.Load())
	res, err := checker.Run([]string{filepath.Join(root, "a")}, []*acr.Analyzer{wide, localWithHelper}, checker.Options{Root: root, Cache: cache})
	require.NoError(t, err)
	assert.Equal(t, []string{"a/x.py:1:1: seen [LOC001]", "a/x.py:1:1: 2 python files [WIDE001]"}, messages(res))
	assert.Contains(t, whole, "a/x.py:1:1: 2 python files [WIDE001]")
	assert.EqualValues(t, 1, wideRuns.Load(), "the repository-wide pass came from the whole run's cache entry")
}
