package pyindex

import (
	"slices"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
)

// A Module summarizes one Python source file. It is immutable once built
// and safe for concurrent use.
type Module struct {
	File *pass.File // nil when built from python.ParseBytes
	Tree *python.Tree

	Scope     *Scope      // the module scope
	Imports   []*Import   // every import, in source order, at any depth
	Functions []*Function // every def and async def, in source order
	Classes   []*Class    // every class, in source order
	Calls     []*Call     // every call, in source order

	// scopes lists every scope in preorder of the node that opens it;
	// scopeAt, functionAt, classAt and callAt hold the preorder indices of
	// the nodes of scopes, Functions, Classes and Calls, which therefore
	// ascend: a lookup by node is a binary search. On a generated 8 MB
	// module of 169,000 functions, maps keyed by node held 17 MB where
	// the indices hold 2; replacing them and the builder's map of pending
	// bodies saved a seventh of the run's CPU, mostly cache misses.
	scopes                               []*Scope
	scopeAt, functionAt, classAt, callAt nodeIndex
	stars                                []*Import // star imports at module level
}

// A nodeIndex holds ascending preorder node indices; find returns the
// position of a node in it, or -1.
type nodeIndex []int32

func (x *nodeIndex) add(n *python.Node) { *x = append(*x, int32(n.Index())) }

func (x nodeIndex) find(n *python.Node) int {
	if i, ok := slices.BinarySearch(x, int32(n.Index())); ok {
		return i
	}
	return -1
}

// ScopeKind distinguishes the scopes Python resolves names in.
type ScopeKind uint8

const (
	ModuleScope ScopeKind = iota
	ClassScope
	FunctionScope
	LambdaScope
	ComprehensionScope // list, set and dict comprehensions and generator expressions
)

var scopeKindNames = [...]string{"module", "class", "function", "lambda", "comprehension"}

func (k ScopeKind) String() string { return scopeKindNames[k] }

// A Scope is a namespace: the names bound in it and what binds them.
type Scope struct {
	Kind     ScopeKind
	Node     *python.Node // module, class_definition, function_definition, lambda or comprehension
	Parent   *Scope
	Function *Function // for FunctionScope
	Class    *Class    // for ClassScope

	// Bindings lists, for each name, every binding of it in this scope in
	// source order.
	Bindings map[string][]*Binding

	globals   map[string]bool
	nonlocals map[string]bool
	// declared holds, while the module is built, the latest annotated
	// binding of each name (see Binding.declared).
	declared map[string]*Binding
}

// IsGlobal reports whether the scope declares name global.
func (s *Scope) IsGlobal(name string) bool { return s.globals[name] }

// IsNonlocal reports whether the scope declares name nonlocal.
func (s *Scope) IsNonlocal(name string) bool { return s.nonlocals[name] }

// BindingKind says what construct binds a name.
type BindingKind uint8

const (
	ImportBinding     BindingKind = iota // import a / from m import n
	ParamBinding                         // a function or lambda parameter
	AssignBinding                        // x = ..., x: T = ..., a, b = ...
	AugAssignBinding                     // x += ...
	AnnotationBinding                    // x: T without a value
	ForBinding                           // for x in ... / comprehension targets
	WithBinding                          // with ... as x
	WalrusBinding                        // (x := ...)
	ExceptBinding                        // except E as x
	MatchBinding                         // case [x, *rest] / case P() as x
	DefBinding                           // def x / async def x
	ClassBinding                         // class x
	DeleteBinding                        // del x
)

var bindingKindNames = [...]string{"import", "parameter", "assignment", "augmented assignment", "annotation",
	"for target", "with target", "walrus", "except target", "match capture", "def", "class", "del"}

func (k BindingKind) String() string { return bindingKindNames[k] }

// A Binding is one place that binds a name in a scope.
type Binding struct {
	Name string
	Kind BindingKind
	// weak marks a fallback binding (x = None, or in an except handler)
	// that a lookup passes over for a stronger one.
	weak  bool
	Scope *Scope
	// Node is the bound identifier; for an attribute of self it is the
	// attribute node (see Class.Attrs).
	Node *python.Node
	// Stmt is the statement or clause that binds: assignment,
	// for_statement, with_item, import_statement, function_definition ...
	Stmt *python.Node
	// Value is the expression whose value the name takes, when that is
	// known: the right side of a single-target assignment or walrus, the
	// context expression of a with item, a parameter's default.
	Value *python.Node
	// Annotation is the type annotation of a parameter or an annotated
	// assignment.
	Annotation *python.Node

	Import   *Import   // for ImportBinding
	Function *Function // for DefBinding
	Class    *Class    // for ClassBinding
	Param    *Param    // for ParamBinding

	// declared is the latest annotated binding of the name in its scope
	// before this unannotated assignment (x: T = ... then x = f()): the
	// name keeps the declared type, as type checkers read it.
	declared *Binding
	// via is the function scope whose global or nonlocal declaration put
	// the binding here: for code outside that function it holds only if
	// the function ran, so it counts as weak there.
	via *Scope
}

