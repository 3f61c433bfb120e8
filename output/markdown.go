package output

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
)

// DefaultMaxReportSize keeps the report below GitHub's 65536-character
// limit on a comment body, with room for a wrapper around it.
const DefaultMaxReportSize = 60000

// ReportMarker is an HTML comment at the top of the report, invisible when
// rendered, by which a CI job finds its previous comment to update it.
const ReportMarker = "<!-- acr:plan-alignment -->"

// Status is the verdict on a criterion.
type Status int

const (
	// NotChecked: none of the criterion's rules ran (their pass was not
	// selected, was disabled or failed), or no rule checks it yet. It is
	// never counted as a pass.
	NotChecked Status = iota
	// Pass: the criterion's rules ran, examined something (the report
	// says what) and found nothing.
	Pass
	// Warn: only warnings or notes.
	Warn
	// Fail: at least one error.
	Fail
	// NotApplicable: the rules ran and the repository has nothing the
	// criterion is about (no Redis client, no jsonb column).
	NotApplicable
	// Missing: the plan requires something the criterion is about (a
	// Redis cache, Mage blocks) and the repository has none.
	Missing
)

// Mark returns the status's sign and word.
func (s Status) Mark() string {
	switch s {
	case Pass:
		return "✅ pass"
	case Warn:
		return "⚠️ warn"
	case Fail:
		return "❌ fail"
	case NotApplicable:
		return "➖ not applicable"
	case Missing:
		return "⛔ missing"
	}
	return "⚪ not checked"
}

func (s Status) sign() string { m, _, _ := strings.Cut(s.Mark(), " "); return m }

// CriterionResult is the verdict on one criterion.
type CriterionResult struct {
	Criterion Criterion
	Status    Status
	Rules     []string          // the rules that check it
	NotRun    []string          // those of Rules that did not run
	Findings  []checker.Finding // the findings of its rules
	// Evidence lists what a pass found that satisfies the criterion, when
	// the catalog has evidence for it.
	Evidence []EvidenceLocation
	// Examined is what the criterion's rules examined, per subject (the
	// largest count of the subject among its rules).
	Examined []acr.Count
	// Note says why a criterion is not applicable or missing.
	Note string
}

// Alignment is the Plan Alignment of a run: every criterion of the plan
// with its verdict and findings, by view.
type Alignment struct {
	Criteria []CriterionResult
	// Other are findings of rules that map to no criterion.
	Other []checker.Finding
}

// Align judges every criterion of the catalog against the findings of a
// run (already filtered by a baseline or a pull request's changes, if
// any: the verdict is then about those findings).
func Align(res *checker.Result, findings []checker.Finding, cat *Catalog) *Alignment {
	if cat == nil {
		cat = DefaultCatalog
	}
	idx := acr.RuleIndex(append(append([]*acr.Analyzer(nil), cat.Analyzers...), res.Analyzers...))
	for _, fd := range findings {
		if _, ok := idx[fd.Rule.ID]; !ok {
			idx[fd.Rule.ID] = acr.RuleRef{Rule: fd.Rule, Analyzer: fd.Analyzer}
		}
	}
	m := MapRules(cat.Criteria, idx)
	byRule := map[string][]checker.Finding{}
	for _, fd := range findings {
		byRule[fd.Rule.ID] = append(byRule[fd.Rule.ID], fd)
	}
	ev := gatherEvidence(res, findings, cat)
	examined := examinedByRule(res)

	al := &Alignment{}
	mapped := map[string]bool{}
	for _, c := range m.Criteria {
		cr := CriterionResult{Criterion: c, Rules: m.Rules[c.ID]}
		ranAny := false
		for _, id := range cr.Rules {
			mapped[id] = true
			if !ranRule(res, idx, id) {
				cr.NotRun = append(cr.NotRun, id)
				continue
			}
			ranAny = true
			for _, fd := range byRule[id] {
				// A finding that is the gap of some criterion counts for
				// those criteria only; any other finding counts for every
				// criterion of its rule, so none is ever lost.
				if in := ev.gapOf[keyOf(fd)]; in != nil && !in[c.ID] {
					continue
				}
				cr.Findings = append(cr.Findings, fd)
			}
			cr.Examined = mergeCounts(cr.Examined, examined[id])
		}
		checker.SortFindings(cr.Findings)
		cr.Status, cr.Note = judge(c, &cr, ranAny, ev.rows[c.ID])
		al.Criteria = append(al.Criteria, cr)
	}
	for _, fd := range findings {
		if !mapped[fd.Rule.ID] {
			al.Other = append(al.Other, fd)
		}
	}
	return al
}

