package exposure_test

import (
	"testing"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/exposure"
)

func TestPHY103(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), exposure.Analyzer,
		"PHY103_compose_ports", "PHY103_compose_overrides", "PHY103_local_infrastructure", "PHY103_kubernetes",
		"PHY103_sample_collection", "PHY103_sample_collection_root", "PHY103_ci_stacks", "PHY103_readme_titles", "PHY103_live_reload")
}

func TestPHY108(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), exposure.Analyzer, "PHY108_compose_urls")
}
