package scenario

import (
	_ "embed"

	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
)

// doc is the package comment: its "# Analyzer scenario" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer checks the Scenario view's evidence and the Process view's
// orchestration concurrency. Its result is an *Evidence table.
var Analyzer = &acr.Analyzer{
	Name:  "scenario",
	Doc:   acr.MustExtractDoc(doc, "scenario"),
	Kinds: []pass.Kind{pass.Python, pass.Mage, pass.YAML, pass.Text},
	KindTriggers: map[pass.Kind][]string{
		pass.Python: pythonTriggers,
		pass.Mage:   nil, // every pipeline: training blocks are found through their code
		pass.YAML:   {"schedule_type", "locust", "k6 run", "k6/http"},
		pass.Text:   {"locust", "k6"},
	},
	// Tests, and how the service serves its model, are evidence wherever
	// they are in those trees; elsewhere the words below decide.
	Trees: func(p *acr.Plan) []string {
		return append(append(append([]string{}, p.Service...), p.Common...), p.Tests...)
	},
	Requires:   []*acr.Analyzer{pyindex.Analyzer},
	ResultType: reflect.TypeFor[*Evidence](),
	Rules:      Rules,
	Run:        run,
}

// pythonTriggers are the words without which a Python file can be
// evidence of nothing the pass looks for.
var pythonTriggers = []string{
	"drift", "Drift", "_psi", "psi_", "psi(", "_PSI", "PSI_", "PSI(", "population_stability",
	"ks_2samp", "kstest", "kolmogorov", "wasserstein", "jensenshannon", "chi2_contingency", "evidently", "alibi", "nannyml",
	"pipeline_run", "pipeline_schedule", "trigger_pipeline", "retrain",
	"mojo", "MOJO", "Mojo", "h2o", "AutoML",
	"locust", "k6 run", `"k6"`, "'k6'",
	"@transformer", "@custom", "@sensor", "@data_loader", "@data_exporter",
}

// Modes of the drift and hotswap settings.
const (
	modeAuto   = "auto"
	modeAlways = "always"
	modeNever  = "never"
)

var (
	driftMode   = modeAuto
	hotswapMode = modeAuto
)

func init() {
	Analyzer.Flags.StringVar(&driftMode, "drift", modeAuto,
		"when the drift rules (SCN101, SCN104) apply: auto (the plan declares drift_handling or code detects drift), always, never")
	Analyzer.Flags.StringVar(&hotswapMode, "hotswap", modeAuto,
		"when the model swap rules (SCN102, SCN103) apply: auto (the service or common tree serves a model), always, never")
}

func checkMode(name, v string) error {
	switch v {
	case modeAuto, modeAlways, modeNever:
		return nil
	}
	return fmt.Errorf("setting %s: %q is not one of auto, always, never", name, v)
}

// state is what one run knows about the repository.
type state struct {
	pass *acr.Pass
	plan *acr.Plan
	idx  *pyindex.Index
	rec  *evidenceRecorder

	py         []*pyFile          // Python inputs outside the tests that parsed, in input order
	srcInputs  []*pass.File       // Python inputs outside the tests
	testInputs []*pass.File       // Python inputs of the test suite, parsed by allPy
	order      map[*pass.File]int // index of a Python input in p.Files' order
	all        []*pyFile          // every Python input that parsed, once allPy ran
	byPath     map[string]*pyFile
	pipelines  []*magePipeline
	texts      []*pass.File // Text and YAML inputs
	inputs     map[*pass.File]bool
}

func run(p *acr.Pass) (any, error) {
	if err := checkMode("drift", driftMode); err != nil {
		return nil, err
	}
	if err := checkMode("hotswap", hotswapMode); err != nil {
		return nil, err
	}
	idx, _ := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
	if idx == nil {
		return nil, fmt.Errorf("scenario: the pyindex result is missing")
	}
	plan := p.Plan.WithDefaults()
	s := &state{pass: p, plan: plan, idx: idx, rec: &evidenceRecorder{pass: p, ev: newEvidence()}, byPath: map[string]*pyFile{}}

	s.inputs = map[*pass.File]bool{}
	var pyInputs []*pass.File
	for _, f := range p.Files {
		s.inputs[f] = true
		switch f.Kind {
		case pass.Python:
			pyInputs = append(pyInputs, f)
		case pass.Text, pass.YAML:
			s.texts = append(s.texts, f)
		}
	}
	// Service and library modules are parsed now, in parallel; test
	// modules only when a check that reads tests applies (allPy): most
	// repositories have a large test suite and no drift or model swap to
	// ask it about. The summaries are kept: the driver releases a file's
	// syntax once every pass is done with it, so the sequential reasoning
	// below must not ask for it again.
	for _, f := range pyInputs {
		if isTestFile(f.Path, plan) {
			s.testInputs = append(s.testInputs, f)
		} else {
			s.srcInputs = append(s.srcInputs, f)
		}
	}
	s.order = make(map[*pass.File]int, len(pyInputs))
	for i, f := range pyInputs {
		s.order[f] = i
	}
	s.py = s.parseAll(s.srcInputs)
	for _, f := range p.Files {
		// A pipeline under the test tree is a fixture, not the platform.
		if f.Kind != pass.Mage || acr.InTree(f.Path, plan.Tests) {
			continue
		}
		pl, err := parsePipeline(f, p.Repo)
		if err != nil {
			p.ReportSyntaxError(err)
		}
		if pl != nil {
			s.pipelines = append(s.pipelines, pl)
		}
	}
	sort.Slice(s.pipelines, func(i, j int) bool { return s.pipelines[i].File.Path < s.pipelines[j].File.Path })

	s.checkDynamicTraining()
	s.checkDrift()
	s.checkSwap()
	s.rec.settle()
	return s.rec.ev, nil
}