// ranRule reports whether a rule ran: its pass was selected, ran to the
// end, and the config does not disable it.
func ranRule(res *checker.Result, idx map[string]acr.RuleRef, id string) bool {
	ref, ok := idx[id]
	if !ok {
		return false
	}
	if res.Config != nil && res.Config.RuleDisabled(ref.Rule) {
		return false
	}
	if ref.Analyzer == nil {
		return true // the driver's own
	}
	_, done := res.Results[ref.Analyzer]
	return done
}

// judge gives a criterion its status: fail or warn by its findings; pass
// only with evidence (rows of an evidence table, or subjects its rules
// examined); otherwise not applicable, or missing when the plan requires
// what the criterion is about.
func judge(c Criterion, cr *CriterionResult, ranAny bool, rows []Evidence) (Status, string) {
	switch {
	case !ranAny:
		return NotChecked, ""
	case len(cr.Findings) > 0:
		for _, fd := range cr.Findings {
			if fd.Severity() == acr.SeverityError {
				return Fail, ""
			}
		}
		return Warn, ""
	}
	if len(rows) > 0 {
		applies := false
		var notes []string
		for _, row := range rows {
			if row.Applies {
				applies = true
				cr.Evidence = append(cr.Evidence, row.Found...)
			} else if row.Note != "" {
				notes = append(notes, row.Note)
			}
		}
		if applies {
			return Pass, ""
		}
		return absent(c, strings.Join(notes, "; "))
	}
	if total(cr.Examined) > 0 {
		return Pass, ""
	}
	var none []string
	for _, n := range cr.Examined {
		none = append(none, acr.Plural(n.Subject))
	}
	why := "nothing in the repository it applies to"
	if len(none) > 0 {
		why = "no " + strings.Join(none, ", no ") + " in the repository"
	}
	return absent(c, why)
}

// absent is the status of a criterion whose subject the repository lacks.
func absent(c Criterion, why string) (Status, string) {
	if c.Requires != "" {
		note := "the plan requires " + c.Requires + ", and the repository has none"
		if why != "" {
			note += ": " + why
		}
		return Missing, note
	}
	return NotApplicable, why
}

// evidence is what the evidence tables of a run say: rows by criterion,
// and the findings that are a row's gap, which count for the row's
// criterion only.
type evidence struct {
	rows  map[string][]Evidence
	gapOf map[findingKey]map[string]bool
}

func gatherEvidence(res *checker.Result, findings []checker.Finding, cat *Catalog) evidence {
	ev := evidence{rows: map[string][]Evidence{}, gapOf: map[findingKey]map[string]bool{}}
	var all []Evidence
	for _, a := range res.Analyzers {
		if t, ok := res.Results[a].(acr.EvidenceTable); ok {
			all = append(all, t.PlanEvidence()...)
		}
	}
	for _, f := range cat.Evidence {
		all = append(all, f(res)...)
	}
	type gapKey struct {
		rule, path, what string
		line             int
	}
	gaps := map[gapKey][]string{}
	scoped := map[string]bool{} // rules whose findings evidence distributes
	for _, row := range all {
		ev.rows[row.Criterion] = append(ev.rows[row.Criterion], row)
		scoped[row.Rule] = true
		for _, g := range row.Gaps {
			k := gapKey{row.Rule, g.Path, g.What, g.Line}
			gaps[k] = append(gaps[k], row.Criterion)
		}
	}
	for _, fd := range findings {
		if !scoped[fd.Rule.ID] {
			continue
		}
		path, line := "", 0
		if fd.File != nil {
			path, line = fd.File.Path, fd.Posn.Line
		}
		for _, cid := range gaps[gapKey{fd.Rule.ID, path, fd.Diagnostic.Message, line}] {
			if ev.gapOf[keyOf(fd)] == nil {
				ev.gapOf[keyOf(fd)] = map[string]bool{}
			}
			ev.gapOf[keyOf(fd)][cid] = true
		}
	}
	return ev
}

