package mage

import (
	"fmt"
	"strings"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// A shape is what a block's value is known to be: a DataFrame of a library
// (frame), something that is certainly no DataFrame (what), or neither,
// when it cannot be told. Only a certain non-frame is reported.
type shape struct {
	frame string // "pandas" or "polars" for a known DataFrame
	what  string // "a dict", "a pandas Series" for a certain non-frame
	how   string // what makes it, for the message: ".to_dict()", "from summarize"
}

// String is what the value is and what makes it: "a dict (.to_dict())".
func (s shape) String() string {
	if s.how == "" {
		return s.what
	}
	return s.what + " (" + s.how + ")"
}

// maxFlowDepth bounds how many assignments and helpers a value is followed
// through, so x = f(x) chains and mutually recursive helpers end.
const maxFlowDepth = 8

// notFrameMethods are the methods that convert a frame (or anything) away:
// whatever the receiver, the result is no DataFrame.
var notFrameMethods = map[string]string{
	"to_dict": "a dict", "to_json": "a JSON string", "to_numpy": "a NumPy array", "tolist": "a list",
	"to_list": "a list", "to_records": "a record array", "to_string": "a string", "to_markdown": "a string",
	"to_csv": "a CSV string", "item": "a scalar", "to_dicts": "a list of dicts", "rows": "a list of tuples",
}

var notFrameAttrs = map[string]string{"values": "a NumPy array", "shape": "a tuple", "columns": "an Index", "empty": "a bool"}

var notFrameCallees = map[string]string{
	"len": "an int", "str": "a string", "int": "an int", "float": "a float", "dict": "a dict", "list": "a list",
	"json.dumps": "a JSON string", "bool": "a bool",
}

// frameFactories are the library functions that build a DataFrame, by
// qualified name; a name ending in "." is a prefix (pandas.read_csv ...).
var frameFactories = map[string]string{
	"pandas.DataFrame": "pandas", "pandas.concat": "", "pandas.merge": "pandas", "pandas.json_normalize": "pandas",
	"pandas.pivot_table": "pandas", "pandas.get_dummies": "pandas", "pandas.read_": "pandas",
	"polars.DataFrame": "polars", "polars.read_": "polars", "polars.from_": "polars", "polars.concat": "",
}

// seriesFactories build a Series or an array, never a DataFrame.
var seriesFactories = map[string]string{
	"pandas.Series": "a pandas Series", "polars.Series": "a polars Series",
	"numpy.array": "a NumPy array", "numpy.asarray": "a NumPy array",
}

// pandasFrameMethods return a DataFrame when called on one.
var pandasFrameMethods = set("assign", "drop", "dropna", "fillna", "rename", "merge", "join", "sort_values", "sort_index",
	"reset_index", "set_index", "copy", "query", "astype", "head", "tail", "sample", "drop_duplicates", "replace",
	"filter", "pivot", "pivot_table", "melt", "where", "mask", "round", "clip", "select_dtypes", "reindex", "explode",
	"nlargest", "nsmallest", "convert_dtypes", "infer_objects", "isna", "notna", "isnull", "notnull", "abs", "T",
	"transpose", "add_prefix", "add_suffix", "interpolate", "ffill", "bfill", "pipe")

// pandasReductions turn a DataFrame into a Series of one value per column.
var pandasReductions = set("sum", "mean", "median", "min", "max", "std", "var", "count", "nunique", "value_counts",
	"idxmax", "idxmin", "prod", "sem", "skew", "kurt", "any", "all", "memory_usage")

// polarsFrameMethods return a DataFrame when called on a polars one; the
// reductions of polars keep a one-row DataFrame.
var polarsFrameMethods = set("with_columns", "select", "filter", "join", "sort", "drop", "rename", "unique", "head",
	"tail", "fill_null", "fill_nan", "drop_nulls", "with_row_index", "with_row_count", "sum", "mean", "min", "max",
	"median", "std", "var", "clone", "sample", "cast", "explode", "unpivot", "melt", "pivot", "collect", "slice",
	"limit", "vstack", "hstack", "pipe")

func set(words ...string) map[string]bool {
	out := make(map[string]bool, len(words))
	for _, w := range words {
		out[w] = true
	}
	return out
}

// flow follows values within one module.
type flow struct {
	m *pyindex.Module
	// helpers memoizes the shape a helper of the module returns.
	helpers map[*pyindex.Function]shape
}

// shapeOf says what an expression evaluates to.
func (fl *flow) shapeOf(v *python.Node, depth int) shape {
	if v == nil {
		return shape{what: "None"}
	}
	if depth > maxFlowDepth {
		return shape{}
	}
	v = v.Unparen()
	switch v.Type() {
	case "none":
		return shape{what: "None"}
	case "dictionary", "dictionary_comprehension":
		return shape{what: "a dict"}
	case "list_comprehension", "set", "set_comprehension":
		return shape{what: "a " + strings.TrimSuffix(v.Type(), "_comprehension")}
	case "list", "tuple":
		// Several DataFrames may be returned as a list; literals may not.
		for e := range v.NamedChildren() {
			switch e.Type() {
			case "string", "integer", "float", "true", "false", "none", "dictionary":
				return shape{what: "a " + v.Type()}
			}
		}
	case "string", "concatenated_string":
		return shape{what: "a string"}
	case "integer", "float":
		return shape{what: "a number"}
	case "true", "false":
		return shape{what: "a bool"}
	case "conditional_expression":
		// a if cond else b: certain only when both sides are.
		var sides []shape
		for e := range v.NamedChildren() {
			sides = append(sides, fl.shapeOf(e, depth+1))
		}
		if len(sides) == 3 && sides[0].what != "" && sides[2].what != "" {
			return sides[0]
		}
	case "attribute":
		attr := v.ChildByField("attribute").Text()
		if what, ok := notFrameAttrs[attr]; ok {
			return shape{what: what, how: "." + attr}
		}
		if attr == "T" {
			return fl.frameOf(v.ChildByField("object"), depth)
		}
	case "subscript":
		return fl.subscript(v, depth)
	case "call":
		return fl.call(v, depth)
	case "identifier":
		return fl.name(v, depth)
	}
	return shape{}
}

// frameOf is the shape of obj when it is a known DataFrame, else unknown.
func (fl *flow) frameOf(obj *python.Node, depth int) shape {
	if s := fl.shapeOf(obj, depth+1); s.frame != "" {
		return s
	}
	return shape{}
}

// subscript: df["col"] of a known frame is a Series; df[["a", "b"]] and
// df[mask] stay frames.
func (fl *flow) subscript(v *python.Node, depth int) shape {
	obj := fl.shapeOf(v.ChildByField("value"), depth+1)
	if obj.frame == "" {
		return shape{}
	}
	var keys []*python.Node
	for k := range v.ChildrenByField("subscript") {
		keys = append(keys, k)
	}
	if len(keys) != 1 {
		return shape{}
	}
	if _, ok := pyindex.StringValue(keys[0]); ok {
		return shape{what: "a " + obj.frame + " Series", how: oneLine(v.Text())}
	}
	if keys[0].Type() == "list" {
		return obj
	}
	return shape{}
}

func (fl *flow) call(v *python.Node, depth int) shape {
	c := fl.m.Call(v)
	if c == nil {
		return shape{}
	}
	if what, ok := notFrameCallees[c.Callee]; ok && (c.Receiver == nil || c.Callee == "json.dumps") {
		return shape{what: what, how: c.Text + "()"}
	}
	if what, ok := notFrameMethods[c.Method]; ok && c.Receiver != nil {
		if (c.Method == "to_csv" || c.Method == "to_json") && len(c.Args) > 0 {
			return shape{} // writes a file and returns None: MAGE102 reports the write
		}
		return shape{what: what, how: "." + c.Method + "()"}
	}
	if c.Callee != "" {
		if what, ok := seriesFactories[c.Callee]; ok {
			return shape{what: what, how: c.Text + "()"}
		}
		for name, lib := range frameFactories {
			if c.Callee == name || strings.HasSuffix(name, "_") && strings.HasPrefix(c.Callee, name) {
				return shape{frame: lib}
			}
		}
	}
	if c.Target != nil && c.Receiver == nil {
		return fl.helper(c, depth)
	}
	if c.Receiver == nil || c.Method == "" {
		return shape{}
	}
	recv := fl.shapeOf(c.Receiver, depth+1)
	switch {
	case c.Method == "to_pandas":
		return shape{frame: "pandas"}
	case recv.frame == "pandas" && pandasFrameMethods[c.Method]:
		return recv
	case recv.frame == "pandas" && pandasReductions[c.Method]:
		return shape{what: "a pandas Series", how: "." + c.Method + "()"}
	case recv.frame == "polars" && polarsFrameMethods[c.Method]:
		return recv
	case recv.frame == "polars" && (c.Method == "get_column" || c.Method == "to_series"):
		return shape{what: "a polars Series", how: "." + c.Method + "()"}
	case c.Method == "size" && isGroupBy(fl, c.Receiver, depth):
		return shape{what: "a pandas Series", how: ".groupby(...).size()"}
	}
	return shape{}
}

// isGroupBy reports a pandas groupby of a known frame that keeps the keys
// as the index (as_index=False makes size() a DataFrame).
func isGroupBy(fl *flow, n *python.Node, depth int) bool {
	n = n.Unparen()
	if n.Type() != "call" {
		return false
	}
	g := fl.m.Call(n)
	if g == nil || g.Method != "groupby" || g.Receiver == nil || g.Keyword("as_index") != nil {
		return false
	}
	return fl.shapeOf(g.Receiver, depth+1).frame == "pandas"
}

// helper is what a function of the module returns: its return annotation
// when it has one, else what all its return values are.
func (fl *flow) helper(c *pyindex.Call, depth int) shape {
	fn := c.Target
	if s, ok := fl.helpers[fn]; ok {
		return s
	}
	fl.helpers[fn] = shape{} // a recursive helper is unknown while it is judged
	var s shape
	if fn.Returns != nil {
		// The annotation is what the helper promises; TypeOf of the call
		// reads it.
		s = typeShape(fl.m.TypeOf(c.Node))
	} else {
		s = fl.returned(fn, depth+1)
	}
	if s.what != "" {
		s.how = "from " + fn.QualName
	}
	fl.helpers[fn] = s
	return s
}

// returned combines the values fn's own body returns.
func (fl *flow) returned(fn *pyindex.Function, depth int) shape {
	if fn.Async || fn.Body == nil {
		return shape{}
	}
	returns, generator := ownReturns(fn)
	if generator || len(returns) == 0 {
		return shape{}
	}
	out := make([]shape, len(returns))
	for i, r := range returns {
		out[i] = fl.shapeOf(returnValue(r), depth+1)
	}
	return combine(out)
}

// combine is a value that is one of several: a certain non-frame only when
// every one is, a frame when every one is the same frame.
func combine(ss []shape) shape {
	out := ss[len(ss)-1]
	for _, s := range ss {
		if s.what == "" {
			out.what = ""
		}
		if s.frame != out.frame {
			out.frame = ""
		}
	}
	return out
}

// typeShape maps a qualified type (an annotation) to a shape.
func typeShape(t string) shape {
	switch {
	case t == "":
	case strings.HasPrefix(t, "pandas.") && strings.HasSuffix(t, "DataFrame"):
		return shape{frame: "pandas"}
	case strings.HasPrefix(t, "polars.") && strings.HasSuffix(t, ".DataFrame"):
		return shape{frame: "polars"}
	case strings.HasPrefix(t, "pandas.") && strings.HasSuffix(t, "Series"):
		return shape{what: "a pandas Series"}
	case t == "dict" || t == "typing.Dict":
		return shape{what: "a dict"}
	case t == "list" || t == "typing.List":
		return shape{what: "a list"}
	}
	return shape{}
}

// name follows a variable to the assignments that may have set it where it
// is read: the latest one that runs whatever the branches (not under an
// if, loop, try or match of the function) and every conditional one after
// it. A parameter annotated as a DataFrame is one.
func (fl *flow) name(id *python.Node, depth int) shape {
	b := fl.m.Lookup(id.Text(), id)
	if b == nil || b.Scope.Kind != pyindex.FunctionScope {
		return shape{}
	}
	if b.Kind == pyindex.ParamBinding {
		// Only a frame annotation is taken: a block handing on its input
		// unchanged is not judged by what its author annotated.
		return shape{frame: typeShape(fl.m.TypeOf(id)).frame}
	}
	var ss []shape
	bs := b.Scope.Bindings[b.Name]
	for i := len(bs) - 1; i >= 0; i-- {
		r := bs[i]
		switch {
		case r.Node.Start() > b.Node.Start():
			continue
		case r.Kind == pyindex.AugAssignBinding:
			continue // x += ... keeps what x is
		case (r.Kind == pyindex.AssignBinding || r.Kind == pyindex.WalrusBinding) && r.Value != nil:
			s := fl.shapeOf(r.Value, depth+1)
			if s.what != "" && s.how == "" {
				s.how = fmt.Sprintf("%s, set at line %d", b.Name, fl.m.File.Position(r.Node.Start()).Line)
			}
			ss = append(ss, s)
		default:
			return shape{}
		}
		if unconditional(r, b.Scope.Function) {
			break
		}
	}
	if len(ss) == 0 {
		return shape{}
	}
	// The latest assignment speaks for the others when all agree.
	out := combine(ss)
	if out.what != "" || out.frame != "" {
		return ss[0]
	}
	return out
}

// unconditional reports an assignment that runs whenever the function's
// body reaches it: no if, loop, try or match of fn is around it.
func unconditional(b *pyindex.Binding, fn *pyindex.Function) bool {
	if fn == nil || b.Stmt == nil {
		return false
	}
	for a := b.Stmt.Parent(); a != nil && a != fn.Body; a = a.Parent() {
		switch a.Type() {
		case "expression_statement", "block", "with_statement", "assignment":
		default:
			return false
		}
	}
	return true
}

// ownReturns returns the return statements of fn's own body (not of the
// functions it nests) and whether the body yields, which makes fn a
// generator.
func ownReturns(fn *pyindex.Function) (returns []*python.Node, generator bool) {
	python.InspectOwn(fn.Body, func(n *python.Node) bool {
		switch n.Type() {
		case "yield":
			generator = true
		case "return_statement":
			returns = append(returns, n)
		}
		return true
	})
	return returns, generator
}

// returnValue is the value of a return statement, nil for a bare return.
func returnValue(r *python.Node) *python.Node {
	for v := range r.NamedChildren() {
		if !v.IsExtra() {
			return v
		}
	}
	return nil
}

// oneLine shortens an expression's text for a message.
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "..."
	}
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
