package scenario

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// Calls that load a model whatever their arguments.
var strongLoaders = map[string]bool{
	"h2o.import_mojo": true, "h2o.upload_mojo": true, "h2o.load_model": true, "h2o.upload_model": true,
	"daimojo.model": true, "daimojo.model.model": true,
	"onnxruntime.InferenceSession": true,
	"xgboost.Booster":              true, "lightgbm.Booster": true,
	"tensorflow.keras.models.load_model": true, "keras.models.load_model": true,
}

// Deserializers that load a model when the statement says it is one.
var weakLoaders = map[string]bool{
	"pickle.load": true, "pickle.loads": true, "joblib.load": true, "cloudpickle.load": true,
	"dill.load": true, "torch.load": true,
}

var (
	// loaderNameRE matches the names of functions that load a model:
	// load_model, load_mojo, import_mojo, mlflow.pyfunc.load_model,
	// read_scoring_model, model_loader.
	loaderNameRE = regexp.MustCompile(`(?i)^(load|import|upload|read)_?(model|mojo|pipeline|scorer|predictor)s?$|^(load|import|read)_\w*_?(model|mojo)s?$|^(model|mojo)_?(load|loader)$`)
	modelWordRE  = regexp.MustCompile(`(?i)model|mojo|clf|classifier|regressor|estimator|booster|predictor|scorer`)
	// lazyRE matches the condition of a lazy initialization.
	lazyRE = regexp.MustCompile(`\bis\s+None\b|^\s*not\s`)
	// swapNameRE matches functions whose exit would be a restart to swap.
	swapNameRE = regexp.MustCompile(`(?i)reload|swap|refresh|promote|deploy|update|rollout`)
	// restartRE matches a command that restarts a deployment or service or
	// makes its server reload the workers: kill -HUP to gunicorn's master,
	// systemctl reload.
	restartRE = regexp.MustCompile(`(?i)\brestart\b|\brollout\b|-(SIG)?HUP\b|-s\W+HUP\b|systemctl\W+reload\b`)
	// workerSignalRE matches the arguments of an os.kill that restarts the
	// service: a signal to its own pid, to its parent (gunicorn's or
	// uvicorn's master, which replaces the workers), or a SIGHUP, the
	// servers' signal to reload their workers.
	workerSignalRE = regexp.MustCompile(`getpid|getppid|SIGHUP`)
)

// offloaders run a function in a worker: the function they are handed is
// what is called.
var offloaders = map[string]bool{
	"run_in_threadpool": true, "to_thread": true, "run_in_executor": true, "run_sync": true,
	"submit": true, "apply_async": true,
}

// holderVerbs are the methods of a model holder that replace the model it
// serves.
var holderVerbs = map[string]bool{
	"swap": true, "set": true, "replace": true, "publish": true, "set_model": true, "swap_model": true,
	"update_model": true, "put": true, "store": true, "register": true, "promote": true, "activate": true,
}

// mutators are methods that change a loaded model in place.
var mutators = map[string]bool{
	"load": true, "reload": true, "load_model": true, "load_mojo": true, "load_state_dict": true,
	"load_weights": true, "set_weights": true, "set_params": true, "fit": true, "partial_fit": true,
	"train": true, "update": true, "clear": true, "__init__": true, "__setstate__": true,
}

// routeVerbs are the decorator methods of FastAPI, Starlette and Flask
// routes.
var routeVerbs = map[string]bool{
	"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true,
	"api_route": true, "route": true, "websocket": true,
}

var cacheDecorators = map[string]bool{
	"functools.lru_cache": true, "functools.cache": true, "lru_cache": true, "cache": true,
	"cachetools.cached": true, "cached": true, "async_lru.alru_cache": true, "alru_cache": true,
}

// callCtx says when a function runs.
type callCtx int

const (
	ctxOther   callCtx = iota // called from somewhere the pass cannot see
	ctxStartup                // module level, lifespan, startup events, constructors
	ctxRequest                // a request handler or a function it calls
)

