package multichecker

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/multichecker/changes"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/verify"
)

func joinScope(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

// readFilters reads the baseline and the changed lines before the run,
// so a missing file or an unknown revision fails fast.
func (rv *review) readFilters() (int, bool) {
	o := rv.o
	if o.baselineFile != "" {
		b, err := output.ReadBaseline(o.baselineFile)
		if err != nil {
			return rv.fail(ExitError, "-baseline: %v", err), false
		}
		rv.baseline = b
	}
	if o.newFromRev == "" && o.newFromPatch == "" {
		return ExitClean, true
	}
	root := rv.opts.Root
	if root == "" {
		r, err := checker.FindRoot(rv.roots[0])
		if err != nil {
			return rv.fail(ExitError, "%v", err), false
		}
		root = r
	}
	var err error
	flagName := "-new-from-rev"
	if o.newFromRev != "" {
		rv.changed, err = changes.FromRev(root, o.newFromRev)
		rv.scope = fmt.Sprintf("findings on lines changed since `%s`", o.newFromRev)
	} else {
		flagName = "-new-from-patch"
		rv.changed, err = changes.FromPatchFile(root, o.newFromPatch)
		rv.scope = fmt.Sprintf("findings on lines changed by the patch `%s`", o.newFromPatch)
	}
	if err != nil {
		return rv.fail(ExitError, "%s: %v", flagName, err), false
	}
	return ExitClean, true
}

// filter narrows the findings of the run to those not in the baseline, on
// changed lines, and not disproved by the -verify engines, and says so on
// stderr.
func (rv *review) filter() []checker.Finding {
	o, res, stderr, progname := rv.o, rv.res, rv.stderr, rv.progname
	findings := res.Findings
	if rv.baseline != nil {
		var stale int
		all := len(findings)
		findings, stale = rv.baseline.Filter(res, findings)
		if o.verbose || stale > 0 {
			fmt.Fprintf(stderr, "%s: baseline %s: %d finding(s) accepted, %d new", progname, o.baselineFile, all-len(findings), len(findings))
			if stale > 0 {
				fmt.Fprintf(stderr, "; %d of its entries match nothing any more: write the baseline again to drop them", stale)
			}
			fmt.Fprintln(stderr)
		}
		rv.scope = joinScope(rv.scope, fmt.Sprintf("findings not in the baseline `%s` (%d accepted there)", o.baselineFile, all-len(findings)))
	}
	if rv.changed != nil {
		findings = rv.changed.Filter(findings)
	}
	if len(rv.engines) > 0 {
		out := verify.Run(rv.ctx, res, findings, verify.Options{Engines: rv.engines, PostgresDSN: o.postgresDSN, GenmodelJar: o.genmodelJar})
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
	return findings
}

// implyDiffSettings applies the chosen analyzers' DiffSettings to a run
// narrowed to a diff (-new-from-rev, -new-from-patch), except those the
// command line sets; they then count as set on the command line, over
// .acr.yaml, and are put back when the run ends, as the command line's
// are (RunContext).
func (rv *review) implyDiffSettings() {
	o := rv.o
	if o.newFromRev == "" && o.newFromPatch == "" {
		return
	}
	for _, a := range rv.chosen {
		for _, setting := range slices.Sorted(maps.Keys(a.DiffSettings)) {
			name := a.Name + "." + setting
			// Validate has checked that the flag exists.
			if !o.flagsSet[name] && a.Flags.Set(setting, a.DiffSettings[setting]) == nil {
				o.flagsSet[name] = true
			}
		}
	}
}
