package pyindex

import (
	"strings"

	"github.com/acrvet/acr/pass/python"
)

// Build summarizes a parsed tree. Index.Module memoizes it per file; Build
// is for trees from python.ParseBytes and for tests.
func Build(tree *python.Tree) *Module {
	m := &Module{File: tree.File, Tree: tree}
	b := &builder{m: m}
	b.walk()
	b.resolve()
	return m
}

type frame struct {
	scope *Scope
	last  int // index of the last node of the region the scope covers
}

type builder struct {
	m     *Module
	stack []frame
	// pending holds the bodies of defs, classes and lambdas with the
	// scopes they open: decorators, defaults and annotations come before
	// the body in preorder and belong to the enclosing scope. Bodies nest
	// as their definitions do, so the next one preorder reaches is the
	// last pushed.
	pending []pendingBody
}

type pendingBody struct {
	body  int
	scope *Scope
}

func (b *builder) top() *Scope { return b.stack[len(b.stack)-1].scope }

func (b *builder) push(s *Scope, n *python.Node) {
	b.stack = append(b.stack, frame{scope: s, last: n.Index() + n.SubtreeLen() - 1})
}

func (b *builder) newScope(kind ScopeKind, n *python.Node, parent *Scope) *Scope {
	s := &Scope{Kind: kind, Node: n, Parent: parent}
	b.m.scopes = append(b.m.scopes, s)
	b.m.scopeAt.add(n)
	return s
}

func (b *builder) walk() {
	root := b.m.Tree.Root()
	b.m.Scope = b.newScope(ModuleScope, root, nil)
	b.stack = []frame{{scope: b.m.Scope, last: root.SubtreeLen() - 1}}
	python.Inspect(root, func(n *python.Node) bool {
		i := n.Index()
		for len(b.stack) > 1 && i > b.stack[len(b.stack)-1].last {
			b.stack = b.stack[:len(b.stack)-1]
		}
		for len(b.pending) > 0 && b.pending[len(b.pending)-1].body <= i {
			if p := b.pending[len(b.pending)-1]; p.body == i {
				b.push(p.scope, n)
			}
			b.pending = b.pending[:len(b.pending)-1]
		}
		switch n.Type() {
		case "function_definition":
			b.function(n)
		case "class_definition":
			b.class(n)
		case "lambda":
			b.lambda(n)
		case "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression":
			b.push(b.newScope(ComprehensionScope, n, b.top()), n)
		case "import_statement", "import_from_statement", "future_import_statement":
			b.imports(n)
		case "assignment":
			b.assignment(n)
		case "augmented_assignment":
			b.target(n.ChildByField("left"), AugAssignBinding, n, nil, nil)
		case "for_statement", "for_in_clause":
			b.target(n.ChildByField("left"), ForBinding, n, nil, nil)
		case "with_item":
			if v := n.ChildByField("value"); v != nil && v.Type() == "as_pattern" {
				b.target(v.ChildByField("alias"), WithBinding, n, v.NamedChild(0), nil)
			}
		case "except_clause", "except_group_clause":
			for c := range n.NamedChildren() {
				if c.Type() == "as_pattern" {
					b.target(c.ChildByField("alias"), ExceptBinding, n, nil, nil)
				}
			}
		case "named_expression":
			if name := n.ChildByField("name"); name != nil && name.Type() == "identifier" {
				s := b.top()
				for s.Kind == ComprehensionScope {
					s = s.Parent
				}
				b.bind(s, name.Text(), &Binding{Kind: WalrusBinding, Node: name, Stmt: n, Value: n.ChildByField("value")})
			}
		case "global_statement", "nonlocal_statement":
			s := b.top()
			for c := range n.NamedChildren() {
				if c.Type() != "identifier" {
					continue
				}
				if n.Type() == "global_statement" {
					s.globals = setAdd(s.globals, c.Text())
				} else {
					s.nonlocals = setAdd(s.nonlocals, c.Text())
				}
			}
		case "delete_statement":
			for c := range n.NamedChildren() {
				if c.Type() == "identifier" {
					b.bind(b.top(), c.Text(), &Binding{Kind: DeleteBinding, Node: c, Stmt: n})
				}
			}
		case "case_pattern", "keyword_pattern", "as_pattern", "splat_pattern":
			b.matchCapture(n)
		case "call":
			b.call(n)
		}
		return true
	})
}