// serveModule is the analysis of one service module.
type serveModule struct {
	pf      *pyFile
	ctx     map[*pyindex.Function]callCtx
	handler map[*pyindex.Function]*pyindex.Function // the handler a request function is reached from
	loaders map[*pyindex.Function]bool              // functions that return a loaded model
	cached  map[*pyindex.Function]bool              // loaders memoized by a cache decorator
	depends map[*pyindex.Function]bool              // FastAPI dependencies: run on every request
	byName  map[string][]*pyindex.Function
	loads   []*loadSite
}

type sinkKind int

const (
	sinkLocal    sinkKind = iota // used in place: a per-call load
	sinkShared                   // stored in a global, app.state, an attribute
	sinkHolder                   // handed to holder.swap(...)
	sinkReturned                 // returned: the function is a loader
	sinkLazy                     // stored once when the reference is still empty
)

// loadSite is one model load in service code and where its result goes.
type loadSite struct {
	sm   *serveModule
	call *pyindex.Call
	fn   *pyindex.Function
	what string
	sink sinkKind
	key  string // the shared reference, for sinkShared, sinkHolder and sinkLazy
	ctx  callCtx
}

func newServeModule(pf *pyFile) *serveModule {
	sm := &serveModule{
		pf: pf, ctx: map[*pyindex.Function]callCtx{}, handler: map[*pyindex.Function]*pyindex.Function{},
		loaders: map[*pyindex.Function]bool{}, cached: map[*pyindex.Function]bool{}, depends: map[*pyindex.Function]bool{},
		byName: map[string][]*pyindex.Function{},
	}
	m := pf.Mod
	for _, fn := range m.Functions {
		sm.byName[fn.Name] = append(sm.byName[fn.Name], fn)
	}
	var startup, handlers []*pyindex.Function
	for _, fn := range m.Functions {
		for _, d := range fn.Decorators {
			verb := pyindex.LastName(d.Text)
			switch {
			case d.Call != nil && routeVerbs[verb] && strings.Contains(d.Text, "."):
				handlers = append(handlers, fn)
			case verb == "on_event" && d.Call != nil:
				if a := d.Call.Arg(0, "event_type"); a != nil {
					if v, _ := pyindex.StringValue(a.Value); v == "startup" {
						startup = append(startup, fn)
					}
				}
			case verb == "asynccontextmanager" || verb == "contextmanager":
				startup = append(startup, fn)
			}
		}
		if fn.Name == "__init__" && fn.Class != nil {
			startup = append(startup, fn)
		}
	}
	// Functions handed to the application as lifespan or startup hooks.
	for _, c := range m.Calls {
		for _, a := range c.Args {
			hook := a.Keyword == "lifespan" || a.Keyword == "on_startup" ||
				pyindex.LastName(c.Text) == "add_event_handler" && a.Index == 1 && isStartupEvent(c)
			if !hook {
				continue
			}
			python.Inspect(a.Value, func(n *python.Node) bool {
				if n.Type() == "identifier" {
					startup = append(startup, sm.byName[n.Text()]...)
				}
				return true
			})
		}
	}
	for _, fn := range handlers {
		sm.reach(fn, ctxRequest, fn)
	}
	// Depends(get_model) runs get_model for every request that uses it.
	for _, c := range m.Calls {
		if pyindex.LastName(callName(c)) != "Depends" {
			continue
		}
		if a := c.Arg(0, "dependency"); a != nil && a.Value.Unparen().Type() == "identifier" {
			for _, fn := range sm.byName[a.Value.Unparen().Text()] {
				sm.depends[fn] = true
				sm.reach(fn, ctxRequest, nil)
			}
		}
	}
	for _, fn := range startup {
		sm.reach(fn, ctxStartup, nil)
	}
	for _, c := range m.Calls {
		if c.Function == nil && c.Target != nil {
			sm.reach(c.Target, ctxStartup, nil)
		}
	}
	return sm
}

func isStartupEvent(c *pyindex.Call) bool {
	a := c.Positional(0)
	if a == nil {
		return false
	}
	v, _ := pyindex.StringValue(a.Value)
	return v == "startup"
}

