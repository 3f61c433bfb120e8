package asyncradar

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
)

// evalFilesDir is flake8-async's test suite for its blocking-call rules,
// kept beside the repository (../shared, relative to the module root).
const evalFilesDir = "../../../shared/peers/flake8-async/eval_files"

// divergenceDoc lists, with a reason, every line where asyncradar and the
// eval files' annotations disagree.
const divergenceDoc = "../../docs/flake8-async.md"

// minConformance is the share of annotated lines asyncradar must flag.
const minConformance = 0.95

// annotationRE matches flake8-async's expected-error comments:
// "# ASYNC210: 4, 'requests.get'", "# ASYNC230_asyncio: 9, 'open'",
// "# error: 4, ...".
var annotationRE = regexp.MustCompile(`#\s*(?:ASYNC\d+(?:_\w+)?|error)\s*:\s*\d+`)

// A divergence is a line flagged by one side only.
type divergence struct {
	file string
	line int
	kind string // "extra": asyncradar flags it, the file does not; "missed": the reverse
}

func (d divergence) String() string { return fmt.Sprintf("%s:%d %s", d.file, d.line, d.kind) }

// TestFlake8AsyncConformance runs asyncradar over flake8-async's eval files
// and compares, line by line, what it flags with what they annotate: the
// rule codes differ, so "flagged or not" is compared. Every divergence must
// be listed with its reason in docs/flake8-async.md, and no listed one may
// have gone away.
func TestFlake8AsyncConformance(t *testing.T) {
	dir, err := filepath.Abs(evalFilesDir)
	require.NoError(t, err)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("flake8-async eval files not found at %s (../shared is absent): conformance not checked", dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	require.NoError(t, err)
	require.NotEmpty(t, files)

	annotated := map[string]map[int]bool{}
	total := 0
	for _, path := range files {
		name := filepath.Base(path)
		annotated[name] = annotatedLines(t, path)
		total += len(annotated[name])
	}

	res, err := checker.Run([]string{dir + "/..."}, []*acr.Analyzer{Analyzer},
		checker.Options{Root: dir, Config: config.Default(), PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	flagged := map[string]map[int]bool{}
	for _, f := range res.Findings {
		if f.File == nil {
			continue
		}
		name := filepath.Base(f.File.Path)
		if flagged[name] == nil {
			flagged[name] = map[int]bool{}
		}
		flagged[name][f.Posn.Line] = true
	}

	var got []divergence
	hits := 0
	for name, lines := range annotated {
		for line := range lines {
			if flagged[name][line] {
				hits++
			} else {
				got = append(got, divergence{name, line, "missed"})
			}
		}
		for line := range flagged[name] {
			if !lines[line] {
				got = append(got, divergence{name, line, "extra"})
			}
		}
	}
	sort.Slice(got, func(i, j int) bool {
		if got[i].file != got[j].file {
			return got[i].file < got[j].file
		}
		return got[i].line < got[j].line
	})

	listed := listedDivergences(t)
	var unlisted []string
	for _, d := range got {
		if _, ok := listed[d]; !ok {
			unlisted = append(unlisted, d.String())
		}
		delete(listed, d)
	}
	var stale []string
	for d := range listed {
		stale = append(stale, d.String())
	}
	sort.Strings(stale)
	share := float64(hits) / float64(total)
	t.Logf("flagged %d of %d annotated lines (%.3f); %d divergences", hits, total, share, len(got))
	require.Empty(t, unlisted, "divergences from flake8-async not listed in %s", divergenceDoc)
	require.Empty(t, stale, "divergences listed in %s that no longer occur", divergenceDoc)
	require.GreaterOrEqual(t, share, minConformance, "share of flake8-async's annotated lines flagged")
}

func annotatedLines(t *testing.T, path string) map[int]bool {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	lines := map[int]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if annotationRE.MatchString(sc.Text()) {
			lines[n] = true
		}
	}
	require.NoError(t, sc.Err())
	return lines
}

// divergenceRowRE matches a row of the divergence table:
// | async210.py | 47 | missed | reason |
var divergenceRowRE = regexp.MustCompile(`^\|\s*(async\w+\.py)\s*\|\s*([\d, ]+)\s*\|\s*(extra|missed)\s*\|\s*(.*?)\s*\|\s*$`)

// listedDivergences reads the divergence table of the docs; a row may
// list several lines, comma-separated. Every row needs a reason.
func listedDivergences(t *testing.T) map[divergence]string {
	data, err := os.ReadFile(divergenceDoc)
	require.NoError(t, err)
	out := map[divergence]string{}
	for _, row := range strings.Split(string(data), "\n") {
		m := divergenceRowRE.FindStringSubmatch(row)
		if m == nil {
			continue
		}
		require.NotEmpty(t, m[4], "divergence without a reason: %s", row)
		for _, l := range strings.Split(m[2], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(l))
			require.NoError(t, err, row)
			out[divergence{m[1], n, m[3]}] = m[4]
		}
	}
	return out
}
