package pyindex

import (
	"sort"
	"strings"

	"github.com/acrvet/acr/pass/python"
)

// ScopeAt returns the innermost scope in which the expression at n is
// evaluated. A def's decorators, defaults and annotations, and the first
// iterable of a comprehension, belong to the enclosing scope.
func (m *Module) ScopeAt(n *python.Node) *Scope {
	var child, grand *python.Node
	for a := n; a != nil; grand, child, a = child, a, a.Parent() {
		if child == nil {
			continue
		}
		i := m.scopeAt.find(a)
		if i < 0 {
			continue
		}
		s := m.scopes[i]
		switch s.Kind {
		case FunctionScope, LambdaScope, ClassScope:
			if child.Field() == "body" {
				return s
			}
		case ComprehensionScope:
			if !(child == firstForIn(a) && grand != nil && grand.Field() == "right") {
				return s
			}
		}
	}
	return m.Scope
}

func firstForIn(comp *python.Node) *python.Node {
	for c := range comp.NamedChildren() {
		if c.Type() == "for_in_clause" {
			return c
		}
	}
	return nil
}

// Lookup resolves name as Python would at the node at: through the local
// scope, enclosing function scopes (class bodies are skipped, as Python
// skips them) and the module scope, honoring global and nonlocal. Within
// code that runs in order with the reference (its own scope, or the
// comprehensions and class bodies it runs through) the latest binding
// before the reference wins; from a nested function, which runs later, the
// last binding of the scope wins, passing over fallbacks such as
// x = None in an except ImportError handler. It returns nil when nothing
// binds the name: a builtin, or a module used without an import.
func (m *Module) Lookup(name string, at *python.Node) *Binding {
	start := m.ScopeAt(at)
	s := start
	switch {
	case s.globals[name]:
		s = m.Scope
	case s.nonlocals[name]:
		if e := enclosingFunctionScope(s.Parent); e != nil {
			s = e
		}
	}
	inOrder := true
	for ; s != nil; s = s.Parent {
		if s != start && s.Kind == ClassScope {
			continue
		}
		if bs := s.Bindings[name]; len(bs) > 0 {
			return pick(bs, at, inOrder)
		}
		if s.Kind == FunctionScope || s.Kind == LambdaScope {
			inOrder = false
		}
	}
	return nil
}

// pick chooses among the bindings of a name in one scope, which are in
// source order (the builder binds in preorder): binary search finds the
// latest before the reference, so a name bound many times costs
// logarithmic time per lookup, not linear.
func pick(bs []*Binding, at *python.Node, inOrder bool) *Binding {
	weak := func(b *Binding) bool { return b.weak || b.via != nil && !b.via.Node.Contains(at) }
	// lastStrong returns the last binding that is not weak among bs[:n].
	lastStrong := func(n int) *Binding {
		for i := n - 1; i >= 0; i-- {
			if !weak(bs[i]) {
				return bs[i]
			}
		}
		return nil
	}
	if inOrder {
		// The number of bindings that start at or before the reference.
		n := sort.Search(len(bs), func(i int) bool { return bs[i].Node.Start() > at.Start() })
		if n > 0 {
			best := bs[n-1]
			if weak(best) {
				if strong := lastStrong(n); strong != nil {
					return strong
				}
			}
			return best
		}
	}
	if strong := lastStrong(len(bs)); strong != nil {
		return strong
	}
	return bs[len(bs)-1]
}

// QualifiedName returns the qualified name a name or attribute chain
// stands for, resolved through imports: np.linalg.inv after import numpy
// as np is "numpy.linalg.inv"; a name bound by nothing stands for itself
// (a builtin, or a module used without import). It returns "" when the
// chain starts with a local name (parameter, variable, def or class) or n
// is no dotted name.
func (m *Module) QualifiedName(n *python.Node) string {
	if n == nil {
		return ""
	}
	n = n.Unparen()
	switch n.Type() {
	case "identifier":
		b := m.Lookup(n.Text(), n)
		switch {
		case b == nil:
			return n.Text()
		case b.Kind == ImportBinding:
			return b.Import.Qualified
		}
	case "attribute":
		attr := n.ChildByField("attribute")
		if q := m.QualifiedName(n.ChildByField("object")); q != "" && attr != nil {
			return q + "." + attr.Text()
		}
	case "call":
		// getattr(time, "sleep") is time.sleep.
		fn, args := n.ChildByField("function"), n.ChildByField("arguments")
		if fn == nil || args == nil || fn.Type() != "identifier" || fn.Text() != "getattr" || m.Lookup("getattr", fn) != nil ||
			args.NamedChildCount() != 2 {
			return ""
		}
		obj, name := args.NamedChild(0), args.NamedChild(1)
		if s, ok := StringValue(name); ok && obj.Type() != "keyword_argument" && isIdentifier(s) {
			if q := m.QualifiedName(obj); q != "" {
				return q + "." + s
			}
		}
	}
	return ""
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' || r > 127) {
			return false
		}
	}
	return s != ""
}

