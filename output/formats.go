package output

import (
	"io"
	"sort"

	"github.com/acrvet/acr/checker"
)

// Options are the settings a format may use.
type Options struct {
	// Context is the number of source lines shown around a finding.
	Context int
	// ToolName and ToolVersion identify the producer in machine formats.
	ToolName, ToolVersion string
	// LinkBase prefixes the file links of the markdown report, e.g.
	// https://github.com/OWNER/REPO/blob/SHA/ so links work in a pull
	// request comment; empty: links are relative paths.
	LinkBase string
	// MaxReportSize bounds the markdown report in bytes; past it the
	// report lists fewer findings per criterion and says so. 0 means
	// DefaultMaxReportSize.
	MaxReportSize int
	// Scope says which findings were kept when a filter ran (a baseline, a
	// pull request's changed lines); the markdown report prints it.
	Scope string
	// Catalog is the plan the markdown report judges; nil means
	// DefaultCatalog.
	Catalog *Catalog
}

func (o Options) toolName() string {
	if o.ToolName == "" {
		return "acrvet"
	}
	return o.ToolName
}

// A Formatter writes the findings of a run in one format.
type Formatter func(w io.Writer, res *checker.Result, findings []checker.Finding, opts Options) error

// Formats maps each -format name to its writer.
var Formats = map[string]Formatter{
	"text": func(w io.Writer, res *checker.Result, fs []checker.Finding, o Options) error {
		return Text(w, res, fs, o.Context)
	},
	"json": func(w io.Writer, res *checker.Result, fs []checker.Finding, _ Options) error {
		return JSON(w, res, fs)
	},
	"sarif":       SARIF,
	"github":      GitHub,
	"codeclimate": CodeClimate,
	"markdown":    Markdown,
}

// FormatNames lists the formats in order.
func FormatNames() []string {
	var names []string
	for n := range Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
