package output

import (
	"encoding/json"
	"io"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
)

// CodeClimateIssue is one entry of the Code Climate JSON report that
// GitLab's code quality widget reads: check_name is the rule id,
// fingerprint the finding's stable fingerprint (see Fingerprints),
// severity one of info, minor, major, critical, blocker, and the location
// a path relative to the working directory with 1-based lines.
type CodeClimateIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Categories  []string            `json:"categories"`
	Severity    string              `json:"severity"`
	Fingerprint string              `json:"fingerprint"`
	Location    CodeClimateLocation `json:"location"`
}

// CodeClimateLocation is the file and lines of an issue.
type CodeClimateLocation struct {
	Path  string           `json:"path"`
	Lines CodeClimateLines `json:"lines"`
}

// CodeClimateLines are 1-based first and last lines.
type CodeClimateLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

func codeClimateSeverity(s acr.Severity) string {
	switch s {
	case acr.SeverityError:
		return "major"
	case acr.SeverityWarning:
		return "minor"
	}
	return "info"
}

// CodeClimate writes the findings as a Code Climate JSON array, the format
// of GitLab CI's codequality report artifact. Findings about the whole
// repository, which have no file, are attributed to line 1 of the config
// file (.acr.yaml), the plan they break, so GitLab still lists them.
func CodeClimate(w io.Writer, res *checker.Result, findings []checker.Finding, _ Options) error {
	fps := FingerprintsOf(res, findings)
	issues := []CodeClimateIssue{}
	for i, fd := range findings {
		is := CodeClimateIssue{
			Type:        "issue",
			CheckName:   fd.Rule.ID,
			Description: EscapeText(fd.Diagnostic.Message) + " [" + fd.Rule.ID + "]",
			Categories:  []string{"Bug Risk"},
			Severity:    codeClimateSeverity(fd.Severity()),
			Fingerprint: fps[i],
			Location:    CodeClimateLocation{Path: ".acr.yaml", Lines: CodeClimateLines{Begin: 1, End: 1}},
		}
		if plan := planPath(res); plan != "" {
			is.Location.Path = plan
		}
		if fd.File != nil {
			is.Location.Path = DisplayPath(fd.File)
			if !IsWholeFile(fd) {
				is.Location.Lines = CodeClimateLines{Begin: fd.Posn.Line, End: max(fd.Posn.Line, fd.End.Line)}
			}
		}
		issues = append(issues, is)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}
