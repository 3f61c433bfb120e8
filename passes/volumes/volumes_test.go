package volumes_test

import (
	"testing"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/volumes"
)

// TestPHY104 runs the data persistence cases; PHY109, Mage's project
// data, shares them.
func TestPHY104(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), volumes.Analyzer, "PHY104_compose_volumes", "PHY104_data_paths", "PHY104_kubernetes")
}
