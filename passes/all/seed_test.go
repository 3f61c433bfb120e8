package all_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
)

// seedPath is the plan acr was specified from, beside the module in the
// shared workspace; the test skips without it.
var seedPath = filepath.Join("..", "..", "..", "shared", "seeds", "000_44045d6528dbe90b.txt")

var (
	storyRowRE = regexp.MustCompile(`(?m)^\| ([A-Z]+-REV-\d+-\d+) \|.*\|(.*✅.*)\|\s*$`)
	spikeRE    = regexp.MustCompile(`\*\*Spike ID\*\*: (SPK-REV-\d+)`)
)

// TestEverySeedCriterionIsChecked reads the acceptance criteria of the
// plan's stories (the ✅ items of each story row) and its spikes, and
// requires each to be a criterion of the catalog that some rule checks,
// or one marked as checked by hand (Criterion.Manual) with the reason.
func TestEverySeedCriterionIsChecked(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("the seed plan is absent: %v", err)
	}
	m := output.MapRules(output.Criteria, acr.RuleIndex(all.Analyzers()))
	byID := map[string]output.Criterion{}
	for _, c := range m.Criteria {
		byID[c.ID] = c
	}
	var ids []string
	for _, row := range storyRowRE.FindAllStringSubmatch(string(data), -1) {
		n := strings.Count(row[2], "✅")
		for i := 1; i <= n; i++ {
			ids = append(ids, row[1]+"."+string(rune('0'+i)))
		}
	}
	for _, sp := range spikeRE.FindAllStringSubmatch(string(data), -1) {
		ids = append(ids, sp[1])
	}
	assert.Len(t, ids, 38, "the seed has 35 acceptance criteria in 15 stories, and 3 spikes")
	for _, id := range ids {
		c, ok := byID[id]
		if !assert.True(t, ok, "the seed's criterion %s is not in the catalog", id) {
			continue
		}
		if len(m.Rules[id]) == 0 {
			assert.NotEmpty(t, c.Manual, "no rule checks %s (%s) and it is not marked as checked by hand", id, c.Text)
		}
	}
}