// reach marks fn and the module functions it calls with ctx; the request
// context wins over startup, as a function on the request path runs per
// request whatever else calls it.
func (sm *serveModule) reach(fn *pyindex.Function, ctx callCtx, handler *pyindex.Function) {
	if cur, ok := sm.ctx[fn]; ok && cur >= ctx {
		return
	}
	sm.ctx[fn] = ctx
	if handler != nil {
		sm.handler[fn] = handler
	}
	for _, c := range fn.Calls {
		if c.Target != nil {
			sm.reach(c.Target, ctx, handler)
		}
	}
}

// ctxOf returns when fn runs; a nested function runs when its parent
// does, unless something else calls it.
func (sm *serveModule) ctxOf(fn *pyindex.Function) callCtx {
	for f := fn; f != nil; f = f.Parent {
		if c, ok := sm.ctx[f]; ok {
			return c
		}
	}
	if fn == nil {
		return ctxStartup
	}
	return ctxOther
}

func (sm *serveModule) handlerOf(fn *pyindex.Function) *pyindex.Function {
	for f := fn; f != nil; f = f.Parent {
		if h := sm.handler[f]; h != nil {
			return h
		}
	}
	return nil
}

// loadOf returns a description of the model c loads, or "".
func (sm *serveModule) loadOf(c *pyindex.Call) string {
	m := sm.pf.Mod
	if discarded(c.Node) {
		// model.load_model(path) as a statement changes model in place;
		// a load whose result is dropped loads nothing anyone serves.
		return ""
	}
	name := callName(c)
	last := pyindex.LastName(name)
	switch {
	case strongLoaders[name] || strings.HasPrefix(name, "mlflow.") && last == "load_model":
		return name
	case strings.HasSuffix(name, "MojoModel.load"):
		return name
	case last == "from_file" && strings.Contains(name, "GenericEstimator"):
		return name
	case c.Target != nil && sm.loaders[c.Target]:
		return name
	case loaderNameRE.MatchString(last):
		return name
	case weakLoaders[name] && modelWordRE.MatchString(statementOf(c.Node).Text()):
		return name
	case isMojoClass(last):
		// A MOJO wrapper class (MojoModel(version, path)): constructing
		// one is what loading a model means to the service.
		return name
	case offloaders[last]:
		for _, a := range c.Args {
			if a.Keyword != "" || a.Star != "" {
				continue
			}
			v := a.Value.Unparen()
			if v.Type() != "identifier" && v.Type() != "attribute" {
				continue
			}
			fname := pyindex.LastName(v.Text())
			if loaderNameRE.MatchString(fname) || strongLoaders[m.QualifiedName(v)] {
				return name + "(" + v.Text() + ")"
			}
			for _, fn := range sm.byName[fname] {
				if sm.loaders[fn] {
					return name + "(" + v.Text() + ")"
				}
			}
		}
	}
	return ""
}

// discarded reports whether the value of a call is dropped: the call is
// a statement of its own.
func discarded(call *python.Node) bool {
	n := call
	for p := n.Parent(); p != nil && p.Is("await", "parenthesized_expression"); p = n.Parent() {
		n = p
	}
	return n.Parent() != nil && n.Parent().Type() == "expression_statement"
}

// isMojoClass reports whether name is a class (capitalized) named for
// MOJOs: MojoModel, ChurnMojo, MOJOScorer; not mojo_predict_pandas.
func isMojoClass(name string) bool {
	return name != "" && name[0] >= 'A' && name[0] <= 'Z' && strings.Contains(strings.ToLower(name), "mojo")
}

// statementOf returns the statement that holds n.
func statementOf(n *python.Node) *python.Node {
	for n.Parent() != nil && !n.Parent().Is("block", "module") {
		n = n.Parent()
	}
	return n
}

// findLoads fills loads, discovering loader functions until none is
// new: a function returning a loaded model makes its callers loads.
func (sm *serveModule) findLoads() {
	m := sm.pf.Mod
	for _, fn := range m.Functions {
		if sm.isCachedLoader(fn) {
			sm.loaders[fn] = true
			sm.cached[fn] = true
		}
	}
	for round := 0; round < 4; round++ {
		sm.loads = sm.loads[:0]
		grown := false
		for _, c := range m.Calls {
			what := sm.loadOf(c)
			if what == "" {
				continue
			}
			ls := &loadSite{sm: sm, call: c, fn: c.Function, what: what, ctx: sm.ctxOf(c.Function)}
			ls.sink, ls.key = sm.sinkOf(c.Function, c.Node)
			if ls.sink == sinkReturned && c.Function != nil && !sm.loaders[c.Function] {
				sm.loaders[c.Function] = true
				grown = true
			}
			sm.loads = append(sm.loads, ls)
		}
		if !grown {
			return
		}
	}
}

