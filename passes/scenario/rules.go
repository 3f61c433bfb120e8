package scenario

import "github.com/acrvet/acr"

// Story ids of the plan's epic REV-SCN-01 and the spec sections the pass
// enforces.
const (
	storyDriftTest  = "SCN-REV-01-01"
	storySwapTest   = "SCN-REV-01-02"
	sectionProcess  = "3.2"
	sectionScenario = "3.5"
	since           = "v0.1.0"
)

const (
	refMageDynamic  = "https://docs.mage.ai/design/blocks/dynamic-blocks"
	refMageTriggers = "https://docs.mage.ai/orchestration/triggers/configure-triggers-in-code"
	refMageAPI      = "https://docs.mage.ai/orchestration/triggers/trigger-pipeline-api"
	refMageFromCode = "https://docs.mage.ai/orchestration/triggers/trigger-pipeline"
	refMageSensor   = "https://docs.mage.ai/design/blocks/sensor"
	refLifespan     = "https://fastapi.tiangolo.com/advanced/events/"
	refLocustAPI    = "https://docs.locust.io/en/stable/use-as-lib.html"
	refK6Thresholds = "https://grafana.com/docs/k6/latest/using-k6/thresholds/"
)

// Rules of the scenario pass.
var (
	RuleDriftTest = &acr.Rule{
		ID: "SCN101", Name: "drift-test-evidence", Title: "drift handling lacks an end-to-end test",
		Severity: acr.SeverityWarning, View: acr.Scenario, Story: storyDriftTest, Since: since,
		Criteria: []string{"SCN-REV-01-01.1", "SCN-REV-01-01.2", "SCN-REV-01-01.3"},
		What: "When the repository handles data drift (the plan's `drift_handling` names where, or code calls a " +
			"drift detector), looks in the test tree for an integration test that (a) simulates drift, (b) " +
			"asserts that the Mage retraining pipeline is triggered and (c) asserts that a new MOJO is exported. " +
			"Only positive assertions count: `trigger.assert_not_called()` or `assert trigger.call_count == 0` " +
			"shows that retraining did not start, not that drift starts it. A drift detector is a drift library, " +
			"a statistic (PSI, KS, Wasserstein) or a function whose name joins drift with a verb that measures it " +
			"(`check_drift`, not `deploy_drift_app` or `_drift_ignored`); a test simulates drift with such a call, a " +
			"helper that makes shifted data, or a name bound to data (`shifted_batch`, `drifted`, not " +
			"`drifted_owner` or `drift_template`), in a test that asserts something; a test of any name simulates " +
			"drift too when it drops, renames or recomputes a column or brings new categories and asserts what drift " +
			"handling does (drift, an alert, retraining, a flagged model). (b) and (c) apply where the repository uses Mage or H2O, or the " +
			"plan names where drift handling lives. " +
			"Each missing part is reported once, at the drift test when there is one, else where the plan says " +
			"drift handling lives, else at the drift detection code, else in the test tree.",
		Why: "Drift handling is a chain: detector, trigger, retraining, export, hot swap. Each link can pass " +
			"its unit tests while the chain is broken; only a test that drives the whole scenario shows that " +
			"a drifted feature distribution really ends in a new model.",
		Example: "def test_drift_detector_flags_shift():\n" +
			"    shifted = reference.assign(amount=reference.amount * 3)\n" +
			"    assert detect_drift(reference, shifted)",
		UseInstead: "def test_drift_retrains_and_exports(mage, tmp_path):\n" +
			"    shifted = reference.assign(amount=reference.amount * 3)\n" +
			"    with patch(\"monitoring.drift.trigger_pipeline\") as trigger:\n" +
			"        check_drift(reference, shifted)\n" +
			"    trigger.assert_called_once_with(\"train_models\", variables=ANY)\n" +
			"    assert list(tmp_path.glob(\"*.zip\")), \"retraining exported no MOJO\"",
		Options: "plan.drift_handling and plan.tests locate the code and the tests; the `drift` setting " +
			"(auto, always, never) decides when the rule applies.",
		References: []string{refMageAPI, refMageFromCode},
	}
	RuleSwapTest = &acr.Rule{
		ID: "SCN102", Name: "zero-downtime-swap-evidence", Title: "model swap not load-tested",
		Severity: acr.SeverityWarning, View: acr.Scenario, Story: storySwapTest, Since: since,
		Criteria: []string{"SCN-REV-01-02.1", "SCN-REV-01-02.2"},
		What: "When the service serves a model, looks for a load test (a locust `HttpUser` or `FastHttpUser`, " +
			"or a k6 script), for a test or script that runs it while it swaps the model, and for an assertion " +
			"that no request failed with a 5xx status (a zero failure ratio). Each missing part is reported once.",
		Why: "A hot swap that works for one request can still drop in-flight requests, serve from a half-loaded " +
			"model or exhaust memory with two models loaded. Only load during the swap shows that the update is " +
			"really zero-downtime.",
		Example: "class ScoreUser(HttpUser):\n    @task\n    def score(self):\n        self.client.post(\"/score\", json=ROW)",
		UseInstead: "def test_swap_under_load(base_url):\n" +
			"    env = Environment(user_classes=[ScoreUser], host=base_url)\n" +
			"    env.create_local_runner().start(20, spawn_rate=20)\n" +
			"    httpx.post(f\"{base_url}/admin/reload\", json={\"path\": NEW_MOJO})\n" +
			"    gevent.sleep(10); env.runner.quit()\n" +
			"    assert env.stats.total.num_failures == 0",
		Options:    "plan.service and plan.tests; the `hotswap` setting (auto, always, never) decides when the rule applies.",
		References: []string{refLocustAPI, refK6Thresholds},
	}
	RuleHotSwap = &acr.Rule{
		ID: "SCN103", Name: "model-hot-swap", Title: "model cannot be swapped without a restart",
		Severity: acr.SeverityError, View: acr.Scenario, Story: sectionScenario, Since: since,
		Criteria: []string{"§3.5.hotswap"},
		What: "In the service and common trees, reports a model or MOJO loaded inside a request handler, a " +
			"reload that mutates the serving model in place (`model.load(...)`, `app.state.model.weights = ...`), " +
			"a reload that restarts the process or its workers (`os.execv`, `kill` of the own pid, a SIGHUP to " +
			"gunicorn's master, `kubectl rollout restart`), " +
			"and a model loaded at startup that no code path ever replaces.",
		Why: "The plan requires hot-swapping MOJOs without restarting the inference service. A model loaded " +
			"per request costs its load time on every call; a model mutated in place serves requests from a " +
			"half-updated object; a restart drops in-flight requests; a model nothing replaces needs a restart.",
		Example: "@app.post(\"/score\")\nasync def score(row: Row):\n    model = h2o.import_mojo(MOJO_PATH)\n    return predict(model, row)",
		UseInstead: "@asynccontextmanager\nasync def lifespan(app):\n    app.state.model = load_mojo(MOJO_PATH)\n    yield\n\n" +
			"@app.post(\"/admin/reload\")\nasync def reload(req: Reload):\n    new = await run_in_threadpool(load_mojo, req.path)\n" +
			"    app.state.model = new  # one reference assignment: requests see the old or the new model",
		Options:    "plan.service and plan.common; the `hotswap` setting (auto, always, never) decides when the rule applies.",
		References: []string{refLifespan},
	}
	RuleDriftTrigger = &acr.Rule{
		ID: "SCN104", Name: "drift-triggered-retraining", Title: "training pipeline cannot be started by drift",
		Severity: acr.SeverityWarning, View: acr.Scenario, Story: sectionScenario, Since: since,
		Criteria: []string{"§3.5.drift"},
		What: "When the repository handles data drift, reports each Mage pipeline that trains a model and that " +
			"nothing but a time schedule can start: no event trigger, and no API trigger that code or configuration " +
			"requests, in its `triggers.yaml`, no sensor " +
			"block upstream of the training that checks drift, no `trigger_pipeline(...)` call naming it and no " +
			"`/api/pipeline_schedules/<id>/pipeline_runs` request in the code.",
		Why: "The plan requires automated retraining triggered by drift detection. A pipeline that only runs on " +
			"a timetable retrains too late after drift and needlessly when there is none.",
		Example: "# pipelines/train_models/triggers.yaml\ntriggers:\n- name: nightly\n  schedule_type: time\n  schedule_interval: '@daily'",
		UseInstead: "triggers:\n- name: nightly\n  schedule_type: time\n  schedule_interval: '@daily'\n" +
			"- name: on_drift      # fired by the drift monitor\n  schedule_type: api\n  status: active",
		Options:    "plan.drift_handling; the `drift` setting (auto, always, never) decides when the rule applies.",
		References: []string{refMageTriggers, refMageAPI, refMageFromCode, refMageSensor},
	}
	RuleDynamicTraining = &acr.Rule{
		ID: "SCN105", Name: "dynamic-training-blocks", Title: "training block does not fan out",
		Severity: acr.SeverityWarning, View: acr.Process, Story: sectionProcess, Since: since,
		Criteria: []string{"§3.2.orchestration"},
		What: "In each Mage pipeline's `metadata.yaml`, reports a block whose code trains a model (an H2O " +
			"estimator's `train`, `H2OAutoML`, an estimator's `fit`, `xgboost.train` ...) that is not a dynamic " +
			"child: no upstream block is dynamic (`configuration: {dynamic: true}` or `dynamic: {parent: true}`) " +
			"without reducing its output first. A training block that is itself dynamic is reported too: a " +
			"dynamic block fans out the blocks below it, it runs once itself.",
		Why: "The plan's Process view requires Mage dynamic blocks to parallelize model training. A training " +
			"block that is not a dynamic child trains every model, fold or segment in one process, one after " +
			"the other.",
		Example: "blocks:\n- uuid: load_segments\n  type: data_loader\n  downstream_blocks: [train_model]\n" +
			"- uuid: train_model\n  type: transformer\n  upstream_blocks: [load_segments]",
		UseInstead: "blocks:\n- uuid: load_segments\n  type: data_loader\n  configuration:\n    dynamic: true\n" +
			"  downstream_blocks: [train_model]\n- uuid: train_model\n  type: transformer\n  upstream_blocks: [load_segments]",
		References: []string{refMageDynamic},
	}
)

// Rules lists the pass's rules in id order.
var Rules = []*acr.Rule{RuleDriftTest, RuleSwapTest, RuleHotSwap, RuleDriftTrigger, RuleDynamicTraining}
