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

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/internal/testpasses"
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
		"a.py:1: no diagnostic was reported matching `this pattern does not match`",
		"a.py:1:10: unexpected diagnostic: todo marker in python [TODO001]",
		"a.py:2: no diagnostic was reported matching `nothing is reported here`",
		"a.py:3:10: unexpected diagnostic: todo marker in python [TODO001]",
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
	require.True(t, strings.HasPrefix(rec.errs[0], "app.py: fixed file differs from app.py.golden"), rec.errs[0])
}

func TestSidecarExpectationsFailWhenUnmet(t *testing.T) {
	dir := copyCase(t, "polyglot")
	// No zip is written: the sidecar's expectation must be reported unmet.
	rec := &recorder{}
	analysistest.Run(rec, dir, testpasses.Zips, "polyglot")
	require.Equal(t, []string{"model.zip:1: no diagnostic was reported matching `zip artifact of \\d+ bytes \\[ZIP001\\]`"}, rec.errs)
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
