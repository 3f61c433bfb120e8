package asyncradar

import (
	"fmt"
	"strings"

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
	"sqlalchemy.ext.asyncio.create_async_engine",
	"redis.asyncio.ConnectionPool", "redis.asyncio.ConnectionPool.from_url",
	"httpx.AsyncClient", "aiohttp.ClientSession", "motor.motor_asyncio.AsyncIOMotorClient", "databases.Database",
}, asyncRedisClients...)...)

// poolPerRequest reports pools and clients created in a request handler.
func (c *fileCheck) poolPerRequest(call *pyindex.Call) {
	if call.Function == nil {
		return
	}
	role, ok := c.handlers()[call.Function]
	if !ok {
		return
	}
	for _, q := range call.Candidates() {
		if !poolFactories[q] {
			continue
		}
		what := "a connection pool"
		switch {
		case q == "asyncpg.connect":
			what = "a database connection"
		case strings.HasPrefix(q, "httpx.") || strings.HasPrefix(q, "aiohttp."):
			what = "an HTTP client and its connection pool"
		case strings.Contains(q, "redis"):
			what = "a Redis client and its connection pool"
		case strings.Contains(q, "engine"):
			what = "a database engine and its pool"
		}
		c.add(&finding{rule: RulePoolPerRequest, call: call, node: call.Node,
			msg: fmt.Sprintf("%s in %s %s creates %s on every request; create it once at startup (lifespan or a cached dependency) and reuse it",
				displayName(call, q), role, call.Function.QualName, what)})
		return
	}
}
