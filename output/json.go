package output

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/acrvet/acr/checker"
)

// JSONReport is the document -json (or -format json) prints. Its fields:
//
//   - version: the format version, 1.
//   - root: the repository root the paths are relative to.
//   - diagnostics: one object per finding, sorted by path and position.
//   - errors: analysis errors (a pass that failed); the run is incomplete.
//   - notes: files not reviewed, with the reason.
//
// The fields of each diagnostic:
//
//   - analyzer: the pass name; empty for the driver's own rules.
//   - rule: the stable rule id, e.g. ARX101; rule_name: its kebab name.
//   - severity: error, warning or note (the rule's default severity).
//   - view: the 4+1 view the rule enforces; story: the spec story id.
//   - posn, end: path:line:col of the start and the (exclusive) end, as
//     shown to people (the path relative to the working directory).
//   - path: the repo-relative path; empty for a finding about the whole
//     repository, which also has no line or columns.
//   - path_base64: only when the path is not valid UTF-8, which a JSON
//     string cannot hold (path then shows each bad byte as U+FFFD and
//     names no file): the path's exact bytes in standard base64, to open
//     the file with. Edits carry the same field.
//   - line, column: 1-based, the column in bytes; column_utf16: the
//     column in UTF-16 code units, as SARIF and LSP count.
//   - end_line, end_column, end_column_utf16: the exclusive end.
//   - whole_file: true when the finding is about the file as a whole
//     (a model artifact, say); its position is then the file's start.
//   - message: what is wrong, why it matters and what to do.
//   - url: a page about this finding, when the pass gave one.
//   - fingerprint: the finding's stable identity, the one SARIF
//     partialFingerprints and baselines use (see Fingerprints).
//   - related: posn and message of each related location.
//   - fixes: message and edits of each suggested fix; an edit replaces
//     the bytes [start, end) of path with new.
//   - verified: with acrvet -verify, what an engine showed: its engine
//     ("PostgreSQL 15.18"), result (confirmed or failed; disproved
//     findings are withdrawn) and evidence.
type JSONReport struct {
	Version     int              `json:"version"`
	Root        string           `json:"root"`
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
	Errors      []string         `json:"errors"`
	Notes       []string         `json:"notes"`
}

// JSONDiagnostic is one finding of a JSONReport.
type JSONDiagnostic struct {
	Analyzer    string        `json:"analyzer"`
	Rule        string        `json:"rule"`
	RuleName    string        `json:"rule_name"`
	Severity    string        `json:"severity"`
	View        string        `json:"view,omitempty"`
	Story       string        `json:"story,omitempty"`
	Posn        string        `json:"posn,omitempty"`
	End         string        `json:"end,omitempty"`
	Path        string        `json:"path,omitempty"`
	PathBase64  string        `json:"path_base64,omitempty"`
	Line        int           `json:"line,omitempty"`
	Column      int           `json:"column,omitempty"`
	ColumnUTF16 int           `json:"column_utf16,omitempty"`
	EndLine     int           `json:"end_line,omitempty"`
	EndColumn   int           `json:"end_column,omitempty"`
	EndColumn16 int           `json:"end_column_utf16,omitempty"`
	WholeFile   bool          `json:"whole_file,omitempty"`
	Message     string        `json:"message"`
	URL         string        `json:"url,omitempty"`
	Fingerprint string        `json:"fingerprint"`
	Related     []JSONRelated `json:"related,omitempty"`
	Fixes       []JSONFix     `json:"fixes,omitempty"`
	// Verified is an engine's verdict on the finding (acrvet -verify):
	// engine, result (confirmed, failed) and evidence.
	Verified *checker.Evidence `json:"verified,omitempty"`
}

// JSONRelated is a related location.
type JSONRelated struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// JSONFix is a suggested fix.
type JSONFix struct {
	Message string     `json:"message"`
	Edits   []JSONEdit `json:"edits"`
}

// JSONEdit replaces bytes [start, end) of path with new.
type JSONEdit struct {
	Path       string `json:"path"`
	PathBase64 string `json:"path_base64,omitempty"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	New        string `json:"new"`
}

// pathBase64 returns the base64 of a path that is not valid UTF-8, else "".
func pathBase64(p string) string {
	if utf8.ValidString(p) {
		return ""
	}
	return base64.StdEncoding.EncodeToString([]byte(p))
}

// BuildJSON converts findings to the JSON document.
func BuildJSON(res *checker.Result, findings []checker.Finding) *JSONReport {
	rep := &JSONReport{Version: 1, Root: res.Root, Diagnostics: []JSONDiagnostic{}, Errors: []string{}, Notes: []string{}}
	fps := FingerprintsOf(res, findings)
	for i, fd := range findings {
		d := JSONDiagnostic{
			Rule:        fd.Rule.ID,
			RuleName:    fd.Rule.Name,
			Severity:    fd.Severity().String(),
			View:        string(fd.Rule.View),
			Story:       fd.Rule.Story,
			Message:     fd.Diagnostic.Message,
			URL:         fd.Diagnostic.URL,
			Fingerprint: fps[i],
			Verified:    fd.Verified,
		}
		if fd.Analyzer != nil {
			d.Analyzer = fd.Analyzer.Name
		}
		if fd.File != nil {
			d.Posn, d.End = Posn(fd.File, fd.Posn), Posn(fd.File, fd.End)
			d.Path, d.Line, d.Column, d.ColumnUTF16 = fd.File.Path, fd.Posn.Line, fd.Posn.Column, fd.Posn.Column16
			d.PathBase64 = pathBase64(fd.File.Path)
			d.EndLine, d.EndColumn, d.EndColumn16 = fd.End.Line, fd.End.Column, fd.End.Column16
			d.WholeFile = IsWholeFile(fd)
		}
		for _, rel := range fd.Diagnostic.Related {
			if f, p := res.Resolve(rel.Pos); f != nil {
				d.Related = append(d.Related, JSONRelated{Posn: Posn(f, p), Message: rel.Message})
			}
		}
		for _, fix := range fd.Diagnostic.SuggestedFixes {
			jf := JSONFix{Message: fix.Message}
			for _, te := range fix.TextEdits {
				f, p := res.Resolve(te.Pos)
				if f == nil {
					continue
				}
				end := p.Offset
				if te.End.IsValid() {
					end = f.Offset(te.End)
				}
				jf.Edits = append(jf.Edits, JSONEdit{Path: f.Path, PathBase64: pathBase64(f.Path), Start: p.Offset, End: end, New: string(te.NewText)})
			}
			d.Fixes = append(d.Fixes, jf)
		}
		rep.Diagnostics = append(rep.Diagnostics, d)
	}
	sort.SliceStable(rep.Diagnostics, func(i, j int) bool { return jsonLess(rep.Diagnostics[i], rep.Diagnostics[j]) })
	for _, e := range res.Errors {
		rep.Errors = append(rep.Errors, e.Error())
	}
	for _, n := range res.Notes {
		rep.Notes = append(rep.Notes, n.String())
	}
	rep.Errors = uniqueSorted(rep.Errors)
	rep.Notes = uniqueSorted(rep.Notes)
	return rep
}

// JSON writes the findings as an indented JSONReport.
func JSON(w io.Writer, res *checker.Result, findings []checker.Finding) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(BuildJSON(res, findings))
}
