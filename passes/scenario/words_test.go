package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamesShiftedData(t *testing.T) {
	for name, want := range map[string]bool{
		"drifted_batch":      true,
		"inject_drift":       true,
		"makeShiftedFrame":   true,
		"covariate_shift":    true,
		"shift_distribution": true,
		"DRIFT":              true,
		"shift_down":         false, // a column transformation
		"shift_sync_window":  false,
		"redshift_template":  false,
		"charges_shift":      false, // a parameter of how much, not data
		"shift":              false, // pandas' lag
		"swift":              false,
	} {
		assert.Equal(t, want, namesShiftedData(name), name)
	}
}

func TestIdentWords(t *testing.T) {
	assert.Equal(t, []string{"make", "shifted", "batch"}, identWords("makeShiftedBatch"))
	assert.Equal(t, []string{"make", "shifted", "batch"}, identWords("make_shifted_batch"))
	assert.Equal(t, []string{"http2", "client"}, identWords("HTTP2Client"))
	assert.Equal(t, []string{"tests/load/test", "swap"}, identWords("tests/load/test_swap"))
}

func TestPathHasWord(t *testing.T) {
	words := []string{"load", "swap", "drift"}
	assert.True(t, pathHasWord("tests/load/locustfile.py", words))
	assert.True(t, pathHasWord("tests/test_swap_under_load.py", words))
	assert.True(t, pathHasWord("tests/integration/test_drifted_batches.py", words))
	assert.False(t, pathHasWord("tests/cluster/test_workload_manager.py", words))
	assert.False(t, pathHasWord("tests/test_download.py", words))
}

// TestEvidenceRowsDetailTheirRulesCriteria keeps the evidence table and
// the rules in step: each row details a criterion its rule declares, so
// the Plan Alignment report puts the row's gaps where the rule says.
func TestEvidenceRowsDetailTheirRulesCriteria(t *testing.T) {
	for _, c := range newEvidence().Criteria {
		assert.Contains(t, c.Rule.Criteria, c.PlanCriterion, "row %s: rule %s does not declare %s", c.ID, c.Rule.ID, c.PlanCriterion)
	}
}
