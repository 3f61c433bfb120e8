package schema

import (
	"strings"
	"unicode"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// What an f-string interpolates into SQL, judged by where it stands.
const (
	// interpIdentifier is a name or keyword: after SCHEMA, TABLE, ROLE,
	// TO, FROM ..., in double quotes, or before a dot. Bound parameters
	// cannot stand there.
	interpIdentifier = "identifier"
	// interpValue is a literal: inside single quotes, after a comparison,
	// in LIMIT or VALUES (...).
	interpValue = "value"
	// interpFragment is a piece of SQL (a WHERE clause, a column list).
	interpFragment = "fragment"
)

// identifierKeywords are the words after which SQL expects a name.
var identifierKeywords = map[string]bool{
	"schema": true, "table": true, "tables": true, "index": true, "view": true, "sequence": true,
	"sequences": true, "database": true, "role": true, "user": true, "trigger": true, "function": true,
	"extension": true, "type": true, "on": true, "from": true, "into": true, "update": true, "join": true,
	"to": true, "exists": true, "constraint": true, "column": true, "grant": true, "revoke": true,
	"notify": true, "listen": true, "unlisten": true, "begin": true, "truncate": true, "owner": true,
	"policy": true, "publication": true, "subscription": true, "materialized": true, "analyze": true,
	"vacuum": true, "channel": true, "savepoint": true, "cursor": true, "domain": true, "collation": true,
}

// valueKeywords are the words after which SQL expects a value.
var valueKeywords = map[string]bool{"limit": true, "offset": true, "values": true, "in": true, "like": true, "ilike": true, "between": true}

// dmlWords start the statements that take bound parameters.
var dmlWords = map[string]bool{"select": true, "insert": true, "update": true, "delete": true, "with": true, "merge": true, "values": true}

// fstringInterpolations classifies what an f-string interpolates into
// its SQL: values, fragments (the source text of each), and whether every
// interpolation is a name, a keyword or a module constant. utility reports
// a statement other than SELECT, INSERT, UPDATE, DELETE, MERGE: one that
// takes no bound parameters at all.
func fstringInterpolations(m *pyindex.Module, n *python.Node) (values, fragments []string, utility bool) {
	var template strings.Builder
	type hole struct {
		expr *python.Node
		at   int
	}
	var holes []hole
	var parts []*python.Node
	switch n = n.Unparen(); n.Type() {
	case "string":
		parts = []*python.Node{n}
	case "concatenated_string":
		for c := range n.NamedChildren() {
			parts = append(parts, c)
		}
	}
	for _, p := range parts {
		for c := range p.Children() {
			switch c.Type() {
			case "string_content":
				template.WriteString(c.Text())
			case "interpolation":
				if e := c.NamedChild(0); e != nil {
					holes = append(holes, hole{expr: e, at: template.Len()})
				}
				template.WriteString("_")
			}
		}
	}
	text := template.String()
	utility = !dmlWords[strings.ToLower(firstWord(text))]
	for _, h := range holes {
		if isConstant(m, h.expr) {
			continue
		}
		switch interpolationKind(text[:h.at], text[h.at+1:]) {
		case interpValue:
			values = append(values, h.expr.Text())
		case interpFragment:
			fragments = append(fragments, h.expr.Text())
		}
	}
	return values, fragments, utility
}

// interpolationKind judges a placeholder by the template text around it.
func interpolationKind(before, after string) string {
	if strings.Count(before, "'")%2 == 1 {
		return interpValue
	}
	trimmedB := strings.TrimRightFunc(before, unicode.IsSpace)
	switch {
	case strings.HasSuffix(before, `"`) || strings.HasSuffix(before, ".") || strings.HasPrefix(after, ".") ||
		strings.HasPrefix(after, `"`):
		return interpIdentifier
	case trimmedB == "":
		return interpFragment
	}
	last := trimmedB[len(trimmedB)-1]
	switch {
	case strings.ContainsRune("=<>!", rune(last)):
		return interpValue
	case last == '(' || last == ',':
		word := strings.ToLower(lastWord(strings.TrimRight(trimmedB, "(, ")))
		if valueKeywords[word] {
			return interpValue
		}
		return interpFragment
	}
	word := strings.ToLower(lastWord(trimmedB))
	switch {
	case identifierKeywords[word]:
		return interpIdentifier
	case valueKeywords[word]:
		return interpValue
	}
	return interpFragment
}

func firstWord(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	end := strings.IndexFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || r == '_') })
	if end < 0 {
		return s
	}
	return s[:end]
}

