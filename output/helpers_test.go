package output_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/pass"
)

// Rules of the probe pass, tied to stories of a test catalog.
var (
	blockRule = &acr.Rule{
		ID: "PRB001", Name: "probe-block", Title: "blocking marker", Severity: acr.SeverityError,
		View: acr.Process, Story: "T-PROC-1", Since: "v0.1.0",
		Criteria: []string{"§9.1.markers", "T-PROC-1.1", "T-SCN-1.1", "T-SCN-1.2", "T-SCN-1.3"},
		What:     "Reports BLOCK markers.", Why: "A test rule.",
	}
	warnRule = &acr.Rule{
		ID: "PRB002", Name: "probe-warn", Title: "warning marker", Severity: acr.SeverityWarning,
		View: acr.Logical, Story: "T-LOG-1", Since: "v0.1.0",
		Criteria: []string{"§9.1.markers", "T-LOG-1.1"},
		What:     "Reports WARN markers.", Why: "A test rule.",
	}
	noteRule = &acr.Rule{
		ID: "PRB003", Name: "probe-note", Title: "note marker", Severity: acr.SeverityNote,
		View: acr.Logical, Story: "T-LOG-1", Since: "v0.1.0",
		What: "Reports NOTE markers.", Why: "A test rule.",
	}
)

// probe reports BLOCK (error, with a related location on the first line
// of the file and a fix), WARN and NOTE markers in Python files.
var probe = &acr.Analyzer{
	Name: "probe", Doc: "report markers for the output tests",
	Kinds: []pass.Kind{pass.Python}, Triggers: []string{"BLOCK", "WARN", "NOTE"},
	Rules: []*acr.Rule{blockRule, warnRule, noteRule},
	Run: func(p *acr.Pass) (any, error) {
		p.Examined("Python file", len(p.Files), blockRule, warnRule, noteRule)
		for _, f := range p.Files {
			c := f.Content()
			for _, m := range []struct {
				word string
				rule *acr.Rule
			}{{"BLOCK", blockRule}, {"WARN", warnRule}, {"NOTE", noteRule}} {
				for off := 0; ; {
					i := bytes.Index(c[off:], []byte(m.word))
					if i < 0 {
						break
					}
					at := off + i
					d := acr.Diagnostic{Pos: f.Pos(at), End: f.Pos(at + len(m.word)), Category: m.rule.ID,
						Message: "found " + m.word + " in `snake_case` code"}
					if m.rule == blockRule {
						d.Related = []acr.RelatedInformation{{Pos: f.Pos(0), End: f.Pos(1), Message: "file starts here"}}
						d.SuggestedFixes = []acr.SuggestedFix{{Message: "unblock", TextEdits: []acr.TextEdit{
							{Pos: f.Pos(at), End: f.Pos(at + len(m.word)), NewText: []byte("FLOW")},
						}}}
					}
					p.Report(d)
					off = at + len(m.word)
				}
			}
		}
		return nil, nil
	},
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(c), 0o644))
	}
	return root
}

func writeZip(t *testing.T, path string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("model.ini")
	require.NoError(t, err)
	w.Write([]byte("[info]\n"))
	require.NoError(t, zw.Close())
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func runOn(t *testing.T, root string, analyzers ...*acr.Analyzer) *checker.Result {
	t.Helper()
	res, err := checker.Run([]string{root}, analyzers, checker.Options{Root: root})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	return res
}

// sample is a small repository with findings of several severities, a
// non-ASCII line (UTF-16 columns differ from bytes), a whole-file finding
// on a zip and a fix.
func sample(t *testing.T) *checker.Result {
	root := writeTree(t, map[string]string{
		"src/app.py":  "import x\n# é😀 BLOCK here\nvalue = 1  # WARN\n",
		"src/etl.py":  "a = 1  # NOTE\nb = 2  # TODO\n",
		"clean.py":    "ok = True\n",
		"queries.sql": "SELECT 1; -- TODO\n",
	})
	writeZip(t, filepath.Join(root, "models", "churn.zip"))
	return runOn(t, root, probe, testpasses.Todo, testpasses.Zips)
}

func runWithErrors(root string, analyzers ...*acr.Analyzer) (*checker.Result, error) {
	return checker.Run([]string{root}, analyzers, checker.Options{Root: root})
}

var repoRule = &acr.Rule{
	ID: "REPO001", Name: "repo-wide", Title: "repository finding", Severity: acr.SeverityWarning,
	View: acr.Scenario, Since: "v0.1.0", What: "Reports the repository once.", Why: "A test rule.",
}

// repoWide reports one finding about the repository as a whole.
var repoWide = &acr.Analyzer{
	Name: "repowide", Doc: "report the repository", Rules: []*acr.Rule{repoRule},
	Run: func(p *acr.Pass) (any, error) {
		p.Report(acr.Diagnostic{Category: repoRule.ID, Message: "no load test in the repository"})
		return nil, nil
	},
}
