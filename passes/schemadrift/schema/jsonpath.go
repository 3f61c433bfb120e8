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
		b.WriteString("'" + strings.ReplaceAll(s, "'", "''") + "'")
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
		b.WriteString(strings.ToLower(names[len(names)-1]) + "(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteByte(',')
			}
			if !writeKey(b, a) {
				return false
			}
		}
		b.WriteByte(')')
	case *pg.CollateClause:
		return writeKey(b, e.Arg)
	default:
		return false
	}
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
			key = "(" + key + op + "'" + strings.ReplaceAll(s[0], "'", "''") + "')"
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
