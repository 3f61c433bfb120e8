// Package multichecker is the main program of acrvet, reusable: a tool
// that adds its own passes builds its own acrvet in a few lines.
//
//	package main
//
//	import (
//		"github.com/acrvet/acr/multichecker"
//		"github.com/acrvet/acr/passes/asyncradar"
//		"example.com/ourpasses/tenancy"
//	)
//
//	func main() { multichecker.Main(asyncradar.Analyzer, tenancy.Analyzer) }
//
// Exit codes, the same for a run and for merge: 0 when there are no
// findings (or with -exit-zero), 3 when there are findings, 1 when the run
// could not complete (a bad config, a pass that failed, an unknown
// -new-from-rev revision, an unreadable report), 2 for a command-line
// usage error.
//
// Findings are filtered, in this order, by a baseline (-baseline FILE:
// only findings not in it are reported; -write-baseline FILE accepts every
// current finding) and by a pull request's changes (-new-from-rev REV or
// -new-from-patch FILE: only findings on added or modified lines, and
// whole-file findings of changed files). -fix applies only the fixes of
// the findings that are left.
package multichecker

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/multichecker/changes"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/verify"
)

// Exit codes.
const (
	ExitClean    = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitFindings = 3
)

// The garbage collector settings acrvet runs with; the GOMEMLIMIT and GOGC
// environment variables override them.
const (
	// DefaultMemoryLimit is the soft limit of the Go runtime's memory: it
	// keeps the collector from letting a large review grow to several
	// times its live memory. At 100 MiB, ten copies of the Python standard
	// library peak at about 190 MB of RSS (a fifth of it C memory and the
	// binary); 128 MiB let them reach 220 MB for no gain in speed.
	DefaultMemoryLimit = 100 << 20
	// DefaultGCPercent lets the heap grow to five times its live memory
	// between collections while the limit allows. A review allocates
	// mostly parse trees that die with their file; at Go's default of 100
	// the collector took a seventh of a run over a few hundred
	// migrations.
	DefaultGCPercent = 400
)

// Version is the acr version reported by -version and in machine formats.
var Version = "v0.1.0"

// Main runs the multichecker on the process's arguments and exits.
func Main(analyzers ...*acr.Analyzer) {
	TuneRuntime()
	os.Exit(Run(filepath.Base(os.Args[0]), os.Args[1:], os.Stdout, os.Stderr, analyzers...))
}

// TuneRuntime applies DefaultMemoryLimit (raised to 1.5 times the live
// heap when one file's syntax outgrows it) and DefaultGCPercent unless the
// environment sets GOMEMLIMIT or GOGC, and on glibc fixes malloc's mmap
// threshold (see tuneMalloc). Main calls it; a tool that embeds Run, or a
// benchmark that should measure what acrvet does, calls it too.
func TuneRuntime() {
	tuneMalloc()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
		followLiveHeap(DefaultMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(DefaultGCPercent)
	}
}

// Run is Main without the exit, for tests and embedding: it returns the
// exit code.
func Run(progname string, args []string, stdout, stderr io.Writer, analyzers ...*acr.Analyzer) int {
	return RunContext(context.Background(), progname, args, stdout, stderr, analyzers...)
}

