package asyncradar

import (
	"fmt"
	"regexp"
	"sort"
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

var ttlKeywords = setOf("ex", "px", "exat", "pxat", "keepttl")
var expireMethods = setOf("expire", "pexpire", "expireat", "pexpireat")

// redisReceiver tells whether a method call goes to a Redis client, and
// whether the receiver is a pipeline (whose commands are buffered until
// execute). A client is known by its type (constructor, factory,
// annotation); a receiver of unknown type counts only when its name says
// Redis and the module imports a Redis library.
func (c *fileCheck) redisReceiver(call *pyindex.Call) (client, pipeline bool) {
	if call.Receiver == nil || call.Method == "" || isModuleRef(call) {
		return false, false
	}
	t := strings.TrimSuffix(c.m.TypeOf(call.Receiver), "()")
	for _, p := range []string{".pipeline", ".pipeline()", ".transaction"} {
		if base, ok := strings.CutSuffix(t, p); ok && redisClientTypes[strings.TrimSuffix(base, "()")] {
			return true, true
		}
	}
	if redisClientTypes[t] {
		return true, false
	}
	// An attribute of something typed (request.app.state.redis) is
	// still unknown: its name decides.
	return (t == "" || c.derivedType(call.Receiver, t)) && c.importsRedis() &&
		strings.Contains(strings.ToLower(lastName(call.Receiver)), "redis"), false
}

func (c *fileCheck) importsRedis() bool {
	if c.redisImported == 0 {
		c.redisImported = -1
		for _, lib := range []string{"redis", "aioredis", "coredis"} {
			if c.m.Imported(lib) != nil {
				c.redisImported = 1
			}
		}
	}
	return c.redisImported > 0
}

var (
	// cacheReads are the commands a look-aside cache reads with.
	cacheReads = setOf("get", "hget", "hgetall", "getex")
	// cacheWrites are the commands that fill it on a miss.
	cacheWrites = setOf("set", "setex", "psetex", "setnx", "hset", "hmset", "hsetnx", "mset", "msetnx")
)

// A lookAside is a read of a Redis key that, on a miss, is followed by a
// write of the same key in the same function: the cache-aside pattern.
// Redis used as a broker, lease store, rate limiter or durable store has
// no such pair, and its keys must not expire nor fall back.
type lookAside struct {
	read, write *pyindex.Call
}

// lookAsides finds the look-aside pairs of a function.
func (c *fileCheck) lookAsides(fn *pyindex.Function) []lookAside {
	if fn == nil {
		return nil
	}
	if got, ok := c.asides[fn]; ok {
		return got
	}
	// One pass collects the Redis reads and, by key, the writes in
	// source order; each read pairs with the first write of its key that
	// follows it.
	var reads []*pyindex.Call
	writes := map[string][]*pyindex.Call{}
	for _, call := range fn.Calls {
		if !cacheReads[call.Method] && !cacheWrites[call.Method] {
			continue
		}
		key := keyArg(call)
		if key == nil {
			continue
		}
		if ok, _ := c.redisReceiver(call); !ok {
			continue
		}
		if cacheReads[call.Method] {
			reads = append(reads, call)
		} else {
			k := squash(key.Text())
			writes[k] = append(writes[k], call)
		}
	}
	var out []lookAside
	for _, r := range reads {
		ws := writes[squash(keyArg(r).Text())]
		i := sort.Search(len(ws), func(i int) bool { return ws[i].Node.Start() > r.Node.Start() })
		if i < len(ws) {
			out = append(out, lookAside{read: r, write: ws[i]})
		}
	}
	if c.pairOf == nil {
		c.pairOf = map[*pyindex.Call]*lookAside{}
	}
	for i := range out {
		c.pairOf[out[i].read], c.pairOf[out[i].write] = &out[i], &out[i]
	}
	if c.asides == nil {
		c.asides = map[*pyindex.Function][]lookAside{}
	}
	c.asides[fn] = out
	return out
}

// redisCall reviews a Redis command: the look-aside cache rules apply to
// the reads and writes of a look-aside pair only.
func (c *fileCheck) redisCall(call *pyindex.Call) {
	if !cacheReads[call.Method] && !cacheWrites[call.Method] {
		return
	}
	c.lookAsides(call.Function)
	pair := c.pairOf[call]
	if pair == nil {
		return
	}
	if call == pair.write {
		c.expiry(call)
	}
	c.cacheKey(call)
	_, pipeline := c.redisReceiver(call)
	onRequestPath := call.OnLoop || call.Function != nil && isRoute(call.Function)
	if pipeline || !onRequestPath {
		return // a pipeline's commands are sent by execute
	}
	caught, hint := c.inFallback(call.Node)
	if caught || c.protectedFn(call.Function) {
		return
	}
	msg := fmt.Sprintf("redis call %s of a look-aside cache has no fallback: when Redis is unavailable the request fails instead of computing the value; wrap it in try/except redis.exceptions.RedisError and fall back to the uncached path",
		call.Text)
	if hint != "" {
		msg += fmt.Sprintf(" (the builtin %s caught here is not redis-py's exception of that name)", hint)
	}
	c.add(&finding{rule: RuleRedisFallback, call: call, node: call.Node, msg: msg})
}

// expiry reports the write of a look-aside pair that sets no expiry by any
// means: SET without ex/px/exat/pxat/keepttl (ex=None sets none), MSET, or
// HSET/SETNX with no later EXPIRE of the key in the function (pipelines
// and transactions included).
func (c *fileCheck) expiry(call *pyindex.Call) {
	switch call.Method {
	case "setex", "psetex":
		return
	case "set":
		if hasTTL(call) || c.expireFollows(call) {
			return
		}
		c.add(&finding{rule: RuleRedisTTL, call: call, node: call.Node,
			msg: fmt.Sprintf("redis set via %s fills a look-aside cache entry (%s) without expiry: the entry never expires and keeps serving stale values after a model or data change; pass ex=<seconds> (or px, exat, pxat, keepttl) or use setex",
				call.Text, keyLabel(call))})
	default:
		if c.expireFollows(call) {
			return
		}
		c.add(&finding{rule: RuleRedisTTL, call: call, node: call.Node,
			msg: fmt.Sprintf("redis %s fills a look-aside cache entry (%s) and no expire of that key follows in this function: the key never expires; call expire(%s, <seconds>) after it",
				call.Method, keyLabel(call), strings.TrimPrefix(keyLabel(call), "key "))})
	}
}

func hasTTL(call *pyindex.Call) bool {
	if call.HasStarArgs() {
		return true
	}
	for _, a := range call.Args {
		if ttlKeywords[a.Keyword] && a.Value.Type() != "none" && a.Value.Text() != "False" {
			return true
		}
		if a.Keyword == "" && a.Star == "" && a.Index == 2 && a.Value.Type() != "none" {
			return true // set(name, value, ex)
		}
	}
	return false
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
	for _, at := range c.expiresOf(call.Function)[squash(key.Text())] {
		if at >= call.Node.End() {
			return true
		}
	}
	return false
}

// expiresOf returns, once per function (nil: the module), where each key
// is given an expiry by expire, pexpire, expireat or pexpireat.
func (c *fileCheck) expiresOf(fn *pyindex.Function) map[string][]int {
	if got, ok := c.expires[fn]; ok {
		return got
	}
	calls := c.m.Calls
	if fn != nil {
		calls = fn.Calls
	}
	out := map[string][]int{}
	for _, o := range calls {
		if !expireMethods[o.Method] {
			continue
		}
		if k := keyArg(o); k != nil {
			out[squash(k.Text())] = append(out[squash(k.Text())], o.Node.Start())
		}
	}
	if c.expires == nil {
		c.expires = map[*pyindex.Function]map[string][]int{}
	}
	c.expires[fn] = out
	return out
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
	return c.runsInference(call.Function)
}

// runsInference reports, once per function, whether fn also calls a
// model: a callee named for prediction, inference or a model, or a call of
// RuleModel.
func (c *fileCheck) runsInference(fn *pyindex.Function) bool {
	if fn == nil {
		return false
	}
	if v, ok := c.inference[fn]; ok {
		return v
	}
	found := false
	for _, o := range fn.Calls {
		name := strings.ToLower(o.Method)
		if name == "" {
			name = strings.ToLower(pyindex.LastName(o.Text))
		}
		if strings.Contains(name, "predict") || strings.Contains(name, "infer") || strings.Contains(name, "model") {
			found = true
			break
		}
		if b := c.classify(o); b != nil && b.fam.rule == RuleModel {
			found = true
			break
		}
	}
	if c.inference == nil {
		c.inference = map[*pyindex.Function]bool{}
	}
	c.inference[fn] = found
	return found
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
	has := c.modelIdentity
	key = key.Unparen()
	if key.Type() == "identifier" {
		if has(key.Text()) {
			return versionPresent
		}
		b := c.m.Lookup(key.Text(), key)
		if b == nil || b.Value == nil || (b.Kind != pyindex.AssignBinding && b.Kind != pyindex.WalrusBinding) {
			return versionUnknown
		}
		key = b.Value
	}
	if has(key.Text()) {
		return versionPresent
	}
	state := versionMissing
	python.Inspect(key, func(n *python.Node) bool {
		switch n.Type() {
		case "identifier":
			if b := c.m.Lookup(n.Text(), n); b != nil && b.Value != nil && has(b.Value.Text()) {
				state = versionPresent
			}
		case "call":
			if call := c.m.Call(n); call != nil && call.Target != nil && call.Target.Body != nil &&
				has(call.Target.Body.Text()) {
				state = versionPresent
			}
		}
		return state != versionPresent
	})
	return state
}

// identityRE matches a name that identifies a model artifact: model_id,
// model.id, mojo_sha256, artifact_hash, MODEL_DIGEST, model.revision ...
var identityRE = regexp.MustCompile(`(?i)(model|mojo|artifact)(_\w+?)?[._](id|hash|digest|sha\w*|checksum|etag|rev\w*)\b`)

// modelIdentity reports whether source text names the model's identity:
// the model version symbol anywhere (variable, attribute, settings field),
// or a model, MOJO or artifact id, hash or digest.
func (c *fileCheck) modelIdentity(text string) bool {
	return strings.Contains(strings.ToLower(text), c.s.version) || identityRE.MatchString(text)
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
