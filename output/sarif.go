package output

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
)

// SARIF 2.1.0 constants.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// srcRoot is the uriBaseId of artifact paths relative to the directory
	// acrvet ran in: code scanning resolves it to the checkout.
	srcRoot = "%SRCROOT%"
)

// ProjectURL is acr's home page, written as the SARIF tool's
// informationUri. The module github.com/acrvet/acr is not published, so
// there is none yet; a tool that builds its own acrvet may set it.
var ProjectURL = ""

// DocsURL is where the generated rule pages (docs/rules/<ID>.md) are
// published, for the rules' links in SARIF and GitHub annotations. Empty
// (acr's pages are not published yet): no link is written, rather than
// one to a page that does not exist.
var DocsURL = ""

// RuleURL returns the address of a rule's documentation page, or "".
func RuleURL(id string) string {
	if DocsURL == "" {
		return ""
	}
	return DocsURL + id + ".md"
}

// The SARIF object model, reduced to what acr writes. Field names and
// nesting follow the OASIS SARIF 2.1.0 schema.
type (
	SARIFLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []SARIFRun `json:"runs"`
	}
	SARIFRun struct {
		Tool               SARIFTool                        `json:"tool"`
		Invocations        []SARIFInvocation                `json:"invocations"`
		OriginalURIBaseIDs map[string]SARIFArtifactLocation `json:"originalUriBaseIds,omitempty"`
		Results            []SARIFResult                    `json:"results"`
		ColumnKind         string                           `json:"columnKind"`
	}
	SARIFTool struct {
		Driver SARIFDriver `json:"driver"`
	}
	SARIFDriver struct {
		Name           string                `json:"name"`
		Version        string                `json:"version,omitempty"`
		InformationURI string                `json:"informationUri,omitempty"`
		Rules          []SARIFReportingDescr `json:"rules"`
	}
	SARIFReportingDescr struct {
		ID                   string               `json:"id"`
		Name                 string               `json:"name,omitempty"`
		ShortDescription     SARIFMessage         `json:"shortDescription"`
		FullDescription      SARIFMessage         `json:"fullDescription"`
		Help                 SARIFMessage         `json:"help"`
		HelpURI              string               `json:"helpUri,omitempty"`
		DefaultConfiguration SARIFConfiguration   `json:"defaultConfiguration"`
		Properties           *SARIFRuleProperties `json:"properties,omitempty"`
	}
	SARIFConfiguration struct {
		Level string `json:"level"`
	}
	SARIFRuleProperties struct {
		Tags  []string `json:"tags,omitempty"`
		View  string   `json:"view,omitempty"`
		Story string   `json:"story,omitempty"`
		Pass  string   `json:"pass,omitempty"`
	}
	// SARIFMessage is a message or a multiformatMessageString.
	SARIFMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	SARIFInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []SARIFNotification `json:"toolExecutionNotifications,omitempty"`
	}
	SARIFNotification struct {
		Level     string          `json:"level"`
		Message   SARIFMessage    `json:"message"`
		Locations []SARIFLocation `json:"locations,omitempty"`
	}
	SARIFResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             SARIFMessage      `json:"message"`
		Locations           []SARIFLocation   `json:"locations,omitempty"`
		RelatedLocations    []SARIFLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
		Fixes               []SARIFFix        `json:"fixes,omitempty"`
		Properties          map[string]any    `json:"properties,omitempty"`
	}
	SARIFLocation struct {
		ID               *int                   `json:"id,omitempty"`
		PhysicalLocation *SARIFPhysicalLocation `json:"physicalLocation,omitempty"`
		Message          *SARIFMessage          `json:"message,omitempty"`
	}
	SARIFPhysicalLocation struct {
		ArtifactLocation SARIFArtifactLocation `json:"artifactLocation"`
		Region           *SARIFRegion          `json:"region,omitempty"`
	}
	SARIFArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	// SARIFRegion is a text region: 1-based lines and 1-based columns in
	// UTF-16 code units (the run's columnKind); the end column is that of
	// the character after the region.
	SARIFRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	SARIFFix struct {
		Description     SARIFMessage          `json:"description"`
		ArtifactChanges []SARIFArtifactChange `json:"artifactChanges"`
	}
	SARIFArtifactChange struct {
		ArtifactLocation SARIFArtifactLocation `json:"artifactLocation"`
		Replacements     []SARIFReplacement    `json:"replacements"`
	}
	SARIFReplacement struct {
		DeletedRegion   SARIFRegion   `json:"deletedRegion"`
		InsertedContent *SARIFMessage `json:"insertedContent,omitempty"`
	}
)

