package sqlsrc

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// A Block is the SQL found in a PL/pgSQL body (a DO block or a function):
// the embedded SQL statements, parsed, and the EXECUTE statements whose
// command is built at run time.
type Block struct {
	// Script holds the embedded statements. Its Src is the body; offsets
	// are those of the body plus base, like ParseString's.
	Script *Script
	// Dynamic spans each EXECUTE whose command is not a constant string.
	Dynamic []Span
}

// sqlCommands are the keywords that start an embedded SQL statement in
// PL/pgSQL, where they follow a statement boundary.
var sqlCommands = map[pg.Token]bool{
	pg.Token_CREATE: true, pg.Token_ALTER: true, pg.Token_DROP: true,
	pg.Token_INSERT: true, pg.Token_UPDATE: true, pg.Token_DELETE_P: true,
	pg.Token_SELECT: true, pg.Token_WITH: true, pg.Token_COMMENT: true,
	pg.Token_GRANT: true, pg.Token_REVOKE: true, pg.Token_TRUNCATE: true,
	pg.Token_MERGE: true, pg.Token_REFRESH: true,
}

// boundary reports whether a PL/pgSQL statement starts after the token:
// a semicolon, BEGIN, THEN, ELSE, LOOP, or QUERY of RETURN QUERY (LOOP
// and QUERY are PL/pgSQL words the SQL scanner reads as identifiers).
func boundary(text string, t *pg.ScanToken) bool {
	switch t.Token {
	case pg.Token_ASCII_59, pg.Token_BEGIN_P, pg.Token_THEN, pg.Token_ELSE:
		return true
	case pg.Token_IDENT:
		return isWord(text, t, "loop") || isWord(text, t, "query")
	}
	return false
}

func isWord(text string, t *pg.ScanToken, word string) bool {
	return t.Token == pg.Token_IDENT && strings.EqualFold(text[t.Start:t.End], word)
}

// ParseBlock extracts and parses the SQL statements of a PL/pgSQL body
// whose text starts at offset base. It reads PL/pgSQL only as far as
// needed to find statement boundaries: control structures, declarations
// and assignments are skipped. EXECUTE of a single constant string is
// parsed like an embedded statement; any other EXECUTE is listed in
// Dynamic.
func ParseBlock(body string, base int) *Block {
	src := []byte(body)
	clean, placeholders := sanitize(src)
	sc := &Script{Src: src, Base: base, clean: clean, Placeholders: shiftPlaceholders(placeholders, base)}
	sc.lineStarts = lineStarts(src)
	blk := &Block{Script: sc}
	text := string(clean)
	tokens, scanErr := scan(text)
	if scanErr != nil {
		se := sc.syntaxError(scanErr.offset, scanErr.msg)
		sc.Errors = append(sc.Errors, se)
	}
	var significant []*pg.ScanToken
	for _, t := range tokens {
		if isComment(t) {
			sc.Comments = append(sc.Comments, Span{base + int(t.Start), base + int(t.End)})
			continue
		}
		significant = append(significant, t)
	}
	for i := 0; i < len(significant); i++ {
		t := significant[i]
		atBoundary := i == 0 || boundary(text, significant[i-1]) ||
			(significant[i-1].Token == pg.Token_IN_P && t.Token == pg.Token_SELECT)
		if !atBoundary {
			continue
		}
		switch {
		case sqlCommands[t.Token]:
			end := statementEnd(text, significant, i, i > 0 && significant[i-1].Token == pg.Token_IN_P)
			segs := split(pgTokens(significant[i:end]))
			if len(segs) == 0 {
				continue
			}
			sc.parseStmt(withoutInto(text, significant[i:end]), int(t.Start), int(significant[end-1].End), segs[0].nesting)
			i = end - 1
		case t.Token == pg.Token_EXECUTE:
			end := statementEnd(text, significant, i, false)
			if end == i+2 && significant[i+1].Token == pg.Token_SCONST {
				lit := significant[i+1]
				if s, ok := plainLiteral(text[lit.Start:lit.End]); ok {
					inner := Span{int(lit.Start) + 1, int(lit.Start) + 1 + len(s)}
					text := text[:inner.Start] + s + text[inner.End:]
					innerTokens, err := scan(text[inner.Start:inner.End])
					if err == nil {
						var sig []*pg.ScanToken
						for _, it := range innerTokens {
							if !isComment(it) {
								shift := int32(inner.Start)
								sig = append(sig, &pg.ScanToken{Start: it.Start + shift, End: it.End + shift, Token: it.Token, KeywordKind: it.KeywordKind})
							}
						}
						for _, seg := range split(pgTokens(sig)) {
							sc.parseStmt(text, seg.start, seg.end, seg.nesting)
						}
						i = end - 1
						continue
					}
				}
			}
			last := significant[max(i, end-1)]
			blk.Dynamic = append(blk.Dynamic, Span{base + int(t.Start), base + int(last.End)})
			i = end - 1
		}
	}
	return blk
}

