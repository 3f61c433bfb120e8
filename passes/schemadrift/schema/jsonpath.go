package schema

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// A JSONPath is an extraction from a JSON column: data->'a'->>'b',
// data#>>'{a,b}', jsonb_extract_path_text(data, 'a', 'b').
type JSONPath struct {
	Table  string // the qualifier written before the column, if any
	Column string
	Keys   []string
	// Text reports an extraction whose result is text (->>, #>>,
	// jsonb_extract_path_text), which no GIN index serves.
	Text bool
	// Op is the outermost operator or function: "->>", "->", "#>>", "#>",
	// "jsonb_extract_path_text" ...
	Op string
}

var extractionOps = map[string]bool{"->": true, "->>": true, "#>": true, "#>>": true}

var extractionFuncs = map[string]bool{
	"jsonb_extract_path_text": true, "json_extract_path_text": true,
	"jsonb_extract_path": true, "json_extract_path": true,
}

// JSONPathOf reads an extraction expression; ok is false for anything
// else, or when a key is not a constant.
func JSONPathOf(n proto.Message) (JSONPath, bool) {
	if w, ok := n.(*pg.Node); ok {
		n = sqlsrc.Unwrap(w)
	}
	switch e := n.(type) {
	case *pg.A_Expr:
		op := sqlsrc.QualifiedName(e.Name)
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || !extractionOps[op] || e.Lexpr == nil {
			return JSONPath{}, false
		}
		var base JSONPath
		if cr, ok := sqlsrc.Unwrap(e.Lexpr).(*pg.ColumnRef); ok {
			names := sqlsrc.Names(cr.Fields)
			if len(names) == 0 {
				return JSONPath{}, false
			}
			base.Column = names[len(names)-1]
			if len(names) > 1 {
				base.Table = names[len(names)-2]
			}
		} else if inner, ok := JSONPathOf(e.Lexpr); ok && !inner.Text {
			base = inner
		} else {
			return JSONPath{}, false
		}
		key, ok := constText(e.Rexpr)
		if !ok {
			return JSONPath{}, false
		}
		keys := []string{key}
		if op == "#>" || op == "#>>" {
			keys = parseTextArray(key)
		}
		base.Keys = append(append([]string(nil), base.Keys...), keys...)
		base.Op = op
		base.Text = op == "->>" || op == "#>>"
		return base, true
	case *pg.FuncCall:
		names := sqlsrc.Names(e.Funcname)
		if len(names) == 0 || !extractionFuncs[names[len(names)-1]] || len(e.Args) < 2 {
			return JSONPath{}, false
		}
		p := JSONPath{Op: names[len(names)-1], Text: strings.HasSuffix(names[len(names)-1], "_text")}
		cr, ok := sqlsrc.Unwrap(e.Args[0]).(*pg.ColumnRef)
		if !ok {
			return JSONPath{}, false
		}
		cn := sqlsrc.Names(cr.Fields)
		if len(cn) == 0 {
			return JSONPath{}, false
		}
		p.Column = cn[len(cn)-1]
		if len(cn) > 1 {
			p.Table = cn[len(cn)-2]
		}
		for _, a := range e.Args[1:] {
			k, ok := constText(a)
			if !ok {
				return JSONPath{}, false
			}
			p.Keys = append(p.Keys, k)
		}
		return p, true
	}
	return JSONPath{}, false
}

// constText returns the text of a constant, a string or an integer (an
// array index).
func constText(n *pg.Node) (string, bool) {
	switch v := sqlsrc.Unwrap(n).(type) {
	case *pg.A_Const:
		switch c := v.Val.(type) {
		case *pg.A_Const_Sval:
			return c.Sval.Sval, true
		case *pg.A_Const_Ival:
			return strconv.Itoa(int(c.Ival.Ival)), true
		}
	case *pg.TypeCast:
		return constText(v.Arg)
	}
	return "", false
}

// keyLiteral writes a constant as an expression key has it: an SQL
// string literal.
func keyLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// parseTextArray splits a text[] literal such as '{a,b}' or '{"a b", c}'.
func parseTextArray(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "{")
	s = strings.TrimSuffix(s, "}")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == ',' && !quoted:
			out = append(out, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, strings.TrimSpace(b.String()))
}

// ExprKey returns a canonical text for the expressions an expression
// index can match: column references (qualifiers dropped), constants,
// operators, casts and function calls. Two expressions with the same key
// are the same expression to the planner. ok is false for other shapes.
func ExprKey(n proto.Message) (string, bool) {
	var b strings.Builder
	ok := writeKey(&b, n)
	return b.String(), ok
}