func setAdd(m map[string]bool, k string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[k] = true
	return m
}

// bind records a binding of name in s, following global and nonlocal
// declarations of s.
func (b *builder) bind(s *Scope, name string, bd *Binding) {
	switch {
	case s.globals[name]:
		bd.via = s
		s = b.m.Scope
	case s.nonlocals[name]:
		if e := enclosingFunctionScope(s.Parent); e != nil {
			bd.via = s
			s = e
		}
	}
	bd.Name, bd.Scope = name, s
	bd.weak = isFallback(bd)
	if s.Bindings == nil {
		s.Bindings = map[string][]*Binding{}
	}
	s.Bindings[name] = append(s.Bindings[name], bd)
	switch {
	case bd.Annotation != nil:
		if s.declared == nil {
			s.declared = map[string]*Binding{}
		}
		s.declared[name] = bd
	case bd.Kind == AssignBinding || bd.Kind == AugAssignBinding:
		bd.declared = s.declared[name]
	}
}

// isFallback reports whether a binding is the kind that stands in for an
// import that failed: x = None, or any binding in an except handler.
func isFallback(bd *Binding) bool {
	if bd.Kind == AssignBinding && bd.Value != nil && bd.Value.Type() == "none" {
		return true
	}
	return bd.Kind != ExceptBinding && bd.Stmt != nil && inHandler(bd.Stmt, bd.Scope.Node)
}

func inHandler(n, stop *python.Node) bool {
	for a := n.Parent(); a != nil && a != stop; a = a.Parent() {
		if a.Type() == "except_clause" || a.Type() == "except_group_clause" {
			return true
		}
	}
	return false
}

func enclosingFunctionScope(s *Scope) *Scope {
	for ; s != nil; s = s.Parent {
		if s.Kind == FunctionScope {
			return s
		}
	}
	return nil
}

func qualPrefix(s *Scope) string {
	switch s.Kind {
	case ClassScope:
		return s.Class.QualName + "."
	case FunctionScope:
		return s.Function.QualName + ".<locals>."
	case LambdaScope:
		return qualPrefix(s.Parent) + "<lambda>.<locals>."
	case ComprehensionScope:
		return qualPrefix(s.Parent)
	}
	return ""
}

func (b *builder) function(n *python.Node) {
	scope := b.top()
	fn := &Function{
		Node:    n,
		Body:    n.ChildByField("body"),
		Returns: n.ChildByField("return_type"),
		Async:   n.FirstChild() != nil && n.FirstChild().Type() == "async",
	}
	if name := n.ChildByField("name"); name != nil {
		fn.Name = name.Text()
	}
	if scope.Kind == ClassScope {
		fn.Class = scope.Class
		fn.Class.Methods = append(fn.Class.Methods, fn)
	}
	if fs := enclosingFunctionScope(scope); fs != nil {
		fn.Parent = fs.Function
	}
	fn.QualName = qualPrefix(scope) + fn.Name
	fn.Decorators = b.decorators(n)
	fs := b.newScope(FunctionScope, n, scope)
	fs.Function = fn
	fn.Scope = fs
	fn.Params = b.params(n.ChildByField("parameters"), fs)
	b.m.Functions = append(b.m.Functions, fn)
	b.m.functionAt.add(n)
	if name := n.ChildByField("name"); name != nil {
		b.bind(scope, fn.Name, &Binding{Kind: DefBinding, Node: name, Stmt: n, Function: fn})
	}
	if fn.Body != nil {
		b.pending = append(b.pending, pendingBody{fn.Body.Index(), fs})
	}
}