// factoryClassKeyword names, for factories that build instances of a class
// given as an argument, that argument's keyword.
var factoryClassKeyword = map[string]string{
	"sqlalchemy.orm.sessionmaker":                       "class_",
	"sqlalchemy.orm.session.sessionmaker":               "class_",
	"sqlalchemy.ext.asyncio.async_sessionmaker":         "class_",
	"sqlalchemy.ext.asyncio.session.async_sessionmaker": "class_",
}

// factoryMarker follows the class a factory makes in the type TypeOf
// returns for the factory ("sqlalchemy.ext.asyncio.AsyncSession.factory"),
// so the factory is not mistaken for an instance; calling the factory gives
// "....factory()".
const factoryMarker = "factory"

// maxTypeDepth bounds how many bindings TypeOf follows, so x = x + 1 and
// mutually recursive attributes end.
const maxTypeDepth = 12

// maxReturnDepth bounds how deep returnedType follows functions through the
// values they return, so functions that return each other's results stay
// cheap.
const maxReturnDepth = 4

// TypeOf returns, best-effort, the qualified name of what produced the
// value of an expression: the constructor or factory it was created by, or
// the annotation it was declared with.
//
//	s = requests.Session()           TypeOf(s) == "requests.Session"
//	with httpx.Client() as c:        TypeOf(c) == "httpx.Client"
//	def h(db: "sqlite3.Connection")  TypeOf(db) == "sqlite3.Connection"
//	self.r = redis.Redis()  (any method, __init__ preferred)
//	                                 TypeOf(self.r) == "redis.Redis"
//	conn = engine.connect()          TypeOf(conn) == TypeOf(engine) + ".connect"
//
// Optional[T], T | None and Annotated[T, ...] give T; await x gives
// TypeOf(x); a local function gives its return annotation, or without one
// the type every value it returns has (def tmp_path(): return Path(...));
// path / "name" on a pathlib path is a path; an instance of
// a local class gives its first base; calling a variable appends "()"
// (Session = sessionmaker(); TypeOf(Session()) == "sqlalchemy.orm.sessionmaker()").
// It returns "" when it cannot tell.
func (m *Module) TypeOf(expr *python.Node) string {
	return m.typeOf(expr, 0)
}

func (m *Module) typeOf(n *python.Node, depth int) string {
	if n == nil || depth > maxTypeDepth {
		return ""
	}
	n = n.Unparen()
	switch n.Type() {
	case "await":
		return m.typeOf(n.NamedChild(0), depth+1)
	case "call":
		fn := n.ChildByField("function")
		if fn == nil {
			return ""
		}
		if q := m.QualifiedName(fn); q != "" {
			if kw := factoryClassKeyword[q]; kw != "" {
				// sessionmaker(bind=engine, class_=AsyncSession) makes
				// what class_ names.
				if c := m.Call(n); c != nil {
					if a := c.Keyword(kw); a != nil {
						if t := m.QualifiedName(a.Value); t != "" {
							return t + "." + factoryMarker
						}
					}
				}
			}
			return q
		}
		fu := fn.Unparen()
		switch fu.Type() {
		case "identifier":
			b := m.Lookup(fu.Text(), fu)
			switch {
			case b == nil:
			case b.Kind == DefBinding:
				return m.returnType(b.Function, depth+1)
			case b.Kind == ClassBinding:
				return m.classType(b.Class, depth+1)
			default:
				// SessionLocal = sessionmaker(...); SessionLocal() is what
				// calling the factory's product gives.
				if t := m.bindingType(b, depth+1); t != "" {
					return t + "()"
				}
			}
		case "attribute":
			if rt := m.typeOf(fu.ChildByField("object"), depth+1); rt != "" {
				return rt + "." + textOf(fu.ChildByField("attribute"))
			}
		}
	case "identifier":
		return m.bindingType(m.Lookup(n.Text(), n), depth+1)
	case "binary_operator":
		if op := n.ChildByField("operator"); op != nil && op.Type() == "/" {
			if t := m.typeOf(n.ChildByField("left"), depth+1); strings.HasPrefix(t, "pathlib.") {
				return t
			}
		}
	case "attribute":
		obj, attr := n.ChildByField("object"), n.ChildByField("attribute")
		if obj == nil || attr == nil {
			return ""
		}
		if obj.Unparen().Type() == "identifier" {
			if cls := m.selfClass(obj.Unparen()); cls != nil {
				return m.attrType(cls, attr.Text(), depth+1)
			}
			if b := m.Lookup(obj.Unparen().Text(), obj); b != nil && b.Kind == ClassBinding {
				return m.attrType(b.Class, attr.Text(), depth+1)
			}
		}
		// An attribute of a typed value: es.indices, client.db.users.
		if t := m.typeOf(obj, depth+1); t != "" {
			return t + "." + attr.Text()
		}
	case "subscript":
		// An item of a typed value: client["db"]["users"].
		if t := m.typeOf(n.ChildByField("value"), depth+1); t != "" {
			return t + ".__getitem__"
		}
	}
	return ""
}

