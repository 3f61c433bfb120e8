package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner turns into an annotation on the file and line of the pull request:
//
//	::error file=src/service/app.py,line=12,col=5,endLine=12,endColumn=18,title=ARX101 (blocking-sleep)::message
//
// Errors become ::error, warnings ::warning and notes ::notice. Paths are
// relative to the working directory, which in a workflow is the checkout.
// Analysis errors become ::error commands without a file.
func GitHub(w io.Writer, res *checker.Result, findings []checker.Finding, opts Options) error {
	for _, fd := range findings {
		var props []string
		if fd.File != nil {
			props = append(props, "file="+ghProperty(escapeExcept(DisplayPath(fd.File), "\r\n")))
			if !IsWholeFile(fd) {
				props = append(props,
					fmt.Sprintf("line=%d", fd.Posn.Line), fmt.Sprintf("col=%d", fd.Posn.Column16),
					fmt.Sprintf("endLine=%d", fd.End.Line), fmt.Sprintf("endColumn=%d", fd.End.Column16))
			}
		}
		props = append(props, "title="+ghProperty(fmt.Sprintf("%s (%s)", fd.Rule.ID, fd.Rule.Name)))
		msg := escapeExcept(fd.Diagnostic.Message, "\r\n") // the runner shows %0A as a line break
		if fd.Rule.Story != "" {
			msg += fmt.Sprintf("\n%s view, story %s", fd.Rule.View, fd.Rule.Story)
			if u := RuleURL(fd.Rule.ID); u != "" {
				msg += ": " + u
			}
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", ghCommand(fd.Severity()), strings.Join(props, ","), ghData(msg)); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(w, "::error title=%s::%s\n", ghProperty(opts.toolName()+" analysis error"), ghData(escapeExcept(e.Error(), "\r\n"))); err != nil {
			return err
		}
	}
	return nil
}

func ghCommand(s acr.Severity) string {
	switch s {
	case acr.SeverityError:
		return "error"
	case acr.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// ghData escapes a workflow command's message as the runner unescapes it.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
