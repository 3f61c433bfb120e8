package acr

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"golang.org/x/tools/go/analysis"

	"github.com/acrvet/acr/pass"
)

// Diagnostic, SuggestedFix, TextEdit and RelatedInformation are the
// go/analysis types: positions are token.Pos values in Pass.Fset, which holds
// every artifact of the run whatever its language.
type (
	Diagnostic         = analysis.Diagnostic
	SuggestedFix       = analysis.SuggestedFix
	TextEdit           = analysis.TextEdit
	RelatedInformation = analysis.RelatedInformation
)

// An Analyzer describes a review pass and its options.
type Analyzer struct {
	// Name is the pass name: a lower-case identifier, also used as the
	// command-line flag that enables it and in suppression directives.
	Name string

	// Doc is the documentation: the first line is a one-sentence summary.
	Doc string

	// Formerly names the passes that reported this pass's rules before
	// they moved here ("memory" for exposure). A former name still selects
	// the pass wherever passes are named (.acr.yaml passes and disable,
	// the -NAME flag, acr:ignore), and -NAME.setting and settings.NAME set
	// the pass's setting of that name when the former pass has none; the
	// driver notes each use with the new name. Resolve is not involved:
	// rule codes move with their rules.
	Formerly []string

	// URL holds an optional link to a web page with more documentation.
	URL string

	// Flags defines pass-specific settings, set from the command line as
	// -NAME.flag and from the settings section of .acr.yaml.
	Flags flag.FlagSet

	// DiffSettings are the values of Flags (by flag name) that a run
	// reviewing only a diff (acrvet -new-from-rev, -new-from-patch)
	// implies: the driver sets them unless the command line does, over
	// .acr.yaml, for that run only. A pass that reviews less of the
	// history by default than a diff can reach, such as only the newest
	// migration, widens its scope this way and lets the diff narrow the
	// report.
	DiffSettings map[string]string

	// Kinds lists the artifact kinds the pass reads: Pass.Files holds only
	// files of these kinds. A pass with no Kinds sees no files and works
	// from the results of the analyzers it requires.
	Kinds []pass.Kind

	// Triggers are byte strings of which a file must contain at least one
	// to be handed to the pass. The driver checks them with a plain byte
	// search before anything is parsed, so a pass that looks for
	// "async def" never costs a parse of a file without it. Nil means every
	// file of the pass's kinds. Triggers may be keyed by kind with
	// KindTriggers; a kind absent from KindTriggers uses Triggers. A
	// helper that others require reads what they read, and with triggers
	// of its own also the files those match, whichever passes run.
	Triggers     []string
	KindTriggers map[pass.Kind][]string

	// Trees names directories of the plan (the service tree, say) whose
	// files of the pass's kinds are inputs whatever their content: rules
	// about where code lives, such as the monorepo layers, cannot be
	// triggered by a word.
	Trees func(*Plan) []string

	// Run applies the pass. It returns the pass's result, if it has a
	// ResultType, or an error when the pass could not run at all.
	// Problems in individual files are diagnostics, not errors.
	Run func(*Pass) (any, error)

	// Requires lists the analyzers whose results this one reads through
	// Pass.ResultOf. They run first, and only once per run however many
	// analyzers require them.
	Requires []*Analyzer

	// ResultType is the type of the result returned by Run, if any.
	ResultType reflect.Type

	// FileLocal declares that the pass's findings in a file depend only on
	// that file and the plan, never on other files. The driver may then
	// split the pass's inputs across CI shards (-shard i/n); passes that
	// are not file-local run whole in shard 0.
	FileLocal bool

	// Rules documents each rule (diagnostic category) the pass reports.
	// A pass without rules is a helper: it computes a result for others.
	Rules []*Rule
}

func (a *Analyzer) String() string { return a.Name }

