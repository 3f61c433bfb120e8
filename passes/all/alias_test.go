package all_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
)

// unsizedJVM has one finding of PHY106, split off from PHY101.
const unsizedJVM = `services:
  h2o:
    image: eclipse-temurin:21
    command: ["java", "-jar", "h2o.jar"]
    mem_limit: 8g
`

func reviewCompose(t *testing.T, compose string, cfg *config.Config) *checker.Result {
	t.Helper()
	root := writeRepo(t, map[string]string{"docker-compose.yml": compose})
	res, err := checker.Run([]string{root}, all.Analyzers(), checker.Options{Root: root, Config: cfg})
	require.NoError(t, err)
	return res
}

func rulesOf(fs []checker.Finding) []string {
	var ids []string
	for _, fd := range fs {
		ids = append(ids, fd.Rule.ID)
	}
	return ids
}

// TestFormerCodesStillSelect: a code split in two (PHY101 into PHY101,
// PHY105, PHY106, PHY107) still selects every part in the config, in
// acr:ignore directives and in baselines, with a note that it is old.
func TestFormerCodesStillSelect(t *testing.T) {
	res := reviewCompose(t, unsizedJVM, nil)
	require.Equal(t, []string{"PHY106"}, rulesOf(res.Findings))

	refs, byAlias := acr.Resolve(acr.RuleIndex(all.Analyzers()), "PHY101")
	assert.Len(t, refs, 4)
	assert.Len(t, byAlias, 3)

	cfg, err := config.Parse(".acr.yaml", []byte("disable: [PHY101]\n"))
	require.NoError(t, err)
	res = reviewCompose(t, unsizedJVM, cfg)
	assert.Empty(t, res.Findings, "disable: PHY101 disables the rules split off from it")
	assert.True(t, hasNote(res, "disable PHY101 selects PHY105, PHY106, PHY107 by a former code"), "%v", res.Notes)

	res = reviewCompose(t, "# acr:file-ignore PHY101 -- sized by the start script\n"+unsizedJVM, nil)
	assert.Empty(t, res.Findings)
	assert.Equal(t, []string{"PHY106"}, rulesOf(res.Suppressed))
	assert.True(t, hasNote(res, "acr:ignore PHY101 selects"), "%v", res.Notes)

	// A baseline written when the finding was PHY101 still accepts it.
	res = reviewCompose(t, unsizedJVM, nil)
	b := output.NewBaseline(res, res.Findings, "acrvet")
	require.Len(t, b.Findings, 1)
	old := *res
	old.Findings = append([]checker.Finding(nil), res.Findings...)
	former := *old.Findings[0].Rule
	former.ID = "PHY101"
	old.Findings[0].Rule = &former
	b = output.NewBaseline(&old, old.Findings, "acrvet")
	require.Equal(t, "PHY101", b.Findings[0].Rule)
	fresh, stale := b.Filter(res, res.Findings)
	assert.Empty(t, fresh, "the PHY101 entry matches the PHY106 finding")
	assert.Zero(t, stale)
}

func hasNote(res *checker.Result, s string) bool {
	for _, n := range res.Notes {
		if strings.Contains(n.String(), s) {
			return true
		}
	}
	return false
}

// TestHelpNamesTheRulesOfAFormerCode: acrvet help PHY101 prints the rules
// split off from it, saying the code is a former one.
func TestHelpNamesTheRulesOfAFormerCode(t *testing.T) {
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"help", "PHY101"}, &out, &errb, all.Analyzers()...)
	require.Equal(t, multichecker.ExitClean, code, errb.String())
	assert.Contains(t, out.String(), "note: PHY101 is a former code or name of PHY105, PHY106, PHY107")
	for _, id := range []string{"PHY101", "PHY105", "PHY106", "PHY107"} {
		assert.Contains(t, out.String(), "# "+id+": ")
	}
}
