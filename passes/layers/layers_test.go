package layers_test

import (
	"testing"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/layers"
)

func TestLAYER101(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), layers.Analyzer, "LAYER101_default_contract", "LAYER101_custom_layers")
}