// Answers reports whether name selects the pass: its Name, or one of the
// passes it was Formerly part of (byFormer).
func (a *Analyzer) Answers(name string) (ok, byFormer bool) {
	if name == a.Name {
		return true, false
	}
	for _, f := range a.Formerly {
		if name == f {
			return true, true
		}
	}
	return false, false
}

// Rule returns the pass's rule with the given id, or nil.
func (a *Analyzer) Rule(id string) *Rule {
	for _, r := range a.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Wants reports whether a file of the given kind and content is an input of
// the pass, using only the kind and a byte search for the triggers.
func (a *Analyzer) Wants(kind pass.Kind, content []byte) bool {
	if !a.ReadsKind(kind) {
		return false
	}
	triggers := a.TriggersFor(kind)
	if triggers == nil {
		return true
	}
	for _, t := range triggers {
		if strings.Contains(bytesToString(content), t) {
			return true
		}
	}
	return false
}

// TriggersFor returns the triggers of a kind: its KindTriggers entry if it
// has one, else Triggers. Nil means every file of the kind.
func (a *Analyzer) TriggersFor(kind pass.Kind) []string {
	if kt, ok := a.KindTriggers[kind]; ok {
		return kt
	}
	return a.Triggers
}

// ReadsKind reports whether kind is one of the pass's Kinds.
func (a *Analyzer) ReadsKind(kind pass.Kind) bool {
	for _, k := range a.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Severity ranks a rule, as SARIF levels do.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
	SeverityNote
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	default:
		return "note"
	}
}

// View is one of the 4+1 architectural views of the plan.
type View string

const (
	Logical     View = "Logical"
	Process     View = "Process"
	Development View = "Development"
	Physical    View = "Physical"
	Scenario    View = "Scenario"
)

// Views lists the 4+1 views in the order reports print them.
var Views = []View{Logical, Process, Development, Physical, Scenario}

// A Rule documents one diagnostic category, in the shape of ruff's and
// staticcheck's per-rule pages.
type Rule struct {
	ID       string   // stable id used as Diagnostic.Category, e.g. "ASYNC101"
	Name     string   // kebab-case name, e.g. "blocking-sleep"
	Title    string   // one line summary
	Severity Severity // default severity
	View     View     // the 4+1 view the rule enforces
	Story    string   // the plan's story or spike id, e.g. "PROC-REV-01-01"
	Since    string   // acr version that introduced the rule

	// Criteria are the ids of the plan criteria the rule's findings are
	// gaps of ("PROC-REV-01-01.1", "§3.2.inference"): the Plan Alignment
	// report reads them here, never from the findings' messages. A rule
	// with no Criteria counts for its Story's only criterion, or for the
	// story's "further checks" line.
	Criteria []string

	// Aliases are codes and names the rule answered to before a rename or
	// a split ("PHY101" for the rules split off from it). Configuration,
	// suppression directives, baselines and `acrvet help` accept them;
	// Resolve is the one place that reads them.
	Aliases []string

	// Engine names the engine of acrvet -verify that reports the rule
	// ("postgres", "genmodel"), for the rules only verify mode can report:
	// their fixtures are verify's tests, not the pass's testdata.
	Engine string

	What       string // what the rule does
	Why        string // why the flagged code is bad
	Example    string // an example that is flagged
	UseInstead string // the example written right
	FixSafety  string // what the suggested fix does and whether it is safe; empty: no fix
	Options    string // settings that change the rule
	References []string
}

// Answers reports whether name selects the rule: its ID, its Name, or one
// of its Aliases.
func (r *Rule) Answers(name string) bool {
	return name == r.ID || name == r.Name || r.IsAlias(name)
}

// IsAlias reports whether name is one of the rule's former codes or names
// and not its current ID or Name.
func (r *Rule) IsAlias(name string) bool {
	if name == r.ID || name == r.Name {
		return false
	}
	for _, a := range r.Aliases {
		if name == a {
			return true
		}
	}
	return false
}

