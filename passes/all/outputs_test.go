package all_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
)

var update = flag.Bool("update", false, "rewrite testdata/outputs from this run")

// TestOutputsUnchanged pins what acrvet prints, in every format that
// carries findings (text, JSON, SARIF, the Plan Alignment report), for
// examples/platform and for every golden fixture of the passes run with
// all passes. A refactoring must leave these files alone; a change of a
// rule's code, message or criterion shows here as a diff, and must be
// announced in CHANGELOG.md. Rewrite them with
//
//	go test ./passes/all -run TestOutputsUnchanged -update
func TestOutputsUnchanged(t *testing.T) {
	repoRoot, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	platform := filepath.Join(repoRoot, "examples", "platform")
	if _, err := os.Stat(platform); err != nil {
		t.Skip("examples/platform is absent")
	}
	t.Chdir(repoRoot)
	opts := output.Options{ToolName: "acrvet", ToolVersion: "golden"}

	res, err := checker.Run([]string{platform}, all.Analyzers(), checker.Options{})
	require.NoError(t, err)
	for _, format := range []string{"text", "json", "sarif", "markdown"} {
		var buf bytes.Buffer
		require.NoError(t, output.Formats[format](&buf, res, res.Findings, opts))
		golden(t, "platform."+format, normalize(buf.String(), repoRoot))
	}

	// The golden fixtures: every case directory of every pass, each a
	// small repository, reviewed by all passes (text and JSON).
	cases, err := filepath.Glob(filepath.Join(repoRoot, "passes", "*", "testdata", "src", "*"))
	require.NoError(t, err)
	sort.Strings(cases)
	var text, jsonOut bytes.Buffer
	for _, dir := range cases {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		rel, _ := filepath.Rel(repoRoot, dir)
		restore := defaultSettings(all.Analyzers())
		res, err := checker.Run([]string{dir}, all.Analyzers(), checker.Options{Root: dir})
		restore()
		require.NoError(t, err, rel)
		text.WriteString("== " + filepath.ToSlash(rel) + "\n")
		jsonOut.WriteString("== " + filepath.ToSlash(rel) + "\n")
		require.NoError(t, output.Formats["text"](&text, res, res.Findings, opts))
		require.NoError(t, output.Formats["json"](&jsonOut, res, res.Findings, opts))
	}
	golden(t, "fixtures.text", normalize(text.String(), repoRoot))
	golden(t, "fixtures.json", normalize(jsonOut.String(), repoRoot))
}

// defaultSettings returns a function that puts every setting of the
// analyzers back to its default: a case's .acr.yaml sets the passes' flags,
// which are package variables, and must not reach the cases after it.
func defaultSettings(analyzers []*acr.Analyzer) func() {
	return func() {
		for _, a := range acr.Closure(analyzers) {
			a.Flags.VisitAll(func(f *flag.Flag) { _ = f.Value.Set(f.DefValue) })
		}
	}
}

// normalize removes what depends on the machine: the checkout's path.
func normalize(s, root string) string {
	s = strings.ReplaceAll(s, "file://"+filepath.ToSlash(root), "file://ROOT")
	return strings.ReplaceAll(s, root, "ROOT")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("passes", "all", "testdata", "outputs", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	if string(want) != got {
		t.Errorf("%s differs from this run; if the change is meant, announce it in CHANGELOG.md and rerun with -update\n%s", name, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line that differs, with its neighbours.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return ""
}

// TestCacheKeepsThePlanAlignment: a run that reads every pass from the
// cache prints the same report as the run that filled it, what the rules
// examined included.
func TestCacheKeepsThePlanAlignment(t *testing.T) {
	platform := filepath.Join("..", "..", "examples", "platform")
	if _, err := os.Stat(platform); err != nil {
		t.Skip("examples/platform is absent")
	}
	cache := &checker.Cache{Dir: t.TempDir(), Version: "test"}
	report := func() string {
		res, err := checker.Run([]string{platform}, all.Analyzers(), checker.Options{Cache: cache})
		require.NoError(t, err)
		return output.MarkdownReport(res, res.Findings, output.Options{})
	}
	cold, warm := report(), report()
	require.Contains(t, cold, "— checked ")
	require.Equal(t, cold, warm)
}