func (m *Module) bindingType(b *Binding, depth int) string {
	if b == nil || depth > maxTypeDepth {
		return ""
	}
	if b.Annotation != nil {
		if t := m.annotationType(b.Annotation, depth+1); t != "" {
			return t
		}
	}
	if d := b.declared; d != nil {
		// A name declared with an annotation keeps the declared type
		// through later plain assignments, as type checkers read it.
		return m.annotationType(d.Annotation, depth+1)
	}
	switch b.Kind {
	case AssignBinding, WalrusBinding, WithBinding, ParamBinding:
		if b.Value != nil && b.Value.Type() != "none" {
			return m.typeOf(b.Value, depth+1)
		}
	}
	return ""
}

// classType returns the type an instance of a local class is taken for:
// its first base that resolves.
func (m *Module) classType(c *Class, depth int) string {
	for _, base := range c.Bases {
		if q := m.QualifiedName(base); q != "" && q != "object" {
			return q
		}
		if b := m.Lookup(textOf(base), base); b != nil && b.Kind == ClassBinding && b.Class != c && depth < maxTypeDepth {
			if t := m.classType(b.Class, depth+1); t != "" {
				return t
			}
		}
	}
	return ""
}

// attrType resolves self.name in class c: assignments in __init__ first,
// then in the other methods, then class-level declarations, then local
// base classes.
func (m *Module) attrType(c *Class, name string, depth int) string {
	if depth > maxTypeDepth {
		return ""
	}
	attrs := c.Attrs[name]
	for _, init := range []bool{true, false} {
		for _, b := range attrs {
			if (b.Scope.Function.Name == "__init__") == init {
				if t := m.bindingType(b, depth+1); t != "" {
					return t
				}
			}
		}
	}
	for _, b := range c.Scope.Bindings[name] {
		if b.Kind == DefBinding {
			// A property's value is what its getter returns.
			if fn := b.Function; fn.Returns != nil && fn.Decorator("property", "functools.cached_property", "cached_property") != nil {
				if t := m.annotationType(fn.Returns, depth+1); t != "" {
					return t
				}
			}
			continue
		}
		if t := m.bindingType(b, depth+1); t != "" {
			return t
		}
	}
	for _, base := range c.Bases {
		if b := m.Lookup(textOf(base), base); b != nil && b.Kind == ClassBinding && b.Class != c {
			if t := m.attrType(b.Class, name, depth+1); t != "" {
				return t
			}
		}
	}
	return ""
}

// selfClass returns the class whose instance (or class) the identifier
// names when it is the self or cls parameter of a method, also from a
// lambda, comprehension or nested def inside the method.
func (m *Module) selfClass(ident *python.Node) *Class {
	b := m.Lookup(ident.Text(), ident)
	if b == nil || b.Kind != ParamBinding || b.Scope.Kind != FunctionScope {
		return nil
	}
	fn := b.Scope.Function
	if fn.SelfName() != b.Name || fn.Params[0].Node != b.Node {
		return nil
	}
	return fn.Class
}