// RunContext is Run with a context that cancels the run: the passes stop
// handing out files, and the run ends with exit code 1.
func RunContext(ctx context.Context, progname string, args []string, stdout, stderr io.Writer, analyzers ...*acr.Analyzer) int {
	if err := acr.Validate(analyzers); err != nil {
		fmt.Fprintf(stderr, "%s: invalid analyzers: %v\n", progname, err)
		return ExitError
	}
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		configFile = fs.String("config", "", "read the configuration from `file` instead of the root's .acr.yaml")
		format     = fs.String("format", "text", "output format: "+strings.Join(output.FormatNames(), ", "))
		jsonOut    = fs.Bool("json", false, "same as -format json")
		fix        = fs.Bool("fix", false, "apply the suggested fixes to the files")
		diff       = fs.Bool("diff", false, "with -fix, print the fixes as a unified diff instead of writing them")
		context    = fs.Int("c", -1, "print `N` lines of source context around each finding")
		workers    = fs.Int("j", 0, "run at most `N` workers (default: GOMAXPROCS)")
		verbose    = fs.Bool("v", false, "also print the files that were not reviewed and why")
		version    = fs.Bool("version", false, "print the version and exit")

		newFromRev    = fs.String("new-from-rev", "", "report only findings on lines changed since the git `revision` (committed, staged, unstaged and untracked changes)")
		newFromPatch  = fs.String("new-from-patch", "", "report only findings on lines a unified diff `file` adds or modifies (- for standard input)")
		baselineFile  = fs.String("baseline", "", "report only findings that are not in the baseline `file`")
		writeBaseline = fs.String("write-baseline", "", "write every current finding to the baseline `file` and exit 0")
		linkBase      = fs.String("link-base", "", "prefix the file links of -format markdown with `url` (e.g. https://github.com/OWNER/REPO/blob/SHA/)")
		reportLimit   = fs.Int("report-limit", output.DefaultMaxReportSize, "shorten the -format markdown report to at most `N` bytes")
		cacheFlag     = fs.String("cache", "on", "keep each pass's findings between runs in the user cache directory: on, off, or a cache `directory`")
		shardFlag     = fs.String("shard", "", "run shard `i/n` of a run split across n CI jobs (0-based); merge their -json or -format sarif outputs with '"+progname+" merge'")
		verifyFlag    = fs.String("verify", "", "prove findings with the engines themselves: postgres, genmodel or all (comma-separated; off by default; runs the repository's SQL, see docs/verify.md)")
		postgresDSN   = fs.String("postgres-dsn", "", "with -verify=postgres, the `DSN` of a server where acrvet may create a throwaway database (default: $"+"ACR_POSTGRES_DSN, else an ephemeral local cluster)")
		genmodelJar   = fs.String("genmodel-jar", "", "with -verify=genmodel, the h2o-genmodel `jar` or classpath (default: $"+"ACR_GENMODEL_JAR, the jar beside the MOJOs, else Maven)")
		exitZero      = fs.Bool("exit-zero", false, "exit 0 even when there are findings (errors still exit 1)")
		statistics    = fs.Bool("statistics", false, "print the number of findings per rule instead of the findings")
		selectRules   listFlag
		extendSelect  listFlag
		ignoreRules   listFlag
	)
	fs.Var(&selectRules, "select", "report only the rules with these `codes` or code prefixes (ARX, ARX1, ARX101, ALL), comma-separated")
	fs.Var(&extendSelect, "extend-select", "report these rule `codes` or prefixes in addition to those selected")
	fs.Var(&ignoreRules, "ignore", "do not report the rules with these `codes` or prefixes; the longer prefix wins over -select")
	all := acr.Closure(analyzers)
	enabled := map[*acr.Analyzer]*bool{}
	for _, a := range analyzers {
		enabled[a] = fs.Bool(a.Name, false, "enable only the "+a.Name+" pass (with other -NAME flags: only those): "+firstLine(a.Doc))
	}
	for _, a := range all {
		prefix := a.Name + "."
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, prefix+f.Name, f.Usage)
		})
	}
	// The flag package prints the error; a bad flag then gets the short
	// usage, -h the full one.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(progname, stdout, fs)
			return ExitClean
		}
		shortUsage(progname, stderr)
		return ExitUsage
	}
	if *version {
		printVersion(stdout, progname)
		return ExitClean
	}
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "version" {
		printVersion(stdout, progname)
		return ExitClean
	}
	if len(rest) > 0 && rest[0] == "help" {
		return help(progname, stdout, stderr, analyzers, rest[1:])
	}
	if len(rest) > 0 && rest[0] == "merge" {
		return merge(progname, stdout, stderr, rest[1:])
	}
	if len(rest) > 0 && rest[0] == "config" {
		return configCmd(progname, stdout, stderr, analyzers, rest[1:])
	}
	if len(rest) > 0 && rest[0] == "mcp" {
		return mcpCmd(ctx, progname, os.Stdin, stdout, stderr, analyzers, rest[1:])
	}
	if *jsonOut {
		*format = "json"
	}
	formatter, ok := output.Formats[*format]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown format %q (known: %s)\n", progname, *format, strings.Join(output.FormatNames(), ", "))
		return ExitUsage
	}
	if *statistics && *format != "text" {
		fmt.Fprintf(stderr, "%s: -statistics prints a table of counts: it cannot be combined with -format %s\n", progname, *format)
		return ExitUsage
	}
	selection, err := newRuleSelection(analyzers, selectRules, extendSelect, ignoreRules)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return ExitUsage
	}
	if *newFromRev != "" && *newFromPatch != "" {
		fmt.Fprintf(stderr, "%s: -new-from-rev and -new-from-patch cannot be combined\n", progname)
		return ExitUsage
	}
	if *writeBaseline != "" && (*baselineFile != "" || *newFromRev != "" || *newFromPatch != "" || *fix) {
		fmt.Fprintf(stderr, "%s: -write-baseline records every finding: it cannot be combined with -baseline, -new-from-rev, -new-from-patch or -fix\n", progname)
		return ExitUsage
	}

	opts := checker.Options{Workers: *workers, Known: analyzers, Context: ctx}
	if selection.active() {
		opts.RuleEnabled = selection.Enabled
	}
	if *shardFlag != "" {
		var err error
		if opts.Shard, opts.Shards, err = parseShard(*shardFlag); err != nil {
			fmt.Fprintf(stderr, "%s: -shard: %v\n", progname, err)
			return ExitUsage
		}
	}
	switch *cacheFlag {
	case "off", "false", "0":
	case "on", "true", "1", "":
		if c, err := checker.DefaultCache(cacheVersion()); err == nil {
			opts.Cache = c
		}
	default:
		opts.Cache = &checker.Cache{Dir: *cacheFlag, Version: cacheVersion()}
	}
	var chosen []*acr.Analyzer
	for _, a := range analyzers {
		if *enabled[a] {
			chosen = append(chosen, a)
		}
	}
	if len(chosen) == 0 {
		chosen = analyzers
	} else {
		opts.PassesChosen = true
	}
	flagsSet := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { flagsSet[f.Name] = true })

	opts.FlagsSet = flagsSet
	if *configFile != "" {
		cfg, err := config.Load(*configFile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progname, err)
			return ExitError
		}
		opts.Config = cfg
		opts.Root = filepath.Dir(*configFile)
	}
	roots := rest
	if len(roots) == 0 {
		roots = []string{"."}
	}

	// The baseline and the changed lines are read before the run, so a
	// missing file or an unknown revision fails fast.
	var baseline *output.Baseline
	if *baselineFile != "" {
		b, err := output.ReadBaseline(*baselineFile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: -baseline: %v\n", progname, err)
			return ExitError
		}
		baseline = b
	}
	var changed *changes.Set
	scope := ""
	if *newFromRev != "" || *newFromPatch != "" {
		root := opts.Root
		if root == "" {
			r, err := checker.FindRoot(roots[0])
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", progname, err)
				return ExitError
			}
			root = r
		}
		var err error
		if *newFromRev != "" {
			changed, err = changes.FromRev(root, *newFromRev)
			scope = fmt.Sprintf("findings on lines changed since `%s`", *newFromRev)
		} else {
			changed, err = changes.FromPatchFile(root, *newFromPatch)
			scope = fmt.Sprintf("findings on lines changed by the patch `%s`", *newFromPatch)
		}
		if err != nil {
			flagName := "-new-from-rev"
			if *newFromPatch != "" {
				flagName = "-new-from-patch"
			}
			fmt.Fprintf(stderr, "%s: %s: %v\n", progname, flagName, err)
			return ExitError
		}
	}

	engines, err := verify.ParseEngines(*verifyFlag)
	if err != nil {
		fmt.Fprintf(stderr, "%s: -verify: %v\n", progname, err)
		return ExitUsage
	}
	if *verifyFlag == "" && opts.Config != nil {
		if engines, err = verify.ParseEngines(strings.Join(opts.Config.Verify, ",")); err != nil {
			fmt.Fprintf(stderr, "%s: %s: verify: %v\n", progname, opts.Config.Path, err)
			return ExitError
		}
	}
	if len(engines) > 0 {
		// The engines read the passes' results (the schema model), which
		// the pass cache does not keep.
		opts.Cache = nil
	}
	res, err := checker.Run(roots, chosen, opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return ExitError
	}
	if *verifyFlag == "" && opts.Config == nil && len(res.Config.Verify) > 0 {
		// The root's .acr.yaml asks for verify mode; the run must not use
		// cached results, so it runs again without the cache.
		if engines, err = verify.ParseEngines(strings.Join(res.Config.Verify, ",")); err != nil {
			fmt.Fprintf(stderr, "%s: %s: verify: %v\n", progname, res.Config.Path, err)
			return ExitError
		}
		if opts.Cache != nil {
			opts.Cache = nil
			if res, err = checker.Run(roots, chosen, opts); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", progname, err)
				return ExitError
			}
		}
	}
	findings := res.Findings

	if *writeBaseline != "" {
		b := output.NewBaseline(res, findings, progname+" "+Version)
		if err := b.WriteFile(*writeBaseline); err != nil {
			fmt.Fprintf(stderr, "%s: -write-baseline: %v\n", progname, err)
			return ExitError
		}
		fmt.Fprintf(stderr, "%s: wrote %d finding(s) to the baseline %s\n", progname, len(findings), *writeBaseline)
		for _, e := range res.Errors {
			fmt.Fprintf(stderr, "%s: error: %v\n", progname, e)
		}
		if len(res.Errors) > 0 {
			return ExitError
		}
		return ExitClean
	}
	if baseline != nil {
		var stale int
		all := len(findings)
		findings, stale = baseline.Filter(res, findings)
		if *verbose || stale > 0 {
			fmt.Fprintf(stderr, "%s: baseline %s: %d finding(s) accepted, %d new", progname, *baselineFile, all-len(findings), len(findings))
			if stale > 0 {
				fmt.Fprintf(stderr, "; %d of its entries match nothing any more: write the baseline again to drop them", stale)
			}
			fmt.Fprintln(stderr)
		}
		scope = joinScope(scope, fmt.Sprintf("findings not in the baseline `%s` (%d accepted there)", *baselineFile, all-len(findings)))
	}
	if changed != nil {
		findings = changed.Filter(findings)
	}
	if len(engines) > 0 {
		out := verify.Run(ctx, res, findings, verify.Options{Engines: engines, PostgresDSN: *postgresDSN, GenmodelJar: *genmodelJar})
		findings = out.Findings
		for _, n := range out.Notes {
			fmt.Fprintf(stderr, "%s: note: %s\n", progname, n)
		}
		if len(out.Withdrawn) > 0 {
			var parts []string
			total := 0
			for _, id := range slices.Sorted(maps.Keys(out.Withdrawn)) {
				parts = append(parts, fmt.Sprintf("%s %d", id, out.Withdrawn[id]))
				total += out.Withdrawn[id]
			}
			fmt.Fprintf(stderr, "%s: verify withdrew %s the engines disproved (%s)\n", progname, plural(total, "finding"), strings.Join(parts, ", "))
		}
	}

	remaining := findings
	if *fix {
		plan, done, code := applyFixes(progname, res, findings, *diff, stdout, stderr)
		if code != ExitClean {
			return code
		}
		fixed := fixedFindings(res, plan, findings, done)
		if *diff {
			// Nothing is written: every finding remains.
			fmt.Fprintf(stderr, "%s: the diff fixes %s in %s\n", progname, plural(len(fixed), "finding"), plural(len(done), "file"))
		} else {
			remaining = slices.DeleteFunc(slices.Clone(findings), func(fd checker.Finding) bool { return fixed[findingKey(fd)] })
			fmt.Fprintf(stderr, "%s: fixed %s in %s\n", progname, plural(len(fixed), "finding"), plural(len(done), "file"))
		}
	}
	contextLines := max(*context, 0)
	switch {
	case *fix && *diff:
	case *statistics:
		writeStatistics(stdout, remaining)
	default:
		// The report knows every pass of the tool, so a criterion whose
		// pass was not selected reads "not run", not "no rule checks this".
		catalog := *output.DefaultCatalog
		catalog.Analyzers = analyzers
		fo := output.Options{Context: contextLines, ToolName: progname, ToolVersion: Version, LinkBase: *linkBase, MaxReportSize: *reportLimit, Scope: scope, Catalog: &catalog}
		if err := formatter(stdout, res, remaining, fo); err != nil {
			fmt.Fprintf(stderr, "%s: writing output: %v\n", progname, err)
			return ExitError
		}
	}
	if *verbose {
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "%s: note: %s\n", progname, output.EscapeText(n.String()))
		}
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "%s: error: %s\n", progname, output.EscapeText(e.Error()))
	}
	if *format == "text" && !(*fix && *diff) {
		fmt.Fprintln(stderr, summary(remaining))
	}
	return exitCode(len(res.Errors), len(remaining), *exitZero)
}

