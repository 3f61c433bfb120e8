package multichecker

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/suggest"
)

// listFlag is a flag of comma-separated values that may be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// A ruleSelection is what -select, -extend-select and -ignore make of the
// rules, as ruff reads them: each names rule codes or code prefixes
// (ARX, ARX1, ARX101) or ALL. A rule is on when the longest prefix
// that matches it is selected; at equal length -ignore wins. Without
// -select every rule starts selected, as if -select ALL.
type ruleSelection struct {
	on  []string
	off []string
	// formerCodes are the former codes of each rule (those of its
	// acr.Rule.Aliases shaped as codes, not names): a selector matches a
	// rule by its code or by a former one, so -select MOJO7 still selects
	// LAYER101, formerly MOJO701.
	formerCodes map[string][]string
	// notes say where a flag names rules by their former codes, so the
	// command line can be updated (the checker notes .acr.yaml and
	// directives the same way).
	notes []checker.Note
}

// newRuleSelection validates the codes against the rules of the analyzers:
// a code that matches no rule is an error with the nearest code.
func newRuleSelection(analyzers []*acr.Analyzer, sel, extend, ignore []string) (*ruleSelection, error) {
	idx := acr.RuleIndex(acr.Closure(analyzers))
	ids := acr.SortedRuleIDs(idx)
	s := &ruleSelection{formerCodes: map[string][]string{}}
	for id, ref := range idx {
		for _, a := range ref.Rule.Aliases {
			if ruleCodeRE.MatchString(a) {
				s.formerCodes[id] = append(s.formerCodes[id], a)
			}
		}
	}
	var notes []checker.Note
	former := func(flagName, c string, moved []string) checker.Note {
		return checker.Note{Path: "-" + flagName, Reason: fmt.Sprintf(
			"%s selects %s by a former code (see CHANGELOG.md); name the rules you mean", c, strings.Join(moved, ", "))}
	}
	check := func(flagName string, codes []string) ([]string, error) {
		var out []string
		for _, c := range codes {
			u := strings.ToUpper(c)
			// A rule's former code selects the rule (acr.Rule.Aliases).
			if _, byAlias := acr.Resolve(idx, u); len(byAlias) > 0 {
				var moved []string
				for _, ref := range byAlias {
					out = append(out, ref.Rule.ID)
					moved = append(moved, ref.Rule.ID)
				}
				notes = append(notes, former(flagName, c, moved))
				continue
			}
			if u != "ALL" {
				moved := s.byFormerPrefix(ids, u)
				if len(moved) == 0 && !matchesAny(u, ids) {
					return nil, fmt.Errorf("-%s: %q is no rule code or code prefix%s (acrvet help lists the rules)", flagName, c, nearestCode(u, ids))
				}
				if len(moved) > 0 {
					notes = append(notes, former(flagName, c, moved))
				}
			}
			out = append(out, u)
		}
		return out, nil
	}
	on, err := check("select", sel)
	if err != nil {
		return nil, err
	}
	if len(sel) == 0 {
		on = []string{"ALL"}
	}
	more, err := check("extend-select", extend)
	if err != nil {
		return nil, err
	}
	s.on = append(on, more...)
	if s.off, err = check("ignore", ignore); err != nil {
		return nil, err
	}
	s.notes = notes
	return s, nil
}

// byFormerPrefix lists the rules that a code prefix matches only through a
// former code: MOJO7 matches LAYER101, formerly MOJO701.
func (s *ruleSelection) byFormerPrefix(ids []string, prefix string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			continue
		}
		for _, a := range s.formerCodes[id] {
			if strings.HasPrefix(a, prefix) {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

var ruleCodeRE = regexp.MustCompile(`^[A-Z]+[0-9]+$`)

func matchesAny(prefix string, ids []string) bool {
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			return true
		}
	}
	return false
}

// nearestCode suggests the rule code, or the code prefix of the same
// length, nearest to a misspelled one.
func nearestCode(code string, ids []string) string {
	var prefixes []string
	for _, id := range ids {
		prefixes = append(prefixes, id[:min(len(code), len(id))])
	}
	return suggest.DidYouMean(code, prefixes)
}

// specificity is how much of a rule code a selector names: ALL matches
// every code and names none of it.
func specificity(sel, id string) int {
	if sel == "ALL" {
		return 0
	}
	if strings.HasPrefix(id, sel) {
		return len(sel)
	}
	return -1
}

// Enabled reports whether a rule code is on. Driver rules (ACR...) stay
// on unless named: a syntax error is never hidden by -select ASYNC.
func (s *ruleSelection) Enabled(id string) bool {
	best := func(sels []string) int {
		b := -1
		for _, x := range sels {
			if x == "ALL" && strings.HasPrefix(id, "ACR") {
				continue
			}
			b = max(b, specificity(x, id))
			for _, a := range s.formerCodes[id] {
				if x != "ALL" {
					b = max(b, specificity(x, a))
				}
			}
		}
		return b
	}
	on, off := best(s.on), best(s.off)
	if on < 0 && strings.HasPrefix(id, "ACR") && off < 0 {
		return true
	}
	return on >= 0 && on > off
}

// active reports whether the selection changes anything.
func (s *ruleSelection) active() bool {
	return len(s.off) > 0 || len(s.on) != 1 || s.on[0] != "ALL"
}
