package output_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/output"
)

var testCatalog = &output.Catalog{
	Groups: []output.Group{
		{Story: "9.1", View: acr.Logical, Title: "Logical constraints"},
		{Story: "T-LOG-1", View: acr.Logical, Title: "Logical story", Epic: "E-1"},
		{Story: "T-PROC-1", View: acr.Process, Title: "Process story", Epic: "E-2"},
		{Story: "T-DEV-1", View: acr.Development, Title: "Development story", Epic: "E-3"},
	},
	Criteria: []output.Criterion{
		{ID: "§9.1.markers", View: acr.Logical, Story: "9.1", Text: "No markers at all."},
		{ID: "T-LOG-1.1", View: acr.Logical, Story: "T-LOG-1", Text: "No WARN markers."},
		{ID: "T-LOG-1.2", View: acr.Logical, Story: "T-LOG-1", Text: "Something no rule checks."},
		{ID: "T-PROC-1.1", View: acr.Process, Story: "T-PROC-1", Text: "No BLOCK markers."},
		{ID: "T-DEV-1.1", View: acr.Development, Story: "T-DEV-1", Text: "Zips are reported."},
		{ID: "T-DEV-1.2", View: acr.Development, Story: "T-DEV-1", Text: "No TODO left."},
	},
	// The zips pass is not selected in TestAlign: its rule is not run.
	Analyzers: []*acr.Analyzer{probe, testpasses.Todo, testpasses.Zips},
}

func statusOf(al *output.Alignment, id string) (output.CriterionResult, bool) {
	for _, cr := range al.Criteria {
		if cr.Criterion.ID == id {
			return cr, true
		}
	}
	return output.CriterionResult{}, false
}

func TestAlign(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "x = 1  # BLOCK\ny = 2  # NOTE\n", "b.py": "ok = 1\n"})
	res := runOn(t, root, probe, testpasses.Todo) // zips does not run
	al := output.Align(res, res.Findings, testCatalog)

	want := map[string]output.Status{
		"§9.1.markers":  output.Fail,       // PRB001 found
		"T-LOG-1.1":     output.Pass,       // PRB002 examined a.py, found nothing
		"T-LOG-1.2":     output.NotChecked, // no rule
		"T-LOG-1.other": output.Warn,       // PRB003 (note) falls to the story's other checks
		"T-PROC-1.1":    output.Fail,
		"T-DEV-1.1":     output.NotChecked,    // ZIP001's pass was not selected: never a pass
		"T-DEV-1.2":     output.NotApplicable, // TODO001 ran with no file to examine: never a pass
	}
	got := map[string]output.Status{}
	for _, cr := range al.Criteria {
		got[cr.Criterion.ID] = cr.Status
	}
	assert.Equal(t, want, got)
	other, _ := statusOf(al, "T-LOG-1.other")
	assert.Equal(t, []string{"PRB003"}, other.Rules)
	dev, _ := statusOf(al, "T-DEV-1.1")
	assert.Equal(t, []string{"ZIP001"}, dev.NotRun)
	todo, _ := statusOf(al, "T-DEV-1.2")
	assert.Equal(t, "no text files in the repository", todo.Note)
	pass, _ := statusOf(al, "T-LOG-1.1")
	assert.Equal(t, []acr.Count{{Subject: "Python file", N: 1}}, pass.Examined, "a pass says what was checked")
	assert.Empty(t, al.Other)
	assert.Equal(t, map[output.Status]int{output.Fail: 1, output.Pass: 1, output.NotChecked: 1, output.Warn: 1}, al.Counts(acr.Logical))
}

func TestAlignDisabledRuleAndFailedPassAreNotChecked(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "x = 1\n"})
	res := runOn(t, root, probe, testpasses.Todo)
	res.Examined[probe] = []acr.Count{{Rule: "PRB002", Subject: "Python file", N: 1}} // as if a.py held a marker
	cfg, err := config.Parse(".acr.yaml", []byte("disable: [PRB001]\n"))
	require.NoError(t, err)
	res.Config = cfg
	delete(res.Results, testpasses.Todo) // as if the todo pass had failed
	al := output.Align(res, res.Findings, testCatalog)
	proc, _ := statusOf(al, "T-PROC-1.1")
	assert.Equal(t, output.NotChecked, proc.Status)
	todo, _ := statusOf(al, "T-DEV-1.2")
	assert.Equal(t, output.NotChecked, todo.Status)
	// §9.1 has PRB001 (disabled) and PRB002 (ran): partly checked, pass.
	sec, _ := statusOf(al, "§9.1.markers")
	assert.Equal(t, output.Pass, sec.Status)
	assert.Equal(t, []string{"PRB001"}, sec.NotRun)
}