// annotationType returns the qualified type an annotation names.
func (m *Module) annotationType(n *python.Node, depth int) string {
	if n == nil || depth > maxTypeDepth {
		return ""
	}
	if n.Type() == "type" {
		if n = n.NamedChild(0); n == nil {
			return ""
		}
	}
	n = n.Unparen()
	switch n.Type() {
	case "identifier", "attribute":
		if q := m.QualifiedName(n); q != "" {
			return q
		}
		if b := m.Lookup(headText(n), n); b != nil && b.Kind == ClassBinding {
			return m.classType(b.Class, depth+1)
		}
	case "string", "concatenated_string":
		if s, ok := StringValue(n); ok {
			return m.dottedTextType(strings.TrimSpace(s), n)
		}
	case "generic_type", "subscript":
		var head *python.Node
		var args []*python.Node
		if n.Type() == "subscript" {
			head = n.ChildByField("value")
			for a := range n.ChildrenByField("subscript") {
				args = append(args, a)
			}
		} else {
			head = n.NamedChild(0)
			if tp := n.NamedChild(1); tp != nil {
				for a := range tp.NamedChildren() {
					args = append(args, a)
				}
			}
		}
		hq := m.QualifiedName(head)
		switch LastName(hq) {
		case "Optional", "Annotated", "Union":
			for _, a := range args {
				if t := m.annotationType(a, depth+1); t != "" && t != "None" {
					return t
				}
			}
			return ""
		}
		return hq
	case "binary_operator":
		for _, side := range []string{"left", "right"} {
			if t := m.annotationType(n.ChildByField(side), depth+1); t != "" {
				return t
			}
		}
	}
	return ""
}

func headText(n *python.Node) string {
	if h := HeadName(n); h != nil {
		return h.Text()
	}
	return ""
}

// dottedTextType resolves the type written in a string annotation:
// a dotted name, optionally in Optional[...] or a union with None.
func (m *Module) dottedTextType(s string, at *python.Node) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "|") {
		for _, part := range strings.Split(s, "|") {
			if t := m.dottedTextType(part, at); t != "" && t != "None" {
				return t
			}
		}
		return ""
	}
	if inner, ok := strings.CutSuffix(s, "]"); ok {
		head, arg, _ := strings.Cut(inner, "[")
		if LastName(m.dottedTextType(head, at)) == "Optional" {
			return m.dottedTextType(arg, at)
		}
		return ""
	}
	if s == "" {
		return ""
	}
	for _, r := range s {
		if !(r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127) {
			return ""
		}
	}
	head, rest, _ := strings.Cut(s, ".")
	b := m.Lookup(head, at)
	var q string
	switch {
	case b == nil:
		q = head
	case b.Kind == ImportBinding:
		q = b.Import.Qualified
	case b.Kind == ClassBinding:
		return m.classType(b.Class, 0)
	default:
		return ""
	}
	if rest != "" {
		q += "." + rest
	}
	return q
}

// FunctionAt returns the innermost def or async def whose body holds n.
func (m *Module) FunctionAt(n *python.Node) *Function {
	var child *python.Node
	for a := n; a != nil; child, a = a, a.Parent() {
		if child != nil && a.Type() == "function_definition" && child.Field() == "body" {
			return m.Function(a)
		}
	}
	return nil
}

// Function returns the Function of a function_definition node, or nil
// (also for a nil node: a parent a tree with syntax errors lacks).
func (m *Module) Function(def *python.Node) *Function { return itemAt(m.functionAt, m.Functions, def) }

// Class returns the Class of a class_definition node, or nil.
func (m *Module) Class(def *python.Node) *Class { return itemAt(m.classAt, m.Classes, def) }

// Call returns the Call of a call node, or nil.
func (m *Module) Call(call *python.Node) *Call { return itemAt(m.callAt, m.Calls, call) }

// itemAt returns the item of items whose node, by x, is n; nil for a nil
// node or one x does not hold.
func itemAt[T any](x nodeIndex, items []*T, n *python.Node) *T {
	if n == nil {
		return nil
	}
	if i := x.find(n); i >= 0 {
		return items[i]
	}
	return nil
}

// FunctionsNamed returns the module's functions with the given qualified
// name ("helper", "Client.fetch"), in source order.
func (m *Module) FunctionsNamed(qualName string) []*Function {
	var out []*Function
	for _, f := range m.Functions {
		if f.QualName == qualName {
			out = append(out, f)
		}
	}
	return out
}

// StarImports returns the star imports at module level.
func (m *Module) StarImports() []*Import { return m.stars }

// ImportOf returns the import that binds name at module level, or nil.
func (m *Module) ImportOf(name string) *Import {
	if b := m.Global(name); b != nil && b.Kind == ImportBinding {
		return b.Import
	}
	return nil
}

// Global returns the binding a module-level name has once the module has
// run, as another module that imports the name sees it; nil when the
// module binds no such name.
func (m *Module) Global(name string) *Binding { return pick2(m.Scope.Bindings[name]) }

