package multichecker

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/pass"
)

// fix applies (or with -diff prints) the fixes of the findings when -fix
// asks, and returns the findings that remain.
func (rv *review) fix(findings []checker.Finding) (remaining []checker.Finding, code int, ok bool) {
	remaining = findings
	if !rv.o.fix {
		return remaining, ExitClean, true
	}
	plan, done, code := applyFixes(rv.progname, rv.res, findings, rv.o.diff, rv.stdout, rv.stderr)
	if code != ExitClean {
		return nil, code, false
	}
	fixed := fixedFindings(rv.res, plan, findings, done)
	if rv.o.diff {
		// Nothing is written: every finding remains.
		fmt.Fprintf(rv.stderr, "%s: the diff fixes %s in %s\n", rv.progname, plural(len(fixed), "finding"), plural(len(done), "file"))
	} else {
		remaining = slices.DeleteFunc(slices.Clone(findings), func(fd checker.Finding) bool { return fixed[findingKey(fd)] })
		fmt.Fprintf(rv.stderr, "%s: fixed %s in %s\n", rv.progname, plural(len(fixed), "finding"), plural(len(done), "file"))
	}
	return remaining, ExitClean, true
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
