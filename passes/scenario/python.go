package scenario

import (
	"regexp"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/passes/pyindex"
)

// pyFile is a parsed Python file of the run.
type pyFile struct {
	File *pass.File
	Mod  *pyindex.Module
}

// callName returns the resolved callee of a call, or the callee as
// written when it starts with a local name.
func callName(c *pyindex.Call) string {
	if c.Callee != "" {
		return c.Callee
	}
	return c.Text
}

// isTestFile reports whether a file belongs to the test suite, as every
// pass decides it (pass/role): the plan's test tree, test directories,
// pytest modules and conftest.py.
func isTestFile(p string, plan *acr.Plan) bool { return role.Of(p, plan.Tests) == role.Test }

// isTestFunction reports whether fn is a pytest test: a function named
// test*, at module level or in a class.
func isTestFunction(fn *pyindex.Function) bool {
	return strings.HasPrefix(fn.Name, "test") && fn.Parent == nil
}

// functionNameNode returns the name of a def, where findings about the
// function point.
func functionNameNode(fn *pyindex.Function) *python.Node {
	if n := fn.Node.ChildByField("name"); n != nil {
		return n
	}
	return fn.Node
}

// stringValues yields the values of the string literals under n.
func stringValues(n *python.Node, yield func(*python.Node, string) bool) {
	python.Inspect(n, func(c *python.Node) bool {
		if c.Type() == "string" || c.Type() == "concatenated_string" {
			if v, ok := pyindex.StringValue(c); ok {
				if !yield(c, v) {
					return false
				}
				return false
			}
			// An f-string: its constant parts still name the endpoint.
			if !yield(c, c.Text()) {
				return false
			}
			return false
		}
		return true
	})
}

// anyString reports whether a string literal under n matches re.
func anyString(n *python.Node, re *regexp.Regexp) *python.Node {
	var hit *python.Node
	stringValues(n, func(s *python.Node, v string) bool {
		if re.MatchString(v) {
			hit = s
			return false
		}
		return true
	})
	return hit
}

// assertionsIn returns the assertions under n: assert statements and calls
// of assert* methods (mock.assert_called_once, self.assertEqual,
// respx routes asserted through .called are assert statements).
func assertionsIn(m *pyindex.Module, n *python.Node) []*python.Node {
	var out []*python.Node
	python.Inspect(n, func(c *python.Node) bool {
		switch c.Type() {
		case "assert_statement":
			// The condition only: the message of assert x, "msg" says
			// nothing about what is checked.
			if cond := c.NamedChild(0); cond != nil {
				out = append(out, cond)
			}
			return false
		case "call":
			if call := m.Call(c); call != nil && strings.HasPrefix(strings.ToLower(pyindex.LastName(call.Text)), "assert") {
				out = append(out, c)
				return false
			}
		}
		return true
	})
	return out
}

// negativeAssertion reports whether an assertion (as assertionsIn returns
// it) checks that something did not happen: mock.assert_not_called(),
// assert_not_awaited(), self.assertFalse(m.called), assert not m.called,
// assert m.call_count == 0, assert m.call_args is None.
func negativeAssertion(m *pyindex.Module, a *python.Node) bool {
	a = a.Unparen()
	switch a.Type() {
	case "call":
		call := m.Call(a)
		if call == nil {
			return false
		}
		method := strings.ToLower(pyindex.LastName(call.Text))
		switch {
		case strings.HasPrefix(method, "assert_not_") || strings.HasPrefix(method, "assert_never_"):
			return true
		case method == "assertfalse" || method == "assertisnone":
			return true
		case method == "assertequal" || method == "assertequals" || method == "assertis" || method == "assertcountequal":
			for _, arg := range call.Args {
				if arg.Keyword == "" && isNothing(arg.Value) {
					return true
				}
			}
		}
	case "not_operator":
		return true
	case "boolean_operator":
		// Negative only when every part is: a positive part is evidence.
		left, right := a.ChildByField("left"), a.ChildByField("right")
		return left != nil && right != nil && negativeAssertion(m, left) && negativeAssertion(m, right)
	case "comparison_operator":
		var ops []string
		for op := range a.ChildrenByField("operators") {
			ops = append(ops, op.Type())
		}
		if len(ops) != 1 || a.NamedChildCount() != 2 {
			return false
		}
		left, right := a.NamedChild(0), a.NamedChild(1)
		switch ops[0] {
		case "==", "is":
			return isNothing(left) || isNothing(right)
		case "<":
			return isOne(right)
		case "<=":
			return isZero(right)
		}
	}
	return false
}

// isNothing reports a literal that stands for "did not happen": 0, False,
// None, an empty string or an empty container.
func isNothing(n *python.Node) bool {
	n = n.Unparen()
	switch n.Type() {
	case "false", "none":
		return true
	case "integer", "float":
		return isZero(n)
	case "list", "tuple", "dictionary", "set":
		return n.NamedChildCount() == 0
	case "string":
		v, ok := pyindex.StringValue(n)
		return ok && v == ""
	}
	return false
}

func isZero(n *python.Node) bool {
	n = n.Unparen()
	return (n.Type() == "integer" || n.Type() == "float") && strings.Trim(strings.ReplaceAll(n.Text(), "_", ""), "0.") == ""
}

func isOne(n *python.Node) bool {
	n = n.Unparen()
	return n.Type() == "integer" && n.Text() == "1"
}

// taintedNames returns the names bound in fn (parameters included) whose
// name or bound value mentions re: the mock a with patch(...) as m binds,
// the list of exported files, a fixture parameter named drifted_data. A
// function decorated with a matching patch(...) taints its parameters.
func taintedNames(fn *pyindex.Function, re *regexp.Regexp) map[string]bool {
	out := map[string]bool{}
	patched := false
	for _, d := range fn.Decorators {
		if re.MatchString(d.Expr.Text()) {
			patched = true
		}
	}
	for _, p := range fn.Params {
		if patched || re.MatchString(p.Name) {
			out[p.Name] = true
		}
	}
	for name, bs := range fn.Scope.Bindings {
		for _, b := range bs {
			switch {
			case re.MatchString(name):
			case b.Value != nil && re.MatchString(b.Value.Text()):
			case b.Kind == pyindex.WithBinding && b.Stmt != nil && re.MatchString(b.Stmt.Text()):
			default:
				continue
			}
			out[name] = true
			break
		}
	}
	return out
}

// mentions reports whether n's text matches re or n uses one of names.
func mentions(n *python.Node, re *regexp.Regexp, names map[string]bool) bool {
	if re.MatchString(n.Text()) {
		return true
	}
	hit := false
	python.Inspect(n, func(c *python.Node) bool {
		if hit {
			return false
		}
		if c.Type() == "identifier" && names[c.Text()] {
			hit = true
		}
		return !hit
	})
	return hit
}
