package scenario

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

var (
	// driftNameRE matches the last part of the name of a function that
	// measures drift: detect_drift, compute_psi, ks_2samp,
	// wasserstein_distance, jensenshannon.
	driftNameRE = regexp.MustCompile(`(?i)drift|(^|_)psi($|_)|population_stability|ks_2samp|kstest|kolmogorov|wasserstein|jensenshannon|chi2_contingency`)
	// driftModules are libraries whose calls measure drift.
	driftModules = []string{"evidently", "alibi_detect", "nannyml", "frouros", "river.drift", "deepchecks"}
	// triggerRE matches what an assertion on the Mage retraining trigger
	// mentions.
	triggerRE = regexp.MustCompile(`(?i)trigger|pipeline_runs?\b|pipeline_schedules?|retrain|execute_sync|run_pipeline`)
	// apiRunRE matches the URL of Mage's API trigger endpoint.
	apiRunRE = regexp.MustCompile(`/api/pipeline_schedules/[^\s"']*pipeline_runs`)
	// firesAPITriggerRE matches code or configuration that requests an
	// API trigger whose URL it builds or reads: the endpoint's path in
	// parts, a setting named for the trigger URL.
	firesAPITriggerRE = regexp.MustCompile(`(?i)pipeline_schedules|pipeline_runs|trigger_?url`)
)

// exportRE matches what an assertion on a new MOJO export mentions; the
// plan's model version symbol counts, so a bumped version is evidence.
func exportRE(versionSymbol string) *regexp.Regexp {
	alts := `(?i)mojo|\.zip\b|model_version|new_version`
	if versionSymbol != "" {
		alts += `|\b` + regexp.QuoteMeta(versionSymbol) + `\b`
	}
	return regexp.MustCompile(alts)
}

// isDriftCall reports whether c measures drift.
func isDriftCall(c *pyindex.Call) bool {
	name := callName(c)
	if driftNameRE.MatchString(pyindex.LastName(name)) {
		return true
	}
	for _, mod := range driftModules {
		if c.Callee == mod || strings.HasPrefix(c.Callee, mod+".") {
			return true
		}
	}
	return false
}

// driftVerbs are what a function named for drift must do to measure or
// simulate it: detect_drift, check_drift, inject_drift; not
// deploy_histogram_data_drift_app or get_drift_template.
var driftVerbs = map[string]bool{
	"detect": true, "compute": true, "calculate": true, "calc": true, "measure": true, "check": true,
	"simulate": true, "inject": true, "make": true, "generate": true, "apply": true, "add": true, "induce": true,
	"introduce": true, "create": true, "run": true, "score": true, "evaluate": true, "monitor": true, "has": true,
	"is": true, "find": true,
}

// measuresDrift reports whether a call measures or simulates drift: a drift library, a statistic (PSI, KS, Wasserstein), or a function
// whose name joins drift with a verb that measures or makes it.
func measuresDrift(c *pyindex.Call) bool {
	name := pyindex.LastName(callName(c))
	words := identWords(name)
	hasDrift, hasVerb, other := false, false, false
	for _, w := range words {
		drift := strings.HasPrefix(w, "drift")
		hasDrift = hasDrift || drift
		hasVerb = hasVerb || driftVerbs[w] || w == "drifted" // drifted_columns() finds them
		other = other || !drift && !driftVerbs[w] && !dataWords[w] && !measureWords[w]
	}
	if hasDrift {
		// _generate_drift_notifications makes notifications, not drift.
		return (hasVerb || len(words) == 1) && !other
	}
	return isDriftCall(c)
}

// measureWords are what a drift measurement produces.
var measureWords = map[string]bool{
	"score": true, "report": true, "metric": true, "metrics": true, "stat": true, "stats": true,
	"statistic": true, "statistics": true, "psi": true, "ks": true, "detector": true, "detection": true,
	"value": true, "distance": true, "column": true, "columns": true, "result": true, "results": true,
}

// site is a place in a Python file that is evidence of something.
type site struct {
	pf   *pyFile
	fn   *pyindex.Function // the enclosing function, nil at module level
	node *python.Node
	what string
}

