package scenario

import (
	"path"
	"regexp"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// pyFile is a parsed Python file of the run.
type pyFile struct {
	File *pass.File
	Mod  *pyindex.Module
}

// lastName returns the part of a dotted name after the last dot.
func lastName(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// callName returns the resolved callee of a call, or the callee as
// written when it starts with a local name.
func callName(c *pyindex.Call) string {
	if c.Callee != "" {
		return c.Callee
	}
	return c.Text
}

// isTestFile reports whether a Python file belongs to the test suite: it
// lies in the plan's test tree, or is named like a pytest module.
func isTestFile(p string, plan *acr.Plan) bool {
	if acr.InTree(p, plan.Tests) {
		return true
	}
	base := path.Base(p)
	return strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") || base == "conftest.py"
}

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
			if call := m.Call(c); call != nil && strings.HasPrefix(strings.ToLower(lastName(call.Text)), "assert") {
				out = append(out, c)
				return false
			}
		}
		return true
	})
	return out
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
