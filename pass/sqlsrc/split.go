package sqlsrc

import (
	pg "github.com/pganalyze/pg_query_go/v5"
)

// maxNesting bounds the estimated depth of a statement's parse tree.
// pg_query serializes the tree with recursive C functions and no stack
// check, so a left-associative chain such as 1+1+...+1 a hundred thousand
// terms long overflows the C stack and kills the process; Go's protobuf
// decoder refuses trees deeper than 10000 messages anyway. A statement
// estimated deeper than this is reported instead of parsed.
const maxNesting = 2000

// A segment is the token range of one statement: tokens[first:end] with
// comments already excluded at both ends.
type segment struct {
	first, last int // indices of the first and last non-comment tokens
	nesting     int // estimated parse-tree depth
}

func isComment(t *pg.ScanToken) bool {
	return t.Token == pg.Token_SQL_COMMENT || t.Token == pg.Token_C_COMMENT
}

// isChainOperator reports whether a token can extend a left-associative
// chain that nests the parse tree one level deeper per occurrence:
// operators, set operations, AT TIME ZONE, COLLATE, casts and joins.
func isChainOperator(t *pg.ScanToken) bool {
	switch t.Token {
	case pg.Token_Op, pg.Token_TYPECAST, pg.Token_LESS_EQUALS, pg.Token_GREATER_EQUALS, pg.Token_NOT_EQUALS,
		pg.Token_ASCII_42, pg.Token_ASCII_43, pg.Token_ASCII_45, pg.Token_ASCII_47, pg.Token_ASCII_37,
		pg.Token_ASCII_60, pg.Token_ASCII_61, pg.Token_ASCII_62, pg.Token_ASCII_94,
		pg.Token_UNION, pg.Token_INTERSECT, pg.Token_EXCEPT, pg.Token_AND, pg.Token_OR,
		pg.Token_IS, pg.Token_COLLATE, pg.Token_CASE, pg.Token_AT, pg.Token_OPERATOR, pg.Token_JOIN:
		return true
	}
	return false
}

// isCreateRule reports whether the statement starting at token first is
// CREATE [OR REPLACE] RULE.
func isCreateRule(tokens []*pg.ScanToken, first int) bool {
	if first < 0 || tokens[first].Token != pg.Token_CREATE {
		return false
	}
	for i := first + 1; i < len(tokens) && i <= first+4; i++ {
		switch tokens[i].Token {
		case pg.Token_RULE:
			return true
		case pg.Token_OR, pg.Token_REPLACE:
		default:
			if !isComment(tokens[i]) {
				return false
			}
		}
	}
	return false
}

// split groups tokens into statements the way pg_query's scanner-based
// splitter does (a semicolon outside parentheses ends a statement) and
// also keeps the body of a BEGIN ATOMIC ... END function in one piece.
// Unlike pg_query it keeps a statement without keywords, so garbage
// between semicolons is reported rather than dropped.
func split(tokens []*pg.ScanToken) []segment {
	var segs []segment
	cur := segment{first: -1}
	parens := 0
	atomic, caseDepth := false, 0
	// Nesting estimate: operator counts per open parenthesis; a comma
	// starts a new list element, which nests no deeper than its siblings.
	ops := []int{0}
	sum := 0
	flush := func() {
		if cur.first >= 0 {
			segs = append(segs, cur)
		}
		cur = segment{first: -1}
		parens, atomic, caseDepth = 0, false, 0
		ops, sum = ops[:1], 0
		ops[0] = 0
	}
	for i, t := range tokens {
		if isComment(t) {
			continue
		}
		// A semicolon inside parentheses is legal only between the actions
		// of CREATE RULE ... DO (a; b); anywhere else the parentheses are
		// unbalanced, and ending the statement there keeps one syntax
		// error from swallowing every statement after it.
		if t.Token == pg.Token_ASCII_59 && !atomic && (parens == 0 || !isCreateRule(tokens, cur.first)) {
			flush()
			continue
		}
		if cur.first < 0 {
			cur.first = i
		}
		cur.last = i
		switch t.Token {
		case pg.Token_ASCII_40, pg.Token_ASCII_91:
			parens++
			ops = append(ops, 0)
		case pg.Token_ASCII_41, pg.Token_ASCII_93:
			if parens > 0 {
				parens--
			}
			if len(ops) > 1 {
				sum -= ops[len(ops)-1]
				ops = ops[:len(ops)-1]
			}
		case pg.Token_ASCII_44:
			sum -= ops[len(ops)-1]
			ops[len(ops)-1] = 0
		case pg.Token_BEGIN_P:
			if i+1 < len(tokens) && tokens[i+1].Token == pg.Token_ATOMIC {
				atomic = true
			}
		case pg.Token_CASE:
			if atomic {
				caseDepth++
			}
		case pg.Token_END_P:
			if atomic {
				if caseDepth == 0 {
					atomic = false
				} else {
					caseDepth--
				}
			}
		}
		if isChainOperator(t) {
			ops[len(ops)-1]++
			sum++
		}
		if n := sum + len(ops); n > cur.nesting {
			cur.nesting = n
		}
	}
	flush()
	return segs
}
