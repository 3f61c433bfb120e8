package checker

import (
	"slices"

	"github.com/acrvet/acr"
)

// discover walks the roots and returns the candidate files, in path
// order, and notes on what the walk passed over. Walking is walk.go's.
func (r *run) discover(roots []string) ([]candidate, []Note, error) {
	w := &walker{root: r.root, cfg: r.cfg, workers: r.workers}
	scope, err := newScope(r.root, roots)
	if err != nil {
		return nil, nil, err
	}
	r.scope, r.scopes = scope, scope.paths
	// Paths that cover part of the repository narrow what is reported,
	// not what repository-wide passes see: they walk the whole
	// repository, so a finding inside the paths is the one a full run
	// gives (a "no drift test" does not appear because tests/ was left
	// out, a layer import does not vanish with its target).
	r.whole = scope.partial() && slices.ContainsFunc(r.all, func(a *acr.Analyzer) bool { return len(a.Rules) > 0 && !a.FileLocal })
	walkRoots := roots
	if r.whole {
		walkRoots = append([]string{r.root}, scope.files...)
	}
	if err := w.walkRoots(walkRoots); err != nil {
		return nil, nil, err
	}
	r.hidden = w.hidden
	return w.out, w.notes, nil
}
