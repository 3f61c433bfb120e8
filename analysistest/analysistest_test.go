package analysistest_test

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/pass"
)

// copyCase copies testdata/src/<name> into a temporary testdata tree, so a
// test can add generated artifacts such as zips.
func copyCase(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(analysistest.TestData(), "src", name)
	dst := filepath.Join(dir, "src", name)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
	return dir
}

func writeZip(t *testing.T, path string, entries map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	zw := zip.NewWriter(f)
	for name, body := range entries {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())
}

// A custom pass, written outside acr's own passes, is golden-tested over
// Python, SQL, YAML (Compose and Kubernetes), a Dockerfile and a zip.
func TestPolyglotCustomPass(t *testing.T) {
	dir := copyCase(t, "polyglot")
	writeZip(t, filepath.Join(dir, "src", "polyglot", "model.zip"), map[string]string{"model.ini": "[info]\n"})
	results := analysistest.RunWithSuggestedFixes(t, dir, testpasses.Todo, "polyglot")
	require.Len(t, results, 1)
	require.Len(t, results[0].Findings, 5, "one finding per TODO in five artifacts of five kinds")
	analysistest.Run(t, dir, testpasses.Zips, "polyglot")
}

// recorder is a fake testing.T that keeps the failures.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestReportsMismatches(t *testing.T) {
	rec := &recorder{}
	analysistest.Run(rec, analysistest.TestData(), testpasses.Todo, "mismatch")
	sort.Strings(rec.errs)
	require.Equal(t, []string{
		`case "mismatch": ` + "a.py:1: no diagnostic was reported matching `this pattern does not match`",
		`case "mismatch": ` + "a.py:1:10: unexpected diagnostic: todo marker in python [TODO001]",
		`case "mismatch": ` + "a.py:2: no diagnostic was reported matching `nothing is reported here`",
		`case "mismatch": ` + "a.py:3:10: unexpected diagnostic: todo marker in python [TODO001]",
	}, rec.errs)
}

func TestReportsMissingCaseAndBadGolden(t *testing.T) {
	rec := &recorder{}
	analysistest.Run(rec, analysistest.TestData(), testpasses.Todo, "no-such-case")
	require.Len(t, rec.errs, 1)
	require.Contains(t, rec.errs[0], `case "no-such-case"`)

	dir := copyCase(t, "polyglot")
	golden := filepath.Join(dir, "src", "polyglot", "app.py.golden")
	require.NoError(t, os.WriteFile(golden, []byte("not the fixed file\n"), 0o644))
	rec = &recorder{}
	analysistest.RunWithSuggestedFixes(rec, dir, testpasses.Todo, "polyglot")
	require.Len(t, rec.errs, 1)
	require.True(t, strings.HasPrefix(rec.errs[0], `case "polyglot": app.py: fixed file differs from app.py.golden`), rec.errs[0])
}

func TestSidecarExpectationsFailWhenUnmet(t *testing.T) {
	dir := copyCase(t, "polyglot")
	// No zip is written: the sidecar's expectation must be reported unmet.
	rec := &recorder{}
	analysistest.Run(rec, dir, testpasses.Zips, "polyglot")
	require.Equal(t, []string{`case "polyglot": ` + "model.zip:1: no diagnostic was reported matching `zip artifact of \\d+ bytes \\[ZIP001\\]`"}, rec.errs)
}

// helperRecorder also counts Helper calls: every function that fails a
// test marks itself a helper, so the failure points at the caller's line.
type helperRecorder struct {
	recorder
	helpers int
}

func (r *helperRecorder) Helper() { r.helpers++ }

func TestFailuresAreHelpers(t *testing.T) {
	rec := &helperRecorder{}
	analysistest.Run(rec, analysistest.TestData(), testpasses.Todo, "mismatch")
	require.Len(t, rec.errs, 4)
	require.GreaterOrEqual(t, rec.helpers, 4*2, "each failure passes through Helper-marked frames")
}

var altRule = &acr.Rule{ID: "ALT001", Name: "alt", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}

