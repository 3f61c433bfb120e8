package mojo

import "github.com/acrvet/acr"

// Story ids of the plan's epic REV-DEV-01 and spike SPK-REV-03.
const (
	storyMandate  = "DEV-REV-01-01"
	storyPinning  = "DEV-REV-01-02"
	spikeValidate = "SPK-REV-03"
	since         = "v0.1.0"
)

const (
	refMojoDocs = "https://docs.h2o.ai/h2o/latest-stable/h2o-docs/mojo-quickstart.html"
	refGenmodel = "https://github.com/h2oai/h2o-3/tree/master/h2o-genmodel/src/main/java/hex/genmodel"
	refGate     = "https://github.com/h2oai/h2o-3/commit/558eca80ea1e9509727a31f4c5a1651861667446"
	refDaimojo  = "https://docs.h2o.ai/driverless-ai/latest-lts/docs/userguide/scoring-pipeline-cpp.html"
	// The h2o Python client at release 3.46.0.11: how download_mojo writes
	// the jar and the MOJO.
	refClientExport = "https://github.com/h2oai/h2o-3/blob/jenkins-rel-3.46.0.11-4/h2o-py/h2o/model/model_base.py"
	refClientSave   = "https://github.com/h2oai/h2o-3/blob/jenkins-rel-3.46.0.11-4/h2o-py/h2o/backend/connection.py"
)

