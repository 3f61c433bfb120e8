package requirements

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The TOML subset dependency tables use. A value is a string (any of the
// four quotings), an array, an inline table, or a bare scalar kept as text.
type valueKind int

const (
	tomlString valueKind = iota
	tomlArray
	tomlTable
	tomlScalar
)

type tomlValue struct {
	kind       valueKind
	str        string // decoded string, or scalar text
	items      []*tomlValue
	keys       []tomlKey // inline table keys, parallel to items
	start, end int       // the whole value in the file
	// strStart and strEnd delimit a string's content between its quotes.
	strStart, strEnd int
}

func (v *tomlValue) field(name string) *tomlValue {
	if v == nil || v.kind != tomlTable {
		return nil
	}
	for i, k := range v.keys {
		if len(k.parts) == 1 && k.parts[0] == name {
			return v.items[i]
		}
	}
	return nil
}

type tomlKey struct {
	parts      []string
	start, end int
	// nameStart and nameEnd delimit the last part without its quotes.
	nameStart, nameEnd int
}

type tomlError struct {
	off int
	msg string
}

// maxTOMLDepth bounds nesting of arrays and inline tables, so hostile input
// cannot exhaust the stack.
const maxTOMLDepth = 64

type tomlScanner struct {
	src   []byte
	i     int
	depth int
}

func (s *tomlScanner) fail(off int, msg string) { panic(tomlError{off, msg}) }

func (s *tomlScanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

func (s *tomlScanner) skipBlank() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// skipTrivia skips whitespace, newlines and comments, as inside arrays.
func (s *tomlScanner) skipTrivia() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		case '#':
			s.skipComment()
		default:
			return
		}
	}
}

func (s *tomlScanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// endLine expects only blanks and a comment before the end of the line.
func (s *tomlScanner) endLine() {
	s.skipBlank()
	if s.peek() == '#' {
		s.skipComment()
	}
	if s.peek() == '\r' {
		s.i++
	}
	if s.i < len(s.src) && s.src[s.i] != '\n' {
		s.fail(s.i, "unexpected "+quoteNear(lineRest(s.src[s.i:]))+" after value")
	}
	if s.i < len(s.src) {
		s.i++
	}
}

func lineRest(b []byte) string {
	for i, c := range b {
		if c == '\n' || c == '\r' {
			return string(b[:i])
		}
	}
	return string(b)
}

func isBareKey(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

func (s *tomlScanner) key() tomlKey {
	k := tomlKey{start: s.i}
	for {
		s.skipBlank()
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			v := s.str()
			k.parts = append(k.parts, v.str)
			k.nameStart, k.nameEnd = v.strStart, v.strEnd
		case isBareKey(c):
			st := s.i
			for s.i < len(s.src) && isBareKey(s.src[s.i]) {
				s.i++
			}
			k.parts = append(k.parts, string(s.src[st:s.i]))
			k.nameStart, k.nameEnd = st, s.i
		default:
			s.fail(s.i, "expected a key, found "+quoteNear(lineRest(s.src[s.i:])))
		}
		k.end = s.i
		s.skipBlank()
		if s.peek() != '.' {
			return k
		}
		s.i++
	}
}

func (s *tomlScanner) value() *tomlValue {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxTOMLDepth {
		s.fail(s.i, "arrays and tables nested too deeply")
	}
	switch c := s.peek(); c {
	case '"', '\'':
		return s.str()
	case '[':
		return s.array()
	case '{':
		return s.inlineTable()
	case 0, '\n', '\r', '#':
		s.fail(s.i, "expected a value")
	}
	st := s.i
	for s.i < len(s.src) && !strings.ContainsRune(",]} \t\r\n#", rune(s.src[s.i])) {
		s.i++
	}
	if st == s.i {
		s.fail(s.i, "expected a value, found "+quoteNear(lineRest(s.src[s.i:])))
	}
	return &tomlValue{kind: tomlScalar, str: string(s.src[st:s.i]), start: st, end: s.i}
}

func (s *tomlScanner) array() *tomlValue {
	v := &tomlValue{kind: tomlArray, start: s.i}
	s.i++
	for {
		s.skipTrivia()
		if s.i >= len(s.src) {
			s.fail(v.start, "unclosed [ array")
		}
		if s.peek() == ']' {
			s.i++
			v.end = s.i
			return v
		}
		v.items = append(v.items, s.value())
		s.skipTrivia()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
		default:
			if s.i >= len(s.src) {
				s.fail(v.start, "unclosed [ array")
			}
			s.fail(s.i, "expected , or ] in array, found "+quoteNear(lineRest(s.src[s.i:])))
		}
	}
}

