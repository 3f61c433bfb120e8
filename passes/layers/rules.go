package layers

import "github.com/acrvet/acr"

// storyMonorepo is the plan's story of the monorepo structure, in epic
// REV-DEV-01.
const storyMonorepo = "DEV-REV-01-03"

const refImportLint = "https://import-linter.readthedocs.io/en/stable/contract_types.html"

// Rules of the layers pass.
var (
	// RuleLayerImport was MOJO701, a rule of the mojo pass, before v0.2.0.
	RuleLayerImport = &acr.Rule{
		ID: "LAYER101", Name: "forbidden-layer-import", Title: "import crosses a forbidden monorepo boundary",
		Severity: acr.SeverityError, View: acr.Development, Story: storyMonorepo, Since: "v0.1.0",
		Aliases:  []string{"MOJO701"},
		Criteria: []string{"§3.3.monorepo", "DEV-REV-01-03.1"},
		What: "Resolves the absolute and relative imports of Python files to repository paths and reports " +
			"those from one layer into another that the plan forbids; by default `src/service` must not " +
			"import `src/pipeline`.",
		Why: "Service code that imports the pipeline drags training dependencies into the inference image " +
			"and couples deploys; code both need belongs in the common library.",
		Example:    "# src/service/app.py\nfrom src.pipeline.features import encode",
		UseInstead: "# src/service/app.py\nfrom src.common.features import encode",
		Options: "plan.service, plan.pipeline, plan.common: the layer directories; plan.extra_layers: more " +
			"named layers; plan.forbidden: \"from -> to\" pairs of layer names, like import-linter's forbidden contracts.",
		References: []string{refImportLint},
	}
)

// Rules lists the pass's rules.
var Rules = []*acr.Rule{RuleLayerImport}
