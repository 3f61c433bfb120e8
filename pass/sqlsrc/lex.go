package sqlsrc

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// lex.go tokenizes SQL the way PostgreSQL 16's scanner (scan.l, as built
// into pg_query) does, with standard_conforming_strings on, but keeps only
// what statement splitting needs: each token's byte range and a coarse
// kind. Going through pg_query's scanner instead costs a cgo call and a
// protobuf message per token, about a tenth of a schemadrift run.
//
// Token boundaries, comments and scanner errors (position and message)
// are those of pg_query's scanner, with one exception: pg_query ends a
// U&'...' string where it starts and a U&"..." identifier one byte later,
// which cut a statement ending in one short; here both end after their
// closing quote.

// tokenKind classifies a token as finely as split needs.
type tokenKind uint8

const (
	tokOther     tokenKind = iota
	tokComment             // -- or /* */ comment
	tokSemicolon           // ;
	tokOpen                // ( or [
	tokClose               // ) or ]
	tokComma               // ,
	tokOperator            // an operator, including ::, <=, >=, <> and != but not => or :=
	tokChainWord           // UNION, INTERSECT, EXCEPT, AND, IS, COLLATE, AT, OPERATOR or JOIN
	tokOr                  // OR
	tokCase                // CASE
	tokBegin               // BEGIN
	tokAtomic              // ATOMIC
	tokEnd                 // END
	tokCreate              // CREATE
	tokRule                // RULE
	tokReplace             // REPLACE
)

// A lexToken is the byte range [start, end) of one token of the text.
type lexToken struct {
	start, end int32
	kind       tokenKind
}

// namedataLen is PostgreSQL's NAMEDATALEN: an operator this long or longer
// is an error.
const namedataLen = 64

type lexer struct {
	s     string
	toks  []lexToken
	lit   []byte // the value of the E'...' string being scanned
	limit int    // stop after this many tokens; 0 for no limit
}

// lex appends the tokens of text to buf and returns them with the scanner
// error that stopped it, if any. Like the code that used pg_query's
// scanner, on an error it returns the tokens before the error, or none
// when the error lies inside a literal (the text before the error then
// ends in an unterminated one). A NUL byte ends the text, as it ends the C
// string pg_query reads (sanitize blanks those outside literals).
func lex(text string, buf []lexToken) ([]lexToken, *scanError) {
	if i := strings.IndexByte(text, 0); i >= 0 {
		text = text[:i]
	}
	if len(text) > math.MaxInt32 {
		return buf, &scanError{offset: 0, msg: "sql text too large: more than 2 GiB"}
	}
	l := lexer{s: text, toks: buf}
	err := l.run()
	if err != nil && err.insideLiteral {
		return buf, err
	}
	return l.toks, err
}

func (l *lexer) emit(start, end int, kind tokenKind) {
	l.toks = append(l.toks, lexToken{int32(start), int32(end), kind})
}

func (l *lexer) run() *scanError {
	s := l.s
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		var next byte
		if i+1 < n {
			next = s[i+1]
		}
		var err *scanError
		switch c {
		case ' ', '\t', '\n', '\r', '\f':
			i++
		case '\'':
			i, err = l.quoted(i, i+1, quoteStandard)
		case '"':
			i, err = l.delimited(i, i+1)
		case '$':
			i, err = l.dollar(i)
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			i, err = l.number(i)
		case '.':
			switch {
			case isDigit(next):
				i, err = l.number(i)
			case next == '.':
				l.emit(i, i+2, tokOther)
				i += 2
			default:
				l.emit(i, i+1, tokOther)
				i++
			}
		case ':':
			switch next {
			case ':':
				l.emit(i, i+2, tokOperator)
				i += 2
			case '=':
				l.emit(i, i+2, tokOther)
				i += 2
			default:
				l.emit(i, i+1, tokOther)
				i++
			}
		case '(', '[':
			l.emit(i, i+1, tokOpen)
			i++
		case ')', ']':
			l.emit(i, i+1, tokClose)
			i++
		case ',':
			l.emit(i, i+1, tokComma)
			i++
		case ';':
			l.emit(i, i+1, tokSemicolon)
			i++
		case '-':
			if next != '-' {
				i, err = l.operator(i)
				break
			}
			j := i + 2
			for j < n && s[j] != '\n' && s[j] != '\r' {
				j++
			}
			l.emit(i, j, tokComment)
			i = j
		case '/':
			if next == '*' {
				i, err = l.blockComment(i)
			} else {
				i, err = l.operator(i)
			}
		case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '*', '%', '<', '>', '=':
			i, err = l.operator(i)
		default:
			if identStart[c] {
				i, err = l.word(i, next)
			} else {
				l.emit(i, i+1, tokOther)
				i++
			}
		}
		if err != nil {
			return err
		}
		if l.limit > 0 && len(l.toks) >= l.limit {
			return nil
		}
	}
	return nil
}