func TestMarkdownReport(t *testing.T) {
	root := writeTree(t, map[string]string{
		"src/a.py":    "x = 1  # BLOCK\ny = 2  # WARN\n",
		"schema.sql":  "-- TODO: x_y\n",
		"clean/ok.py": "ok = 1\n",
	})
	writeZip(t, root+"/models/m.zip")
	res := runOn(t, root, probe, testpasses.Todo, testpasses.Zips)
	t.Chdir(root)
	md := output.MarkdownReport(res, res.Findings, output.Options{Catalog: testCatalog, LinkBase: "https://github.com/o/r/blob/abc/", Scope: "findings on lines changed since `main`"})

	assert.True(t, strings.HasPrefix(md, output.ReportMarker+"\n## Plan Alignment report\n"))
	assert.Contains(t, md, "**4 findings** in 3 files (1 error, 1 warning, 2 notes). Criteria: ❌ 2 fail · ⚠️ 3 warn · ⛔ 0 missing · ✅ 1 pass · ➖ 0 not applicable · ⚪ 1 not checked.")
	assert.Contains(t, md, "_Scope: findings on lines changed since `main`._")
	assert.Contains(t, md, "| [Logical](#logical-view) | 1 | 1 | 0 | 1 | 0 | 1 | 2 |\n")
	assert.Contains(t, md, "| [Process](#process-view) | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n")
	assert.Contains(t, md, "| [Scenario](#scenario-view) | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
	assert.Contains(t, md, "**§9.1 Logical constraints**\n\n- ❌ No markers at all. — 2 findings\n"+
		"  - [src/a.py:1](https://github.com/o/r/blob/abc/src/a.py#L1): found BLOCK in `snake_case` code `PRB001`\n"+
		"  - [src/a.py:2](https://github.com/o/r/blob/abc/src/a.py#L2): found WARN in `snake_case` code `PRB002`\n")
	assert.Contains(t, md, "- ⚪ Something no rule checks. — _not checked: no rule checks this yet_\n")
	// A whole-file finding links the file without a line.
	assert.Contains(t, md, "- ⚠️ Zips are reported. — 1 finding\n  - [models/m.zip](https://github.com/o/r/blob/abc/models/m.zip): zip artifact of")
	// Markdown outside code spans is escaped.
	assert.Contains(t, md, "- ⚠️ No TODO left. — 1 finding\n  - [schema.sql:1](https://github.com/o/r/blob/abc/schema.sql#L1): todo marker in sql `TODO001`")
	assert.Contains(t, md, "- ✅ Further checks of T-LOG-1, beyond its acceptance criteria. — checked 1 Python file\n", "PRB003 examined src/a.py and found nothing")
	assert.NotContains(t, md, "Other findings")
	assert.NotContains(t, md, "left out")
}

func TestMarkdownOtherFindingsAndErrors(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "x = 1  # TODO *bold* <b>\n", "boom.py": "y = 1\n"})
	res, err := runWithErrors(root, testpasses.Todo, testpasses.Panicky)
	require.NoError(t, err)
	require.NotEmpty(t, res.Errors)
	md := output.MarkdownReport(res, res.Findings, output.Options{Catalog: &output.Catalog{}})
	assert.Contains(t, md, "> [!WARNING]\n> The run is incomplete: 1 analysis error(s)")
	assert.Contains(t, md, "### Other findings\n")
	// The default catalog has no TODO001 rule: every finding lands in Other.
	md = output.MarkdownReport(res, res.Findings, output.Options{})
	assert.Contains(t, md, "### Other findings\n")
	assert.Contains(t, md, "todo marker in python `TODO001`")
	assert.NotContains(t, md, "- ✅", "no criterion of the plan can pass when none of its rules ran")
	assert.Contains(t, md, "Criteria: ❌ 0 fail · ⚠️ 0 warn · ⛔ 0 missing · ✅ 0 pass · ➖ 0 not applicable · ⚪ "+fmt.Sprint(len(output.Criteria))+" not checked.")
}

func TestMarkdownEscape(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "x = 1  # TODO\n"})
	res := runOn(t, root, testpasses.Todo)
	res.Findings[0].Diagnostic.Message = "use `run_in_executor` not *this* | <script> [x](y) #1 a_b"
	md := output.MarkdownReport(res, res.Findings, output.Options{Catalog: &output.Catalog{}})
	assert.Contains(t, md, "use `run_in_executor` not \\*this\\* \\| &lt;script&gt; \\[x\\](y) \\#1 a\\_b `TODO001`")
	res.Findings[0].Diagnostic.Message = "unbalanced ` tick_here"
	md = output.MarkdownReport(res, res.Findings, output.Options{Catalog: &output.Catalog{}})
	assert.Contains(t, md, "unbalanced ' tick\\_here `TODO001`")
}

