package dockerfile

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/acrvet/acr/pass"
)

// A File is a parsed Dockerfile.
type File struct {
	File *pass.File
	// Escape is the continuation and escape character: '\\' or '`'.
	Escape     byte
	Directives []*Directive
	// Instructions lists every instruction in order, including the ARGs
	// before the first FROM (whose Stage is nil).
	Instructions []*Instruction
	Stages       []*Stage
	// Errors are every problem found; Parse returns the first.
	Errors []*pass.SyntaxError
}

// A Directive is a parser directive such as `# escape=`.
type Directive struct {
	Name, Value string
	Start, End  int
}

// A Stage is a build stage: a FROM and the instructions up to the next.
type Stage struct {
	Index    int
	Name     string // the AS name, lower-cased as BuildKit compares it; "" if none
	Image    string // the base image or an earlier stage's name, as written
	Platform string // the --platform flag, if any
	From     *Instruction
	// Instructions are the stage's instructions after its FROM.
	Instructions []*Instruction
}

// An Instruction is one Dockerfile instruction.
type Instruction struct {
	// Cmd is the upper-cased keyword, e.g. "RUN".
	Cmd string
	// Start and End delimit the whole instruction in the file, with its
	// continuation lines and heredoc bodies.
	Start, End int
	Line       int
	// Text is the logical text after the keyword: continuation lines
	// joined, comment lines inside them dropped, flags included.
	Text string
	// Flags are the leading --name=value options of FROM, RUN, COPY, ADD
	// and HEALTHCHECK.
	Flags []*Flag
	// Args is Text after the flags. For the shell form it is the command
	// as the shell gets it.
	Args string
	// JSON is true for the exec form; Exec then holds its elements.
	JSON bool
	Exec []Word
	// Words is Args split into words the way BuildKit splits the arguments
	// of FROM, ARG, ENV, LABEL, EXPOSE and the like: on blanks outside
	// quotes, with quotes and escapes removed from Value.
	Words []Word
	// KeyValues are the pairs of ENV, LABEL and ARG, in either form. An
	// ARG without default has HasValue false.
	KeyValues []*KeyValue
	Heredocs  []*Heredoc
	Stage     *Stage

	offs []int // file offset of each byte of Text
	end  int   // file offset just past the last byte of the logical line
}

// A Word is one argument with its range in the file.
type Word struct {
	Value      string // quotes and escapes removed (JSON-decoded for exec form)
	Raw        string
	Start, End int
}

// A Flag is a leading --name=value option.
type Flag struct {
	Name, Value string
	Start, End  int
}

// A KeyValue is one ENV, LABEL or ARG pair.
type KeyValue struct {
	Key, Value           string
	HasValue             bool
	Start, End           int
	KeyStart, KeyEnd     int
	ValueStart, ValueEnd int
}

// A Heredoc is a here-document attached to RUN, COPY or ADD.
type Heredoc struct {
	Name      string
	Body      string // the lines between the opening and the delimiter, tabs stripped for <<-
	StripTabs bool
	Quoted    bool // a quoted delimiter: the body is not expanded
	// Start and End delimit the body lines and the closing delimiter.
	Start, End int
}

// Offset maps an index in Text to a file offset.
func (in *Instruction) Offset(i int) int {
	if i < 0 {
		i = 0
	}
	if i < len(in.offs) {
		return in.offs[i]
	}
	return in.end
}

// endOffset maps an exclusive end index in Text to a file offset.
func (in *Instruction) endOffset(i int) int {
	if i <= 0 || len(in.offs) == 0 {
		return in.Offset(0)
	}
	if i > len(in.offs) {
		i = len(in.offs)
	}
	return in.offs[i-1] + 1
}

// Env returns the value of the last pair named key (ENV, LABEL or ARG).
func (in *Instruction) Env(key string) (*KeyValue, bool) {
	for i := len(in.KeyValues) - 1; i >= 0; i-- {
		if in.KeyValues[i].Key == key {
			return in.KeyValues[i], true
		}
	}
	return nil, false
}

