package multichecker_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/output"
)

// The runs a user mixes on one repository with one cache: whole, shards
// and narrowed paths.
var cacheRunKinds = map[string][]string{
	"full":     {"."},
	"shard0/2": {"-shard", "0/2", "."},
	"shard1/2": {"-shard", "1/2", "."},
	"src":      {"./src/..."},
	"tests":    {"tests"},
	"one file": {"src/service/legacy.py"},
}

// inExample runs acrvet -json from the example platform's directory, so
// narrowed paths read as a user types them.
func inExample(t *testing.T, args ...string) string {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(filepath.Join("..", "examples", "platform")))
	defer os.Chdir(wd)
	_, out := runAll(t, append([]string{"-json"}, args...)...)
	return out
}

// The cache never changes a result: every run kind, after every other
// (and itself) on a shared cache, prints what it prints with -cache=off.
// Before the fix a shard after a full run printed cached findings of files
// outside its shard, and a full run after a shard only the shard's.
func TestCacheNeverChangesAResultWhateverTheOrder(t *testing.T) {
	want := map[string]string{}
	for name, args := range cacheRunKinds {
		want[name] = inExample(t, append([]string{"-cache=off"}, args...)...)
	}
	for first, firstArgs := range cacheRunKinds {
		for second, secondArgs := range cacheRunKinds {
			cache := t.TempDir()
			got1 := inExample(t, append([]string{"-cache", cache}, firstArgs...)...)
			got2 := inExample(t, append([]string{"-cache", cache}, secondArgs...)...)
			got3 := inExample(t, append([]string{"-cache", cache}, firstArgs...)...)
			assert.Equal(t, want[first], got1, "%s on an empty cache", first)
			assert.Equal(t, want[second], got2, "%s after %s", second, first)
			assert.Equal(t, want[first], got3, "%s after %s after %s", first, second, first)
		}
	}
}

// A flipped byte anywhere in any cache file is detected: the output equals
// -cache=off's, and the entry is rewritten so the next run is served
// from the cache again, still with the same output.
func TestCacheWithFlippedBytesEqualsNoCache(t *testing.T) {
	want := inExample(t, "-cache=off", ".")
	cache := t.TempDir()
	require.Equal(t, want, inExample(t, "-cache", cache, "."))
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	trials := 60
	if testing.Short() {
		trials = 10
	}
	for trial := 0; trial < trials; trial++ {
		entries, err := os.ReadDir(cache)
		require.NoError(t, err)
		var files []string
		for _, e := range entries {
			if e.Type().IsRegular() {
				files = append(files, filepath.Join(cache, e.Name()))
			}
		}
		require.NotEmpty(t, files)
		victim := files[rng.IntN(len(files))]
		data, err := os.ReadFile(victim)
		require.NoError(t, err)
		switch rng.IntN(3) {
		case 0: // one flipped byte
			i := rng.IntN(len(data))
			data[i] ^= byte(1 + rng.IntN(255))
		case 1: // truncated, as by a crash mid-write without rename
			data = data[:rng.IntN(len(data))]
		case 2: // two writers interleaved: another entry's tail
			other, err := os.ReadFile(files[rng.IntN(len(files))])
			require.NoError(t, err)
			cut := rng.IntN(len(data))
			data = append(data[:cut:cut], other[min(cut, len(other)):]...)
		}
		require.NoError(t, os.WriteFile(victim, data, 0o644))
		assert.Equal(t, want, inExample(t, "-cache", cache, "."), "trial %d: %s damaged", trial, filepath.Base(victim))
		assert.Equal(t, want, inExample(t, "-cache", cache, "."), "trial %d: the run after", trial)
	}
}

// Narrowing the paths narrows what is reported, never what a finding
// inside them is: for each path, the findings of a run over it are the
// findings a whole run gives inside it (and those about the repository as
// a whole). Before, ./src alone reported "no drift test" (tests/ was not
// walked) for SCN101 and SCN102.
func TestNarrowedRunsReportWhatTheWholeRunReportsInside(t *testing.T) {
	decode := func(out string) []output.JSONDiagnostic {
		var rep output.JSONReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		require.Empty(t, rep.Errors)
		return rep.Diagnostics
	}
	whole := decode(inExample(t, "-cache=off", "."))
	require.NotEmpty(t, whole)
	for _, p := range []string{"src", "src/service", "src/service/legacy.py", "tests", "k8s/redis.yaml", "models/broken.zip", "alembic/versions", "docker-compose.yml"} {
		var want []output.JSONDiagnostic
		for _, d := range whole {
			if d.Path == "" || d.Path == p || strings.HasPrefix(d.Path, p+"/") {
				want = append(want, d)
			}
		}
		for _, cache := range []string{"-cache=off", "-cache=" + t.TempDir()} {
			got := decode(inExample(t, cache, p))
			assert.Equal(t, want, got, "%s %s", cache, p)
		}
	}
}
