// Package checker is the acr driver: it finds the artifacts of a
// repository, decides which pass reads which file with byte triggers before
// anything is parsed, runs the passes' Requires graph in parallel with
// bounded workers, and returns the findings sorted, deduplicated and
// filtered by suppression directives.
//
// Other Go tools call Run directly; cmd/acrvet is a thin main over the
// multichecker package, which calls it.
package checker

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/pass"
)

// Options configure a run.
type Options struct {
	// Root is the repository root. Empty: the directory of the .acr.yaml
	// found from the first root upwards, else the enclosing git work tree,
	// else the first root itself.
	Root string
	// Config is the configuration; nil loads Root's .acr.yaml or the
	// defaults.
	Config *config.Config
	// Workers bounds the parallelism; 0 means GOMAXPROCS.
	Workers int
	// PassesChosen means the caller chose the analyzers explicitly (acrvet
	// -NAME flags), so the config's passes: section does not narrow them.
	PassesChosen bool
	// KeepBytes bounds the input bytes held in memory between the scan and
	// the passes (0: DefaultKeepBytes).
	KeepBytes int64
	// Shard and Shards split a run across CI jobs: job Shard of Shards
	// (0-based) runs file-local passes over its share of the files and,
	// in shard 0, every other pass whole. The union of the shards'
	// findings is the findings of one run. Shards 0 means no split.
	Shard, Shards int
	// Cache, when set, keeps each pass's findings between runs.
	Cache *Cache
	// Context, when set, cancels the run: no pass starts and no file is
	// handed to a pass once it is done, and Run returns its error. Nothing
	// is cached from a cancelled run.
	Context context.Context
	// FlagsSet names the pass flags ("pass.flag") set on the command line;
	// the config's settings do not override them.
	FlagsSet map[string]bool
	// RuleEnabled, when set, reports whether a rule code is on (acrvet
	// -select, -ignore): findings of rules that are off are dropped, as
	// the config's disable: drops them, and a pass with no rule on does
	// not run.
	RuleEnabled func(id string) bool
	// Known are the analyzers the tool knows: the names the config gives
	// (passes:, disable:, settings:) must be theirs. Nil: the analyzers
	// given to Run.
	Known []*acr.Analyzer
}

// A Finding is a diagnostic with its rule and resolved positions.
type Finding struct {
	Analyzer   *acr.Analyzer // nil for the driver's own rules
	Rule       *acr.Rule
	Diagnostic acr.Diagnostic
	File       *pass.File // nil for a finding about the repository as a whole
	Posn, End  pass.Position
	// Note is set for a finding its pass reported at note severity
	// (acr.Pass.ReportNote) whatever its rule's severity.
	Note bool
	// Verified is an engine's verdict on the finding (acrvet -verify), nil
	// when no engine checked it.
	Verified *Evidence
}

// Severity returns the finding's severity: its rule's, or note.
func (fd Finding) Severity() acr.Severity {
	if fd.Note || fd.Rule == nil {
		return acr.SeverityNote
	}
	return fd.Rule.Severity
}

// Evidence is what an engine (PostgreSQL, h2o-genmodel) showed about a
// finding; package verify makes it.
type Evidence struct {
	Engine   string `json:"engine"`   // "PostgreSQL 15.18", "h2o-genmodel 3.46.0.11"
	Result   string `json:"result"`   // "confirmed", "disproved" or "failed"
	Evidence string `json:"evidence"` // what the engine showed
}

// Result is the outcome of a run.
type Result struct {
	Root      string
	Config    *config.Config
	Fset      *token.FileSet
	Repo      *pass.Repo
	Analyzers []*acr.Analyzer // the analyzers asked for, with their requirements
	Findings  []Finding       // sorted by path, position, rule
	// Suppressed are findings an acr:ignore directive removed.
	Suppressed []Finding
	// Errors are analysis errors: passes that failed, panicked or were
	// skipped. A run with errors is incomplete.
	Errors []error
	// Notes say which files were not reviewed and why.
	Notes []Note
	// Results holds each analyzer's result.
	Results map[*acr.Analyzer]any
	// Examined holds what each analyzer examined (acr.Pass.Examined), so
	// a report can tell a criterion checked from one with nothing to check.
	Examined map[*acr.Analyzer][]acr.Count
	// Inputs holds the files each analyzer read.
	Inputs map[*acr.Analyzer][]*pass.File
	// Reparsed counts parsed values computed again after the driver had
	// released them: a pass that reads syntax outside ForEachFile after
	// every pass was done with the file. It should be zero.
	Reparsed int
}