func TestMarkdownTruncates(t *testing.T) {
	var src strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&src, "v%d = %d  # BLOCK\n", i, i)
	}
	root := writeTree(t, map[string]string{"big.py": src.String(), "w.py": "x = 1  # WARN\n"})
	res := runOn(t, root, probe)
	require.Len(t, res.Findings, 3001)

	full := output.MarkdownReport(res, res.Findings, output.Options{Catalog: testCatalog, MaxReportSize: 1 << 30})
	assert.NotContains(t, full, "left out")
	assert.Greater(t, len(full), 65536, "the untruncated report would be too big for a comment")

	md := output.MarkdownReport(res, res.Findings, output.Options{Catalog: testCatalog})
	assert.LessOrEqual(t, len(md), output.DefaultMaxReportSize)
	assert.Contains(t, md, "**3001 findings**", "counts stay exact")
	assert.Contains(t, md, "- ❌ No BLOCK markers. — 3000 findings\n")
	assert.Regexp(t, `  - … \d+ more\n`, md)
	assert.Regexp(t, `_\d+ finding line\(s\) left out to keep this report short`, md)
	// The small WARN criterion keeps its only finding.
	assert.Contains(t, md, "w.py:1")

	tiny := output.MarkdownReport(res, res.Findings, output.Options{Catalog: testCatalog, MaxReportSize: 300})
	assert.LessOrEqual(t, len(tiny), 300)
	assert.Contains(t, tiny, "report truncated to 300 bytes")
}

// evidenceCatalog splits PRB001 findings between two criteria through an
// evidence table, as the scenario pass's result does, and has a third
// criterion that does not apply.
func evidenceCatalog(rows func(res *checker.Result) []output.Evidence) *output.Catalog {
	return &output.Catalog{
		Groups: []output.Group{{Story: "T-SCN-1", View: acr.Scenario, Title: "Scenario story", Epic: "E-5"}},
		Criteria: []output.Criterion{
			{ID: "T-SCN-1.1", View: acr.Scenario, Story: "T-SCN-1", Text: "First part."},
			{ID: "T-SCN-1.2", View: acr.Scenario, Story: "T-SCN-1", Text: "Second part."},
			{ID: "T-SCN-1.3", View: acr.Scenario, Story: "T-SCN-1", Text: "Third part."},
		},
		Evidence: []output.EvidenceFunc{rows},
	}
}

func TestAlignWithEvidence(t *testing.T) {
	root := writeTree(t, map[string]string{"tests/t.py": "def test():\n    BLOCK\n    BLOCK\n"})
	res := runOn(t, root, probe)
	require.Len(t, res.Findings, 2)
	msg := res.Findings[0].Diagnostic.Message
	cat := evidenceCatalog(func(*checker.Result) []output.Evidence {
		return []output.Evidence{
			{Criterion: "T-SCN-1.1", Rule: "PRB001", Applies: true, Found: []output.EvidenceLocation{{Path: "tests/t.py", Line: 1, What: "a drift test"}}},
			{Criterion: "T-SCN-1.2", Rule: "PRB001", Applies: true, Gaps: []output.EvidenceLocation{{Path: "tests/t.py", Line: 3, What: msg}}},
			{Criterion: "T-SCN-1.3", Rule: "PRB001", Applies: false, Note: "no model is served"},
		}
	})
	al := output.Align(res, res.Findings, cat)
	first, _ := statusOf(al, "T-SCN-1.1")
	second, _ := statusOf(al, "T-SCN-1.2")
	third, _ := statusOf(al, "T-SCN-1.3")
	// The line 2 finding is no row's gap: it counts for every criterion of
	// its rule, so it is never lost; the line 3 finding is the second
	// row's gap and counts there only.
	assert.Equal(t, output.Fail, first.Status)
	require.Len(t, first.Findings, 1)
	assert.Equal(t, 2, first.Findings[0].Posn.Line)
	assert.Equal(t, output.Fail, second.Status)
	assert.Len(t, second.Findings, 2)
	assert.Equal(t, output.Fail, third.Status, "a finding overrides not applicable")

	// Without the stray finding: the first criterion passes with its
	// evidence, the third does not apply and is not checked, never a pass.
	kept := res.Findings[1:]
	al = output.Align(res, kept, cat)
	first, _ = statusOf(al, "T-SCN-1.1")
	second, _ = statusOf(al, "T-SCN-1.2")
	third, _ = statusOf(al, "T-SCN-1.3")
	assert.Equal(t, output.Pass, first.Status)
	assert.Equal(t, output.Fail, second.Status)
	assert.Equal(t, output.NotApplicable, third.Status)
	assert.Equal(t, "no model is served", third.Note)

	t.Chdir(root)
	md := output.MarkdownReport(res, kept, output.Options{Catalog: cat})
	assert.Contains(t, md, "- ✅ First part.\n  - evidence: [tests/t.py:1](tests/t.py#L1): a drift test\n")
	assert.Contains(t, md, "- ❌ Second part. — 1 finding\n  - [tests/t.py:3](tests/t.py#L3): ")
	assert.Contains(t, md, "- ➖ Third part. — _not applicable: no model is served_\n")
}
