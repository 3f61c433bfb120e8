package scenario_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/scenario"
)

// Every case is a mini repository: its findings are the want comments in
// its files (and REPO.want for findings without a position).
var cases = []string{
	"dynamic",             // SCN105: fan-out, serial, reduced, self-dynamic, v2 parent lists, file_path, custom/
	"drift_ok",            // SCN101, SCN104, SCN105 satisfied
	"drift_missing",       // SCN101 anchored at the plan's drift_handling, SCN104 on schedules and missing triggers.yaml
	"drift_negative_mock", // SCN101 trigger part missing: only negative mock assertions (assert_not_called, call_count == 0)
	"drift_mixed_mock",    // SCN101 satisfied: a positive trigger assertion beside a negative one
	"drift_partial",       // SCN101 export part missing, anchored at the drift test; drift detected in code, no plan
	"drift_repo",          // SCN101 about the repository: the plan's location does not exist, no tests
	"swap_ok",             // SCN102, SCN103 satisfied: lifespan, reload endpoint, cached loader, locust under swap
	"swap_holder",         // SCN102, SCN103 satisfied: startup events, a holder, lazy init, a MOJO copied in under locust
	"swap_bad",            // SCN103 per-request, dependency, in-place, restarts, never replaced; SCN102 missing
	"k6_ci_ok",            // SCN102 satisfied by a k6 script and a CI job that swaps under it
	"k6_no_threshold",     // SCN102 no-5xx missing in a k6 script that swaps: a latency threshold only
	"shell_ok",            // SCN102 satisfied by a shell script running locust
	"shell_k6_errexit",    // SCN102 no-5xx missing: set -e around k6 run whose script has a latency threshold only
	"swap_latency_only",   // SCN102 no-5xx missing: the test under load bounds latency (avg_response_time < 500) only
	"not_applicable",      // nothing applies, nothing reported
	"drift_other_stack",   // drift simulated in a stack without Mage or H2O: retraining and MOJO criteria do not apply
	"drift_api_unfired",   // SCN104 an api trigger that no code or configuration requests connects nothing to drift
	"drift_api_fired",     // SCN104 satisfied: the drift check requests the api trigger through its configured URL
	"drift_behaviour",     // SCN101 drift simulated by what tests do: new category, renamed column, shifted column, with the outcome asserted
	"drift_named_only",    // SCN101 missing: tests named for drift that assert nothing, or assert nothing about drift handling
	"always_never",        // settings: drift always, hotswap never
	"syntax",              // broken metadata.yaml, triggers.yaml and Python are reported, not fatal
}

func TestGolden(t *testing.T) {
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			for _, res := range analysistest.Run(t, analysistest.TestData(), scenario.Analyzer, c) {
				ev := res.Results[scenario.Analyzer].(*scenario.Evidence)
				for _, cr := range ev.Criteria {
					// A reader acts on findings: an unmet criterion has one.
					if cr.Applies && !cr.Satisfied {
						assert.NotEmpty(t, cr.Gaps, "%s is missing without a finding", cr.ID)
					}
					assert.Equal(t, cr.Applies && len(cr.Gaps) == 0, cr.Satisfied, cr.ID)
				}
			}
		})
	}
}

func TestAnalyzerIsValid(t *testing.T) {
	require.NoError(t, acr.Validate([]*acr.Analyzer{scenario.Analyzer}))
	for _, r := range scenario.Analyzer.Rules {
		assert.NotEmpty(t, r.Story, r.ID)
		assert.NotEmpty(t, r.View, r.ID)
		assert.NotEmpty(t, r.Example, r.ID)
		assert.NotEmpty(t, r.UseInstead, r.ID)
		assert.True(t, strings.Contains(scenario.Analyzer.Doc, "\n"), "doc has a summary line and a body")
	}
}

func evidenceOf(t *testing.T, c string) *scenario.Evidence {
	t.Helper()
	res := analysistest.Run(t, analysistest.TestData(), scenario.Analyzer, c)
	require.Len(t, res, 1)
	ev, ok := res[0].Results[scenario.Analyzer].(*scenario.Evidence)
	require.True(t, ok, "the result is an *Evidence")
	return ev
}

func statuses(ev *scenario.Evidence) map[string]string {
	out := map[string]string{}
	for _, c := range ev.Criteria {
		out[c.ID] = c.Status()
	}
	return out
}