// withoutInto blanks the PL/pgSQL INTO [STRICT] target, ... clause of an
// embedded statement (SELECT ... INTO a, b FROM, RETURNING ... INTO r),
// which is not SQL: the SQL INTO of INSERT INTO stays.
func withoutInto(text string, tokens []*pg.ScanToken) string {
	var b []byte
	depth := 0
	for j := 0; j < len(tokens); j++ {
		t := tokens[j]
		switch t.Token {
		case pg.Token_ASCII_40:
			depth++
		case pg.Token_ASCII_41:
			depth = max(0, depth-1)
		case pg.Token_INTO:
			if depth > 0 || j > 0 && (tokens[j-1].Token == pg.Token_INSERT || tokens[j-1].Token == pg.Token_MERGE) {
				continue
			}
			if b == nil {
				b = []byte(text)
			}
			end := j + 1
			if end < len(tokens) && tokens[end].Token == pg.Token_STRICT_P {
				end++
			}
			for end < len(tokens) {
				k := tokens[end]
				if k.Token == pg.Token_IDENT || k.Token == pg.Token_ASCII_46 || k.Token == pg.Token_ASCII_44 ||
					k.KeywordKind == pg.KeywordKind_UNRESERVED_KEYWORD || k.KeywordKind == pg.KeywordKind_COL_NAME_KEYWORD {
					end++
					continue
				}
				break
			}
			for k := int(t.Start); k < int(tokens[end-1].End); k++ {
				if b[k] != '\n' {
					b[k] = ' '
				}
			}
			j = end - 1
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// statementEnd returns the index after the last token of the statement
// starting at tokens[i]: the next semicolon outside parentheses, or LOOP
// for the query of a FOR ... IN ... LOOP.
func statementEnd(text string, tokens []*pg.ScanToken, i int, untilLoop bool) int {
	depth := 0
	for j := i; j < len(tokens); j++ {
		switch tokens[j].Token {
		case pg.Token_ASCII_40:
			depth++
		case pg.Token_ASCII_41:
			depth = max(0, depth-1)
		case pg.Token_ASCII_59:
			if depth == 0 {
				return j
			}
		case pg.Token_IDENT:
			if untilLoop && depth == 0 && isWord(text, tokens[j], "loop") {
				return j
			}
		}
	}
	return len(tokens)
}

// plainLiteral returns the content of a standard string literal, with
// its doubled quotes rewritten in place so that it keeps its length: the
// ” that opens an inner literal becomes " '" and the one that closes it
// "' ", so 'CREATE INDEX i ON t ((d->>”k”))' reads as
// CREATE INDEX i ON t ((d->> 'k' )) with every offset unchanged.
func plainLiteral(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", false
	}
	s := lit[1 : len(lit)-1]
	if !strings.Contains(s, "'") {
		return s, true
	}
	b := []byte(s)
	open := false
	for i := 0; i < len(b); i++ {
		if b[i] != '\'' {
			continue
		}
		if i+1 >= len(b) || b[i+1] != '\'' {
			return "", false
		}
		if open {
			b[i], b[i+1] = '\'', ' '
		} else {
			b[i], b[i+1] = ' ', '\''
		}
		open = !open
		i++
	}
	return string(b), true
}

func shiftPlaceholders(ps []Placeholder, base int) []Placeholder {
	out := make([]Placeholder, len(ps))
	for i, p := range ps {
		p.Start += base
		p.End += base
		out[i] = p
	}
	return out
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
