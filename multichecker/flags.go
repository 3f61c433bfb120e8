package multichecker

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/output"
)

// parseShard parses "i/n" with 0 <= i < n.
func parseShard(s string) (int, int, error) {
	i, n, ok := strings.Cut(s, "/")
	si, err1 := strconv.Atoi(i)
	sn, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || sn < 1 || si < 0 || si >= sn {
		return 0, 0, fmt.Errorf("%q is not i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return si, sn, nil
}

// options are the command line of a review.
type options struct {
	configFile, format                     string
	jsonOut, fix, diff, verbose, version   bool
	context, workers, reportLimit          int
	newFromRev, newFromPatch               string
	baselineFile, writeBaseline, linkBase  string
	cache, shard                           string
	verify, postgresDSN, genmodelJar       string
	exitZero, statistics                   bool
	selectRules, extendSelect, ignoreRules listFlag
	enabled                                map[*acr.Analyzer]*bool // the -NAME flags
	flagsSet                               map[string]bool         // the flags given, by name
	formerFlags                            map[string]string       // a setting's former name -> its name (acr.Analyzer.Formerly)
	args                                   []string                // after the flags: a command, or the paths
}

// parseFlags parses the command line. When it cannot (or -h asked for the
// usage), ok is false and code is the exit code.
func (c *cli) parseFlags(args []string) (o *options, code int, ok bool) {
	progname := c.progname
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	o = &options{enabled: map[*acr.Analyzer]*bool{}, flagsSet: map[string]bool{}, formerFlags: map[string]string{}}
	fs.StringVar(&o.configFile, "config", "", "read the configuration from `file` instead of the root's .acr.yaml")
	fs.StringVar(&o.format, "format", "text", "output format: "+strings.Join(output.FormatNames(), ", "))
	fs.BoolVar(&o.jsonOut, "json", false, "same as -format json")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes to the files")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, print the fixes as a unified diff instead of writing them")
	fs.IntVar(&o.context, "c", -1, "print `N` lines of source context around each finding")
	fs.IntVar(&o.workers, "j", 0, "run at most `N` workers (default: GOMAXPROCS)")
	fs.BoolVar(&o.verbose, "v", false, "also print the files that were not reviewed and why")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")

	fs.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since the git `revision` (committed, staged, unstaged and untracked changes)")
	fs.StringVar(&o.newFromPatch, "new-from-patch", "", "report only findings on lines a unified diff `file` adds or modifies (- for standard input)")
	fs.StringVar(&o.baselineFile, "baseline", "", "report only findings that are not in the baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "write every current finding to the baseline `file` and exit 0")
	fs.StringVar(&o.linkBase, "link-base", "", "prefix the file links of -format markdown with `url` (e.g. https://github.com/OWNER/REPO/blob/SHA/)")
	fs.IntVar(&o.reportLimit, "report-limit", output.DefaultMaxReportSize, "shorten the -format markdown report to at most `N` bytes")
	fs.StringVar(&o.cache, "cache", "on", "keep each pass's findings between runs in the user cache directory: on, off, or a cache `directory`")
	fs.StringVar(&o.shard, "shard", "", "run shard `i/n` of a run split across n CI jobs (0-based); merge their -json or -format sarif outputs with '"+progname+" merge'")
	fs.StringVar(&o.verify, "verify", "", "prove findings with the engines themselves: postgres, genmodel or all (comma-separated; off by default; runs the repository's SQL, see docs/verify.md)")
	fs.StringVar(&o.postgresDSN, "postgres-dsn", "", "with -verify=postgres, the `DSN` of a server where acrvet may create a throwaway database (default: $"+"ACR_POSTGRES_DSN, else an ephemeral local cluster)")
	fs.StringVar(&o.genmodelJar, "genmodel-jar", "", "with -verify=genmodel, the h2o-genmodel `jar` or classpath (default: $"+"ACR_GENMODEL_JAR, the jar beside the MOJOs, else Maven)")
	fs.BoolVar(&o.exitZero, "exit-zero", false, "exit 0 even when there are findings (errors still exit 1)")
	fs.BoolVar(&o.statistics, "statistics", false, "print the number of findings per rule instead of the findings")
	fs.Var(&o.selectRules, "select", "report only the rules with these `codes` or code prefixes (ARX, ARX1, ARX101, ALL), comma-separated")
	fs.Var(&o.extendSelect, "extend-select", "report these rule `codes` or prefixes in addition to those selected")
	fs.Var(&o.ignoreRules, "ignore", "do not report the rules with these `codes` or prefixes; the longer prefix wins over -select")
	for _, a := range c.analyzers {
		o.enabled[a] = fs.Bool(a.Name, false, "enable only the "+a.Name+" pass (with other -NAME flags: only those): "+firstLine(a.Doc))
	}
	for _, a := range acr.Closure(c.analyzers) {
		prefix := a.Name + "."
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, prefix+f.Name, f.Usage)
		})
	}
	// A setting that moved with its rules keeps its former name
	// (acr.Analyzer.Formerly): -memory.allow-loopback sets
	// -exposure.allow-loopback, with a note.
	for _, a := range acr.Closure(c.analyzers) {
		for _, former := range a.Formerly {
			a.Flags.VisitAll(func(f *flag.Flag) {
				name := former + "." + f.Name
				if fs.Lookup(name) != nil {
					return // the former pass has a setting of that name
				}
				fs.Var(f.Value, name, "former name of -"+a.Name+"."+f.Name)
				o.formerFlags[name] = a.Name + "." + f.Name
			})
		}
	}
	// The flag package prints the error; a bad flag then gets the short
	// usage, -h the full one.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(progname, c.stdout, fs)
			return nil, ExitClean, false
		}
		shortUsage(progname, c.stderr)
		return nil, ExitUsage, false
	}
	fs.Visit(func(f *flag.Flag) {
		o.flagsSet[f.Name] = true
		if now, ok := o.formerFlags[f.Name]; ok {
			o.flagsSet[now] = true // the command line wins over .acr.yaml
		}
	})
	o.args = fs.Args()
	return o, ExitClean, true
}

