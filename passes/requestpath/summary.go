package requestpath

import (
	"path"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/passes/pyindex"
)

// A module is the summary of one Python file: its functions, classes and
// module-level names, the calls between them as unresolved references,
// and the entry points it defines or registers. It holds no syntax, and
// no string that shares the source's memory (node texts do), so neither
// the tree nor the bytes of a file outlive the pass that parsed it.
type module struct {
	file    *pass.File
	role    role.Role
	funcs   []*fn
	byStart map[int]*fn
	names   map[string]symbol // module-level bindings, by name
	// server: the module imports a web server framework (serverFrameworks),
	// so its package serves requests, through entry points the graph may
	// not see (Tornado handlers, handlers found by name at run time).
	server bool
	// entries are entry points registered by reference (app.add_api_route
	// ("/", handlers.list), Depends(get_user), asyncio.run(main()) at
	// module level), resolved when the graph is linked.
	entries []entryRef
}

// A fn is one def or async def.
type fn struct {
	mod   *module
	qual  string
	start int
	entry entry // the entry point the function itself is, if any
	refs  []ref // what it calls or hands on as a callback, and its nested defs

	kind Kind   // set by linking: Serving, CommandLine or Unreached
	via  string // the entry point that reaches it
}

// An entry marks an entry point: Serving or CommandLine, and what it is.
type entry struct {
	kind Kind
	what string // "route handler", "request dependency", "command"
}

type entryRef struct {
	ref   ref
	entry entry
}

// A class is a class definition of a module.
type class struct {
	mod     *module
	methods map[string]*fn
	bases   []classRef
}

// A classRef names a class: a class of the same module, or a qualified
// name resolved when the graph is linked.
type classRef struct {
	local *class
	name  string
}

func (c classRef) ok() bool { return c.local != nil || c.name != "" }

// A ref is what a call or a callback reference may invoke: a function of
// the same module, a qualified name ("pkg.mod.func", "pkg.mod.obj.method",
// relative names keep their dots), or a method of a class.
type ref struct {
	local  *fn
	name   string
	cls    classRef
	method string
	// ctor: when name is a class, every method of the object built.
	ctor bool
}

// A symbol is what a module-level name is bound to.
type symbol struct {
	fn       *fn
	class    *class
	target   string   // an import: the qualified name it binds
	instance classRef // an instance of a class: x = Service()
}

var routeMethods = setOf("get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "route",
	"websocket", "websocket_route", "api_websocket_route", "middleware", "exception_handler", "on_event", "view")

// registrations maps the last name of a call that registers handlers to
// what they are; their function arguments are entry points.
var registrations = map[string]string{
	"add_api_route": "route handler", "add_route": "route handler", "add_websocket_route": "websocket handler",
	"add_api_websocket_route": "websocket handler", "Route": "route handler", "WebSocketRoute": "websocket handler",
	"add_get": "route handler", "add_post": "route handler", "add_put": "route handler", "add_patch": "route handler",
	"add_delete": "route handler", "add_head": "route handler", "add_view": "route handler",
	"add_exception_handler": "exception handler", "add_event_handler": "lifespan handler",
	"Depends": "request dependency", "Security": "request dependency",
	"subscriber": "message consumer", "consume": "message consumer", "cron": "worker task",
}

// aiohttpRoutes are aiohttp.web functions that build route definitions.
var aiohttpRoutes = setOf("get", "post", "put", "patch", "delete", "head", "route", "view")

// loopRunners start an event loop for one coroutine and return when it
// is done.
var loopRunners = setOf("asyncio.run", "anyio.run", "trio.run", "uvloop.run", "asyncio.Runner.run")

// endpointBases are framework base classes whose methods serve requests
// or messages.
var endpointBases = setOf("HTTPEndpoint", "WebSocketEndpoint", "BaseHTTPMiddleware", "AsyncConsumer",
	"AsyncWebsocketConsumer", "AsyncJsonWebsocketConsumer", "AsyncHttpConsumer", "View", "Controller")

// serverFrameworks are the modules that serve requests: a package that
// imports one is an application, not a library, even where the graph
// finds none of its entry points. aiohttp counts only for aiohttp.web: its
// client is what libraries import.
var serverFrameworks = []string{"fastapi", "starlette", "litestar", "quart", "sanic", "django", "channels",
	"tornado.web", "tornado.websocket", "tornado.httpserver", "aiohttp.web", "falcon.asgi", "faststream"}

