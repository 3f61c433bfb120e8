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
	"go/token"
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

// Run reviews the files under roots (files, directories, or dir/...) with
// the analyzers and everything they require. The error is for problems that
// stop the run before any pass runs: a bad config, invalid analyzers, a root
// that does not exist.
//
// A run goes through its stages in order, each in the file of its name:
// setup (root, config, analyzers), discover (walk the roots), classify
// (kinds and triggers from the bytes, shards, each pass's inputs), load
// (the cache, then the files the running passes read), execute (the passes,
// in parallel along their Requires; load.go then writes the cache),
// suppress (resolve, deduplicate, apply acr:ignore) and report (the
// Result). Helpers live in files named for what they hold: walk.go,
// gitignore.go, scope.go, triggers.go, cache.go, directives.go, fix.go.
func Run(roots []string, analyzers []*acr.Analyzer, opts Options) (*Result, error) {
	if len(roots) == 0 {
		roots = []string{"."}
	}
	r, err := setup(roots, analyzers, opts)
	if err != nil {
		return nil, err
	}
	defer r.restore()
	cands, walkNotes, err := r.discover(roots)
	if err != nil {
		return nil, err
	}
	metas, err := r.classify(cands, opts.Shard, opts.Shards)
	if err != nil {
		return nil, err
	}
	running, files, loadNotes := r.load(cands, metas)
	if err := r.execute(running); err != nil {
		return nil, err
	}
	if r.cache != nil {
		r.storeCache(cands, metas, running)
	}
	kept, suppressed := r.suppress()
	return r.report(files, kept, suppressed, append(walkNotes, loadNotes...)), nil
}

// run holds the state of one Run.
type run struct {
	// restore puts back the flags the settings of .acr.yaml set (setup).
	restore   func()
	ctx       context.Context // never nil
	root      string          // absolute
	workers   int
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
	keyLines     map[*acr.Analyzer][]byte // passInputs
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
	scope  *scope
	// whole: the paths cover part of the repository, and a repository-wide
	// pass runs, so the whole repository is walked and the findings are
	// narrowed to the paths afterwards.
	whole bool
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
