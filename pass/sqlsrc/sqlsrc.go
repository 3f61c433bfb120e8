package sqlsrc

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/acrvet/acr/pass"
)

// A Script is the parsed form of a SQL text: a .sql file or a SQL string
// embedded in another artifact.
type Script struct {
	// Src is the text as written, before placeholders were replaced.
	Src []byte
	// Base is the offset of Src[0] in the file that holds it: 0 for a .sql
	// file, the offset of the string's content for embedded SQL. Every
	// offset in the Script (statements, comments, placeholders, errors) is
	// already shifted by Base.
	Base int
	// File is the file the offsets point into; nil for ParseString.
	File *pass.File

	// Stmts are the statements in source order, including those that failed
	// to parse (their Node is nil and Err says why).
	Stmts []*Stmt
	// Comments are the -- and /* */ comments, which carry migration-tool
	// annotations such as "-- +goose Down" or "-- migrate:down".
	Comments []Span
	// Placeholders are the template parameters replaced before parsing.
	Placeholders []Placeholder
	// Errors lists every syntax error in source order; each statement's
	// error is also on the statement.
	Errors []*pass.SyntaxError

	clean      []byte // Src with placeholders replaced: what pg_query read
	lineStarts []int  // offsets in Src where lines start, when File is nil
}

// A Stmt is one statement of a Script.
type Stmt struct {
	// Span is the statement text, from its first token (leading comments
	// skipped) to the end of its last token (the semicolon excluded), as
	// offsets in the enclosing file.
	Span
	// Line is the 1-based line of Start: in File when the Script has one,
	// otherwise in Src.
	Line int
	// Node is the statement's parse tree; nil when Err is set.
	Node *pg.Node
	// Err is the statement's syntax error, if any.
	Err *pass.SyntaxError

	script  *Script
	locBase int // file offset that parse-tree locations count from
}

// Offset maps a location from the statement's parse tree (a byte offset
// in the statement, or -1) to an offset in the enclosing file, or -1.
func (s *Stmt) Offset(location int32) int {
	if location < 0 {
		return -1
	}
	return s.locBase + int(location)
}

// Text returns the statement as written.
func (s *Stmt) Text() string { return s.script.Text(s.Span) }

// Script returns the script the statement belongs to.
func (s *Stmt) Script() *Script { return s.script }

// Text returns the source text of a span given in file offsets, clamped to
// the Script.
func (sc *Script) Text(sp Span) string {
	start, end := clamp(sp.Start-sc.Base, len(sc.Src)), clamp(sp.End-sc.Base, len(sc.Src))
	if end < start {
		return ""
	}
	return string(sc.Src[start:end])
}

// Parsed returns the text pg_query parsed for a span (placeholders replaced).
func (sc *Script) Parsed(sp Span) string {
	start, end := clamp(sp.Start-sc.Base, len(sc.clean)), clamp(sp.End-sc.Base, len(sc.clean))
	if end < start {
		return ""
	}
	return string(sc.clean[start:end])
}

func clamp(i, n int) int { return max(0, min(i, n)) }

// PlaceholderAt returns the placeholder that covers the file offset.
func (sc *Script) PlaceholderAt(offset int) (Placeholder, bool) {
	i := sort.Search(len(sc.Placeholders), func(i int) bool { return sc.Placeholders[i].End > offset })
	if i < len(sc.Placeholders) && sc.Placeholders[i].Contains(offset) {
		return sc.Placeholders[i], true
	}
	return Placeholder{}, false
}

// HasPlaceholder reports whether a placeholder overlaps the span.
func (sc *Script) HasPlaceholder(sp Span) bool {
	i := sort.Search(len(sc.Placeholders), func(i int) bool { return sc.Placeholders[i].End > sp.Start })
	return i < len(sc.Placeholders) && sc.Placeholders[i].Start < sp.End
}

// Line returns the 1-based line of a file offset: in File when the Script
// has one, otherwise counted in Src.
func (sc *Script) Line(offset int) int {
	if sc.File != nil {
		return sc.File.Position(offset).Line
	}
	off := clamp(offset-sc.Base, len(sc.Src))
	return sort.Search(len(sc.lineStarts), func(i int) bool { return sc.lineStarts[i] > off })
}