func (b *builder) class(n *python.Node) {
	scope := b.top()
	c := &Class{Node: n, Body: n.ChildByField("body"), Attrs: map[string][]*Binding{}}
	name := n.ChildByField("name")
	if name != nil {
		c.Name = name.Text()
	}
	c.QualName = qualPrefix(scope) + c.Name
	if sup := n.ChildByField("superclasses"); sup != nil {
		for a := range sup.NamedChildren() {
			if !a.IsExtra() && a.Type() != "keyword_argument" && a.Type() != "list_splat" && a.Type() != "dictionary_splat" {
				c.Bases = append(c.Bases, a)
			}
		}
	}
	c.Decorators = b.decorators(n)
	cs := b.newScope(ClassScope, n, scope)
	cs.Class = c
	c.Scope = cs
	b.m.Classes = append(b.m.Classes, c)
	b.m.classAt.add(n)
	if name != nil {
		b.bind(scope, c.Name, &Binding{Kind: ClassBinding, Node: name, Stmt: n, Class: c})
	}
	if c.Body != nil {
		b.pending = append(b.pending, pendingBody{c.Body.Index(), cs})
	}
}

func (b *builder) lambda(n *python.Node) {
	ls := b.newScope(LambdaScope, n, b.top())
	b.params(n.ChildByField("parameters"), ls)
	if body := n.ChildByField("body"); body != nil {
		b.pending = append(b.pending, pendingBody{body.Index(), ls})
	}
}

// decorators returns the decorators of a def or class; their calls were
// recorded already, as decorators precede the definition in preorder.
func (b *builder) decorators(def *python.Node) []*Decorator {
	p := def.Parent()
	if p == nil || p.Type() != "decorated_definition" {
		return nil
	}
	var out []*Decorator
	for d := range p.NamedChildren() {
		if d.Type() != "decorator" {
			continue
		}
		expr := d.NamedChild(0)
		if expr == nil {
			continue
		}
		expr = expr.Unparen()
		dec := &Decorator{Node: d, Expr: expr, Text: dotted(expr)}
		if expr.Type() == "call" {
			dec.Call = b.m.Call(expr)
			if fn := expr.ChildByField("function"); fn != nil {
				dec.Text = dotted(fn)
			}
		}
		out = append(out, dec)
	}
	return out
}

func (b *builder) params(ps *python.Node, s *Scope) []*Param {
	if ps == nil {
		return nil
	}
	var out []*Param
	kind := PositionalParam
	add := func(ident *python.Node, k ParamKind, ann, def *python.Node) {
		if ident == nil || ident.Type() != "identifier" {
			return
		}
		p := &Param{Name: ident.Text(), Kind: k, Node: ident, Annotation: ann, Default: def}
		out = append(out, p)
		b.bind(s, p.Name, &Binding{Kind: ParamBinding, Node: ident, Stmt: ps, Value: def, Annotation: ann, Param: p})
	}
	splat := func(n, ann *python.Node) {
		if n.Type() == "list_splat_pattern" {
			add(n.NamedChild(0), VarArgsParam, ann, nil)
			kind = KeywordOnlyParam
		} else {
			add(n.NamedChild(0), KwArgsParam, ann, nil)
		}
	}
	for c := range ps.NamedChildren() {
		switch c.Type() {
		case "identifier":
			add(c, kind, nil, nil)
		case "typed_parameter":
			inner := c.NamedChild(0)
			switch {
			case inner == nil:
			case inner.Type() == "list_splat_pattern" || inner.Type() == "dictionary_splat_pattern":
				splat(inner, c.ChildByField("type"))
			default:
				add(inner, kind, c.ChildByField("type"), nil)
			}
		case "default_parameter", "typed_default_parameter":
			add(c.ChildByField("name"), kind, c.ChildByField("type"), c.ChildByField("value"))
		case "list_splat_pattern", "dictionary_splat_pattern":
			splat(c, nil)
		case "keyword_separator":
			kind = KeywordOnlyParam
		case "tuple_pattern":
			python.Inspect(c, func(x *python.Node) bool {
				if x.Type() == "identifier" {
					add(x, kind, nil, nil)
				}
				return true
			})
		}
	}
	return out
}