// examinedByRule returns what each rule examined in the run.
func examinedByRule(res *checker.Result) map[string][]acr.Count {
	out := map[string][]acr.Count{}
	for _, counts := range res.Examined {
		for _, n := range counts {
			out[n.Rule] = append(out[n.Rule], n)
		}
	}
	return out
}

// mergeCounts adds counts to a criterion's, keeping per subject the
// largest: two rules that each examined the same 12 async functions
// examined 12, not 24.
func mergeCounts(have, add []acr.Count) []acr.Count {
	for _, n := range add {
		found := false
		for i := range have {
			if have[i].Subject == n.Subject {
				have[i].N = max(have[i].N, n.N)
				found = true
			}
		}
		if !found {
			have = append(have, acr.Count{Subject: n.Subject, N: n.N})
		}
	}
	return have
}

func total(counts []acr.Count) int {
	n := 0
	for _, c := range counts {
		n += c.N
	}
	return n
}

// Counts returns how many criteria of a view (all views when view is "")
// have each status.
func (al *Alignment) Counts(view acr.View) map[Status]int {
	n := map[Status]int{}
	for _, cr := range al.Criteria {
		if view == "" || cr.Criterion.View == view {
			n[cr.Status]++
		}
	}
	return n
}

// Markdown writes the Plan Alignment report: every criterion of the plan,
// grouped by the 4+1 views and by story, with a pass, warn, fail or not
// checked mark and its findings as file:line links, plus counts. Past
// opts.MaxReportSize it lists fewer findings per criterion, and says how
// many it left out, so the report can be posted as a pull request comment.
func Markdown(w io.Writer, res *checker.Result, findings []checker.Finding, opts Options) error {
	_, err := io.WriteString(w, MarkdownReport(res, findings, opts))
	return err
}

// MarkdownReport returns the report Markdown writes.
func MarkdownReport(res *checker.Result, findings []checker.Finding, opts Options) string {
	limit := opts.MaxReportSize
	if limit <= 0 {
		limit = DefaultMaxReportSize
	}
	cat := opts.Catalog
	if cat == nil {
		cat = DefaultCatalog
	}
	al := Align(res, findings, cat)
	var out string
	for _, perCriterion := range []int{-1, 50, 20, 10, 5, 3, 2, 1, 0} {
		out = renderReport(res, findings, al, cat, opts, perCriterion)
		if len(out) <= limit {
			return out
		}
	}
	// Even the counts alone are too long: cut at a line and say so.
	note := fmt.Sprintf("\n… report truncated to %d bytes; run `%s -format markdown` locally for the rest.\n", limit, opts.toolName())
	cut := max(0, limit-len(note))
	for cut > 0 && out[cut-1] != '\n' {
		cut--
	}
	return out[:cut] + note
}