// importsServer reports whether a module imports a web server framework.
func importsServer(m *pyindex.Module) bool {
	for _, imp := range m.Imports {
		name := imp.Module
		if imp.Level > 0 {
			continue
		}
		if imp.Name != "" && imp.Name != "*" {
			name += "." + imp.Name
		}
		for _, fw := range serverFrameworks {
			if name == fw || strings.HasPrefix(name, fw+".") {
				return true
			}
		}
	}
	return false
}

var frameworks = setOf("starlette", "fastapi", "channels", "django", "litestar", "aiohttp")

// summarize builds the summary of a parsed module.
func summarize(f *pass.File, m *pyindex.Module, plan *acr.Plan, known func(string) bool) *module {
	s := &module{
		file:    f,
		role:    role.Of(f.Path, plan.Tests),
		byStart: map[int]*fn{},
		names:   map[string]symbol{},
		server:  importsServer(m),
	}
	fns := make(map[*pyindex.Function]*fn, len(m.Functions))
	for _, pf := range m.Functions {
		x := &fn{mod: s, qual: strings.Clone(pf.QualName), start: pf.Start()}
		s.funcs = append(s.funcs, x)
		s.byStart[x.start] = x
		fns[pf] = x
	}
	classes := make(map[*pyindex.Class]*class, len(m.Classes))
	for _, pc := range m.Classes {
		c := &class{mod: s, methods: map[string]*fn{}}
		for _, meth := range pc.Methods {
			c.methods[strings.Clone(meth.Name)] = fns[meth]
		}
		classes[pc] = c
	}
	b := &summarizer{known: known, s: s, m: m, fns: fns, classes: classes}
	for _, pc := range m.Classes {
		for _, base := range pc.Bases {
			if r := b.classOfName(base); r.ok() {
				classes[pc].bases = append(classes[pc].bases, r)
			}
		}
	}
	for _, pc := range m.Classes {
		b.workerSettings(pc)
	}
	for name, bs := range m.Scope.Bindings {
		if sym, ok := b.symbolOf(bs[len(bs)-1]); ok {
			s.names[strings.Clone(name)] = sym
		}
	}
	service := acr.InTree(f.Path, plan.Service)
	for _, pf := range m.Functions {
		x := fns[pf]
		if pf.Parent != nil {
			fns[pf.Parent].refs = append(fns[pf.Parent].refs, ref{local: x})
		}
		switch {
		case service:
			x.entry = entry{Serving, "function of the plan's service tree"}
		default:
			x.entry = b.entryOf(pf)
		}
	}
	for _, call := range m.Calls {
		refs := b.callRefs(call)
		if call.Function != nil {
			from := fns[call.Function]
			from.refs = append(from.refs, refs...)
		} else if inMainGuard(call.Node) {
			for _, r := range refs {
				s.entries = append(s.entries, entryRef{r, entry{CommandLine, "__main__ block"}})
			}
		}
		b.registration(call)
	}
	return s
}

type summarizer struct {
	// known reports whether a qualified name may name code of the
	// repository; references to anything else are not kept.
	known   func(string) bool
	s       *module
	m       *pyindex.Module
	fns     map[*pyindex.Function]*fn
	classes map[*pyindex.Class]*class
}

// symbolOf returns what a module-level binding binds.
func (b *summarizer) symbolOf(bd *pyindex.Binding) (symbol, bool) {
	switch bd.Kind {
	case pyindex.DefBinding:
		return symbol{fn: b.fns[bd.Function]}, true
	case pyindex.ClassBinding:
		return symbol{class: b.classes[bd.Class]}, true
	case pyindex.ImportBinding:
		if bd.Import.Star || bd.Import.Qualified == "" {
			return symbol{}, false
		}
		return symbol{target: strings.Clone(bd.Import.Qualified)}, true
	case pyindex.AssignBinding, pyindex.AnnotationBinding:
		if r := b.classOfBinding(bd); r.ok() {
			return symbol{instance: r}, true
		}
	}
	return symbol{}, false
}

