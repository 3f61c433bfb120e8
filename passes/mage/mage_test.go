package mage_test

import (
	"testing"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/mage"
)

// TestTransformerBlocks runs the case of MAGE101 and MAGE102: their
// positive and negative fixtures share one Mage project.
func TestTransformerBlocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mage.Analyzer, "MAGE101_MAGE102_transformer_blocks")
}

// TestMAGE102 runs the writes of polars frames, HTTP clients and DB-API
// connections.
func TestMAGE102(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mage.Analyzer, "MAGE102_polars_and_clients")
}

// TestMAGE101DataFlow runs what transformers return, followed through
// variables, frame methods and helpers.
func TestMAGE101DataFlow(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mage.Analyzer, "MAGE101_data_flow")
}

// TestMAGE102HelpersAndLoaders runs the writes made through helpers of the
// module and of other modules of the project, Redis, MongoDB and
// SQLAlchemy writes, and the writes of data loaders.
func TestMAGE102HelpersAndLoaders(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mage.Analyzer, "MAGE102_helpers_and_loaders")
}

// TestUnusedBlocks runs a project whose pipeline lists one of its two
// blocks: the other block's findings are notes.
func TestUnusedBlocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mage.Analyzer, "MAGE102_unused_blocks")
}
