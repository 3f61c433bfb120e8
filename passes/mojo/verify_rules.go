package mojo

import "github.com/acrvet/acr"

// RuleRejectedByGenmodel is reported only by acrvet -verify=genmodel: a
// MOJO that h2o-genmodel refuses although the static validator passed it.
var RuleRejectedByGenmodel = &acr.Rule{
	ID: "MOJO901", Engine: "genmodel", Name: "mojo-rejected-by-genmodel", Title: "MOJO that h2o-genmodel refuses",
	Criteria: []string{"SPK-REV-03"},
	Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: "v0.2.0",
	What: "With `-verify=genmodel`, acrvet loads every MOJO the mojo pass reads with h2o-genmodel itself and " +
		"scores one row with it. A MOJO that genmodel refuses, while the static validator found nothing, is " +
		"reported with genmodel's error.",
	Why: "The static validator knows what genmodel's readers need; when genmodel disagrees, the artifact will " +
		"not load in the service, and the validator has a case to learn.",
	Example:    "models/churn.zip whose model.ini lacks a key the algorithm's reader unboxes",
	UseInstead: "Re-export the model with the pipeline.",
	Options: "-verify=genmodel (or verify: [genmodel] in .acr.yaml); -genmodel-jar or ACR_GENMODEL_JAR to give the " +
		"genmodel jar or classpath; otherwise the h2o-genmodel.jar shipped beside the MOJOs, or Maven.",
	References: []string{refGenmodel},
}