// Err returns the first syntax error, or nil.
func (sc *Script) Err() error {
	if len(sc.Errors) == 0 {
		return nil
	}
	return sc.Errors[0]
}

type scriptKey struct{}

type embeddedKey struct {
	src  string
	base int
}

// Parse parses a SQL file, once per file however many passes ask. The
// Script is never nil: statements that parse are kept when others fail.
// The error is the first *pass.SyntaxError, if any (Script.Errors has them
// all), or the error reading the file.
func Parse(f *pass.File) (*Script, error) {
	return pass.Cached(f, scriptKey{}, func() (*Script, error) {
		src, err := f.ReadFile()
		if err != nil {
			return &Script{File: f}, fmt.Errorf("%s: %w", f.Path, err)
		}
		sc := parse(src, 0, f)
		return sc, sc.Err()
	})
}

// ParseIn parses SQL embedded in f (a string literal of a Python module,
// say) whose content starts at offset base, once per file and text.
// Offsets in the Script, and in its syntax errors, point into f; when the
// literal has escapes or is implicitly concatenated the caller maps
// offsets itself and should use ParseString.
func ParseIn(f *pass.File, src string, base int) *Script {
	return f.Memo(embeddedKey{src, base}, func() any {
		return parse([]byte(src), base, f)
	}).(*Script)
}

// ParseString parses SQL text held outside any file, such as the value of
// a Python string. Offsets are those in src plus base; syntax errors have
// a nil File, for the caller to fill in after mapping the offset.
func ParseString(src string, base int) *Script {
	return parse([]byte(src), base, nil)
}

func parse(src []byte, base int, f *pass.File) *Script {
	clean, placeholders := sanitize(src)
	copy(clean[:pass.BOMLen(clean)], "   ") // the parser reads a byte order mark as text
	sc := &Script{Src: src, Base: base, File: f, clean: clean, Placeholders: shiftPlaceholders(placeholders, base)}
	if f == nil {
		// Built now, not on first use: a Script is shared by concurrent passes.
		sc.lineStarts = lineStarts(src)
	}
	text := string(clean)
	lay := splitText(text)
	for i := range lay.comments {
		lay.comments[i].Start += base
		lay.comments[i].End += base
	}
	sc.Comments = lay.comments
	if !sc.parseWhole(text, lay.segs) {
		for _, seg := range lay.segs {
			sc.parseStmt(text, seg.start, seg.end, seg.nesting)
		}
	}
	if lay.err != nil {
		// The scanner stopped at an unterminated literal or comment, which
		// swallows the rest of the text; what came before is kept.
		se := sc.syntaxError(lay.err.offset, lay.err.msg)
		sc.Stmts = append(sc.Stmts, &Stmt{Span: Span{base + lay.errStart, base + len(src)}, Line: sc.Line(base + lay.errStart), Err: se, script: sc})
		sc.Errors = append(sc.Errors, se)
	}
	return sc
}

func (sc *Script) syntaxError(offset int, msg string) *pass.SyntaxError {
	return &pass.SyntaxError{File: sc.File, Offset: sc.Base + offset, Msg: msg}
}

// wholeLimit bounds the text parsed in one pg_query call; larger texts go
// statement by statement so memory stays proportional to one statement.
const wholeLimit = 4 << 20

// parseWhole parses the statements in one pg_query call, which saves the
// fixed cost of a call per statement, and keeps the result only if
// pg_query saw exactly the statements split found. It reports false, having
// added nothing, when the statements must be parsed one by one: a syntax
// error, a statement too deep to parse safely, or a different split.
func (sc *Script) parseWhole(text string, segs []segment) bool {
	if len(segs) < 2 || len(text) > wholeLimit {
		return false
	}
	for _, seg := range segs {
		if seg.nesting > maxNesting {
			return false
		}
	}
	tree, err := parseTree(text)
	if err != nil || len(tree.GetStmts()) != len(segs) {
		return false
	}
	stmts := make([]*Stmt, len(segs))
	for i, raw := range tree.GetStmts() {
		start, end := segs[i].start, segs[i].end
		loc, n := int(raw.GetStmtLocation()), int(raw.GetStmtLen())
		if n == 0 {
			n = len(text) - loc
		}
		if start < loc || end > loc+n {
			return false
		}
		stmts[i] = &Stmt{Span: Span{sc.Base + start, sc.Base + end}, Line: sc.Line(sc.Base + start),
			Node: raw.GetStmt(), script: sc, locBase: sc.Base}
	}
	sc.Stmts = append(sc.Stmts, stmts...)
	return true
}