func (b *builder) imports(n *python.Node) {
	scope := b.top()
	conditional, typeOnly := importContext(n, scope.Node)
	mk := func(node *python.Node) *Import {
		return &Import{Stmt: n, Node: node, Conditional: conditional, TypeOnly: typeOnly, Scope: scope}
	}
	record := func(imp *Import) {
		b.m.Imports = append(b.m.Imports, imp)
		if imp.Star {
			if scope == b.m.Scope {
				b.m.stars = append(b.m.stars, imp)
			}
			return
		}
		if imp.Bound != "" {
			b.bind(scope, imp.Bound, &Binding{Kind: ImportBinding, Node: imp.Node, Stmt: n, Import: imp})
		}
	}
	switch n.Type() {
	case "import_statement":
		for c := range n.ChildrenByField("name") {
			imp := mk(c)
			if c.Type() == "aliased_import" {
				imp.Module = dottedName(c.ChildByField("name"))
				imp.Alias = textOf(c.ChildByField("alias"))
				imp.Bound, imp.Qualified = imp.Alias, imp.Module
			} else {
				imp.Module = dottedName(c)
				imp.Bound, _, _ = strings.Cut(imp.Module, ".")
				imp.Qualified = imp.Bound
			}
			record(imp)
		}
	case "import_from_statement", "future_import_statement":
		module, level := "__future__", 0
		if mn := n.ChildByField("module_name"); mn != nil {
			module, level = moduleName(mn)
		}
		prefix := strings.Repeat(".", level) + module
		qualify := func(name string) string {
			if module == "" {
				return prefix + name
			}
			return prefix + "." + name
		}
		for c := range n.NamedChildren() {
			switch {
			case c.Type() == "wildcard_import":
				imp := mk(c)
				imp.Module, imp.Level, imp.Name, imp.Star = module, level, "*", true
				imp.Qualified = prefix
				record(imp)
			case c.Field() != "name":
			case c.Type() == "aliased_import":
				imp := mk(c)
				imp.Module, imp.Level = module, level
				imp.Name = dottedName(c.ChildByField("name"))
				imp.Alias = textOf(c.ChildByField("alias"))
				imp.Bound, imp.Qualified = imp.Alias, qualify(imp.Name)
				record(imp)
			default:
				imp := mk(c)
				imp.Module, imp.Level = module, level
				imp.Name = dottedName(c)
				imp.Bound, imp.Qualified = imp.Name, qualify(imp.Name)
				record(imp)
			}
		}
	}
}

// importContext reports whether an import statement is conditional (under
// an if, try, with, loop or match of its scope) and whether it is only for
// type checkers (under if TYPE_CHECKING:).
func importContext(n, scopeNode *python.Node) (conditional, typeOnly bool) {
	child := n
	for a := n.Parent(); a != nil && a != scopeNode; child, a = a, a.Parent() {
		switch a.Type() {
		case "if_statement", "elif_clause":
			conditional = true
			if child.Field() == "consequence" && isTypeChecking(a.ChildByField("condition")) {
				typeOnly = true
			}
		case "else_clause", "try_statement", "except_clause", "except_group_clause", "finally_clause",
			"with_statement", "for_statement", "while_statement", "match_statement", "case_clause":
			conditional = true
		}
	}
	return conditional, typeOnly
}

func isTypeChecking(cond *python.Node) bool {
	if cond == nil {
		return false
	}
	d := dotted(cond)
	return d == "TYPE_CHECKING" || strings.HasSuffix(d, ".TYPE_CHECKING")
}

// moduleName returns the module of a from-import and its relative level.
func moduleName(n *python.Node) (string, int) {
	if n.Type() != "relative_import" {
		return dottedName(n), 0
	}
	level, module := 0, ""
	for c := range n.NamedChildren() {
		switch c.Type() {
		case "import_prefix":
			level = strings.Count(c.Text(), ".")
		case "dotted_name":
			module = dottedName(c)
		}
	}
	return module, level
}

