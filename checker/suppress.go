package checker

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// suppress resolves, deduplicates, suppresses and sorts the diagnostics.
func (r *run) suppress() (kept, suppressed []Finding) {
	rules := acr.RuleIndex(r.all)
	for _, name := range r.cfg.Disable {
		r.noteAlias(rules, r.cfg.Path, "disable", name)
	}
	for _, n := range r.cfg.FormerNames(r.known) {
		r.aliasNotes = append(r.aliasNotes, Note{r.cfg.Path, n})
	}
	type key struct {
		pos, end token.Pos
		cat, msg string
	}
	seen := make(map[key]bool, len(r.diags))
	all := make([]Finding, 0, len(r.diags))
	for _, d := range r.diags {
		k := key{d.diag.Pos, d.diag.End, d.diag.Category, d.diag.Message}
		if seen[k] {
			continue // a syntax error hit by several passes, say
		}
		seen[k] = true
		ref, ok := rules[d.diag.Category]
		if !ok {
			r.errs = append(r.errs, fmt.Errorf("%s: reported a diagnostic with unknown rule %q: %s", d.analyzer.Name, d.diag.Category, d.diag.Message))
			continue
		}
		if !r.ruleOn(ref.Rule) {
			continue
		}
		fd := Finding{Analyzer: d.analyzer, Rule: ref.Rule, Diagnostic: d.diag, Note: d.note}
		if ref.Analyzer == nil {
			fd.Analyzer = nil
		}
		fd.File, fd.Posn = r.resolve(d.diag.Pos)
		if d.diag.End.IsValid() {
			_, fd.End = r.resolve(d.diag.End)
		} else {
			fd.End = fd.Posn
		}
		all = append(all, fd)
	}

	// Suppression directives of every file a pass read or reported on.
	dirs := map[*pass.File][]*directive{}
	reviewed := map[*pass.File]map[string]bool{} // file -> names of passes that read it
	for a, in := range r.inputs {
		for _, f := range in {
			if reviewed[f] == nil {
				reviewed[f] = map[string]bool{}
			}
			reviewed[f][a.Name] = true
		}
	}
	// Directives by file and the line they cover (0: the whole file), so
	// that a file with a directive per finding stays linear.
	byLine := map[*pass.File]map[int][]*directive{}
	for f := range reviewed {
		// The scan saw which files hold "acr:"; reading the others
		// again, most of them released by now, would find nothing.
		if !r.directives[f] {
			continue
		}
		if ds := parseDirectives(f); ds != nil {
			dirs[f] = ds
			lines := map[int][]*directive{}
			for _, d := range ds {
				lines[d.line] = append(lines[d.line], d)
			}
			byLine[f] = lines
		}
	}
	// kept reuses all's array: it never holds more than all has been read.
	kept = all[:0]
	for _, fd := range all {
		if fd.File == nil {
			kept = append(kept, fd)
			continue
		}
		hit := false
		lines := byLine[fd.File]
		for _, ds := range [2][]*directive{lines[0], lines[fd.Posn.Line]} {
			for _, d := range ds {
				if len(d.problems) > 0 || fd.Rule == acr.UnusedDirectiveRule {
					continue
				}
				if ok, former := d.matches(fd.Posn.Line, fd.Rule, fd.Analyzer); ok {
					d.used = true
					hit = true
					if former != "" && !d.notedFormer {
						d.notedFormer = true
						r.aliasNotes = append(r.aliasNotes, Note{fmt.Sprintf("%s:%d", fd.File.Path, fd.File.Position(d.offset).Line),
							fmt.Sprintf("acr:ignore %s covers %s of pass %s, which was part of %s before v0.2.0 (CHANGELOG.md); name %s or the rule", former, fd.Rule.ID, fd.Analyzer.Name, former, fd.Analyzer.Name)})
					}
				}
			}
		}
		if hit {
			suppressed = append(suppressed, fd)
		} else {
			kept = append(kept, fd)
		}
	}
	kept = append(kept, r.directiveFindings(dirs, reviewed, rules)...)
	if len(kept) == 0 {
		kept = nil
	}
	SortFindings(kept)
	SortFindings(suppressed)
	return kept, suppressed
}

// noteAlias records a note when name selects rules only through their
// former codes or names, so the config or directive can be updated.
func (r *run) noteAlias(rules map[string]acr.RuleRef, where, what, name string) {
	_, byAlias := acr.Resolve(rules, name)
	if len(byAlias) == 0 {
		return
	}
	var ids []string
	for _, ref := range byAlias {
		ids = append(ids, ref.Rule.ID)
	}
	r.aliasNotes = append(r.aliasNotes, Note{where, fmt.Sprintf("%s %s selects %s by a former code or name (see CHANGELOG.md); name the rules you mean", what, name, strings.Join(ids, ", "))})
}

// directiveFindings reports malformed directives and directives that
// suppressed nothing although a pass they name read the file.
func (r *run) directiveFindings(dirs map[*pass.File][]*directive, reviewed map[*pass.File]map[string]bool, rules map[string]acr.RuleRef) []Finding {
	names := map[string]string{} // rule id, rule name or pass name -> pass name ("" for driver rules)
	off := map[string]bool{}     // rules this run does not report (disable:, -select, -ignore)
	// Every rule and pass the tool knows is a valid name, also those of
	// passes this run leaves out (-NAME flags, -select): they are not
	// misspelled, only not checked now.
	known := acr.Closure(append(slices.Clone(r.all), r.known...))
	for id, ref := range acr.RuleIndex(known) {
		owner := ""
		if ref.Analyzer != nil {
			owner = ref.Analyzer.Name
		}
		names[id] = owner
		names[ref.Rule.Name] = owner
		if _, ran := rules[id]; !ran || !r.ruleOn(ref.Rule) {
			off[id], off[ref.Rule.Name] = true, true
		}
		for _, alias := range ref.Rule.Aliases {
			if _, taken := names[alias]; !taken {
				names[alias] = owner
				off[alias] = off[id]
			}
		}
	}
	for _, a := range known {
		names[a.Name] = a.Name
	}
	var out []Finding
	report := func(d *directive, rule *acr.Rule, msg string) {
		diag := acr.Diagnostic{Pos: d.file.Pos(d.offset), End: d.file.Pos(d.end), Category: rule.ID, Message: msg}
		out = append(out, Finding{Rule: rule, Diagnostic: diag, File: d.file, Posn: d.file.Position(d.offset), End: d.file.Position(d.end)})
	}
	for f, ds := range dirs {
		for _, d := range ds {
			for _, p := range d.problems {
				report(d, acr.BadDirectiveRule, p)
			}
			for _, n := range d.names {
				r.noteAlias(rules, fmt.Sprintf("%s:%d", f.Path, f.Position(d.offset).Line), "acr:ignore", n)
			}
			if len(d.problems) > 0 || d.used {
				continue
			}
			ran := false
			for _, n := range d.names {
				owner, known := names[n]
				if !known {
					report(d, acr.BadDirectiveRule, fmt.Sprintf("acr:ignore names %q, which is no rule or pass of this run: check the spelling (acrvet help lists them)", n))
					continue
				}
				if !off[n] && (owner == "" || reviewed[f][owner]) {
					ran = true
				}
			}
			if ran {
				report(d, acr.UnusedDirectiveRule, fmt.Sprintf("acr:ignore %s suppresses nothing: remove it, or move it to the line of the finding", strings.Join(d.names, ",")))
			}
		}
	}
	return out
}