// exitCode applies the exit codes every command shares: 1 when the run
// could not complete, 3 when there are findings (0 with -exit-zero), else 0.
func exitCode(errors, findings int, exitZero bool) int {
	switch {
	case errors > 0:
		return ExitError
	case findings > 0 && !exitZero:
		return ExitFindings
	}
	return ExitClean
}

// applyFixes writes (or, with diffOnly, prints as a diff) the fixes of the
// findings; done holds the repository paths whose fixes were applied.
func applyFixes(progname string, res *checker.Result, findings []checker.Finding, diffOnly bool, stdout, stderr io.Writer) (*checker.FixPlan, map[string]bool, int) {
	plan := checker.PlanFixes(res, findings)
	for _, s := range plan.Skipped {
		fmt.Fprintf(stderr, "%s: %s\n", progname, output.EscapeText(s))
	}
	files, errs := plan.Resolve(res)
	code := ExitClean
	done := map[string]bool{}
	for _, err := range errs {
		fmt.Fprintf(stderr, "%s: %s\n", progname, output.EscapeText(err.Error()))
		code = ExitError
	}
	for _, ff := range files {
		if diffOnly {
			output.Diff(stdout, diffPath(ff.File), ff.Content, ff.Edits, 3)
		} else if err := ff.Write(); err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", progname, output.EscapeText(fmt.Sprintf("writing %s: %v", ff.Path, err)))
			code = ExitError
			continue
		}
		done[ff.Path] = true
		for _, l := range ff.Links {
			done[l] = true
		}
	}
	return plan, done, code
}