// SARIFLevel maps a rule severity to a SARIF level.
func SARIFLevel(s acr.Severity) string {
	switch s {
	case acr.SeverityError:
		return "error"
	case acr.SeverityWarning:
		return "warning"
	}
	return "note"
}

// BuildSARIF converts a run's findings to a SARIF log with one run. The
// driver lists every rule of the analyzers that ran (and the driver's
// own), each with its documentation; results carry their rule, level,
// message, location, related locations, fixes and a
// primaryLocationLineHash partial fingerprint (see Fingerprints).
func BuildSARIF(res *checker.Result, findings []checker.Finding, opts Options) *SARIFLog {
	name := opts.ToolName
	if name == "" {
		name = "acrvet"
	}
	idx := acr.RuleIndex(res.Analyzers)
	for _, fd := range findings {
		if _, ok := idx[fd.Rule.ID]; !ok {
			ref := acr.RuleRef{Rule: fd.Rule, Analyzer: fd.Analyzer}
			idx[fd.Rule.ID] = ref
		}
	}
	ids := acr.SortedRuleIDs(idx)
	ruleIndex := map[string]int{}
	driver := SARIFDriver{Name: name, Version: opts.ToolVersion, InformationURI: ProjectURL, Rules: []SARIFReportingDescr{}}
	for i, id := range ids {
		ruleIndex[id] = i
		driver.Rules = append(driver.Rules, sarifRule(idx[id]))
	}

	base := sarifBase()
	run := SARIFRun{
		Tool:       SARIFTool{Driver: driver},
		Results:    []SARIFResult{},
		ColumnKind: "utf16CodeUnits",
	}
	if base != "" {
		run.OriginalURIBaseIDs = map[string]SARIFArtifactLocation{srcRoot: {URI: base}}
	}
	inv := SARIFInvocation{ExecutionSuccessful: len(res.Errors) == 0}
	for _, e := range res.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, SARIFNotification{Level: "error", Message: SARIFMessage{Text: e.Error()}})
	}
	for _, n := range res.Notes {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, SARIFNotification{Level: "note", Message: SARIFMessage{Text: n.String()}})
	}
	run.Invocations = []SARIFInvocation{inv}

	fps := FingerprintsOf(res, findings)
	for i, fd := range findings {
		r := SARIFResult{
			RuleID:              fd.Rule.ID,
			RuleIndex:           ruleIndex[fd.Rule.ID],
			Level:               SARIFLevel(fd.Severity()),
			Message:             SARIFMessage{Text: fd.Diagnostic.Message},
			PartialFingerprints: map[string]string{"primaryLocationLineHash": fps[i]},
		}
		if fd.Verified != nil {
			r.Properties = map[string]any{"acr/verified": fd.Verified}
		}
		if fd.File != nil {
			loc := sarifLocation(fd.File, fd.Posn, fd.End, IsWholeFile(fd))
			r.Locations = []SARIFLocation{loc}
		} else if plan := planPath(res); plan != "" {
			// A finding about the repository as a whole is about its plan:
			// code scanning needs a file to show a result on.
			r.Locations = []SARIFLocation{{PhysicalLocation: &SARIFPhysicalLocation{
				ArtifactLocation: pathLocation(plan), Region: &SARIFRegion{StartLine: 1}}}}
		}
		for j, rel := range fd.Diagnostic.Related {
			f, p := res.Resolve(rel.Pos)
			if f == nil {
				continue
			}
			end := p
			if rel.End.IsValid() {
				_, end = res.Resolve(rel.End)
			}
			loc := sarifLocation(f, p, end, false)
			id := j + 1
			loc.ID = &id
			loc.Message = &SARIFMessage{Text: rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
		for _, fix := range fd.Diagnostic.SuggestedFixes {
			if sf, ok := sarifFix(res, fix); ok {
				r.Fixes = append(r.Fixes, sf)
			}
		}
		run.Results = append(run.Results, r)
	}
	sort.SliceStable(run.Results, func(i, j int) bool { return sarifLess(run.Results[i], run.Results[j]) })
	sortNotifications(run.Invocations[0].ToolExecutionNotifications)
	return &SARIFLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []SARIFRun{run}}
}