// entryOf returns the entry point a function is by its decorators, its
// signature or its class.
func (b *summarizer) entryOf(pf *pyindex.Function) entry {
	for _, d := range pf.Decorators {
		last := lastDot(d.Text)
		dotted := strings.Contains(d.Text, ".")
		switch {
		case dotted && d.Call != nil && routeMethods[last],
			strings.HasPrefix(d.Name, "litestar.") && routeMethods[last]:
			return entry{Serving, "route handler"}
		case dotted && last == "subscriber":
			return entry{Serving, "message consumer"}
		case pf.Async && (dotted && (last == "task" || last == "actor") || lastDot(d.Name) == "actor"):
			return entry{Serving, "worker task"}
		case strings.HasPrefix(d.Name, "strawberry.") && (last == "field" || last == "mutation" || last == "subscription"):
			return entry{Serving, "GraphQL resolver"}
		case dotted && (last == "command" || last == "group" || last == "callback" || last == "default"):
			return entry{CommandLine, "command"}
		}
	}
	if pf.Async && b.consumesMessages(pf) {
		return entry{Serving, "message consumer loop"}
	}
	params := pf.Params
	if pf.SelfName() != "" {
		params = params[1:]
	}
	if pf.Async && len(params) == 3 && params[0].Name == "scope" && params[1].Name == "receive" && params[2].Name == "send" {
		return entry{Serving, "ASGI app"}
	}
	if pf.Class != nil {
		for _, base := range pf.Class.Bases {
			q := b.m.QualifiedName(base)
			head, _, _ := strings.Cut(q, ".")
			if frameworks[head] && endpointBases[lastDot(q)] {
				return entry{Serving, lastDot(q) + " method"}
			}
		}
	}
	if pf.Async && pf.Parent == nil && pf.Class == nil && len(pf.Params) > 0 && pf.Params[0].Name == "request" &&
		(path.Base(b.s.file.Path) == "views.py" || strings.Contains(b.s.file.Path, "/views/")) {
		return entry{Serving, "Django view"}
	}
	return entry{}
}

// consumerClients are the modules of message clients whose objects an
// `async for` drains: a function that does is a consumer loop, serving
// messages however it is started (a lifespan task or a worker's
// asyncio.run).
var consumerClients = []string{"aiokafka.", "aio_pika.", "aiormq.", "nats.", "faststream.", "aiobotocore."}

// consumesMessages reports whether the function's own body drains a
// message client with async for.
func (b *summarizer) consumesMessages(pf *pyindex.Function) bool {
	found := false
	python.InspectOwn(pf.Body, func(n *python.Node) bool {
		switch n.Type() {
		case "for_statement":
			if c := n.Child(0); c != nil && c.Type() == "async" {
				t := b.m.TypeOf(n.ChildByField("right"))
				for _, p := range consumerClients {
					found = found || strings.HasPrefix(t, p)
				}
			}
		}
		return !found
	})
	return found
}

// registration records the function arguments of a call that registers
// handlers, lifespans or loop runners as entry points.
func (b *summarizer) registration(call *pyindex.Call) {
	last := lastDot(call.Text)
	what, ok := registrations[last]
	if !ok && strings.HasPrefix(call.Callee, "aiohttp.web.") && aiohttpRoutes[last] {
		what, ok = "route handler", true
	}
	if !ok && (call.Callee == "django.urls.path" || call.Callee == "django.urls.re_path") {
		what, ok = "Django view", true
	}
	if ok && (last == "consume" || last == "subscriber") && call.Method == "" {
		ok = false // a plain function named consume registers nothing
	}
	if ok {
		for _, a := range call.Args {
			b.entryArg(a.Value, entry{Serving, what})
		}
	}
	for _, a := range call.Args {
		switch a.Keyword {
		case "lifespan", "on_startup", "on_shutdown":
			b.entryArg(a.Value, entry{Serving, "lifespan handler"})
		}
	}
	if call.Function == nil && (loopRunners[call.Callee] || call.Method == "run_until_complete") {
		if a := call.Positional(0); a != nil {
			e := entry{CommandLine, call.Text + " of"}
			if inner := b.m.Call(a.Value.Unparen()); inner != nil {
				for _, r := range b.calleeRefs(inner) {
					b.s.entries = append(b.s.entries, entryRef{r, e})
				}
			}
			b.entryArg(a.Value, e)
		}
	}
}

// workerSettings records the functions an arq worker runs: class
// WorkerSettings: functions = [a, b].
func (b *summarizer) workerSettings(pc *pyindex.Class) {
	if pc.Name != "WorkerSettings" {
		return
	}
	for _, name := range []string{"functions", "cron_jobs", "on_startup", "on_shutdown", "on_job_start", "on_job_end"} {
		for _, bd := range pc.Scope.Bindings[name] {
			if bd.Value != nil {
				b.entryArg(bd.Value, entry{Serving, "worker task"})
			}
		}
	}
}