// command runs what the command line names instead of a review: -version,
// version, help, merge, config or mcp. ran is false for a review.
func (c *cli) command(o *options) (code int, ran bool) {
	if o.version {
		printVersion(c.stdout, c.progname)
		return ExitClean, true
	}
	if len(o.args) == 0 {
		return 0, false
	}
	rest := o.args[1:]
	switch o.args[0] {
	case "version":
		printVersion(c.stdout, c.progname)
		return ExitClean, true
	case "help":
		return help(c.progname, c.stdout, c.stderr, c.analyzers, rest), true
	case "merge":
		return merge(c.progname, c.stdout, c.stderr, rest), true
	case "config":
		return configCmd(c.progname, c.stdout, c.stderr, c.analyzers, rest), true
	case "mcp":
		return mcpCmd(c.ctx, c.progname, os.Stdin, c.stdout, c.stderr, c.analyzers, rest), true
	}
	return 0, false
}

// checkFlags checks the flags of a review against each other and chooses
// the output format and the rule selection.
func (rv *review) checkFlags() (int, bool) {
	o := rv.o
	if o.jsonOut {
		o.format = "json"
	}
	formatter, ok := output.Formats[o.format]
	if !ok {
		return rv.fail(ExitUsage, "unknown format %q (known: %s)", o.format, strings.Join(output.FormatNames(), ", ")), false
	}
	rv.formatter = formatter
	if o.statistics && o.format != "text" {
		return rv.fail(ExitUsage, "-statistics prints a table of counts: it cannot be combined with -format %s", o.format), false
	}
	selection, err := newRuleSelection(rv.analyzers, o.selectRules, o.extendSelect, o.ignoreRules)
	if err != nil {
		return rv.fail(ExitUsage, "%v", err), false
	}
	rv.selection = selection
	// A former code typed on the command line is noted at once, as a
	// former pass name (-memory) is: the user can fix the command now.
	for _, n := range selection.notes {
		rv.note("%s", n.String())
	}
	if o.newFromRev != "" && o.newFromPatch != "" {
		return rv.fail(ExitUsage, "-new-from-rev and -new-from-patch cannot be combined"), false
	}
	if o.writeBaseline != "" && (o.baselineFile != "" || o.newFromRev != "" || o.newFromPatch != "" || o.fix) {
		return rv.fail(ExitUsage, "-write-baseline records every finding: it cannot be combined with -baseline, -new-from-rev, -new-from-patch or -fix"), false
	}
	return ExitClean, true
}