func contextOr(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// FindRoot returns the repository root for a walk root, as Options.Root
// documents.
func FindRoot(first string) (string, error) {
	first = strings.TrimSuffix(first, "/...")
	if first == "" || first == "..." {
		first = "."
	}
	abs, err := filepath.Abs(first)
	if err != nil {
		return "", err
	}
	dir := abs
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	if c := config.Find(dir); c != "" {
		return filepath.Dir(c), nil
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return dir, nil
}

// Run reviews the files under roots (files, directories, or dir/...) with
// the analyzers and everything they require. The error is for problems that
// stop the run before any pass runs: a bad config, invalid analyzers, a root
// that does not exist.
func Run(roots []string, analyzers []*acr.Analyzer, opts Options) (*Result, error) {
	if len(roots) == 0 {
		roots = []string{"."}
	}
	if err := acr.Validate(analyzers); err != nil {
		return nil, err
	}
	root := opts.Root
	if root == "" {
		r, err := FindRoot(roots[0])
		if err != nil {
			return nil, err
		}
		root = r
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	cfg := opts.Config
	if cfg == nil {
		if p := filepath.Join(root, config.FileName); fileExists(p) {
			if cfg, err = config.Load(relToWD(p)); err != nil {
				return nil, err
			}
		} else {
			cfg = config.Default()
		}
	}
	known := opts.Known
	if known == nil {
		known = analyzers
	}
	if err := cfg.Check(known); err != nil {
		return nil, err
	}
	if !opts.PassesChosen {
		analyzers = cfg.Select(analyzers)
	}
	ruleOn := func(rule *acr.Rule) bool {
		return !cfg.RuleDisabled(rule) && (opts.RuleEnabled == nil || opts.RuleEnabled(rule.ID))
	}
	analyzers = slices.DeleteFunc(slices.Clone(analyzers), func(a *acr.Analyzer) bool {
		return len(a.Rules) > 0 && !slices.ContainsFunc(a.Rules, ruleOn)
	})
	if err := cfg.ApplySettings(analyzers, func(p, f string) bool { return opts.FlagsSet[p+"."+f] }); err != nil {
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	r := &run{
		cfg:       cfg,
		all:       acr.Closure(analyzers),
		requested: analyzers,
		fset:      token.NewFileSet(),
		sem:       make(chan struct{}, workers),
		ctx:       contextOr(opts.Context),
		cache:     opts.Cache,
		keepBytes: opts.KeepBytes,
		failed:    map[*acr.Analyzer]bool{},
		ruleOn:    ruleOn,
		known:     known,
	}
	if r.keepBytes <= 0 {
		r.keepBytes = DefaultKeepBytes
	}
	w := &walker{root: root, cfg: cfg, workers: workers}
	scope, err := newScope(root, roots)
	if err != nil {
		return nil, err
	}
	r.scopes = scope.paths
	// Paths that cover part of the repository narrow what is reported,
	// not what repository-wide passes see: they walk the whole
	// repository, so a finding inside the paths is the one a full run
	// gives (a "no drift test" does not appear because tests/ was left
	// out, a layer import does not vanish with its target).
	whole := scope.partial() && slices.ContainsFunc(r.all, func(a *acr.Analyzer) bool { return len(a.Rules) > 0 && !a.FileLocal })
	walkRoots := roots
	if whole {
		walkRoots = append([]string{root}, scope.files...)
	}
	if err := w.walkRoots(walkRoots); err != nil {
		return nil, err
	}
	cands := w.out
	r.hidden = w.hidden
	if opts.Shards > 1 && (opts.Shard < 0 || opts.Shard >= opts.Shards) {
		return nil, fmt.Errorf("shard %d is outside 0..%d", opts.Shard, opts.Shards-1)
	}
	metas := r.scan(root, cands, workers)
	r.scanWants = make([][]bool, len(metas))
	for k := range metas {
		r.scanWants[k] = slices.Clone(metas[k].wants)
	}
	if opts.Shards > 1 {
		r.shardIdx, r.shards = opts.Shard, opts.Shards
		r.shard(cands, metas, opts.Shard, opts.Shards)
	}
	r.assignInputs(metas)
	if whole {
		// After the helpers took their inputs from every dependent's
		// full choice: a helper then reads what it reads in a whole run,
		// so the cache keys of the passes that require it are the whole
		// run's, and a narrowed run is served from the whole run's cache.
		scope.narrowFileLocal(r.all, cands, metas)
		r.indexInputs(metas)
	}
	running := r.all
	if len(r.sharded) > 0 {
		running = nil
		for _, a := range r.all {
			if !r.sharded[a] {
				running = append(running, a)
			}
		}
	}
	if r.cache != nil {
		running = r.lookupCache(metas, cands, running)
	}
	files, notes := r.materialize(cands, metas, running)
	repo := pass.NewRepo(root, files)
	r.repo = repo
	r.countUsers(running)
	r.execute(running)
	if err := r.ctx.Err(); err != nil {
		return nil, fmt.Errorf("the run was cancelled: %w", err)
	}
	if r.cache != nil {
		r.storeCache(root, cands, metas, running)
	}

	res := &Result{
		Root:      root,
		Config:    cfg,
		Fset:      r.fset,
		Repo:      repo,
		Analyzers: r.all,
		Notes:     append(append(w.notes, notes...), r.allPassNotes()...),
		Results:   map[*acr.Analyzer]any{},
		Examined:  r.examined,
		Inputs:    r.inputs,
	}
	for a, o := range r.outcomes {
		if o.err == nil {
			res.Results[a] = o.result
		}
	}
	for _, f := range files {
		res.Reparsed += f.Recomputed()
	}
	res.Findings, res.Suppressed = r.findings()
	res.Notes = append(res.Notes, r.aliasNotes...)
	if whole {
		res.Findings = scope.findings(res.Findings)
		res.Suppressed = scope.findings(res.Suppressed)
		res.Notes = scope.notes(res.Notes)
	}
	res.Errors = r.errors()
	sort.SliceStable(res.Notes, func(i, j int) bool { return res.Notes[i].Path < res.Notes[j].Path })
	return res, nil
}

// relToWD returns an absolute path relative to the working directory when
// it lies below it, as acrvet prints every path.
func relToWD(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// setExamined records what a pass examined.
func (r *run) setExamined(a *acr.Analyzer, counts []acr.Count) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.examined == nil {
		r.examined = map[*acr.Analyzer][]acr.Count{}
	}
	r.examined[a] = counts
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// run holds the state of one Run.
type run struct {
	ctx       context.Context // never nil
	cfg       *config.Config
	ruleOn    func(*acr.Rule) bool // disable: and the caller's selection
	known     []*acr.Analyzer      // every analyzer the tool knows, for directive names
	cache     *Cache
	all       []*acr.Analyzer
	requested []*acr.Analyzer
	fset      *token.FileSet
	repo      *pass.Repo
	sem       chan struct{}
	inputs    map[*acr.Analyzer][]*pass.File
	inputIdx  map[*acr.Analyzer][]int // indices into the candidates
	// directives are the files whose bytes hold "acr:", as the scan saw.
	directives map[*pass.File]bool

	// Cache state: each reporting pass's key, the entries found, and the
	// passes that failed and so must not be cached.
	keys         map[*acr.Analyzer]string
	cached       map[*acr.Analyzer]*passEntry
	cachedResult map[*acr.Analyzer]any
	failed       map[*acr.Analyzer]bool

	// users counts, per file, the running passes not yet done with it;
	// at zero its parsed syntax is released.
	users   map[*pass.File]int
	doneSet map[doneKey]bool

	// sharded holds the passes another shard runs.
	sharded          map[*acr.Analyzer]bool
	shardIdx, shards int
	// scopes are the repo-relative paths the run was given.
	scopes []string
	// scanWants is each candidate's wants as the scan decided them, before
	// shards, paths and helpers changed them: what the stat table keeps.
	scanWants [][]bool
	// hidden are files the walk passed over (.gitignore, exclude:) that
	// passes may still read from disk, such as a compose .env: their
	// stats are part of every cache key.
	hidden []candidate

	kept      atomic.Int64 // bytes the scan kept
	keepBytes int64

	// statClean: the stat table loaded held every file, unchanged.
	statClean bool

	treesOnce sync.Once
	trees     [][]string // by index in all: each analyzer's Trees under the plan

	triggerMu sync.Mutex
	triggers  map[pass.Kind]*triggerSet

	mu       sync.Mutex
	examined map[*acr.Analyzer][]acr.Count
	// aliasNotes say where the config or a directive names a rule by a
	// former code or name.
	aliasNotes []Note
	diags      []rawDiag
	// passNotes are the notes passes recorded, or their cache held.
	passNotes map[*acr.Analyzer][]Note
	errs      []error
	outcomes  map[*acr.Analyzer]*outcome
}

// notePass records notes of a pass.
func (r *run) notePass(a *acr.Analyzer, notes ...Note) {
	if len(notes) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.passNotes == nil {
		r.passNotes = map[*acr.Analyzer][]Note{}
	}
	r.passNotes[a] = append(r.passNotes[a], notes...)
}

// allPassNotes returns the notes of every pass, each once.
func (r *run) allPassNotes() []Note {
	var out []Note
	seen := map[Note]bool{}
	for _, a := range r.all {
		for _, n := range r.passNotes[a] {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

type rawDiag struct {
	analyzer *acr.Analyzer
	diag     acr.Diagnostic
	note     bool // reported at note severity (Pass.ReportNote)
}

type outcome struct {
	result any
	err    error
	done   chan struct{}
}

// readsAny reports whether some analyzer of the run reads kind.
func (r *run) readsAny(kind pass.Kind) bool {
	for _, a := range r.all {
		if a.ReadsKind(kind) {
			return true
		}
	}
	return false
}

// contentDecidesKind reports whether the content of a file can change the
// kind its name gives: YAML may be Compose, Kubernetes or Mage metadata,
// and a file without extension may be a Python script.
func contentDecidesKind(rel string, byName pass.Kind) bool {
	return byName == pass.YAML || byName == pass.Text && path.Ext(rel) == ""
}

// execute runs every analyzer once its requirements are done, each in its
// own goroutine; per-file work is bounded by the worker semaphore.
func (r *run) execute(running []*acr.Analyzer) {
	r.outcomes = map[*acr.Analyzer]*outcome{}
	for _, a := range r.all {
		r.outcomes[a] = &outcome{done: make(chan struct{})}
	}
	isRunning := map[*acr.Analyzer]bool{}
	for _, a := range running {
		isRunning[a] = true
	}
	for _, a := range r.all {
		if !isRunning[a] {
			// Served from the cache, or a helper no running pass needs.
			o := r.outcomes[a]
			if e := r.cached[a]; e != nil {
				o.result = r.cachedResult[a]
				r.diags = append(r.diags, fromCached(r.repo, a, e.Diags)...)
				r.notePass(a, e.Notes...)
			}
			close(o.done)
		}
	}
	var wg sync.WaitGroup
	for _, a := range running {
		wg.Add(1)
		go func(a *acr.Analyzer) {
			defer wg.Done()
			o := r.outcomes[a]
			defer close(o.done)
			results := map[*acr.Analyzer]any{}
			for _, req := range a.Requires {
				ro := r.outcomes[req]
				<-ro.done
				if ro.err != nil {
					o.err = fmt.Errorf("%s: skipped because its prerequisite %s failed", a.Name, req.Name)
					return
				}
				results[req] = ro.result
			}
			if err := r.ctx.Err(); err != nil {
				o.err = err
				return
			}
			o.result, o.err = r.runAnalyzer(a, results)
		}(a)
	}
	wg.Wait()
}

func (r *run) runAnalyzer(a *acr.Analyzer, results map[*acr.Analyzer]any) (result any, err error) {
	p := &acr.Pass{
		Analyzer: a,
		Fset:     r.fset,
		Files:    r.inputs[a],
		Repo:     r.repo,
		Plan:     r.cfg.Plan,
		ResultOf: results,
		Report: func(d acr.Diagnostic) {
			r.mu.Lock()
			r.diags = append(r.diags, rawDiag{analyzer: a, diag: d})
			r.mu.Unlock()
		},
		ReportAsNote: func(d acr.Diagnostic) {
			r.mu.Lock()
			r.diags = append(r.diags, rawDiag{analyzer: a, diag: d, note: true})
			r.mu.Unlock()
		},
	}
	p.Note = func(path, reason string) { r.notePass(a, Note{path, reason}) }
	p.ForEachFile = func(files []*pass.File, fn func(*pass.File)) { r.forEachFile(a, files, fn) }
	p.Tally = &acr.Tally{}
	defer func() { r.setExamined(a, p.Tally.Counts()) }()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: panic: %v\n%s", a.Name, v, debug.Stack())
		}
	}()
	result, err = a.Run(p)
	for _, f := range p.Files {
		r.doneWith(a, f)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Name, err)
	}
	if err := checkResultType(a, result); err != nil {
		return nil, err
	}
	return result, nil
}

// checkResultType enforces Analyzer.ResultType, as go/analysis does: the
// passes that read ResultOf type-assert it, so a mismatch is the pass's
// error here rather than a panic in every dependent.
func checkResultType(a *acr.Analyzer, result any) error {
	got, want := reflect.TypeOf(result), a.ResultType
	switch {
	case got == want:
		return nil
	case want == nil:
		return fmt.Errorf("%s: Run returned a result of type %v, but the analyzer declares no ResultType", a.Name, got)
	case got == nil:
		return fmt.Errorf("%s: Run returned no result, but the analyzer declares ResultType %v", a.Name, want)
	}
	return fmt.Errorf("%s: Run returned a result of type %v, but the analyzer declares ResultType %v", a.Name, got, want)
}

// forEachFile calls fn for each file on a few long-lived goroutines, each
// taking a worker token per file, so the run's bound on parallel work
// holds across passes. A goroutine per file grew a fresh stack for every
// parse, which cost as much as the GC. Files go in path order: taking the
// largest first shortened the tail but had the workers parse the largest
// files at the same time, and the C parsers' memory for them raised the
// peak RSS of ten copies of the standard library by 40 MB.
func (r *run) forEachFile(a *acr.Analyzer, files []*pass.File, fn func(*pass.File)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(cap(r.sem), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) || r.ctx.Err() != nil {
					return
				}
				r.sem <- struct{}{}
				r.callOnFile(a, files[i], fn)
				<-r.sem
			}
		}()
	}
	wg.Wait()
}

// callOnFile runs fn on one file, turning a panic into an error that
// names the pass and the file.
func (r *run) callOnFile(a *acr.Analyzer, f *pass.File, fn func(*pass.File)) {
	defer func() {
		if v := recover(); v != nil {
			r.mu.Lock()
			r.errs = append(r.errs, fmt.Errorf("%s: panic while analyzing %s: %v\n%s", a.Name, f.Path, v, debug.Stack()))
			r.failed[a] = true
			r.mu.Unlock()
		}
	}()
	fn(f)
	r.doneWith(a, f)
}

type doneKey struct {
	a *acr.Analyzer
	f *pass.File
}

// countUsers records how many running passes read each file.
func (r *run) countUsers(running []*acr.Analyzer) {
	r.users = map[*pass.File]int{}
	r.doneSet = map[doneKey]bool{}
	for _, a := range running {
		for _, f := range r.inputs[a] {
			r.users[f]++
		}
	}
}

// doneWith records that a pass is done with a file, releasing the file's
// syntax when no running pass still needs it.
func (r *run) doneWith(a *acr.Analyzer, f *pass.File) {
	r.mu.Lock()
	k := doneKey{a, f}
	if r.doneSet[k] {
		r.mu.Unlock()
		return
	}
	r.doneSet[k] = true
	r.users[f]--
	last := r.users[f] == 0
	r.mu.Unlock()
	if last {
		f.ReleaseBytes()
	}
}

func (r *run) errors() []error {
	var errs []error
	for _, a := range r.all {
		if o := r.outcomes[a]; o.err != nil {
			errs = append(errs, o.err)
		}
	}
	errs = append(errs, r.errs...)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errs
}

// findings resolves, deduplicates, suppresses and sorts the diagnostics.
func (r *run) findings() (kept, suppressed []Finding) {
	rules := acr.RuleIndex(r.all)
	for _, name := range r.cfg.Disable {
		r.noteAlias(rules, r.cfg.Path, "disable", name)
	}
	type key struct {
		pos, end token.Pos
		cat, msg string
	}
	seen := make(map[key]bool, len(r.diags))
	all := make([]Finding, 0, len(r.diags))
	for _, d := range r.diags {
		k := key{d.diag.Pos, d.diag.End, d.diag.Category, d.diag.Message}
		if seen[k] {
			continue // a syntax error hit by several passes, say
		}
		seen[k] = true
		ref, ok := rules[d.diag.Category]
		if !ok {
			r.errs = append(r.errs, fmt.Errorf("%s: reported a diagnostic with unknown rule %q: %s", d.analyzer.Name, d.diag.Category, d.diag.Message))
			continue
		}
		if !r.ruleOn(ref.Rule) {
			continue
		}
		fd := Finding{Analyzer: d.analyzer, Rule: ref.Rule, Diagnostic: d.diag, Note: d.note}
		if ref.Analyzer == nil {
			fd.Analyzer = nil
		}
		fd.File, fd.Posn = r.resolve(d.diag.Pos)
		if d.diag.End.IsValid() {
			_, fd.End = r.resolve(d.diag.End)
		} else {
			fd.End = fd.Posn
		}
		all = append(all, fd)
	}

	// Suppression directives of every file a pass read or reported on.
	dirs := map[*pass.File][]*directive{}
	reviewed := map[*pass.File]map[string]bool{} // file -> names of passes that read it
	for a, in := range r.inputs {
		for _, f := range in {
			if reviewed[f] == nil {
				reviewed[f] = map[string]bool{}
			}
			reviewed[f][a.Name] = true
		}
	}
	// Directives by file and the line they cover (0: the whole file), so
	// that a file with a directive per finding stays linear.
	byLine := map[*pass.File]map[int][]*directive{}
	for f := range reviewed {
		// The scan saw which files hold "acr:"; reading the others
		// again, most of them released by now, would find nothing.
		if !r.directives[f] {
			continue
		}
		if ds := parseDirectives(f); ds != nil {
			dirs[f] = ds
			lines := map[int][]*directive{}
			for _, d := range ds {
				lines[d.line] = append(lines[d.line], d)
			}
			byLine[f] = lines
		}
	}
	for _, fd := range all {
		if fd.File == nil {
			kept = append(kept, fd)
			continue
		}
		aname := ""
		if fd.Analyzer != nil {
			aname = fd.Analyzer.Name
		}
		hit := false
		lines := byLine[fd.File]
		for _, ds := range [2][]*directive{lines[0], lines[fd.Posn.Line]} {
			for _, d := range ds {
				if len(d.problems) == 0 && fd.Rule != acr.UnusedDirectiveRule && d.matches(fd.Posn.Line, fd.Rule, aname) {
					d.used = true
					hit = true
				}
			}
		}
		if hit {
			suppressed = append(suppressed, fd)
		} else {
			kept = append(kept, fd)
		}
	}
	kept = append(kept, r.directiveFindings(dirs, reviewed, rules)...)
	SortFindings(kept)
	SortFindings(suppressed)
	return kept, suppressed
}

// noteAlias records a note when name selects rules only through their
// former codes or names, so the config or directive can be updated.
func (r *run) noteAlias(rules map[string]acr.RuleRef, where, what, name string) {
	_, byAlias := acr.Resolve(rules, name)
	if len(byAlias) == 0 {
		return
	}
	var ids []string
	for _, ref := range byAlias {
		ids = append(ids, ref.Rule.ID)
	}
	r.aliasNotes = append(r.aliasNotes, Note{where, fmt.Sprintf("%s %s selects %s by a former code or name (see CHANGELOG.md); name the rules you mean", what, name, strings.Join(ids, ", "))})
}

// directiveFindings reports malformed directives and directives that
// suppressed nothing although a pass they name read the file.
func (r *run) directiveFindings(dirs map[*pass.File][]*directive, reviewed map[*pass.File]map[string]bool, rules map[string]acr.RuleRef) []Finding {
	names := map[string]string{} // rule id, rule name or pass name -> pass name ("" for driver rules)
	off := map[string]bool{}     // rules this run does not report (disable:, -select, -ignore)
	// Every rule and pass the tool knows is a valid name, also those of
	// passes this run leaves out (-NAME flags, -select): they are not
	// misspelled, only not checked now.
	known := acr.Closure(append(slices.Clone(r.all), r.known...))
	for id, ref := range acr.RuleIndex(known) {
		owner := ""
		if ref.Analyzer != nil {
			owner = ref.Analyzer.Name
		}
		names[id] = owner
		names[ref.Rule.Name] = owner
		if _, ran := rules[id]; !ran || !r.ruleOn(ref.Rule) {
			off[id], off[ref.Rule.Name] = true, true
		}
		for _, alias := range ref.Rule.Aliases {
			if _, taken := names[alias]; !taken {
				names[alias] = owner
				off[alias] = off[id]
			}
		}
	}
	for _, a := range known {
		names[a.Name] = a.Name
	}
	var out []Finding
	report := func(d *directive, rule *acr.Rule, msg string) {
		diag := acr.Diagnostic{Pos: d.file.Pos(d.offset), End: d.file.Pos(d.end), Category: rule.ID, Message: msg}
		out = append(out, Finding{Rule: rule, Diagnostic: diag, File: d.file, Posn: d.file.Position(d.offset), End: d.file.Position(d.end)})
	}
	for f, ds := range dirs {
		for _, d := range ds {
			for _, p := range d.problems {
				report(d, acr.BadDirectiveRule, p)
			}
			for _, n := range d.names {
				r.noteAlias(rules, fmt.Sprintf("%s:%d", f.Path, f.Position(d.offset).Line), "acr:ignore", n)
			}
			if len(d.problems) > 0 || d.used {
				continue
			}
			ran := false
			for _, n := range d.names {
				owner, known := names[n]
				if !known {
					report(d, acr.BadDirectiveRule, fmt.Sprintf("acr:ignore names %q, which is no rule or pass of this run: check the spelling (acrvet help lists them)", n))
					continue
				}
				if !off[n] && (owner == "" || reviewed[f][owner]) {
					ran = true
				}
			}
			if ran {
				report(d, acr.UnusedDirectiveRule, fmt.Sprintf("acr:ignore %s suppresses nothing: remove it, or move it to the line of the finding", strings.Join(d.names, ",")))
			}
		}
	}
	return out
}

func (r *run) resolve(p token.Pos) (*pass.File, pass.Position) { return resolvePos(r.fset, r.repo, p) }

// Resolve maps a position of the run to its file and resolved position;
// the file is nil for an invalid position.
func (res *Result) Resolve(p token.Pos) (*pass.File, pass.Position) {
	return resolvePos(res.Fset, res.Repo, p)
}

func resolvePos(fset *token.FileSet, repo *pass.Repo, p token.Pos) (*pass.File, pass.Position) {
	if !p.IsValid() {
		return nil, pass.Position{}
	}
	tf := fset.File(p)
	if tf == nil {
		return nil, pass.Position{}
	}
	f := repo.Lookup(tf.Name())
	if f == nil {
		return nil, pass.Position{}
	}
	return f, f.Position(f.Offset(p))
}

// SortFindings orders findings as a run does: by path, offset, end, rule
// and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Posn.Path != b.Posn.Path {
			return a.Posn.Path < b.Posn.Path
		}
		if a.Posn.Offset != b.Posn.Offset {
			return a.Posn.Offset < b.Posn.Offset
		}
		if a.End.Offset != b.End.Offset {
			return a.End.Offset < b.End.Offset
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Diagnostic.Message < b.Diagnostic.Message
	})
}