// dottedName returns a dotted_name without the spaces and comments Python
// allows between its parts.
func dottedName(n *python.Node) string {
	if n == nil {
		return ""
	}
	if n.Type() != "dotted_name" {
		return n.Text()
	}
	var parts []string
	for c := range n.NamedChildren() {
		if c.Type() == "identifier" {
			parts = append(parts, c.Text())
		}
	}
	return strings.Join(parts, ".")
}

func textOf(n *python.Node) string {
	if n == nil {
		return ""
	}
	return n.Text()
}

func (b *builder) assignment(n *python.Node) {
	if n.Field() == "right" && n.Parent() != nil && n.Parent().Type() == "assignment" {
		return // a link of a chain a = b = value, bound by the outermost
	}
	var targets []*python.Node
	value := n
	for value != nil && value.Type() == "assignment" {
		targets = append(targets, value.ChildByField("left"))
		value = value.ChildByField("right")
	}
	ann := n.ChildByField("type")
	kind := AssignBinding
	if value == nil && ann != nil {
		kind = AnnotationBinding
	}
	for _, t := range targets {
		b.target(t, kind, n, value, ann)
	}
}

// target binds the names of an assignment target. value and ann apply to a
// plain name; the parts of an unpacking get neither.
func (b *builder) target(t *python.Node, kind BindingKind, stmt, value, ann *python.Node) {
	if t == nil {
		return
	}
	switch t.Type() {
	case "identifier":
		b.bind(b.top(), t.Text(), &Binding{Kind: kind, Node: t, Stmt: stmt, Value: value, Annotation: ann})
	case "attribute":
		b.selfAttr(t, kind, stmt, value, ann)
	case "parenthesized_expression", "as_pattern_target":
		if inner := t.NamedChild(0); inner != nil {
			b.target(inner, kind, stmt, value, ann)
		}
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list",
		"list_splat_pattern", "list_splat":
		for c := range t.NamedChildren() {
			if !c.IsExtra() {
				b.target(c, kind, stmt, nil, nil)
			}
		}
	}
}

// selfAttr records self.x = value in a method as an attribute of its class.
func (b *builder) selfAttr(t *python.Node, kind BindingKind, stmt, value, ann *python.Node) {
	obj, attr := t.ChildByField("object"), t.ChildByField("attribute")
	s := b.top()
	if obj == nil || attr == nil || obj.Type() != "identifier" || s.Kind != FunctionScope {
		return
	}
	fn := s.Function
	if self := fn.SelfName(); self == "" || self != obj.Text() {
		return
	}
	bd := &Binding{Name: attr.Text(), Kind: kind, Scope: s, Node: t, Stmt: stmt, Value: value, Annotation: ann}
	fn.Class.Attrs[bd.Name] = append(fn.Class.Attrs[bd.Name], bd)
}

func (b *builder) matchCapture(n *python.Node) {
	var ident *python.Node
	switch n.Type() {
	case "case_pattern", "keyword_pattern":
		// A bare name is a capture; a dotted name is a value pattern and
		// the name before = in a keyword pattern is an attribute.
		var last *python.Node
		count := 0
		for c := range n.NamedChildren() {
			if !c.IsExtra() {
				last = c
				count++
			}
		}
		if last != nil && last.Type() == "dotted_name" && last.NamedChildCount() == 1 &&
			(n.Type() == "case_pattern" && count == 1 || n.Type() == "keyword_pattern" && count == 2) {
			ident = last.NamedChild(0)
		}
	case "as_pattern":
		if n.ChildByField("alias") == nil {
			if last := lastNamed(n); last != nil && last.Type() == "identifier" && last.PrevSibling() != nil && last.PrevSibling().Type() == "as" {
				ident = last
			}
		}
	case "splat_pattern":
		ident = n.NamedChild(0)
	}
	if ident == nil || ident.Type() != "identifier" || ident.Text() == "_" {
		return
	}
	b.bind(b.top(), ident.Text(), &Binding{Kind: MatchBinding, Node: ident, Stmt: n.Enclosing("case_clause")})
}