func lastWord(s string) string {
	start := strings.LastIndexFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || r == '_') })
	return s[start+1:]
}

// boundOnce returns the assignment of the module-level name an
// identifier reads when the module binds it once, or nil: a name that is
// not a module's, or is rebound, has no one value.
func boundOnce(m *pyindex.Module, ident *python.Node) *pyindex.Binding {
	b := m.Lookup(ident.Text(), ident)
	if b == nil || b.Kind != pyindex.AssignBinding || b.Value == nil {
		return nil
	}
	if bs := m.Scope.Bindings[ident.Text()]; len(bs) != 1 || bs[0] != b {
		return nil
	}
	return b
}

// isConstant reports an expression whose value the code fixes: a name
// bound once, at module level, to a literal (INDEX_NAME = "ix_..."), an
// UPPER_CASE name (a constant by convention, imported or not), a class
// attribute bound to a literal in the class body (cls._threshold) or read
// through cls and bound in no class of the module (inherited), or str(),
// int() or float() of one of those.
func isConstant(m *pyindex.Module, e *python.Node) bool {
	e = e.Unparen()
	switch e.Type() {
	case "identifier":
		if upperCase(e.Text()) {
			return true
		}
		b := boundOnce(m, e)
		return b != nil && isLiteral(b.Value)
	case "attribute":
		name := e.ChildByField("attribute").Text()
		if upperCase(name) {
			return true
		}
		bound := false
		for _, c := range m.Classes {
			bs := c.Scope.Bindings[name]
			if len(bs) == 1 && bs[0].Value != nil && isLiteral(bs[0].Value) {
				return true
			}
			bound = bound || len(bs) > 0
		}
		// cls.x that no class of the module binds is a class attribute
		// inherited from a base class elsewhere: configuration, not input.
		if obj := e.ChildByField("object"); obj != nil && obj.Text() == "cls" && !bound {
			return true
		}
	case "call":
		fn := e.ChildByField("function")
		args := e.ChildByField("arguments")
		if fn != nil && (fn.Text() == "str" || fn.Text() == "int" || fn.Text() == "float") && args != nil && args.NamedChildCount() == 1 {
			return isConstant(m, args.NamedChild(0))
		}
	case "integer", "float", "string":
		return true
	}
	return false
}

func isLiteral(n *python.Node) bool {
	switch n.Unparen().Type() {
	case "string", "concatenated_string", "integer", "float", "true", "false":
		return true
	}
	return false
}

func upperCase(s string) bool {
	s = strings.TrimLeft(s, "_")
	return s != "" && strings.ToUpper(s) == s && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// concatenationOfConstants reports a + chain whose parts are all string
// literals or constants.
func concatenationOfConstants(m *pyindex.Module, n *python.Node) bool {
	n = n.Unparen()
	if n.Type() == "binary_operator" {
		op := n.ChildByField("operator")
		if op == nil || op.Text() != "+" {
			return false
		}
		return concatenationOfConstants(m, n.ChildByField("left")) && concatenationOfConstants(m, n.ChildByField("right"))
	}
	if n.Type() == "string" || n.Type() == "concatenated_string" {
		return !pyindex.IsDynamicString(n)
	}
	return isConstant(m, n)
}