// LiteralLen returns the length of the string literal text starts with,
// read as PostgreSQL's scanner reads it: '...' with doubled quotes,
// E'...' with backslash escapes, B'101', X'1F', N'...' and U&'...'
// strings, $tag$ bodies, and a literal continued on the next line. It
// returns 0 when text does not start with a literal, and the length of
// text when the literal does not end in it. schemadrift measures the
// literals its findings point at with it.
func LiteralLen(text string) int {
	if text == "" {
		return 0
	}
	switch c := text[0]; {
	case c == '\'':
	case c == '$':
		if len(text) > 1 && isDigit(text[1]) {
			return 0 // a $1 parameter
		}
	case strings.IndexByte("bBxXeEnN", c) >= 0 && len(text) > 1 && text[1] == '\'':
	case (c == 'u' || c == 'U') && strings.HasPrefix(text[1:], "&'"):
	default:
		return 0
	}
	l := lexer{s: text, limit: 1}
	if err := l.run(); err != nil || len(l.toks) == 0 || l.toks[0].start != 0 {
		return len(text)
	}
	return int(l.toks[0].end)
}

// word scans an identifier or keyword, or a string or identifier whose
// one-letter prefix (B, X, E, N, U&) is the start of the word.
func (l *lexer) word(i int, next byte) (int, *scanError) {
	s := l.s
	if next == '\'' {
		switch s[i] {
		case 'b', 'B':
			return l.quoted(i, i+2, quoteBit)
		case 'x', 'X':
			return l.quoted(i, i+2, quoteHex)
		case 'e', 'E':
			return l.quoted(i, i+2, quoteEscape)
		case 'n', 'N':
			// N'...' is the keyword NCHAR followed by a plain string.
			l.emit(i, i+1, tokOther)
			return i + 1, nil
		}
	}
	if next == '&' && (s[i] == 'u' || s[i] == 'U') {
		if i+2 < len(s) {
			switch s[i+2] {
			case '\'':
				return l.quoted(i, i+3, quoteStandard)
			case '"':
				return l.delimited(i, i+3)
			}
		}
		l.emit(i, i+1, tokOther)
		return i + 1, nil
	}
	j := i + 1
	for j < len(s) && identCont[s[j]] {
		j++
	}
	l.emit(i, j, keywordKind(s[i:j]))
	return j, nil
}

// keywordKind returns the kind of an identifier: the keywords split looks
// at, matched like PostgreSQL does (ASCII letters in any case), or tokOther.
func keywordKind(w string) tokenKind {
	if len(w) < 2 || len(w) > 9 {
		return tokOther
	}
	switch w[0] | 0x20 {
	case 'a', 'b', 'c', 'e', 'i', 'j', 'o', 'r', 'u':
	default:
		return tokOther
	}
	var buf [9]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "union", "intersect", "except", "and", "is", "collate", "at", "operator", "join":
		return tokChainWord
	case "or":
		return tokOr
	case "case":
		return tokCase
	case "begin":
		return tokBegin
	case "atomic":
		return tokAtomic
	case "end":
		return tokEnd
	case "create":
		return tokCreate
	case "rule":
		return tokRule
	case "replace":
		return tokReplace
	}
	return tokOther
}

