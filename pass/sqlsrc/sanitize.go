package sqlsrc

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// A Span is a half-open byte range [Start, End).
type Span struct{ Start, End int }

// Contains reports whether offset lies in the span.
func (s Span) Contains(offset int) bool { return s.Start <= offset && offset < s.End }

// PlaceholderKind tells which templating convention a placeholder follows.
type PlaceholderKind uint8

const (
	PyFormat      PlaceholderKind = iota + 1 // %s, %b, %t and %(name)s of psycopg and other DB-API drivers
	Named                                    // :name of SQLAlchemy text() and psql :'var'
	Interpolation                            // ${var} of Flyway, Liquibase and shell templates
	Format                                   // {name} of Python str.format
	Jinja                                    // {{ expr }}, {% stmt %} and {# comment #} of dbt and Jinja
)

// A Placeholder is a template parameter that was replaced by a stand-in of
// the same length before parsing, so the statement parses and every offset
// still points into the original text.
type Placeholder struct {
	Span
	Kind PlaceholderKind
}

// sanitize returns a copy of src that pg_query can parse, of exactly the
// same length: template placeholders outside literals and comments become
// identifiers made of underscores (an identifier is valid wherever a value,
// a column or a table name is), Jinja statements and comments become
// blanks, NUL bytes (which would end the C string) become spaces, invalid
// UTF-8 (which the protobuf decoder refuses) becomes '_', psql
// meta-commands and COPY ... FROM stdin data are blanked. String literals,
// quoted identifiers, dollar-quoted bodies, comments, $n parameters and
// ::type casts are never touched.
func sanitize(src []byte) (clean []byte, placeholders []Placeholder) {
	pre := bytes.Clone(src)
	templates := replaceTemplates(pre)
	s := &sanitizer{src: pre, out: bytes.Clone(pre)}
	s.run()
	fixUTF8(s.out)
	if len(templates) > 0 {
		s.placeholders = append(templates, s.placeholders...)
		sort.Slice(s.placeholders, func(i, j int) bool { return s.placeholders[i].Start < s.placeholders[j].Start })
	}
	return s.out, s.placeholders
}

// replaceTemplates replaces, in place, the blocks of Jinja and Go
// templates ({{ expr }}, {% stmt %}, {# comment #}): the template engine
// runs before SQL exists, so a block is replaced wherever it is, inside
// quotes too ("{{ .Schema }}"."users"). An expression on one line becomes
// an identifier of underscores; statements, comments and multi-line
// expressions become blanks. A {{ must be followed by a blank, a dot, a
// dash, a quote or a letter, so PostgreSQL array literals such as
// '{{1,2},{3,4}}' are left alone.
func replaceTemplates(b []byte) []Placeholder {
	var out []Placeholder
	missFrom := [3]int{-1, -1, -1}
	for i := 0; i+1 < len(b); i++ {
		if b[i] != '{' {
			continue
		}
		kind := bytes.IndexByte([]byte("{%#"), b[i+1])
		if kind < 0 || i+2 >= len(b) {
			continue
		}
		next := b[i+2]
		if kind == 0 && !(isSpace(next) || next == '.' || next == '-' || next == '"' || next == '$' || isIdentStart(next) && next < 0x80) {
			continue
		}
		if missFrom[kind] >= 0 && i >= missFrom[kind] {
			continue
		}
		closer := []byte{"}%#"[kind], '}'}
		k := bytes.Index(b[i+2:], closer)
		if k < 0 {
			missFrom[kind] = i
			continue
		}
		end := i + 2 + k + 2
		out = append(out, Placeholder{Span{i, end}, Jinja})
		oneLine := bytes.IndexByte(b[i:end], '\n') < 0
		for j := i; j < end; j++ {
			switch {
			case b[j] == '\n' || b[j] == '\r':
			case kind == 0 && oneLine:
				b[j] = '_'
			default:
				b[j] = ' '
			}
		}
		i = end - 1
	}
	return out
}