// driftSites returns the calls of drift detectors outside the tests,
// Mage block code included.
func (s *state) driftSites() []site {
	var out []site
	for _, pf := range s.py {
		if s.isTest(pf) {
			continue
		}
		for _, c := range pf.Mod.Calls {
			if measuresDrift(c) {
				out = append(out, site{pf: pf, fn: c.Function, node: c.Node, what: callName(c)})
			}
		}
	}
	return out
}

// driftAnchor returns where findings about missing drift evidence point:
// where the plan says drift handling lives, else the first drift detection
// site, else the test tree; nil for the repository as a whole.
func (s *state) driftAnchor(detected []site) (*pass.File, int) {
	if f := s.firstFileUnder(s.plan.DriftHandling); f != nil {
		return f, 0
	}
	if len(detected) > 0 {
		return detected[0].pf.File, detected[0].node.Start()
	}
	if f := s.testAnchor("drift"); f != nil {
		return f, 0
	}
	return nil, 0
}

func (s *state) checkDrift() {
	detected := s.driftSites()
	mageDrift := false // a Mage block named for drift
	for _, pl := range s.pipelines {
		for _, b := range pl.Blocks {
			mageDrift = mageDrift || driftNameRE.MatchString(b.UUID)
		}
	}
	applies, note := false, ""
	switch driftMode {
	case modeNever:
		note = "the drift setting is never"
	case modeAlways:
		applies = true
	default:
		applies = len(s.plan.DriftHandling) > 0 || len(detected) > 0 || mageDrift
		note = "the plan declares no drift_handling and no code or Mage block detects drift"
	}
	// Retraining through Mage and a new MOJO are the plan's platform: a
	// repository that detects drift but has neither Mage nor H2O (a
	// monitoring library, another ML stack) is not asked for them, unless
	// the plan says where drift handling lives.
	platform := driftMode == modeAlways || len(s.plan.DriftHandling) > 0 || s.usesPlatform()
	for _, id := range []string{CritDriftSimulated, CritTriggerAsserted, CritExportAsserted, CritDriftRetraining} {
		row := s.rec.row(id)
		row.Applies = applies && (platform || id == CritDriftSimulated)
		if !applies {
			row.Note = note
		} else if !row.Applies {
			row.Note = "the repository has neither Mage pipelines nor H2O models"
		}
	}
	if !applies {
		return
	}
	s.checkDriftTest(detected, platform)
	if platform {
		s.checkDriftTrigger()
	}
}

// platformWords show the plan's retraining platform in a module: Mage's
// package or API, H2O's client.
var platformWords = [][]byte{[]byte("mage_ai"), []byte("pipeline_schedules"), []byte("trigger_pipeline"),
	[]byte("import h2o"), []byte("from h2o")}

// usesPlatform reports whether the repository has Mage pipelines or Python
// that uses Mage or H2O.
func (s *state) usesPlatform() bool {
	if len(s.pipelines) > 0 {
		return true
	}
	for _, pf := range s.py {
		for _, w := range platformWords {
			if bytes.Contains(pf.File.Content(), w) {
				return true
			}
		}
	}
	// Test modules count too; the words decide before any parse.
	for _, f := range s.testInputs {
		for _, w := range platformWords {
			if bytes.Contains(f.Content(), w) && s.module(f) != nil {
				return true
			}
		}
	}
	return false
}