// isCachedLoader reports a loader memoized by lru_cache and the like: it
// loads once, and cache_clear is how it is swapped.
func (sm *serveModule) isCachedLoader(fn *pyindex.Function) bool {
	if !loaderNameRE.MatchString(fn.Name) {
		return false
	}
	for _, d := range fn.Decorators {
		if cacheDecorators[d.Name] || cacheDecorators[d.Text] {
			return true
		}
	}
	return false
}

// sinkOf says where the value of the call node goes.
func (sm *serveModule) sinkOf(fn *pyindex.Function, call *python.Node) (sinkKind, string) {
	n := call
	for p := n.Parent(); p != nil && p.Is("await", "parenthesized_expression"); p = n.Parent() {
		n = p
	}
	p := n.Parent()
	if p == nil {
		return sinkLocal, ""
	}
	switch p.Type() {
	case "assignment":
		if p.ChildByField("right") != n {
			return sinkLocal, ""
		}
		left := p.ChildByField("left")
		if key, ok := sm.refKey(fn, left); ok {
			if isLazy(p, left) {
				return sinkLazy, key
			}
			return sinkShared, key
		}
		if left != nil && left.Type() == "identifier" {
			return sm.followLocal(fn, left.Text(), p)
		}
	case "return_statement":
		return sinkReturned, ""
	case "argument_list", "keyword_argument":
		args := p
		if p.Type() == "keyword_argument" {
			args = p.Parent()
		}
		if c := sm.pf.Mod.Call(args.Parent()); c != nil {
			if holderVerbs[pyindex.LastName(c.Text)] {
				return sinkHolder, sm.holderKey(fn, c)
			}
			if args.Type() == "argument_list" && !offloaders[pyindex.LastName(c.Text)] {
				// Wrapper(load(path)): the model goes where the wrapper goes.
				return sm.sinkOf(fn, c.Node)
			}
		}
	}
	return sinkLocal, ""
}

// followLocal follows a local variable holding a loaded model to where it
// is stored, handed to a holder or returned.
func (sm *serveModule) followLocal(fn *pyindex.Function, name string, after *python.Node) (sinkKind, string) {
	body := sm.pf.Mod.Tree.Root()
	if fn != nil && fn.Body != nil {
		body = fn.Body
	}
	kind, key := sinkLocal, ""
	python.Inspect(body, func(n *python.Node) bool {
		if n.Start() < after.End() || kind == sinkShared || kind == sinkHolder {
			return n.End() > after.End() && kind != sinkShared && kind != sinkHolder
		}
		switch n.Type() {
		case "assignment":
			// holder = ModelHolder(model) stores the model as surely as
			// holder = model does.
			if r := n.ChildByField("right"); r != nil && (isName(r, name) || wraps(r, name)) {
				if k, ok := sm.refKey(fn, n.ChildByField("left")); ok {
					kind, key = sinkShared, k
					if isLazy(n, n.ChildByField("left")) {
						kind = sinkLazy
					}
				}
			}
		case "call":
			if c := sm.pf.Mod.Call(n); c != nil && holderVerbs[pyindex.LastName(c.Text)] {
				for _, a := range c.Args {
					if isName(a.Value, name) {
						kind, key = sinkHolder, sm.holderKey(fn, c)
					}
				}
			}
		case "return_statement":
			if v := n.NamedChild(0); v != nil && isName(v, name) && kind == sinkLocal {
				kind = sinkReturned
			}
		}
		return true
	})
	return kind, key
}