func TestEvidenceTableShape(t *testing.T) {
	ev := evidenceOf(t, "not_applicable")
	require.Len(t, ev.Criteria, len(scenario.CriterionIDs))
	for i, c := range ev.Criteria {
		assert.Equal(t, scenario.CriterionIDs[i], c.ID, "rows keep the table order")
		assert.NotNil(t, c.Rule, c.ID)
		assert.NotEmpty(t, c.Story, c.ID)
		assert.NotEmpty(t, c.View, c.ID)
		assert.NotEmpty(t, c.Title, c.ID)
		assert.NotEmpty(t, c.LookedFor, c.ID)
		assert.NotEmpty(t, c.PlanCriterion, c.ID)
		assert.Equal(t, "not applicable", c.Status(), c.ID)
		assert.NotEmpty(t, c.Note, "a row that does not apply says why: %s", c.ID)
		assert.Empty(t, c.Gaps, c.ID)
	}
	assert.Equal(t, "SCN-REV-01-01", ev.Criterion(scenario.CritTriggerAsserted).Story)
	assert.Equal(t, "SCN-REV-01-02", ev.Criterion(scenario.CritNo5xx).Story)
	assert.Equal(t, "3.5", ev.Criterion(scenario.CritHotSwap).Story)
	assert.Equal(t, "3.2", ev.Criterion(scenario.CritDynamicTraining).Story)
	assert.Equal(t, acr.Process, ev.Criterion(scenario.CritDynamicTraining).View)
	assert.Equal(t, "§3.2.orchestration", ev.Criterion(scenario.CritDynamicTraining).PlanCriterion)
	assert.Equal(t, "SCN-REV-01-01.2", ev.Criterion(scenario.CritTriggerAsserted).PlanCriterion)
	assert.Nil(t, ev.Criterion("no-such-criterion"))
}

func TestEvidenceDriftSatisfied(t *testing.T) {
	ev := evidenceOf(t, "drift_ok")
	assert.Equal(t, map[string]string{
		scenario.CritDriftSimulated:  "satisfied",
		scenario.CritTriggerAsserted: "satisfied",
		scenario.CritExportAsserted:  "satisfied",
		scenario.CritLoadTest:        "not applicable",
		scenario.CritSwapUnderLoad:   "not applicable",
		scenario.CritNo5xx:           "not applicable",
		scenario.CritHotSwap:         "not applicable",
		scenario.CritDriftRetraining: "satisfied",
		scenario.CritDynamicTraining: "satisfied",
	}, statuses(ev))
	trig := ev.Criterion(scenario.CritTriggerAsserted)
	require.NotEmpty(t, trig.Evidence)
	assert.Equal(t, "tests/integration/test_drift_retraining.py", trig.Evidence[0].Path)
	assert.Equal(t, 19, trig.Evidence[0].Line, "the asserted trigger mock")
	exp := ev.Criterion(scenario.CritExportAsserted)
	require.Len(t, exp.Evidence, 1)
	assert.Equal(t, 24, exp.Evidence[0].Line, "the assertion on the exported zips")

	var where []string
	for _, e := range ev.Criterion(scenario.CritDriftRetraining).Evidence {
		where = append(where, e.String())
	}
	assert.Equal(t, []string{
		"src/monitoring/drift.py:21:9: trigger_pipeline(train_models)",
	}, where)
}

func TestEvidenceDriftMissing(t *testing.T) {
	ev := evidenceOf(t, "drift_missing")
	for _, id := range []string{scenario.CritDriftSimulated, scenario.CritTriggerAsserted, scenario.CritExportAsserted} {
		c := ev.Criterion(id)
		assert.Equal(t, "missing", c.Status(), id)
		require.Len(t, c.Gaps, 1, id)
		assert.Equal(t, "src/monitoring/drift.py", c.Gaps[0].Path, "anchored where the plan says drift handling lives")
		assert.Equal(t, 1, c.Gaps[0].Line)
	}
	retrain := ev.Criterion(scenario.CritDriftRetraining)
	assert.Equal(t, "missing", retrain.Status())
	assert.Len(t, retrain.Gaps, 2, "train_models on schedules only, retrain_manual without triggers")
	require.Len(t, retrain.Evidence, 2)
	assert.Contains(t, retrain.Evidence[0].What, "sensor check_feature_shift checks drift upstream of train_segment", "by its code")
	assert.Contains(t, retrain.Evidence[1].What, "sensor wait_for_drift checks drift upstream of train_segment", "by its name")
	assert.Equal(t, "satisfied", ev.Criterion(scenario.CritDynamicTraining).Status())
}

func TestEvidenceDriftAboutRepository(t *testing.T) {
	ev := evidenceOf(t, "drift_repo")
	c := ev.Criterion(scenario.CritDriftSimulated)
	require.Len(t, c.Gaps, 1)
	assert.Empty(t, c.Gaps[0].Path, "no file to anchor at")
	assert.True(t, strings.HasPrefix(c.Gaps[0].String(), "repository: no test simulates data drift"))
	assert.Equal(t, "not applicable", ev.Criterion(scenario.CritDriftRetraining).Status())
	assert.Equal(t, "no Mage pipeline trains a model", ev.Criterion(scenario.CritDriftRetraining).Note)
}

