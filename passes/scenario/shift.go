package scenario

import (
	"regexp"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// driftOutcomeRE matches what an assertion on the outcome of drift
// handling mentions: drift flagged, an alert raised, retraining
// triggered, a model marked stale or degraded.
// A trigger counts only as the retraining trigger: cron_trigger is a
// schedule.
var driftOutcomeRE = regexp.MustCompile(`(?i)drift|retrain|alert|flagged|\bstale\b|degrad|triggered|trigger_pipeline`)

// assertsDriftOutcome ends what a behavioural simulation is evidence of.
const assertsDriftOutcome = " and asserts what drift handling does"

// shiftOp returns what a call does to make drifted data out of a frame,
// "" when it does nothing of the kind: a dropped or renamed column (a
// schema the model was not trained on), a column recomputed with
// assign (a changed distribution), categories recoded with replace or
// map from a dict (new categories).
func shiftOp(c *pyindex.Call) string {
	if c.Receiver == nil {
		return ""
	}
	switch c.Method {
	case "drop":
		if c.Keyword("columns") != nil || isColumnsAxis(c.Keyword("axis")) {
			return "drops a column"
		}
	case "rename":
		if c.Keyword("columns") != nil {
			return "renames a column"
		}
	case "assign":
		for _, a := range c.Args {
			if a.Keyword != "" && changesValues(a.Value) {
				return "shifts column " + a.Keyword
			}
		}
	case "replace", "map":
		if a := c.Positional(0); a != nil && a.Value.Unparen().Type() == "dictionary" {
			return "recodes categories"
		}
	}
	return ""
}

// isColumnsAxis reports whether an axis argument names the columns.
func isColumnsAxis(a *pyindex.Arg) bool {
	if a == nil {
		return false
	}
	if v, ok := pyindex.StringValue(a.Value); ok {
		return v == "columns"
	}
	return a.Value.Text() == "1"
}

// changesValues reports whether an expression computes new values: an
// arithmetic operation (amount * 3, amount + 50), a string constant (an
// unseen category) or a random draw.
func changesValues(n *python.Node) bool {
	n = n.Unparen()
	switch n.Type() {
	case "binary_operator", "string":
		return true
	case "call":
		f := n.ChildByField("function")
		return f != nil && randomRE.MatchString(f.Text())
	}
	return false
}

// randomRE matches a random draw: rng.normal(5, 1), np.random.uniform.
var randomRE = regexp.MustCompile(`(?i)random|\brng\b|\.(normal|uniform|lognormal|exponential|poisson|choice)$`)

// frameWords are words of a name that hold a frame of features: a
// job body["schedule"] = "0 1 * * *" sets a dict's key, it shifts no data.
var frameWords = map[string]bool{
	"df": true, "dataframe": true, "frame": true, "batch": true, "reference": true, "ref": true, "current": true,
	"live": true, "sample": true, "samples": true, "features": true, "x": true, "drifted": true, "shifted": true,
	"prod": true, "serving": true, "production": true, "baseline": true,
}

// namesFrame reports whether an expression is a name of a frame of
// features: batch, reference_df, X_live.
func namesFrame(n *python.Node) bool {
	if n.Type() != "identifier" {
		return false
	}
	for _, w := range identWords(n.Text()) {
		if frameWords[w] {
			return true
		}
	}
	return false
}

// shiftedColumnAssignments returns the assignments in a function body
// that shift a column of a frame named as one: df["amount"] =
// df["amount"] * 3 or batch["country"] = "atlantis".
func shiftedColumnAssignments(body *python.Node) []*python.Node {
	var out []*python.Node
	python.InspectOwn(body, func(n *python.Node) bool {
		switch n.Type() {
		case "assignment":
			left, right := n.ChildByField("left"), n.ChildByField("right")
			if left == nil || right == nil || left.Type() != "subscript" {
				return true
			}
			key := left.ChildByField("subscript")
			if key == nil {
				return true
			}
			obj := left.ChildByField("value")
			if _, ok := pyindex.StringValue(key); ok && obj != nil && changesValues(right) && namesFrame(obj) {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}

// behaviouralSimulations returns the test functions of a module that
// simulate drift by what they do, whatever they are called: they make
// drifted data (a dropped or renamed column, a shifted distribution, new
// categories) and positively assert what drift handling does with it
// (drift flagged, an alert, retraining triggered, a model marked stale).
func behaviouralSimulations(pf *pyFile) []site {
	var out []site
	m := pf.Mod
	for _, fn := range m.Functions {
		if !isTestFunction(fn) {
			continue
		}
		var shift *python.Node
		what := ""
		for _, c := range fn.Calls {
			if op := shiftOp(c); op != "" {
				shift, what = c.Node, op
				break
			}
		}
		if shift == nil {
			if as := shiftedColumnAssignments(fn.Body); len(as) > 0 {
				shift, what = as[0], "shifts a column"
			}
		}
		if shift == nil || !assertsOutcome(m, fn, driftOutcomeRE) {
			continue
		}
		out = append(out, site{pf: pf, fn: fn, node: shift, what: what + assertsDriftOutcome})
	}
	return out
}

// assertsOutcome reports whether fn positively asserts something that
// mentions re, directly or through a name bound to it.
func assertsOutcome(m *pyindex.Module, fn *pyindex.Function, re *regexp.Regexp) bool {
	names := taintedNames(fn, re)
	for _, a := range assertionsIn(m, fn.Body) {
		if m.FunctionAt(a) == fn && mentions(a, re, names) && !negativeAssertion(m, a) {
			return true
		}
	}
	return false
}

// assertsAnything reports whether fn checks something itself: a positive
// assertion, an expected exception (pytest.raises), or a call of a
// helper named for checking (verify_alerts, expect_retraining).
func assertsAnything(m *pyindex.Module, fn *pyindex.Function) bool {
	for _, a := range assertionsIn(m, fn.Body) {
		if m.FunctionAt(a) == fn && !negativeAssertion(m, a) {
			return true
		}
	}
	for _, c := range fn.Calls {
		if checkerRE.MatchString(pyindex.LastName(callName(c))) {
			return true
		}
	}
	return false
}

// checkerRE matches the name of a call that checks an outcome for a test.
var checkerRE = regexp.MustCompile(`^(raises|verify|verify_\w+|expect_\w+|check_that\w*)$`)