// entryArg records the functions an argument names (a reference, or a
// list of them) as entry points.
func (b *summarizer) entryArg(v *python.Node, e entry) {
	v = v.Unparen()
	switch v.Type() {
	case "list", "tuple", "set":
		for c := range v.NamedChildren() {
			b.entryArg(c, e)
		}
		return
	}
	if r, ok := b.funcRef(v); ok {
		b.s.entries = append(b.s.entries, entryRef{r, e})
	}
}

// callRefs returns what a call may invoke: its callee, and the function
// references among its arguments (callbacks, dependencies, tasks).
func (b *summarizer) callRefs(call *pyindex.Call) []ref {
	out := b.calleeRefs(call)
	var strs []string
	for _, a := range call.Args {
		if r, ok := b.funcRef(a.Value); ok {
			out = append(out, r)
		}
		if v, ok := pyindex.StringValue(a.Value); ok {
			strs = append(strs, v)
		}
	}
	return append(out, dynamicRefs(strs, b.known)...)
}

// dynamicRefs returns the functions a call names by strings, as
// importlib-based dispatch does: fetch_impl("app.tenants.provisioning",
// "setup_tenant"). A reference that names nothing is dropped when the
// graph is linked.
func dynamicRefs(strs []string, known func(string) bool) []ref {
	if len(strs) < 2 || len(strs) > 4 {
		return nil
	}
	var out []ref
	for _, mod := range strs {
		if !isDotted(mod) || !strings.Contains(mod, ".") {
			continue
		}
		for _, name := range strs {
			if name != mod && isDotted(name) && !strings.Contains(name, ".") && known(mod) {
				out = append(out, ref{name: mod + "." + name})
			}
		}
	}
	return out
}