// Resolve returns the rules of idx a name selects, sorted by id: the rule
// with that id or name, and every rule that keeps the name as an alias (a
// code split in two selects both parts). byAlias lists the rules selected
// only through an alias, for a note that the name is an old one.
func Resolve(idx map[string]RuleRef, name string) (refs, byAlias []RuleRef) {
	for _, id := range SortedRuleIDs(idx) {
		ref := idx[id]
		if !ref.Rule.Answers(name) {
			continue
		}
		refs = append(refs, ref)
		if ref.Rule.IsAlias(name) {
			byAlias = append(byAlias, ref)
		}
	}
	return refs, byAlias
}

// A Pass is one run of an Analyzer over the files of a repository.
type Pass struct {
	Analyzer *Analyzer

	// Fset holds the positions of every file of the run.
	Fset *token.FileSet

	// Files are the inputs of the pass: files of the Analyzer's Kinds that
	// contain a trigger, sorted by path.
	Files []*pass.File

	// Repo gives access to every file the run found, by path, whether or
	// not the pass reads its kind (a MOJO's domain file, a compose .env).
	Repo *pass.Repo

	// Plan is the architecture plan the review checks against.
	Plan *Plan

	// ResultOf maps each required analyzer to its result.
	ResultOf map[*Analyzer]any

	// Report records a diagnostic. It is safe for concurrent use.
	Report func(Diagnostic)

	// Note records, beside the driver's own notes, why part of the
	// repository was not reviewed (SQL for another database, say): once
	// per cause, not once per file. Safe for concurrent use; nil in
	// drivers that keep no notes.
	Note func(path, reason string)

	// ReportAsNote records a diagnostic at note severity, whatever its
	// rule's; use Pass.ReportNote, which falls back to Report when it is
	// nil.
	ReportAsNote func(Diagnostic)

	// ForEachFile calls fn for each file in files using the run's bounded
	// worker pool. A panic in fn is recovered and recorded as an error of
	// this pass for that file; the other files are still analyzed.
	ForEachFile func(files []*pass.File, fn func(*pass.File))

	// Tally keeps what the pass examined (see Examined); the driver sets
	// it, and the Plan Alignment report reads it.
	Tally *Tally
}

// Reportf reports a diagnostic of rule at [pos, end) with a formatted
// message.
func (p *Pass) Reportf(rule *Rule, pos, end token.Pos, format string, args ...any) {
	p.Report(Diagnostic{Pos: pos, End: end, Category: rule.ID, Message: fmt.Sprintf(format, args...)})
}

// ReportNote reports a diagnostic at note severity, whatever its rule's:
// a finding the configuration asked to see that is not a violation, such
// as asyncradar's findings off the request path with scope all-async.
func (p *Pass) ReportNote(d Diagnostic) {
	if p.ReportAsNote != nil {
		p.ReportAsNote(d)
		return
	}
	p.Report(d)
}

// ReportDiag reports a diagnostic of rule with everything a Diagnostic
// carries: suggested fixes, related positions, a URL. Its Category is set
// to the rule's id, so it cannot be misspelled:
//
//	p.ReportDiag(rule, acr.Diagnostic{
//		Pos: call.Pos(), End: call.EndPos(),
//		Message: "time.sleep blocks the event loop; use await asyncio.sleep",
//		SuggestedFixes: []acr.SuggestedFix{{Message: "use asyncio.sleep", TextEdits: edits}},
//	})
func (p *Pass) ReportDiag(rule *Rule, d Diagnostic) {
	d.Category = rule.ID
	p.Report(d)
}

// ReportAt reports a diagnostic of rule at a span of a file. A span
// without a file, a place the reader could not locate, reports nothing.
func (p *Pass) ReportAt(rule *Rule, s pass.Span, format string, args ...any) {
	if !s.Valid() {
		return
	}
	p.Reportf(rule, s.Pos(), s.EndPos(), format, args...)
}