func (s *tomlScanner) inlineTable() *tomlValue {
	v := &tomlValue{kind: tomlTable, start: s.i}
	s.i++
	for {
		// Inline tables are one line in TOML 1.0; newlines are tolerated
		// here, as TOML 1.1 and many hand-written files allow.
		s.skipTrivia()
		if s.peek() == '}' {
			s.i++
			v.end = s.i
			return v
		}
		if s.i >= len(s.src) {
			s.fail(v.start, "unclosed { inline table")
		}
		k := s.key()
		if s.peek() != '=' {
			s.fail(s.i, "expected = after key in inline table")
		}
		s.i++
		s.skipBlank()
		v.keys = append(v.keys, k)
		v.items = append(v.items, s.value())
		s.skipTrivia()
		switch s.peek() {
		case ',':
			s.i++
		case '}':
		default:
			s.fail(s.i, "expected , or } in inline table")
		}
	}
}

func (s *tomlScanner) str() *tomlValue {
	q := s.src[s.i]
	v := &tomlValue{kind: tomlString, start: s.i}
	multi := s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q
	if multi {
		s.i += 3
		// A newline right after the opening delimiter is trimmed.
		if s.peek() == '\r' {
			s.i++
		}
		if s.peek() == '\n' {
			s.i++
		}
	} else {
		s.i++
	}
	v.strStart = s.i
	var b strings.Builder
	for {
		if s.i >= len(s.src) {
			s.fail(v.start, "unterminated string")
		}
		c := s.src[s.i]
		if !multi && (c == '\n' || c == '\r') {
			s.fail(v.start, "unterminated string")
		}
		if c == q {
			if !multi {
				v.strEnd = s.i
				s.i++
				break
			}
			if s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q {
				// Up to two more quotes may close the string late.
				for n := 0; n < 2 && s.i+3 < len(s.src) && s.src[s.i+3] == q; n++ {
					b.WriteByte(q)
					s.i++
				}
				v.strEnd = s.i
				s.i += 3
				break
			}
		}
		if c == '\\' && q == '"' {
			s.escape(&b, multi)
			continue
		}
		b.WriteByte(c)
		s.i++
	}
	v.end = s.i
	v.str = b.String()
	return v
}

func (s *tomlScanner) escape(b *strings.Builder, multi bool) {
	at := s.i
	s.i++
	if s.i >= len(s.src) {
		s.fail(at, "unterminated string")
	}
	c := s.src[s.i]
	s.i++
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case 'e':
		b.WriteByte(0x1b)
	case '"', '\\':
		b.WriteByte(c)
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if s.i+n > len(s.src) {
			s.fail(at, "short unicode escape")
		}
		r, err := strconv.ParseUint(string(s.src[s.i:s.i+n]), 16, 32)
		if err != nil || !utf8.ValidRune(rune(r)) {
			s.fail(at, "invalid unicode escape")
		}
		b.WriteRune(rune(r))
		s.i += n
	case ' ', '\t', '\r', '\n':
		if !multi {
			s.fail(at, "invalid escape \\"+string(rune(c)))
		}
		// A line-ending backslash trims all whitespace that follows.
		for s.i < len(s.src) && strings.ContainsRune(" \t\r\n", rune(s.src[s.i])) {
			s.i++
		}
	default:
		s.fail(at, "invalid escape \\"+string(rune(c)))
	}
}

// tomlEntry is a key/value pair at the top level of a table, with the full
// key path including the table header.
type tomlEntry struct {
	path  []string
	key   tomlKey
	value *tomlValue
}

