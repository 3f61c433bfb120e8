package acr

import (
	"sort"
	"strconv"
	"strings"
	"sync"
)

// What a pass examined, so a report can tell "checked and found nothing"
// from "found nothing to check". A criterion of the plan passes only with
// evidence: "12 async functions" examined by its rules and no finding.

// Examined records that the pass examined n subjects for each of rules.
// subject is a singular noun phrase whose plural adds "s" or "es": "async
// function", "jsonb column", "JVM container" (Plural writes it). A pass calls it once per
// subject with the total (or several times: counts add up), and with n = 0
// when it looked and found none, so the report can say what was absent.
// It is safe for concurrent use and does nothing outside a driver that
// keeps a tally.
func (p *Pass) Examined(subject string, n int, rules ...*Rule) {
	if p.Tally == nil {
		return
	}
	for _, r := range rules {
		p.Tally.Add(r.ID, subject, n)
	}
}

// A Tally counts what a pass examined, per rule and subject.
type Tally struct {
	mu     sync.Mutex
	counts map[tallyKey]int
}

type tallyKey struct{ rule, subject string }

// Add adds n subjects examined for a rule.
func (t *Tally) Add(rule, subject string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counts == nil {
		t.counts = map[tallyKey]int{}
	}
	t.counts[tallyKey{rule, subject}] += n
}

// Counts returns the tally sorted by rule and subject.
func (t *Tally) Counts() []Count {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Count, 0, len(t.counts))
	for k, n := range t.counts {
		out = append(out, Count{Rule: k.rule, Subject: k.subject, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Subject < out[j].Subject
	})
	return out
}

// Plural returns the plural of a subject: "jsonb columns", "Redis
// clients", "Mage blocks", "matches".
func Plural(subject string) string {
	for _, suf := range []string{"s", "x", "ch", "sh"} {
		if strings.HasSuffix(subject, suf) {
			return subject + "es"
		}
	}
	return subject + "s"
}

// Phrase writes n subjects: "1 jsonb column", "3 jsonb columns".
func (c Count) Phrase() string {
	if c.N == 1 {
		return "1 " + c.Subject
	}
	return strconv.Itoa(c.N) + " " + Plural(c.Subject)
}

// A Count is how many subjects of a kind a rule examined.
type Count struct {
	Rule    string
	Subject string
	N       int
}

// An EvidenceTable is a pass result that details, per criterion of the
// plan, what the pass found and which of its findings are the gaps of
// which criterion (the scenario pass's result is one). The Plan Alignment
// report reads every result that implements it.
type EvidenceTable interface {
	PlanEvidence() []CriterionEvidence
}

// CriterionEvidence is what a pass found for one criterion of the plan.
type CriterionEvidence struct {
	// Criterion is the plan criterion id the row is about.
	Criterion string
	// Rule is the id of the rule that reports the row's gaps.
	Rule string
	// Applies is false when the repository has nothing the criterion is
	// about; Note says why.
	Applies bool
	Note    string
	// Found are the places that satisfy the criterion.
	Found []Place
	// Gaps are the findings of Rule that say the criterion is not met;
	// a gap of the repository as a whole has an empty Path.
	Gaps []Place
}

// A Place is a position in the repository and what was found there (for
// a gap, the finding's message).
type Place struct {
	Path string
	Line int
	What string
}
