package requirements

import (
	"path"
	"strings"
)

// logicalLine is one requirements line after pip joins continuations:
// text, and for each byte of it the offset in the file.
type logicalLine struct {
	text string
	offs []int
	end  int // file offset just past the last physical line's text
}

func (l *logicalLine) off(i int) int {
	if i < len(l.offs) {
		return l.offs[i]
	}
	return l.end
}

// endOff maps an exclusive end index.
func (l *logicalLine) endOff(i int) int {
	if i <= 0 {
		return l.off(0)
	}
	return l.offs[i-1] + 1
}

// startsComment reports whether line begins with a comment, optionally
// after whitespace: pip does not treat such a line as continued even if it
// ends with a backslash.
func startsComment(line []byte) bool {
	for _, c := range line {
		if c == '#' {
			return true
		}
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return false
}

// splitLogical splits src into pip's logical lines.
func splitLogical(src []byte) []*logicalLine {
	var out []*logicalLine
	var cur *logicalLine
	var b strings.Builder
	for pos := 0; pos < len(src); {
		end := pos
		for end < len(src) && src[end] != '\n' {
			end++
		}
		next := end + 1
		textEnd := end
		if textEnd > pos && src[textEnd-1] == '\r' {
			textEnd--
		}
		line := src[pos:textEnd]
		if cur == nil {
			cur = &logicalLine{}
			b.Reset()
		}
		continued := len(line) > 0 && line[len(line)-1] == '\\' && !startsComment(line)
		keep := line
		if continued {
			keep = line[:len(line)-1]
		}
		for i, c := range keep {
			b.WriteByte(c)
			cur.offs = append(cur.offs, pos+i)
		}
		cur.end = pos + len(keep)
		if !continued || next > len(src) {
			cur.text = b.String()
			out = append(out, cur)
			cur = nil
		}
		pos = next
	}
	if cur != nil {
		cur.text = b.String()
		out = append(out, cur)
	}
	return out
}

// stripComment removes a comment: `#` at the start or after whitespace.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || isSpace(s[i-1])) {
			return strings.TrimRight(s[:i], " \t")
		}
	}
	return strings.TrimRight(s, " \t")
}

// valueOptions are pip options that take a value.
var valueOptions = map[string]string{
	"-i": "--index-url", "--index-url": "", "--extra-index-url": "", "-f": "--find-links", "--find-links": "",
	"--trusted-host": "", "--no-binary": "", "--only-binary": "", "--use-feature": "",
	"--hash": "", "--config-settings": "", "--global-option": "", "--install-option": "",
	"-r": "--requirement", "--requirement": "", "-c": "--constraint", "--constraint": "",
	"-e": "--editable", "--editable": "",
}

type word struct {
	text       string
	start, end int // indexes in the logical line
}

func fields(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		if start < i {
			out = append(out, word{s[start:i], start, i})
		}
	}
	return out
}

// option splits an option token into its long name and an attached value
// (`--hash=x`, `-rfile`), reporting whether the value was attached.
func option(t string) (name, value string, attached bool) {
	if strings.HasPrefix(t, "--") {
		if n, v, ok := strings.Cut(t, "="); ok {
			return n, v, true
		}
		return t, "", false
	}
	if len(t) > 2 {
		if _, ok := valueOptions[t[:2]]; ok {
			return t[:2], t[2:], true
		}
	}
	return t, "", false
}

func longName(n string) string {
	if l := valueOptions[n]; l != "" {
		return l
	}
	return n
}

func parsePip(out *File, src []byte) {
	for _, ll := range splitLogical(src) {
		text := stripComment(ll.text)
		if strings.TrimSpace(text) == "" {
			continue
		}
		toks := fields(text)
		if strings.HasPrefix(toks[0].text, "-") {
			parsePipOptionLine(out, ll, toks)
			continue
		}
		// A requirement runs up to its first option token.
		reqEnd := len(toks)
		for i, t := range toks {
			if strings.HasPrefix(t.text, "-") && i > 0 {
				reqEnd = i
				break
			}
		}
		reqText := text[:toks[reqEnd-1].end]
		var r *Requirement
		if looksLikeURL(toks[0].text) {
			r = urlRequirement(reqText, toks[0])
		} else {
			var err error
			r, err = parsePEP508(reqText)
			if err != nil {
				es, _ := asSyntax(err)
				out.errorf(ll.off(es.off), "invalid requirement: "+es.msg)
				continue
			}
		}
		shift(r, ll)
		opts := toks[reqEnd:]
		for i := 0; i < len(opts); i++ {
			name, val, attached := option(opts[i].text)
			if !attached {
				if _, takes := valueOptions[name]; takes && i+1 < len(opts) {
					i++
					val = opts[i].text
				}
			}
			switch longName(name) {
			case "--hash":
				r.Hashes = append(r.Hashes, val)
			case "--config-settings", "--global-option", "--install-option":
			default:
				out.errorf(ll.off(opts[i].start), "unknown per-requirement option "+name)
			}
		}
		r.Line = out.line(r.Start)
		out.Requirements = append(out.Requirements, r)
	}
}

