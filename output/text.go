// Package output renders the findings of a run: plain text for people,
// JSON for tools, SARIF 2.1.0 for code scanning, GitHub workflow
// annotations, the Code Climate report GitLab reads, and the Plan
// Alignment report (Markdown, for a pull request comment) that marks each
// criterion of the architecture plan pass, warn, fail, missing, not applicable or not checked. It
// also holds what those formats share: the rule documentation acrvet help
// prints and docs/rules is generated from (RuleDoc), the plan's catalog of
// criteria (Criteria), stable finding fingerprints, and baselines.
package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
)

// DisplayPath returns the path to show for a file: relative to the working
// directory when it lies below it, else the repository path.
func DisplayPath(f *pass.File) string {
	if f == nil {
		return ""
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, f.OSPath); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return f.OSPath
}

// Posn formats a finding's position as path:line:col, the path quoted
// when it holds control characters (see quoteName).
func Posn(f *pass.File, p pass.Position) string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", quoteName(DisplayPath(f)), p.Line, p.Column)
}

// Text writes one line per finding, `path:line:col: message [RULE]`,
// followed by context lines of source when context > 0. A finding about
// the repository as a whole is written `root: message [RULE]`.
func Text(w io.Writer, res *checker.Result, findings []checker.Finding, context int) error {
	for _, fd := range findings {
		where := Posn(fd.File, fd.Posn)
		if fd.File == nil {
			where = rootDisplay(res.Root)
		}
		if _, err := fmt.Fprintf(w, "%s: %s [%s]\n", where, EscapeText(fd.Diagnostic.Message), fd.Rule.ID); err != nil {
			return err
		}
		if context > 0 && fd.File != nil && fd.File.Content() != nil {
			writeContext(w, fd.File, fd.Posn.Line, context)
		}
		for _, rel := range fd.Diagnostic.Related {
			if rf, rp := res.Resolve(rel.Pos); rf != nil {
				fmt.Fprintf(w, "\t%s: %s\n", Posn(rf, rp), EscapeText(rel.Message))
			}
		}
		if v := fd.Verified; v != nil {
			fmt.Fprintf(w, "\tverified by %s: %s: %s\n", EscapeText(v.Engine), v.Result, EscapeText(v.Evidence))
		}
	}
	return nil
}

func rootDisplay(root string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, root); err == nil && !strings.HasPrefix(rel, "..") {
			return quoteName(filepath.ToSlash(rel))
		}
	}
	return quoteName(root)
}

// writeContext writes the lines around a finding's line, each read from
// the file's line table: the cost is the lines shown, not the file.
func writeContext(w io.Writer, f *pass.File, line, context int) {
	content := f.Content()
	last := f.Token().LineCount()
	from, to := max(1, line-context), min(last, line+context)
	for i := from; i <= to; i++ {
		mark := " "
		if i == line {
			mark = ">"
		}
		start, end := f.LineStart(i), len(content)
		if i < last {
			end = f.LineStart(i + 1)
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(content[start:end]), "\n"), "\r")
		fmt.Fprintf(w, "%s %5d | %s\n", mark, i, EscapeText(text))
	}
}