// blockComment scans a /* */ comment, which nests, starting at i.
func (l *lexer) blockComment(i int) (int, *scanError) {
	s := l.s
	depth := 0
	for j := i + 2; j < len(s); {
		switch s[j] {
		case '/':
			if j+1 < len(s) && s[j+1] == '*' {
				depth++
				j += 2
				continue
			}
		case '*':
			k := j + 1
			for k < len(s) && s[k] == '*' {
				k++
			}
			if k < len(s) && s[k] == '/' {
				if depth == 0 {
					l.emit(i, k+1, tokComment)
					return k + 1, nil
				}
				depth--
				k++
			}
			j = k
			continue
		}
		j++
	}
	return 0, l.errorNear("unterminated /* comment", i, len(s))
}

// A quoteMode is the kind of a single-quoted literal.
type quoteMode uint8

const (
	quoteStandard quoteMode = iota // '...' and U&'...'
	quoteEscape                    // E'...', with backslash escapes
	quoteBit                       // B'...'
	quoteHex                       // X'...'
)

// quoted scans a single-quoted literal that starts at start (its prefix
// letter, if any) and whose content starts at body. Literals separated by
// blanks that include a newline are one literal.
func (l *lexer) quoted(start, body int, mode quoteMode) (int, *scanError) {
	if mode == quoteEscape {
		return l.escaped(start, body)
	}
	s := l.s
	for j := body; ; {
		k := strings.IndexByte(s[j:], '\'')
		if k < 0 {
			msg := "unterminated quoted string"
			switch mode {
			case quoteBit:
				msg = "unterminated bit string literal"
			case quoteHex:
				msg = "unterminated hexadecimal string literal"
			}
			return 0, l.errorNear(msg, start, len(s))
		}
		q := j + k + 1
		if mode == quoteStandard && q < len(s) && s[q] == '\'' {
			j = q + 1 // '' is a quote; bit and hex strings have no such escape
			continue
		}
		if next, ok := continuation(s, q); ok {
			j = next
			continue
		}
		l.emit(start, q, tokOther)
		return q, nil
	}
}

// continuation reports whether the literal that ended before i goes on,
// and where its content resumes: SQL joins 'a' and 'b' into one literal
// when only blanks including a newline separate them (pg_query's scanner
// does not count comments as such blanks).
func continuation(s string, i int) (int, bool) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f') {
		i++
	}
	if i >= len(s) || s[i] != '\n' && s[i] != '\r' {
		return 0, false
	}
	for i++; i < len(s) && isPGSpace(s[i]); i++ {
	}
	if i < len(s) && s[i] == '\'' {
		return i + 1, true
	}
	return 0, false
}

// escaped scans an E'...' string. Its escapes can make its value invalid
// UTF-8 (\xff) or an invalid code point (\u0000, a lone surrogate), which
// PostgreSQL's scanner rejects, so the value is decoded as it goes.
func (l *lexer) escaped(start, body int) (int, *scanError) {
	s := l.s
	l.lit = l.lit[:0]
	sawNonASCII := false
	for j := body; j < len(s); {
		switch s[j] {
		case '\'':
			if j+1 < len(s) && s[j+1] == '\'' {
				l.lit = append(l.lit, '\'')
				j += 2
				continue
			}
			if next, ok := continuation(s, j+1); ok {
				j = next
				continue
			}
			if sawNonASCII {
				if err := checkEncoding(l.lit); err != nil {
					return 0, err
				}
			}
			l.emit(start, j+1, tokOther)
			return j + 1, nil
		case '\\':
			if j+1 == len(s) {
				j++ // a backslash at the end: the string is unterminated
				continue
			}
			n, nonASCII, err := l.escape(j)
			if err != nil {
				return 0, err
			}
			sawNonASCII = sawNonASCII || nonASCII
			j += n
		default:
			k := j + 1
			for k < len(s) && s[k] != '\'' && s[k] != '\\' {
				k++
			}
			l.lit = append(l.lit, s[j:k]...)
			j = k
		}
	}
	return 0, l.errorNear("unterminated quoted string", start, len(s))
}