func renderReport(res *checker.Result, findings []checker.Finding, al *Alignment, cat *Catalog, opts Options, perCriterion int) string {
	var b strings.Builder
	b.WriteString(ReportMarker + "\n")
	b.WriteString("## Plan Alignment report\n\n")
	b.WriteString(summaryLine(findings, al) + "\n\n")
	if opts.Scope != "" {
		fmt.Fprintf(&b, "_Scope: %s._\n\n", mdEscape(opts.Scope))
	}
	if len(res.Errors) > 0 {
		fmt.Fprintf(&b, "> [!WARNING]\n> The run is incomplete: %d analysis error(s); criteria of a failed pass are marked not checked.\n", len(res.Errors))
		for i, e := range res.Errors {
			if i == 3 {
				fmt.Fprintf(&b, "> - … and %d more\n", len(res.Errors)-3)
				break
			}
			first, _, _ := strings.Cut(e.Error(), "\n")
			fmt.Fprintf(&b, "> - %s\n", mdEscape(first))
		}
		b.WriteString("\n")
	}

	b.WriteString("| View | ❌ fail | ⚠️ warn | ⛔ missing | ✅ pass | ➖ not applicable | ⚪ not checked | Findings |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, v := range acr.Views {
		n := al.Counts(v)
		fmt.Fprintf(&b, "| [%s](#%s) | %d | %d | %d | %d | %d | %d | %d |\n", v, viewAnchor(v), n[Fail], n[Warn], n[Missing], n[Pass], n[NotApplicable], n[NotChecked], countViewFindings(al, v))
	}
	b.WriteString("\n")

	truncated := 0
	for _, v := range acr.Views {
		n := al.Counts(v)
		fmt.Fprintf(&b, "### %s view\n\n", v)
		fmt.Fprintf(&b, "%d fail · %d warn · %d missing · %d pass · %d not applicable · %d not checked\n", n[Fail], n[Warn], n[Missing], n[Pass], n[NotApplicable], n[NotChecked])
		story := ""
		for _, cr := range al.Criteria {
			c := cr.Criterion
			if c.View != v {
				continue
			}
			if c.Story != story {
				story = c.Story
				fmt.Fprintf(&b, "\n**%s**\n\n", groupHeading(cat, story))
			}
			fmt.Fprintf(&b, "- %s %s%s\n", cr.Status.sign(), c.Text, criterionSuffix(cr))
			truncated += writeFindings(&b, res, cr.Findings, opts, perCriterion, "  ")
			if cr.Status == Pass {
				truncated += writeEvidence(&b, res, cr.Evidence, opts, perCriterion)
			}
		}
		b.WriteString("\n")
	}
	if len(al.Other) > 0 {
		fmt.Fprintf(&b, "### Other findings\n\nFindings of rules that check no criterion of the plan (the driver's own, or a custom pass's): %d.\n\n", len(al.Other))
		truncated += writeFindings(&b, res, al.Other, opts, perCriterion, "")
		b.WriteString("\n")
	}
	if truncated > 0 {
		fmt.Fprintf(&b, "_%d finding line(s) left out to keep this report short; every finding is in the `%s` text, SARIF or JSON output._\n", truncated, opts.toolName())
	}
	return b.String()
}