func parsePipOptionLine(out *File, ll *logicalLine, toks []word) {
	name, val, attached := option(toks[0].text)
	valTok := word{val, toks[0].start + len(toks[0].text) - len(val), toks[0].end}
	rest := toks[1:]
	if _, takes := valueOptions[name]; takes && !attached {
		if len(rest) == 0 {
			out.errorf(ll.off(toks[0].start), "option "+name+" needs a value")
			return
		}
		valTok, rest = rest[0], rest[1:]
		val = valTok.text
	}
	switch longName(name) {
	case "--requirement", "--constraint":
		out.Includes = append(out.Includes, &Include{
			Path: val, Constraint: longName(name) == "--constraint",
			Start: ll.off(toks[0].start), End: ll.endOff(valTok.end),
		})
	case "--editable":
		r := urlRequirement(valTok.text, word{valTok.text, 0, len(valTok.text)})
		r.Editable = true
		r.Start, r.End = valTok.start, valTok.end
		r.NameStart += valTok.start
		r.NameEnd += valTok.start
		r.SpecStart, r.SpecEnd = valTok.end, valTok.end
		shift(r, ll)
		r.Start = ll.off(toks[0].start)
		r.Line = out.line(r.Start)
		out.Requirements = append(out.Requirements, r)
	default:
		last := toks[len(toks)-1]
		if len(rest) == 0 {
			last = valTok
			if val == "" {
				last = toks[0]
			}
		}
		out.Options = append(out.Options, &Option{Name: longName(name), Value: val,
			Start: ll.off(toks[0].start), End: ll.endOff(last.end)})
	}
}

// shift turns offsets relative to the logical line into file offsets.
func shift(r *Requirement, ll *logicalLine) {
	r.Start, r.End = ll.off(r.Start), ll.endOff(r.End)
	r.NameStart, r.NameEnd = ll.off(r.NameStart), ll.endOff(r.NameEnd)
	if r.SpecStart == r.SpecEnd {
		r.SpecStart = ll.off(r.SpecStart)
		r.SpecEnd = r.SpecStart
	} else {
		r.SpecStart, r.SpecEnd = ll.off(r.SpecStart), ll.endOff(r.SpecEnd)
	}
}

var archiveExts = []string{".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".tar"}

func looksLikeURL(t string) bool {
	if strings.Contains(t, "://") || strings.HasPrefix(t, ".") || strings.HasPrefix(t, "/") || strings.HasPrefix(t, "~") {
		return true
	}
	if strings.Contains(t, "@") {
		return false // name @ url
	}
	lower := strings.ToLower(t)
	for _, e := range archiveExts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// urlRequirement makes a requirement of a URL or path line, named by its
// #egg= fragment or its wheel file name. tok is the URL token in text; any
// later text is a marker after `;`.
func urlRequirement(text string, tok word) *Requirement {
	r := &Requirement{URL: tok.text, Start: tok.start, End: len(text)}
	r.NameStart, r.NameEnd = tok.start, tok.start
	r.SpecStart, r.SpecEnd = tok.end, tok.end
	if _, m, ok := strings.Cut(text[tok.end:], ";"); ok {
		r.Marker = strings.TrimSpace(m)
	}
	if i := strings.Index(tok.text, "#egg="); i >= 0 {
		n := tok.text[i+5:]
		if j := strings.IndexAny(n, "&#"); j >= 0 {
			n = n[:j]
		}
		r.Name = n
		r.NameStart = tok.start + i + 5
		r.NameEnd = r.NameStart + len(n)
	} else if base := path.Base(tok.text); strings.HasSuffix(strings.ToLower(base), ".whl") {
		if n, rest, ok := strings.Cut(base, "-"); ok {
			r.Name = n
			start := tok.start + len(tok.text) - len(base)
			r.NameStart, r.NameEnd = start, start+len(n)
			if v, _, ok := strings.Cut(rest, "-"); ok {
				r.Specifiers = []Specifier{{Op: "===", Version: v}}
			}
		}
	}
	r.Normalized = Normalize(r.Name)
	return r
}
