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
	"bytes"
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

// Posn formats a finding's position as path:line:col.
func Posn(f *pass.File, p pass.Position) string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", DisplayPath(f), p.Line, p.Column)
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
		if _, err := fmt.Fprintf(w, "%s: %s [%s]\n", where, fd.Diagnostic.Message, fd.Rule.ID); err != nil {
			return err
		}
		if context > 0 && fd.File != nil && fd.File.Content() != nil {
			writeContext(w, fd.File.Content(), fd.Posn.Line, context)
		}
		for _, rel := range fd.Diagnostic.Related {
			if rf, rp := res.Resolve(rel.Pos); rf != nil {
				fmt.Fprintf(w, "\t%s: %s\n", Posn(rf, rp), rel.Message)
			}
		}
		if v := fd.Verified; v != nil {
			fmt.Fprintf(w, "\tverified by %s: %s: %s\n", v.Engine, v.Result, v.Evidence)
		}
	}
	return nil
}

func rootDisplay(root string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, root); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return root
}

func writeContext(w io.Writer, content []byte, line, context int) {
	lines := bytes.Split(content, []byte("\n"))
	from, to := max(1, line-context), min(len(lines), line+context)
	for i := from; i <= to; i++ {
		mark := " "
		if i == line {
			mark = ">"
		}
		fmt.Fprintf(w, "%s %5d | %s\n", mark, i, lines[i-1])
	}
}