// An Import is one imported name.
type Import struct {
	Stmt *python.Node // import_statement, import_from_statement or future_import_statement
	Node *python.Node // the dotted_name, aliased_import or wildcard_import

	// Module is the module named after "from", without the leading dots,
	// or the dotted name after "import" for a plain import.
	Module string
	// Level is the number of leading dots of a relative import.
	Level int
	// Name is the imported name of a from-import ("n" in from m import n),
	// "*" for a star import, "" for a plain import.
	Name string
	// Alias is the name after "as", if any.
	Alias string
	// Bound is the local name the import binds: "a" for import a.b, "c" for
	// import a.b as c, "k" for from m import n as k; "" for a star import.
	Bound string
	// Qualified is the dotted name Bound refers to: "a", "a.b", "m.n";
	// relative imports keep their dots: "..m.n".
	Qualified string

	Star        bool
	TypeOnly    bool // under if TYPE_CHECKING:
	Conditional bool // under if/try/with/loop/match within its scope
	Scope       *Scope
}

// ParamKind distinguishes parameters.
type ParamKind uint8

const (
	PositionalParam ParamKind = iota // a or a=1 before any * (positional or keyword)
	KeywordOnlyParam
	VarArgsParam // *args
	KwArgsParam  // **kwargs
)

// A Param is one parameter of a function or lambda.
type Param struct {
	Name       string
	Kind       ParamKind
	Node       *python.Node // the identifier
	Annotation *python.Node // the type node, or nil
	Default    *python.Node // the default value, or nil
}

// A Function is a def or async def.
type Function struct {
	Name string
	// QualName follows Python's __qualname__: "C.m", "f.<locals>.g".
	QualName   string
	Async      bool
	Node       *python.Node // function_definition
	Body       *python.Node // block
	Decorators []*Decorator
	Params     []*Param
	Returns    *python.Node // return annotation, or nil
	Class      *Class       // the class whose body defines it, for methods
	Parent     *Function    // the function it is nested in, or nil
	Scope      *Scope
	// Calls are the calls whose innermost enclosing function is this one,
	// lambdas and comprehensions included, nested defs and classes not.
	Calls []*Call
}

// Start and End return the byte range of the definition, decorators
// excluded.
func (f *Function) Start() int { return f.Node.Start() }
func (f *Function) End() int   { return f.Node.End() }

// Decorator returns the first decorator whose resolved or written name is
// one of names, or nil.
func (f *Function) Decorator(names ...string) *Decorator {
	for _, d := range f.Decorators {
		for _, n := range names {
			if d.Name == n || d.Text == n {
				return d
			}
		}
	}
	return nil
}

