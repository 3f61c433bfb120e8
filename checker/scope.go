package checker

import (
	"strings"

	"github.com/acrvet/acr"
)

// A scope is the part of the repository a run was given: the roots as
// repo-relative slash paths ("." for the whole repository).
type scope struct {
	paths []string
	files []string // roots that are files, absolute: walked even when ignored
}

// newScope resolves the roots of a run against the repository root.
func newScope(root string, roots []string) (*scope, error) {
	s := &scope{}
	for _, r := range roots {
		rel, abs, st, err := resolveRoot(root, r)
		if err != nil {
			return nil, err
		}
		s.paths = append(s.paths, rel)
		if !st.IsDir() {
			s.files = append(s.files, abs)
		}
	}
	return s, nil
}

// partial reports whether the scope leaves part of the repository out.
func (s *scope) partial() bool {
	for _, p := range s.paths {
		if p == "." {
			return false
		}
	}
	return true
}

// contains reports whether a repo-relative path is inside the scope.
func (s *scope) contains(rel string) bool {
	for _, p := range s.paths {
		if p == "." || rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

// narrowFileLocal keeps the inputs of file-local passes inside the scope:
// their findings in a file depend on that file alone, so the files
// outside need not be read for them.
func (s *scope) narrowFileLocal(all []*acr.Analyzer, cands []candidate, metas []meta) {
	for k, c := range cands {
		if s.contains(c.rel) {
			continue
		}
		for i, a := range all {
			if a.FileLocal {
				metas[k].wants[i] = false
			}
		}
	}
}

// findings keeps the findings inside the scope, and those about the
// repository as a whole, which hold whatever the paths.
func (s *scope) findings(fs []Finding) []Finding {
	var out []Finding
	for _, fd := range fs {
		if fd.File == nil || s.contains(fd.File.Path) {
			out = append(out, fd)
		}
	}
	return out
}

// notes keeps the notes about paths inside the scope, and those about
// the repository as a whole.
func (s *scope) notes(ns []Note) []Note {
	var out []Note
	for _, n := range ns {
		if n.Path == "" || s.contains(n.Path) {
			out = append(out, n)
		}
	}
	return out
}
