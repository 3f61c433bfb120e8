package multichecker

import (
	"fmt"
	"sort"
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
	s := &ruleSelection{}
	check := func(flagName string, codes []string) ([]string, error) {
		var out []string
		for _, c := range codes {
			u := strings.ToUpper(c)
			// A rule's former code, or a prefix of former codes that
			// names no current code (ASYNC, ASYNC11), selects the rules
			// (acr.Rule.Aliases).
			byAlias := formerCodes(idx, u, !matchesAny(u, ids))
			if len(byAlias) > 0 {
				out = append(out, byAlias...)
				s.notes = append(s.notes, checker.Note{Path: "-" + flagName, Reason: fmt.Sprintf(
					"%s selects %s by a former code (see CHANGELOG.md); name the rules you mean", c, strings.Join(byAlias, ", "))})
				continue
			}
			if u != "ALL" && !matchesAny(u, ids) {
				return nil, fmt.Errorf("-%s: %q is no rule code or code prefix%s (acrvet help lists the rules)", flagName, c, nearestCode(u, ids))
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
	return s, nil
}

// formerCodes returns the ids of the rules that keep code as a former
// code, or, with prefixes, whose former codes start with it.
func formerCodes(idx map[string]acr.RuleRef, code string, prefixes bool) []string {
	var out []string
	for _, id := range acr.SortedRuleIDs(idx) {
		r := idx[id].Rule
		for _, a := range r.Aliases {
			if a != r.ID && (a == code || prefixes && strings.HasPrefix(a, code)) {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

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

// enabledIDs lists the codes on, for tests and -v.
func (s *ruleSelection) enabledIDs(analyzers []*acr.Analyzer) []string {
	var out []string
	for _, id := range acr.SortedRuleIDs(acr.RuleIndex(acr.Closure(analyzers))) {
		if s.Enabled(id) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
