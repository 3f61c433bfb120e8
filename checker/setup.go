package checker

import (
	"context"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/config"
)

// LoadConfig returns the repository root of a run over roots and its
// configuration: opts.Root and opts.Config when set, else the root
// FindRoot gives and its .acr.yaml, or the defaults. A caller that must
// know the configuration before the run (acrvet, for verify: in
// .acr.yaml) passes both back in Options, so the file is read once.
func LoadConfig(roots []string, opts Options) (string, *config.Config, error) {
	if len(roots) == 0 {
		roots = []string{"."}
	}
	root := opts.Root
	if root == "" {
		r, err := FindRoot(roots[0])
		if err != nil {
			return "", nil, err
		}
		root = r
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return "", nil, err
	}
	cfg := opts.Config
	if cfg == nil {
		if p := filepath.Join(root, config.FileName); fileExists(p) {
			if cfg, err = config.Load(relToWD(p)); err != nil {
				return "", nil, err
			}
		} else {
			cfg = config.Default()
		}
	}
	return root, cfg, nil
}

// setup resolves the repository root and its config, checks the config
// against the analyzers the tool knows, and narrows the analyzers to the
// ones the config and the caller's selection leave on.
func setup(roots []string, analyzers []*acr.Analyzer, opts Options) (*run, error) {
	if err := acr.Validate(analyzers); err != nil {
		return nil, err
	}
	root, cfg, err := LoadConfig(roots, opts)
	if err != nil {
		return nil, err
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
	// The settings of .acr.yaml set the passes' flags, which are package
	// variables: they are put back when the run ends (Run), so that a
	// process that reviews several repositories, a Go tool or acrvet mcp,
	// gives each run its own configuration only. They are checked and set
	// for every pass the tool knows, also those this run leaves out
	// (-select, disable), whose settings are no error.
	settable := acr.Closure(append(slices.Clone(known), analyzers...))
	restore := acr.SnapshotFlags(settable)
	if err := cfg.ApplySettings(settable, func(p, f string) bool { return opts.FlagsSet[p+"."+f] }); err != nil {
		restore()
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &run{
		root:      root,
		workers:   workers,
		cfg:       cfg,
		all:       acr.Closure(analyzers),
		requested: analyzers,
		fset:      token.NewFileSet(),
		sem:       make(chan struct{}, workers),
		ctx:       contextOr(opts.Context),
		cache:     opts.Cache,
		keepBytes: opts.KeepBytes,
		failed:    map[*acr.Analyzer]bool{},
		restore:   restore,
		ruleOn:    ruleOn,
		known:     known,
	}
	if r.keepBytes <= 0 {
		r.keepBytes = DefaultKeepBytes
	}
	return r, nil
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

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