// checkDriftTest applies SCN101.
func (s *state) checkDriftTest(detected []site, platform bool) {
	tests := s.testPy()
	// (a) Drift simulated.
	var sims []site
	driftTests := map[*pyFile]bool{} // the test modules that simulate drift
	for _, pf := range tests {
		for _, sm := range simulations(pf) {
			sims = append(sims, sm)
			driftTests[pf] = true
			s.rec.found(CritDriftSimulated, pf.File, sm.node.Start(), sm.what)
		}
	}
	testsDir := dirsText(s.plan.Tests)
	anchorFile, anchorOff := s.driftAnchor(detected)

	// (b) and (c): assertions in the drift test modules, or in any test
	// module when none simulates drift.
	scope := tests
	if len(driftTests) > 0 {
		scope = nil
		for _, pf := range tests {
			if driftTests[pf] {
				scope = append(scope, pf)
			}
		}
	}
	triggers := s.findAssertions(CritTriggerAsserted, scope, triggerRE, "asserts the retraining trigger")
	exports := s.findAssertions(CritExportAsserted, scope, exportRE(s.plan.ModelVersionSymbol), "asserts the new model export")

	// The drift test the findings point at is the one closest to complete:
	// a test function that simulates drift, preferring one that builds
	// shifted data and asserts the trigger or the export.
	var drift *site
	best := -1
	for i := range sims {
		sm := &sims[i]
		score := 0
		if sm.fn != nil && isTestFunction(sm.fn) {
			score += 8
		}
		switch {
		case strings.HasSuffix(sm.what, assertsDriftOutcome):
			score += 2 // builds shifted data and asserts what drift handling does
		case strings.HasPrefix(sm.what, "binds "):
			score++
		}
		if triggers[sm.fn] {
			score += 2
		}
		if exports[sm.fn] {
			score += 2
		}
		if score > best {
			drift, best = sm, score
		}
	}
	if drift == nil {
		s.rec.gap(CritDriftSimulated, anchorFile, anchorOff, anchorOff,
			"no test simulates data drift, so nothing shows that drift handling works end to end: "+
				"add an integration test under %s that builds shifted data or feeds a drift detector and drives retraining", testsDir)
	}
	gapAt := func(id string, format string, args ...any) {
		if drift != nil {
			n := drift.node
			if drift.fn != nil {
				n = functionNameNode(drift.fn)
			}
			s.rec.gap(id, drift.pf.File, n.Start(), n.End(), format, args...)
			return
		}
		s.rec.gap(id, anchorFile, anchorOff, anchorOff, format, args...)
	}
	subject := "no drift test"
	if drift != nil {
		subject = "drift test " + drift.pf.File.Path
		if drift.fn != nil {
			subject = "drift test " + drift.fn.QualName
		}
	}
	if !platform {
		return
	}
	if len(triggers) == 0 {
		gapAt(CritTriggerAsserted,
			"%s asserts that the Mage retraining pipeline is triggered: assert the trigger_pipeline call, "+
				"the /api/pipeline_schedules/<id>/pipeline_runs request or the pipeline run (or a mock of them)", neverOrNo(subject))
	}
	if len(exports) == 0 {
		gapAt(CritExportAsserted,
			"%s asserts that retraining exports a new MOJO: assert the new .zip written by download_mojo or the bumped %s",
			neverOrNo(subject), s.plan.ModelVersionSymbol)
	}
}

// dirsText lists directories for a message: "tests/" or "tests/, it/".
func dirsText(dirs []string) string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = strings.TrimSuffix(d, "/") + "/"
	}
	return strings.Join(out, ", ")
}

// neverOrNo turns "no drift test" into "no drift test" and "drift test
// t" into "drift test t never".
func neverOrNo(subject string) string {
	if strings.HasPrefix(subject, "no ") {
		return subject
	}
	return subject + " never"
}

// simulations returns the places of a test module that simulate drift:
// drift detector calls, calls of helpers named for drift or shifted
// data, names bound to shifted data (fixture parameters included), and
// test functions that make drifted data and assert what drift handling
// does with it, whatever they are called. In a test function the first
// three count only when the test asserts something: a test that feeds a
// detector and checks nothing shows only that the call does not raise.
func simulations(pf *pyFile) []site {
	all := append(namedSimulations(pf), behaviouralSimulations(pf)...)
	out := all[:0]
	asserts := map[*pyindex.Function]bool{}
	for _, sm := range all {
		if sm.fn != nil && isTestFunction(sm.fn) {
			a, ok := asserts[sm.fn]
			if !ok {
				a = assertsAnything(pf.Mod, sm.fn)
				asserts[sm.fn] = a
			}
			if !a {
				continue
			}
		}
		out = append(out, sm)
	}
	sortSites(out)
	return out
}

