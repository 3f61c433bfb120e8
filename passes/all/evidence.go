package all

import (
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/scenario"
)

// Importing this package lets the Plan Alignment report read the scenario
// pass's evidence table: its rows say, per criterion, what was found and
// which finding is the gap of which criterion, so one rule's findings are
// split across the criteria they are about.
func init() {
	output.DefaultCatalog.Evidence = append(output.DefaultCatalog.Evidence, ScenarioEvidence)
}

// scenarioCriteria maps the scenario pass's criterion ids to the plan
// catalog's.
var scenarioCriteria = map[string]string{
	scenario.CritDriftSimulated:  "SCN-REV-01-01.1",
	scenario.CritTriggerAsserted: "SCN-REV-01-01.2",
	scenario.CritExportAsserted:  "SCN-REV-01-01.3",
	scenario.CritLoadTest:        "SCN-REV-01-02.1",
	scenario.CritSwapUnderLoad:   "SCN-REV-01-02.1",
	scenario.CritNo5xx:           "SCN-REV-01-02.2",
	scenario.CritHotSwap:         "§3.5.hotswap",
	scenario.CritDriftRetraining: "§3.5.drift",
	scenario.CritDynamicTraining: "§3.2.orchestration",
}

// ScenarioEvidence converts the scenario pass's result to evidence rows of
// the plan catalog; nil when the pass did not run.
func ScenarioEvidence(res *checker.Result) []output.Evidence {
	ev, _ := res.Results[scenario.Analyzer].(*scenario.Evidence)
	if ev == nil {
		return nil
	}
	var rows []output.Evidence
	for _, c := range ev.Criteria {
		id, ok := scenarioCriteria[c.ID]
		if !ok || c.Rule == nil {
			continue
		}
		row := output.Evidence{Criterion: id, Rule: c.Rule.ID, Applies: c.Applies, Note: c.Note}
		for _, l := range c.Evidence {
			row.Found = append(row.Found, output.EvidenceLocation{Path: l.Path, Line: l.Line, What: l.What})
		}
		for _, l := range c.Gaps {
			row.Gaps = append(row.Gaps, output.EvidenceLocation{Path: l.Path, Line: l.Line, What: l.What})
		}
		rows = append(rows, row)
	}
	return rows
}