// scanTOML reads the document and calls fn for every key/value pair. A
// line that cannot be read is reported and skipped.
func scanTOML(src []byte, errorf func(int, string), fn func(tomlEntry)) {
	s := &tomlScanner{src: src}
	var table []string
	for {
		s.skipTrivia()
		if s.i >= len(src) {
			return
		}
		lineStart := s.i
		func() {
			defer func() {
				if r := recover(); r != nil {
					te, ok := r.(tomlError)
					if !ok {
						panic(r)
					}
					errorf(te.off, te.msg)
					// Resynchronize at the next line that starts a key or
					// table, so one bad value does not hide the rest.
					s.i = max(te.off, lineStart)
					for s.i < len(src) && src[s.i] != '\n' {
						s.i++
					}
					s.depth = 0
				}
			}()
			if s.peek() == '[' {
				arrayTable := s.i+1 < len(src) && src[s.i+1] == '['
				s.i++
				if arrayTable {
					s.i++
				}
				k := s.key()
				if s.peek() != ']' || (arrayTable && (s.i+1 >= len(src) || src[s.i+1] != ']')) {
					s.fail(s.i, "expected ] to close the table header")
				}
				s.i++
				if arrayTable {
					s.i++
				}
				table = k.parts
				if arrayTable {
					// Entries of an array of tables are not dependency maps.
					table = append([]string{"[["}, k.parts...)
				}
				s.endLine()
				return
			}
			k := s.key()
			if s.peek() != '=' {
				s.fail(s.i, "expected = after key")
			}
			s.i++
			s.skipBlank()
			v := s.value()
			s.endLine()
			full := append(append([]string{}, table...), k.parts...)
			fn(tomlEntry{path: full, key: k, value: v})
		}()
	}
}

func pathIs(p []string, want ...string) bool {
	if len(p) != len(want) {
		return false
	}
	for i := range p {
		if want[i] != "*" && p[i] != want[i] {
			return false
		}
	}
	return true
}

func parseTOML(out *File, src []byte) {
	scanTOML(src, out.errorf, func(e tomlEntry) {
		p := e.path
		if out.Format == Pipfile {
			if pathIs(p, "packages", "*") || pathIs(p, "dev-packages", "*") {
				out.addKeyed(p[0], e)
			}
			return
		}
		switch {
		case pathIs(p, "project", "dependencies"), pathIs(p, "build-system", "requires"):
			out.addArray(strings.Join(p, "."), e.value)
		case pathIs(p, "project", "optional-dependencies", "*"), pathIs(p, "dependency-groups", "*"):
			out.addArray(strings.Join(p, "."), e.value)
		case pathIs(p, "project", "optional-dependencies"):
			if e.value.kind == tomlTable {
				for i, k := range e.value.keys {
					out.addArray("project.optional-dependencies."+strings.Join(k.parts, "."), e.value.items[i])
				}
			}
		case pathIs(p, "tool", "poetry", "dependencies", "*"), pathIs(p, "tool", "poetry", "dev-dependencies", "*"),
			pathIs(p, "tool", "poetry", "group", "*", "dependencies", "*"):
			if p[len(p)-1] != "python" {
				out.addKeyed(strings.Join(p[:len(p)-1], "."), e)
			}
		}
	})
}

// addArray adds the PEP 508 strings of an array; other items (PEP 735's
// {include-group = ...}) are not requirements.
func (out *File) addArray(section string, v *tomlValue) {
	if v.kind != tomlArray {
		out.errorf(v.start, section+" must be an array of requirement strings")
		return
	}
	for _, it := range v.items {
		if it.kind != tomlString {
			continue
		}
		r, err := parsePEP508(it.str)
		if err != nil {
			es, _ := asSyntax(err)
			out.errorf(it.strStart+min(es.off, it.strEnd-it.strStart), "invalid requirement in "+section+": "+es.msg)
			continue
		}
		// Offsets are exact only when the string has no escapes; with
		// escapes the whole string content is used.
		if it.strEnd-it.strStart == len(it.str) {
			r.Start, r.End = it.strStart+r.Start, it.strStart+r.End
			r.NameStart, r.NameEnd = it.strStart+r.NameStart, it.strStart+r.NameEnd
			r.SpecStart, r.SpecEnd = it.strStart+r.SpecStart, it.strStart+r.SpecEnd
		} else {
			r.Start, r.End = it.strStart, it.strEnd
			r.NameStart, r.NameEnd = it.strStart, it.strEnd
			r.SpecStart, r.SpecEnd = it.strStart, it.strEnd
		}
		r.Section = section
		r.Line = out.line(r.Start)
		out.Requirements = append(out.Requirements, r)
	}
}

