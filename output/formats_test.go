package output_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/output"
)

func TestGitHubAnnotations(t *testing.T) {
	res := sample(t)
	t.Chdir(res.Root)
	var buf bytes.Buffer
	require.NoError(t, output.GitHub(&buf, res, res.Findings, output.Options{}))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, len(res.Findings))
	assert.Contains(t, lines, "::error file=src/app.py,line=2,col=7,endLine=2,endColumn=12,title=PRB001 (probe-block)::"+
		"found BLOCK in `snake_case` code%0AProcess view, story T-PROC-1")
	assert.Contains(t, lines, "::warning file=src/app.py,line=3,col=14,endLine=3,endColumn=18,title=PRB002 (probe-warn)::"+
		"found WARN in `snake_case` code%0ALogical view, story T-LOG-1")
	assert.Contains(t, lines, "::notice file=queries.sql,line=1,col=14,endLine=1,endColumn=18,title=TODO001 (todo-marker)::todo marker in sql")
	// A whole-file finding has a file and no line.
	zipSize := fileSize(t, filepath.Join(res.Root, "models/churn.zip"))
	assert.Contains(t, lines, "::notice file=models/churn.zip,title=ZIP001 (zip-artifact)::zip artifact of "+zipSize+" bytes")
}

func TestGitHubEscapes(t *testing.T) {
	root := writeTree(t, map[string]string{"we,ird: name.py": "x = 1  # TODO\n"})
	res := runOn(t, root, testpasses.Todo)
	t.Chdir(root)
	res.Findings[0].Diagnostic.Message = "100% sure\nsecond line"
	var buf bytes.Buffer
	require.NoError(t, output.GitHub(&buf, res, res.Findings, output.Options{}))
	assert.Equal(t, "::notice file=we%2Cird%3A name.py,line=1,col=10,endLine=1,endColumn=14,title=TODO001 (todo-marker)::100%25 sure%0Asecond line\n", buf.String())
}

func fileSize(t *testing.T, p string) string {
	st, err := os.Stat(p)
	require.NoError(t, err)
	return strconv.FormatInt(st.Size(), 10)
}

func TestCodeClimate(t *testing.T) {
	res := sample(t)
	t.Chdir(res.Root)
	var buf bytes.Buffer
	require.NoError(t, output.CodeClimate(&buf, res, res.Findings, output.Options{}))
	var issues []output.CodeClimateIssue
	require.NoError(t, json.Unmarshal(buf.Bytes(), &issues))
	require.Len(t, issues, len(res.Findings))
	seen := map[string]bool{}
	for _, is := range issues {
		assert.False(t, seen[is.Fingerprint], "fingerprints are unique: %s", is.Fingerprint)
		seen[is.Fingerprint] = true
		assert.Equal(t, "issue", is.Type)
	}
	var block output.CodeClimateIssue
	for _, is := range issues {
		if is.CheckName == "PRB001" {
			block = is
		}
	}
	assert.Equal(t, "major", block.Severity)
	assert.Equal(t, "src/app.py", block.Location.Path)
	assert.Equal(t, output.CodeClimateLines{Begin: 2, End: 2}, block.Location.Lines)
	assert.Equal(t, "found BLOCK in `snake_case` code [PRB001]", block.Description)
}

func TestJSONFingerprintAndWholeFile(t *testing.T) {
	res := sample(t)
	rep := output.BuildJSON(res, res.Findings)
	fps := output.Fingerprints(res.Findings)
	require.Len(t, rep.Diagnostics, len(fps))
	for i, d := range rep.Diagnostics {
		assert.Equal(t, fps[i], d.Fingerprint)
		assert.Equal(t, d.Rule == "ZIP001", d.WholeFile, d.Rule)
	}
}

func fingerprintsByRule(t *testing.T, root string) map[string][]string {
	res := runOn(t, root, probe, testpasses.Todo, testpasses.Zips)
	fps := output.Fingerprints(res.Findings)
	out := map[string][]string{}
	for i, fd := range res.Findings {
		out[fd.Rule.ID+" "+fd.Posn.Path] = append(out[fd.Rule.ID+" "+fd.Posn.Path], fps[i])
	}
	return out
}

func TestFingerprintsSurviveLineMoves(t *testing.T) {
	root := writeTree(t, map[string]string{
		"a.py": "x = 1  # WARN\ny = 2  # BLOCK\nz = 3  # BLOCK\n",
	})
	writeZip(t, filepath.Join(root, "m.zip"))
	before := fingerprintsByRule(t, root)
	require.Len(t, before["PRB001 a.py"], 2)
	assert.NotEqual(t, before["PRB001 a.py"][0], before["PRB001 a.py"][1], "different lines, different fingerprints")

	// Unrelated lines above, re-indentation, and the two BLOCK lines
	// swapped: every finding keeps its fingerprint.
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.py"),
		[]byte("import os\n\n\nif True:\n    z = 3  # BLOCK\n    x = 1  # WARN\n\ny = 2  # BLOCK\n"), 0o644))
	after := fingerprintsByRule(t, root)
	assert.ElementsMatch(t, before["PRB001 a.py"], after["PRB001 a.py"])
	assert.Equal(t, before["PRB002 a.py"], after["PRB002 a.py"])
	assert.Equal(t, before["ZIP001 m.zip"], after["ZIP001 m.zip"])

	// Editing the line itself changes its fingerprint.
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.py"), []byte("x = 100  # WARN\n"), 0o644))
	edited := fingerprintsByRule(t, root)
	assert.NotEqual(t, before["PRB002 a.py"], edited["PRB002 a.py"])
}

