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