type sanitizer struct {
	src, out     []byte
	placeholders []Placeholder
	stmtStart    int // offset after the last top-level semicolon, for COPY detection
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// isIdentCont follows the PostgreSQL scanner, where '$' continues an
// identifier.
func isIdentCont(c byte) bool {
	return isIdentStart(c) || ('0' <= c && c <= '9') || c == '$'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func (s *sanitizer) run() {
	src := s.src
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\\' && at(src, i+1) == ';':
			// psql's \; puts a semicolon in the query buffer and reads on:
			// SELECT 1 \; SELECT 2 is two statements.
			s.out[i] = ' '
			i += 2
			s.stmtStart = i
		case c == '\\':
			// A backslash outside a literal starts a psql meta-command
			// (\connect, \set, \restrict ...), at the start of a line or in
			// the middle of one, up to its end: it is not SQL. \g, \gexec,
			// \gx, \gset, \gdesc, \crosstabview and \watch send the query
			// buffer, as a semicolon would (SELECT format(...) \gexec in init
			// scripts), so a statement starts after them; the data rows of
			// a COPY ... FROM stdin they send are skipped as after a ';'.
			end := lineEnd(src, i)
			if !sendsQuery(src[i+1 : end]) {
				i = s.blankTo(i, end)
				continue
			}
			s.out[i] = ';'
			i = s.endStatement(i, s.blankTo(i+1, end))
		case c == 0:
			s.out[i] = ' '
			i++
		case c == '-' && at(src, i+1) == '-':
			i = lineEnd(src, i)
		case c == '/' && at(src, i+1) == '*':
			i = blockCommentEnd(src, i)
		case c == '\'':
			escapes := i > 0 && (src[i-1] == 'e' || src[i-1] == 'E') && (i < 2 || !isIdentCont(src[i-2]))
			i = quotedEnd(src, i, '\'', escapes)
		case c == '"':
			i = quotedEnd(src, i, '"', false)
		case c == '$':
			i = s.dollar(i)
		case c == '%':
			i = s.percent(i)
		case c == ':':
			i = s.colon(i)
		case c == '{':
			i = s.brace(i)
		case c == ';':
			i = s.endStatement(i+1, i+1)
		case isIdentStart(c):
			for i++; i < len(src) && isIdentCont(src[i]); i++ {
			}
		default:
			i++
		}
	}
}

func at(b []byte, i int) byte {
	if i < 0 || i >= len(b) {
		return 0
	}
	return b[i]
}

func lineEnd(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(b)
}