func (sc *Script) parseStmt(text string, start, end, nesting int) {
	st := &Stmt{Span: Span{sc.Base + start, sc.Base + end}, script: sc, locBase: sc.Base + start}
	st.Line = sc.Line(st.Start)
	sc.Stmts = append(sc.Stmts, st)
	if nesting > maxNesting {
		st.Err = sc.syntaxError(start, fmt.Sprintf("statement nests about %d expressions deep, more than the %d acr parses safely; split it", nesting, maxNesting))
		sc.Errors = append(sc.Errors, st.Err)
		return
	}
	body := text[start:end]
	tree, err := parseTree(body)
	if err != nil {
		st.Err = sc.syntaxError(start+pgErrorOffset(body, err), pgErrorMessage(err))
		sc.Errors = append(sc.Errors, st.Err)
		return
	}
	raws := tree.GetStmts()
	if len(raws) == 0 {
		return
	}
	st.Node = raws[0].GetStmt()
	// A statement split keeps together what pg_query may still see as
	// several (a BEGIN ATOMIC body misread, say): keep every one.
	for _, raw := range raws[1:] {
		loc := int(raw.GetStmtLocation())
		sc.Stmts = append(sc.Stmts, &Stmt{Span: Span{st.Start + loc, st.End}, Line: sc.Line(st.Start + loc), Node: raw.GetStmt(), script: sc, locBase: st.locBase})
	}
}

type scanError struct {
	offset int
	msg    string
	// insideLiteral marks an error inside a literal (an invalid escape):
	// the text before it ends in an unterminated literal, so no statement
	// before it is kept.
	insideLiteral bool
}

// scan tokenizes text with pg_query's scanner, for ParseBlock, which needs
// every token's type. On an error (an unterminated literal or comment) it
// returns the tokens before it.
func scan(text string) ([]*pg.ScanToken, *scanError) {
	res, err := pg.Scan(text)
	if err == nil {
		return res.GetTokens(), nil
	}
	se := &scanError{offset: pgErrorOffset(text, err), msg: pgErrorMessage(err)}
	if se.offset >= len(text) {
		se.offset = len(text)
	}
	if res, err := pg.Scan(text[:se.offset]); err == nil {
		return res.GetTokens(), se
	}
	return nil, se
}

func isComment(t *pg.ScanToken) bool {
	return t.Token == pg.Token_SQL_COMMENT || t.Token == pg.Token_C_COMMENT
}

// pgErrorOffset converts pg_query's cursor position (1-based, counted in
// characters of the server encoding, UTF-8) into a byte offset of text;
// 0 means no position.
func pgErrorOffset(text string, err error) int {
	var pe *pgparser.Error
	if !errors.As(err, &pe) || pe.Cursorpos <= 0 {
		return 0
	}
	off := 0
	for n := 1; n < pe.Cursorpos && off < len(text); n++ {
		off += pgCharLen(text[off])
	}
	return min(off, len(text))
}

// pgCharLen is PostgreSQL's pg_utf_mblen: the length a leading byte
// announces, whether or not the sequence is valid.
func pgCharLen(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b&0xe0 == 0xc0:
		return 2
	case b&0xf0 == 0xe0:
		return 3
	case b&0xf8 == 0xf0:
		return 4
	}
	return 1
}

func pgErrorMessage(err error) string {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		return tidyMessage(pe.Message)
	}
	// The protobuf decoder's errors (a tree too deep, say) say nothing
	// about SQL; name the stage.
	return "sql parse tree could not be decoded: " + err.Error()
}

// tidyMessage keeps a PostgreSQL message on one line and short: the
// "at or near" token of an unterminated literal is the rest of the file.
func tidyMessage(msg string) string {
	const near = `at or near "`
	if i := strings.Index(msg, near); i >= 0 {
		tok := strings.TrimSuffix(msg[i+len(near):], `"`)
		if r := []rune(tok); len(r) > 40 {
			tok = string(r[:40]) + "..."
		}
		msg = msg[:i+len(near)] + tok + `"`
	}
	return strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", " ").Replace(msg)
}
