package acr

import "reflect"

// Plan is the architecture plan a review checks code against: the parts of
// the 4+1 views that are facts about this repository rather than rules.
// Zero values are filled from DefaultPlan, which follows the spec.
type Plan struct {
	// Development view: the monorepo layers, as repo-relative directories.
	Service  []string `yaml:"service"`
	Pipeline []string `yaml:"pipeline"`
	Common   []string `yaml:"common"`
	// Layers lists forbidden imports between layers, as "from -> to" pairs
	// of layer names (service, pipeline, common or a name declared in
	// ExtraLayers).
	Forbidden   []string            `yaml:"forbidden"`
	ExtraLayers map[string][]string `yaml:"extra_layers"`

	// Tests are the directories that hold the test suite.
	Tests []string `yaml:"tests"`
	// ArtifactDirs hold model artifacts; a zip there must be a valid MOJO.
	ArtifactDirs []string `yaml:"artifact_dirs"`

	// Logical view.
	FeatureTables []string `yaml:"feature_tables"` // glob patterns of feature table names
	BusinessKeys  []string `yaml:"business_keys"`
	MaxJSONDepth  int      `yaml:"max_json_depth"`
	// SQLDialects names the database of SQL and migrations by repo-relative
	// directory or glob ("." for the whole repository), where file names,
	// directories and migration-tool metadata do not say it: postgresql,
	// mysql, sqlite, cockroachdb, sqlserver, ... Only PostgreSQL is analysed.
	SQLDialects map[string]string `yaml:"sql_dialects"`
	// LargeTables names the tables that are large or hot, by glob pattern
	// of the table name (orders, "audit_*", "public.events"): the
	// schemadrift rules whose advice depends on a table's size (a blocking
	// index build, an index for a JSON filter) report these at their
	// severity and tables with no evidence of size as notes.
	LargeTables []string `yaml:"large_tables"`
	// RequireJSONB says the architecture plan requires jsonb for every
	// JSON column ("Use JSONB with GIN indexes"): schemadrift then
	// reports a json column as a violation of the plan. Without it a json
	// column no query navigates inside is a note, since json stored and
	// read whole costs nothing jsonb would save.
	RequireJSONB bool `yaml:"require_jsonb"`

	// Process view.
	ModelVersionSymbol string `yaml:"model_version_symbol"`
	// EntryPoints names code that serves traffic which acr cannot
	// recognize by itself: "path/to/file.py:func", "pkg.module:Class.method",
	// or a file, module or directory for all of its functions.
	EntryPoints []string `yaml:"entry_points"`

	// Development view: the model runtime ("genmodel" for the JVM
	// h2o-genmodel, "daimojo" for the Driverless AI C++ runtime) and whether
	// the H2O build is the Enterprise one that may export MOJOs past the gate.
	Runtime    string `yaml:"runtime"`
	Enterprise bool   `yaml:"enterprise"`

	// Physical view: the largest share of the container memory limit the
	// JVM heap may take.
	HeapRatio float64 `yaml:"heap_ratio"`

	// Scenario view: where drift handling lives, if the plan declares it.
	DriftHandling []string `yaml:"drift_handling"`
}

// DefaultPlan returns the plan the spec describes.
func DefaultPlan() *Plan {
	return &Plan{
		Service:            []string{"src/service"},
		Pipeline:           []string{"src/pipeline"},
		Common:             []string{"src/common"},
		Forbidden:          []string{"service -> pipeline"},
		Tests:              []string{"tests"},
		ArtifactDirs:       []string{"models", "artifacts"},
		FeatureTables:      []string{"*feature*"},
		BusinessKeys:       []string{"customer_id", "product_id"},
		MaxJSONDepth:       2,
		ModelVersionSymbol: "version",
		Runtime:            "genmodel",
		HeapRatio:          0.70,
	}
}

// WithDefaults returns a copy of p whose zero fields (nil lists, empty
// strings, zero numbers) are taken from DefaultPlan.
func (p *Plan) WithDefaults() *Plan {
	d := DefaultPlan()
	if p == nil {
		return d
	}
	out := *p
	ov, dv := reflect.ValueOf(&out).Elem(), reflect.ValueOf(d).Elem()
	for i := 0; i < ov.NumField(); i++ {
		if ov.Field(i).IsZero() {
			ov.Field(i).Set(dv.Field(i))
		}
	}
	return &out
}

// InTree reports whether the repo-relative slash path lies in one of dirs.
func InTree(path string, dirs []string) bool {
	for _, d := range dirs {
		d = trimSlashes(d)
		if d == "" || d == "." || path == d || (len(path) > len(d) && path[:len(d)] == d && path[len(d)] == '/') {
			return true
		}
	}
	return false
}

func trimSlashes(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	for len(s) > 1 && s[:2] == "./" {
		s = s[2:]
	}
	return s
}
