package asyncradar

import (
	"fmt"
	"strings"

	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// syncRedisClients and asyncRedisClients are the constructors of Redis
// clients, by qualified name: the one list the blocking, pool and cache
// rules read.
var (
	syncRedisClients = []string{
		"redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url", "redis.StrictRedis.from_url",
		"redis.client.Redis", "redis.client.StrictRedis", "redis.RedisCluster", "redis.cluster.RedisCluster", "redis.Redis.from_pool",
	}
	asyncRedisClients = []string{
		"redis.asyncio.Redis", "redis.asyncio.StrictRedis", "redis.asyncio.from_url", "redis.asyncio.Redis.from_url",
		"redis.asyncio.client.Redis", "redis.asyncio.RedisCluster", "redis.asyncio.cluster.RedisCluster", "redis.asyncio.Redis.from_pool",
		"aioredis.from_url", "aioredis.Redis", "aioredis.Redis.from_url", "aioredis.create_redis_pool", "coredis.Redis",
	}
	redisClientTypes = setOf(append(append([]string(nil), syncRedisClients...), asyncRedisClients...)...)
)

// notCommands are client methods that send nothing to the server.
var notCommands = setOf("pipeline", "pubsub", "lock", "register_script", "close", "aclose", "connection_pool", "client",
	"get_encoder", "get_connection_kwargs", "set_response_callback", "from_url", "from_pool", "monitor")

var ttlKeywords = setOf("ex", "px", "exat", "pxat", "keepttl")
var expireMethods = setOf("expire", "pexpire", "expireat", "pexpireat")
var keyedMethods = setOf("get", "set", "setex", "psetex", "setnx", "getex", "getdel", "hget", "hset", "hgetall", "hmget", "hmset", "hsetnx")

// redisReceiver tells whether a method call goes to a Redis client, and
// whether the receiver is a pipeline (whose commands are buffered until
// execute).
func (c *fileCheck) redisReceiver(call *pyindex.Call) (client, pipeline bool) {
	if call.Receiver == nil || call.Method == "" || isModuleRef(call) {
		return false, false
	}
	t := c.m.TypeOf(call.Receiver)
	if t == "" {
		return strings.Contains(strings.ToLower(lastName(call.Receiver)), "redis"), false
	}
	t = strings.TrimSuffix(t, "()")
	if base, ok := strings.CutSuffix(t, ".pipeline"); ok && redisClientTypes[strings.TrimSuffix(base, "()")] {
		return true, true
	}
	return redisClientTypes[t], false
}

// redisCall reviews the look-aside cache rules on a Redis command.
func (c *fileCheck) redisCall(call *pyindex.Call) {
	client, pipeline := c.redisReceiver(call)
	if !client || notCommands[call.Method] || strings.HasPrefix(call.Method, "_") {
		return
	}
	switch call.Method {
	case "set":
		if !hasTTL(call) {
			c.add(&finding{rule: RuleRedisTTL, call: call, node: call.Node,
				msg: fmt.Sprintf("redis set via %s stores %s without expiry: the entry never expires and keeps serving stale values after a model or data change; pass ex=<seconds> (or px, exat, pxat, keepttl) or use setex",
					call.Text, keyLabel(call))})
		}
	case "hset", "hmset", "hsetnx", "setnx":
		if !c.expireFollows(call) {
			c.add(&finding{rule: RuleRedisTTL, call: call, node: call.Node,
				msg: fmt.Sprintf("redis %s on %s has no later expire on the same key in this function: the key never expires; call expire(%s, <seconds>) after it",
					call.Method, keyLabel(call), keyLabel(call))})
		}
	}
	if keyedMethods[call.Method] {
		c.cacheKey(call)
	}
	if pipeline && call.Method != "execute" {
		return // buffered: the round trip happens at execute
	}
	onRequestPath := call.OnLoop || call.Function != nil && isRoute(call.Function)
	if !onRequestPath {
		return
	}
	caught, hint := c.inFallback(call.Node)
	if caught || c.protectedFn(call.Function) {
		return
	}
	msg := fmt.Sprintf("redis call %s on the request path has no fallback: when Redis is unavailable the request fails instead of computing the value; wrap it in try/except redis.exceptions.RedisError and fall back to the uncached path",
		call.Text)
	if hint != "" {
		msg += fmt.Sprintf(" (the builtin %s caught here is not redis-py's exception of that name)", hint)
	}
	c.add(&finding{rule: RuleRedisFallback, call: call, node: call.Node, msg: msg})
}

func hasTTL(call *pyindex.Call) bool {
	if call.HasStarArgs() {
		return true
	}
	positional := 0
	for _, a := range call.Args {
		if ttlKeywords[a.Keyword] {
			return true
		}
		if a.Keyword == "" && a.Star == "" {
			positional++
		}
	}
	return positional >= 3 // set(name, value, ex)
}

func keyArg(call *pyindex.Call) *python.Node {
	if a := call.Arg(0, "name"); a != nil {
		return a.Value
	}
	if a := call.Keyword("key"); a != nil {
		return a.Value
	}
	return nil
}

func keyLabel(call *pyindex.Call) string {
	k := keyArg(call)
	if k == nil {
		return "its key"
	}
	t := k.Text()
	if len(t) > 60 {
		t = t[:57] + "..."
	}
	return "key " + t
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// expireFollows reports whether an expire on the same key comes after the
// call in the same function (or at module level).
func (c *fileCheck) expireFollows(call *pyindex.Call) bool {
	key := keyArg(call)
	if key == nil {
		return true // cannot tell which key
	}
	calls := c.m.Calls
	if call.Function != nil {
		calls = call.Function.Calls
	}
	for _, o := range calls {
		if !expireMethods[o.Method] || o.Node.Start() < call.Node.End() {
			continue
		}
		if k := keyArg(o); k != nil && squash(k.Text()) == squash(key.Text()) {
			return true
		}
	}
	return false
}

// cacheKey reports a key of a cache of model output that lacks the model
// version.
func (c *fileCheck) cacheKey(call *pyindex.Call) {
	key := keyArg(call)
	if key == nil || !c.modelContext(call, key) {
		return
	}
	if c.keyHasVersion(key) != versionMissing {
		return
	}
	c.add(&finding{rule: RuleCacheKeyVersion, call: call, node: key,
		msg: fmt.Sprintf("cache key %s does not include the model version: after a model swap the cache keeps serving the previous model's predictions; add the model version (a name containing %q) to the key",
			strings.TrimPrefix(keyLabel(call), "key "), c.s.version)})
}

var modelWords = []string{"pred", "score", "infer", "model"}

// modelContext reports whether a Redis command caches model output: the
// key says so, or the function also runs inference.
func (c *fileCheck) modelContext(call *pyindex.Call, key *python.Node) bool {
	text := strings.ToLower(key.Text())
	if k := key.Unparen(); k.Type() == "identifier" {
		if b := c.m.Lookup(k.Text(), k); b != nil && b.Value != nil {
			text += " " + strings.ToLower(b.Value.Text())
		}
	}
	for _, w := range modelWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	if call.Function == nil {
		return false
	}
	for _, o := range call.Function.Calls {
		name := strings.ToLower(o.Method)
		if name == "" {
			name = strings.ToLower(pyindex.LastName(o.Text))
		}
		if strings.Contains(name, "predict") || strings.Contains(name, "infer") || strings.Contains(name, "model") {
			return true
		}
		if b := c.classify(o); b != nil && b.fam.rule == RuleModel {
			return true
		}
	}
	return false
}

type versionState int

const (
	versionUnknown versionState = iota
	versionPresent
	versionMissing
)

// keyHasVersion looks for the model version symbol in a key expression, in
// the assignments of the names it uses, and in the bodies of local
// functions that build it. A key that is a parameter is built by the
// caller: unknown.
func (c *fileCheck) keyHasVersion(key *python.Node) versionState {
	sym := c.s.version
	key = key.Unparen()
	if key.Type() == "identifier" {
		if strings.Contains(strings.ToLower(key.Text()), sym) {
			return versionPresent
		}
		b := c.m.Lookup(key.Text(), key)
		if b == nil || b.Value == nil || (b.Kind != pyindex.AssignBinding && b.Kind != pyindex.WalrusBinding) {
			return versionUnknown
		}
		key = b.Value
	}
	if strings.Contains(strings.ToLower(key.Text()), sym) {
		return versionPresent
	}
	state := versionMissing
	python.Inspect(key, func(n *python.Node) bool {
		switch n.Type() {
		case "identifier":
			if b := c.m.Lookup(n.Text(), n); b != nil && b.Value != nil && strings.Contains(strings.ToLower(b.Value.Text()), sym) {
				state = versionPresent
			}
		case "call":
			if call := c.m.Call(n); call != nil && call.Target != nil && call.Target.Body != nil &&
				strings.Contains(strings.ToLower(call.Target.Body.Text()), sym) {
				state = versionPresent
			}
		}
		return state != versionPresent
	})
	return state
}

// inFallback reports whether n runs inside a try (or contextlib.suppress)
// of its function that catches Redis errors. hint names a builtin
// exception that was caught instead, if any.
func (c *fileCheck) inFallback(n *python.Node) (caught bool, hint string) {
	child := n
	for a := n.Parent(); a != nil; child, a = a, a.Parent() {
		switch a.Type() {
		case "function_definition", "lambda", "class_definition":
			return false, hint
		case "try_statement":
			if child.Field() == "body" {
				ok, h := c.catchesRedis(a)
				if ok {
					return true, ""
				}
				if hint == "" {
					hint = h
				}
			}
		case "with_statement":
			if child.Field() == "body" && c.suppressesRedis(a) {
				return true, ""
			}
		}
	}
	return false, hint
}

var builtinLookalikes = setOf("ConnectionError", "TimeoutError", "OSError", "ConnectionRefusedError", "ConnectionResetError")

func (c *fileCheck) catchesRedis(try *python.Node) (bool, string) {
	hint := ""
	for clause := range try.NamedChildren() {
		if clause.Type() != "except_clause" && clause.Type() != "except_group_clause" {
			continue
		}
		var types []*python.Node
		for x := range clause.NamedChildren() {
			if x.Type() == "block" || x.IsExtra() {
				continue
			}
			if x.Type() == "as_pattern" {
				x = x.NamedChild(0)
			}
			if x != nil {
				types = append(types, x)
			}
			break
		}
		if len(types) == 0 {
			return true, "" // bare except
		}
		if t := types[0].Unparen(); t.Type() == "tuple" {
			types = types[:0]
			for e := range t.NamedChildren() {
				types = append(types, e)
			}
		}
		for _, t := range types {
			ok, h := c.redisErrorName(t)
			if ok {
				return true, ""
			}
			if hint == "" {
				hint = h
			}
		}
	}
	return false, hint
}

func (c *fileCheck) redisErrorName(t *python.Node) (bool, string) {
	q := c.m.QualifiedName(t)
	switch {
	case q == "":
		return false, ""
	case q == "Exception" || q == "BaseException" || q == "builtins.Exception" || q == "builtins.BaseException":
		return true, ""
	case strings.HasPrefix(q, "redis.") || strings.HasPrefix(q, "aioredis.") || strings.HasPrefix(q, "coredis."):
		return true, ""
	case c.s.redisErrors[q] || c.s.redisErrors[pyindex.LastName(q)]:
		return true, ""
	case builtinLookalikes[q]:
		return false, q
	}
	return false, ""
}

func (c *fileCheck) suppressesRedis(with *python.Node) bool {
	ok := false
	python.Inspect(with, func(n *python.Node) bool {
		if n.Type() == "block" {
			return false
		}
		if n.Type() == "call" {
			if call := c.m.Call(n); call != nil && call.Callee == "contextlib.suppress" {
				for _, a := range call.Args {
					if yes, _ := c.redisErrorName(a.Value); yes {
						ok = true
					}
				}
			}
		}
		return !ok
	})
	return ok
}

// protectedFn reports whether every call of fn in this module is inside a
// Redis fallback, so a helper's commands are covered by its callers.
func (c *fileCheck) protectedFn(fn *pyindex.Function) bool {
	if fn == nil {
		return false
	}
	if v, ok := c.protected[fn]; ok {
		return v
	}
	if c.protected == nil {
		c.protected = map[*pyindex.Function]bool{}
	}
	c.protected[fn] = false // a recursive call is not a fallback
	callers := 0
	all := true
	for _, o := range c.m.Calls {
		if o.Target != fn {
			continue
		}
		callers++
		if ok, _ := c.inFallback(o.Node); !ok {
			all = false
			break
		}
	}
	c.protected[fn] = callers > 0 && all
	return c.protected[fn]
}