// diffPath is the path -diff names a file by: relative to the working
// directory, as every other output, so git apply applies the diff from
// where acrvet ran; a file outside the working directory keeps its
// repository path (a diff cannot name it relative to here).
func diffPath(f *pass.File) string {
	if p := output.DisplayPath(f); !filepath.IsAbs(p) {
		return p
	}
	return f.Path
}

func joinScope(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

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

// merge writes the single report of a run from its shards' reports and
// exits as a run would: 3 when the merged report has findings, 1 when it
// records errors.
func merge(progname string, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet(progname+" merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	exitZero := fs.Bool("exit-zero", false, "exit 0 even when the merged report has findings")
	mergeUsage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: %s merge [-exit-zero] REPORT.json|REPORT.sarif...\n\nMerges the -json (or -format sarif) reports of the shards of a run (-shard i/n)\ninto the report of one run, on standard output. Exit codes as for a run:\n0 no findings, 3 findings, 1 unreadable reports or errors recorded in them, 2 usage.\n\nFlags:\n", progname)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			mergeUsage(stdout)
			return ExitClean
		}
		fmt.Fprintf(stderr, "usage: %s merge [-exit-zero] REPORT...; run '%s merge -h' for more\n", progname, progname)
		return ExitUsage
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintf(stderr, "usage: %s merge [-exit-zero] REPORT...; run '%s merge -h' for more\n", progname, progname)
		return ExitUsage
	}
	var inputs [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: merge: %v\n", progname, err)
			return ExitError
		}
		inputs = append(inputs, data)
	}
	var buf bytes.Buffer
	if err := output.Merge(&buf, inputs); err != nil {
		fmt.Fprintf(stderr, "%s: merge: %v\n", progname, err)
		return ExitError
	}
	stdout.Write(buf.Bytes())
	findings, errs, err := output.CountReport(buf.Bytes())
	if err != nil {
		fmt.Fprintf(stderr, "%s: merge: %v\n", progname, err)
		return ExitError
	}
	return exitCode(errs, findings, *exitZero)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// shortUsage is what a bad flag gets: the form of the command and where
