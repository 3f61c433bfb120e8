package asyncradar

import (
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// A family groups blocking calls that share a rule and a remedy.
type family struct {
	rule   *acr.Rule
	effect string // what the call does to the loop
	advice string // what to do instead
}

var (
	famSleep = &family{RuleSleep, "blocks the event loop thread while it sleeps", "use await asyncio.sleep(...)"}
	famHTTP  = &family{RuleHTTP, "blocks the event loop on network I/O",
		"use httpx.AsyncClient (await client.get(...)) or aiohttp, or offload it with await asyncio.to_thread(...)"}
	famProc = &family{RuleSubprocess, "blocks the event loop while it runs a process",
		"use await asyncio.create_subprocess_exec(...) or create_subprocess_shell(...)"}
	// famSpawn starts a process and returns: the fork and exec hold the
	// loop briefly, the wait for the process is reported where it is.
	famSpawn = &family{RuleSubprocess, "blocks the event loop while it forks and starts a process",
		"use await asyncio.create_subprocess_exec(...) or create_subprocess_shell(...)"}
	famFile = &family{RuleFileIO, "blocks the event loop on file I/O",
		"use aiofiles or anyio.Path, or offload it with await asyncio.to_thread(...)"}
	famSocket = &family{RuleSocket, "blocks the event loop on a socket",
		"use asyncio streams (await asyncio.open_connection(...)), loop.sock_* or await loop.getaddrinfo(...)"}
	famInput = &family{RuleInput, "blocks the event loop waiting for console input",
		"offload it with await asyncio.to_thread(input, ...)"}
	famDB = &family{RuleDB, "blocks the event loop on a synchronous database call",
		"use asyncpg or SQLAlchemy's AsyncSession, or offload it with await run_in_threadpool(...)"}
	famRedis = &family{RuleRedisSync, "blocks the event loop on a synchronous Redis command",
		"use redis.asyncio.Redis and await the command"}
	famModel = &family{RuleModel, "blocks the event loop with CPU-bound model inference",
		"offload it with await loop.run_in_executor(None, fn, *args) or await asyncio.to_thread(fn, *args)"}
	famH2O = &family{RuleModel, "blocks the event loop on a call to the H2O cluster",
		"offload it with await loop.run_in_executor(None, fn, *args) or await asyncio.to_thread(fn, *args)"}
	famMojoPredict = &family{RuleModel, "blocks the event loop while it starts a Java process for every call",
		"load the MOJO once at startup and score with await loop.run_in_executor(None, model.predict, frame)"}
	famCPU = &family{RuleCPU, "runs CPU-bound data-frame work on the event loop",
		"offload it with await asyncio.to_thread(...) or await loop.run_in_executor(None, ...)"}
)

// blockingFuncs maps qualified callees to their family.
var blockingFuncs = map[string]*family{}

func addFuncs(f *family, names ...string) {
	for _, n := range names {
		blockingFuncs[n] = f
	}
}

func init() {
	addFuncs(famSleep, "time.sleep")
	for _, m := range []string{"get", "post", "put", "patch", "delete", "head", "options", "request"} {
		addFuncs(famHTTP, "requests."+m, "requests.api."+m, "httpx."+m, "httpx2."+m)
	}
	addFuncs(famHTTP, "httpx.stream", "httpx2.stream", "urllib3.request")
	addFuncs(famProc, "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
		"subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen", "os.wait",
		"os.wait3", "os.wait4", "os.waitpid", "os.waitid")
	addFuncs(famSpawn, "subprocess.Popen", "os.posix_spawn", "os.posix_spawnp")
	for _, s := range []string{"l", "le", "lp", "lpe", "v", "ve", "vp", "vpe"} {
		addFuncs(famProc, "os.spawn"+s)
	}
	addFuncs(famInput, "input", "builtins.input", "getpass.getpass", "sys.stdin.read", "sys.stdin.readline", "sys.stdin.readlines")
	addFuncs(famDB, "psycopg2.connect", "psycopg.connect", "psycopg.Connection.connect", "pymysql.connect",
		"MySQLdb.connect", "mysql.connector.connect", "sqlite3.connect", "pyodbc.connect", "cx_Oracle.connect",
		"oracledb.connect", "pymssql.connect")
	addFuncs(famMojoPredict, "h2o.mojo_predict_pandas", "h2o.mojo_predict_csv")
	addFuncs(famH2O, "h2o.import_mojo", "h2o.upload_mojo", "h2o.H2OFrame", "h2o.frame.H2OFrame", "h2o.load_model",
		"h2o.upload_model", "h2o.import_file", "h2o.upload_file", "h2o.get_model", "h2o.predict")
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// A typeRule matches method calls by what the receiver holds.
type typeRule struct {
	fam   *family
	bases []string
	// chain lists the methods whose results keep the family (conn.cursor(),
	// session.query(...).filter(...)); nil: only the bases themselves.
	chain map[string]bool
	// prefix makes every base match as a dotted prefix ("h2o.").
	prefix  bool
	methods map[string]bool
	// anyMethodBut, when set, matches every method not in it (private and
	// capitalized ones excepted: helpers and constructors of sub-objects,
	// such as a boto3 resource's Bucket(...)).
	anyMethodBut map[string]bool
	// methodPrefixes, when set, matches the methods that start with one
	// of them followed by nothing or "_" (get, get_bucket).
	methodPrefixes []string
}

var httpMethods = setOf("get", "post", "put", "patch", "delete", "head", "options", "request", "send")

var typeRules = []*typeRule{
	{fam: famHTTP, bases: []string{"requests.Session", "requests.session", "requests.sessions.Session", "requests.sessions.session"}, methods: httpMethods},
	{fam: famHTTP, bases: []string{"httpx.Client", "httpx2.Client"},
		methods: setOf("get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "close")},
	{fam: famHTTP, bases: []string{"urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPConnectionPool", "urllib3.HTTPSConnectionPool",
		"urllib3.connection_from_url", "urllib3.proxy_from_url", "urllib3.poolmanager.PoolManager", "urllib3.poolmanager.ProxyManager",
		"urllib3.connectionpool.ConnectionPool", "urllib3.connectionpool.HTTPConnectionPool", "urllib3.connectionpool.HTTPSConnectionPool",
		"urllib3.request.RequestMethods", "urllib3.connectionpool.connection_from_url"},
		anyMethodBut: setOf("connection_from_host", "connection_from_url", "connection_from_context", "connection_from_pool_key")},
	{fam: famHTTP, bases: []string{"http.client.HTTPConnection", "http.client.HTTPSConnection"},
		methods: setOf("request", "getresponse", "connect", "endheaders", "send")},
	{fam: famHTTP, bases: []string{"urllib.request.build_opener", "urllib.request.OpenerDirector"}, methods: setOf("open")},
	{fam: famProc, bases: []string{"subprocess.Popen"}, methods: setOf("wait", "communicate")},
	{fam: famSocket, bases: []string{"socket.socket", "socket.create_connection"},
		methods: setOf("recv", "recv_into", "recvfrom", "recvfrom_into", "recvmsg", "send", "sendall", "sendto", "sendmsg", "sendfile", "connect", "accept")},
	{fam: famDB, bases: []string{
		"psycopg2.connect", "psycopg2.extensions.connection", "psycopg.connect", "psycopg.Connection", "psycopg.Connection.connect",
		"pymysql.connect", "pymysql.Connection", "pymysql.connections.Connection", "MySQLdb.connect", "mysql.connector.connect",
		"sqlite3.connect", "sqlite3.Connection", "sqlite3.Cursor", "pyodbc.connect", "cx_Oracle.connect", "oracledb.connect", "pymssql.connect",
		"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine", "sqlalchemy.Engine", "sqlalchemy.engine.Engine",
		"sqlalchemy.engine.base.Engine", "sqlalchemy.Connection", "sqlalchemy.engine.Connection", "sqlalchemy.orm.Session",
		"sqlalchemy.orm.session.Session", "sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.scoped_session",
		"sqlmodel.Session", "sqlmodel.create_engine"},
		chain: setOf("factory", "connect", "cursor", "begin", "query", "filter", "filter_by", "order_by", "join", "outerjoin", "options",
			"where", "limit", "offset", "group_by", "having", "distinct", "select_from", "execution_options"),
		methods: setOf("execute", "executemany", "executescript", "commit", "rollback", "connect", "scalar", "scalars", "get",
			"flush", "refresh", "merge", "callproc", "copy_expert", "copy_from", "copy_to", "all", "first", "one", "one_or_none", "count")},
	{fam: famRedis, bases: syncRedisClients,
		anyMethodBut: setOf("pipeline", "pubsub", "lock", "register_script", "get_encoder", "get_connection_kwargs", "client",
			"set_response_callback", "connection_pool", "transaction")},
	{fam: famRedis, bases: []string{"redis.Redis.pipeline", "redis.StrictRedis.pipeline", "redis.from_url.pipeline", "redis.Redis.from_url.pipeline",
		"redis.client.Redis.pipeline", "redis.RedisCluster.pipeline"}, methods: setOf("execute")},
	{fam: famModel, bases: []string{"h2o.", "daimojo.", "sklearn.", "xgboost.", "lightgbm.", "catboost.", "joblib.load", "pickle.load",
		"pickle.loads", "cloudpickle.load", "cloudpickle.loads", "dill.load"}, prefix: true,
		methods: setOf("predict", "predict_proba", "predict_log_proba", "predict_leaf_node_assignment", "predict_contributions",
			"decision_function", "model_performance", "train", "fit", "as_data_frame")},
	{fam: famModel, bases: []string{"onnxruntime.InferenceSession"}, methods: setOf("run")},
}

// matches reports whether the type t (as pyindex.TypeOf spells it) is one
// of the rule's bases or derives from one through its chain methods.
func (r *typeRule) matches(t string) bool {
	for _, base := range r.bases {
		// The tests below concatenate nothing: classify runs this for
		// every method call of every module parsed (crossModule's digest).
		if r.prefix {
			// t starts with base, or t+"." is base ("h2o" for "h2o.")
			if strings.HasPrefix(t, base) || len(base) == len(t)+1 && base[len(t)] == '.' && strings.HasPrefix(base, t) {
				return true
			}
			continue
		}
		if t == base || len(t) == len(base)+2 && strings.HasPrefix(t, base) && strings.HasSuffix(t, "()") {
			return true
		}
		if r.chain == nil || !strings.HasPrefix(t, base) {
			continue
		}
		rest := strings.ReplaceAll(t[len(base):], "()", "")
		if rest == "" {
			return true
		}
		if rest[0] != '.' {
			continue
		}
		ok := true
		for _, seg := range strings.Split(rest[1:], ".") {
			if !r.chain[seg] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (r *typeRule) hasMethod(m string) bool {
	if r.anyMethodBut != nil {
		return !r.anyMethodBut[m] && m != "" && m[0] != '_' && !(m[0] >= 'A' && m[0] <= 'Z')
	}
	for _, p := range r.methodPrefixes {
		if rest, ok := strings.CutPrefix(m, p); ok && (rest == "" || rest[0] == '_') {
			return true
		}
	}
	return r.methods[m]
}

var modelNames = setOf("model", "clf", "classifier", "regressor", "estimator", "predictor", "mojo", "booster")
var predictMethods = setOf("predict", "predict_proba", "predict_log_proba")
var pathReturning = setOf("parent", "joinpath", "with_suffix", "with_name", "with_stem", "with_segments", "resolve", "absolute",
	"expanduser", "relative_to", "home", "cwd")
var pathTypes = setOf("pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePath")

// A blocked is a call classified as blocking.
type blocked struct {
	fam  *family
	name string // the callee as the message names it
	// bounded says why a call costs little: a call of RuleFileIO touches
	// one local file or lists one directory (boundedOneFile) or removes a
	// scratch directory on a cleanup path (boundedCleanup), see
	// treeFileFuncs; a database call is one round trip in a function that
	// must stay async (roundTripNote, see roundTrip). Such a call is
	// reported as a note; "" for every other call.
	bounded string
	// contract: the imported bases of the caller's class, for a database
	// or Redis round trip that may be a note (roundTrip); tripTo names
	// what the round trip goes to ("database", "Redis").
	contract []string
	tripTo   string
}

// The reasons a blocking call is bounded, as messages end with them.
const (
	boundedOneFile = "it touches one local file"
	boundedCleanup = "it removes a scratch directory on a cleanup path"
	// boundedListings: a listing per item of a collection that is not a
	// listing (fileCost).
	boundedListings = "it lists one directory per item it was given, which reads names, not file data"
	// boundedItems: one file per item of a collection that is not a
	// listing (fileCost).
	boundedItems = "it touches one local file per item of a collection that is not a directory listing, and its cost is that of the files' sizes"
	// boundedUploads: one file per upload of the request (fileCost).
	boundedUploads = "it handles the request's own uploads, which the server has already received"
	// boundedOnMiss: see filledOnMiss.
	boundedOnMiss = "it fills a cache, and runs only when its caller finds that cache missing"
	// boundedSpawn: see famSpawn.
	boundedSpawn = "it returns once the process has started; waiting on it (wait(), communicate()) is reported where it blocks"
	// boundedHTTPClient: an HTTP client made per request (ARX112) costs
	// a handshake per call; pools of databases and Redis hold the
	// server's connections, which run out.
	boundedHTTPClient = "an HTTP client per request costs a connection handshake per call, not the connections of a shared server"
)

// noteSuffix ends the message of a finding reported as a note because its
// blocking work is bounded.
func noteSuffix(bounded string) string {
	if bounded == "" {
		return ""
	}
	return " (a note: " + bounded + ")"
}

// fileCost marks a file call that touches one file or directory: every
// call of RuleFileIO but the tree-wide ones (treeFileFuncs,
// treePathMethods, a glob that recurses). An rmtree on a cleanup path
// (best effort with ignore_errors, or in a finally or except clause)
// removes the scratch directory the function wrote, a job or temporary
// directory, or runs when something failed: it is bounded too.
func (c *fileCheck) fileCost(call *pyindex.Call, b *blocked, q string) *blocked {
	if b.fam != famFile {
		return b
	}
	// An os.walk that stops after its top directory is a listing of it,
	// costed as os.listdir is: per entry of a listing it walks the tree.
	oneListing := listingFuncs[q] || q == "os.walk" && c.walkStopsAtTop(call)
	items := overItems(call)
	switch {
	case c.filledOnMiss(call.Function):
		b.bounded = boundedOnMiss
	case q == "shutil.copyfileobj" && c.uploadSource(call) && !items:
		// An upload's file is spooled locally, in memory or in one
		// temporary file: copying it writes one local file.
		b.bounded = boundedOneFile
	case q == "shutil.copyfileobj" && c.uploadSource(call) && !overItemsBut(call, c.uploadLoop):
		b.bounded = boundedUploads
	case q == "shutil.rmtree" && cleanupPath(call):
		b.bounded = boundedCleanup
	case treeFileFuncs[q] && !oneListing, treePathMethods[call.Method] && strings.HasPrefix(q, "pathlib."):
	case (q == "glob.glob" || q == "glob.iglob") && recursiveGlob(call, true):
	case q == "pathlib.Path.glob" && recursiveGlob(call, false):
	case overItemsBut(call, c.notListing):
		// One file or listing per entry of a directory listing, walk or
		// archive: the loop reads or writes the whole tree.
	case items && !overItemsBut(call, c.uploadLoop):
		// One file per upload of the request: the server has received
		// and spooled every one already, so the work is bounded by the
		// request's own body, as reading it is.
		b.bounded = boundedUploads
	case items && oneListing:
		// One directory listed per item of a collection that is not
		// itself a listing (the roots a function was given): names, not
		// file data, like the single stats of ARX117.
		b.bounded = boundedListings
	case items:
		// One file per item of another collection (an email's
		// attachments, a workflow's scripts, a task's recordings): the
		// cost depends on file sizes nothing in the code states, and
		// reviewers kept 3 of 9 such loops on real services: a note that
		// says so (issue 14: a class that cannot reach the bar is a note).
		b.bounded = boundedItems
	default:
		b.bounded = boundedOneFile
	}
	return b
}

// filledOnMiss reports whether fn is a method that fills a cache on a
// miss, the lazy-fill idiom:
//
//	cache = cls()
//	if replace or not cache.exists():
//	    await cache.build()
//
// Every call of it in its module is guarded by an if that tests the very
// object it is called on for absence (not obj.exists(), not obj.loaded(),
// obj is None; an or with other tests, such as a forced rebuild at
// start-up, still guards), and there is at least one. Its work then runs
// at start-up or when the cache is missing, not on every request.
func (c *fileCheck) filledOnMiss(fn *pyindex.Function) bool {
	if fn == nil || fn.Class == nil {
		return false
	}
	if v, ok := c.onMiss[fn]; ok {
		return v
	}
	calls := 0
	guarded := true
	for _, call := range c.m.Calls {
		if call.Method != fn.Name || call.Receiver == nil || call.Function == fn {
			continue
		}
		calls++
		if !missGuarded(call) {
			guarded = false
			break
		}
	}
	if c.onMiss == nil {
		c.onMiss = map[*pyindex.Function]bool{}
	}
	c.onMiss[fn] = calls > 0 && guarded
	return c.onMiss[fn]
}

// missGuarded reports whether a method call sits in the body of an if
// (within its function) whose condition, or one operand of an or of it,
// tests the call's receiver for absence: not R.exists() or R is None (see
// testsAbsence), R being the receiver as written and not self or cls (a
// method of the cache that tests itself is not a caller that found it
// missing).
func missGuarded(call *pyindex.Call) bool {
	recv := squash(call.Receiver.Text())
	if recv == "self" || recv == "cls" {
		return false
	}
	for n := call.Node.Parent(); n != nil; n = n.Parent() {
		switch n.Type() {
		case "function_definition", "lambda":
			return false
		case "if_statement":
			cons := n.ChildByField("consequence")
			if cons == nil || call.Node.Start() < cons.Start() || call.Node.End() > cons.End() {
				continue
			}
			if testsAbsence(n.ChildByField("condition"), recv) {
				return true
			}
		}
	}
	return false
}

// presenceTests are the methods whose negation tests a cache for
// absence (not cache.exists()); not cache.enabled() tests a setting, and
// what it guards may run on every request.
var presenceTests = setOf("exists", "is_loaded", "loaded", "is_built", "built", "is_cached", "cached",
	"is_initialized", "initialized", "is_populated", "populated", "is_ready", "ready")

// testsAbsence reports whether a condition is, or has an operand of an or
// that is, not R.m(...) with m one of presenceTests, or R is None.
func testsAbsence(cond *python.Node, recv string) bool {
	cond = cond.Unparen()
	if cond == nil {
		return false
	}
	switch cond.Type() {
	case "boolean_operator":
		if op := cond.ChildByField("operator"); op == nil || op.Text() != "or" {
			return false
		}
		return testsAbsence(cond.ChildByField("left"), recv) || testsAbsence(cond.ChildByField("right"), recv)
	case "not_operator":
		arg := cond.ChildByField("argument").Unparen()
		if arg == nil || arg.Type() != "call" {
			return false
		}
		f := arg.ChildByField("function")
		if f == nil || f.Type() != "attribute" {
			return false
		}
		obj, method := f.ChildByField("object"), f.ChildByField("attribute")
		return obj != nil && squash(obj.Text()) == recv && method != nil && presenceTests[method.Text()]
	case "comparison_operator":
		return squash(cond.Text()) == recv+"isNone"
	}
	return false
}

// walkStopsAtTop reports whether an os.walk lists only its top directory:
// it is the iterable of a for loop whose body breaks unconditionally, or
// under if not P where P is a parameter whose default is False or None
// (list_files(directory, recursive=False)), with no continue before the
// break. A caller that passes P=True is not told apart: the helper's cost
// is judged once, by its default.
func (c *fileCheck) walkStopsAtTop(call *pyindex.Call) bool {
	loop := call.Node.Parent()
	if loop == nil || loop.Type() != "for_statement" || loop.ChildByField("right") != call.Node {
		return false
	}
	body := loop.ChildByField("body")
	if body == nil {
		return false
	}
	for stmt := range body.NamedChildren() {
		if continuesLoop(stmt) {
			// for ...: if skip(root): continue; ...; break walks on past
			// every directory it skips
			return false
		}
		switch stmt.Type() {
		case "break_statement":
			return true
		case "if_statement":
			cons := stmt.ChildByField("consequence")
			if cons == nil || cons.NamedChildCount() != 1 || cons.NamedChild(0).Type() != "break_statement" ||
				stmt.ChildByField("alternative") != nil {
				continue
			}
			cond := stmt.ChildByField("condition").Unparen()
			if cond == nil || cond.Type() != "not_operator" {
				continue
			}
			arg := cond.ChildByField("argument").Unparen()
			if arg == nil || arg.Type() != "identifier" {
				continue
			}
			b := c.m.Lookup(arg.Text(), arg)
			if b != nil && b.Kind == pyindex.ParamBinding && b.Value != nil && (b.Value.Text() == "False" || b.Value.Text() == "None") {
				return true
			}
		}
	}
	return false
}

// continuesLoop reports whether a statement of a loop's body holds a
// continue of that loop (not of a loop nested in it).
func continuesLoop(stmt *python.Node) bool {
	found := false
	python.InspectOwn(stmt, func(n *python.Node) bool {
		switch n.Type() {
		case "for_statement", "while_statement":
			return false
		case "continue_statement":
			found = true
		}
		return !found
	})
	return found
}

// overItems reports whether a call runs once per item of a collection: in
// the body of a for loop or a comprehension of its function that iterates
// over something other than range(...) (a retry loop touches one file).
func overItems(call *pyindex.Call) bool { return overItemsBut(call, nil) }

// overItemsBut is overItems, passing over the loops whose iterable exempt
// accepts (nil accepts none).
func overItemsBut(call *pyindex.Call, exempt func(it *python.Node) bool) bool {
	over := func(it *python.Node) bool {
		return overCollection(call, it) && (exempt == nil || !exempt(it))
	}
	for n := call.Node.Parent(); n != nil; n = n.Parent() {
		switch n.Type() {
		case "function_definition", "lambda":
			return false
		case "for_statement":
			if over(n.ChildByField("right")) {
				return true
			}
		case "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression":
			for c := range n.NamedChildren() {
				if c.Type() == "for_in_clause" && over(c.ChildByField("right")) {
					return true
				}
			}
		}
	}
	return false
}

// uploadLoop reports whether a loop's iterable is the request's own
// uploads: a parameter annotated list[UploadFile].
func (c *fileCheck) uploadLoop(it *python.Node) bool {
	it = it.Unparen()
	if it == nil || it.Type() != "identifier" {
		return false
	}
	b := c.m.Lookup(it.Text(), it)
	return b != nil && b.Kind == pyindex.ParamBinding && c.uploadList(b)
}

// notListing reports whether a loop's iterable is something other than
// the entries of a directory listing or walk: os.listdir(...), a glob,
// Path.iterdir(), the files of os.walk, a name bound to one of them, or
// one of them wrapped in sorted, list, set, enumerate and the like.
func (c *fileCheck) notListing(it *python.Node) bool { return !c.fromListing(it, 0) }

// moduleFunction reports whether a call is module.name(...) on an
// imported module (or a name imported from one), not a method of an
// object the code made.
func moduleFunction(call *pyindex.Call) bool {
	return call.Receiver != nil && call.Receiver.Type() == "identifier" &&
		call.Binding != nil && call.Binding.Kind == pyindex.ImportBinding
}

// listingWrappers are the builtins whose result holds the items of their
// argument.
var listingWrappers = setOf("sorted", "list", "set", "tuple", "enumerate", "reversed", "filter", "iter", "frozenset")

// maxListingDepth bounds the names and wrappers fromListing follows
// (files = sorted(names), names = os.listdir(d)); it also ends a cycle of
// names bound to each other.
const maxListingDepth = 4

// fromListing reports whether expr holds the entries of a directory
// listing, walk or archive (see notListing), depth names and wrappers in.
func (c *fileCheck) fromListing(expr *python.Node, depth int) bool {
	expr = expr.Unparen()
	if expr == nil || depth > maxListingDepth {
		return false
	}
	switch expr.Type() {
	case "call":
		call := c.m.Call(expr)
		if call == nil {
			return false
		}
		for _, q := range call.Candidates() {
			if listingFuncs[q] || treeFileFuncs[q] {
				return true
			}
		}
		// The entries of a directory tree, or of an archive unpacked into
		// one; not a module's function of that name (ast.walk,
		// inspect.getmembers), which lists no files.
		if (listingFuncs["pathlib.Path."+call.Method] || treePathMethods[call.Method] || archiveListings[call.Method]) &&
			!moduleFunction(call) {
			return true
		}
		if f, args := expr.ChildByField("function"), expr.ChildByField("arguments"); f != nil && args != nil && listingWrappers[f.Text()] {
			for a := range args.NamedChildren() {
				if c.fromListing(a, depth+1) {
					return true
				}
			}
		}
	case "identifier":
		b := c.m.Lookup(expr.Text(), expr)
		if b == nil {
			return false
		}
		if b.Kind == pyindex.ForBinding && b.Stmt != nil {
			return c.fromListing(b.Stmt.ChildByField("right"), depth+1)
		}
		if b.Value != nil {
			return c.fromListing(b.Value, depth+1)
		}
	case "list_comprehension", "set_comprehension", "generator_expression":
		for k := range expr.NamedChildren() {
			if k.Type() == "for_in_clause" && c.fromListing(k.ChildByField("right"), depth+1) {
				return true
			}
		}
	}
	return false
}

// overCollection reports whether a loop over it runs call once per item:
// it is not range(...), and call is not inside it (the iterable itself
// is evaluated once).
func overCollection(call *pyindex.Call, it *python.Node) bool {
	if it == nil || call.Node.Start() >= it.Start() && call.Node.End() <= it.End() {
		return false
	}
	if it.Type() == "call" {
		if f := it.ChildByField("function"); f != nil && f.Text() == "range" {
			return false
		}
	}
	return true
}

// cleanupPath reports whether an rmtree is cleanup: best effort
// (ignore_errors=True) or in a finally or except clause of its function.
func cleanupPath(call *pyindex.Call) bool {
	if a := call.Arg(1, "ignore_errors"); a != nil && a.Value.Text() == "True" {
		return true
	}
	for n := call.Node.Parent(); n != nil; n = n.Parent() {
		switch n.Type() {
		case "finally_clause", "except_clause", "except_group_clause":
			return true
		case "function_definition", "lambda":
			return false
		}
	}
	return false
}

// recursiveGlob reports whether a glob walks a tree: a "**" pattern (or
// one not written as a constant) given to Path.glob, or to glob.glob with
// recursive=True.
func recursiveGlob(call *pyindex.Call, module bool) bool {
	if module {
		if r := call.Keyword("recursive"); r == nil || r.Value.Text() == "False" {
			return false
		}
	}
	a := call.Positional(0)
	if a == nil {
		return false
	}
	v, ok := pyindex.StringValue(a.Value)
	return !ok || strings.Contains(v, "**")
}

// classify returns the family of a blocking call, or nil. It ignores
// where the call is: callers decide whether it runs on the loop.
//
// An await proves the callee async whatever was inferred of it: a method
// of a receiver typed by annotation or assignment, or a builtin name that
// a star import may rebind. A function imported from a known synchronous
// module stays blocking when awaited: it blocks, then the await fails.
func (c *fileCheck) classify(call *pyindex.Call) *blocked {
	if call.Func == nil {
		return nil
	}
	for _, q := range call.Candidates() {
		q = strings.Replace(q, "h2o.h2o.", "h2o.", 1)
		fam := blockingFuncs[q]
		if fam == nil {
			continue
		}
		switch {
		case call.Awaited && call.Binding == nil:
			return nil
		case fam == famSocket && numericLookup(call, q):
			return nil
		case fam == famFile && (c.wrappedFile(call) || c.inMemoryArchive(call, q)):
			return nil
		}
		if fam == famSpawn {
			if withOf(call) != nil { // leaving with Popen(...) waits for the process
				return &blocked{fam: famProc, name: displayName(call, q)}
			}
			return &blocked{fam: fam, name: displayName(call, q), bounded: boundedSpawn}
		}
		return c.fileCost(call, &blocked{fam: fam, name: displayName(call, q)}, q)
	}
	if call.Method == "" || call.Receiver == nil || call.Awaited {
		return nil
	}
	m := c.m
	if isModuleRef(call) {
		return nil // a module attribute: covered by the function table
	}
	t := m.TypeOf(call.Receiver)
	if r := typeRuleFor(t, call.Method); r != nil {
		if r.fam == famSocket && c.nonBlockingSocket(call) || r.fam == famProc && c.exitedBefore(call) {
			return nil
		}
		if r == fileTypes {
			return &blocked{fam: r.fam, name: fmt.Sprintf("%s (a file from %s)", calleeText(call), strings.TrimSuffix(t, "()")), bounded: boundedOneFile}
		}
		return &blocked{fam: r.fam, name: displayName(call, t+"."+call.Method)}
	}
	if (pathIO[call.Method] || pathStat[call.Method]) && c.isPath(call.Receiver, 0) {
		fam := famFile
		if pathStat[call.Method] {
			fam = famStat
		}
		return c.fileCost(call, &blocked{fam: fam, name: displayName(call, "pathlib.Path."+call.Method)}, "pathlib.Path."+call.Method)
	}
	if t != "" && !c.derivedType(call.Receiver, t) {
		return nil
	}
	if predictMethods[call.Method] && isModelName(lastName(call.Receiver)) {
		return &blocked{fam: famModel, name: calleeText(call)}
	}
	if call.Method == "request" && httpVerbArg(call) && !inAsyncWith(call) {
		return &blocked{fam: famHTTP, name: calleeText(call)}
	}
	return nil
}

// typeRuleFor returns the type rule that a call of method on a receiver of
// type t (as TypeOf spells it) blocks by, or nil.
func typeRuleFor(t, method string) *typeRule {
	if t == "" {
		return nil
	}
	for _, r := range typeRules {
		if r.hasMethod(method) && r.matches(t) {
			return r
		}
	}
	return nil
}

var httpVerbs = setOf("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT")

// httpVerbArg reports whether a request(...) call names an HTTP method
// first, as the request methods of requests, urllib3 and httpx take it: on
// a receiver of unknown type that is evidence of a sync HTTP client (an
// async one is awaited or entered with async with).
func httpVerbArg(call *pyindex.Call) bool {
	a := call.Positional(0)
	if a == nil {
		return false
	}
	v, ok := pyindex.StringValue(a.Value)
	return ok && httpVerbs[strings.ToUpper(v)]
}

// inAsyncWith reports whether the call is the context expression of an
// async with.
func inAsyncWith(call *pyindex.Call) bool {
	stmt := withOf(call)
	return stmt != nil && stmt.FirstChild() != nil && stmt.FirstChild().Type() == "async"
}

// withOf returns the with or async with statement whose context
// expression the call is, or nil.
func withOf(call *pyindex.Call) *python.Node {
	item := call.Node.Parent()
	if item != nil && item.Type() == "as_pattern" {
		item = item.Parent()
	}
	if item == nil || item.Type() != "with_item" {
		return nil
	}
	return item.Enclosing("with_statement")
}

// archiveOpeners take a file object as well as a path; over an in-memory
// buffer they compute and never touch the disk.
var archiveOpeners = setOf("zipfile.ZipFile", "tarfile.open", "tarfile.TarFile", "gzip.open", "gzip.GzipFile", "bz2.open", "lzma.open")

// inMemoryArchive reports whether an archive opener reads an in-memory
// buffer: an io.BytesIO as its first argument, or any fileobj= argument.
func (c *fileCheck) inMemoryArchive(call *pyindex.Call, q string) bool {
	if !archiveOpeners[q] {
		return false
	}
	if call.Keyword("fileobj") != nil {
		return true
	}
	if a := call.Positional(0); a != nil {
		switch strings.TrimSuffix(c.m.TypeOf(a.Value), "()") {
		case "io.BytesIO", "io.StringIO":
			return true
		}
	}
	return false
}

var fileWrappers = setOf("trio.wrap_file", "anyio.wrap_file")

// wrappedFile reports whether a file-opening call is handed straight to
// trio's or anyio's wrap_file, whose file object is async.
func (c *fileCheck) wrappedFile(call *pyindex.Call) bool {
	p := call.Node.Parent()
	if p == nil || p.Type() != "argument_list" || p.Parent() == nil {
		return false
	}
	if outer := c.m.Call(p.Parent()); outer != nil {
		for _, q := range outer.Candidates() {
			if fileWrappers[q] {
				return true
			}
		}
	}
	return false
}

// exitedBefore reports whether a Popen's wait() or communicate() follows a
// poll() of the same process earlier in the function: the caller checked
// that the process exited (poll() returned its code), so the call only
// collects what is buffered.
func (c *fileCheck) exitedBefore(call *pyindex.Call) bool {
	if call.Function == nil {
		return false
	}
	recv := squash(call.Receiver.Text())
	for _, o := range call.Function.Calls {
		if o.Node.Start() >= call.Node.Start() {
			break
		}
		if o.Method == "poll" && o.Receiver != nil && squash(o.Receiver.Text()) == recv {
			return true
		}
	}
	return false
}

// isModuleRef reports whether a method call's receiver is a module or an
// attribute chain of one (import x / import x.y / unbound names), rather
// than an object: from-imports may name instances (from app.ml import
// model), so they are not modules here.
func isModuleRef(call *pyindex.Call) bool {
	if call.Binding == nil {
		return call.Callee != ""
	}
	return call.Binding.Kind == pyindex.ImportBinding && call.Binding.Import.Name == ""
}

func displayName(call *pyindex.Call, qualified string) string {
	if qualified == "" || qualified == calleeText(call) {
		return calleeText(call)
	}
	return fmt.Sprintf("%s (%s)", calleeText(call), qualified)
}

// lastName returns the last name of a dotted receiver: "model" for
// app.state.model; "" for anything else.
func lastName(n *python.Node) string {
	n = n.Unparen()
	switch n.Type() {
	case "identifier":
		return n.Text()
	case "attribute":
		if a := n.ChildByField("attribute"); a != nil {
			return a.Text()
		}
	}
	return ""
}

func isModelName(name string) bool {
	name = strings.ToLower(strings.TrimLeft(name, "_"))
	return modelNames[name] || strings.HasSuffix(name, "_model") || strings.HasPrefix(name, "model_")
}

// isPath reports whether an expression holds a pathlib.Path.
func (c *fileCheck) isPath(n *python.Node, depth int) bool {
	if n == nil || depth > 6 {
		return false
	}
	n = n.Unparen()
	if isPathType(c.m.TypeOf(n)) {
		return true
	}
	switch n.Type() {
	case "binary_operator":
		if op := n.ChildByField("operator"); op != nil && op.Type() == "/" {
			return c.isPath(n.ChildByField("left"), depth+1)
		}
		return false
	case "attribute":
		if a := n.ChildByField("attribute"); a != nil && pathReturning[a.Text()] {
			return c.isPath(n.ChildByField("object"), depth+1)
		}
	case "call":
		if fn := n.ChildByField("function"); fn != nil && fn.Type() == "attribute" {
			if a := fn.ChildByField("attribute"); a != nil && pathReturning[a.Text()] {
				return c.isPath(fn.ChildByField("object"), depth+1)
			}
		}
	case "identifier":
		if b := c.m.Lookup(n.Text(), n); b != nil && b.Annotation == nil && b.Value != nil &&
			(b.Kind == pyindex.AssignBinding || b.Kind == pyindex.WalrusBinding) && b.Value.Unparen().Type() != "call" {
			return c.isPath(b.Value, depth+1)
		}
	}
	return false
}

// isPathType reports whether a type as TypeOf spells it is a pathlib path:
// a path class, or a path-returning method of one (Path.home().parent).
func isPathType(t string) bool {
	t = strings.ReplaceAll(t, "()", "")
	for base := range pathTypes {
		rest, ok := strings.CutPrefix(t, base)
		if !ok {
			continue
		}
		for _, seg := range strings.Split(rest, ".")[1:] {
			if !pathReturning[seg] {
				return false
			}
		}
		return rest == "" || rest[0] == '.'
	}
	return false
}

// numericLookup reports whether a name-resolution call cannot block: the
// caller asks for numeric hosts only (AI_NUMERICHOST, NI_NUMERICHOST or a
// flags value named for them), or getaddrinfo's host is an IP literal.
func numericLookup(call *pyindex.Call, q string) bool {
	flagsAt := map[string]int{"socket.getaddrinfo": 5, "socket.getnameinfo": 1}
	i, ok := flagsAt[q]
	if !ok {
		return false
	}
	if a := call.Arg(i, "flags"); a != nil && strings.Contains(strings.ToUpper(a.Text()), "NUMERIC") {
		return true
	}
	if q == "socket.getaddrinfo" {
		if a := call.Arg(0, "host"); a != nil {
			if host, ok := pyindex.StringValue(a.Value); ok && net.ParseIP(host) != nil {
				return true
			}
		}
	}
	return false
}

// nonBlockingSocket reports whether the function switches the receiver to
// non-blocking mode (setblocking(False) or settimeout(0)), as asyncio's own
// socket code does before handing sockets to the loop.
func (c *fileCheck) nonBlockingSocket(call *pyindex.Call) bool {
	recv := call.Receiver.Text()
	calls := c.m.Calls
	if call.Function != nil {
		calls = call.Function.Calls
	}
	for _, o := range calls {
		if o.Receiver == nil || o.Receiver.Text() != recv {
			continue
		}
		if a := o.Positional(0); a != nil && (o.Method == "setblocking" && (a.Text() == "False" || a.Text() == "0") ||
			o.Method == "settimeout" && (a.Text() == "0" || a.Text() == "0.0")) {
			return true
		}
	}
	return false
}

var offloadFuncs = setOf("asyncio.to_thread", "starlette.concurrency.run_in_threadpool", "fastapi.concurrency.run_in_threadpool",
	"anyio.to_thread.run_sync", "trio.to_thread.run_sync", "asyncer.asyncify", "functools.partial")

// offloadOf returns the offload call (run_in_executor, to_thread ...) a
// call is passed to as an argument, or nil.
func (c *fileCheck) offloadOf(call *pyindex.Call) *pyindex.Call {
	p := call.Node.Parent()
	if p != nil && p.Type() == "keyword_argument" {
		p = p.Parent()
	}
	if p == nil || p.Type() != "argument_list" || p.Parent() == nil {
		return nil
	}
	outer := c.m.Call(p.Parent())
	if outer == nil {
		return nil
	}
	if isOffload(outer) {
		return outer
	}
	return nil
}

// isOffload reports whether a call hands work to a thread pool
// (run_in_executor, asyncio.to_thread, run_in_threadpool ...).
func isOffload(call *pyindex.Call) bool {
	if call.Method == "run_in_executor" {
		return true
	}
	for _, q := range call.Candidates() {
		if offloadFuncs[q] {
			return true
		}
	}
	return false
}

// blockingCall reviews a call that runs on the event loop.
func (c *fileCheck) blockingCall(call *pyindex.Call) {
	if b := c.roundTrip(call, c.classify(call)); b != nil {
		c.add(&finding{rule: b.fam.rule, call: call, node: call.Node, msg: c.blockingMessage(call, b), fixes: c.sleepFix(call, b),
			bounded: b.bounded, contract: b.contract, tripTo: b.tripTo})
		return
	}
	if b := c.cpuBound(call); b != nil {
		c.add(&finding{rule: b.fam.rule, call: call, node: call.Node, msg: c.blockingMessage(call, b)})
		return
	}
	if c.deferValueCall(call) {
		return
	}
	c.helperCall(call)
}

func (c *fileCheck) blockingMessage(call *pyindex.Call, b *blocked) string {
	msg := fmt.Sprintf("%s in async def %s %s; %s", b.name, call.Function.QualName, b.fam.effect, b.fam.advice)
	if off := c.offloadOf(call); off != nil {
		msg += fmt.Sprintf(" (it runs here, before %s is called: pass the function and its arguments instead)", off.Text)
	} else if call.Awaited {
		msg += " (awaiting a synchronous call does not make it asynchronous)"
	}
	return msg + noteSuffix(b.bounded)
}

// helperCall reports a call of a sync function of this module whose body
// blocks; a call of a function imported from another module is kept for
// crossModule.
func (c *fileCheck) helperCall(call *pyindex.Call) {
	h := call.Target
	if h == nil && call.Callee != "" && !call.Awaited && call.Function != nil && c.offloadOf(call) == nil {
		if c.graph.Known(call.Callee) {
			d := c.deferred(call)
			d.name = call.Callee
			c.imported = append(c.imported, d)
		}
		return
	}
	if h == nil || c.offloadOf(call) != nil || !plainHelper(h) {
		return
	}
	inner, b := c.firstBlocking(h)
	if inner == nil {
		return
	}
	b = c.roundTrip(call, b)
	msg := helperMessage(calleeText(call), call.Function.QualName, "helper", h.QualName,
		b.name, c.f.Position(inner.Node.Start()).Line, b.fam.rule.ID)
	c.add(&finding{
		rule: RuleHelper, call: call, node: call.Node, bounded: b.bounded, contract: b.contract, tripTo: b.tripTo, msg: msg + noteSuffix(b.bounded),
		related: []acr.RelatedInformation{{
			Pos: c.f.Pos(inner.Node.Start()), End: c.f.Pos(inner.Node.End()),
			Message: fmt.Sprintf("%s blocks here", b.name),
		}},
	})
}

// helperMessage is the message of ARX110 at a call of callee in async
// def caller of a sync function or method (noun) named helper whose body
// blocks: what, at line, by rule.
func helperMessage(callee, caller, noun, helper, what string, line int, rule string) string {
	return fmt.Sprintf("%s() in async def %s calls sync %s %s, which blocks the event loop: %s at line %d (%s); "+
		"make the %s async or offload the call with await asyncio.to_thread(%s, ...)",
		callee, caller, noun, helper, what, line, rule, noun, callee)
}

// plainHelper reports whether the function runs its body when called: a
// sync def that does not yield, whose decorators are these only (others
// may make it async or move it to a thread).
func plainHelper(fn *pyindex.Function) bool {
	if fn.Async {
		return false
	}
	for _, d := range fn.Decorators {
		switch d.Name {
		case "staticmethod", "classmethod", "functools.lru_cache", "functools.cache", "functools.wraps":
		default:
			return false
		}
	}
	return !fn.IsGenerator()
}

// firstBlocking returns the call in fn's own body (comprehensions
// included) that blocks, with its classification: the first whose cost has
// no bound, a database call only when nothing else is (a caller may count
// a database round trip as bounded, see roundTrip), else the first bounded
// one (blocked.bounded), so a helper is as costly as the worst call it
// makes. Single file-system calls
// (RuleDiskStat) are passed over: a helper that only stats a path is no
// more than the note its call would be, not a blocking helper.
func (c *fileCheck) firstBlocking(fn *pyindex.Function) (*pyindex.Call, *blocked) {
	var light, db *pyindex.Call
	var lightB, dbB *blocked
	for _, call := range fn.Calls {
		s := call.Scope
		for s != fn.Scope && s.Kind == pyindex.ComprehensionScope {
			s = s.Parent
		}
		if s != fn.Scope {
			continue
		}
		b := c.classify(call)
		switch {
		case b == nil || b.fam == famStat:
		case roundTripFamily(b.fam) != nil && b.bounded == "":
			if db == nil {
				db, dbB = call, b
			}
		case b.bounded == "":
			return call, b
		case light == nil:
			light, lightB = call, b
		}
	}
	if db != nil {
		return db, dbB
	}
	return light, lightB
}

// cpuBound classifies pandas and numpy work (ARX116).
func (c *fileCheck) cpuBound(call *pyindex.Call) *blocked {
	s := c.s
	for _, q := range call.Candidates() {
		name := pyindex.LastName(q)
		hit := s.cpuFuncs[q]
		for _, p := range s.cpuPrefixes {
			hit = hit || strings.HasPrefix(q, p)
		}
		if !hit && s.cpuBare[name] && (q == "pandas."+name || q == "numpy."+name || q == "modin.pandas."+name) {
			hit = true
		}
		if hit {
			if name == "DataFrame" && smallFrame(call) {
				return nil // an empty or one-row frame is no work
			}
			return &blocked{fam: famCPU, name: displayName(call, q)}
		}
	}
	if call.Method == "" || call.Receiver == nil || !s.cpuBare[call.Method] || call.Awaited {
		return nil
	}
	if isModuleRef(call) {
		return nil
	}
	t := c.m.TypeOf(call.Receiver)
	if strings.HasPrefix(t, "pandas.") || strings.HasPrefix(t, "modin.pandas.") {
		return &blocked{fam: famCPU, name: calleeText(call)}
	}
	if (t == "" || c.derivedType(call.Receiver, t)) && isFrameName(lastName(call.Receiver)) {
		return &blocked{fam: famCPU, name: calleeText(call)}
	}
	return nil
}

func isFrameName(name string) bool {
	name = strings.ToLower(name)
	return name == "df" || name == "frame" || name == "dataframe" || strings.HasSuffix(name, "_df") || strings.HasPrefix(name, "df_")
}

// fileIteration reports for loops and comprehensions of an async def that
// iterate a file object on the loop: each step reads the file. A loop
// over open(...) itself is left to the call's own finding.
func (c *fileCheck) fileIteration(fn *pyindex.Function) {
	if !fn.Async || fn.Body == nil {
		return
	}
	python.InspectOwn(fn.Body, func(n *python.Node) bool {
		switch n.Type() {
		case "for_statement", "for_in_clause":
			if first := n.FirstChild(); first != nil && first.Type() == "async" {
				return true
			}
			it := n.ChildByField("right")
			if it == nil || it.Unparen().Type() == "call" {
				return true
			}
			t := c.m.TypeOf(it)
			if t == "" || !fileTypes.matches(t) {
				return true
			}
			c.add(&finding{rule: RuleFileIO, node: it, bounded: boundedOneFile,
				msg: fmt.Sprintf("iterating %s (a file from %s) in async def %s reads the file on the event loop; %s%s",
					it.Text(), strings.TrimSuffix(t, "()"), fn.QualName, famFile.advice, noteSuffix(boundedOneFile))})
		}
		return true
	})
}

// smallFrame reports whether a DataFrame(...) call builds an empty or
// one-row frame, as handlers do from a request body: no data, a list of
// at most one record, a dict of scalars or of one-element lists, or
// index=[0].
func smallFrame(call *pyindex.Call) bool {
	if len(call.Args) == 0 {
		return true
	}
	if a := call.Keyword("index"); a != nil && a.Value.Type() == "list" && a.Value.NamedChildCount() <= 1 {
		return true
	}
	a := call.Arg(0, "data")
	if a == nil {
		return false
	}
	switch v := a.Value.Unparen(); v.Type() {
	case "list":
		return v.NamedChildCount() <= 1
	case "dictionary":
		for pair := range v.NamedChildren() {
			if pair.Type() != "pair" {
				return false
			}
			val := pair.ChildByField("value")
			switch val.Type() {
			case "list":
				if val.NamedChildCount() > 1 {
					return false
				}
			case "list_comprehension", "generator_expression", "call":
				return false
			}
		}
		return true
	}
	return false
}

// derivedType reports whether t, the type of n, says only where n was
// reached from (request.app.state.model is "fastapi.Request.app.state.model"),
// not what n is: an attribute or item of a typed value that no type rule
// knows. The name heuristics treat such a receiver as untyped.
func (c *fileCheck) derivedType(n *python.Node, t string) bool {
	n = n.Unparen()
	var obj *python.Node
	switch n.Type() {
	case "attribute":
		obj = n.ChildByField("object")
	case "subscript":
		obj = n.ChildByField("value")
	default:
		return false
	}
	ot := c.m.TypeOf(obj)
	return ot != "" && strings.HasPrefix(t, ot+".")
}

// lineBreakRE matches a line break with the indentation around it.
var lineBreakRE = regexp.MustCompile(`[ \t]*\r?\n[ \t]*`)

// calleeText is the callee as written, on one line: a chain split over
// lines (db.query(User)\n    .filter(...)\n    .first) is joined, so a
// message stays one line.
func calleeText(call *pyindex.Call) string {
	if !strings.Contains(call.Text, "\n") {
		return call.Text
	}
	return lineBreakRE.ReplaceAllString(call.Text, "")
}