// addKeyed adds a Poetry or Pipfile entry `name = "constraint"` or
// `name = {version = ..., extras = [...], markers = ...}`; a Poetry array
// of such tables (one per environment) adds one requirement per table.
func (out *File) addKeyed(section string, e tomlEntry) {
	values := []*tomlValue{e.value}
	if e.value.kind == tomlArray {
		values = e.value.items
	}
	for _, v := range values {
		name := e.key.parts[len(e.key.parts)-1]
		r := &Requirement{
			Name: name, Normalized: Normalize(name), Section: section,
			Start: e.key.start, End: e.value.end, NameStart: e.key.nameStart, NameEnd: e.key.nameEnd,
		}
		r.SpecStart, r.SpecEnd = v.end, v.end
		version := v
		if v.kind == tomlTable {
			version = v.field("version")
			for _, x := range v.field("extras").stringItems() {
				r.Extras = append(r.Extras, x)
			}
			if m := v.field("markers"); m != nil && m.kind == tomlString {
				r.Marker = m.str
			}
			for _, k := range []string{"git", "url", "path", "file"} {
				if u := v.field(k); u != nil && u.kind == tomlString {
					r.URL = u.str
				}
			}
			if ed := v.field("editable"); ed != nil && ed.str == "true" {
				r.Editable = true
			}
		}
		if version != nil && version.kind == tomlString {
			r.SpecStart, r.SpecEnd = version.strStart, version.strEnd
			specs, off, msg := parseConstraint(version.str)
			if msg != "" {
				out.errorf(version.strStart+min(off, version.strEnd-version.strStart), "invalid version constraint for "+name+": "+msg)
			}
			r.Specifiers = specs
		} else if version != nil {
			out.errorf(version.start, "version constraint for "+name+" must be a string")
		}
		r.Line = out.line(r.Start)
		out.Requirements = append(out.Requirements, r)
	}
}

func (v *tomlValue) stringItems() []string {
	if v == nil || v.kind != tomlArray {
		return nil
	}
	var out []string
	for _, it := range v.items {
		if it.kind == tomlString {
			out = append(out, it.str)
		}
	}
	return out
}

// parseConstraint reads a Poetry or Pipfile constraint: "*", a bare
// version (exact in both), PEP 440 clauses, or Poetry's ^ and ~ forms,
// comma separated. Poetry's `||` alternatives are kept as one clause each.
func parseConstraint(s string) ([]Specifier, int, string) {
	var out []Specifier
	off := 0
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		at := strings.Index(s[off:], part) + off
		off = at + len(part)
		t := strings.TrimSpace(part)
		if t == "" || t == "*" {
			continue
		}
		op := ""
		for _, o := range operators {
			if strings.HasPrefix(t, o) {
				op = o
				break
			}
		}
		if op == "" && (t[0] == '^' || t[0] == '~') {
			op = t[:1]
		}
		ver := strings.TrimSpace(t[len(op):])
		verOff := at + strings.Index(part, ver)
		if op == "" {
			op = "=="
		}
		if ver == "" {
			return out, at, "expected a version after " + op
		}
		for i := 0; i < len(ver); i++ {
			if !isVersionChar(ver[i]) {
				return out, verOff + i, "unexpected " + quoteNear(ver[i:]) + " in version"
			}
		}
		out = append(out, Specifier{Op: op, Version: ver})
	}
	return out, 0, ""
}