// holderKey names the reference a holder call replaces: the holder.
func (sm *serveModule) holderKey(fn *pyindex.Function, c *pyindex.Call) string {
	if k := sm.canonical(fn, c.Receiver); k != "" {
		return k
	}
	if c.Receiver != nil {
		return c.Receiver.Text()
	}
	return c.Text + "()"
}

// wraps reports whether n is a call that takes the variable name as an
// argument.
func wraps(n *python.Node, name string) bool {
	n = n.Unparen()
	if n.Type() != "call" {
		return false
	}
	args := n.ChildByField("arguments")
	if args == nil {
		return false
	}
	for a := range args.NamedChildren() {
		if v := a.ChildByField("value"); a.Type() == "keyword_argument" && v != nil {
			a = v
		}
		if isName(a, name) {
			return true
		}
	}
	return false
}

func isName(n *python.Node, name string) bool {
	n = n.Unparen()
	return n.Type() == "identifier" && n.Text() == name
}

// isLazy reports whether the assignment stores into a reference only when
// it is empty: if model is None: model = load().
func isLazy(assign, left *python.Node) bool {
	if left == nil {
		return false
	}
	target := pyindex.LastName(left.Text())
	for a := range assign.Ancestors() {
		if a.Is("function_definition", "module") {
			return false
		}
		if a.Type() != "if_statement" {
			continue
		}
		cond := a.ChildByField("condition")
		if cond != nil && lazyRE.MatchString(cond.Text()) && strings.Contains(cond.Text(), target) {
			return true
		}
	}
	return false
}

// refKey returns the shared reference an assignment target names: a
// global, an attribute (app.state.model, self.model as Class.model) or an
// item of one; ok is false for a local variable.
func (sm *serveModule) refKey(fn *pyindex.Function, left *python.Node) (string, bool) {
	if left == nil {
		return "", false
	}
	left = left.Unparen()
	switch left.Type() {
	case "identifier":
		name := left.Text()
		if fn == nil || fn.Scope.IsGlobal(name) || fn.Scope.IsNonlocal(name) {
			return sm.pf.File.Path + ":" + name, true
		}
	case "attribute":
		if k := sm.canonical(fn, left); k != "" {
			return k, true
		}
	case "subscript":
		if k := sm.canonical(fn, left.ChildByField("value")); k != "" {
			return k + "[]", true
		}
	}
	return "", false
}

// canonical names a reference the same way wherever it is written:
// request.app.state.model is app.state.model, self.model in class Holder
// is Holder.model, a module global is path:name. It returns "" for a
// local variable and for expressions that are no dotted name.
func (sm *serveModule) canonical(fn *pyindex.Function, n *python.Node) string {
	return sm.canonicalDepth(fn, n, 0)
}

func (sm *serveModule) canonicalDepth(fn *pyindex.Function, n *python.Node, depth int) string {
	if n == nil {
		return ""
	}
	n = n.Unparen()
	text := strings.Join(strings.Fields(n.Text()), "")
	if !dottedRE.MatchString(text) {
		return ""
	}
	root, rest, _ := strings.Cut(text, ".")
	if rest != "" {
		rest = "." + rest
	}
	switch {
	case (root == "self" || root == "cls") && fn != nil && fn.Class != nil:
		return fn.Class.Name + rest
	case root == "request" || root == "websocket":
		return strings.TrimPrefix(rest, ".")
	}
	b := sm.pf.Mod.Lookup(root, n)
	if b == nil || b.Scope.Kind == pyindex.ModuleScope {
		if b != nil && b.Kind == pyindex.ImportBinding {
			return text
		}
		if rest == "" {
			return sm.pf.File.Path + ":" + root
		}
		return text
	}
	if fn != nil && (fn.Scope.IsGlobal(root) || fn.Scope.IsNonlocal(root)) {
		return sm.pf.File.Path + ":" + root + rest
	}
	if b.Kind == pyindex.AssignBinding && b.Value != nil && b.Value.Unparen().Is("attribute", "identifier") && b.Value.Unparen() != n {
		// state = request.app.state: an alias of a shared reference.
		if depth < 8 {
			if base := sm.canonicalDepth(fn, b.Value, depth+1); base != "" {
				return base + rest
			}
		}
	}
	if b.Kind == pyindex.ParamBinding && rest != "" {
		// An attribute of an object handed in (the app a lifespan gets)
		// outlives the call.
		return text
	}
	return ""
}

var dottedRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// checkHotSwap applies SCN103 over the service modules; it returns
// whether they serve a model.
func (s *state) checkHotSwap(mods []*serveModule) bool {
	row := s.rec.row(CritHotSwap)
	var startupStores, swaps []*loadSite
	modelKeys := map[string]bool{}
	for _, sm := range mods {
		for _, ls := range sm.loads {
			switch {
			case ls.sink == sinkReturned && ls.fn != nil && sm.depends[ls.fn] && !sm.cached[ls.fn]:
				s.rec.gap(CritHotSwap, sm.pf.File, ls.call.Node.Start(), ls.call.Node.End(),
					"dependency %s loads a model (%s) for every request that uses it: load it once at startup into "+
						"app.state or a holder, return that reference here, and let a reload replace it", ls.fn.Name, ls.what)
			case ls.sink == sinkReturned:
			case ls.sink == sinkLazy:
				startupStores = append(startupStores, ls)
				modelKeys[ls.key] = true
			case ls.sink == sinkShared || ls.sink == sinkHolder:
				modelKeys[ls.key] = true
				if ls.ctx == ctxStartup {
					startupStores = append(startupStores, ls)
				} else {
					swaps = append(swaps, ls)
				}
			case ls.ctx == ctxStartup && ls.fn != nil && sm.cached[ls.fn]:
			case ls.ctx == ctxRequest && ls.call.Target != nil && sm.cached[ls.call.Target]:
				// A cached loader: loaded once, swapped by cache_clear.
				ls.key = ls.call.Target.Name + "()"
				startupStores = append(startupStores, ls)
			case ls.ctx == ctxRequest:
				where := "on the request path"
				if h := sm.handlerOf(ls.fn); h != nil {
					where = "in request handler " + h.Name
				}
				s.rec.gap(CritHotSwap, sm.pf.File, ls.call.Node.Start(), ls.call.Node.End(),
					"model loaded %s (%s) on every request: load it once at startup (lifespan) into app.state or a "+
						"holder, read it here, and let a reload replace that reference", where, ls.what)
			}
		}
	}
	for _, sm := range mods {
		for _, c := range sm.pf.Mod.Calls {
			if c.Method == "cache_clear" && c.Receiver != nil {
				for _, fn := range sm.byName[pyindex.LastName(c.Receiver.Text())] {
					if sm.cached[fn] && sm.ctxOf(c.Function) != ctxStartup {
						swaps = append(swaps, &loadSite{sm: sm, call: c, fn: c.Function, what: c.Text, sink: sinkShared, key: fn.Name + "()"})
					}
				}
			}
		}
	}
	// The service serves a model when it keeps one (at startup, lazily,
	// in a cache), swaps one, or loads one per request; a load whose value
	// the pass cannot follow (a helper returning it to unknown callers)
	// is no evidence either way.
	serving := len(startupStores) > 0 || len(swaps) > 0 || len(row.Gaps) > 0
	row.Applies = serving || hotswapMode == modeAlways
	if !serving {
		row.Note = "the service and common trees keep no loaded model to serve"
		if hotswapMode == modeAlways {
			f := s.firstFileUnder(s.plan.Service)
			s.rec.gap(CritHotSwap, f, 0, 0,
				"the plan requires hot-swapping MOJOs, but no code in %s loads a model and keeps it to serve", dirsText(s.plan.Service))
		}
		return false
	}
	for _, ls := range startupStores {
		s.rec.found(CritHotSwap, ls.sm.pf.File, ls.call.Node.Start(), "loads the model once into "+displayKey(ls.key)+" ("+ls.what+")")
	}
	for _, ls := range swaps {
		s.rec.found(CritHotSwap, ls.sm.pf.File, ls.call.Node.Start(), "swaps "+displayKey(ls.key)+" ("+ls.what+")")
	}
	for _, sm := range mods {
		s.inPlace(sm, modelKeys)
		s.restarts(sm)
	}
	if len(startupStores) > 0 && len(swaps) == 0 {
		ls := startupStores[0]
		s.rec.gap(CritHotSwap, ls.sm.pf.File, ls.call.Node.Start(), ls.call.Node.End(),
			"model loaded into %s is never replaced by any code path, so a new MOJO needs a restart: add a reload "+
				"(endpoint, file watcher or task) that loads the new MOJO and replaces %s in one assignment",
			displayKey(ls.key), displayKey(ls.key))
	}
	return true
}

