package asyncradar

import (
	"fmt"
	"strings"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

var routeMethods = setOf("get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "route",
	"websocket", "websocket_route", "middleware")

// isRoute reports whether fn is registered as a request handler by a
// decorator such as @app.get("/"), @router.post(...) or @app.middleware("http").
func isRoute(fn *pyindex.Function) bool {
	for _, d := range fn.Decorators {
		if d.Call == nil || !strings.Contains(d.Text, ".") {
			continue
		}
		if routeMethods[pyindex.LastName(d.Text)] {
			return true
		}
	}
	return false
}

// isCached reports whether fn's result is reused across calls.
func isCached(fn *pyindex.Function) bool {
	for _, d := range fn.Decorators {
		switch pyindex.LastName(d.Name) {
		case "lru_cache", "cache", "cached", "alru_cache":
			return true
		}
	}
	return false
}

// handlers returns the module's request-path functions: routes, and the
// uncached dependencies passed to Depends(...).
func (c *fileCheck) handlers() map[*pyindex.Function]string {
	if c.handlerSet != nil {
		return c.handlerSet
	}
	c.handlerSet = map[*pyindex.Function]string{}
	for _, fn := range c.m.Functions {
		if isRoute(fn) {
			c.handlerSet[fn] = "request handler"
		}
	}
	for _, call := range c.m.Calls {
		if pyindex.LastName(call.Callee) != "Depends" && pyindex.LastName(call.Callee) != "Security" {
			continue
		}
		a := call.Arg(0, "dependency")
		if a == nil || a.Value.Type() != "identifier" {
			continue
		}
		if b := c.m.Lookup(a.Text(), a.Value); b != nil && b.Kind == pyindex.DefBinding && !isCached(b.Function) {
			if _, ok := c.handlerSet[b.Function]; !ok {
				c.handlerSet[b.Function] = "request dependency"
			}
		}
	}
	return c.handlerSet
}

var poolFactories = setOf(append([]string{
	"asyncpg.create_pool", "asyncpg.pool.create_pool", "asyncpg.connect",
	"sqlalchemy.ext.asyncio.create_async_engine", "sqlalchemy.create_engine", "sqlalchemy.engine.create_engine",
	"sqlmodel.create_engine",
	"redis.asyncio.ConnectionPool", "redis.asyncio.ConnectionPool.from_url",
	"redis.ConnectionPool", "redis.ConnectionPool.from_url", "redis.BlockingConnectionPool",
	"httpx.AsyncClient", "aiohttp.ClientSession", "motor.motor_asyncio.AsyncIOMotorClient", "databases.Database",
	"h2o.init",
}, append(append([]string(nil), asyncRedisClients...), syncRedisClients...)...)...)

// poolPerRequest reports pools and clients created in a request handler,
// or in a sync or async helper of the module that a handler calls, unless
// the creation is guarded to run once (see createdOnce).
func (c *fileCheck) poolPerRequest(call *pyindex.Call) {
	if call.Function == nil {
		return
	}
	q := poolFactory(call)
	if q == "" || c.createdOnce(call) {
		return
	}
	handler := call.Function
	role, ok := c.handlers()[handler]
	via := ""
	if !ok {
		if handler = c.requestCaller(call.Function); handler == nil {
			return
		}
		role, via = c.handlers()[handler], fmt.Sprintf(", through helper %s,", call.Function.QualName)
	}
	what, bounded := "a connection pool", ""
	switch {
	case q == "asyncpg.connect":
		what = "a database connection"
	case strings.HasPrefix(q, "httpx.") || strings.HasPrefix(q, "aiohttp."):
		what = "an HTTP client and its connection pool"
		bounded = boundedHTTPClient
	case strings.Contains(q, "redis"):
		what = "a Redis client and its connection pool"
	case strings.Contains(q, "engine"):
		what = "a database engine and its pool"
	case strings.HasPrefix(q, "h2o."):
		what = "a connection to the H2O cluster (h2o.init starts one when none answers)"
	}
	c.add(&finding{rule: RulePoolPerRequest, node: call.Node, bounded: bounded,
		msg: fmt.Sprintf("%s in %s %s%s creates %s on every request; create it once at startup (lifespan or a cached dependency) and reuse it",
			displayName(call, q), role, handler.QualName, via, what) + noteSuffix(bounded)})
}

func poolFactory(call *pyindex.Call) string {
	for _, q := range call.Candidates() {
		if poolFactories[q] {
			return q
		}
	}
	return ""
}

// requestCaller returns a request handler of the module that calls fn
// directly, or nil. fn itself must run on each call: not cached.
func (c *fileCheck) requestCaller(fn *pyindex.Function) *pyindex.Function {
	if isCached(fn) || c.lifecycle()[fn] {
		return nil
	}
	for _, o := range c.m.Calls {
		if o.Target != fn || o.Function == nil {
			continue
		}
		if _, ok := c.handlers()[o.Function]; ok {
			return o.Function
		}
	}
	return nil
}

// createdOnce reports whether a creation runs once, not per call: it is
// assigned to a global or an attribute (self._pool, app.state.pool) under
// an if that tests that same target (if _pool is None:) or with the
// target's own value first (_pool = _pool or Pool()), the lazy singleton
// idiom; or it runs only on a miss of a module-level cache (see
// onCacheMiss).
func (c *fileCheck) createdOnce(call *pyindex.Call) bool {
	return c.lazySingleton(call) || c.onCacheMiss(call)
}

func (c *fileCheck) lazySingleton(call *pyindex.Call) bool {
	stmt := call.Node
	for stmt != nil && stmt.Type() != "assignment" && stmt.Type() != "expression_statement" && stmt.Type() != "block" {
		stmt = stmt.Parent()
	}
	if stmt == nil || stmt.Type() != "assignment" {
		return false
	}
	left := stmt.ChildByField("left")
	if left == nil {
		return false
	}
	target := squash(left.Text())
	if left.Type() == "identifier" && !call.Function.Scope.IsGlobal(left.Text()) {
		return false
	}
	if right := stmt.ChildByField("right"); right != nil && right.Type() == "boolean_operator" {
		if l := right.ChildByField("left"); l != nil && squash(l.Text()) == target {
			return true
		}
	}
	for a := stmt.Parent(); a != nil && a != call.Function.Node; a = a.Parent() {
		if a.Type() != "if_statement" {
			continue
		}
		if cond := a.ChildByField("condition"); cond != nil && strings.Contains(squash(cond.Text()), target) {
			return true
		}
	}
	return false
}

// lifecycle returns the module's startup and shutdown functions: a
// function passed as lifespan= (FastAPI, Starlette), decorated
// @app.on_event("startup"/"shutdown"), or registered with
// add_event_handler. They run before the app serves or after it stopped,
// so blocking there delays startup but stalls no request.
func (c *fileCheck) lifecycle() map[*pyindex.Function]bool {
	if c.lifecycleSet != nil {
		return c.lifecycleSet
	}
	c.lifecycleSet = map[*pyindex.Function]bool{}
	mark := func(n *python.Node) {
		if n == nil || n.Type() != "identifier" {
			return
		}
		if b := c.m.Lookup(n.Text(), n); b != nil && b.Kind == pyindex.DefBinding {
			c.lifecycleSet[b.Function] = true
		}
	}
	for _, fn := range c.m.Functions {
		for _, d := range fn.Decorators {
			if d.Call != nil && pyindex.LastName(d.Text) == "on_event" {
				c.lifecycleSet[fn] = true
			}
		}
	}
	for _, call := range c.m.Calls {
		if a := call.Keyword("lifespan"); a != nil {
			mark(a.Value)
		}
		if call.Method == "add_event_handler" {
			if a := call.Arg(1, "func"); a != nil {
				mark(a.Value)
			}
		}
	}
	return c.lifecycleSet
}

// onCacheMiss reports whether a creation runs only when a module-level
// cache misses: the function returns early from the cache (if _key: return
// ..., try: return CACHE[k] except KeyError, if k in CACHE: return ...)
// before the call, and stores into the same cache (a global it declares,
// CACHE[k] = ..., CACHE.update/setdefault). The client is then created
// about once per key per process, not per request.
func (c *fileCheck) onCacheMiss(call *pyindex.Call) bool {
	fn := call.Function
	if fn == nil || fn.Body == nil {
		return false
	}
	caches := c.cacheStores(fn)
	if len(caches) == 0 {
		return false
	}
	hit := false
	python.InspectOwn(fn.Body, func(n *python.Node) bool {
		if hit || n.Start() >= call.Node.Start() {
			return false
		}
		switch n.Type() {
		case "return_statement":
			for name := range caches {
				if mentions(n.Text(), name) || c.guardedBy(n, fn, name) {
					hit = true
				}
			}
		}
		return true
	})
	return hit
}

// cacheStores returns the module-level names fn stores into: a global it
// declares and assigns, or a module-level container it assigns an item
// of or updates.
func (c *fileCheck) cacheStores(fn *pyindex.Function) map[string]bool {
	out := map[string]bool{}
	moduleName := func(n *python.Node) string {
		if n == nil || n.Type() != "identifier" {
			return ""
		}
		name := n.Text()
		if _, local := fn.Scope.Bindings[name]; local && !fn.Scope.IsGlobal(name) {
			return ""
		}
		if _, ok := c.m.Scope.Bindings[name]; !ok && !fn.Scope.IsGlobal(name) {
			return ""
		}
		return name
	}
	python.InspectOwn(fn.Body, func(n *python.Node) bool {
		switch n.Type() {
		case "assignment":
			left := n.ChildByField("left")
			switch {
			case left == nil:
			case left.Type() == "identifier" && fn.Scope.IsGlobal(left.Text()):
				out[left.Text()] = true
			case left.Type() == "subscript":
				if name := moduleName(left.ChildByField("value")); name != "" {
					out[name] = true
				}
			}
		case "call":
			if f := n.ChildByField("function"); f != nil && f.Type() == "attribute" {
				if a := f.ChildByField("attribute"); a != nil && (a.Text() == "update" || a.Text() == "setdefault") {
					if name := moduleName(f.ChildByField("object")); name != "" {
						out[name] = true
					}
				}
			}
		}
		return true
	})
	return out
}

// guardedBy reports whether n lies under an if of fn whose condition
// mentions name.
func (c *fileCheck) guardedBy(n *python.Node, fn *pyindex.Function, name string) bool {
	for a := n.Parent(); a != nil && a != fn.Node; a = a.Parent() {
		if a.Type() == "if_statement" {
			if cond := a.ChildByField("condition"); cond != nil && mentions(cond.Text(), name) {
				return true
			}
		}
	}
	return false
}

// mentions reports whether text holds name as a whole identifier.
func mentions(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		if (j == 0 || !isIdentByte(text[j-1])) && (end == len(text) || !isIdentByte(text[end])) {
			return true
		}
		i = end
	}
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
