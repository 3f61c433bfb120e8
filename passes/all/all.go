// Package all is the registry of acr's own passes: the one list that
// cmd/acrvet runs, the documentation generator documents and the Plan
// Alignment report maps to the plan's criteria.
package all

import (
	"github.com/acrvet/acr"
	"github.com/acrvet/acr/passes/asyncradar"
	"github.com/acrvet/acr/passes/exposure"
	"github.com/acrvet/acr/passes/layers"
	"github.com/acrvet/acr/passes/mage"
	"github.com/acrvet/acr/passes/memory"
	"github.com/acrvet/acr/passes/mojo"
	"github.com/acrvet/acr/passes/scenario"
	"github.com/acrvet/acr/passes/schemadrift"
	"github.com/acrvet/acr/passes/volumes"
)

// Analyzers returns every acr pass in the order of the 4+1 views: the
// design card's superpower of each view, then the passes named for the
// other subjects of that view. Helper passes they require (the Python index,
// the manifest model) are not listed: the driver runs them as needed.
func Analyzers() []*acr.Analyzer {
	return []*acr.Analyzer{
		schemadrift.Analyzer, // Logical view: REV-LOG-01, SPK-REV-01
		mage.Analyzer,        // Logical view: LOG-REV-01-03 (Mage block atomicity)
		asyncradar.Analyzer,  // Process view: REV-PROC-01, SPK-REV-02
		mojo.Analyzer,        // Development view: REV-DEV-01, SPK-REV-03
		layers.Analyzer,      // Development view: DEV-REV-01-03 (monorepo layers)
		memory.Analyzer,      // Physical view: REV-PHY-01, PHY-REV-01-01 (JVM heap)
		exposure.Analyzer,    // Physical view: PHY-REV-01-02 (network isolation)
		volumes.Analyzer,     // Physical view: PHY-REV-01-03 (persistence)
		scenario.Analyzer,    // Scenario view: REV-SCN-01, sections 3.2 and 3.5
	}
}