// escape decodes the backslash escape at i of an E'...' string, appending
// its value to l.lit. It returns the escape's length and whether it
// produced a NUL or non-ASCII byte, which makes PostgreSQL check the
// string's encoding.
func (l *lexer) escape(i int) (n int, nonASCII bool, err *scanError) {
	s := l.s
	switch c := s[i+1]; {
	case c == 'u' || c == 'U':
		r, n, err := l.unicodeEscape(i)
		if err != nil {
			return 0, false, err
		}
		if r >= 0xd800 && r <= 0xdbff {
			// A UTF-16 high surrogate must be followed by a low one.
			j := i + n
			if j == len(s) {
				return 0, false, l.errorInLiteral("invalid Unicode surrogate pair", j, j)
			}
			if s[j] != '\\' || j+1 == len(s) || s[j+1] != 'u' && s[j+1] != 'U' {
				return 0, false, l.errorInLiteral("invalid Unicode surrogate pair", j, j+1)
			}
			low, m, err := l.unicodeEscape(j)
			if err != nil {
				return 0, false, err
			}
			if low < 0xdc00 || low > 0xdfff {
				return 0, false, l.errorInLiteral("invalid Unicode surrogate pair", j, j+m)
			}
			r = 0x10000 + (r-0xd800)<<10 + (low - 0xdc00)
			n += m
		} else if r >= 0xdc00 && r <= 0xdfff {
			return 0, false, l.errorInLiteral("invalid Unicode surrogate pair", i, i+n)
		} else if r == 0 || r > 0x10ffff {
			return 0, false, l.errorInLiteral("invalid Unicode escape value", i, i+n)
		}
		l.lit = utf8.AppendRune(l.lit, rune(r))
		return n, false, nil
	case '0' <= c && c <= '7':
		v, j := 0, i+1
		for j < len(s) && j < i+4 && '0' <= s[j] && s[j] <= '7' {
			v = v*8 + int(s[j]-'0')
			j++
		}
		b := byte(v)
		l.lit = append(l.lit, b)
		return j - i, b == 0 || b >= 0x80, nil
	case c == 'x' && i+2 < len(s) && hexValue(s[i+2]) >= 0:
		v, j := 0, i+2
		for j < len(s) && j < i+4 && hexValue(s[j]) >= 0 {
			v = v*16 + hexValue(s[j])
			j++
		}
		b := byte(v)
		l.lit = append(l.lit, b)
		return j - i, b == 0 || b >= 0x80, nil
	default:
		switch c {
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		}
		l.lit = append(l.lit, c)
		return 2, false, nil
	}
}

// unicodeEscape decodes the \uXXXX or \UXXXXXXXX escape at i.
func (l *lexer) unicodeEscape(i int) (r uint32, n int, err *scanError) {
	s := l.s
	digits := 4
	if s[i+1] == 'U' {
		digits = 8
	}
	j := i + 2
	for j < len(s) && j < i+2+digits && hexValue(s[j]) >= 0 {
		r = r<<4 | uint32(hexValue(s[j]))
		j++
	}
	if j-i-2 < digits {
		return 0, 0, &scanError{offset: i, msg: "invalid Unicode escape", insideLiteral: true}
	}
	return r, j - i, nil
}

// checkEncoding reports the first byte sequence of an E'...' string's
// value that is not valid UTF-8 (a NUL included), as PostgreSQL does:
// without a position.
func checkEncoding(lit []byte) *scanError {
	for i := 0; i < len(lit); {
		c := lit[i]
		if c != 0 && c < utf8.RuneSelf {
			i++
			continue
		}
		if c != 0 {
			if r, n := utf8.DecodeRune(lit[i:]); r != utf8.RuneError || n > 1 {
				i += n
				continue
			}
		}
		var b strings.Builder
		for j := 0; j < min(pgCharLen(c), len(lit)-i, 8); j++ {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "0x%02x", lit[i+j])
		}
		return &scanError{offset: 0, msg: `invalid byte sequence for encoding "UTF8": ` + b.String(), insideLiteral: true}
	}
	return nil
}

