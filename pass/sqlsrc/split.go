package sqlsrc

import (
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// maxNesting bounds the estimated depth of a statement's parse tree.
// pg_query serializes the tree with recursive C functions and no stack
// check, so a left-associative chain such as 1+1+...+1 a hundred thousand
// terms long overflows the C stack and kills the process; Go's protobuf
// decoder refuses trees deeper than 10000 messages anyway. A statement
// estimated deeper than this is reported instead of parsed.
const maxNesting = 2000

// A segment is one statement found by split: the byte range from the
// start of its first token to the end of its last, comments excluded at
// both ends.
type segment struct {
	start, end int
	nesting    int // estimated parse-tree depth
}

// isChainOperator reports whether a token can extend a left-associative
// chain that nests the parse tree one level deeper per occurrence:
// operators, set operations, AT TIME ZONE, COLLATE, casts and joins.
func isChainOperator(k tokenKind) bool {
	switch k {
	case tokOperator, tokChainWord, tokOr, tokCase:
		return true
	}
	return false
}

// isCreateRule reports whether the statement starting at token first is
// CREATE [OR REPLACE] RULE.
func isCreateRule(tokens []lexToken, first int) bool {
	if first < 0 || tokens[first].kind != tokCreate {
		return false
	}
	for i := first + 1; i < len(tokens) && i <= first+4; i++ {
		switch tokens[i].kind {
		case tokRule:
			return true
		case tokOr, tokReplace, tokComment:
		default:
			return false
		}
	}
	return false
}

// split groups tokens into statements the way pg_query's scanner-based
// splitter does (a semicolon outside parentheses ends a statement) and
// also keeps the body of a BEGIN ATOMIC ... END function in one piece.
// Unlike pg_query it keeps a statement without keywords, so garbage
// between semicolons is reported rather than dropped.
func split(tokens []lexToken) []segment {
	var segs []segment
	first, last, nesting := -1, -1, 0
	parens := 0
	atomic, caseDepth := false, 0
	// Nesting estimate: operator counts per open parenthesis; a comma
	// starts a new list element, which nests no deeper than its siblings.
	ops := []int{0}
	sum := 0
	flush := func() {
		if first >= 0 {
			segs = append(segs, segment{int(tokens[first].start), int(tokens[last].end), nesting})
		}
		first, last, nesting = -1, -1, 0
		parens, atomic, caseDepth = 0, false, 0
		ops, sum = ops[:1], 0
		ops[0] = 0
	}
	for i, t := range tokens {
		if t.kind == tokComment {
			continue
		}
		// A semicolon inside parentheses is legal only between the actions
		// of CREATE RULE ... DO (a; b); anywhere else the parentheses are
		// unbalanced, and ending the statement there keeps one syntax
		// error from swallowing every statement after it.
		if t.kind == tokSemicolon && !atomic && (parens == 0 || !isCreateRule(tokens, first)) {
			flush()
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		switch t.kind {
		case tokOpen:
			parens++
			ops = append(ops, 0)
		case tokClose:
			if parens > 0 {
				parens--
			}
			if len(ops) > 1 {
				sum -= ops[len(ops)-1]
				ops = ops[:len(ops)-1]
			}
		case tokComma:
			sum -= ops[len(ops)-1]
			ops[len(ops)-1] = 0
		case tokBegin:
			if i+1 < len(tokens) && tokens[i+1].kind == tokAtomic {
				atomic = true
			}
		case tokCase:
			if atomic {
				caseDepth++
			}
		case tokEnd:
			if atomic {
				if caseDepth == 0 {
					atomic = false
				} else {
					caseDepth--
				}
			}
		}
		if isChainOperator(t.kind) {
			ops[len(ops)-1]++
			sum++
		}
		if n := sum + len(ops); n > nesting {
			nesting = n
		}
	}
	flush()
	return segs
}

// endsOpen reports whether the tokens end inside a statement, not after a
// semicolon.
func endsOpen(tokens []lexToken) bool {
	for i := len(tokens) - 1; i >= 0; i-- {
		if tokens[i].kind != tokComment {
			return tokens[i].kind != tokSemicolon
		}
	}
	return false
}

// A layout is how a script's text divides into statements.
type layout struct {
	segs     []segment
	comments []Span     // offsets in the text
	err      *scanError // the scanner error that ended the text early, if any
	// errStart is where the text that err left unparsed starts: the
	// unterminated statement's first token, or the error itself.
	errStart int
}

// tokenBuffers recycles token slices: a layout keeps none of its tokens.
var tokenBuffers = sync.Pool{New: func() any { return new([]lexToken) }}

// splitText scans text and divides it into statements.
func splitText(text string) layout {
	buf := tokenBuffers.Get().(*[]lexToken)
	tokens, err := lex(text, (*buf)[:0])
	defer func() {
		if cap(tokens) <= 1<<20 {
			*buf = tokens
			tokenBuffers.Put(buf)
		}
	}()
	var lay layout
	for _, t := range tokens {
		if t.kind == tokComment {
			lay.comments = append(lay.comments, Span{int(t.start), int(t.end)})
		}
	}
	lay.segs = split(tokens)
	if err != nil {
		lay.err, lay.errStart = err, err.offset
		if n := len(lay.segs); n > 0 && endsOpen(tokens) {
			// The unterminated literal or comment belongs to the last
			// statement, which cannot be parsed without its tail.
			lay.errStart = lay.segs[n-1].start
			lay.segs = lay.segs[:n-1]
		}
	}
	return lay
}

// pgTokens maps tokens of pg_query's scanner to the kinds split needs.
func pgTokens(tokens []*pg.ScanToken) []lexToken {
	out := make([]lexToken, len(tokens))
	for i, t := range tokens {
		k := tokOther
		switch t.Token {
		case pg.Token_SQL_COMMENT, pg.Token_C_COMMENT:
			k = tokComment
		case pg.Token_ASCII_59:
			k = tokSemicolon
		case pg.Token_ASCII_40, pg.Token_ASCII_91:
			k = tokOpen
		case pg.Token_ASCII_41, pg.Token_ASCII_93:
			k = tokClose
		case pg.Token_ASCII_44:
			k = tokComma
		case pg.Token_Op, pg.Token_TYPECAST, pg.Token_LESS_EQUALS, pg.Token_GREATER_EQUALS, pg.Token_NOT_EQUALS,
			pg.Token_ASCII_42, pg.Token_ASCII_43, pg.Token_ASCII_45, pg.Token_ASCII_47, pg.Token_ASCII_37,
			pg.Token_ASCII_60, pg.Token_ASCII_61, pg.Token_ASCII_62, pg.Token_ASCII_94:
			k = tokOperator
		case pg.Token_UNION, pg.Token_INTERSECT, pg.Token_EXCEPT, pg.Token_AND,
			pg.Token_IS, pg.Token_COLLATE, pg.Token_AT, pg.Token_OPERATOR, pg.Token_JOIN:
			k = tokChainWord
		case pg.Token_OR:
			k = tokOr
		case pg.Token_CASE:
			k = tokCase
		case pg.Token_BEGIN_P:
			k = tokBegin
		case pg.Token_ATOMIC:
			k = tokAtomic
		case pg.Token_END_P:
			k = tokEnd
		case pg.Token_CREATE:
			k = tokCreate
		case pg.Token_RULE:
			k = tokRule
		case pg.Token_REPLACE:
			k = tokReplace
		}
		out[i] = lexToken{t.Start, t.End, k}
	}
	return out
}