// namedSimulations returns the drift detector calls, the calls of
// helpers named for shifted data and the names bound to shifted data of
// a test module.
func namedSimulations(pf *pyFile) []site {
	var out []site
	m := pf.Mod
	for _, c := range m.Calls {
		if measuresDrift(c) || makesShiftedData(pyindex.LastName(callName(c))) {
			out = append(out, site{pf: pf, fn: c.Function, node: c.Node, what: "calls " + callName(c)})
		}
	}
	scopes := []*pyindex.Scope{m.Scope}
	for _, fn := range m.Functions {
		scopes = append(scopes, fn.Scope)
	}
	for _, sc := range scopes {
		for name, bs := range sc.Bindings {
			if !bindsShiftedData(name) {
				continue
			}
			for _, b := range bs {
				switch b.Kind {
				case pyindex.AssignBinding, pyindex.ParamBinding, pyindex.WithBinding, pyindex.WalrusBinding, pyindex.ForBinding:
					out = append(out, site{pf: pf, fn: sc.Function, node: b.Node, what: "binds " + name})
				}
				break
			}
		}
	}
	return out
}

// shiftContext are words that make "shift" mean a shifted distribution
// rather than a lag (pandas' shift), a window or a Redshift template.
var shiftContext = map[string]bool{
	"data": true, "distribution": true, "dist": true, "covariate": true, "covariates": true, "batch": true,
	"feature": true, "features": true, "inject": true, "simulate": true, "simulated": true, "apply": true,
	"make": true, "mean": true, "population": true, "label": true, "concept": true, "prior": true,
}

// namesShiftedData reports whether an identifier names drifted or
// shifted data, or a helper that makes it: drifted_batch, inject_drift,
// make_shifted_frame, covariate_shift; not shift_down or redshift_table.
func namesShiftedData(name string) bool {
	words := identWords(name)
	shift, context := false, false
	for _, w := range words {
		switch {
		case strings.HasPrefix(w, "drift") || w == "shifted":
			return true
		case w == "shift":
			shift = true
		case shiftContext[w]:
			context = true
		}
	}
	return shift && context
}

// dataWords are words that keep a name about data: drifted_df,
// shifted_batch, drift_features; a drifted_owner or a drift_template is
// something else that happens to be called drifted.
var dataWords = map[string]bool{
	"df": true, "dataframe": true, "frame": true, "frames": true, "batch": true, "batches": true, "data": true,
	"dataset": true, "features": true, "feature": true, "sample": true, "samples": true, "x": true, "inputs": true,
	"input": true, "rows": true, "records": true, "events": true, "reference": true, "ref": true, "current": true,
	"live": true, "train": true, "test": true, "prod": true, "serving": true, "series": true, "array": true,
	"values": true, "stream": true, "window": true, "table": true, "matrix": true, "distribution": true, "dist": true,
	"population": true, "covariate": true, "covariates": true, "label": true, "labels": true, "concept": true,
	"prior": true, "new": true, "points": true, "scores": true, "predictions": true,
}

// dataNouns are the words of dataWords that name data itself rather than
// qualify it: drift_features is data, new_drift is a result.
var dataNouns = map[string]bool{
	"df": true, "dataframe": true, "frame": true, "frames": true, "batch": true, "batches": true, "data": true,
	"dataset": true, "features": true, "feature": true, "sample": true, "samples": true, "x": true, "inputs": true,
	"input": true, "rows": true, "records": true, "events": true, "series": true, "array": true, "values": true,
	"stream": true, "window": true, "matrix": true, "distribution": true, "dist": true, "population": true,
	"covariate": true, "covariates": true, "points": true,
}

// bindsShiftedData reports whether a bound name holds drifted or shifted
// data: a name about drift whose other words are all about data and that
// names the data (drifted, shifted, shifted_batch, covariate_shift,
// drift_features), not drifted_owner, drift_template, new_drift or a bare
// drift result.
func bindsShiftedData(name string) bool {
	if !namesShiftedData(name) {
		return false
	}
	noun := false
	for _, w := range identWords(name) {
		switch {
		case w == "drifted" || w == "shifted":
			noun = true // the adjective alone stands for the data
		case strings.HasPrefix(w, "drift") || w == "shift":
		case dataWords[w]:
			noun = noun || dataNouns[w]
		default:
			return false
		}
	}
	return noun
}

