package multichecker

import (
	"fmt"
	"go/token"
	"io"
	"sort"
	"strings"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
)

// plural writes a count with its noun: "1 finding", "3 findings".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func fixable(fd checker.Finding) bool { return len(fd.Diagnostic.SuggestedFixes) > 0 }

// summary is the line text mode ends with, on stderr:
// "31 findings (4 fixable) in 12 files", or "no findings".
func summary(findings []checker.Finding) string {
	if len(findings) == 0 {
		return "no findings"
	}
	files := map[string]bool{}
	nfix := 0
	for _, fd := range findings {
		files[fd.Posn.Path] = true // "" for findings about the repository
		if fixable(fd) {
			nfix++
		}
	}
	s := plural(len(findings), "finding")
	if nfix > 0 {
		s += fmt.Sprintf(" (%d fixable)", nfix)
	}
	return s + " in " + plural(len(files), "file")
}

// writeStatistics writes the number of findings per rule, most frequent
// first, with [*] on rules whose findings all have a fix (-statistics).
func writeStatistics(w io.Writer, findings []checker.Finding) {
	type stat struct {
		id, name string
		n, fixes int
	}
	by := map[string]*stat{}
	for _, fd := range findings {
		s := by[fd.Rule.ID]
		if s == nil {
			s = &stat{id: fd.Rule.ID, name: fd.Rule.Name}
			by[fd.Rule.ID] = s
		}
		s.n++
		if fixable(fd) {
			s.fixes++
		}
	}
	stats := make([]*stat, 0, len(by))
	for _, s := range by {
		stats = append(stats, s)
	}
	sort.Slice(stats, func(i, j int) bool {
		if stats[i].n != stats[j].n {
			return stats[i].n > stats[j].n
		}
		return stats[i].id < stats[j].id
	})
	nw, iw, mw := 0, 0, 0
	for _, s := range stats {
		nw, iw, mw = max(nw, len(fmt.Sprint(s.n))), max(iw, len(s.id)), max(mw, len(s.name))
	}
	for _, s := range stats {
		line := fmt.Sprintf("%*d  %-*s  %-*s", nw, s.n, iw, s.id, mw, s.name)
		if s.fixes == s.n {
			line += "  [*]"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// fixKey identifies a finding across the fix plan: its rule, position and
// message.
type fixKey struct {
	rule     string
	pos, end token.Pos
	msg      string
}

func findingKey(fd checker.Finding) fixKey {
	return fixKey{fd.Rule.ID, fd.Diagnostic.Pos, fd.Diagnostic.End, fd.Diagnostic.Message}
}

// fixedFindings returns the findings whose fix the plan holds (every edit
// of their first fix is one of the plan's edits) in files whose fixes were
// applied.
func fixedFindings(res *checker.Result, plan *checker.FixPlan, findings []checker.Finding, done map[string]bool) map[fixKey]bool {
	out := map[fixKey]bool{}
	for _, fd := range findings {
		if !fixable(fd) {
			continue
		}
		ok := true
		for _, te := range fd.Diagnostic.SuggestedFixes[0].TextEdits {
			f, _ := res.Resolve(te.Pos)
			if f == nil || !done[f.Path] {
				ok = false
				break
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			want := checker.Edit{Start: f.Offset(te.Pos), End: f.Offset(end), New: te.NewText}
			if !containsEdit(plan.Files[f], want) {
				ok = false
				break
			}
		}
		if ok {
			out[findingKey(fd)] = true
		}
	}
	return out
}

func containsEdit(edits []checker.Edit, e checker.Edit) bool {
	for _, x := range edits {
		if x.Start == e.Start && x.End == e.End && string(x.New) == string(e.New) {
			return true
		}
	}
	return false
}

// write writes the findings that remain in the output format (nothing
// for -fix -diff, the counts for -statistics), then the notes (-v), the
// errors and, for text, the summary on stderr.
func (rv *review) write(remaining []checker.Finding) (int, bool) {
	o, res, stderr, progname := rv.o, rv.res, rv.stderr, rv.progname
	switch {
	case o.fix && o.diff:
	case o.statistics:
		writeStatistics(rv.stdout, remaining)
	default:
		// The report knows every pass of the tool, so a criterion whose
		// pass was not selected reads "not run", not "no rule checks this".
		catalog := *output.DefaultCatalog
		catalog.Analyzers = rv.analyzers
		fo := output.Options{Context: max(o.context, 0), ToolName: progname, ToolVersion: Version, LinkBase: o.linkBase, MaxReportSize: o.reportLimit, Scope: rv.scope, Catalog: &catalog}
		if err := rv.formatter(rv.stdout, res, remaining, fo); err != nil {
			return rv.fail(ExitError, "writing output: %v", err), false
		}
	}
	if o.verbose {
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "%s: note: %s\n", progname, output.EscapeText(n.String()))
		}
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "%s: error: %s\n", progname, output.EscapeText(e.Error()))
	}
	if o.format == "text" && !(o.fix && o.diff) {
		fmt.Fprintln(stderr, summary(remaining))
	}
	return ExitClean, true
}