func sarifRule(ref acr.RuleRef) SARIFReportingDescr {
	r := ref.Rule
	var doc bytes.Buffer
	RuleDoc(&doc, ref)
	full := strings.TrimSpace(r.What)
	if w := strings.TrimSpace(r.Why); w != "" {
		full += " " + w
	}
	props := &SARIFRuleProperties{View: string(r.View), Story: r.Story}
	if ref.Analyzer != nil {
		props.Pass = ref.Analyzer.Name
	}
	seen := map[string]bool{}
	for _, t := range []string{string(r.View), r.Story, props.Pass} {
		if t != "" && !seen[t] {
			seen[t] = true
			props.Tags = append(props.Tags, t)
		}
	}
	if len(props.Tags) == 0 {
		props = nil
	}
	return SARIFReportingDescr{
		ID:                   r.ID,
		Name:                 r.Name,
		ShortDescription:     SARIFMessage{Text: r.Title},
		FullDescription:      SARIFMessage{Text: full},
		Help:                 SARIFMessage{Text: full, Markdown: doc.String()},
		HelpURI:              RuleURL(r.ID),
		DefaultConfiguration: SARIFConfiguration{Level: SARIFLevel(r.Severity)},
		Properties:           props,
	}
}

// sarifBase returns the file URI of the working directory, which relative
// artifact URIs are resolved against.
func sarifBase() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return fileURI(wd) + "/"
}

func fileURI(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // a Windows drive path
	}
	return u.String()
}

// artifactLocation names a file relative to the working directory when it
// lies below it, as code scanning expects; else by its absolute file URI.
func artifactLocation(f *pass.File) SARIFArtifactLocation { return pathLocation(DisplayPath(f)) }

// pathLocation names a path as artifactLocation does.
func pathLocation(p string) SARIFArtifactLocation {
	if filepath.IsAbs(p) {
		return SARIFArtifactLocation{URI: fileURI(p)}
	}
	u := url.URL{Path: p}
	return SARIFArtifactLocation{URI: u.String(), URIBaseID: srcRoot}
}

// planPath returns the display path of the run's config file, the
// written plan, or "" when the run used the defaults.
func planPath(res *checker.Result) string {
	if res.Config == nil || res.Config.Path == "" {
		return ""
	}
	abs, err := filepath.Abs(res.Config.Path)
	if err != nil {
		return ""
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return abs
}

func sarifLocation(f *pass.File, start, end pass.Position, wholeFile bool) SARIFLocation {
	pl := &SARIFPhysicalLocation{ArtifactLocation: artifactLocation(f)}
	if wholeFile {
		pl.Region = &SARIFRegion{StartLine: 1}
	} else {
		pl.Region = sarifRegion(start, end)
	}
	return SARIFLocation{PhysicalLocation: pl}
}

func sarifRegion(start, end pass.Position) *SARIFRegion {
	r := &SARIFRegion{StartLine: max(1, start.Line), StartColumn: max(1, start.Column16)}
	if end.Line > start.Line || end.Line == start.Line && end.Column16 >= start.Column16 {
		r.EndLine, r.EndColumn = end.Line, max(1, end.Column16)
	}
	return r
}

// sarifFix converts a suggested fix; a fix with an edit outside a text
// file of the run is left out, as -fix leaves it.
func sarifFix(res *checker.Result, fix acr.SuggestedFix) (SARIFFix, bool) {
	type change struct {
		f    *pass.File
		reps []SARIFReplacement
	}
	var order []*pass.File
	changes := map[*pass.File]*change{}
	for _, te := range fix.TextEdits {
		f, p := res.Resolve(te.Pos)
		if f == nil || f.Content() == nil {
			return SARIFFix{}, false
		}
		end := p
		if te.End.IsValid() {
			_, end = res.Resolve(te.End)
		}
		c := changes[f]
		if c == nil {
			c = &change{f: f}
			changes[f] = c
			order = append(order, f)
		}
		rep := SARIFReplacement{DeletedRegion: SARIFRegion{StartLine: p.Line, StartColumn: p.Column16, EndLine: end.Line, EndColumn: end.Column16}}
		if len(te.NewText) > 0 {
			rep.InsertedContent = &SARIFMessage{Text: string(te.NewText)}
		}
		c.reps = append(c.reps, rep)
	}
	if len(order) == 0 {
		return SARIFFix{}, false
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Path < order[j].Path })
	sf := SARIFFix{Description: SARIFMessage{Text: fix.Message}}
	for _, f := range order {
		sf.ArtifactChanges = append(sf.ArtifactChanges, SARIFArtifactChange{ArtifactLocation: artifactLocation(f), Replacements: changes[f].reps})
	}
	return sf, true
}

// SARIF writes the findings as an indented SARIF 2.1.0 log.
func SARIF(w io.Writer, res *checker.Result, findings []checker.Finding, opts Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(BuildSARIF(res, findings, opts))
}