// Reexport returns the qualified name a module-level name imports (not
// *), which a module that imports the name from this one is led to; ""
// when no such import binds it.
func (m *Module) Reexport(name string) string {
	if b := m.Global(name); b != nil && b.Kind == ImportBinding && !b.Import.Star {
		return b.Import.Qualified
	}
	return ""
}

func pick2(bs []*Binding) *Binding {
	if len(bs) == 0 {
		return nil
	}
	return pick(bs, bs[len(bs)-1].Scope.Node, false)
}

// Imported returns the first import of the named module or of a name
// from it, at any depth, or nil: Imported("psycopg2") finds import psycopg2,
// import psycopg2.extras and from psycopg2 import connect.
func (m *Module) Imported(module string) *Import {
	for _, imp := range m.Imports {
		if imp.Level > 0 {
			continue
		}
		if imp.Module == module || strings.HasPrefix(imp.Module, module+".") {
			return imp
		}
	}
	return nil
}

// ReturnType returns the type a call of a function of the module gives, as
// TypeOf spells it: its return annotation, or without one the type every
// value it returns has; "" when it cannot tell.
func (m *Module) ReturnType(fn *Function) string { return m.returnType(fn, 0) }

func (m *Module) returnType(fn *Function, depth int) string {
	if fn.Returns != nil {
		return m.annotationType(fn.Returns, depth)
	}
	return m.returnedType(fn, depth)
}

// ReturnedClass returns the class of the module whose instance a call of
// a function of the module gives: the class its return annotation names,
// or without one the class every value it returns is an instance of
// (InstanceClass). TypeOf spells such an instance by the class's first
// base; this is the class itself, for its methods.
func (m *Module) ReturnedClass(fn *Function) *Class {
	if fn.Returns != nil {
		n := fn.Returns
		if n.Type() == "type" {
			n = n.NamedChild(0)
		}
		if n != nil && n.Type() == "identifier" {
			if b := m.Lookup(n.Text(), n); b != nil && b.Kind == ClassBinding {
				return b.Class
			}
		}
		return nil
	}
	var c *Class
	for _, v := range fn.returnValues() {
		vc := m.InstanceClass(v)
		if vc == nil || c != nil && vc != c {
			return nil
		}
		c = vc
	}
	return c
}

// InstanceClass returns the class of the module an expression makes an
// instance of: a call of the class by name (Storage(...)), or a name
// assigned such a call; nil otherwise.
func (m *Module) InstanceClass(n *python.Node) *Class {
	for range maxTypeDepth {
		if n == nil {
			return nil
		}
		n = n.Unparen()
		switch n.Type() {
		case "call":
			fn := n.ChildByField("function")
			if fn == nil || fn.Type() != "identifier" {
				return nil
			}
			if b := m.Lookup(fn.Text(), fn); b != nil && b.Kind == ClassBinding {
				return b.Class
			}
			return nil
		case "identifier":
			b := m.Lookup(n.Text(), n)
			if b == nil || b.Kind != AssignBinding && b.Kind != WalrusBinding || b.Value == nil {
				return nil
			}
			n = b.Value
		default:
			return nil
		}
	}
	return nil
}

// IsGenerator reports whether the function's own body yields (nested
// defs, lambdas and classes aside): calling it only creates a generator.
func (f *Function) IsGenerator() bool {
	found := false
	python.InspectOwn(f.Body, func(n *python.Node) bool {
		found = found || n.Type() == "yield"
		return !found
	})
	return found
}

// returnValues returns the values the function's own body returns, bare
// returns and return None aside; nil for a generator or an async function,
// whose calls return something else.
func (f *Function) returnValues() []*python.Node {
	if f.Async {
		return nil
	}
	// One walk finds both the returns and a yield (IsGenerator), which a
	// return's value may hold: return (yield x).
	var out []*python.Node
	generator := false
	python.InspectOwn(f.Body, func(n *python.Node) bool {
		switch n.Type() {
		case "yield":
			generator = true
		case "return_statement":
			if v := n.NamedChild(0); v != nil && v.Type() != "none" {
				out = append(out, v)
			}
		}
		return !generator
	})
	if generator {
		return nil
	}
	return out
}

// returnedType is the type of what a function without a return annotation
// returns: the type every return value of its own body has ("" when one
// differs or cannot be told; bare returns and return None are skipped). A
// generator or async function returns something else and gives "".
func (m *Module) returnedType(fn *Function, depth int) string {
	if depth > maxReturnDepth {
		return ""
	}
	t := ""
	for _, v := range fn.returnValues() {
		vt := m.typeOf(v, depth+1)
		if vt == "" || t != "" && vt != t {
			return ""
		}
		t = vt
	}
	return t
}