// to read more, not every flag.
func shortUsage(progname string, w io.Writer) {
	fmt.Fprintf(w, "usage: %[1]s [-flag] [path|dir|dir/...]...\nRun '%[1]s -h' for the flags, '%[1]s help' for the passes and rules.\n", progname)
}

func usage(progname string, w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `%[1]s reviews a data and ML platform repository against its architecture plan.

Usage:
  %[1]s [-flag] [path|dir|dir/...]...   review (default: .)
  %[1]s help [PASS|RULE]                 list the passes and rules, or document one
  %[1]s merge REPORT...                  merge the -json or -format sarif reports of -shard runs
  %[1]s config check [FILE]              validate .acr.yaml without running the passes
  %[1]s version                          print the version, VCS revision and Go version

Paths are printed relative to the current directory. Exit codes: 0 no
findings, 3 findings (0 with -exit-zero), 1 the run could not complete (a bad
config, a pass that failed), 2 a usage error. merge exits the same way.

Flags:
`, progname)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// help lists passes and rules, or prints one pass's or rule's doc.
func help(progname string, stdout, stderr io.Writer, analyzers []*acr.Analyzer, args []string) int {
	idx := acr.RuleIndex(analyzers)
	if len(args) == 0 {
		fmt.Fprintf(stdout, "%s passes:\n\n", progname)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, a := range analyzers {
			fmt.Fprintf(tw, "  %s\t%s\n", a.Name, firstLine(a.Doc))
		}
		tw.Flush()
		fmt.Fprintf(stdout, "\nrules:\n\n")
		tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, id := range acr.SortedRuleIDs(idx) {
			ref := idx[id]
			owner := "acr"
			if ref.Analyzer != nil {
				owner = ref.Analyzer.Name
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", id, ref.Rule.Name, owner, ref.Rule.Severity, ref.Rule.Title)
		}
		tw.Flush()
		fmt.Fprintf(stdout, "\nRun '%s help NAME' for the documentation of a pass or rule.\n", progname)
		return ExitClean
	}
	code := ExitClean
	for _, name := range args {
		if a := findAnalyzer(acr.Closure(analyzers), name); a != nil {
			fmt.Fprintf(stdout, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
			if a.URL != "" {
				fmt.Fprintf(stdout, "\nMore: %s\n", a.URL)
			} else {
				fmt.Fprintf(stdout, "\nMore: docs/rules/ in the acr source tree, and '%s help RULE' for each rule below.\n", progname)
			}
			var flags []string
			a.Flags.VisitAll(func(f *flag.Flag) {
				flags = append(flags, fmt.Sprintf("  -%s.%s (default %q)\n    \t%s", a.Name, f.Name, f.DefValue, f.Usage))
			})
			if len(flags) > 0 {
				fmt.Fprintf(stdout, "\nSettings:\n%s\n", strings.Join(flags, "\n"))
			}
			if len(a.Rules) > 0 {
				fmt.Fprintf(stdout, "\nRules:\n")
				for _, r := range a.Rules {
					fmt.Fprintf(stdout, "  %s  %s  %s\n", r.ID, r.Name, r.Title)
				}
			}
			continue
		}
		if refs, byAlias := findRules(idx, name); len(refs) > 0 {
			if len(byAlias) > 0 {
				var ids []string
				for _, ref := range byAlias {
					ids = append(ids, ref.Rule.ID)
				}
				fmt.Fprintf(stdout, "note: %s is a former code or name of %s (see CHANGELOG.md)\n\n", name, strings.Join(ids, ", "))
			}
			for i, ref := range refs {
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				output.RuleDoc(stdout, ref)
			}
			continue
		}
		fmt.Fprintf(stderr, "%s: no pass or rule named %q\n", progname, name)
		code = ExitUsage
	}
	return code
}

func findAnalyzer(all []*acr.Analyzer, name string) *acr.Analyzer {
	for _, a := range all {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// findRules returns the rules a help argument names: by id (in any
// case), name or former code (acr.Resolve), with those named by a former
// code only.
func findRules(idx map[string]acr.RuleRef, name string) (refs, byAlias []acr.RuleRef) {
	if refs, byAlias = acr.Resolve(idx, name); len(refs) > 0 {
		return refs, byAlias
	}
	return acr.Resolve(idx, strings.ToUpper(name))
}