// delimited scans a quoted identifier that starts at start (its U& prefix,
// if any) and whose content starts at body.
func (l *lexer) delimited(start, body int) (int, *scanError) {
	s := l.s
	for j := body; ; {
		k := strings.IndexByte(s[j:], '"')
		if k < 0 {
			return 0, l.errorNear("unterminated quoted identifier", start, len(s))
		}
		q := j + k + 1
		if q < len(s) && s[q] == '"' {
			j = q + 1
			continue
		}
		if q == body+1 {
			return 0, l.errorNear("zero-length delimited identifier", start, q)
		}
		l.emit(start, q, tokOther)
		return q, nil
	}
}

// dollar scans what starts with '$': a parameter ($1), a dollar-quoted
// string ($$...$$, $tag$...$tag$) or a lone '$'.
func (l *lexer) dollar(i int) (int, *scanError) {
	s := l.s
	j := i + 1
	if j < len(s) && isDigit(s[j]) {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		l.emit(i, j, tokOther)
		return j, nil
	}
	if j < len(s) && isIdentStart(s[j]) {
		for j++; j < len(s) && isIdentCont(s[j]) && s[j] != '$'; j++ {
		}
	}
	if j == len(s) || s[j] != '$' {
		// Not a delimiter: the '$' is a token of its own, and what
		// follows it is scanned afresh.
		l.emit(i, i+1, tokOther)
		return i + 1, nil
	}
	tag := s[i : j+1]
	k := strings.Index(s[j+1:], tag)
	if k < 0 {
		return 0, l.errorNear("unterminated dollar-quoted string", i, len(s))
	}
	end := j + 1 + k + len(tag)
	l.emit(i, end, tokOther)
	return end, nil
}

// number scans a numeric literal starting at i (a digit, or a '.' before
// a digit). PostgreSQL rejects a number directly followed by an
// identifier character ("trailing junk") and 0x, 0o, 0b without digits.
func (l *lexer) number(i int) (int, *scanError) {
	s := l.s
	if s[i] == '0' && i+1 < len(s) {
		if digit, invalid := radix(s[i+1]); digit != nil {
			return l.radixInteger(i, digit, invalid)
		}
	}
	var j int
	if s[i] == '.' {
		j = decimalDigits(s, i+1)
	} else {
		j = decimalDigits(s, i)
		if j+1 < len(s) && s[j] == '.' && s[j+1] == '.' && !strings.Contains(s[i:j], "_") {
			// 1..10 is 1, .., 10. PostgreSQL's rule for it (decimalfail)
			// takes plain digits only: 1_0..5 is the decimal 1_0. then .5.
			l.emit(i, j, tokOther)
			return j, nil
		}
		if j < len(s) && s[j] == '.' {
			j++
			if j < len(s) && isDigit(s[j]) {
				j = decimalDigits(s, j)
			}
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
			if k == len(s) || !isDigit(s[k]) {
				return 0, l.errorNear("trailing junk after numeric literal", i, k)
			}
		}
		if k < len(s) && isDigit(s[k]) {
			j = decimalDigits(s, k)
		}
	}
	return l.endNumber(i, j)
}

// radix returns, for the letter after a leading 0, the digit test of a
// hexadecimal, octal or binary integer and the error when no digit
// follows, or a nil test.
func radix(letter byte) (digit func(byte) bool, invalid string) {
	switch letter | 0x20 {
	case 'x':
		return func(c byte) bool { return hexValue(c) >= 0 }, "invalid hexadecimal integer"
	case 'o':
		return func(c byte) bool { return '0' <= c && c <= '7' }, "invalid octal integer"
	case 'b':
		return func(c byte) bool { return c == '0' || c == '1' }, "invalid binary integer"
	}
	return nil, ""
}