// checkerOptions builds the checker's options from the flags: workers,
// rule selection, shard, cache, the passes chosen, the config file.
func (rv *review) checkerOptions() (int, bool) {
	o := rv.o
	opts := checker.Options{Workers: o.workers, Known: rv.analyzers, Context: rv.ctx}
	if rv.selection.active() {
		opts.RuleEnabled = rv.selection.Enabled
	}
	if o.shard != "" {
		var err error
		if opts.Shard, opts.Shards, err = parseShard(o.shard); err != nil {
			return rv.fail(ExitUsage, "-shard: %v", err), false
		}
	}
	switch o.cache {
	case "off", "false", "0":
	case "on", "true", "1", "":
		if c, err := checker.DefaultCache(cacheVersion()); err == nil {
			opts.Cache = c
		}
	default:
		opts.Cache = &checker.Cache{Dir: o.cache, Version: cacheVersion()}
	}
	for _, a := range rv.analyzers {
		if *o.enabled[a] {
			rv.chosen = append(rv.chosen, a)
		}
	}
	rv.chosen = append(rv.chosen, rv.formerlyChosen()...)
	for _, name := range slices.Sorted(maps.Keys(o.formerFlags)) {
		if o.flagsSet[name] {
			rv.note("-%s is now -%s (CHANGELOG.md)", name, o.formerFlags[name])
		}
	}
	if len(rv.chosen) == 0 {
		rv.chosen = rv.analyzers
	} else {
		opts.PassesChosen = true
	}
	rv.implyDiffSettings()
	opts.FlagsSet = o.flagsSet
	if o.configFile != "" {
		cfg, err := config.Load(o.configFile)
		if err != nil {
			return rv.fail(ExitError, "%v", err), false
		}
		opts.Config = cfg
		opts.Root = filepath.Dir(o.configFile)
	}
	rv.roots = o.args
	if len(rv.roots) == 0 {
		rv.roots = []string{"."}
	}
	rv.opts = opts
	return ExitClean, true
}

// formerlyChosen returns the passes a -NAME flag chooses by a name they
// were Formerly part of (-memory chooses exposure and volumes, whose
// rules were memory's), with a note: the flag keeps running what it ran.
func (rv *review) formerlyChosen() []*acr.Analyzer {
	var out []*acr.Analyzer
	for _, a := range rv.chosen {
		var moved []string
		for _, b := range rv.analyzers {
			if _, byFormer := b.Answers(a.Name); byFormer && !*rv.o.enabled[b] && !slices.Contains(out, b) {
				out = append(out, b)
				moved = append(moved, b.Name)
			}
		}
		if len(moved) > 0 {
			rv.note("-%s also runs %s, whose rules were part of %s before v0.2.0 (CHANGELOG.md); name them (-%s -%s) to keep them, or -select the rules you mean",
				a.Name, strings.Join(moved, " and "), a.Name, a.Name, strings.Join(moved, " -"))
		}
	}
	return out
}

// note prints a note about the command line on standard error.
func (rv *review) note(format string, args ...any) {
	fmt.Fprintf(rv.stderr, "%s: note: %s\n", rv.progname, fmt.Sprintf(format, args...))
}