// makesShiftedData reports whether a helper's name says it makes shifted
// data (make_shifted_batch, shift_distribution); names with drift are
// judged by measuresDrift.
func makesShiftedData(name string) bool {
	for _, w := range identWords(name) {
		if strings.HasPrefix(w, "drift") {
			return false
		}
	}
	return namesShiftedData(name)
}

// identWords splits an identifier into lower-case words at underscores
// and case changes: makeShiftedBatch and make_shifted_batch give make,
// shifted, batch.
func identWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush()
			prevLower = false
			continue
		case r >= 'A' && r <= 'Z' && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	flush()
	return words
}

func sortSites(ss []site) {
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j].node.Start() < ss[j-1].node.Start(); j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

// findAssertions records the positive assertions of the files' functions
// that mention re, directly or through a name bound to something that
// does, and returns the functions that have one. A negative assertion
// (trigger.assert_not_called(), call_count == 0) shows that something did
// not happen, which is no evidence that it does.
func (s *state) findAssertions(id string, files []*pyFile, re *regexp.Regexp, what string) map[*pyindex.Function]bool {
	out := map[*pyindex.Function]bool{}
	for _, pf := range files {
		for _, fn := range pf.Mod.Functions {
			names := taintedNames(fn, re)
			for _, a := range assertionsIn(pf.Mod, fn.Body) {
				if pf.Mod.FunctionAt(a) == fn && mentions(a, re, names) && !negativeAssertion(pf.Mod, a) {
					s.rec.found(id, pf.File, a.Start(), fmt.Sprintf("%s %s", fn.QualName, what))
					out[fn] = true
				}
			}
		}
	}
	return out
}

// checkDriftTrigger applies SCN104 to each Mage pipeline that trains.
func (s *state) checkDriftTrigger() {
	row := s.rec.row(CritDriftRetraining)
	pls, training := s.trainingPipelines()
	if len(pls) == 0 {
		row.Applies = false
		row.Note = "no Mage pipeline trains a model"
		return
	}
	// Code that starts pipelines: trigger_pipeline("uuid") calls and
	// requests to the API trigger endpoint.
	byName := map[string][]site{}
	var apiRuns []site
	var apiFired []evidenceAt // code or configuration that fires some API trigger
	for _, pf := range s.py {
		if s.isTest(pf) {
			continue
		}
		for _, c := range pf.Mod.Calls {
			if pyindex.LastName(callName(c)) != "trigger_pipeline" {
				continue
			}
			if a := c.Arg(0, "pipeline_uuid"); a != nil {
				if v, ok := pyindex.StringValue(a.Value); ok {
					byName[v] = append(byName[v], site{pf: pf, fn: c.Function, node: c.Node, what: "trigger_pipeline(" + v + ")"})
				}
			}
		}
		if n := anyString(pf.Mod.Tree.Root(), apiRunRE); n != nil {
			apiRuns = append(apiRuns, site{pf: pf, node: n, what: "requests the Mage API trigger endpoint"})
		} else if loc := firesAPITriggerRE.FindIndex(pf.File.Content()); loc != nil {
			apiFired = append(apiFired, evidenceAt{file: pf.File, start: loc[0], end: loc[1], what: "requests a Mage API trigger"})
		}
	}
	for _, f := range s.texts {
		if isTestFile(f.Path, s.plan) || path.Base(f.Path) == "triggers.yaml" {
			continue
		}
		if loc := firesAPITriggerRE.FindIndex(f.Content()); loc != nil {
			apiFired = append(apiFired, evidenceAt{file: f, start: loc[0], end: loc[1], what: "names a Mage API trigger URL"})
		}
	}
	for _, st := range apiRuns {
		apiFired = append(apiFired, evidenceAt{file: st.pf.File, start: st.node.Start(), end: st.node.End(), what: st.what})
	}
	for _, pl := range pls {
		if s.driftFirable(pl, training[pl], byName, apiRuns, apiFired) {
			continue
		}
		if api := pl.apiTrigger(); api != nil {
			s.rec.gap(CritDriftRetraining, pl.TriggersFile, pl.TriggersStream.Offset(api.Node), pl.TriggersStream.End(api.Node),
				"api trigger %s of training pipeline %s is requested by no code or configuration in the repository, so nothing "+
					"connects drift detection to retraining: request its /api/pipeline_schedules/<id>/pipeline_runs URL from the drift "+
					"check, or call trigger_pipeline(%q) there", api.Name, pl.UUID, pl.UUID)
			continue
		}
		var timed []string
		var first *mageTrigger
		for _, t := range pl.Triggers {
			if first == nil {
				first = t
			}
			timed = append(timed, fmt.Sprintf("%s %s", t.Name, t.Interval))
		}
		if first != nil {
			n := first.Node
			s.rec.gap(CritDriftRetraining, pl.TriggersFile, pl.TriggersStream.Offset(n), pl.TriggersStream.End(n),
				"training pipeline %s starts only on its schedule (%s), so drift cannot start retraining: add an api trigger "+
					"the drift monitor calls, a drift-checking sensor upstream of %s, or trigger_pipeline(%q) in the drift check",
				pl.UUID, strings.TrimSpace(strings.Join(timed, ", ")), training[pl][0].UUID, pl.UUID)
			continue
		}
		anchor := pl.Anchor
		if anchor == nil {
			anchor = training[pl][0].UUIDNode
		}
		s.rec.gap(CritDriftRetraining, pl.File, pl.Stream.Offset(anchor), pl.Stream.End(anchor),
			"training pipeline %s has no trigger in code that drift can fire: add an api trigger to "+
				"%s/triggers.yaml for the drift monitor to call, a drift-checking sensor upstream of %s, or trigger_pipeline(%q) in the drift check",
			pl.UUID, dirOf(pl.File.Path), training[pl][0].UUID, pl.UUID)
	}
}