func writeKey(b *strings.Builder, n proto.Message) bool {
	if w, ok := n.(*pg.Node); ok {
		n = sqlsrc.Unwrap(w)
	}
	switch e := n.(type) {
	case *pg.ColumnRef:
		names := sqlsrc.Names(e.Fields)
		if len(names) == 0 {
			return false
		}
		b.WriteString(strconv.Quote(names[len(names)-1]))
	case *pg.A_Const:
		s, ok := constText(&pg.Node{Node: &pg.Node_AConst{AConst: e}})
		if !ok {
			return false
		}
		b.WriteString(keyLiteral(s))
	case *pg.A_Expr:
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || e.Rexpr == nil {
			return false
		}
		op := sqlsrc.QualifiedName(e.Name)
		b.WriteByte('(')
		if !writeKey(b, e.Lexpr) {
			return false
		}
		b.WriteString(op)
		if op == "#>" || op == "#>>" {
			// '{a, b}' and '{a,b}' are the same path.
			s, ok := constText(e.Rexpr)
			if !ok {
				return false
			}
			b.WriteString("'{" + strings.Join(parseTextArray(s), ",") + "}'")
		} else if !writeKey(b, e.Rexpr) {
			return false
		}
		b.WriteByte(')')
	case *pg.TypeCast:
		typ, array := TypeOf(e.TypeName)
		b.WriteByte('(')
		if !writeKey(b, e.Arg) {
			return false
		}
		b.WriteString(")::" + typ)
		if array {
			b.WriteString("[]")
		}
	case *pg.FuncCall:
		names := sqlsrc.Names(e.Funcname)
		if len(names) == 0 {
			return false
		}
		return writeCall(b, strings.ToLower(names[len(names)-1]), e.Args)
	case *pg.CoalesceExpr:
		// COALESCE is grammar, not a function call, but SQLAlchemy's
		// func.coalesce(...) renders it the same.
		return writeCall(b, "coalesce", e.Args)
	case *pg.CollateClause:
		return writeKey(b, e.Arg)
	default:
		return false
	}
	return true
}

// writeCall writes the key of a call: name(arg,arg).
func writeCall(b *strings.Builder, name string, args []*pg.Node) bool {
	b.WriteString(name + "(")
	for i, a := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		if !writeKey(b, a) {
			return false
		}
	}
	b.WriteByte(')')
	return true
}

// keyOfPath renders the key ExprKey gives the SQL that SQLAlchemy emits
// for a JSON extraction written in Python.
func keyOfPath(column string, steps [][]string, text bool) string {
	key := strconv.Quote(column)
	for i, s := range steps {
		lastStep := i == len(steps)-1
		if len(s) == 1 {
			op := "->"
			if lastStep && text {
				op = "->>"
			}
			key = "(" + key + op + keyLiteral(s[0]) + ")"
		} else {
			op := "#>"
			if lastStep && text {
				op = "#>>"
			}
			key = "(" + key + op + "'{" + strings.Join(s, ",") + "}')"
		}
	}
	return key
}

// SQLJSONPathDepth returns how many levels into a document an SQL/JSON
// path expression (the jsonpath of @?, @@ and jsonb_path_query) reaches:
// member (.a, ."a b", .*) and array ([0], [*]) accessors count one level
// each, and a filter's @ paths continue from the level the filter stands
// at, so '$.a ? (@.b.c == 1)' reaches 3. ok is false for a path it cannot
// measure: the .** accessor (any depth) or a syntax it does not read.
func SQLJSONPathDepth(path string) (depth int, ok bool) {
	var bases []int // the level at each open filter
	level, deepest := 0, 0
	afterAccessor := false
	for i := 0; i < len(path); {
		ch := path[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
			continue
		case ch == '"':
			end, ok := afterQuoted(path, i)
			if !ok {
				return 0, false
			}
			i = end
			afterAccessor = false
			continue
		case ch == '$':
			if i+1 < len(path) && isPathIdent(path[i+1]) {
				// A variable ($min, passed in vars): a value, whose own
				// accessors are not the document's levels.
				j := i + 1
				for j < len(path) && isPathIdent(path[j]) {
					j++
				}
				i = j
				afterAccessor = false
				continue
			}
			level = 0
			afterAccessor = true
			i++
			continue
		case ch == '@':
			level = 0
			if len(bases) > 0 {
				level = bases[len(bases)-1]
			}
			afterAccessor = true
			i++
			continue
		case ch == '.' && afterAccessor:
			j := i + 1
			for j < len(path) && path[j] == ' ' {
				j++
			}
			if strings.HasPrefix(path[j:], "**") {
				return 0, false
			}
			switch {
			case j < len(path) && path[j] == '*':
				j++
			case j < len(path) && path[j] == '"':
				end, ok := afterQuoted(path, j)
				if !ok {
					return 0, false
				}
				j = end
			default:
				k := j
				for k < len(path) && isPathIdent(path[k]) {
					k++
				}
				if k == j {
					return 0, false
				}
				rest := strings.TrimLeft(path[k:], " ")
				if strings.HasPrefix(rest, "(") {
					// An item method (.size(), .double(), .type()): no level.
					i = k
					continue
				}
				j = k
			}
			level++
			deepest = max(deepest, level)
			i = j
			continue
		case ch == '[' && afterAccessor:
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				return 0, false
			}
			level++
			deepest = max(deepest, level)
			i += end + 1
			continue
		case ch == '?':
			j := i + 1
			for j < len(path) && path[j] == ' ' {
				j++
			}
			if j < len(path) && path[j] == '(' {
				bases = append(bases, level)
				i = j + 1
				afterAccessor = false
				continue
			}
		case ch == '(':
			bases = append(bases, -1) // a plain parenthesis: @ keeps the filter's level
			if len(bases) > 1 {
				bases[len(bases)-1] = bases[len(bases)-2]
			} else {
				bases[len(bases)-1] = 0
			}
			i++
			afterAccessor = false
			continue
		case ch == ')':
			if len(bases) > 0 {
				level = bases[len(bases)-1]
				bases = bases[:len(bases)-1]
			}
			afterAccessor = true // (...).a continues the path
			i++
			continue
		}
		afterAccessor = false
		i++
	}
	return deepest, true
}

// afterQuoted returns the offset after the double-quoted string that
// starts at path[i], escapes skipped; ok is false when it is not closed.
func afterQuoted(path string, i int) (int, bool) {
	j := i + 1
	for j < len(path) && path[j] != '"' {
		if path[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(path) {
		return 0, false
	}
	return j + 1, true
}

func isPathIdent(c byte) bool {
	return c == '_' || c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