// ReportFile reports a diagnostic of rule that concerns a whole file, such
// as a model artifact.
func (p *Pass) ReportFile(rule *Rule, f *pass.File, format string, args ...any) {
	p.Reportf(rule, f.Pos(0), token.NoPos, format, args...)
}

// ReportSyntaxError reports that a file could not be parsed. The driver
// reports each syntax error once however many passes hit it.
func (p *Pass) ReportSyntaxError(err error) {
	var se *pass.SyntaxError
	if errors.As(err, &se) && se.File != nil {
		p.Report(Diagnostic{Pos: se.File.Pos(se.Offset), Category: SyntaxErrorRule.ID, Message: se.Msg})
		return
	}
	if err != nil {
		p.Report(Diagnostic{Pos: token.NoPos, Category: SyntaxErrorRule.ID, Message: err.Error()})
	}
}

// Rules the driver itself reports.
var (
	SyntaxErrorRule = &Rule{
		ID: "ACR001", Name: "syntax-error", Title: "file could not be parsed",
		Severity: SeverityError, Since: "v0.1.0",
		What: "Reports a file that a pass needed but could not parse, with the position of the first error.",
		Why:  "A file acr cannot read is a file it cannot review: its findings would be missing silently.",
	}
	UnusedDirectiveRule = &Rule{
		ID: "ACR002", Name: "unused-ignore", Title: "suppression directive matches nothing",
		Severity: SeverityWarning, Since: "v0.1.0",
		What:       "Reports an `acr:ignore` directive that suppressed no finding of a pass that ran on the file.",
		Why:        "Stale directives hide future findings and mislead readers about what the code does.",
		Example:    "# acr:ignore ASYNC101 -- legacy sleep\nawait asyncio.sleep(1)",
		UseInstead: "await asyncio.sleep(1)",
	}
	BadDirectiveRule = &Rule{
		ID: "ACR003", Name: "bad-ignore", Title: "malformed suppression directive",
		Severity: SeverityError, Since: "v0.1.0",
		What:       "Reports an `acr:ignore` directive without a reason or naming an unknown rule or pass.",
		Why:        "A suppression must say why, so a reviewer can judge it; an unknown name suppresses nothing.",
		Example:    "time.sleep(1)  # acr:ignore ASYNC101",
		UseInstead: "time.sleep(1)  # acr:ignore ASYNC101 -- runs in a worker thread, see jobs.py",
	}
	// DriverRules are the rules of the driver's own diagnostics.
	DriverRules = []*Rule{SyntaxErrorRule, UnusedDirectiveRule, BadDirectiveRule}
)

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
var ruleIDRE = regexp.MustCompile(`^[A-Z]+[0-9]+$`)
var ruleNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Validate reports an error if any of the analyzers, or those they require,
// is misconfigured: invalid or duplicate names, missing documentation,
// cycles in Requires, duplicate or malformed rule ids, a ResultType
// without Run, or DiffSettings naming a flag the analyzer does not have.
func Validate(analyzers []*Analyzer) error {
	var errs []error
	names := map[string]*Analyzer{}
	ruleOwner := map[string]*Analyzer{}
	for _, r := range DriverRules {
		ruleOwner[r.ID] = nil
	}
	const (
		white = iota
		grey
		black
	)
	color := map[*Analyzer]int{}
	var visit func(a *Analyzer, path []string)
	visit = func(a *Analyzer, path []string) {
		if a == nil {
			errs = append(errs, fmt.Errorf("nil analyzer in Requires of %s", strings.Join(path, " -> ")))
			return
		}
		switch color[a] {
		case grey:
			errs = append(errs, fmt.Errorf("cycle in Requires: %s -> %s", strings.Join(path, " -> "), a.Name))
			return
		case black:
			return
		}
		color[a] = grey
		if !nameRE.MatchString(a.Name) {
			errs = append(errs, fmt.Errorf("analyzer %q: name must be a lower-case identifier", a.Name))
		}
		if prev, ok := names[a.Name]; ok && prev != a {
			errs = append(errs, fmt.Errorf("duplicate analyzer name %q", a.Name))
		}
		names[a.Name] = a
		if strings.TrimSpace(a.Doc) == "" {
			errs = append(errs, fmt.Errorf("analyzer %q has no Doc", a.Name))
		}
		if a.Run == nil {
			errs = append(errs, fmt.Errorf("analyzer %q has no Run function", a.Name))
		}
		for _, f := range a.Formerly {
			if f == a.Name || !nameRE.MatchString(f) {
				errs = append(errs, fmt.Errorf("analyzer %q: bad former name %q", a.Name, f))
			}
		}
		for _, setting := range slices.Sorted(maps.Keys(a.DiffSettings)) {
			if a.Flags.Lookup(setting) == nil {
				errs = append(errs, fmt.Errorf("analyzer %q: DiffSettings names %q, which is not one of its flags", a.Name, setting))
			}
		}
		for _, r := range a.Rules {
			switch {
			case r == nil:
				errs = append(errs, fmt.Errorf("analyzer %q has a nil rule", a.Name))
				continue
			case !ruleIDRE.MatchString(r.ID):
				errs = append(errs, fmt.Errorf("analyzer %q: rule id %q must be upper-case letters then digits", a.Name, r.ID))
			case strings.TrimSpace(r.Title) == "" || strings.TrimSpace(r.What) == "" || strings.TrimSpace(r.Why) == "":
				errs = append(errs, fmt.Errorf("analyzer %q: rule %s needs a Title, What and Why", a.Name, r.ID))
			}
			if owner, ok := ruleOwner[r.ID]; ok && owner != a {
				errs = append(errs, fmt.Errorf("rule id %s is declared twice (analyzer %q)", r.ID, a.Name))
			}
			ruleOwner[r.ID] = a
			for _, alias := range r.Aliases {
				if alias == r.ID || alias == r.Name || (!ruleIDRE.MatchString(alias) && !ruleNameRE.MatchString(alias)) {
					errs = append(errs, fmt.Errorf("analyzer %q: rule %s has a bad alias %q", a.Name, r.ID, alias))
				}
			}
		}
		for _, req := range a.Requires {
			visit(req, append(path, a.Name))
		}
		color[a] = black
	}
	for _, a := range analyzers {
		visit(a, nil)
	}
	return errors.Join(errs...)
}