// Flag returns the flag named name (without dashes).
func (in *Instruction) Flag(name string) (*Flag, bool) {
	for _, f := range in.Flags {
		if f.Name == name {
			return f, true
		}
	}
	return nil, false
}

// Stage returns the stage named name (case-insensitive), or nil.
func (f *File) Stage(name string) *Stage {
	name = strings.ToLower(name)
	for _, s := range f.Stages {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Final returns the last stage, the one `docker build` produces without
// --target, or nil.
func (f *File) Final() *Stage {
	if len(f.Stages) == 0 {
		return nil
	}
	return f.Stages[len(f.Stages)-1]
}

type memoKey struct{}

// Parse parses a Dockerfile once per run. It returns every instruction it
// could read and, if part of the file is wrong, the first
// *pass.SyntaxError.
func Parse(f *pass.File) (*File, error) {
	return pass.Cached(f, memoKey{}, func() (*File, error) { return parse(f) })
}

var knownInstructions = map[string]bool{
	"ADD": true, "ARG": true, "CMD": true, "COPY": true, "ENTRYPOINT": true, "ENV": true, "EXPOSE": true,
	"FROM": true, "HEALTHCHECK": true, "LABEL": true, "MAINTAINER": true, "ONBUILD": true, "RUN": true,
	"SHELL": true, "STOPSIGNAL": true, "USER": true, "VOLUME": true, "WORKDIR": true,
}

var (
	flagInstructions    = map[string]bool{"FROM": true, "RUN": true, "COPY": true, "ADD": true, "HEALTHCHECK": true}
	jsonInstructions    = map[string]bool{"RUN": true, "CMD": true, "ENTRYPOINT": true, "SHELL": true, "COPY": true, "ADD": true, "VOLUME": true}
	heredocInstructions = map[string]bool{"RUN": true, "COPY": true, "ADD": true}
	directiveRE         = regexp.MustCompile(`^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$`)
	heredocRE           = regexp.MustCompile(`^[0-9]*<<(-?)(["']?)([A-Za-z0-9_.-]+)(["']?)$`)
	heredocOpenRE       = regexp.MustCompile(`^[0-9]*<<-?$`) // << with its word after blanks
)

func (df *File) errorf(off int, msg string) {
	df.Errors = append(df.Errors, &pass.SyntaxError{File: df.File, Offset: off, Msg: msg})
}

// physLine is a line of the file without its line break.
type physLine struct {
	start, end int // end excludes \r\n
	next       int // start of the next line
}

func splitLines(src []byte) []physLine {
	var out []physLine
	for pos := pass.BOMLen(src); pos < len(src); { // the first line starts after a byte order mark
		end := pos
		for end < len(src) && src[end] != '\n' {
			end++
		}
		next := end + 1
		if end > pos && src[end-1] == '\r' {
			end--
		}
		out = append(out, physLine{pos, end, min(next, len(src))})
		pos = next
	}
	return out
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func parse(f *pass.File) (*File, error) {
	src, err := f.ReadFile()
	if err != nil {
		return nil, &pass.SyntaxError{File: f, Msg: "cannot read Dockerfile: " + err.Error()}
	}
	df := &File{File: f, Escape: '\\'}
	lines := splitLines(src)
	i := 0
	// Parser directives: only at the very top, before any blank line,
	// comment or instruction.
	for ; i < len(lines); i++ {
		l := lines[i]
		m := directiveRE.FindSubmatch(src[l.start:l.end])
		if m == nil {
			break
		}
		name := strings.ToLower(string(m[1]))
		if name != "escape" && name != "syntax" && name != "check" {
			break
		}
		df.Directives = append(df.Directives, &Directive{Name: name, Value: string(m[2]), Start: l.start, End: l.end})
		if name == "escape" {
			switch string(m[2]) {
			case "\\":
			case "`":
				df.Escape = '`'
			default:
				df.errorf(l.start, "invalid escape directive "+string(m[2])+": the escape character must be \\ or `")
			}
		}
	}
	var stage *Stage
	for i < len(lines) {
		l := lines[i]
		text := src[l.start:l.end]
		trimmed := strings.TrimLeft(string(text), " \t")
		if trimmed == "" || trimmed[0] == '#' {
			i++
			continue
		}
		in := &Instruction{Start: l.start + len(text) - len(trimmed)}
		var b strings.Builder
		// Gather the logical line.
		for {
			l = lines[i]
			seg := src[l.start:l.end]
			lead := 0
			if b.Len() > 0 {
				s := strings.TrimLeft(string(seg), " \t")
				if s == "" || s[0] == '#' {
					// Blank and comment lines inside a continuation are
					// dropped.
					i++
					if i == len(lines) {
						break
					}
					continue
				}
			} else {
				lead = len(seg) - len(strings.TrimLeft(string(seg), " \t"))
			}
			seg = seg[lead:]
			body := strings.TrimRight(string(seg), " \t")
			continued := len(body) > 0 && body[len(body)-1] == df.Escape
			if continued {
				body = body[:len(body)-1]
			}
			for k := 0; k < len(body); k++ {
				b.WriteByte(body[k])
				in.offs = append(in.offs, l.start+lead+k)
			}
			in.end = l.start + lead + len(body)
			in.End = l.end
			i++
			if !continued || i == len(lines) {
				break
			}
		}
		logical := b.String()
		// Split the keyword.
		kw := 0
		for kw < len(logical) && !isBlank(logical[kw]) {
			kw++
		}
		in.Cmd = strings.ToUpper(logical[:kw])
		rest := kw
		for rest < len(logical) && isBlank(logical[rest]) {
			rest++
		}
		in.Text = logical[rest:]
		in.offs = in.offs[rest:]
		in.Line = f.Position(in.Start).Line
		if !knownInstructions[in.Cmd] {
			df.errorf(in.Start, "unknown instruction: "+logical[:kw])
		}
		df.analyze(in)
		if heredocInstructions[in.Cmd] && !in.JSON {
			i = df.heredocs(in, src, lines, i)
		}
		switch {
		case in.Cmd == "FROM":
			stage = df.newStage(in)
		case stage != nil:
			stage.Instructions = append(stage.Instructions, in)
		case in.Cmd != "ARG" && knownInstructions[in.Cmd]:
			df.errorf(in.Start, in.Cmd+" before the first FROM: only ARG may come before FROM")
		}
		in.Stage = stage
		df.Instructions = append(df.Instructions, in)
	}
	if len(df.Stages) == 0 && len(df.Errors) == 0 && len(df.Instructions) > 0 {
		df.errorf(0, "no FROM instruction: a Dockerfile must start a stage with FROM")
	}
	if len(df.Errors) > 0 {
		return df, df.Errors[0]
	}
	return df, nil
}

func (df *File) newStage(in *Instruction) *Stage {
	st := &Stage{Index: len(df.Stages), From: in}
	if fl, ok := in.Flag("platform"); ok {
		st.Platform = fl.Value
	}
	switch w := in.Words; {
	case len(w) == 1:
		st.Image = w[0].Value
	case len(w) == 3 && strings.EqualFold(w[1].Value, "as"):
		st.Image, st.Name = w[0].Value, strings.ToLower(w[2].Value)
	case len(w) == 0:
		// reported by analyze
	default:
		df.errorf(in.Start, "FROM takes an image and an optional AS name: FROM image [AS name]")
		st.Image = w[0].Value
	}
	df.Stages = append(df.Stages, st)
	return st
}

// analyze fills the flags, the form and the arguments of an instruction.
func (df *File) analyze(in *Instruction) {
	args := 0
	if flagInstructions[in.Cmd] {
		for args < len(in.Text) && strings.HasPrefix(in.Text[args:], "--") {
			end := args
			for end < len(in.Text) && !isBlank(in.Text[end]) {
				end++
			}
			word := in.Text[args+2 : end]
			name, value, _ := strings.Cut(word, "=")
			in.Flags = append(in.Flags, &Flag{Name: name, Value: unquote(value), Start: in.Offset(args), End: in.endOffset(end)})
			args = end
			for args < len(in.Text) && isBlank(in.Text[args]) {
				args++
			}
		}
	}
	in.Args = in.Text[args:]
	if in.Cmd == "HEALTHCHECK" {
		// The command after CMD has its own form.
		if k := strings.Index(strings.ToUpper(in.Args), "CMD"); k == 0 {
			args += 3
			for args < len(in.Text) && isBlank(in.Text[args]) {
				args++
			}
		}
	}
	trimmed := strings.TrimRight(in.Text[args:], " \t")
	if (jsonInstructions[in.Cmd] || in.Cmd == "HEALTHCHECK") && strings.HasPrefix(trimmed, "[") {
		if exec, ok := in.parseJSON(args, len(trimmed)+args); ok {
			in.JSON, in.Exec = true, exec
		}
	}
	in.Words = in.splitWords(args, len(in.Text), df.Escape)
	switch in.Cmd {
	case "ENV", "LABEL":
		df.keyValues(in, args)
	case "ARG":
		for _, w := range in.Words {
			kv := &KeyValue{Key: w.Value, Start: w.Start, End: w.End, KeyStart: w.Start, KeyEnd: w.End, ValueStart: w.End, ValueEnd: w.End}
			if k, v, ok := strings.Cut(w.Raw, "="); ok {
				kv.Key, kv.Value, kv.HasValue = k, unquoteWord(v, df.Escape), true
				kv.KeyEnd = w.Start + len(k)
				kv.ValueStart = kv.KeyEnd + 1
			}
			in.KeyValues = append(in.KeyValues, kv)
		}
	}
	switch {
	case in.Cmd == "FROM" && len(in.Words) == 0,
		in.Cmd == "ENV" && len(in.Words) == 0,
		in.Cmd == "ARG" && len(in.Words) == 0,
		in.Cmd == "LABEL" && len(in.Words) == 0,
		(in.Cmd == "COPY" || in.Cmd == "ADD") && len(in.Words) == 0 && !in.JSON,
		(in.Cmd == "RUN" || in.Cmd == "WORKDIR" || in.Cmd == "USER" || in.Cmd == "EXPOSE" ||
			in.Cmd == "SHELL" || in.Cmd == "STOPSIGNAL" || in.Cmd == "VOLUME" || in.Cmd == "ONBUILD") && strings.TrimSpace(in.Args) == "":
		df.errorf(in.Start, in.Cmd+" requires at least one argument")
	}
}

func (df *File) keyValues(in *Instruction, args int) {
	if len(in.Words) == 0 {
		return
	}
	if !strings.Contains(in.Words[0].Raw, "=") {
		// Legacy form: ENV key value with spaces.
		key := in.Words[0]
		vs := key.End
		i := args + len(key.Raw)
		for i < len(in.Text) && isBlank(in.Text[i]) {
			i++
		}
		raw := strings.TrimRight(in.Text[i:], " \t")
		if raw == "" {
			df.errorf(in.Start, in.Cmd+" "+key.Value+" needs a value: use "+key.Value+"=value")
		} else {
			vs = in.Offset(i)
		}
		in.KeyValues = append(in.KeyValues, &KeyValue{
			Key: key.Value, Value: unquoteWord(raw, df.Escape), HasValue: true,
			Start: key.Start, End: in.endOffset(i + len(raw)), KeyStart: key.Start, KeyEnd: key.End,
			ValueStart: vs, ValueEnd: in.endOffset(i + len(raw)),
		})
		return
	}
	for _, w := range in.Words {
		k, v, ok := strings.Cut(w.Raw, "=")
		if !ok || k == "" {
			df.errorf(w.Start, in.Cmd+" expects key=value pairs, found "+quote(w.Raw))
			continue
		}
		in.KeyValues = append(in.KeyValues, &KeyValue{
			Key: unquoteWord(k, df.Escape), Value: unquoteWord(v, df.Escape), HasValue: true,
			Start: w.Start, End: w.End, KeyStart: w.Start, KeyEnd: w.Start + len(k),
			ValueStart: w.Start + len(k) + 1, ValueEnd: w.End,
		})
	}
}

// splitWords splits Text[from:to] on blanks outside quotes.
func (in *Instruction) splitWords(from, to int, esc byte) []Word {
	var out []Word
	s := in.Text
	i := from
	for i < to {
		for i < to && isBlank(s[i]) {
			i++
		}
		if i >= to {
			break
		}
		start := i
		var quote byte
		for i < to {
			c := s[i]
			switch {
			case c == esc && quote != '\'' && i+1 < to:
				i += 2
				continue
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case quote == 0 && isBlank(c):
				goto done
			}
			i++
		}
	done:
		raw := s[start:i]
		// A word made only of the escape char is an escaped blank at the end.
		out = append(out, Word{Raw: raw, Value: unquoteWord(raw, esc), Start: in.Offset(start), End: in.endOffset(i)})
	}
	return out
}

// unquoteWord removes quotes and escapes as the Dockerfile word lexer
// does, without expanding variables.
func unquoteWord(s string, esc byte) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == esc && quote != '\'' && i+1 < len(s):
			// Inside double quotes only the quote, the escape and $ are
			// escaped; elsewhere any character.
			n := s[i+1]
			if quote == '"' && n != '"' && n != esc && n != '$' {
				b.WriteByte(c)
			}
			b.WriteByte(n)
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func unquote(s string) string { return unquoteWord(s, '\\') }

func quote(s string) string {
	if len(s) > 30 {
		s = s[:30] + "..."
	}
	return `"` + s + `"`
}

// parseJSON reads Text[from:to] as a JSON array of strings, keeping each
// element's range; ok is false when it is not one (BuildKit then uses the
// shell form).
func (in *Instruction) parseJSON(from, to int) ([]Word, bool) {
	s := in.Text[:to]
	i := from + 1
	skip := func() {
		for i < len(s) && (isBlank(s[i]) || s[i] == '\n' || s[i] == '\r') {
			i++
		}
	}
	out := []Word{}
	skip()
	if i < len(s) && s[i] == ']' {
		i++
		skip()
		return out, i == len(s)
	}
	for {
		skip()
		if i >= len(s) || s[i] != '"' {
			return nil, false
		}
		start := i
		i++
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(s) {
			return nil, false
		}
		i++
		raw := s[start:i]
		var v string
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, false
		}
		out = append(out, Word{Value: v, Raw: raw, Start: in.Offset(start), End: in.endOffset(i)})
		skip()
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		if i < len(s) && s[i] == ']' {
			i++
			skip()
			return out, i == len(s)
		}
		return nil, false
	}
}

// heredocs reads the bodies of the heredocs the instruction opens, from
// line index i on, and returns the index after the last body.
func (df *File) heredocs(in *Instruction, src []byte, lines []physLine, i int) int {
	for k, w := range in.Words {
		word := w.Raw
		if heredocOpenRE.MatchString(word) && k+1 < len(in.Words) {
			// BuildKit reads blanks between << and the word since v0.22
			// (moby/buildkit#5817): RUN cat > f << 'EOF' opens a heredoc
			// as <<'EOF' does. It does not yet after <<- (#6822 is open);
			// reading that as a heredoc too keeps its body out of the
			// instructions whichever BuildKit builds the file.
			word += in.Words[k+1].Raw
		}
		m := heredocRE.FindStringSubmatch(word)
		if m == nil || m[2] != m[4] {
			continue
		}
		h := &Heredoc{Name: m[3], StripTabs: m[1] == "-", Quoted: m[2] != ""}
		if i < len(lines) {
			h.Start = lines[i].start
		} else {
			h.Start = len(src)
		}
		var body strings.Builder
		closed := false
		for ; i < len(lines); i++ {
			line := string(src[lines[i].start:lines[i].end])
			if h.StripTabs {
				line = strings.TrimLeft(line, "\t")
			}
			if line == h.Name {
				h.End = lines[i].end
				in.End = lines[i].end
				closed = true
				i++
				break
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
		h.Body = body.String()
		if !closed {
			df.errorf(w.Start, "unterminated heredoc: no line "+h.Name+" closes <<"+h.Name)
			h.End = len(src)
			in.End = len(src)
		}
		in.Heredocs = append(in.Heredocs, h)
	}
	return i
}
