package schema

import "github.com/acrvet/acr/pass/python"

// filterCall returns the filter(), where(), having() or filter_by() call
// whose arguments hold n, or with joins the join() or outerjoin() whose ON
// clause (its second argument) holds it; nil when there is none.
func filterCall(n *python.Node, joins bool) *python.Node {
	for a := range n.Ancestors() {
		switch a.Type() {
		case "argument_list":
			call := a.Parent()
			if call == nil || call.Type() != "call" {
				continue
			}
			switch calledName(call) {
			case "filter", "where", "having", "filter_by":
				return call
			case "join", "outerjoin":
				if first := firstArg(a); joins && first != nil && !first.Contains(n) {
					return call
				}
			}
		case "function_definition", "class_definition", "module", "lambda":
			return nil
		}
	}
	return nil
}

func calledName(call *python.Node) string {
	fn := call.ChildByField("function")
	if fn == nil {
		return ""
	}
	fn = fn.Unparen()
	if fn.Type() == "attribute" {
		if a := fn.ChildByField("attribute"); a != nil {
			return a.Text()
		}
	}
	return fn.Text()
}

// equalityColumns returns the other columns of the same model that the
// filter holding a JSON expression compares for equality
// (Model.org_id == x, filter_by(org_id=x)), in that call and in the
// filter calls chained before it: the predicates that may narrow the rows
// before the JSON test runs.
func equalityColumns(ref *pyJSONRef) []string {
	call := filterCall(ref.node, false)
	if call == nil || ref.model == nil {
		return nil
	}
	model := ref.model.Text()
	var out, joins []string
	predicates := 0
	// A query built in steps (stmt = select(M).filter(...), then
	// stmt = stmt.filter(...)) is followed through the assignments that
	// ran on every path before, a few steps at most.
	for steps := 0; call != nil && steps < maxQuerySteps; steps++ {
		if call.Type() == "identifier" {
			call = priorValue(call)
			continue
		}
		if call.Type() != "call" {
			break
		}
		args := call.ChildByField("arguments")
		switch calledName(call) {
		case "filter", "where", "filter_by":
			if args != nil {
				out = append(out, argEqualities(args, model, ref.column)...)
				predicates += args.NamedChildCount()
			}
		case "join":
			// join(Model, Other.model_id == Model.id): the join on an
			// indexed key narrows the rows when another predicate
			// restricts the table joined from.
			if args != nil && args.NamedChildCount() == 2 {
				if on := args.NamedChild(1).Unparen(); on.Type() == "comparison_operator" {
					if col := equalityColumn(on, model); col != "" {
						joins = append(joins, col)
					}
				}
			}
		}
		fn := call.ChildByField("function")
		if fn == nil || fn.Unparen().Type() != "attribute" {
			break
		}
		call = fn.Unparen().ChildByField("object")
		if call != nil {
			call = call.Unparen()
		}
	}
	if predicates > 1 {
		out = append(out, joins...)
	}
	return out
}

// maxQuerySteps bounds the calls and assignments equalityColumns follows.
const maxQuerySteps = 32

// priorValue returns the value last assigned to the name id before the
// statement that holds id, by an assignment in a block that encloses id
// (so it ran on every path to id), within id's function; nil when there
// is none, or when a statement between that assignment and id may assign
// the name anew (in an if, a loop, a with or a try: stmt = select(M)), so
// the value at id depends on the path. A nested stmt = stmt.filter(...)
// keeps what the query had and is passed over.
func priorValue(id *python.Node) *python.Node {
	name := id.Text()
	child := id
	for a := id.Parent(); a != nil; child, a = a, a.Parent() {
		switch a.Type() {
		case "function_definition", "class_definition", "lambda":
			return nil
		case "block", "module":
			var last *python.Node
			replacedOnAPath := false
			for s := range a.NamedChildren() {
				if s.Start() >= child.Start() {
					break
				}
				if right := assignedValue(s, name); right != nil {
					last, replacedOnAPath = right.Unparen(), false
				} else if replacesIn(s, name) {
					replacedOnAPath = true
				}
			}
			if replacedOnAPath {
				return nil
			}
			if last != nil {
				return last
			}
		}
	}
	return nil
}

// assignedValue returns the right side of stmt when it is name = value,
// else nil.
func assignedValue(stmt *python.Node, name string) *python.Node {
	if stmt.Type() != "expression_statement" {
		return nil
	}
	asg := stmt.NamedChild(0)
	if asg == nil || asg.Type() != "assignment" {
		return nil
	}
	if left := asg.ChildByField("left"); left == nil || left.Type() != "identifier" || left.Text() != name {
		return nil
	}
	return asg.ChildByField("right")
}

// replacesIn reports whether a statement, or one nested in it outside
// functions and classes, assigns name a value not derived from it
// (stmt = select(M), not stmt = stmt.filter(...), which keeps the
// predicates stmt had).
func replacesIn(stmt *python.Node, name string) bool {
	found := false
	python.Inspect(stmt, func(n *python.Node) bool {
		switch n.Type() {
		case "function_definition", "class_definition", "lambda":
			return false
		case "assignment":
			left, right := n.ChildByField("left"), n.ChildByField("right")
			if left != nil && left.Type() == "identifier" && left.Text() == name && !mentions(right, name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// mentions reports whether the name occurs as an identifier in n.
func mentions(n *python.Node, name string) bool {
	if n == nil {
		return false
	}
	found := false
	python.Inspect(n, func(k *python.Node) bool {
		if k.Type() == "identifier" && k.Text() == name {
			found = true
		}
		return !found
	})
	return found
}

// argEqualities reads the equality tests among a filter's arguments,
// descending into and_().
func argEqualities(args *python.Node, model, jsonColumn string) []string {
	var out []string
	for a := range args.NamedChildren() {
		a = a.Unparen()
		switch a.Type() {
		case "keyword_argument":
			if name := a.ChildByField("name"); name != nil && name.Text() != jsonColumn {
				out = append(out, name.Text())
			}
		case "comparison_operator":
			if col := equalityColumn(a, model); col != "" && col != jsonColumn {
				out = append(out, col)
			}
		case "call":
			if calledName(a) == "and_" {
				if inner := a.ChildByField("arguments"); inner != nil {
					out = append(out, argEqualities(inner, model, jsonColumn)...)
				}
			}
		}
	}
	return out
}

// equalityColumn reads Model.col == value (either side) and returns col;
// for func.lower(Model.col) == value it returns the expression's key
// (`lower("col")`), which only an index on that expression serves.
func equalityColumn(cmp *python.Node, model string) string {
	var operands []*python.Node
	op := ""
	for c := range cmp.Children() {
		if c.IsNamed() {
			operands = append(operands, c)
		} else {
			op += c.Text()
		}
	}
	if op != "==" || len(operands) != 2 {
		return ""
	}
	for _, side := range operands {
		side = side.Unparen()
		if key := funcOfColumn(side, model); key != "" {
			return key
		}
		if side.Type() != "attribute" {
			continue
		}
		obj, attr := side.ChildByField("object"), side.ChildByField("attribute")
		if obj != nil && attr != nil && obj.Text() == model {
			return attr.Text()
		}
	}
	return ""
}
