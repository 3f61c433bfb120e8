package all_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/passes/all"
)

var ruleCodeRE = regexp.MustCompile(`\b[A-Z]+[0-9]{3}\b`)

// TestDocGoNamesEveryRule verifies the rule lists kept in the passes'
// doc.go (the one source of each pass's documentation, embedded into
// Analyzer.Doc): every rule of the pass is named there, and every code
// named there is a rule of the pass or a former code of one.
func TestDocGoNamesEveryRule(t *testing.T) {
	for _, a := range all.Analyzers() {
		data, err := os.ReadFile(filepath.Join("..", a.Name, "doc.go"))
		require.NoError(t, err, a.Name)
		named := map[string]bool{}
		for _, code := range ruleCodeRE.FindAllString(string(data), -1) {
			named[code] = true
		}
		idx := acr.RuleIndex([]*acr.Analyzer{a})
		for _, r := range a.Rules {
			assert.True(t, named[r.ID], "passes/%s/doc.go does not name %s", a.Name, r.ID)
		}
		for code := range named {
			refs, _ := acr.Resolve(idx, code)
			if len(refs) == 0 && code[:3] == a.Rules[0].ID[:3] {
				t.Errorf("passes/%s/doc.go names %s, which is no rule of the pass", a.Name, code)
			}
		}
		doc, err := acr.ExtractDoc(string(data), a.Name)
		require.NoError(t, err)
		assert.Equal(t, doc, a.Doc, "%s: Analyzer.Doc is the # Analyzer section of doc.go", a.Name)
	}
}