// radixInteger scans an integer such as 0x1F or 0b1_0 starting at i.
func (l *lexer) radixInteger(i int, digit func(byte) bool, invalid string) (int, *scanError) {
	s := l.s
	end := -1
	for j := i + 2; ; {
		if j < len(s) && s[j] == '_' {
			j++
		}
		if j >= len(s) || !digit(s[j]) {
			break
		}
		j++
		end = j
	}
	if end < 0 {
		fail := i + 2
		if fail < len(s) && s[fail] == '_' {
			fail++
		}
		return 0, l.errorNear(invalid, i, fail)
	}
	return l.endNumber(i, end)
}

// endNumber emits the number s[i:j] unless an identifier character is
// glued to it.
func (l *lexer) endNumber(i, j int) (int, *scanError) {
	if j < len(l.s) && isIdentStart(l.s[j]) {
		return 0, l.errorNear("trailing junk after numeric literal", i, j+1)
	}
	l.emit(i, j, tokOther)
	return j, nil
}

// decimalDigits returns the end of the digits starting at i, which may be
// grouped by single underscores (1_000).
func decimalDigits(s string, i int) int {
	j := i + 1
	for j < len(s) {
		if isDigit(s[j]) {
			j++
		} else if s[j] == '_' && j+1 < len(s) && isDigit(s[j+1]) {
			j += 2
		} else {
			break
		}
	}
	return j
}

// operator scans an operator made of op_chars, following scan.l: it stops
// before a comment start, and it cannot end in + or - unless it contains
// one of ~ ! @ # % ^ & | ` ?, so that a=-1 is a = -1.
func (l *lexer) operator(i int) (int, *scanError) {
	s := l.s
	end := i + 1
	for end < len(s) && isOpChar(s[end]) {
		end++
	}
	op := s[i:end]
	if k := strings.Index(op, "/*"); k > 0 {
		op = op[:k]
	}
	if k := strings.Index(op, "--"); k > 0 {
		op = op[:k]
	}
	if n := len(op); n > 1 && (op[n-1] == '+' || op[n-1] == '-') && !strings.ContainsAny(op[:n-1], "~!@#^&|`?%") {
		for n > 1 && (op[n-1] == '+' || op[n-1] == '-') {
			n--
		}
		op = op[:n]
	}
	end = i + len(op)
	if len(op) >= namedataLen {
		return 0, l.errorNear("operator too long", i, end)
	}
	kind := tokOperator
	if op == "=>" {
		kind = tokOther
	}
	l.emit(i, end, kind)
	return end, nil
}

// errorNear returns a scanner error at offset whose message quotes the
// text from there to end, as PostgreSQL's does.
func (l *lexer) errorNear(msg string, offset, end int) *scanError {
	if offset >= len(l.s) {
		return &scanError{offset: offset, msg: msg + " at end of input"}
	}
	// tidyMessage shortens the quoted text to 40 characters; copying more
	// than 41 for it to cut would be wasted on an unterminated literal,
	// which quotes the rest of the file.
	near := l.s[offset:end]
	runes := 0
	for k := range near {
		if runes == 41 {
			near = near[:k]
			break
		}
		runes++
	}
	return &scanError{offset: offset, msg: tidyMessage(msg + ` at or near "` + near + `"`)}
}

// errorInLiteral is errorNear for an error inside a literal.
func (l *lexer) errorInLiteral(msg string, offset, end int) *scanError {
	err := l.errorNear(msg, offset, end)
	err.insideLiteral = true
	return err
}

// identStart and identCont are scan.l's ident_start and ident_cont.
var identStart, identCont [256]bool

func init() {
	for c := 0; c < 256; c++ {
		identStart[c] = isIdentStart(byte(c))
		identCont[c] = isIdentCont(byte(c))
	}
}

func isPGSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isOpChar reports whether c can be part of a multi-character operator.
func isOpChar(c byte) bool {
	switch c {
	case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=':
		return true
	}
	return false
}

func hexValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