// Rules of the mojo pass.
var (
	RulePOJOExport = &acr.Rule{
		ID: "MOJO101", Name: "pojo-export", Title: "H2O model exported as a POJO",
		Severity: acr.SeverityError, View: acr.Development, Story: storyMandate, Since: since,
		Criteria: []string{"§3.3.artifacts", "DEV-REV-01-01.1"},
		What: "Reports calls of `download_pojo` (`h2o.download_pojo(model)` or `model.download_pojo()`) outside the " +
			"test suite, on H2O objects: by type or constructor, or of unknown type in a module that imports h2o or in " +
			"a pipeline block; a receiver of another known type is not H2O whatever the method's name.",
		Why: "The plan's artifact strategy allows H2O MOJOs only. A POJO is generated Java source: large models " +
			"exceed the JVM's 64 KB method limit and fail to compile, and the artifact must be compiled before " +
			"it can score, which the MOJO never needs.",
		Example:    "model.download_pojo(path=\"/models\")",
		UseInstead: "model.download_mojo(path=\"/models/churn/\", get_genmodel_jar=True)  # writes <model_id>.zip and h2o-genmodel.jar there",
		References: []string{refMojoDocs},
	}
	RuleBinaryDump = &acr.Rule{
		ID: "MOJO102", Name: "binary-model-dump", Title: "H2O model saved as a binary dump",
		Severity: acr.SeverityError, View: acr.Development, Story: storyMandate, Since: since,
		Criteria: []string{"§3.3.artifacts", "DEV-REV-01-01.1"},
		What: "Reports `h2o.save_model`, `h2o.download_model`, `model.download_model` on an H2O model (known by its " +
			"type or constructor, or of unknown type in a module that imports h2o; an MLflow or Hugging Face client's " +
			"`download_model` is not one), and `pickle`, `joblib` or `cloudpickle` dumps of an H2O estimator, outside " +
			"the test suite.",
		Why: "A binary H2O model loads only into a running H2O cluster of exactly the same version, and a " +
			"pickled estimator holds nothing but a handle to a model that lives in the cluster. Neither is a " +
			"deployable scoring artifact; the plan mandates MOJOs.",
		Example:    "h2o.save_model(model, path=\"/models\")",
		UseInstead: "model.save_mojo(path=\"/models\")",
		References: []string{refMojoDocs},
	}
	RuleNoMOJOExport = &acr.Rule{
		ID: "MOJO103", Name: "no-mojo-export", Title: "pipeline trains an H2O model but exports no MOJO",
		Severity: acr.SeverityWarning, View: acr.Development, Story: storyMandate, Since: since,
		Criteria: []string{"§3.3.artifacts", "DEV-REV-01-01.1"},
		What: "Reports the `train` calls of H2O estimators and AutoML in pipeline code (the plan's pipeline " +
			"tree and Mage blocks) when no pipeline code calls `download_mojo` or `save_mojo`.",
		Why: "The service scores MOJO artifacts; a pipeline that trains without exporting one leaves the " +
			"service on a stale model, and drift retraining never reaches production.",
		Example:    "gbm = H2OGradientBoostingEstimator()\ngbm.train(y=\"churn\", training_frame=frame)",
		UseInstead: "gbm.train(y=\"churn\", training_frame=frame)\ngbm.download_mojo(path=\"/models/churn.zip\")",
	}
	RuleMOJOPathNotZip = &acr.Rule{
		ID: "MOJO104", Name: "mojo-path-not-zip", Title: "MOJO written to a path that does not end in .zip",
		Severity: acr.SeverityWarning, View: acr.Development, Story: storyMandate, Since: since,
		Criteria: []string{"DEV-REV-01-01.2"},
		What: "Reports the MOJO file name of an export when it is a string literal that does not end in `.zip`: " +
			"the path of `download_mojo` without `get_genmodel_jar=True`, and the `filename` of `save_mojo`. " +
			"A path ending in `/` (a directory) is accepted. With `get_genmodel_jar=True` the path is a " +
			"directory (MOJO106).",
		Why: "Deployment tooling, the artifact directory checks and the h2o-genmodel loaders recognise MOJOs " +
			"by their `.zip` name; a MOJO saved as `model.bin` or `model.mojo` is missed by all of them.",
		Example:    "model.download_mojo(path=\"/models/churn.bin\")",
		UseInstead: "model.download_mojo(path=\"/models/churn.zip\")",
	}
	RuleGenmodelJar = &acr.Rule{
		ID: "MOJO105", Name: "genmodel-jar-missing", Title: "MOJO exported without the h2o-genmodel jar",
		Severity: acr.SeverityWarning, View: acr.Development, Story: storyMandate, Since: since,
		Criteria: []string{"DEV-REV-01-01.3"},
		What: "When the plan's runtime is the JVM h2o-genmodel, reports `download_mojo` calls that do not pass " +
			"`get_genmodel_jar=True`.",
		Why: "h2o-genmodel is the runtime that scores an H2O-3 MOJO; exporting it beside the model pins the " +
			"runtime to the version that wrote the MOJO, so the service never loads a MOJO with a reader too old for it.",
		Example:    "model.download_mojo(path=\"/models/churn.zip\")",
		UseInstead: "model.download_mojo(path=\"/models/churn/\", get_genmodel_jar=True)  # a directory: see MOJO106",
		Options:    "plan.runtime: the rule applies when it is `genmodel` (the default).",
	}
	RuleMOJOPathIsDirectory = &acr.Rule{
		ID: "MOJO106", Name: "mojo-path-becomes-directory", Title: "MOJO file path that the export turns into a directory",
		Severity: acr.SeverityWarning, View: acr.Development, Story: storyMandate, Since: since,
		What: "Reports `download_mojo(path, get_genmodel_jar=True)` and `save_mojo(path)` calls whose path is a " +
			"string literal (or an f-string) ending in `.zip`, `.mojo` or `.bin`: a path meant as the MOJO file " +
			"that the export treats as a directory.",
		Why: "In the h2o Python client (h2o-py/h2o/model/model_base.py, `ModelBase.download_mojo`, checked at " +
			"release 3.46.0.11, tag jenkins-rel-3.46.0.11-4), `get_genmodel_jar=True` first saves the jar as " +
			"`<path>/h2o-genmodel.jar`; the response writer (h2o-py/h2o/backend/connection.py, " +
			"`H2OConnection._process_response`) creates the missing parent, so `churn.zip` becomes a directory, " +
			"and the MOJO request that follows sees a directory and saves the MOJO inside it under the name the " +
			"server sends, `<model_id>.zip`. Everything that loads `/models/churn.zip` then finds a directory. " +
			"`save_mojo` always joins `filename` (default `<model_id>.zip`) to `path`, so its path is a directory too. " +
			"Without `get_genmodel_jar`, `download_mojo(\"/models/churn.zip\")` does write that file.",
		Example:    "model.download_mojo(path=\"/models/churn.zip\", get_genmodel_jar=True)",
		UseInstead: "mojo_path = model.download_mojo(path=\"/models/churn/\", get_genmodel_jar=True)  # /models/churn/<model_id>.zip and /models/churn/h2o-genmodel.jar",
		References: []string{refClientExport, refClientSave},
	}
	RulePOJOSource = &acr.Rule{
		ID: "MOJO201", Name: "pojo-artifact", Title: "H2O POJO source file in the repository",
		Severity: acr.SeverityError, View: acr.Development, Story: storyMandate, Since: since,
		Criteria: []string{"§3.3.artifacts", "DEV-REV-01-01.1"},
		What: "Reports `.java` files that carry H2O's POJO markers: a class that `extends GenModel`, the " +
			"`@ModelPojo(` annotation, or the `AUTOGENERATED BY H2O` banner.",
		Why: "POJOs are forbidden by the plan's artifact strategy: they are generated code that may not " +
			"compile (64 KB method limit) and that bypasses the MOJO validation and version checks.",
		Example:    "@ModelPojo(name=\"gbm_model\", algorithm=\"gbm\")\npublic class gbm_model extends GenModel { ... }",
		UseInstead: "Export the model with `download_mojo` and delete the generated source.",
	}
	RuleNoModelIni = &acr.Rule{
		ID: "MOJO301", Name: "mojo-missing-model-ini", Title: "model artifact is not a MOJO",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria: []string{"SPK-REV-03"},
		What: "Reports a zip or `.mojo` file in an artifact directory (plan.artifact_dirs), a `.mojo` file " +
			"anywhere, and any zip with a `model.ini` below its root, when the archive has no `model.ini` at " +
			"its root. Driverless AI MOJO2 pipelines (`mojo/pipeline.pb`) are recognised and left to MOJO601. " +
			"Zips without `model.ini` outside artifact directories are ignored.",
		Why: "h2o-genmodel reads `model.ini` at the root of the archive and nothing else; an artifact " +
			"without it fails at load time, in production, not in CI.",
		Example:    "models/churn.zip holding churn/model.ini (the folder was zipped, not its content)",
		UseInstead: "Zip the MOJO folder's content, or export with `download_mojo`, which writes the right layout.",
		Options: "plan.artifact_dirs (default `models`, `artifacts`): directories whose archives must be MOJOs; a " +
			"single-segment name also matches that directory at any depth.",
		References: []string{refGenmodel},
	}
	RuleBadModelIni = &acr.Rule{
		ID: "MOJO302", Name: "mojo-malformed-model-ini", Title: "MOJO descriptor is malformed",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria: []string{"SPK-REV-03"},
		What: "Checks `model.ini` the way h2o-genmodel's ModelMojoReader reads it: the [info], [columns] and " +
			"[domains] sections, `key = value` lines, the keys the reader needs (algorithm, mojo_version, " +
			"category, supervised, n_features, n_classes, n_columns, balance_classes, default_threshold) and " +
			"the keys the writer always records (h2o_version, algo, n_domains), and that the counts agree: " +
			"n_columns with [columns], n_domains with [domains], n_features with n_columns, and a " +
			"classifier's response domain with n_classes.",
		Why:        "A descriptor the reader rejects, or one whose counts disagree, makes the MOJO fail to load or score wrong columns.",
		Example:    "[info]\nn_columns = 8\n[columns]\nAGE\nRACE   # 2 of the 8 columns",
		UseInstead: "Re-export the model; never edit model.ini by hand.",
		References: []string{refGenmodel},
	}
	RuleMOJOVersion = &acr.Rule{
		ID: "MOJO303", Name: "mojo-version-unsupported", Title: "MOJO format version newer than its reader supports",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria: []string{"SPK-REV-03"},
		What: "Reports a MOJO whose `mojo_version` is higher than the h2o-genmodel reader of its algorithm " +
			"accepts: 1.40 for GBM, DRF, Isolation Forest and Uplift DRF; 1.10 for XGBoost, Deep Learning " +
			"and GLRM; 1.01 for Stacked Ensemble; 1.00 for the others.",
		Why:        "The reader refuses the MOJO with \"MOJO version incompatibility\" at load time.",
		Example:    "[info]\nalgorithm = Gradient Boosting Machine\nmojo_version = 9.99",
		UseInstead: "Score with the h2o-genmodel of the H2O release that exported the MOJO, or re-export with the runtime's release.",
		References: []string{refGenmodel},
	}
	RuleUnknownAlgo = &acr.Rule{
		ID: "MOJO304", Name: "mojo-unknown-algorithm", Title: "MOJO algorithm has no h2o-genmodel reader",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria:   []string{"SPK-REV-03"},
		What:       "Reports a MOJO whose `algorithm` value is not one ModelMojoFactory dispatches to a reader.",
		Why:        "The loader throws \"Algorithm ... is not supported by this version of h2o-genmodel\".",
		Example:    "[info]\nalgorithm = Naive Bayes",
		UseInstead: "Use an algorithm that exports MOJOs, or ship the genmodel extension jar that reads it.",
		References: []string{refGenmodel},
	}
	RuleDomains = &acr.Rule{
		ID: "MOJO305", Name: "mojo-domain-mismatch", Title: "MOJO domain file missing or inconsistent",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria: []string{"SPK-REV-03"},
		What: "Reports [domains] lines whose file is missing under `domains/`, or whose file holds a different " +
			"number of levels than the line declares.",
		Why: "The reader opens every domain file of an input column and fails when it is absent or has " +
			"\"not enough elements\"; categorical inputs cannot be encoded without it.",
		Example:    "[domains]\n0: 7 d000.txt   # but domains/d000.txt is not in the archive",
		UseInstead: "Re-export the model.",
		References: []string{refGenmodel},
	}
	RuleModelData = &acr.Rule{
		ID: "MOJO306", Name: "mojo-missing-model-data", Title: "MOJO lacks the model data its reader loads",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria: []string{"SPK-REV-03"},
		What: "Reports tree models (GBM, DRF, Isolation Forest, Uplift DRF) with tree groups that have no " +
			"`trees/tCC_GGG.bin` or trees without their `_aux.bin`, Extended Isolation Forests without " +
			"`trees/tNN.bin`, XGBoost MOJOs without `boosterBytes`, and Stacked Ensembles, pipelines, k-LIME " +
			"and RuleFit MOJOs whose submodels are missing or invalid.",
		Why:        "These entries are the model: the reader fails, or scores with missing trees, without them.",
		Example:    "[info]\nn_trees = 50   # but trees/ holds 10 files",
		UseInstead: "Re-export the model.",
		References: []string{refGenmodel},
	}
	RuleUnreadable = &acr.Rule{
		ID: "MOJO307", Name: "mojo-unreadable-archive", Title: "model archive is corrupt or unsafe",
		Severity: acr.SeverityError, View: acr.Development, Story: spikeValidate, Since: since,
		Criteria: []string{"SPK-REV-03"},
		What: "Reports a model archive that cannot be read safely: truncated or corrupt, an entry whose CRC " +
			"does not match, entry names that escape the archive (`../`, absolute paths), or sizes and " +
			"compression ratios of a zip bomb.",
		Why:        "A corrupt artifact fails at load time; an unsafe one is an attack on whatever unpacks it.",
		Example:    "models/churn.zip holding ../../etc/cron.d/job",
		UseInstead: "Regenerate the artifact from the pipeline and never commit archives from untrusted sources.",
		Options: "settings: {mojo: {readblobs: true}} (or -mojo.readblobs) reads every entry to its end, so a " +
			"corrupt tree or booster blob is found too; by default only the directory, model.ini and domain files are read.",
	}
	RuleUnpinned = &acr.Rule{
		ID: "MOJO401", Name: "h2o-unpinned", Title: "h2o is not pinned to an exact version",
		Severity: acr.SeverityError, View: acr.Development, Story: storyPinning, Since: since,
		Criteria: []string{"§3.3.pinning", "DEV-REV-01-02.1"},
		What: "Reports a requirement on `h2o` in requirements, constraints, pyproject.toml or Pipfile files " +
			"that is not an exact `==` (or `===`) pin.",
		Why: "The H2O Python client must match the cluster and the MOJO runtime exactly; a range lets a " +
			"rebuild pick a release that refuses to talk to the cluster or that gates MOJO export.",
		Example:    "h2o>=3.44",
		UseInstead: "h2o==3.46.0.11",
	}
	RuleVersionMismatch = &acr.Rule{
		ID: "MOJO402", Name: "h2o-version-mismatch", Title: "H2O versions disagree across the repository",
		Severity: acr.SeverityError, View: acr.Development, Story: storyPinning, Since: since,
		Criteria: []string{"§3.3.pinning", "DEV-REV-01-02.2"},
		What: "Collects every place that names an H2O version (the `h2o` pin, `pip install h2o==`, Dockerfile " +
			"downloads of `h2o.jar`, `h2o-<v>.zip` and `h2o-genmodel-<v>.jar`, and `h2oai/h2o-*` images in " +
			"Compose and Kubernetes files) and reports each that differs from the pin, with the agreeing " +
			"places as related locations. Without a requirements pin the most common version is the reference.",
		Why: "The client, the cluster and the runtime speak one version's protocol and MOJO format; a " +
			"mismatch fails at connect time or, worse, at model load in production (\"Jar Hell\").",
		Example:    "requirements.txt: h2o==3.46.0.11\nDockerfile: ADD .../rel-3.46.0/10/h2o-3.46.0.10.zip",
		UseInstead: "Use one version everywhere, ideally from a single build argument.",
	}
	RuleMOJONewer = &acr.Rule{
		ID: "MOJO403", Name: "mojo-newer-than-runtime", Title: "MOJO exported by a newer H2O than the runtime pin",
		Severity: acr.SeverityError, View: acr.Development, Story: storyPinning, Since: since,
		Criteria: []string{"§3.3.pinning", "DEV-REV-01-02.3"},
		What: "Reports a MOJO whose `h2o_version` is newer than the pinned scoring runtime (the " +
			"h2o-genmodel version named in the repository, else the `h2o` pin).",
		Why:        "An older h2o-genmodel may lack the reader features the newer writer used: the MOJO fails to load or scores differently.",
		Example:    "models/churn.zip with h2o_version = 3.46.0.11 and h2o-genmodel-3.44.0.3.jar in the Dockerfile",
		UseInstead: "Upgrade the runtime pin, or re-export the MOJO with the pinned release.",
	}
	RuleExportGate = &acr.Rule{
		ID: "MOJO501", Name: "mojo-export-gated", Title: "MOJO export with an H2O release that gates it",
		Severity: acr.SeverityError, View: acr.Development, Story: storyPinning, Since: since,
		Criteria: []string{"§3.3.pinning", "DEV-REV-01-02.3"},
		What: "Reports `download_mojo`/`save_mojo` calls in pipeline code when `h2o` is unpinned or an H2O " +
			"version in the repository is 3.46.0.12 or later, unless the plan declares an Enterprise build. " +
			"Unpinned means an `h2o` requirement without an exact pin, or dependency files that name no h2o " +
			"version; a run that walked no requirements, constraints, pyproject.toml or Pipfile file cannot " +
			"know the pin and does not report it. " +
			"H2O-3 open source gates MOJO and POJO export behind H2O-3 Enterprise from commit 558eca80ea " +
			"(GH-16910), first in the 3.46.0.12 release line; 3.46.0.11 exports freely.",
		Why: "On a gated release the export raises \"H2O-3 ENTERPRISE REQUIRED\" in both the client and the " +
			"cluster: the pipeline trains and then fails to produce its artifact.",
		Example:    "h2o==3.46.0.12 and model.download_mojo(path=\"/models/churn.zip\")",
		UseInstead: "Pin h2o==3.46.0.11 (and the matching cluster), or declare `plan: {enterprise: true}` when the licensed build is used.",
		Options:    "plan.enterprise: true turns the rule off.",
		References: []string{refGate},
	}
	RuleRuntimeMismatch = &acr.Rule{
		ID: "MOJO601", Name: "mojo-runtime-mismatch", Title: "artifact type does not match the scoring runtime",
		Severity: acr.SeverityError, View: acr.Development, Story: storyPinning, Since: since,
		Criteria: []string{"§3.3.artifacts", "DEV-REV-01-02.3"},
		What: "When the plan's runtime is `daimojo`, reports H2O-3 MOJOs, their exports and h2o-genmodel " +
			"loaders; when it is `genmodel`, reports Driverless AI MOJO2 pipelines (`mojo/pipeline.pb`) and " +
			"uses of `daimojo`.",
		Why: "daimojo, the C++ runtime, scores only Driverless AI `pipeline.mojo` files; H2O-3 MOJOs need " +
			"the JVM h2o-genmodel. The spec's \"C++ inference runtime\" conflates the two: whichever the plan " +
			"names, the artifacts must be the ones it loads.",
		Example:    "plan: {runtime: daimojo} with models/churn.zip exported by download_mojo",
		UseInstead: "plan: {runtime: genmodel}, or score Driverless AI pipeline.mojo artifacts with daimojo.",
		Options:    "plan.runtime: `genmodel` (default) or `daimojo`.",
		References: []string{refDaimojo},
	}
)

// Rules lists the rules of the pass in id order.
var Rules = []*acr.Rule{
	RulePOJOExport, RuleBinaryDump, RuleNoMOJOExport, RuleMOJOPathNotZip, RuleGenmodelJar, RuleMOJOPathIsDirectory,
	RulePOJOSource,
	RuleNoModelIni, RuleBadModelIni, RuleMOJOVersion, RuleUnknownAlgo, RuleDomains, RuleModelData, RuleUnreadable,
	RuleUnpinned, RuleVersionMismatch, RuleMOJONewer,
	RuleExportGate,
	RuleRuntimeMismatch,
	RuleRejectedByGenmodel,
}