// parseAll parses files in parallel, reports their syntax errors and
// returns the summaries of those that parsed, in the order of files.
// A file already parsed (by module) keeps its summary.
func (s *state) parseAll(files []*pass.File) []*pyFile {
	mods := make([]*pyindex.Module, len(files))
	errs := make([]error, len(files))
	pos := make(map[*pass.File]int, len(files))
	var todo []*pass.File
	for i, f := range files {
		pos[f] = i
		if s.byPath[f.Path] == nil {
			todo = append(todo, f)
		}
	}
	s.pass.ForEachFile(todo, func(f *pass.File) { mods[pos[f]], errs[pos[f]] = s.idx.Module(f) })
	var out []*pyFile
	for i, f := range files {
		if pf := s.byPath[f.Path]; pf != nil {
			out = append(out, pf)
			continue
		}
		if errs[i] != nil {
			s.pass.ReportSyntaxError(errs[i])
		}
		if mods[i] != nil {
			pf := &pyFile{File: f, Mod: mods[i]}
			s.byPath[f.Path] = pf
			out = append(out, pf)
		}
	}
	return out
}

// allPy returns every Python input that parsed, tests included, in input
// order; the test modules are parsed on the first call.
func (s *state) allPy() []*pyFile {
	if s.all == nil {
		tests := s.parseAll(s.testInputs)
		s.all = append(append(make([]*pyFile, 0, len(s.py)+len(tests)), s.py...), tests...)
		sort.SliceStable(s.all, func(i, j int) bool { return s.order[s.all[i].File] < s.order[s.all[j].File] })
	}
	return s.all
}

// testPy returns the test modules that parsed, in input order.
func (s *state) testPy() []*pyFile {
	var out []*pyFile
	for _, pf := range s.allPy() {
		if s.isTest(pf) {
			out = append(out, pf)
		}
	}
	return out
}

// module returns the parsed summary of a Python file, reporting its
// syntax error; nil when the file cannot be parsed at all or is not
// Python.
func (s *state) module(f *pass.File) *pyFile {
	if f == nil || f.Kind != pass.Python {
		return nil
	}
	if pf := s.byPath[f.Path]; pf != nil {
		return pf
	}
	m, err := s.idx.Module(f)
	if err != nil {
		s.pass.ReportSyntaxError(err)
	}
	if m == nil {
		return nil
	}
	pf := &pyFile{File: f, Mod: m}
	s.byPath[f.Path] = pf
	return pf
}

// isServing reports whether a Python file is service code: in the plan's
// service or common trees and not a test.
func (s *state) isServing(pf *pyFile) bool {
	return (acr.InTree(pf.File.Path, s.plan.Service) || acr.InTree(pf.File.Path, s.plan.Common)) && !isTestFile(pf.File.Path, s.plan)
}

func (s *state) isTest(pf *pyFile) bool { return isTestFile(pf.File.Path, s.plan) }

// testAnchor returns the test file findings about missing tests point at:
// a test file whose path has one of the words (as a word: load matches
// tests/load/ and test_swap_under_load.py, not workload), else any test
// file. Among those, a file the pass reads comes first, so an
// acr:ignore directive in it is honored; nil when there is no test file.
func (s *state) testAnchor(words ...string) *pass.File {
	var best *pass.File
	bestRank := 0
	for _, f := range s.pass.Repo.Files() {
		// An empty file (an __init__.py) has no line to point at.
		if f.Kind != pass.Python || f.Size == 0 || !isTestFile(f.Path, s.plan) {
			continue
		}
		rank := 1
		if s.inputs[f] {
			rank++
		}
		if pathHasWord(f.Path, words) {
			rank += 2
		}
		if rank > bestRank {
			best, bestRank = f, rank
		}
	}
	return best
}

// pathHasWord reports whether a path has one of the words as a word of a
// directory or file name; drift also matches drifted and drift_test.
func pathHasWord(p string, words []string) bool {
	for _, part := range identWords(strings.TrimSuffix(p, ".py")) {
		for _, seg := range strings.Split(part, "/") {
			for _, w := range words {
				if seg == w || w == "drift" && strings.HasPrefix(seg, w) {
					return true
				}
			}
		}
	}
	return false
}

// firstFileUnder returns the first file of the repository in one of the
// directories (or equal to one of the paths), preferring Python files.
func (s *state) firstFileUnder(dirs []string) *pass.File {
	var any *pass.File
	for _, d := range dirs {
		d = strings.Trim(strings.TrimPrefix(d, "./"), "/")
		if d == "" {
			continue
		}
		if f := s.pass.Repo.Lookup(d); f != nil {
			return f
		}
		for _, f := range s.pass.Repo.Files() {
			if f.Size == 0 || !acr.InTree(f.Path, []string{d}) {
				continue
			}
			if f.Kind == pass.Python {
				return f
			}
			if any == nil {
				any = f
			}
		}
	}
	return any
}
