package output

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/acrvet/acr/checker"
)

// Baseline is the set of findings a legacy repository has accepted for
// now: later runs report only findings that are not in it. It is stored as
// indented JSON so that changes to it read well in a review:
//
//	{
//	  "version": 1,
//	  "tool": "acrvet v0.1.0",
//	  "findings": [
//	    {"fingerprint": "1f0c…:1", "rule": "ARX101", "path": "src/service/app.py", "line": 12, "message": "…"}
//	  ]
//	}
//
// A finding matches an entry by its fingerprint (see Fingerprints), which
// holds the rule, the path and the text of the line but not the line
// number, so the baseline survives unrelated edits that move lines. Line
// and message are there for people and are not compared. Each entry
// matches one finding: a second identical finding on an identical line is
// new.
type Baseline struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool,omitempty"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path,omitempty"`
	Line        int    `json:"line,omitempty"`
	Message     string `json:"message"`
}

// NewBaseline returns the baseline that accepts every finding of a run.
func NewBaseline(res *checker.Result, findings []checker.Finding, tool string) *Baseline {
	b := &Baseline{Version: 1, Tool: tool, Findings: []BaselineEntry{}}
	fps := FingerprintsOf(res, findings)
	for i, fd := range findings {
		e := BaselineEntry{Fingerprint: fps[i], Rule: fd.Rule.ID, Message: fd.Diagnostic.Message}
		if fd.File != nil {
			e.Path, e.Line = fd.File.Path, fd.Posn.Line
		}
		b.Findings = append(b.Findings, e)
	}
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// WriteFile writes the baseline atomically, so an interrupted write never
// leaves half a baseline that would let every finding through.
func (b *Baseline) WriteFile(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if _, err := os.Stat(path); err != nil {
		if !os.IsNotExist(err) {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}
	return checker.WriteAtomic(path, data)
}

// ReadBaseline reads a baseline file; a file that is not a baseline is an
// error, never an empty baseline.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a baseline file: %v", path, err)
	}
	if b.Version != 1 || b.Findings == nil {
		return nil, fmt.Errorf("%s: not a version 1 baseline file (write one with -write-baseline)", path)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" || e.Rule == "" {
			return nil, fmt.Errorf("%s: finding %d has no fingerprint or rule", path, i+1)
		}
	}
	return &b, nil
}

// aliasesIn returns, sorted, the former codes of the findings' rules that
// entries of the baseline are recorded under.
func aliasesIn(b *Baseline, findings []checker.Finding) []string {
	inBaseline := map[string]bool{}
	for _, e := range b.Findings {
		inBaseline[e.Rule] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, fd := range findings {
		for _, a := range fd.Rule.Aliases {
			if inBaseline[a] && !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Filter returns the findings that are not in the baseline, and the number
// of baseline entries that matched no finding (fixed since, or changed):
// a baseline with many stale entries should be written again.
func (b *Baseline) Filter(res *checker.Result, findings []checker.Finding) (fresh []checker.Finding, stale int) {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Rule+"\x00"+e.Fingerprint]++
	}
	fps := FingerprintsOf(res, findings)
	var unmatched []checker.Finding
	for i, fd := range findings {
		k := fd.Rule.ID + "\x00" + fps[i]
		if left[k] > 0 {
			left[k]--
			continue
		}
		unmatched = append(unmatched, fd)
	}
	// Entries written under a rule's former code (acr.Rule.Aliases) match
	// the finding fingerprinted under that code, as the older acr did.
	for _, alias := range aliasesIn(b, unmatched) {
		idOf := func(fd checker.Finding) string {
			if fd.Rule.IsAlias(alias) {
				return alias
			}
			return fd.Rule.ID
		}
		afps := fingerprintsOfAs(res, unmatched, idOf)
		kept := unmatched[:0]
		for i, fd := range unmatched {
			k := alias + "\x00" + afps[i]
			if fd.Rule.IsAlias(alias) && left[k] > 0 {
				left[k]--
				continue
			}
			kept = append(kept, fd)
		}
		unmatched = kept
	}
	fresh = unmatched
	for _, n := range left {
		stale += n
	}
	return fresh, stale
}
