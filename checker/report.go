package checker

import (
	"go/token"
	"sort"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// report makes the Result of a run: the findings kept and suppressed,
// narrowed to the paths given when the whole repository was walked, the
// notes of every stage, the errors, and what each pass returned and
// examined.
func (r *run) report(files []*pass.File, kept, suppressed []Finding, notes []Note) *Result {
	res := &Result{
		Root:       r.root,
		Config:     r.cfg,
		Fset:       r.fset,
		Repo:       r.repo,
		Analyzers:  r.all,
		Findings:   kept,
		Suppressed: suppressed,
		Notes:      append(append(notes, r.allPassNotes()...), r.aliasNotes...),
		Results:    map[*acr.Analyzer]any{},
		Examined:   r.examined,
		Inputs:     r.inputs,
	}
	for a, o := range r.outcomes {
		if o.err == nil {
			res.Results[a] = o.result
		}
	}
	for _, f := range files {
		res.Reparsed += f.Recomputed()
	}
	if r.whole {
		res.Findings = r.scope.findings(res.Findings)
		res.Suppressed = r.scope.findings(res.Suppressed)
		res.Notes = r.scope.notes(res.Notes)
	}
	res.Errors = r.errors()
	sort.SliceStable(res.Notes, func(i, j int) bool { return res.Notes[i].Path < res.Notes[j].Path })
	return res
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
