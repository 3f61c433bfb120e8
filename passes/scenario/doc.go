// Package scenario defines the scenario pass: evidence for the Scenario
// view of the plan (epic REV-SCN-01, section 3.5) and the orchestration
// concurrency of its Process view (section 3.2).
//
// # Analyzer scenario
//
// scenario: check that drift handling and zero-downtime model updates are
// built and tested end to end, and that Mage training fans out
//
// The Scenario view asks for two mechanisms, automated retraining when
// data drifts and hot-swapping of MOJOs without a restart, and for
// evidence that each works end to end. Each acceptance criterion is a row
// of the pass's result, an *Evidence table (criterion, story, satisfied or
// not, where the evidence is, what was looked for), and each unmet
// criterion is a finding that says what was looked for and how to supply
// it. The pass reads Python (tests, service, Mage block code), Mage
// pipeline metadata.yaml and triggers.yaml, k6 scripts, shell scripts and
// CI files.
//
// # When the rules apply
//
// The drift rules (SCN101, SCN104) apply when the plan's drift_handling
// names where drift handling lives, or when code outside the tests calls a
// drift detector, or a Mage block is named for drift; setting drift:
// always or never overrides this. The swap rules (SCN102, SCN103) apply
// when code in the plan's service or common trees serves a model: keeps a
// loaded model, swaps one or loads one per request; setting hotswap:
// always or never overrides this. SCN105 applies to every Mage
// block that trains. A criterion that does not apply is listed as "not
// applicable" with the reason.
//
// # SCN101 drift-test-evidence (SCN-REV-01-01)
//
// Evidence is looked for in the test tree (plan.tests, plus any
// test_*.py, *_test.py and conftest.py):
//
//   - drift simulated: a call of a drift detector (a function whose name
//     contains drift or psi, population_stability, ks_2samp, kstest,
//     wasserstein, jensenshannon, chi2_contingency, or any call into
//     evidently, alibi_detect, nannyml, frouros, river.drift, deepchecks),
//     a call of a helper named for shifted data (make_shifted_batch,
//     inject_drift), or a name bound to shifted data (drifted_df,
//     shifted, covariate_shift, a fixture parameter named drifted_batch).
//     A name counts when one of its words starts with drift or is
//     shifted, or is shift next to a word such as data, batch, feature,
//     distribution or covariate: pandas' shift (a lag), shift_down or
//     redshift_table do not count;
//     or, whatever the test is called, a test function that makes
//     drifted data and asserts what drift handling does with it: it
//     drops a column (drop(columns=...), drop(..., axis=1)), renames one
//     (rename(columns=...)), recomputes one (assign(amount=df.amount *
//     3), df["amount"] = df["amount"] + 50, a random draw), brings new
//     categories (df["country"] = "atlantis", replace or map with a
//     dict), and positively asserts something that mentions drift, an
//     alert, retraining, a trigger, a flagged, stale or degraded model.
//     In a test function the other kinds count only when the test
//     checks something (an assertion, pytest.raises, a verify_ or
//     expect_ helper): a test that feeds a detector and checks nothing
//     shows only that the call does not raise, and a test named for
//     drift that does neither is no evidence;
//   - trigger asserted: in a module that simulates drift (in any test
//     module when none does), an assert statement (its condition, not
//     its message) or assert* call
//     (mock.assert_called_once_with, self.assertEqual) that mentions
//     trigger, retrain, pipeline_run(s), pipeline_schedule(s),
//     execute_sync or run_pipeline, or uses a name bound to such a thing
//     (the mock of with patch("...trigger_pipeline") as m, a respx route
//     for /api/pipeline_schedules/3/pipeline_runs/TOKEN, the parameters of
//     a test decorated with such a patch);
//   - export asserted: likewise, an assertion that mentions mojo, .zip,
//     model_version, new_version or the plan's model_version_symbol, or a
//     name bound to one (exported = list(tmp.glob("*.zip")));
//   - for both, only positive assertions count: one that checks that the
//     thing did not happen (mock.assert_not_called(), assert_not_awaited(),
//     any assert_not_* or assert_never_* method, self.assertFalse and
//     assertIsNone, assertEqual(x, 0), assert not m.called,
//     assert m.call_count == 0, a comparison with 0, False, None or an
//     empty container, < 1, and an and/or of such parts) is a fine test of
//     stable data but no evidence that drift retrains.
//
// When several tests simulate drift, the findings point at the one closest
// to complete: a test function that builds shifted data and asserts the
// trigger or the export. To satisfy the rule, write one integration test
// that builds a shifted batch,
// runs the drift check, asserts the trigger call or request, and asserts
// that the retraining wrote a new MOJO zip or bumped the model version.
// A missing part is reported at the drift test when there is one, else at
// the first file where the plan's drift_handling points, else at the first
// drift detection call, else in the test tree, else for the repository.
//
// # SCN102 zero-downtime-swap-evidence (SCN-REV-01-02)
//
//   - load test: a class deriving from locust's HttpUser or FastHttpUser
//     in a module that imports locust, or a k6 script (a .js or .ts file
//     importing k6/http);
//   - runs during the swap: a Python test or script that starts the load
//     (locust.env.Environment, create_local_runner, run_single_user, or a
//     subprocess running locust or k6) and, in the same file, swaps the
//     model (a call named for swap, reload, promote, rollout, activate,
//     update_model; a request to a URL with reload, swap, promote,
//     /models/load ...; a MOJO copied or moved into place); or a shell
//     script, Makefile or CI YAML that runs locust or k6 run and swaps; or
//     a k6 script that itself calls such an endpoint;
//   - no 5xx: in that Python file, an assertion on failures, fail_ratio,
//     num_failures, errors, a 5xx status, status_code or a return code, or
//     a subprocess run of locust or k6 with check=True; in a script or CI
//     file, --exit-code-on-error, fail_ratio, set -e or || exit (for a
//     script that runs k6 only a failure threshold or a status check
//     counts: k6 exits non-zero on thresholds only); in a k6
//     script, an http_req_failed threshold or a status < 500 check. A
//     bound on latency alone (avg_response_time < 500, a
//     http_req_duration threshold) is no such assertion: requests that
//     fail fast during the swap pass it.
//
// To satisfy it, add a test that starts locust with the library API (or
// locust --headless, or k6 run) against the service, calls the reload
// endpoint mid-run, stops the load and asserts a failure count of zero.
//
// # SCN103 model-hot-swap (spec 3.5)
//
// In the service and common trees the pass finds model loads: H2O
// import_mojo, upload_mojo, load_model, daimojo.model, MojoModel.load,
// H2OGenericEstimator.from_file, mlflow load_model, onnxruntime,
// xgboost and lightgbm Boosters, keras load_model, any function named
// load_model, load_mojo, import_mojo, read_*_model, model_loader, the
// constructor of a class named *Mojo* (a MOJO wrapper such as
// MojoModel(version, path)), any local function that returns a loaded
// model, a loader handed to run_in_threadpool, asyncio.to_thread or
// run_in_executor, and pickle, joblib, cloudpickle, dill or torch loads
// whose statement names a model. A call whose value is dropped is no
// load. Each load is classified by when it runs (startup: module level,
// lifespan and other context-manager functions, startup events,
// constructors; request: route handlers, Depends dependencies and the
// module functions they call; other: anything else, such as a reload
// task) and where its value goes, following a local variable to where it
// is stored: a global, app.state (request.app.state and local aliases of
// it count as app.state), an attribute, a holder's swap, set, replace or
// publish, a holder constructed around it (ModelHolder(model)), or only
// a local. The rule applies when the service keeps a loaded model (at
// startup, lazily or in a cache), swaps one or loads one per request. It
// reports:
//
//   - a model loaded on the request path and used locally, or returned
//     by a Depends dependency that is not cached (lru_cache and the like
//     load once, and cache_clear is their swap);
//   - a reload that changes the serving model in place: a mutating method
//     (load, reload, load_model, load_state_dict, set_params, fit, update
//     ...) called on a reference that holds a loaded model, an attribute
//     assignment or setattr on it, or importlib.reload;
//   - a reload that restarts the process or its workers: os.exec*,
//     os.kill of the own pid, of the parent pid (gunicorn's master) or
//     with SIGHUP (the signal on which gunicorn replaces its workers),
//     signal.raise_signal, a subprocess running restart, rollout, kill
//     -HUP or systemctl reload, sys.exit or os._exit, on the request
//     path or in a function named
//     for reload, swap, refresh, promote, deploy, update or rollout (a
//     launcher's os.execvp in main is not a reload);
//   - a model loaded at startup into a shared reference that no request
//     or other code path ever replaces with a newly loaded model (a lazy
//     "if model is None: model = load()" counts as a startup load).
//
// To satisfy it, load at startup into app.state.model (or a holder), and
// add a reload path that loads the new MOJO into a new object, off the
// event loop, and replaces the reference in one assignment.
//
// # SCN104 drift-triggered-retraining (spec 3.5)
//
// A Mage pipeline trains when one of its blocks' code trains (see
// SCN105); pipelines under the plan's test tree are fixtures and are
// skipped by SCN104 and SCN105. It can be started by drift when its pipelines/<uuid>/
// triggers.yaml has a trigger with schedule_type event, or api and code
// or configuration outside the tests requests an API trigger (the
// /api/pipeline_schedules/<id>/pipeline_runs URL, or a setting named for
// the trigger URL: an api trigger nothing requests connects nothing to
// drift, and is reported as such), when a
// sensor block upstream of the training block checks drift (named for
// drift or calling a drift detector), when code outside the tests calls
// trigger_pipeline("<uuid>"), or, for a pipeline without triggers.yaml
// (whose API trigger may live in Mage's database only), when code
// requests /api/pipeline_schedules/<id>/pipeline_runs. The finding points
// at the api trigger nothing requests, else the first time trigger, else
// at the pipeline's uuid in metadata.yaml. To satisfy it, add an api
// trigger and request it from the drift check, or call trigger_pipeline
// from the drift check.
//
// # SCN105 dynamic-training-blocks (spec 3.2)
//
// A block trains when its code (found as Mage finds it: configuration
// file_source.path or file_path, else <project>/<type>s/<uuid>.py, custom
// blocks in custom/) calls train on an H2O estimator or on anything in a
// module that imports h2o, constructs H2OAutoML, calls fit on an
// estimator (a class named *Classifier, *Regressor, *Regression,
// *Estimator, *Forest, *Boost ...), or calls xgboost.train or
// lightgbm.train. It must be a dynamic child, as Mage decides it: some
// upstream block is dynamic for it (configuration dynamic: true, or
// dynamic: {parent: true} or a parent list naming it) or is itself a
// dynamic child, and does not reduce its output for it (reduce_output).
// Mage reads metadata.yaml with PyYAML and accepts booleans only, so a
// plain true, yes or on is dynamic and a quoted "true" is not.
// A training block that is only dynamic itself is reported too: Mage runs
// a dynamic block once and fans out the blocks below it. To satisfy it,
// make the block that yields the model configurations or data partitions
// dynamic and the training block its child.
//
// # Result
//
// The result is an *Evidence whose Criteria list, in the order of
// CriterionIDs, each criterion's id, rule, story or section, view, the id
// of the plan criterion it details in the Plan Alignment report's catalog,
// title, what was looked for, whether it applies (and why not), whether
// it is satisfied, the evidence locations (at most MaxEvidence) and the
// locations of the findings. A criterion that applies and is not
// satisfied always has at least one finding.
//
// # Mage file formats
//
// Checked against mage-ai's sources: pipelines are
// <project>/pipelines/<uuid>/metadata.yaml (blocks with uuid, type,
// language, upstream_blocks, configuration); block code is
// <project>/<type>s/<uuid>.<ext>, custom blocks in custom/, or the path
// in configuration.file_source.path or file_path; uuids may hold slashes
// (ml/training/train); triggers in code are
// <project>/pipelines/<uuid>/triggers.yaml with schedule_type time, api or
// event (status defaults to inactive, which does not stop an api trigger);
// api triggers are fired by POST
// /api/pipeline_schedules/<id>/pipeline_runs/<token>, and code starts a
// pipeline with mage_ai.orchestration.triggers.api.trigger_pipeline.
package scenario