func TestFingerprintsCountIdenticalLines(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "f()  # BLOCK\nf()  # BLOCK\n", "b.py": "f()  # BLOCK\n"})
	res := runOn(t, root, probe)
	fps := output.Fingerprints(res.Findings)
	require.Len(t, fps, 3)
	h0, n0, _ := strings.Cut(fps[0], ":")
	h1, n1, _ := strings.Cut(fps[1], ":")
	h2, n2, _ := strings.Cut(fps[2], ":")
	assert.Equal(t, h0, h1, "same rule, path and text")
	assert.Equal(t, []string{"1", "2", "1"}, []string{n0, n1, n2})
	assert.NotEqual(t, h0, h2, "the path is part of the fingerprint")

	// A subset keeps the fingerprints computed over the whole run.
	assert.Equal(t, []string{fps[1]}, output.FingerprintsOf(res, []checker.Finding{res.Findings[1]}))
}

func TestBaseline(t *testing.T) {
	root := writeTree(t, map[string]string{
		"src/a.py": "x = 1  # BLOCK\ny = 2  # WARN\n",
		"src/b.py": "legacy()  # BLOCK\n",
	})
	res := runOn(t, root, probe)
	require.Len(t, res.Findings, 3)
	file := filepath.Join(t.TempDir(), "sub", "acr-baseline.json")
	require.NoError(t, output.NewBaseline(res, res.Findings, "acrvet test").WriteFile(file))
	b, err := output.ReadBaseline(file)
	require.NoError(t, err)
	require.Len(t, b.Findings, 3)
	assert.Equal(t, output.BaselineEntry{Fingerprint: b.Findings[0].Fingerprint, Rule: "PRB001", Path: "src/a.py", Line: 1,
		Message: "found BLOCK in `snake_case` code"}, b.Findings[0])

	// The same repository: nothing is new.
	fresh, stale := b.Filter(res, res.Findings)
	assert.Empty(t, fresh)
	assert.Zero(t, stale)

	// Lines move, one accepted finding is fixed, one new finding appears,
	// and a second copy of an accepted line is new too.
	require.NoError(t, os.WriteFile(filepath.Join(root, "src/a.py"), []byte("import os\n\n\ny = 2  # WARN\nz = 3  # BLOCK\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "src/b.py"), []byte("# header\nlegacy()  # BLOCK\nlegacy()  # BLOCK\n"), 0o644))
	res2 := runOn(t, root, probe)
	fresh, stale = b.Filter(res2, res2.Findings)
	var got []string
	for _, fd := range fresh {
		got = append(got, fd.Posn.String()+" "+fd.Rule.ID)
	}
	assert.Equal(t, []string{"src/a.py:5:10 PRB001", "src/b.py:3:13 PRB001"}, got)
	assert.Equal(t, 1, stale, "the fixed x = 1 finding is stale")

	// Rewriting an existing baseline replaces it whole.
	require.NoError(t, output.NewBaseline(res2, res2.Findings, "acrvet test").WriteFile(file))
	b2, err := output.ReadBaseline(file)
	require.NoError(t, err)
	assert.Len(t, b2.Findings, 4)
}

func TestReadBaselineRejectsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json":  "not json",
		"v2.json":       `{"version": 2, "findings": []}`,
		"nolist.json":   `{"version": 1}`,
		"nofp.json":     `{"version": 1, "findings": [{"rule": "X1"}]}`,
		"sarif.json":    `{"version": "2.1.0", "runs": []}`,
		"emptyobj.json": `{}`,
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		_, err := output.ReadBaseline(p)
		assert.Error(t, err, name)
	}
	_, err := output.ReadBaseline(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestBaselineUnderFormerCode checks that a baseline written when a rule
// had another code still matches its findings after the rename.
func TestBaselineUnderFormerCode(t *testing.T) {
	root := writeTree(t, map[string]string{"src/a.py": "x = 1  # BLOCK\n"})
	res := runOn(t, root, probe)
	require.Len(t, res.Findings, 1)
	file := filepath.Join(t.TempDir(), "acr-baseline.json")
	require.NoError(t, output.NewBaseline(res, res.Findings, "acrvet test").WriteFile(file))
	b, err := output.ReadBaseline(file)
	require.NoError(t, err)

	renamed := *res.Findings[0].Rule
	renamed.ID, renamed.Aliases = "PRB901", []string{res.Findings[0].Rule.ID}
	res.Findings[0].Rule = &renamed
	fresh, stale := b.Filter(res, res.Findings)
	assert.Empty(t, fresh, "the entry recorded under the former code matches")
	assert.Zero(t, stale)

	renamed.Aliases = nil
	fresh, _ = b.Filter(res, res.Findings)
	assert.Len(t, fresh, 1, "without the alias the finding is new")
}