// Closure returns the analyzers and everything they require, each once,
// in an order where requirements come before the analyzers that need them
// and ties keep the order given.
func Closure(analyzers []*Analyzer) []*Analyzer {
	seen := map[*Analyzer]bool{}
	var out []*Analyzer
	var visit func(*Analyzer)
	visit = func(a *Analyzer) {
		if a == nil || seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		out = append(out, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}

// RuleIndex maps every rule id of the analyzers (and the driver) to its
// rule and owner; the owner of a driver rule is nil.
func RuleIndex(analyzers []*Analyzer) map[string]RuleRef {
	idx := map[string]RuleRef{}
	for _, r := range DriverRules {
		idx[r.ID] = RuleRef{Rule: r}
	}
	for _, a := range Closure(analyzers) {
		for _, r := range a.Rules {
			idx[r.ID] = RuleRef{Rule: r, Analyzer: a}
		}
	}
	return idx
}

// RuleRef is a rule and the analyzer that reports it.
type RuleRef struct {
	Rule     *Rule
	Analyzer *Analyzer
}

// SortedRuleIDs returns the keys of idx in order.
func SortedRuleIDs(idx map[string]RuleRef) []string {
	ids := make([]string, 0, len(idx))
	for id := range idx {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// bytesToString views b as a string without copying; the trigger search
// runs on every file of the repository, so it must not allocate.
func bytesToString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