// blockCommentEnd returns the offset after the comment opening at i;
// PostgreSQL block comments nest.
func blockCommentEnd(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch {
		case b[i] == '/' && at(b, i+1) == '*':
			depth++
			i += 2
		case b[i] == '*' && at(b, i+1) == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(b)
}

// quotedEnd returns the offset after the literal or quoted identifier
// opening at i; a doubled quote is an escaped quote, and with escapes a
// backslash escapes the next byte (E'...' strings).
func quotedEnd(b []byte, i int, q byte, escapes bool) int {
	for i++; i < len(b); i++ {
		switch {
		case escapes && b[i] == '\\':
			i++
		case b[i] == q:
			if at(b, i+1) == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(b)
}

// sendsQuery reports whether a psql meta-command (what follows its
// backslash) sends the query buffer to the server.
func sendsQuery(cmd []byte) bool {
	name := cmd
	for k, c := range cmd {
		if !isIdentCont(c) {
			name = cmd[:k]
			break
		}
	}
	switch string(name) {
	case "g", "gexec", "gx", "gset", "gdesc", "crosstabview", "watch":
		return true
	}
	return false
}

func (s *sanitizer) blankTo(i, end int) int {
	for ; i < end; i++ {
		if s.out[i] != '\n' && s.out[i] != '\r' {
			s.out[i] = ' '
		}
	}
	return end
}

func (s *sanitizer) standIn(start, end int, kind PlaceholderKind) int {
	span := Span{start, end}
	if word := prevWord(s.src, start); word == "in" || word == "values" {
		// psycopg adapts a tuple after IN and execute_values a row list
		// after VALUES: the stand-in must be parenthesized to parse.
		if end-start < 3 && start > 0 && isSpace(s.src[start-1]) {
			start--
		}
		if end-start >= 3 {
			s.out[start] = '('
			for k := start + 1; k < end-1; k++ {
				s.out[k] = '_'
			}
			s.out[end-1] = ')'
			s.placeholders = append(s.placeholders, Placeholder{span, kind})
			return end
		}
	}
	for k := start; k < end; k++ {
		s.out[k] = '_'
	}
	s.placeholders = append(s.placeholders, Placeholder{span, kind})
	return end
}

// prevWord returns the lower-cased identifier-like word that ends before
// offset i, skipping blanks.
func prevWord(b []byte, i int) string {
	j := i
	for j > 0 && isSpace(b[j-1]) {
		j--
	}
	k := j
	for k > 0 && isIdentCont(b[k-1]) {
		k--
	}
	if j-k > 6 {
		return ""
	}
	return string(bytes.ToLower(b[k:j]))
}

func (s *sanitizer) dollar(i int) int {
	src := s.src
	if i > 0 && isIdentCont(src[i-1]) {
		return i + 1 // '$' inside an identifier such as a$b
	}
	next := at(src, i+1)
	switch {
	case '0' <= next && next <= '9':
		return i + 1 // $1 parameter: already valid SQL
	case next == '{':
		if end := closing(src, i+2, '}', 200); end > 0 {
			return s.standIn(i, end, Interpolation)
		}
		return i + 1
	}
	// Dollar quote: $$ or $tag$ ... matching closer.
	j := i + 1
	if isIdentStart(next) {
		for j++; j < len(src) && isIdentCont(src[j]) && src[j] != '$'; j++ {
		}
	}
	if at(src, j) != '$' {
		return i + 1
	}
	tag := src[i : j+1]
	if k := bytes.Index(src[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(src)
}

// closing returns the offset after the byte q that closes a placeholder
// whose content starts at i, or -1 if none closes it on the same line
// within max bytes.
func closing(b []byte, i int, q byte, max int) int {
	for j := i; j < len(b) && j-i <= max; j++ {
		switch b[j] {
		case q:
			return j + 1
		case '\n':
			return -1
		}
	}
	return -1
}

func (s *sanitizer) percent(i int) int {
	src := s.src
	switch next := at(src, i+1); {
	case next == '%':
		// %% is an escaped percent sign in a DB-API query string.
		s.out[i+1] = ' '
		return i + 2
	case (next == 's' || next == 'b' || next == 't') && !isIdentCont(at(src, i+2)):
		return s.standIn(i, i+2, PyFormat)
	case next == '(':
		end := closing(src, i+2, ')', 100)
		if end > 0 && isName(src[i+2:end-1]) {
			if conv := at(src, end); (conv == 's' || conv == 'b' || conv == 't') && !isIdentCont(at(src, end+1)) {
				return s.standIn(i, end+1, PyFormat)
			}
		}
	}
	return i + 1
}

func isName(b []byte) bool {
	if len(b) == 0 || !isIdentStart(b[0]) {
		return false
	}
	for _, c := range b {
		if !isIdentCont(c) || c == '$' {
			return false
		}
	}
	return true
}

func (s *sanitizer) colon(i int) int {
	src := s.src
	next := at(src, i+1)
	if next == ':' {
		return i + 2 // ::type cast
	}
	if i > 0 {
		// arr[lo:hi] slices and anything glued to a name are not
		// parameters.
		if p := src[i-1]; isIdentCont(p) || p == ']' || p == ')' || p == ':' || p == '"' || p == '\'' {
			return i + 1
		}
	}
	switch {
	case isIdentStart(next) && next < 0x80:
		j := i + 2
		for j < len(src) && isIdentCont(src[j]) && src[j] != '$' {
			j++
		}
		return s.standIn(i, j, Named)
	case next == '\'' || next == '"':
		// psql interpolates :'var' as a literal and :"var" as a quoted
		// identifier: the stand-in is one too, the colon becoming the
		// opening quote.
		end := closing(src, i+2, next, 100)
		if end > 0 && isName(src[i+2:end-1]) {
			s.out[i] = next
			for k := i + 1; k < end-1; k++ {
				s.out[k] = '_'
			}
			s.out[end-1] = next
			s.placeholders = append(s.placeholders, Placeholder{Span{i, end}, Named})
			return end
		}
	}
	return i + 1
}

func (s *sanitizer) brace(i int) int {
	src := s.src
	end := closing(src, i+1, '}', 100)
	if end < 0 {
		return i + 1
	}
	for _, c := range src[i+1 : end-1] {
		if !isIdentCont(c) && c != '.' && c != '[' && c != ']' {
			return i + 1
		}
	}
	return s.standIn(i, end, Format)
}

// endStatement ends the statement that runs from s.stmtStart to end,
// where it was sent (a ';' or a \g), with the scan at i: the data rows of
// a COPY ... FROM stdin it sends are skipped, and the next statement
// starts after them.
func (s *sanitizer) endStatement(end, i int) int {
	if s.isCopyFromStdin(s.stmtStart, end) {
		i = s.skipCopyData(i)
	}
	s.stmtStart = i
	return i
}

// isCopyFromStdin reports whether the statement in src[start:end] is a
// COPY ... FROM stdin, whose data rows follow it in pg_dump output.
func (s *sanitizer) isCopyFromStdin(start, end int) bool {
	stmt := bytes.ToLower(bytes.TrimSpace(s.src[start:end]))
	for bytes.HasPrefix(stmt, []byte("--")) {
		stmt = bytes.TrimSpace(stmt[lineEnd(stmt, 0):])
	}
	return bytes.HasPrefix(stmt, []byte("copy")) && len(stmt) > 4 && isSpace(stmt[4]) &&
		bytes.Contains(stmt, []byte("from stdin"))
}

// skipCopyData blanks the data rows after a COPY FROM stdin, up to and
// including the terminating \. line.
func (s *sanitizer) skipCopyData(i int) int {
	start := lineEnd(s.src, i)
	for j := start; j < len(s.src); {
		next := lineEnd(s.src, j+1)
		if bytes.Equal(bytes.TrimRight(s.src[j+1:next], "\r"), []byte(`\.`)) {
			return s.blankTo(start, next)
		}
		j = next
	}
	return s.blankTo(start, len(s.src))
}

// fixUTF8 replaces each byte of an invalid UTF-8 sequence with '_' in place.
func fixUTF8(b []byte) {
	if utf8.Valid(b) {
		return
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			b[i] = '_'
		}
		i += n
	}
}
