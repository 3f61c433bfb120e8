package schema

import (
	"slices"
	"strconv"
	"strings"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// A pyJSONRef is a JSON operation on Model.column written with
// SQLAlchemy's JSON comparators.
type pyJSONRef struct {
	model  *python.Node // the expression before .column: a class, cls, table.c
	column string
	steps  [][]string // one entry per subscript: ["k"] or a tuple path ["a", "b"]
	op     PyJSONOp
	node   *python.Node
	// cast is the SQL type an accessor casts the text to: as_integer()
	// renders CAST(data ->> 'k' AS INTEGER).
	cast string
	// before and after wrap the extraction's key in the SQL functions
	// func.X(...) applies to it: "lower(" and ")" for
	// func.lower(Model.data["k"].astext).
	before, after string
}

func (r *pyJSONRef) keys() []string {
	var out []string
	for _, s := range r.steps {
		out = append(out, s...)
	}
	return out
}

// key renders the SQL expression SQLAlchemy emits, as ExprKey would.
func (r *pyJSONRef) key() string {
	k := keyOfPath(r.column, r.steps, r.op == PyAstext || r.op == PyPathText)
	if r.cast != "" {
		k = "(" + k + ")::" + r.cast
	}
	return r.before + k + r.after
}

// accessorCasts are the casts SQLAlchemy's JSON accessors render on
// PostgreSQL.
var accessorCasts = map[string]string{"as_integer": "int4", "as_float": "float8", "as_boolean": "bool", "as_numeric": "numeric"}

var textAccessors = map[string]bool{
	"astext": true, "as_string": true, "as_integer": true, "as_float": true, "as_boolean": true, "as_numeric": true,
}

var jsonComparators = map[string]PyJSONOp{
	"contains": PyContains, "has_key": PyHasKey, "has_any": PyHasAny, "has_all": PyHasAll,
}

// jsonExprOf recognizes Model.data["k"].astext, Model.data["k"]
// .as_string(), Model.data[("a", "b")].astext, Model.data["a"]["b"],
// Model.data.contains(...), .has_key(...), .has_any(...), .has_all(...),
// and SQL functions of an extraction, func.lower(Model.data["k"].astext):
// the expression is the call, whose key an expression index must match
// (an index on data->>'k' does not serve lower(data->>'k')), so the
// extraction inside it is not an expression of its own.
func jsonExprOf(n *python.Node) *pyJSONRef {
	if sqlFuncName(n) != "" {
		return funcOfExtraction(n)
	}
	r := jsonRefOf(n)
	if r != nil && (r.op == PyAstext || r.op == PyPathText || r.op == PyGet) && sqlFuncAround(r.node) != nil {
		return nil
	}
	return r
}

// sqlFuncName returns the name of the SQL function a SQLAlchemy
// func.X(...) call applies ("lower"), lower-cased as ExprKey writes it,
// or "".
func sqlFuncName(n *python.Node) string {
	n = n.Unparen()
	if n.Type() != "call" {
		return ""
	}
	fn := n.ChildByField("function")
	if fn == nil || fn.Unparen().Type() != "attribute" {
		return ""
	}
	fn = fn.Unparen()
	obj := fn.ChildByField("object").Unparen()
	switch {
	case obj.Type() == "identifier" && obj.Text() == "func":
	case obj.Type() == "attribute" && obj.ChildByField("attribute").Text() == "func":
	default:
		return ""
	}
	return strings.ToLower(fn.ChildByField("attribute").Text())
}

// sqlFuncAround returns the func.X(...) call whose argument n is, or nil.
func sqlFuncAround(n *python.Node) *python.Node {
	p := n.Parent()
	for p != nil && p.Type() == "parenthesized_expression" {
		p = p.Parent()
	}
	if p == nil || p.Type() != "argument_list" {
		return nil
	}
	if call := p.Parent(); call != nil && sqlFuncName(call) != "" {
		return call
	}
	return nil
}

// sqlFuncArgs splits the arguments of func.X(...) into the one that is
// no string constant and the constants before and after it, written as
// key literals; operand is nil for another shape (no such argument, or
// two).
func sqlFuncArgs(call *python.Node) (operand *python.Node, before, after []string) {
	args := call.Unparen().ChildByField("arguments")
	if args == nil || args.Type() != "argument_list" {
		return nil, nil, nil
	}
	for a := range args.NamedChildren() {
		if a.IsExtra() {
			continue
		}
		a = a.Unparen()
		if s, ok := pyindex.StringValue(a); ok {
			if operand == nil {
				before = append(before, keyLiteral(s))
			} else {
				after = append(after, keyLiteral(s))
			}
			continue
		}
		if operand != nil {
			return nil, nil, nil
		}
		operand = a
	}
	return operand, before, after
}

// funcOfExtraction reads func.X(extraction, constants...), nested calls
// included (func.lower(func.trim(...))): the extraction with its key
// wrapped in the calls. Another shape is nil.
func funcOfExtraction(call *python.Node) *pyJSONRef {
	a, before, after := sqlFuncArgs(call)
	if a == nil {
		return nil
	}
	var r *pyJSONRef
	if sqlFuncName(a) != "" {
		r = funcOfExtraction(a)
	} else {
		r = jsonRefOf(a)
	}
	if r == nil || !(r.op == PyAstext || r.op == PyPathText || r.op == PyGet) {
		return nil
	}
	open, closing := sqlFuncName(call)+"(", ")"
	if len(before) > 0 {
		open += strings.Join(before, ",") + ","
	}
	if len(after) > 0 {
		closing = "," + strings.Join(after, ",") + ")"
	}
	r.before, r.after = open+r.before, r.after+closing
	r.node = call.Unparen()
	return r
}

// funcOfColumn renders the key of func.X(Model.col, constants...) (nested
// calls included) as ExprKey writes the SQL it renders: `lower("email")`.
// model, when not "", is the text the column's object must have. It is ""
// for another shape.
func funcOfColumn(call *python.Node, model string) string {
	name := sqlFuncName(call)
	if name == "" {
		return ""
	}
	a, before, after := sqlFuncArgs(call)
	if a == nil {
		return ""
	}
	var operand string
	switch {
	case sqlFuncName(a) != "":
		operand = funcOfColumn(a, model)
		if operand == "" {
			return ""
		}
	case a.Type() == "attribute" && (model == "" || a.ChildByField("object").Text() == model):
		operand = strconv.Quote(a.ChildByField("attribute").Text())
	default:
		return ""
	}
	return name + "(" + strings.Join(append(append(before, operand), after...), ",") + ")"
}

// funcName is the outermost SQL function applied to the extraction, or "".
func (r *pyJSONRef) funcName() string {
	name, _, _ := strings.Cut(r.before, "(")
	return name
}

// jsonRefOf reads one JSON comparator or extraction (see jsonExprOf).
func jsonRefOf(n *python.Node) *pyJSONRef {
	n = n.Unparen()
	switch n.Type() {
	case "attribute":
		if attr := n.ChildByField("attribute"); attr != nil && attr.Text() == "astext" {
			if r := subscriptChain(n.ChildByField("object")); r != nil {
				r.op, r.node = PyAstext, n
				if len(r.steps[len(r.steps)-1]) > 1 {
					r.op = PyPathText
				}
				return r
			}
		}
	case "call":
		fn := n.ChildByField("function").Unparen()
		if fn.Type() == "call" {
			return customOperator(n, fn)
		}
		if fn.Type() != "attribute" {
			return nil
		}
		attr := fn.ChildByField("attribute").Text()
		obj := fn.ChildByField("object")
		if textAccessors[attr] && attr != "astext" {
			if r := subscriptChain(obj); r != nil {
				r.op, r.node, r.cast = PyAstext, n, accessorCasts[attr]
				if len(r.steps[len(r.steps)-1]) > 1 {
					r.op = PyPathText
				}
				return r
			}
		}
		if op, ok := jsonComparators[attr]; ok {
			if obj.Unparen().Type() == "attribute" {
				o := obj.Unparen()
				return &pyJSONRef{model: o.ChildByField("object"), column: o.ChildByField("attribute").Text(), op: op, node: n}
			}
		}
	case "subscript":
		// data["a"]["b"] compared without .astext: a -> extraction, which
		// matters for path depth only.
		if p := n.Parent(); p != nil && p.Type() == "subscript" && p.ChildByField("value") == n {
			return nil
		}
		if p := n.Parent(); p != nil && p.Type() == "attribute" && p.ChildByField("object") == n {
			return nil
		}
		if r := subscriptChain(n); r != nil {
			r.op, r.node = PyGet, n
			return r
		}
	}
	return nil
}

// subscriptChain reads X.column["a"]["b"] or X.column[("a", "b")].
func subscriptChain(n *python.Node) *pyJSONRef {
	if n == nil {
		return nil
	}
	n = n.Unparen()
	if n.Type() != "subscript" {
		return nil
	}
	var steps [][]string
	for n.Type() == "subscript" {
		var keys []string
		for sub := range n.ChildrenByField("subscript") {
			sub = sub.Unparen()
			switch sub.Type() {
			case "string", "concatenated_string", "integer":
				keys = append(keys, literalKey(sub))
			case "tuple":
				for e := range sub.NamedChildren() {
					keys = append(keys, literalKey(e))
				}
			default:
				return nil
			}
		}
		for _, k := range keys {
			if k == "" {
				return nil
			}
		}
		if len(keys) == 0 {
			return nil
		}
		steps = append([][]string{keys}, steps...)
		n = n.ChildByField("value").Unparen()
	}
	if n.Type() != "attribute" {
		return nil
	}
	return &pyJSONRef{model: n.ChildByField("object"), column: n.ChildByField("attribute").Text(), steps: steps}
}

func literalKey(n *python.Node) string {
	if n.Type() == "integer" {
		return n.Text()
	}
	s, _ := pyindex.StringValue(n)
	return s
}

// equalityTest reports whether the extracted value is compared for
// equality: value == x, value.in_([...]), value.is_(True), or a boolean
// accessor used as a predicate on its own.
func (r *pyJSONRef) equalityTest() bool {
	n := r.node
	parent := n.Parent()
	for parent != nil && parent.Type() == "parenthesized_expression" {
		n, parent = parent, parent.Parent()
	}
	if parent == nil {
		return false
	}
	switch parent.Type() {
	case "comparison_operator":
		ops := 0
		for op := range parent.ChildrenByField("operators") {
			if op.Type() != "==" {
				return false
			}
			ops++
		}
		return ops == 1
	case "attribute":
		call := parent.Parent()
		if parent.ChildByField("object") != n || call == nil || call.Type() != "call" || call.ChildByField("function") != parent {
			return false
		}
		args := call.ChildByField("arguments")
		if args == nil || args.NamedChildCount() != 1 {
			return false
		}
		arg := args.NamedChild(0).Unparen()
		switch parent.ChildByField("attribute").Text() {
		case "in_":
			return valueList(arg)
		case "is_":
			return arg.Type() == "true" || arg.Type() == "false"
		}
	case "argument_list", "boolean_operator", "not_operator", "unary_operator":
		// where(Model.data["vip"].as_boolean()), and_(...), ~...
		return r.cast == "bool"
	}
	return false
}

// valueList reports a list of bound values: a literal list or tuple of
// constants and names, or one name that holds such a list.
func valueList(n *python.Node) bool {
	switch n.Type() {
	case "identifier":
		return true
	case "list", "tuple", "set":
		for e := range n.NamedChildren() {
			switch e.Unparen().Type() {
			case "string", "concatenated_string", "integer", "float", "true", "false", "identifier":
			default:
				return false
			}
		}
		return n.NamedChildCount() > 0
	}
	return false
}

// inFilter reports whether a Python expression is an argument of
// filter(), where(), having() or the ON clause of join().
func inFilter(n *python.Node) bool { return filterCall(n, true) != nil }

// mutationOf recognizes SQLAlchemy Core and ORM writes: update(X),
// delete(X), insert(X).on_conflict_do_update(...), and
// session.query(X)...update({...}) / .delete().
func mutationOf(m *pyindex.Module, c *pyindex.Call) (target *python.Node, kind string, values []string) {
	switch c.Callee {
	case "sqlalchemy.update", "sqlalchemy.sql.update", "sqlalchemy.sql.expression.update", "sqlmodel.update":
		kind = "update"
	case "sqlalchemy.delete", "sqlalchemy.sql.delete", "sqlalchemy.sql.expression.delete", "sqlmodel.delete":
		kind = "delete"
	case "sqlalchemy.dialects.postgresql.insert", "sqlalchemy.dialects.postgresql.dml.insert":
		kind = "insert"
	}
	if kind != "" {
		arg := c.Positional(0)
		if arg == nil {
			return nil, "", nil
		}
		chain := callChain(c.Node)
		if kind == "insert" {
			kind = ""
			for _, link := range chain {
				if lc := m.Call(link); lc != nil && lc.Method == "on_conflict_do_update" {
					kind = "upsert"
					values = append(values, dictKeys(lc.Keyword("set_"))...)
				}
			}
			if kind == "" {
				return nil, "", nil
			}
		}
		for _, link := range chain {
			if lc := m.Call(link); lc != nil && lc.Method == "values" {
				for _, a := range lc.Args {
					if a.Keyword != "" {
						values = append(values, a.Keyword)
					}
				}
				if a := lc.Positional(0); a != nil {
					values = append(values, dictKeys(a)...)
				}
			}
		}
		return arg.Value, kind, values
	}
	if (c.Method == "update" || c.Method == "delete") && c.Receiver != nil {
		for r := c.Receiver.Unparen(); r != nil && r.Type() == "call"; {
			rc := m.Call(r)
			if rc == nil {
				break
			}
			if rc.Method == "query" {
				if arg := rc.Positional(0); arg != nil {
					if c.Method == "update" {
						values = dictKeys(c.Positional(0))
					}
					return arg.Value, c.Method, values
				}
				break
			}
			if rc.Receiver == nil {
				break
			}
			r = rc.Receiver.Unparen()
		}
	}
	return nil, "", nil
}

// callChain returns the calls chained on the result of the call at n:
// for update(X).where(...).values(...), the where and values calls.
func callChain(n *python.Node) []*python.Node {
	var out []*python.Node
	for {
		attr := n.Parent()
		if attr == nil || attr.Type() != "attribute" || attr.ChildByField("object") != n {
			return out
		}
		call := attr.Parent()
		if call == nil || call.Type() != "call" || call.ChildByField("function") != attr {
			return out
		}
		out = append(out, call)
		n = call
	}
}

// dictKeys returns the keys of a dict literal argument: strings, or the
// attribute names of Model.column keys.
func dictKeys(a *pyindex.Arg) []string {
	if a == nil {
		return nil
	}
	d := a.Value.Unparen()
	if d.Type() != "dictionary" {
		return nil
	}
	var out []string
	for pair := range d.NamedChildren() {
		if pair.Type() != "pair" {
			continue
		}
		k := pair.ChildByField("key").Unparen()
		switch k.Type() {
		case "attribute":
			out = append(out, k.ChildByField("attribute").Text())
		default:
			if s, ok := pyindex.StringValue(k); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// modelName returns the class or table variable an expression names:
// Event for Event.data, models.Event, and cls inside a model class.
func modelName(m *pyindex.Module, n *python.Node) string {
	if n == nil {
		return ""
	}
	n = n.Unparen()
	switch n.Type() {
	case "identifier":
		if n.Text() == "self" && !selfIsClass(m, n) {
			// self.data["k"] in a plain method reads the loaded row's dict
			// in Python: no SQL.
			return ""
		}
		if n.Text() == "cls" || n.Text() == "self" {
			for a := range n.Ancestors() {
				if a.Type() == "class_definition" {
					if name := a.ChildByField("name"); name != nil {
						return name.Text()
					}
				}
			}
		}
		return n.Text()
	case "attribute":
		attr := n.ChildByField("attribute").Text()
		if attr == "c" || attr == "columns" {
			// table.c.data
			return modelName(m, n.ChildByField("object"))
		}
		return attr
	}
	return strings.TrimSpace(n.Text())
}

// classLevelDecorators make SQLAlchemy call a method with the class as
// self, to build a SQL expression: hybrid attributes and declared_attr.
var classLevelDecorators = map[string]bool{"hybrid_property": true, "hybrid_method": true, "expression": true,
	"declared_attr": true, "comparator": true, "inplace": true}

// selfIsClass reports whether self, at n, is the model class: n is in a
// method decorated with one of classLevelDecorators (@hybrid_property,
// @data.expression, @declared_attr.directive).
func selfIsClass(m *pyindex.Module, n *python.Node) bool {
	fn := m.FunctionAt(n)
	if fn == nil {
		return false
	}
	return slices.ContainsFunc(fn.Decorators, func(d *pyindex.Decorator) bool {
		return slices.ContainsFunc(strings.Split(d.Text, "."), func(p string) bool { return classLevelDecorators[p] })
	})
}

// customOperator reads Model.col.op("@>")(value),
// Model.col.bool_op("?")(key) and Model.col.op("->>")("k"): SQLAlchemy's
// way to write an operator it has no method for.
func customOperator(outer, opCall *python.Node) *pyJSONRef {
	fn := opCall.ChildByField("function").Unparen()
	if fn.Type() != "attribute" {
		return nil
	}
	if name := fn.ChildByField("attribute").Text(); name != "op" && name != "bool_op" {
		return nil
	}
	args := opCall.ChildByField("arguments")
	if args == nil || args.NamedChildCount() == 0 {
		return nil
	}
	lit := args.NamedChild(0)
	if lit.Type() != "string" {
		return nil
	}
	op := PyJSONOp(stringText(lit))
	var steps [][]string
	switch op {
	case PyContains, PyHasKey, PyHasAny, PyHasAll, "@?", "@@":
	case PyAstext:
		// Model.col.op("->>")("k"): the extraction .astext writes.
		key := outer.ChildByField("arguments")
		if key == nil || key.NamedChildCount() != 1 || key.NamedChild(0).Type() != "string" {
			return nil // a key given at run time
		}
		steps = [][]string{{stringText(key.NamedChild(0))}}
	default:
		return nil
	}
	col := fn.ChildByField("object").Unparen()
	if col.Type() != "attribute" {
		return nil
	}
	return &pyJSONRef{model: col.ChildByField("object"), column: col.ChildByField("attribute").Text(), op: op, steps: steps, node: outer}
}
