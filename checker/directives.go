package checker

import (
	"bytes"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// A directive is an `acr:ignore` comment. The forms, in each artifact's
// own comment syntax (# for Python, YAML, Dockerfile, requirements, TOML
// and .env; -- for SQL; // for Java):
//
//	code  # acr:ignore RULE[,RULE...] -- reason    the finding on this line
//	# acr:ignore RULE[,RULE...] -- reason          the finding on the next line
//	# acr:file-ignore RULE[,RULE...] -- reason     every finding in the file
//
// RULE is a rule id (ARX101), a rule name (blocking-sleep) or a pass name
// (asyncradar). The reason is required.
type directive struct {
	file   *pass.File
	offset int // of the directive text
	end    int
	line   int // the line it suppresses; 0 for the whole file
	names  []string
	// notedFormer is set once a note says the directive names a pass by
	// a former name.
	notedFormer bool
	reason      string
	used        bool
	problems    []string
}

var ignoreWord = []byte("acr:")

// parseDirectives finds the directives of a file by a byte scan; files
// without "acr:" cost one search.
func parseDirectives(f *pass.File) []*directive {
	content := f.Content()
	marker := f.Kind.LineComment()
	if marker == "" || !bytes.Contains(content, ignoreWord) {
		return nil
	}
	var out []*directive
	lineNo := 0
	for off := 0; off < len(content); {
		lineNo++
		end := bytes.IndexByte(content[off:], '\n')
		if end < 0 {
			end = len(content)
		} else {
			end += off
		}
		line := content[off:end]
		if d := parseDirectiveLine(f, line, off, lineNo, marker); d != nil {
			out = append(out, d)
		}
		off = end + 1
	}
	return out
}

func parseDirectiveLine(f *pass.File, line []byte, lineOff, lineNo int, marker string) *directive {
	i := bytes.Index(line, ignoreWord)
	if i < 0 {
		return nil
	}
	m := bytes.LastIndex(line[:i], []byte(marker))
	if m < 0 || strings.TrimSpace(string(line[m+len(marker):i])) != "" {
		return nil
	}
	text := string(line[i+len(ignoreWord):])
	var fileWide bool
	switch {
	case strings.HasPrefix(text, "ignore"):
		text = text[len("ignore"):]
	case strings.HasPrefix(text, "file-ignore"):
		text = text[len("file-ignore"):]
		fileWide = true
	default:
		return nil
	}
	if text != "" && text[0] != ' ' && text[0] != '\t' {
		return nil
	}
	d := &directive{file: f, offset: lineOff + i, end: lineOff + len(line)}
	spec, reason, hasReason := strings.Cut(text, "--")
	d.names = strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	d.reason = strings.TrimSpace(reason)
	if len(d.names) == 0 {
		d.problems = append(d.problems, "acr:ignore names no rule or pass: write `acr:ignore RULE -- reason`")
	}
	if !hasReason || d.reason == "" {
		d.problems = append(d.problems, "acr:ignore needs a reason after `--` so a reviewer can judge the suppression")
	}
	switch {
	case fileWide:
		d.line = 0
	case strings.TrimSpace(string(line[:m])) == "":
		d.line = lineNo + 1 // a comment alone on its line covers the next line
	default:
		d.line = lineNo
	}
	return d
}

// matches reports whether the directive covers a finding of rule (by id,
// name or alias) of pass a on line; former is the name it used when it
// named the pass by a name the pass was Formerly part of, else "".
func (d *directive) matches(line int, rule *acr.Rule, a *acr.Analyzer) (ok bool, former string) {
	if d.line != 0 && d.line != line {
		return false, ""
	}
	for _, n := range d.names {
		if rule.Answers(n) {
			return true, ""
		}
	}
	if a == nil {
		return false, ""
	}
	for _, n := range d.names {
		if ok, byFormer := a.Answers(n); ok {
			if byFormer {
				return true, n
			}
			return true, ""
		}
	}
	return false, ""
}
