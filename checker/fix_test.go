package checker_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
)

var overlapRule = &acr.Rule{ID: "OVL001", Name: "overlap", Title: "t", Severity: acr.SeverityNote, What: "w", Why: "y"}

// overlapping reports two findings on "abcdef" whose fixes overlap, and a
// third whose two edits are disjoint.
var overlapping = &acr.Analyzer{
	Name: "overlapping", Doc: "overlapping fixes", Kinds: []pass.Kind{pass.Python}, Rules: []*acr.Rule{overlapRule},
	Run: func(p *acr.Pass) (any, error) {
		f := p.Files[0]
		fix := func(msg string, edits ...acr.TextEdit) {
			p.Report(acr.Diagnostic{Pos: edits[0].Pos, Category: overlapRule.ID, Message: msg,
				SuggestedFixes: []acr.SuggestedFix{{Message: msg, TextEdits: edits}}})
		}
		fix("first", acr.TextEdit{Pos: f.Pos(0), End: f.Pos(3), NewText: []byte("ABC")})
		fix("second", acr.TextEdit{Pos: f.Pos(2), End: f.Pos(4), NewText: []byte("xx")}, acr.TextEdit{Pos: f.Pos(5), End: f.Pos(6), NewText: []byte("F")})
		fix("third", acr.TextEdit{Pos: f.Pos(4), End: f.Pos(5), NewText: []byte("E")})
		return nil, nil
	},
}

func TestOverlappingFixesAreSkippedWhole(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "abcdef\n"})
	res := run(t, root, overlapping)
	plan := checker.PlanFixes(res, res.Findings)
	require.Len(t, plan.Skipped, 1)
	assert.Contains(t, plan.Skipped[0], `a.py:1:3: fix "second" skipped`)
	f := res.Repo.Lookup("a.py")
	assert.Equal(t, "ABCdEf\n", string(checker.Apply(f.Content(), plan.Files[f])), "the second fix is not half applied")
}

// header inserts a comment line at the top of every YAML file.
var header = &acr.Analyzer{
	Name: "header", Doc: "insert a header", Kinds: []pass.Kind{pass.YAML}, Rules: []*acr.Rule{overlapRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			p.Report(acr.Diagnostic{Pos: f.Pos(0), Category: overlapRule.ID, Message: "no header",
				SuggestedFixes: []acr.SuggestedFix{{Message: "add a header", TextEdits: []acr.TextEdit{
					{Pos: f.Pos(0), End: f.Pos(0), NewText: []byte("# header\nversion: 1\n")}}}}})
		}
		return nil, nil
	},
}

// Whatever the pass proposes, an insertion at the top goes after the
// byte order mark and takes the file's line endings.
func TestResolveKeepsBOMAndLineEndings(t *testing.T) {
	root := writeTree(t, map[string]string{
		"bom_crlf.yaml": "\ufeffkey: 1\r\nother: 2\r\n",
		"lf.yaml":       "key: 1\n",
	})
	res := run(t, root, header)
	files, errs := checker.PlanFixes(res, res.Findings).Resolve(res)
	require.Empty(t, errs)
	got := map[string]string{}
	for _, ff := range files {
		got[ff.Path] = string(ff.Fixed())
	}
	assert.Equal(t, map[string]string{
		"bom_crlf.yaml": "\ufeff# header\r\nversion: 1\r\nkey: 1\r\nother: 2\r\n",
		"lf.yaml":       "# header\nversion: 1\nkey: 1\n",
	}, got)
}