// driftFirable records and reports whether something other than a time
// schedule can start the pipeline.
//
// An event trigger fires on events outside the repository; an api trigger
// counts when code or configuration requests one, since a trigger that
// nothing requests connects nothing to drift.
func (s *state) driftFirable(pl *magePipeline, training []*mageBlock, byName map[string][]site, apiRuns []site, apiFired []evidenceAt) bool {
	ok := false
	for _, t := range pl.Triggers {
		if t.ScheduleType == "event" || t.ScheduleType == "api" && len(apiFired) > 0 {
			s.rec.found(CritDriftRetraining, pl.TriggersFile, pl.TriggersStream.Offset(t.Node),
				fmt.Sprintf("pipeline %s has %s trigger %s", pl.UUID, t.ScheduleType, t.Name))
			ok = true
		}
	}
	for _, b := range training {
		for _, u := range pl.ancestors(b) {
			if u.Type == "sensor" && s.checksDrift(u) {
				s.rec.found(CritDriftRetraining, pl.File, pl.Stream.Offset(u.UUIDNode),
					fmt.Sprintf("sensor %s checks drift upstream of %s", u.UUID, b.UUID))
				ok = true
			}
		}
	}
	for _, st := range byName[pl.UUID] {
		s.rec.found(CritDriftRetraining, st.pf.File, st.node.Start(), st.what)
		ok = true
	}
	if pl.TriggersFile == nil {
		// The API trigger may live in Mage's database only; a request to
		// the endpoint shows the code fires one.
		for _, st := range apiRuns {
			s.rec.found(CritDriftRetraining, st.pf.File, st.node.Start(), st.what)
			ok = true
		}
	}
	return ok
}

// checksDrift reports whether a block measures drift: its name says so or
// its code calls a drift detector.
func (s *state) checksDrift(b *mageBlock) bool {
	if driftNameRE.MatchString(b.UUID) || driftNameRE.MatchString(b.Name) {
		return true
	}
	if pf := s.module(b.Code); pf != nil {
		for _, c := range pf.Mod.Calls {
			if measuresDrift(c) {
				return true
			}
		}
	}
	return false
}

// apiTrigger returns the pipeline's first api trigger, nil when it has
// none.
func (pl *magePipeline) apiTrigger() *mageTrigger {
	for _, t := range pl.Triggers {
		if t.ScheduleType == "api" {
			return t
		}
	}
	return nil
}

func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}