// Param returns the parameter with the given name, or nil.
func (f *Function) Param(name string) *Param {
	for _, p := range f.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// SelfName returns the name of the first parameter of a method that is
// not a staticmethod ("self", "cls"), or "".
func (f *Function) SelfName() string {
	if f.Class == nil || len(f.Params) == 0 || f.Params[0].Kind != PositionalParam || f.Decorator("staticmethod") != nil {
		return ""
	}
	return f.Params[0].Name
}

// A Decorator is one @ line of a function or class.
type Decorator struct {
	Node *python.Node // decorator
	Expr *python.Node // the decorator expression: a name, attribute or call
	// Name is the resolved qualified name of the decorator or, for a call,
	// of its callee ("functools.lru_cache"); "" when it starts with a local
	// variable, such as app in @app.get("/").
	Name string
	// Text is the written dotted name, arguments excluded ("app.get").
	Text string
	// Call is set when the decorator is a call.
	Call *Call
}

// A Class is a class definition.
type Class struct {
	Name       string
	QualName   string
	Node       *python.Node // class_definition
	Body       *python.Node
	Bases      []*python.Node // positional superclass expressions
	Decorators []*Decorator
	Methods    []*Function
	Scope      *Scope
	// Attrs lists the assignments to attributes of self in the class's
	// methods ("self.client = httpx.Client()"), by attribute name.
	Attrs map[string][]*Binding
}

// Method returns the method with the given name, or nil.
func (c *Class) Method(name string) *Function {
	for _, m := range c.Methods {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// A Call is one call expression.
type Call struct {
	Node *python.Node // call
	Func *python.Node // the callee expression
	// Callee is the resolved qualified name of the callee: "time.sleep" for
	// sleep(...) after from time import sleep, "requests.get", "open" for a
	// builtin. A name bound by no import counts as itself, so time.sleep
	// without import time is "time.sleep". Callee is "" when the callee
	// starts with a local name (a parameter, variable, def or class of the
	// module) or is not a dotted name; see Binding, Target and Module.TypeOf.
	Callee string
	// Text is the callee as written, e.g. "self.client.get".
	Text string
	// Receiver is the object of a method call (self.client in
	// self.client.get()), or nil.
	Receiver *python.Node
	// Method is the attribute name of a method call ("get"), or "".
	Method string
	Args   []*Arg
	// Function is the innermost def or async def whose body holds the call.
	Function *Function
	// Scope is the innermost scope the call is evaluated in.
	Scope *Scope
	// OnLoop reports whether the call runs directly on the event loop: in
	// the body of an async def, comprehensions included, but not inside a
	// nested def, lambda or class body. The decorators and defaults of a
	// nested def run where the def statement runs, so in an async body
	// they are on the loop.
	OnLoop bool
	// Awaited reports whether the call is the operand of await.
	Awaited bool
	// Binding is the binding of the callee's first name, nil when the name
	// is bound nowhere (a builtin or an implicit module).
	Binding *Binding
	// Target is the function of this module the call invokes, when it is
	// called by name (helper()) or as a method of self or cls.
	Target *Function

	module *Module // for its star imports
}

// Candidates returns Callee followed by the names it may stand for through
// star imports: "sleep" after from time import * yields "sleep" and
// "time.sleep". It is empty when Callee is.
func (c *Call) Candidates() []string {
	if c.Callee == "" {
		return nil
	}
	out := []string{c.Callee}
	if c.Binding == nil {
		for _, s := range c.module.stars {
			out = append(out, s.Qualified+"."+c.Callee)
		}
	}
	return out
}

// Keyword returns the keyword argument with the given name, or nil.
func (c *Call) Keyword(name string) *Arg {
	for _, a := range c.Args {
		if a.Keyword == name {
			return a
		}
	}
	return nil
}

// Positional returns the i-th positional argument (0-based, star
// arguments excluded), or nil.
func (c *Call) Positional(i int) *Arg {
	for _, a := range c.Args {
		if a.Index == i && a.Keyword == "" && a.Star == "" {
			return a
		}
	}
	return nil
}

// Arg returns the argument passed as the i-th positional or by keyword,
// or nil.
func (c *Call) Arg(i int, keyword string) *Arg {
	if a := c.Positional(i); a != nil {
		return a
	}
	return c.Keyword(keyword)
}

// HasStarArgs reports whether the call passes *args or **kwargs, so
// keywords may be present without being visible.
func (c *Call) HasStarArgs() bool {
	for _, a := range c.Args {
		if a.Star != "" {
			return true
		}
	}
	return false
}

// An Arg is one argument of a call.
type Arg struct {
	Node    *python.Node // the argument as written, keyword included
	Value   *python.Node // the value expression
	Keyword string       // the keyword, or ""
	Star    string       // "*" or "**" for unpacked arguments, else ""
	Index   int          // position among the positional arguments, -1 for keywords
}

// Text returns the value's source text.
func (a *Arg) Text() string { return a.Value.Text() }

// dotted returns the written dotted name of a name or attribute chain, or
// "" for any other expression.
func dotted(n *python.Node) string {
	n = n.Unparen()
	switch n.Type() {
	case "identifier":
		return n.Text()
	case "attribute":
		obj := dotted(n.ChildByField("object"))
		attr := n.ChildByField("attribute")
		if obj == "" || attr == nil {
			return ""
		}
		return obj + "." + attr.Text()
	}
	return ""
}

// LastName returns the part of a dotted name after its last dot
// ("requests.Session.get" -> "get"), or the name itself: the passes match
// callees and decorators by it.
func LastName(qualified string) string {
	if i := strings.LastIndexByte(qualified, '.'); i >= 0 {
		return qualified[i+1:]
	}
	return qualified
}

// mageBlockTypes are the decorators that make a function a Mage block.
var mageBlockTypes = map[string]bool{
	"data_loader": true, "transformer": true, "data_exporter": true, "custom": true, "sensor": true,
}

// MageBlock returns the type of Mage block fn is ("data_loader",
// "transformer", "data_exporter", "custom", "sensor"), or "" when it is
// none: a decorator of one of those names, imported from mage_ai or
// injected by Mage (unresolved, as Mage's block template guards its
// import).
func MageBlock(fn *Function) string {
	for _, d := range fn.Decorators {
		kind := LastName(d.Text)
		if mageBlockTypes[kind] && (d.Name == "" || d.Name == d.Text || strings.HasPrefix(d.Name, "mage_ai.")) {
			return kind
		}
	}
	return ""
}