// alternatives offers two fixes per TODO marker. With overlap false they
// touch different bytes (mark it DONE, and append a note to the line), so
// both apply at once; with overlap true they rewrite the same word
// (DONE or FIXME), which only a txtar golden file can expect.
func alternatives(overlap bool) *acr.Analyzer {
	return &acr.Analyzer{
		Name: "alternatives", Doc: "offer several fixes", Kinds: []pass.Kind{pass.Python}, Rules: []*acr.Rule{altRule},
		Run: func(p *acr.Pass) (any, error) {
			for _, f := range p.Files {
				c := f.Content()
				i := strings.Index(string(c), "TODO")
				if i < 0 {
					continue
				}
				eol := i + strings.IndexByte(string(c[i:]), '\n')
				second := acr.SuggestedFix{Message: "note it", TextEdits: []acr.TextEdit{{Pos: f.Pos(eol), End: f.Pos(eol), NewText: []byte(" (noted)")}}}
				if overlap {
					second = acr.SuggestedFix{Message: "mark fixme", TextEdits: []acr.TextEdit{{Pos: f.Pos(i), End: f.Pos(i + 4), NewText: []byte("FIXME")}}}
				}
				p.ReportDiag(altRule, acr.Diagnostic{Pos: f.Pos(i), End: f.Pos(i + 4), Message: "todo", SuggestedFixes: []acr.SuggestedFix{
					{Message: "mark done", TextEdits: []acr.TextEdit{{Pos: f.Pos(i), End: f.Pos(i + 4), NewText: []byte("DONE")}}},
					second,
				}})
			}
			return nil, nil
		},
	}
}

func fixCase(t *testing.T, golden string) string {
	dir := t.TempDir()
	caseDir := filepath.Join(dir, "src", "alt")
	require.NoError(t, os.MkdirAll(caseDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(caseDir, "a.py"), []byte("x = 1  # TODO  # want `todo`\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(caseDir, "a.py.golden"), []byte(golden), 0o644))
	return dir
}

func TestRunWithSuggestedFixesAppliesEveryFix(t *testing.T) {
	dir := fixCase(t, "x = 1  # DONE  # want `todo` (noted)\n")
	analysistest.RunWithSuggestedFixes(t, dir, alternatives(false), "alt")

	// Alternatives that overlap: one txtar section per fix message.
	dir = fixCase(t, "-- mark done --\nx = 1  # DONE  # want `todo`\n-- mark fixme --\nx = 1  # FIXME  # want `todo`\n")
	analysistest.RunWithSuggestedFixes(t, dir, alternatives(true), "alt")

	// Overlapping fixes against a plain golden file are an error, and a
	// wrong section is reported by its name.
	rec := &recorder{}
	analysistest.RunWithSuggestedFixes(rec, fixCase(t, "x = 1  # DONE  # want `todo`\n"), alternatives(true), "alt")
	require.Len(t, rec.errs, 2, "%q", rec.errs)
	require.Contains(t, rec.errs[0], "fixes overlap")
	rec = &recorder{}
	analysistest.RunWithSuggestedFixes(rec, fixCase(t, "-- mark done --\nx = 1  # DONE  # want `todo`\n-- mark fixme --\nwrong\n"), alternatives(true), "alt")
	require.Len(t, rec.errs, 1, "%q", rec.errs)
	require.Contains(t, rec.errs[0], `case "alt": a.py: fix "mark fixme" gives a file that differs from section "mark fixme"`)
}

// A line marked "ok: RULE" fails the test when the rule reports there,
// with or without a want.
func TestOKMarkerFailsOnAFinding(t *testing.T) {
	dir := t.TempDir()
	caseDir := filepath.Join(dir, "src", "okmark")
	require.NoError(t, os.MkdirAll(caseDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(caseDir, "a.py"), []byte(
		"x = 1  # TODO ok: TODO001 -- marked wrongly\n"), 0o644))
	rec := &recorder{}
	analysistest.Run(rec, dir, testpasses.Todo, "okmark")
	require.NotEmpty(t, rec.errs)
	for _, e := range rec.errs {
		require.Contains(t, e, "line marked ok: TODO001 has a finding of it")
	}
}
