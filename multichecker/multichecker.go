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
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/multichecker/changes"
	"github.com/acrvet/acr/output"
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
// heap, and at least 64 MiB above it, as the live heap grows: see
// followLiveHeap) and DefaultGCPercent unless the
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
//
// A review goes through these steps, each a function: parse the command
// line (flags.go), run a command instead when one is named (help, merge,
// config, mcp, version), check the flags against each other, build the
// checker's options, read the baseline and the changed lines, choose the
// -verify engines, run the checker (review.go), narrow its findings by
// baseline, changed lines and verification (filter.go), apply -fix
// (fix.go), write the output (report.go), and exit.
func RunContext(ctx context.Context, progname string, args []string, stdout, stderr io.Writer, analyzers ...*acr.Analyzer) int {
	c := &cli{ctx: ctx, progname: progname, stdout: stdout, stderr: stderr, analyzers: analyzers}
	if err := acr.Validate(analyzers); err != nil {
		return c.fail(ExitError, "invalid analyzers: %v", err)
	}
	// The command line and the settings a run implies set the passes'
	// flags, package variables: they are put back when the run ends.
	defer acr.SnapshotFlags(acr.Closure(analyzers))()
	o, code, ok := c.parseFlags(args)
	if !ok {
		return code
	}
	if code, ran := c.command(o); ran {
		return code
	}
	rv := &review{cli: c, o: o}
	for _, step := range []func() (int, bool){rv.checkFlags, rv.checkerOptions, rv.readFilters, rv.chooseEngines, rv.run} {
		if code, ok := step(); !ok {
			return code
		}
	}
	if o.writeBaseline != "" {
		return rv.writeBaseline()
	}
	findings := rv.filter()
	remaining, code, ok := rv.fix(findings)
	if !ok {
		return code
	}
	if code, ok := rv.write(remaining); !ok {
		return code
	}
	return exitCode(len(rv.res.Errors), len(remaining), o.exitZero)
}

// cli is an invocation of the program: where it writes and what it knows.
type cli struct {
	ctx            context.Context
	progname       string
	stdout, stderr io.Writer
	analyzers      []*acr.Analyzer
}

// fail prints "progname: message" on stderr and returns code.
func (c *cli) fail(code int, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\n", c.progname, fmt.Sprintf(format, args...))
	return code
}

// review is the state of a review, filled in step by step.
type review struct {
	*cli
	o         *options
	formatter output.Formatter
	selection *ruleSelection
	opts      checker.Options
	chosen    []*acr.Analyzer // the analyzers to run: the -NAME flags', else all
	roots     []string
	baseline  *output.Baseline
	changed   *changes.Set
	scope     string // what the findings are narrowed to, for the report
	engines   map[string]bool
	res       *checker.Result
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
