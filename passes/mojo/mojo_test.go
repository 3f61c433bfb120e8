package mojo

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
)

func TestAnalyzerIsValid(t *testing.T) {
	require.NoError(t, acr.Validate([]*acr.Analyzer{Analyzer}))
	for _, r := range Analyzer.Rules {
		require.Equal(t, acr.Development, r.View, r.ID)
		require.NotEmpty(t, r.Story, r.ID)
		require.NotEmpty(t, r.Example, r.ID)
		require.NotEmpty(t, r.UseInstead, r.ID)
	}
}

func TestArtifacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "artifacts", "readblobs")
}

func TestMandate(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "mandate", "noexport", "exported", "export_paths", "h2o_by_type")
}

func TestPOJOFiles(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "pojo_files")
}

func TestVersions(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "versions")
}

func TestExportGate(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer,
		"gate_gated", "gate_unpinned", "gate_nopin", "gate_nodeps", "gate_nodeps_gated", "gate_cluster", "gate_ok", "gate_enterprise")
}

func TestRuntime(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "runtime_daimojo", "runtime_daimojo_ok", "runtime_genmodel")
}