// A drift test is recognised by what it does to the data and what it
// asserts, not by its name.
func TestEvidenceDriftByBehaviour(t *testing.T) {
	var whats []string
	for _, e := range evidenceOf(t, "drift_behaviour").Criterion(scenario.CritDriftSimulated).Evidence {
		whats = append(whats, e.String())
	}
	assert.Equal(t, []string{
		"tests/test_monitor.py:8:5: shifts a column and asserts what drift handling does",
		"tests/test_monitor.py:14:13: renames a column and asserts what drift handling does",
		"tests/test_monitor.py:19:13: shifts column amount and asserts what drift handling does",
		"tests/test_monitor.py:29:5: binds drifted", // checked with pytest.raises
		"tests/test_monitor.py:31:9: calls scipy.stats.ks_2samp",
	}, whats)
	named := evidenceOf(t, "drift_named_only").Criterion(scenario.CritDriftSimulated)
	assert.Equal(t, "missing", named.Status())
	assert.Empty(t, named.Evidence, "a detector fed without an assertion, a dropped column without a drift assertion")
}

func TestEvidenceSwap(t *testing.T) {
	ok := evidenceOf(t, "swap_ok")
	for _, id := range []string{scenario.CritLoadTest, scenario.CritSwapUnderLoad, scenario.CritNo5xx, scenario.CritHotSwap} {
		assert.Equal(t, "satisfied", ok.Criterion(id).Status(), id)
	}
	var swaps []string
	for _, e := range ok.Criterion(scenario.CritHotSwap).Evidence {
		if strings.HasPrefix(e.What, "swaps ") {
			swaps = append(swaps, e.String())
		}
	}
	assert.ElementsMatch(t, []string{
		"src/service/main.py:38:23: swaps app.state.model (fastapi.concurrency.run_in_threadpool(load_mojo))",
		"src/service/explain.py:22:5: swaps load_explainer_model() (load_explainer_model.cache_clear)",
	}, swaps)

	bad := evidenceOf(t, "swap_bad")
	for _, id := range []string{scenario.CritLoadTest, scenario.CritSwapUnderLoad, scenario.CritNo5xx, scenario.CritHotSwap} {
		assert.Equal(t, "missing", bad.Criterion(id).Status(), id)
	}
	assert.Len(t, bad.Criterion(scenario.CritHotSwap).Gaps, 9)

	holder := evidenceOf(t, "swap_holder")
	var found []string
	for _, e := range holder.Criterion(scenario.CritHotSwap).Evidence {
		found = append(found, e.What)
	}
	assert.Equal(t, []string{
		"loads the model once into holder (load_mojo)",                // ModelHolder(load_mojo(...)) in a startup event
		"loads the model once into baseline (joblib.load)",            // add_event_handler("startup", warm_up)
		"loads the model once into _explainer (load_explainer_model)", // lazy: if _explainer is None
		"swaps holder (asyncio.to_thread(load_mojo))",
		"swaps baseline (joblib.load)",
	}, found)
	assert.Equal(t, "satisfied", holder.Criterion(scenario.CritSwapUnderLoad).Status(), "a MOJO copied in under locust")

	k6 := evidenceOf(t, "k6_no_threshold")
	assert.Equal(t, "satisfied", k6.Criterion(scenario.CritLoadTest).Status())
	assert.Equal(t, "satisfied", k6.Criterion(scenario.CritSwapUnderLoad).Status())
	assert.Equal(t, "missing", k6.Criterion(scenario.CritNo5xx).Status())
}

func TestSettingsOverride(t *testing.T) {
	ev := evidenceOf(t, "always_never")
	assert.Equal(t, "missing", ev.Criterion(scenario.CritDriftSimulated).Status())
	assert.Equal(t, "not applicable", ev.Criterion(scenario.CritHotSwap).Status())
	assert.Equal(t, "the hotswap setting is never", ev.Criterion(scenario.CritHotSwap).Note)
}

func TestBadSettingIsAnError(t *testing.T) {
	require.NoError(t, scenario.Analyzer.Flags.Set("drift", "sometimes"))
	defer func() { require.NoError(t, scenario.Analyzer.Flags.Set("drift", "auto")) }()
	root := analysistest.TestData() + "/src/not_applicable"
	res, err := checker.Run([]string{root}, []*acr.Analyzer{scenario.Analyzer}, checker.Options{Root: root, PassesChosen: true, FlagsSet: map[string]bool{"scenario.drift": true}})
	require.NoError(t, err)
	require.Len(t, res.Errors, 1)
	assert.Contains(t, res.Errors[0].Error(), `setting drift: "sometimes" is not one of auto, always, never`)
}

// The test suite is parsed only when a check that reads tests applies: in
// not_applicable (no drift, no model served) only the service module is.
func TestTestsParsedOnlyWhenACheckApplies(t *testing.T) {
	before, _ := python.Stats()
	evidenceOf(t, "not_applicable")
	after, _ := python.Stats()
	assert.Equal(t, int64(1), after-before, "Python files parsed: src/service/health.py only")
}