func displayKey(k string) string {
	if _, name, ok := strings.Cut(k, ":"); ok {
		return name
	}
	return k
}

// inPlace reports reloads that change the serving model in place.
func (s *state) inPlace(sm *serveModule, modelKeys map[string]bool) {
	m := sm.pf.Mod
	for _, fn := range m.Functions {
		if sm.ctxOf(fn) == ctxStartup {
			continue
		}
		for _, c := range fn.Calls {
			switch {
			case c.Receiver != nil && mutators[c.Method] && modelKeys[sm.canonical(fn, c.Receiver)]:
				s.rec.gap(CritHotSwap, sm.pf.File, c.Node.Start(), c.Node.End(),
					"%s changes the serving model %s in place: requests in flight see a half-updated model; load the new "+
						"model into a new object and replace the reference in one assignment", c.Text, displayKey(sm.canonical(fn, c.Receiver)))
			case callName(c) == "setattr" && len(c.Args) > 0 && modelKeys[sm.canonical(fn, c.Args[0].Value)]:
				s.rec.gap(CritHotSwap, sm.pf.File, c.Node.Start(), c.Node.End(),
					"setattr changes the serving model %s in place: load the new model into a new object and replace the reference",
					displayKey(sm.canonical(fn, c.Args[0].Value)))
			case callName(c) == "importlib.reload":
				s.rec.gap(CritHotSwap, sm.pf.File, c.Node.Start(), c.Node.End(),
					"importlib.reload re-executes a module in place while requests use it: load the new model into a new object and replace the reference")
			}
		}
		python.Inspect(fn.Body, func(n *python.Node) bool {
			if n.Is("function_definition", "class_definition") {
				return false
			}
			if n.Type() != "assignment" {
				return true
			}
			left := n.ChildByField("left")
			if left == nil || left.Type() != "attribute" {
				return true
			}
			if obj := sm.canonical(fn, left.ChildByField("object")); modelKeys[obj] {
				s.rec.gap(CritHotSwap, sm.pf.File, left.Start(), left.End(),
					"assignment to %s changes the serving model %s in place: requests in flight see a half-updated model; "+
						"build the new model as a new object and replace the reference", left.Text(), displayKey(obj))
			}
			return true
		})
	}
}

// restarts reports reloads that restart the process: restarts on the
// request path or in a function named for reloading; a launcher's
// os.execvp in main is how a service starts, not how it swaps.
func (s *state) restarts(sm *serveModule) {
	for _, c := range sm.pf.Mod.Calls {
		if c.Function == nil || sm.ctxOf(c.Function) != ctxRequest && !swapNameRE.MatchString(c.Function.Name) {
			continue
		}
		name := callName(c)
		args := ""
		if a := c.Node.ChildByField("arguments"); a != nil {
			args = a.Text()
		}
		restart := false
		switch {
		case strings.HasPrefix(name, "os.exec"):
			restart = true
		case name == "os.kill" || name == "os.killpg":
			restart = workerSignalRE.MatchString(args)
		case name == "signal.raise_signal":
			restart = true
		case strings.HasPrefix(name, "subprocess.") || name == "os.system" || name == "os.popen" ||
			strings.HasPrefix(name, "asyncio.create_subprocess"):
			restart = restartRE.MatchString(args)
		case name == "sys.exit" || name == "os._exit":
			restart = swapNameRE.MatchString(c.Function.Name)
		}
		if restart {
			s.rec.gap(CritHotSwap, sm.pf.File, c.Node.Start(), c.Node.End(),
				"%s restarts the service to pick up a new model: requests in flight fail and the service is down while it starts; "+
					"load the new MOJO in the running process and replace the model reference", fmt.Sprint(c.Text))
		}
	}
}