func summaryLine(findings []checker.Finding, al *Alignment) string {
	sev := map[acr.Severity]int{}
	files := map[string]bool{}
	for _, fd := range findings {
		sev[fd.Severity()]++
		files[fd.Posn.Path] = true
	}
	n := al.Counts("")
	return fmt.Sprintf("**%d finding%s** in %d file%s (%d error%s, %d warning%s, %d note%s). Criteria: ❌ %d fail · ⚠️ %d warn · ⛔ %d missing · ✅ %d pass · ➖ %d not applicable · ⚪ %d not checked.",
		len(findings), plural(len(findings)), len(files), plural(len(files)),
		sev[acr.SeverityError], plural(sev[acr.SeverityError]), sev[acr.SeverityWarning], plural(sev[acr.SeverityWarning]), sev[acr.SeverityNote], plural(sev[acr.SeverityNote]),
		n[Fail], n[Warn], n[Missing], n[Pass], n[NotApplicable], n[NotChecked])
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func viewAnchor(v acr.View) string { return strings.ToLower(string(v)) + "-view" }

func countViewFindings(al *Alignment, v acr.View) int {
	seen := map[findingKey]bool{}
	for _, cr := range al.Criteria {
		if cr.Criterion.View != v {
			continue
		}
		for _, fd := range cr.Findings {
			seen[keyOf(fd)] = true
		}
	}
	return len(seen)
}

func groupHeading(cat *Catalog, story string) string {
	g, ok := cat.GroupOf(story)
	if !ok {
		return story
	}
	if g.Epic == "" {
		return "§" + g.Story + " " + g.Title
	}
	return g.Story + " " + g.Title
}

func criterionSuffix(cr CriterionResult) string {
	switch {
	case cr.Status == NotChecked && len(cr.Rules) == 0 && cr.Criterion.Manual != "":
		return " — _not checked: a reviewer checks this by hand: " + mdEscape(cr.Criterion.Manual) + "_"
	case cr.Status == NotChecked && len(cr.Rules) == 0:
		return " — _not checked: no rule checks this yet_"
	case cr.Status == NotChecked && cr.Note != "":
		return " — _not checked: " + mdEscape(cr.Note) + "_"
	case cr.Status == NotChecked:
		return " — _not checked: " + strings.Join(cr.NotRun, ", ") + " did not run_"
	case cr.Status == NotApplicable:
		return " — _not applicable: " + mdEscape(cr.Note) + "_"
	case cr.Status == Missing:
		return " — _missing: " + mdEscape(cr.Note) + "_"
	}
	s := ""
	if n := len(cr.Findings); n > 0 {
		s = fmt.Sprintf(" — %d finding%s", n, plural(n))
	} else if checked := examinedPhrase(cr.Examined); checked != "" && len(cr.Evidence) == 0 {
		s = " — checked " + checked
	}
	if len(cr.NotRun) > 0 {
		s += " _(partly checked: " + strings.Join(cr.NotRun, ", ") + " did not run)_"
	}
	return s
}

// examinedPhrase says what was examined: "12 async functions, 3 Redis
// calls"; subjects with none are left out.
func examinedPhrase(counts []acr.Count) string {
	var parts []string
	for _, n := range counts {
		if n.N > 0 {
			parts = append(parts, n.Phrase())
		}
	}
	return strings.Join(parts, ", ")
}

// writeFindings lists at most limit findings (all when limit < 0) and
// returns how many it left out.
func writeFindings(b *strings.Builder, res *checker.Result, fs []checker.Finding, opts Options, limit int, indent string) int {
	shown := fs
	if limit >= 0 && len(fs) > limit {
		shown = fs[:limit]
	}
	for _, fd := range shown {
		fmt.Fprintf(b, "%s- %s: %s `%s`", indent, findingLink(res, fd, opts), mdEscape(fd.Diagnostic.Message), fd.Rule.ID)
		if v := fd.Verified; v != nil {
			fmt.Fprintf(b, " — %s by %s: %s", v.Result, mdEscape(v.Engine), mdEscape(v.Evidence))
		}
		b.WriteString("\n")
	}
	left := len(fs) - len(shown)
	if left > 0 {
		fmt.Fprintf(b, "%s- … %d more\n", indent, left)
	}
	return left
}

// writeEvidence lists at most limit places that satisfy a criterion (all
// when limit < 0; at most 3 even then, as proof rather than inventory).
func writeEvidence(b *strings.Builder, res *checker.Result, ev []EvidenceLocation, opts Options, limit int) int {
	if limit < 0 || limit > 3 {
		limit = 3
	}
	shown := ev
	if len(ev) > limit {
		shown = ev[:limit]
	}
	for _, e := range shown {
		where := "repository"
		if e.Path != "" {
			p := e.Path
			if f := res.Repo.Lookup(p); f != nil {
				p = DisplayPath(f)
			}
			target := (&url.URL{Path: p}).String()
			label := p
			if e.Line > 0 {
				label = fmt.Sprintf("%s:%d", p, e.Line)
				target += fmt.Sprintf("#L%d", e.Line)
			}
			where = fmt.Sprintf("[%s](%s%s)", mdEscape(label), opts.LinkBase, target)
		}
		fmt.Fprintf(b, "  - evidence: %s: %s\n", where, mdEscape(e.What))
	}
	if left := len(ev) - len(shown); left > 0 && limit < 3 {
		return left
	}
	return 0
}

func findingLink(res *checker.Result, fd checker.Finding, opts Options) string {
	if fd.File == nil {
		return "repository"
	}
	p := DisplayPath(fd.File)
	label := p
	target := (&url.URL{Path: p}).String()
	if !IsWholeFile(fd) {
		label = fmt.Sprintf("%s:%d", p, fd.Posn.Line)
		target += fmt.Sprintf("#L%d", fd.Posn.Line)
	}
	return fmt.Sprintf("[%s](%s%s)", mdEscape(label), opts.LinkBase, target)
}

// mdEscape escapes Markdown syntax outside `code spans`, so a message's
// `snake_case` code reads as code and a stray * or _ does not start
// emphasis.
func mdEscape(s string) string {
	s = EscapeText(strings.ReplaceAll(s, "\n", " "))
	parts := strings.Split(s, "`")
	escape := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "|", `\|`, "#", `\#`)
	if len(parts)%2 == 0 {
		// Unbalanced backticks: no code spans at all.
		return escape.Replace(strings.ReplaceAll(s, "`", "'"))
	}
	for i := 0; i < len(parts); i += 2 {
		parts[i] = escape.Replace(parts[i])
	}
	return strings.Join(parts, "`")
}
