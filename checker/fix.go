package checker

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/acrvet/acr/pass"
)

// An Edit replaces the bytes [Start, End) of a file with New.
type Edit struct {
	Start, End int
	New        []byte
}

// FixPlan is the set of edits the suggested fixes of a run make, per file,
// with the fixes that had to be skipped.
type FixPlan struct {
	Files   map[*pass.File][]Edit
	Skipped []string // one message per fix not applied, with its position
}

// PlanFixes collects the first suggested fix of each finding. A fix whose
// edits overlap an edit already taken, or that spans files it cannot
// resolve, is skipped as a whole with a message, so no fix is ever half
// applied. Identical edits from different findings are applied once.
func PlanFixes(res *Result, findings []Finding) *FixPlan {
	plan := &FixPlan{Files: map[*pass.File][]Edit{}}
	for _, fd := range findings {
		if len(fd.Diagnostic.SuggestedFixes) == 0 {
			continue
		}
		fix := fd.Diagnostic.SuggestedFixes[0]
		staged := map[*pass.File][]Edit{}
		ok := true
		for _, te := range fix.TextEdits {
			f, _ := res.Resolve(te.Pos)
			if f == nil || f.Kind == pass.Zip {
				ok = false
				break
			}
			if _, err := f.ReadFile(); err != nil {
				ok = false
				break
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			e := Edit{Start: f.Offset(te.Pos), End: f.Offset(end), New: te.NewText}
			if e.End < e.Start {
				ok = false
				break
			}
			staged[f] = append(staged[f], e)
		}
		if ok {
			for f, edits := range staged {
				if conflicts(plan.Files[f], edits) {
					ok = false
				}
			}
		}
		if !ok {
			plan.Skipped = append(plan.Skipped, fmt.Sprintf("%s: fix %q skipped: its edits overlap another fix or fall outside a text file; apply it by hand", fd.Posn, fix.Message))
			continue
		}
		for f, edits := range staged {
			plan.Files[f] = mergeEdits(plan.Files[f], edits)
		}
	}
	return plan
}

func conflicts(have, add []Edit) bool {
	for _, a := range add {
		for _, h := range have {
			if a.Start == h.Start && a.End == h.End && bytes.Equal(a.New, h.New) {
				continue
			}
			if a.Start < h.End && h.Start < a.End {
				return true
			}
			if a.Start == a.End && h.Start == h.End && a.Start == h.Start {
				return true // two different insertions at one point: order unknown
			}
		}
	}
	return false
}

func mergeEdits(have, add []Edit) []Edit {
outer:
	for _, a := range add {
		for _, h := range have {
			if a.Start == h.Start && a.End == h.End && bytes.Equal(a.New, h.New) {
				continue outer
			}
		}
		have = append(have, a)
	}
	sort.SliceStable(have, func(i, j int) bool { return have[i].Start < have[j].Start })
	return have
}

// Apply returns the content with the sorted, non-overlapping edits made.
func Apply(content []byte, edits []Edit) []byte {
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		buf.Write(content[last:e.Start])
		buf.Write(e.New)
		last = e.End
	}
	buf.Write(content[last:])
	return buf.Bytes()
}

// WriteAtomic replaces a file's content by writing a temporary file in the
// same directory and renaming it over the original, keeping its mode: a
// crash leaves either the old or the new file, never half of one.
func WriteAtomic(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".acr-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, st.Mode().Perm())
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
	}
	return werr
}
