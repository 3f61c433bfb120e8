package scenario

import (
	"encoding/json"
	"fmt"
	"go/token"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// Evidence is the result of the scenario pass: one row per acceptance
// criterion of the plan's Scenario view (stories SCN-REV-01-01 and
// SCN-REV-01-02, section 3.5) and of the Process view's orchestration
// concurrency (section 3.2), in the order of CriterionIDs. Reports such as
// the 4+1 Plan Alignment report print it as a table.
type Evidence struct {
	Criteria []*Criterion
}

// Criterion ids, in the order Evidence lists them.
const (
	CritDriftSimulated  = "drift-simulated"
	CritTriggerAsserted = "drift-trigger-asserted"
	CritExportAsserted  = "drift-export-asserted"
	CritLoadTest        = "swap-load-test"
	CritSwapUnderLoad   = "swap-under-load"
	CritNo5xx           = "swap-no-5xx"
	CritHotSwap         = "hot-swap"
	CritDriftRetraining = "drift-retraining"
	CritDynamicTraining = "dynamic-training"
)

// CriterionIDs lists every criterion id in table order.
var CriterionIDs = []string{
	CritDriftSimulated, CritTriggerAsserted, CritExportAsserted,
	CritLoadTest, CritSwapUnderLoad, CritNo5xx,
	CritHotSwap, CritDriftRetraining, CritDynamicTraining,
}

// planCriteria maps each row to the catalog criterion it details.
var planCriteria = map[string]string{
	CritDriftSimulated:  "SCN-REV-01-01.1",
	CritTriggerAsserted: "SCN-REV-01-01.2",
	CritExportAsserted:  "SCN-REV-01-01.3",
	CritLoadTest:        "SCN-REV-01-02.1",
	CritSwapUnderLoad:   "SCN-REV-01-02.1",
	CritNo5xx:           "SCN-REV-01-02.2",
	CritHotSwap:         "§3.5.hotswap",
	CritDriftRetraining: "§3.5.drift",
	CritDynamicTraining: "§3.2.orchestration",
}

// A Criterion is one acceptance criterion and what the pass found for it.
type Criterion struct {
	// ID is the stable criterion id, e.g. "drift-trigger-asserted".
	ID string
	// Rule is the rule that reports the criterion when it is not met.
	Rule *acr.Rule
	// Story is the plan's story id ("SCN-REV-01-01") or spec section
	// ("3.5") the criterion comes from.
	Story string
	// View is the 4+1 view of the criterion.
	View acr.View
	// PlanCriterion is the id of the criterion in the catalog of the Plan
	// Alignment report ("SCN-REV-01-01.2", "§3.5.hotswap"); two rows of
	// this table can detail one criterion of the catalog.
	PlanCriterion string
	// Title is the acceptance criterion in the plan's words.
	Title string
	// LookedFor says what counts as evidence.
	LookedFor string

	// Applies is false when the repository has nothing the criterion is
	// about (no drift handling, no served model, no training pipeline) or
	// the pass settings turned it off; Note says which.
	Applies bool
	// Satisfied reports that the criterion applies and was met.
	Satisfied bool
	// Note explains a criterion that does not apply or is not met.
	Note string
	// Evidence lists where the evidence was found, at most MaxEvidence
	// places; EvidenceOmitted counts the places left out.
	Evidence        []Location
	EvidenceOmitted int
	// Gaps lists where the pass reported the criterion unmet; a gap of the
	// repository as a whole has an empty Path.
	Gaps []Location
}

// A Location is a place in the repository and what was found there.
type Location struct {
	pass.Position
	What string
}

func (l Location) String() string {
	if l.Path == "" {
		return "repository: " + l.What
	}
	return fmt.Sprintf("%s: %s", l.Position, l.What)
}

// Criterion returns the row with the given id, or nil.
func (e *Evidence) Criterion(id string) *Criterion {
	if e == nil {
		return nil
	}
	for _, c := range e.Criteria {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Status returns "satisfied", "missing" or "not applicable".
func (c *Criterion) Status() string {
	switch {
	case !c.Applies:
		return "not applicable"
	case c.Satisfied:
		return "satisfied"
	}
	return "missing"
}

func newEvidence() *Evidence {
	e := &Evidence{}
	add := func(id string, r *acr.Rule, story string, view acr.View, title, lookedFor string) {
		e.Criteria = append(e.Criteria, &Criterion{ID: id, Rule: r, Story: story, View: view, PlanCriterion: planCriteria[id],
			Title: title, LookedFor: lookedFor})
	}
	add(CritDriftSimulated, RuleDriftTest, storyDriftTest, acr.Scenario,
		"Integration test simulates data drift",
		"a test-tree function that builds shifted data (a name with drift or shift) or calls a drift detector "+
			"(ks_2samp, PSI, Wasserstein, evidently, alibi-detect, nannyml, a local *drift* function)")
	add(CritTriggerAsserted, RuleDriftTest, storyDriftTest, acr.Scenario,
		"Verifies Mage trigger",
		"a positive assertion in a drift test module on the retraining trigger: trigger_pipeline, a "+
			"/api/pipeline_schedules/<id>/pipeline_runs request, a pipeline run, or a mock of them "+
			"(assert_not_called and call_count == 0 do not count)")
	add(CritExportAsserted, RuleDriftTest, storyDriftTest, acr.Scenario,
		"Verifies new MOJO export",
		"a positive assertion in a drift test module on the exported model: a MOJO, a .zip file, download_mojo, "+
			"or the model version symbol of the plan")
	add(CritLoadTest, RuleSwapTest, storySwapTest, acr.Scenario,
		"Load test (e.g., locust) exists",
		"a locust HttpUser or FastHttpUser class, or a k6 script importing k6/http")
	add(CritSwapUnderLoad, RuleSwapTest, storySwapTest, acr.Scenario,
		"Load test runs during update",
		"a test, script or CI file that starts the load (locust Environment or runner, a locust or k6 "+
			"command) and swaps the model (a reload, swap or promote call or endpoint) in the same file, "+
			"or a k6 script that calls such an endpoint")
	add(CritNo5xx, RuleSwapTest, storySwapTest, acr.Scenario,
		"No 500 errors during model swap",
		"in the file that runs the load: an assertion on the failure count or ratio or on 5xx statuses, a "+
			"checked locust or k6 exit code, or a k6 http_req_failed threshold")
	add(CritHotSwap, RuleHotSwap, sectionScenario, acr.Scenario,
		"Hot-swapping of MOJO artifacts without restarting the inference service",
		"a model loaded at startup (module level, lifespan, startup event) into a shared reference, and a "+
			"code path that replaces that reference with a newly loaded model; no per-request load, no "+
			"in-place mutation, no process restart")
	add(CritDriftRetraining, RuleDriftTrigger, sectionScenario, acr.Scenario,
		"Automated retraining triggered by data drift detection",
		"for each Mage training pipeline: an api or event trigger in triggers.yaml, a drift-checking sensor "+
			"upstream of the training, a trigger_pipeline call naming it, or a pipeline_runs API request")
	add(CritDynamicTraining, RuleDynamicTraining, sectionProcess, acr.Process,
		"Mage dynamic blocks parallelize model training",
		"every Mage block that trains a model is a dynamic child: an upstream block is dynamic and does not "+
			"reduce its output")
	return e
}

// evidenceRecorder fills the table and reports the gaps.
type evidenceRecorder struct {
	pass *acr.Pass
	ev   *Evidence
}

func (r *evidenceRecorder) row(id string) *Criterion { return r.ev.Criterion(id) }

// MaxEvidence bounds the evidence locations kept per criterion: a large
// repository can hold thousands, and a reader needs a few.
const MaxEvidence = 50

// found records evidence for a criterion.
func (r *evidenceRecorder) found(id string, f *pass.File, offset int, what string) {
	c := r.row(id)
	if len(c.Evidence) >= MaxEvidence {
		c.EvidenceOmitted++
		return
	}
	c.Evidence = append(c.Evidence, Location{Position: f.Position(offset), What: what})
}

// gap reports a finding of the criterion's rule at [start, end) of f, or
// about the repository as a whole when f is nil, and records it.
func (r *evidenceRecorder) gap(id string, f *pass.File, start, end int, format string, args ...any) {
	c := r.row(id)
	msg := fmt.Sprintf(format, args...)
	if f == nil {
		r.pass.Report(acr.Diagnostic{Pos: token.NoPos, Category: c.Rule.ID, Message: msg})
		c.Gaps = append(c.Gaps, Location{What: msg})
		return
	}
	endPos := token.NoPos
	if end > start {
		endPos = f.Pos(end)
	}
	r.pass.Report(acr.Diagnostic{Pos: f.Pos(start), End: endPos, Category: c.Rule.ID, Message: msg})
	c.Gaps = append(c.Gaps, Location{Position: f.Position(start), What: msg})
}

// settle marks applicable rows satisfied when they have no gaps and some
// evidence.
func (r *evidenceRecorder) settle() {
	for _, c := range r.ev.Criteria {
		c.Satisfied = c.Applies && len(c.Gaps) == 0 && len(c.Evidence)+c.EvidenceOmitted > 0
	}
}

// evidenceWire is the cached form of Evidence: rules by id, so a result
// read back from acr's cache points at this package's rules again.
type evidenceWire struct {
	Criteria []*Criterion
	Rules    []string
}

// MarshalBinary encodes the evidence table for acr's result cache.
func (e *Evidence) MarshalBinary() ([]byte, error) {
	w := evidenceWire{Criteria: e.Criteria}
	for _, c := range e.Criteria {
		id := ""
		if c.Rule != nil {
			id = c.Rule.ID
		}
		w.Rules = append(w.Rules, id)
	}
	return json.Marshal(w)
}

// UnmarshalBinary decodes a table MarshalBinary encoded.
func (e *Evidence) UnmarshalBinary(data []byte) error {
	var w evidenceWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if len(w.Rules) != len(w.Criteria) {
		return fmt.Errorf("scenario evidence: %d rules for %d criteria", len(w.Rules), len(w.Criteria))
	}
	for i, c := range w.Criteria {
		c.Rule = nil
		for _, r := range Rules {
			if r.ID == w.Rules[i] {
				c.Rule = r
			}
		}
	}
	e.Criteria = w.Criteria
	return nil
}

// PlanEvidence returns the table as rows of the plan's criteria (an
// acr.EvidenceTable), which the Plan Alignment report reads: one row per
// criterion of this table, under its PlanCriterion.
func (e *Evidence) PlanEvidence() []acr.CriterionEvidence {
	var rows []acr.CriterionEvidence
	for _, c := range e.Criteria {
		if c.PlanCriterion == "" || c.Rule == nil {
			continue
		}
		row := acr.CriterionEvidence{Criterion: c.PlanCriterion, Rule: c.Rule.ID, Applies: c.Applies, Note: c.Note}
		for _, l := range c.Evidence {
			row.Found = append(row.Found, acr.Place{Path: l.Path, Line: l.Line, What: l.What})
		}
		for _, l := range c.Gaps {
			row.Gaps = append(row.Gaps, acr.Place{Path: l.Path, Line: l.Line, What: l.What})
		}
		rows = append(rows, row)
	}
	return rows
}
