package all_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/output/sarifschema"
	"github.com/acrvet/acr/passes/all"
	"github.com/acrvet/acr/passes/scenario"
)

func TestRegistryIsValid(t *testing.T) {
	require.NoError(t, acr.Validate(all.Analyzers()))
}

// TestRegistryListsEveryPass fails when a pass package under passes/ is
// not reachable from the registry, so a new pass cannot be forgotten.
func TestRegistryListsEveryPass(t *testing.T) {
	names := map[string]bool{}
	for _, a := range acr.Closure(all.Analyzers()) {
		names[a.Name] = true
	}
	decl := regexp.MustCompile(`(?m)^var Analyzer = &acr\.Analyzer\{`)
	entries, err := os.ReadDir("..")
	require.NoError(t, err)
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "all" {
			continue
		}
		files, _ := filepath.Glob(filepath.Join("..", e.Name(), "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			if decl.Match(data) {
				assert.True(t, names[e.Name()], "passes/%s declares an Analyzer that all.Analyzers does not reach", e.Name())
			}
		}
	}
}

// TestEveryRuleMapsToACriterion keeps the Plan Alignment report complete:
// every rule of acr's passes checks some criterion of the plan (one it
// declares, or its story's "further checks" line for checks beyond the
// story's acceptance criteria), none falls to "other findings", and every
// criterion a rule declares exists, in the rule's view.
func TestEveryRuleMapsToACriterion(t *testing.T) {
	idx := acr.RuleIndex(all.Analyzers())
	m := output.MapRules(output.Criteria, idx)
	var unmapped []string
	for _, id := range m.Unmapped {
		if idx[id].Analyzer != nil {
			unmapped = append(unmapped, id)
		}
	}
	assert.Empty(t, unmapped, "rules of no criterion")
	for _, id := range acr.SortedRuleIDs(idx) {
		for _, cid := range idx[id].Rule.Criteria {
			assert.NotEmpty(t, criterion(m, cid).ID, "rule %s declares criterion %s, which the catalog does not have", id, cid)
		}
		if idx[id].Analyzer == nil {
			continue
		}
		for _, cid := range m.CriteriaOfRule(id) {
			c := criterion(m, cid)
			assert.Equal(t, idx[id].Rule.View, c.View, "rule %s (%s view) checks %s of the %s view", id, idx[id].Rule.View, cid, c.View)
		}
	}
}

func criterion(m *output.Mapping, id string) output.Criterion {
	for _, c := range m.Criteria {
		if c.ID == id {
			return c
		}
	}
	return output.Criterion{}
}

// TestScenarioEvidenceCoversEveryCriterion: every row of the scenario
// pass's evidence table details a criterion of the catalog that its rule
// declares.
func TestScenarioEvidenceCoversEveryCriterion(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range output.Criteria {
		ids[c.ID] = true
	}
	ev := &scenario.Evidence{}
	for _, r := range scenario.Analyzer.Rules {
		for _, cid := range r.Criteria {
			ev.Criteria = append(ev.Criteria, &scenario.Criterion{ID: cid, PlanCriterion: cid, Rule: r, Applies: true})
		}
	}
	var table acr.EvidenceTable = ev
	rows := table.PlanEvidence()
	assert.Len(t, rows, len(ev.Criteria))
	for _, r := range rows {
		assert.True(t, ids[r.Criterion], r.Criterion)
	}
}

// platform runs every pass over examples/platform.
func platform(t *testing.T) *checker.Result {
	t.Helper()
	root := filepath.Join("..", "..", "examples", "platform")
	if _, err := os.Stat(root); err != nil {
		t.Skip("examples/platform is absent")
	}
	res, err := checker.Run([]string{root}, all.Analyzers(), checker.Options{})
	require.NoError(t, err)
	return res
}

// TestExamplePlatformSARIFIsValid is the CI check of the issue: the SARIF
// log of the example repository validates against the SARIF 2.1.0 schema.
func TestExamplePlatformSARIFIsValid(t *testing.T) {
	p := sarifschema.Find(".")
	if p == "" {
		t.Skipf("%s is absent", sarifschema.RelPath)
	}
	v, err := sarifschema.Load(p)
	require.NoError(t, err)
	res := platform(t)
	var buf bytes.Buffer
	require.NoError(t, output.SARIF(&buf, res, res.Findings, output.Options{ToolName: "acrvet", ToolVersion: "test"}))
	require.NoError(t, v.Validate(buf.Bytes()))

	var log output.SARIFLog
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	assert.Len(t, log.Runs[0].Results, len(res.Findings))
	assert.Len(t, log.Runs[0].Tool.Driver.Rules, len(acr.RuleIndex(res.Analyzers)))
}

func TestExamplePlatformReport(t *testing.T) {
	res := platform(t)
	md := output.MarkdownReport(res, res.Findings, output.Options{})
	assert.LessOrEqual(t, len(md), output.DefaultMaxReportSize)
	for _, v := range acr.Views {
		assert.Contains(t, md, "### "+string(v)+" view\n")
	}
	al := output.Align(res, res.Findings, nil)
	counts := al.Counts("")
	assert.Equal(t, len(al.Criteria), counts[output.Pass]+counts[output.Warn]+counts[output.Fail]+counts[output.NotChecked])
	assert.Positive(t, counts[output.Fail]+counts[output.Warn], "the example platform has violations")
	for _, cr := range al.Criteria {
		if cr.Status == output.Pass {
			assert.Empty(t, cr.Findings, cr.Criterion.ID)
			assert.Less(t, len(cr.NotRun), len(cr.Rules), "%s passes with none of its rules run", cr.Criterion.ID)
		}
	}
	assert.Empty(t, al.Other, "every finding of acr's passes checks a criterion")
}