func isDotted(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func (b *summarizer) calleeRefs(call *pyindex.Call) []ref {
	switch {
	case call.Target != nil:
		return []ref{{local: b.fns[call.Target]}}
	case call.Callee != "":
		// A function, or a class whose object is built here: the methods
		// of an object built on the request path run there, called by
		// the code or by the framework it is handed to (a transport, a
		// handler class).
		if b.known(call.Callee) {
			return []ref{{name: strings.Clone(call.Callee), ctor: true}}
		}
	case call.Func != nil && call.Func.Type() == "identifier":
		if c := b.classOfName(call.Func); c.local != nil {
			return []ref{{cls: c, method: allMethods}}
		}
	case call.Method != "" && call.Receiver != nil:
		if c := b.classOfValue(call.Receiver, 0); c.ok() {
			return []ref{{cls: c, method: strings.Clone(call.Method)}}
		}
	}
	return nil
}

// funcRef returns the function a reference (not a call) names: a def of
// the module, self.method, or an imported or qualified name.
func (b *summarizer) funcRef(v *python.Node) (ref, bool) {
	v = v.Unparen()
	switch v.Type() {
	case "identifier":
		bd := b.m.Lookup(v.Text(), v)
		switch {
		case bd == nil:
		case bd.Kind == pyindex.DefBinding:
			return ref{local: b.fns[bd.Function]}, true
		case bd.Kind == pyindex.ImportBinding && !bd.Import.Star && b.known(bd.Import.Qualified):
			return ref{name: strings.Clone(bd.Import.Qualified)}, true
		}
	case "attribute":
		obj, attr := v.ChildByField("object"), v.ChildByField("attribute")
		if obj == nil || attr == nil {
			return ref{}, false
		}
		if q := b.m.QualifiedName(v); q != "" {
			return ref{name: strings.Clone(q)}, b.known(q)
		}
		if c := b.classOfValue(obj, 0); c.ok() {
			return ref{cls: c, method: strings.Clone(attr.Text())}, true
		}
	}
	return ref{}, false
}

const maxDepth = 8

// allMethods as a ref's method stands for every method of the class.
const allMethods = "*"

// classOfValue returns the class of the object an expression holds, when
// the module shows it: self, a local of a class's constructor, a parameter
// annotated with a class, an attribute of self set to one.
func (b *summarizer) classOfValue(v *python.Node, depth int) classRef {
	if v == nil || depth > maxDepth {
		return classRef{}
	}
	v = v.Unparen()
	switch v.Type() {
	case "await":
		return b.classOfValue(v.NamedChild(0), depth+1)
	case "call":
		return b.classOfName(v.ChildByField("function"))
	case "identifier":
		bd := b.m.Lookup(v.Text(), v)
		if bd == nil {
			return classRef{}
		}
		if bd.Kind == pyindex.ClassBinding {
			return classRef{local: b.classes[bd.Class]}
		}
		if bd.Kind == pyindex.ParamBinding && bd.Scope.Function != nil {
			f := bd.Scope.Function
			if f.Class != nil && f.SelfName() == bd.Name && f.Params[0].Node == bd.Node {
				return classRef{local: b.classes[f.Class]}
			}
		}
		return b.classOfBinding(bd)
	case "attribute":
		obj, attr := v.ChildByField("object"), v.ChildByField("attribute")
		if obj == nil || attr == nil {
			return classRef{}
		}
		owner := b.classOfValue(obj, depth+1)
		if owner.local == nil {
			return classRef{}
		}
		for _, pc := range b.m.Classes {
			if b.classes[pc] != owner.local {
				continue
			}
			for _, bd := range pc.Attrs[attr.Text()] {
				if r := b.classOfBinding(bd); r.ok() {
					return r
				}
			}
			for _, bd := range pc.Scope.Bindings[attr.Text()] {
				if r := b.classOfBinding(bd); r.ok() {
					return r
				}
			}
		}
	}
	return classRef{}
}

// classOfBinding returns the class of what a binding holds: its
// annotation, or the constructor call it is assigned.
func (b *summarizer) classOfBinding(bd *pyindex.Binding) classRef {
	if bd.Annotation != nil {
		if r := b.classOfAnnotation(bd.Annotation, 0); r.ok() {
			return r
		}
	}
	switch bd.Kind {
	case pyindex.AssignBinding, pyindex.WithBinding, pyindex.WalrusBinding:
		if bd.Value != nil {
			v := bd.Value.Unparen()
			if v.Type() == "await" {
				v = v.NamedChild(0)
			}
			if v != nil && v.Unparen().Type() == "call" {
				return b.classOfName(v.Unparen().ChildByField("function"))
			}
		}
	}
	return classRef{}
}

// classOfName returns the class a name or attribute chain names.
func (b *summarizer) classOfName(n *python.Node) classRef {
	if n == nil {
		return classRef{}
	}
	n = n.Unparen()
	if n.Type() == "identifier" {
		if bd := b.m.Lookup(n.Text(), n); bd != nil && bd.Kind == pyindex.ClassBinding {
			return classRef{local: b.classes[bd.Class]}
		}
	}
	if q := b.m.QualifiedName(n); q != "" && strings.Contains(q, ".") && b.known(q) {
		return classRef{name: strings.Clone(q)}
	}
	return classRef{}
}

// classOfAnnotation returns the class an annotation names, looking
// through Optional, Annotated, unions with None and string annotations.
func (b *summarizer) classOfAnnotation(n *python.Node, depth int) classRef {
	if n == nil || depth > maxDepth {
		return classRef{}
	}
	if n.Type() == "type" {
		n = n.NamedChild(0)
		if n == nil {
			return classRef{}
		}
	}
	n = n.Unparen()
	switch n.Type() {
	case "identifier", "attribute":
		return b.classOfName(n)
	case "generic_type", "subscript":
		var head, arg *python.Node
		if n.Type() == "subscript" {
			head = n.ChildByField("value")
			for a := range n.ChildrenByField("subscript") {
				arg = a
				break
			}
		} else {
			head = n.NamedChild(0)
			if tp := n.NamedChild(1); tp != nil {
				arg = tp.NamedChild(0)
			}
		}
		switch lastDot(b.m.QualifiedName(head)) {
		case "Optional", "Annotated", "Union":
			return b.classOfAnnotation(arg, depth+1)
		}
	case "binary_operator":
		if r := b.classOfAnnotation(n.ChildByField("left"), depth+1); r.ok() {
			return r
		}
		return b.classOfAnnotation(n.ChildByField("right"), depth+1)
	}
	return classRef{}
}

// inMainGuard reports whether a node sits in an
// `if __name__ == "__main__":` block.
func inMainGuard(n *python.Node) bool {
	for a := range n.Ancestors() {
		if a.Type() != "if_statement" {
			continue
		}
		if c := a.ChildByField("condition"); c != nil && strings.Contains(c.Text(), "__name__") && strings.Contains(c.Text(), "__main__") {
			return true
		}
	}
	return false
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func lastDot(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}