func lastNamed(n *python.Node) *python.Node {
	var last *python.Node
	for c := range n.NamedChildren() {
		if !c.IsExtra() {
			last = c
		}
	}
	return last
}

func (b *builder) call(n *python.Node) {
	s := b.top()
	c := &Call{Node: n, Func: n.ChildByField("function"), Scope: s, module: b.m}
	if c.Func != nil {
		c.Text = c.Func.Text()
		if fu := c.Func.Unparen(); fu.Type() == "attribute" {
			c.Receiver = fu.ChildByField("object")
			c.Method = textOf(fu.ChildByField("attribute"))
		}
	}
	if args := n.ChildByField("arguments"); args != nil {
		if args.Type() == "generator_expression" {
			c.Args = []*Arg{{Node: args, Value: args, Index: 0}}
		} else {
			idx := 0
			for a := range args.NamedChildren() {
				if a.IsExtra() {
					continue
				}
				arg := &Arg{Node: a, Value: a, Index: -1}
				switch a.Type() {
				case "keyword_argument":
					arg.Keyword = textOf(a.ChildByField("name"))
					if v := a.ChildByField("value"); v != nil {
						arg.Value = v
					}
				case "list_splat", "dictionary_splat":
					arg.Star = "*"
					if a.Type() == "dictionary_splat" {
						arg.Star = "**"
					}
					if v := a.NamedChild(0); v != nil {
						arg.Value = v
					}
				default:
					arg.Index = idx
					idx++
				}
				c.Args = append(c.Args, arg)
			}
		}
	}
	p := n.Parent()
	for p != nil && p.Type() == "parenthesized_expression" {
		p = p.Parent()
	}
	c.Awaited = p != nil && p.Type() == "await"

	loop := s
	for loop.Kind == ComprehensionScope {
		loop = loop.Parent
	}
	c.OnLoop = loop.Kind == FunctionScope && loop.Function.Async
	if fs := enclosingFunctionScope(s); fs != nil {
		c.Function = fs.Function
		fs.Function.Calls = append(fs.Function.Calls, c)
	}
	b.m.Calls = append(b.m.Calls, c)
	b.m.callAt.add(n)
}

// resolve fills what needs every binding of the module: callee names,
// call targets and decorator names.
func (b *builder) resolve() {
	m := b.m
	for _, c := range m.Calls {
		if c.Func == nil {
			continue
		}
		if head := HeadName(c.Func); head != nil {
			c.Binding = m.Lookup(head.Text(), head)
		}
		c.Callee = m.QualifiedName(c.Func)
		fu := c.Func.Unparen()
		switch {
		case fu.Type() == "identifier" && c.Binding != nil && c.Binding.Kind == DefBinding:
			c.Target = c.Binding.Function
		case c.Receiver != nil && c.Receiver.Type() == "identifier":
			if cls := m.selfClass(c.Receiver); cls != nil {
				c.Target = cls.Method(c.Method)
			}
		}
	}
	resolveDecorators := func(ds []*Decorator) {
		for _, d := range ds {
			if d.Call != nil {
				d.Name = d.Call.Callee
			} else {
				d.Name = m.QualifiedName(d.Expr)
			}
		}
	}
	for _, fn := range m.Functions {
		resolveDecorators(fn.Decorators)
	}
	for _, c := range m.Classes {
		resolveDecorators(c.Decorators)
	}
}

// HeadName returns the first identifier of a dotted expression, or nil.
func HeadName(n *python.Node) *python.Node {
	n = n.Unparen()
	for n.Type() == "attribute" {
		obj := n.ChildByField("object")
		if obj == nil {
			return nil
		}
		n = obj.Unparen()
	}
	if n.Type() == "identifier" {
		return n
	}
	return nil
}
