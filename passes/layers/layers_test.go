package layers_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/layers"
)

func TestLAYER101(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), layers.Analyzer, "LAYER101_default_contract", "LAYER101_custom_layers", "LAYER101_tests_not_parsed")
}

// TestTestsAreNotParsed: the role a path gives a module is decided before
// the module is parsed, so the tests of a layer cost no parse.
func TestTestsAreNotParsed(t *testing.T) {
	root := filepath.Join(analysistest.TestData(), "src", "LAYER101_tests_not_parsed")
	before, _ := python.Stats()
	res, err := checker.Run([]string{root + "/..."}, []*acr.Analyzer{layers.Analyzer}, checker.Options{Root: root, PassesChosen: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	after, _ := python.Stats()
	var inputs []string
	for _, f := range res.Inputs[layers.Analyzer] {
		inputs = append(inputs, f.Path)
	}
	assert.Equal(t, []string{"src/service/app.py", "src/service/test_app.py", "src/service/tests/test_routes.py"}, inputs)
	assert.Equal(t, int64(1), after-before, "only app.py is parsed")
	require.Len(t, res.Findings, 1)
	assert.Equal(t, "src/service/app.py", res.Findings[0].Posn.Path)
}
