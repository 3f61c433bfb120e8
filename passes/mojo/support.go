package mojo

import (
	"strconv"
	"strings"
)

// modelData says which entries beyond model.ini and domains/ a reader needs.
type modelData int

const (
	dataInline         modelData = iota // everything is in model.ini
	dataSharedTrees                     // trees/tCC_GGG.bin (+ _aux.bin after 1.00)
	dataEIFTrees                        // trees/tNN.bin, one per tree
	dataXGBoostBooster                  // boosterBytes
	dataSubmodels                       // nested MOJOs under submodel_dir_N
)

// A Reader describes the h2o-genmodel reader that loads one algorithm.
type Reader struct {
	// Class is the reader's Java class, for messages and the docs.
	Class string
	// MaxMojoVersion is what the reader's mojoVersion() returns: the
	// largest mojo_version it loads.
	MaxMojoVersion string
	// Extension names the extra jar the reader lives in, if it is not in
	// h2o-genmodel itself.
	Extension string

	data modelData
}

// readers maps the model.ini "algorithm" value to its reader, as
// ModelMojoFactory.getMojoReader dispatches it: its switch statement first,
// then readers found through java.util.ServiceLoader by getModelName().
// Verified against h2oai/h2o-3 at commit 4b33b75 (see doc.go for the files).
var readers = map[string]*Reader{}

func init() {
	add := func(r *Reader, names ...string) {
		for _, n := range names {
			readers[n] = r
		}
	}
	add(&Reader{Class: "DrfMojoReader", MaxMojoVersion: "1.40", data: dataSharedTrees}, "Distributed Random Forest")
	add(&Reader{Class: "GbmMojoReader", MaxMojoVersion: "1.40", data: dataSharedTrees}, "Gradient Boosting Method", "Gradient Boosting Machine")
	add(&Reader{Class: "IsolationForestMojoReader", MaxMojoVersion: "1.40", data: dataSharedTrees}, "Isolation Forest")
	add(&Reader{Class: "UpliftDrfMojoReader", MaxMojoVersion: "1.40", data: dataSharedTrees}, "Uplift Distributed Random Forest")
	add(&Reader{Class: "ExtendedIsolationForestMojoReader", MaxMojoVersion: "1.00", data: dataEIFTrees}, "Extended Isolation Forest")
	add(&Reader{Class: "GlrmMojoReader", MaxMojoVersion: "1.10"}, "Generalized Low Rank Modeling", "Generalized Low Rank Model")
	add(&Reader{Class: "GlmMojoReader", MaxMojoVersion: "1.00"}, "Generalized Linear Modeling", "Generalized Linear Model")
	add(&Reader{Class: "GamMojoReader", MaxMojoVersion: "1.00"}, "Generalized Additive Model")
	add(&Reader{Class: "Word2VecMojoReader", MaxMojoVersion: "1.00"}, "Word2Vec")
	add(&Reader{Class: "TargetEncoderMojoReader", MaxMojoVersion: "1.00"}, "TargetEncoder")
	add(&Reader{Class: "KMeansMojoReader", MaxMojoVersion: "1.00"}, "K-means")
	add(&Reader{Class: "DeeplearningMojoReader", MaxMojoVersion: "1.10"}, "Deep Learning", "deep learning")
	add(&Reader{Class: "SvmMojoReader", MaxMojoVersion: "1.00"}, "Support Vector Machine (*Spark*)")
	add(&Reader{Class: "StackedEnsembleMojoReader", MaxMojoVersion: "1.01", data: dataSubmodels}, "StackedEnsemble", "Stacked Ensemble")
	add(&Reader{Class: "KLimeMojoReader", MaxMojoVersion: "1.00", data: dataSubmodels}, "k-LIME")
	add(&Reader{Class: "MojoPipelineReader", MaxMojoVersion: "1.00", data: dataSubmodels}, "MOJO Pipeline")
	add(&Reader{Class: "PCAMojoReader", MaxMojoVersion: "1.00"}, "Principal Components Analysis")
	add(&Reader{Class: "CoxPHMojoReader", MaxMojoVersion: "1.00"}, "Cox Proportional Hazards")
	add(&Reader{Class: "RuleFitMojoReader", MaxMojoVersion: "1.00", data: dataSubmodels}, "RuleFit")
	add(&Reader{Class: "IsotonicRegressionMojoReader", MaxMojoVersion: "1.00"}, "Isotonic Regression")
	// Service-loaded readers from the genmodel extensions.
	add(&Reader{Class: "XGBoostMojoReader", MaxMojoVersion: "1.10", Extension: "h2o-genmodel-ext-xgboost", data: dataXGBoostBooster}, "XGBoost")
	add(&Reader{Class: "DeepwaterMojoReader", MaxMojoVersion: "1.00", Extension: "h2o-genmodel-ext-deepwater"}, "Deep Water")
}

// LookupReader returns the reader for a model.ini "algorithm" value, or nil
// when h2o-genmodel has none.
func LookupReader(algorithm string) *Reader { return readers[algorithm] }

// modelCategories are the values of hex.ModelCategory in h2o-genmodel; the
// reader calls ModelCategory.valueOf on the "category" value.
var modelCategories = map[string]bool{
	"Unknown": true, "Binomial": true, "Multinomial": true, "Ordinal": true, "Regression": true,
	"Clustering": true, "AutoEncoder": true, "TargetEncoder": true, "DimReduction": true,
	"WordEmbedding": true, "CoxPH": true, "AnomalyDetection": true, "KLime": true, "BinomialUplift": true,
}

// parseJavaDouble parses a number the way the reader's ParseUtils does for
// mojo_version; it accepts what Go's ParseFloat accepts for plain decimals.
func parseJavaDouble(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// parseJavaBool reports whether s is a boolean the reader parses.
func parseJavaBool(s string) bool { return s == "true" || s == "false" }
