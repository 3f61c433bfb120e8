package asyncradar

import "github.com/acrvet/acr"

// Story ids of the plan's epic REV-PROC-01 and spike SPK-REV-02.
const (
	storyBlocking = "PROC-REV-01-01"
	storyPooling  = "PROC-REV-01-02"
	storyRedis    = "PROC-REV-01-03"
	spikeCPU      = "SPK-REV-02"
	since         = "v0.1.0"
)

const (
	refAsyncioDev   = "https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code"
	refToThread     = "https://docs.python.org/3/library/asyncio-task.html#asyncio.to_thread"
	refExecutor     = "https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.run_in_executor"
	refFastAPIAsync = "https://fastapi.tiangolo.com/async/"
	refHTTPX        = "https://www.python-httpx.org/async/"
	refSubprocess   = "https://docs.python.org/3/library/asyncio-subprocess.html"
	refStreams      = "https://docs.python.org/3/library/asyncio-stream.html"
	refAsyncpg      = "https://magicstack.github.io/asyncpg/current/usage.html#connection-pools"
	refSAAsync      = "https://docs.sqlalchemy.org/en/20/orm/extensions/asyncio.html"
	refRedisAsync   = "https://redis-py.readthedocs.io/en/stable/examples/asyncio_examples.html"
	refLifespan     = "https://fastapi.tiangolo.com/advanced/events/"
	refRedisSet     = "https://redis.io/docs/latest/commands/set/"
	refRedisExc     = "https://redis-py.readthedocs.io/en/stable/exceptions.html"
	refLookAside    = "https://learn.microsoft.com/en-us/azure/architecture/patterns/cache-aside"
	refH2OMojo      = "https://docs.h2o.ai/h2o/latest-stable/h2o-py/docs/h2o.html#h2o.mojo_predict_pandas"
	refFlake8Async  = "https://flake8-async.readthedocs.io/en/latest/rules.html"
)

const blockingWhat = " inside the body of an `async def` (not inside a nested `def`, `lambda` or class body, which " +
	"do not run on the loop; comprehensions do). Names are resolved through imports, aliases and scopes, so a " +
	"parameter or local that shadows the module is not reported and a function reference passed to an offload " +
	"helper is not a call. An `await` on a call proves it async whatever its receiver was taken for (an annotation, a " +
	"factory, a builtin name a star import may rebind); a function imported from a known synchronous module is still " +
	"reported when awaited: it blocks, then the await fails. " +
	"Reported where the loop serves someone: on the request path; in library packages (no entry point, no web " +
	"framework) as notes, since their callers are as often flows and scripts as servers; not in tests, " +
	"fixtures, benchmarks, examples, scripts or command-line programs (setting `scope`, see `acrvet help asyncradar`)."

const blockingWhy = "An async web service (FastAPI, Starlette) serves every request on one event loop thread. " +
	"A blocking call holds that thread: no other request is accepted, no response is written and no timer " +
	"fires until it returns, so one slow call stalls the whole process (the plan's Death Spiral)."

// Rules of the asyncradar pass.
var (
	RuleSleep = &acr.Rule{
		ID: "ARX101", Name: "blocking-sleep", Title: "time.sleep on the event loop",
		Aliases:  []string{"ASYNC101"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria:   []string{"§3.2.inference", "PROC-REV-01-01.1"},
		What:       "Reports `time.sleep(...)` (also imported as `sleep` or under an alias)" + blockingWhat,
		Why:        blockingWhy + " `time.sleep` suspends the thread itself, not the coroutine.",
		Example:    "async def poll():\n    time.sleep(1)",
		UseInstead: "async def poll():\n    await asyncio.sleep(1)",
		FixSafety: "The fix rewrites a `time.sleep(x)` statement to `await asyncio.sleep(x)` and adds `import asyncio` " +
			"when the module lacks it. It is offered only for a bare statement that is not already awaited, and only " +
			"when `asyncio` is not bound to something else; the delay is kept as written.",
		References: []string{refAsyncioDev, refFlake8Async},
	}
	RuleHTTP = &acr.Rule{
		ID: "ARX102", Name: "blocking-http", Title: "synchronous HTTP client on the event loop",
		Aliases:  []string{"ASYNC102"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference", "PROC-REV-01-01.3"},
		What: "Reports synchronous HTTP calls" + blockingWhat + " Covered: `requests` functions and `requests.Session` " +
			"methods (the session held in a local, a `with` target, a module global, a `self` attribute set in any " +
			"method, or a parameter annotated `requests.Session`), `urllib.request.urlopen`, `urllib3`, " +
			"`http.client` connections, and sync `httpx` (module functions and `httpx.Client`).",
		Why:        blockingWhy + " A network round trip takes milliseconds to seconds; a slow upstream freezes the service.",
		Example:    "async def quote(symbol):\n    return requests.get(URL, params={\"s\": symbol}).json()",
		UseInstead: "async def quote(symbol):\n    async with httpx.AsyncClient() as client:  # or a client created at startup\n        r = await client.get(URL, params={\"s\": symbol})\n    return r.json()",
		References: []string{refHTTPX, refFastAPIAsync},
	}
	RuleSubprocess = &acr.Rule{
		ID: "ARX103", Name: "blocking-subprocess", Title: "blocking process call on the event loop",
		Aliases:  []string{"ASYNC103"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference"},
		What: "Reports `subprocess.*`, `os.system`, `os.popen`, `os.wait*`, `os.spawn*` and `Popen.wait`/`communicate`" + blockingWhat +
			"\n\n**Severity.** `subprocess.Popen` and `os.posix_spawn` return once the process has started: the fork and " +
			"exec hold the loop briefly, and the wait for the process, `wait()` or `communicate()` on it, is reported where " +
			"it is. They are **notes**, except `with subprocess.Popen(...)`, whose exit waits for the process.",
		Why:        blockingWhy + " These wait for another process to start or finish.",
		Example:    "async def convert(path):\n    subprocess.run([\"convert\", path], check=True)",
		UseInstead: "async def convert(path):\n    proc = await asyncio.create_subprocess_exec(\"convert\", path)\n    await proc.wait()",
		References: []string{refSubprocess},
	}
	RuleFileIO = &acr.Rule{
		ID: "ARX104", Name: "blocking-file-io", Title: "blocking file I/O on the event loop",
		Aliases:  []string{"ASYNC104"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference"},
		What: "Reports calls that read or write files or walk directories" + blockingWhat + " Covered: `open()`, " +
			"`io.open`, `io.open_code`, `os.fdopen`, `codecs.open`, `gzip`/`bz2`/`lzma`/`tarfile` opens, `zipfile.ZipFile`, " +
			"temporary files and directories (`TemporaryDirectory` removes its tree on exit), `os.open`/`os.read`/`os.write`, `os.listdir`/`scandir`/`walk`, `glob.glob`/`iglob`, " +
			"`shutil` copies, moves, archives and `rmtree`; the `pathlib.Path` methods `read_text`, `read_bytes`, " +
			"`write_text`, `write_bytes`, `open`, `iterdir`, `glob`, `rglob`, `walk`, `copy` and `move`; and every method " +
			"of a file object (from `open()` and friends, or annotated `io.TextIOWrapper`, `io.BufferedReader` ...) " +
			"except `fileno`, `isatty`, `readable`, `writable` and `seekable`, as well as `for line in f` over one. " +
			"A file handed straight to `trio.wrap_file` or `anyio.wrap_file` is async.\n\n" +
			"**Severity.** Only the calls whose cost has no bound are errors: `os.walk`/`fwalk`, `Path.rglob`/`walk`, " +
			"a `glob` with `**` (recursive), `shutil.copytree`, `rmtree`, `make_archive`, `unpack_archive` and `copyfileobj` " +
			"(a stream copied to its end; from an upload's `file`, which the server spooled locally, it writes one file " +
			"and is a note), except an `rmtree` on a cleanup path (`ignore_errors=True`, or in a `finally` or " +
			"`except` clause), which removes a scratch directory the function wrote or runs when something failed and is " +
			"a note. A one-file call (or a listing) in the body of a loop or comprehension over the entries of a directory " +
			"listing, walk or glob, or of an archive (`for name in os.listdir(d): open(d / name).read()`, " +
			"`for m in tar.getmembers(): open(...)`, a name bound to one) reads or writes the whole tree and is an error too. " +
			"Over any other collection (not `range(...)`) it is a note that says so: the uploads of the request (a " +
			"parameter annotated `list[UploadFile]`, which the server has already received), the roots a function was " +
			"given (a listing per root reads names, not file data, like a stat), an email's attachments, a workflow's " +
			"scripts, a task's recordings. Their cost is that of file sizes nothing in the code states: on 25 real services " +
			"reviewers kept 3 of 9 such loops (whole recordings read, downloads written) and shrugged at the rest, so by " +
			"issue 14's rule the class is a note, not an error. " +
			"An `os.walk` whose loop breaks after the top directory (unconditionally, or `if not recursive: break` on a " +
			"parameter that defaults to False, with no `continue` before the break) lists one directory: a note. In a chain (`open(p).read()`) the outermost call is reported with the " +
			"worst cost of its links. File I/O in a method that fills a cache on a miss is a note, a tree walk included: every call of it " +
			"in its module sits under an `if` that tests the very object it is called on for absence " +
			"(`if replace or not cache.exists(): await cache.build()`, `not cache.is_loaded()`, `if cache is None:`; " +
			"not a setting such as `not cache.enabled()`), so it runs at start-up or " +
			"when the cache is missing, not per request. Every other call touches one local file or lists one directory " +
			"(`open` and a file object's methods, `Path.read_text`/`write_text`, a temporary file or directory, " +
			"`os.listdir`, a single-file `shutil.copy`) and is reported as a **note** that says so: on seventeen real " +
			"services (Tracecat, Prefect, Mage ...) none of 21 sampled findings of that kind, a few bytes written to a " +
			"temporary script, a small static page, a token file, was one a maintainer would act on.",
		Why: blockingWhy + " Disk and network file systems block unpredictably, most of all under load; a tree walked, " +
			"copied or removed on the loop holds it for as long as the tree is large.",
		Example:    "async def load_config():\n    with open(\"config.json\") as f:\n        return json.load(f)",
		UseInstead: "async def load_config():\n    text = await asyncio.to_thread(Path(\"config.json\").read_text)\n    return json.loads(text)",
		References: []string{refToThread, refFlake8Async},
	}
	RuleDiskStat = &acr.Rule{
		ID: "ARX117", Name: "blocking-file-system-call", Title: "file-system metadata call on the event loop",
		Severity: acr.SeverityNote, View: acr.Process, Story: storyBlocking, Since: "v0.2.0",
		Criteria: []string{"§3.2.inference"},
		What: "Reports single file-system calls" + blockingWhat + " Covered: the `os.path` functions that stat the disk " +
			"(`exists`, `isfile`, `isdir`, `islink`, `ismount`, `getsize`, `getmtime` ..., `samefile`, `realpath`), `os.stat`, " +
			"`os.access`, `os.mkdir`/`makedirs`, `os.remove`/`unlink`/`rmdir`, `os.rename`/`replace`, `os.chmod`, " +
			"`shutil.which`/`disk_usage`, `tempfile.mkstemp`/`mkdtemp`, and the `pathlib.Path` " +
			"methods `exists`, `is_file`, `is_dir`, `stat`, `mkdir`, `unlink`, `rmdir`, `rename`, `replace`, `touch`, " +
			"`resolve` and friends. `os.path` functions that only compute on strings (`join`, `normpath`, `abspath`, " +
			"`basename` ...) are not reported.",
		Why: blockingWhy + " One stat on a local disk takes microseconds; on a network file system, a container " +
			"overlay under load or a path that hangs (a stale NFS mount) it takes as long as the file system wants. " +
			"The rule is a note: on twelve real services (Prefect, Mage, Onyx, Mealie ...) none of 37 sampled findings " +
			"was one a maintainer would act on by itself, while each is a call ruff's ASYNC240 also reports; the reads, " +
			"writes and directory walks around them are ARX104 errors.",
		Example:    "async def exists(name):\n    return os.path.exists(BASE / name)",
		UseInstead: "async def exists(name):\n    return await anyio.Path(BASE / name).exists()",
		References: []string{refToThread, refFlake8Async},
	}
	RuleSDK = &acr.Rule{
		ID: "ARX118", Name: "blocking-network-client", Title: "synchronous network client library on the event loop",
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: "v0.2.0",
		Criteria: []string{"§3.2.inference"},
		What: "Reports calls of synchronous network client libraries" + blockingWhat + " Clients are followed from their " +
			"constructor or factory (`boto3.client(\"s3\")`, `kubernetes.client.CoreV1Api()`, `storage.Client()`) through " +
			"locals, `with` targets, module globals, `self` attributes and annotated parameters; calls that build requests " +
			"without sending them (`generate_presigned_url`, `get_paginator`, a resource's `Bucket(...)`) are not " +
			"reported. The catalogue:", // + the table of sdkLibraries, added by init
		Why:        blockingWhy + " Each call is one or more network round trips to a remote service.",
		Example:    "s3 = boto3.client(\"s3\")\n\nasync def download(key):\n    return s3.get_object(Bucket=BUCKET, Key=key)[\"Body\"].read()",
		UseInstead: "async def download(key):\n    async with aioboto3.Session().client(\"s3\") as s3:  # or one client made at startup\n        obj = await s3.get_object(Bucket=BUCKET, Key=key)\n        return await obj[\"Body\"].read()",
		References: []string{refToThread},
	}
	RuleSocket = &acr.Rule{
		ID: "ARX105", Name: "blocking-socket", Title: "blocking socket call on the event loop",
		Aliases:  []string{"ASYNC105"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference"},
		What: "Reports blocking `socket` calls" + blockingWhat + " Covered: `socket.create_connection`, name " +
			"resolution (`getaddrinfo`, `gethostbyname` ...) and `recv`/`send`/`connect`/`accept` on a socket object " +
			"that the function does not switch to non-blocking mode with `setblocking(False)`.",
		Why:        blockingWhy,
		Example:    "async def probe(host):\n    s = socket.create_connection((host, 80))",
		UseInstead: "async def probe(host):\n    reader, writer = await asyncio.open_connection(host, 80)",
		References: []string{refStreams},
	}
	RuleInput = &acr.Rule{
		ID: "ARX106", Name: "blocking-input", Title: "console input on the event loop",
		Aliases:  []string{"ASYNC106"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria:   []string{"§3.2.inference"},
		What:       "Reports `input()`, `getpass.getpass` and `sys.stdin` reads" + blockingWhat,
		Why:        blockingWhy + " Reading the console waits for a person.",
		Example:    "async def main():\n    name = input(\"name: \")",
		UseInstead: "async def main():\n    name = await asyncio.to_thread(input, \"name: \")",
		References: []string{refToThread},
	}
	RuleDB = &acr.Rule{
		ID: "ARX107", Name: "blocking-db", Title: "synchronous database driver call on the event loop",
		Aliases:  []string{"ASYNC107"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference", "PROC-REV-01-02.1"},
		What: "Reports calls of synchronous database drivers" + blockingWhat + " Covered: `psycopg2`, sync `psycopg`, " +
			"`pymysql`, `MySQLdb`, `mysql.connector`, `sqlite3`, `pyodbc`, `oracledb`/`cx_Oracle`, and SQLAlchemy's sync " +
			"engines, connections and sessions (`create_engine`, `sessionmaker()`, a parameter annotated `Session`), " +
			"tracked through locals, `with` targets, module globals and `self` attributes. A chain such as " +
			"`db.query(User).filter(...).first()` is reported once.\n\n" +
			"**Severity.** An error in an async def that awaits nothing, or nothing but the request's own body " +
			"(`await file.read()` of an `UploadFile`, `await request.json()`, `body()`, `form()`): making it a plain def " +
			"moves every call to the thread pool at once. A **note** in an async def that must stay async: it awaits other " +
			"work (an HTTP client, a websocket, another coroutine, `async with`, `async for`), or it is a method of a class " +
			"whose base comes from another package (an SDK's token storage) and whose interface may require it to be async. " +
			"There one short round trip costs the loop milliseconds and the fix is a move to `AsyncSession`; reviewers of " +
			"real services kept it as a remark, not a defect. A call that runs once per item of a loop or comprehension over " +
			"a collection stays an error wherever it is: its round trips add up.",
		Why:        blockingWhy + " Every query waits for the database server.",
		Example:    "@app.get(\"/users/{uid}\")\nasync def user(uid: int, db: Session = Depends(get_db)):\n    return db.query(User).get(uid)",
		UseInstead: "@app.get(\"/users/{uid}\")\nasync def user(uid: int, db: AsyncSession = Depends(get_db)):\n    return await db.get(User, uid)",
		References: []string{refAsyncpg, refSAAsync},
	}
	RuleRedisSync = &acr.Rule{
		ID: "ARX108", Name: "blocking-redis", Title: "synchronous Redis client on the event loop",
		Aliases:  []string{"ASYNC108"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference"},
		What: "Reports commands sent through a synchronous `redis.Redis`/`StrictRedis` client (or its pipeline's `execute`)" + blockingWhat +
			"\n\n**Severity.** As for ARX107's database round trips: an error in an async def that awaits nothing (or only the " +
			"request's own body) and for a command once per item of a collection; a **note** in an async def that must stay " +
			"async for what it awaits, or whose class's imported base may require it to be async. One command costs the loop " +
			"well under a millisecond on a local network; on four services held out of tuning (OpenHands' webhook " +
			"deduplication and OAuth state), reviewers judged all 15 such commands of little value.",
		Why:        blockingWhy + " A cache exists to save milliseconds; a sync client spends them holding the loop.",
		Example:    "cache = redis.Redis()\n\nasync def get(key):\n    return cache.get(key)",
		UseInstead: "cache = redis.asyncio.Redis()\n\nasync def get(key):\n    return await cache.get(key)",
		References: []string{refRedisAsync},
	}
	RuleModel = &acr.Rule{
		ID: "ARX109", Name: "blocking-inference", Title: "model inference or H2O call on the event loop",
		Aliases:  []string{"ASYNC109"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference", "PROC-REV-01-01.2"},
		What: "Reports H2O calls that block or burn CPU" + blockingWhat + " Covered: `predict` (and `predict_proba`, " +
			"`predict_contributions` ...) on an H2O, daimojo, scikit-learn, XGBoost, LightGBM or unpickled model, " +
			"`h2o.mojo_predict_pandas` and `h2o.mojo_predict_csv` (each call starts a Java process), `h2o.import_mojo`, " +
			"`h2o.upload_mojo`, `h2o.load_model`, `h2o.import_file` and `h2o.H2OFrame(...)`. A `predict` on an object " +
			"of unknown type is reported when its name says it is a model (`model`, `clf`, `estimator`, `predictor`) " +
			"and the call is not awaited.",
		Why: blockingWhy + " Inference is CPU-bound: the plan requires it to run in a thread pool " +
			"(`run_in_executor`) so the loop keeps serving while the model scores.",
		Example:    "@app.post(\"/score\")\nasync def score(req: Req):\n    return model.predict(frame(req))",
		UseInstead: "@app.post(\"/score\")\nasync def score(req: Req):\n    loop = asyncio.get_running_loop()\n    return await loop.run_in_executor(None, model.predict, frame(req))",
		References: []string{refExecutor, refH2OMojo},
	}
	RuleHelper = &acr.Rule{
		ID: "ARX110", Name: "blocking-helper", Title: "sync helper that blocks called from async code",
		Aliases:  []string{"ASYNC110"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyBlocking, Since: since,
		Criteria: []string{"§3.2.inference"},
		What: "Reports a call, on the event loop, of a synchronous function or method of the same module, or of " +
			"code of another module of the repository (followed from code on the request path only): a module-level " +
			"function (`from app.storage import fetch`, `storage.fetch()`, relative imports), a static or class method, or " +
			"a method of an instance of a class of the repository, whether the instance is made in place (`Storage().upload()`), " +
			"held in a name, in `self.store` or in a module-level global, declared by an annotation (`store: Storage = Depends(...)`) " +
			"or returned by a factory of the repository (`make_storage().upload()`), methods of base classes included; names a " +
			"package's `__init__.py` re-exports (`from .store import BlobStore`) are followed to the module that defines them. " +
			"It reports the call when the callee's own " +
			"body makes a blocking call of rules ARX101-ARX109 or ARX118 (a single file-system call of ARX117 does not make a blocking helper). The finding is at the call site; its related " +
			"information points at the blocking line in the helper. One level deep: the helper's own helpers are not followed.\n\n" +
			"A value another module's factory returns is followed too: `session = make_session()` where `make_session` " +
			"returns a `requests.Session`, a sync `httpx.Client`, a `sqlite3` connection or a `pathlib.Path`, and the " +
			"method called on it blocks, is reported under the rule of the library (ARX102, ARX107, ARX104 ...), saying " +
			"which function returned the value.\n\n" +
			"**Severity.** The finding takes the cost of the worst blocking call in the helper: an error when the helper " +
			"waits on the network, a database, a process or sleep, burns CPU or walks a tree; a **note** when its only " +
			"blocking work is one of the notes of ARX104 (one local file, a cleanup `rmtree`), such as a helper that writes " +
			"a small config file, or when its worst call is a database call and the caller is an async def that must stay " +
			"async (see ARX107's severity). A network call, a process or a tree walk in the helper outranks a database " +
			"call. The related information points at the worst call.",
		Why:        blockingWhy + " Moving a blocking call into a helper hides it from reviewers and from other linters, not from the loop.",
		Example:    "def fetch(url):\n    return requests.get(url).json()\n\nasync def handler():\n    return fetch(URL)",
		UseInstead: "async def handler():\n    return await asyncio.to_thread(fetch, URL)",
		References: []string{refToThread},
	}
	RuleSyncDriver = &acr.Rule{
		ID: "ARX111", Name: "sync-db-driver-in-service", Title: "synchronous database driver imported in service code",
		Aliases:  []string{"ASYNC111"},
		Severity: acr.SeverityError, View: acr.Process, Story: storyPooling, Since: since,
		Criteria: []string{"PROC-REV-01-02.1"},
		What: "Reports imports of synchronous database drivers (`psycopg2`, `pymysql`, `MySQLdb`, `mysql.connector`, " +
			"`pyodbc`, `cx_Oracle`, `pymssql`; configurable) in the service tree of the plan (`src/service` by " +
			"default), whether or not the module has async code: imports under `if TYPE_CHECKING:` are not reported.",
		Why: "The plan's API layer talks to Postgres through asyncpg or SQLAlchemy's async engine with a global pool. " +
			"A sync driver in the service ends up called from a route and blocks the loop, and it brings its own " +
			"per-call connections instead of the shared pool.",
		Example:    "import psycopg2\n\nconn = psycopg2.connect(DSN)",
		UseInstead: "import asyncpg\n\npool = await asyncpg.create_pool(DSN)  # in the lifespan handler",
		Options:    "`sync-drivers`: the driver modules to report (comma-separated).",
		References: []string{refAsyncpg, refSAAsync},
	}
	RulePoolPerRequest = &acr.Rule{
		ID: "ARX112", Name: "pool-per-request", Title: "connection pool or client created per request",
		Aliases:  []string{"ASYNC112"},
		Severity: acr.SeverityWarning, View: acr.Process, Story: storyPooling, Since: since,
		Criteria: []string{"PROC-REV-01-02.2"},
		What: "Reports engines, pools and clients created on each request: `create_engine`, `create_async_engine`, " +
			"`asyncpg.create_pool`/`connect`, `redis.Redis`/`from_url`/`ConnectionPool` (sync and asyncio), " +
			"`httpx.AsyncClient()`, `aiohttp.ClientSession()`, `h2o.init` ... inside a request handler (a route: " +
			"`@app.get`, `@router.post`, `@app.api_route`, `@app.websocket`, `@app.middleware`; or a dependency passed to " +
			"`Depends(...)` that is not cached with `lru_cache`/`cache`), or inside a helper of the module that a " +
			"handler calls. A creation that runs once is not reported: in `lifespan` or a startup handler, at module " +
			"level, in a cached function, or the lazy singleton `if _pool is None: _pool = ...` on a global or attribute.\n\n" +
			"**Severity.** A warning for database engines, pools and connections, Redis clients and H2O: each holds " +
			"connections of a shared server, which run out under load. An HTTP client per request (`httpx.AsyncClient`, " +
			"`aiohttp.ClientSession`) is a **note**: it costs one TCP and TLS handshake per call to a remote that scales; " +
			"none of 7 such findings on 25 real services (Onyx, OpenHands) was one a reviewer would act on.",
		Why: "A pool exists to be shared. Creating it per request opens new TCP (and TLS) connections on every call, " +
			"defeats the pool's limits under load, and leaks connections when an exception skips the close. The plan " +
			"initializes pools once, in the startup event.",
		Example:    "@app.get(\"/items\")\nasync def items():\n    pool = await asyncpg.create_pool(DSN)\n    return await pool.fetch(Q)",
		UseInstead: "@asynccontextmanager\nasync def lifespan(app):\n    app.state.pool = await asyncpg.create_pool(DSN)\n    yield\n    await app.state.pool.close()\n\n@app.get(\"/items\")\nasync def items(request: Request):\n    return await request.app.state.pool.fetch(Q)",
		References: []string{refLifespan, refAsyncpg},
	}
	RuleRedisTTL = &acr.Rule{
		ID: "ARX113", Name: "redis-set-without-ttl", Title: "Redis SET without expiry",
		Aliases:  []string{"ASYNC113"},
		Severity: acr.SeverityWarning, View: acr.Process, Story: storyRedis, Since: since,
		Criteria: []string{"§3.2.caching", "PROC-REV-01-03.2"},
		What: "Reports the write of a look-aside cache entry that sets no expiry. A look-aside read is a `get` (or " +
			"`hget`, `hgetall`, `getex`) on a Redis client followed, in the same function, by a write of the same key " +
			"(`set`, `setex`, `hset`, `mset` ...): on a miss the value is computed and stored. The client is known by " +
			"its type (a constructor, factory or annotation from redis-py, aioredis or coredis), or by a name " +
			"containing `redis` in a module that imports one of them. Expiry by any means counts: `set` with `ex`, " +
			"`px`, `exat`, `pxat` or `keepttl` (`ex=None` sets none), `setex`/`psetex`, or an `expire`, `pexpire`, " +
			"`expireat` or `pexpireat` of the same key later in the function, pipeline or transaction included; " +
			"`mset` and `hset` set none by themselves. Redis used as a broker, lease store, rate limiter or durable " +
			"store has no look-aside read and is not reported.",
		Why: "The plan's look-aside cache requires a TTL on every key: without one, stale predictions are served " +
			"forever after a model or data change and the cache grows until Redis evicts at random.",
		Example:    "await cache.set(key, payload)",
		UseInstead: "await cache.set(key, payload, ex=300)",
		References: []string{refRedisSet, refLookAside},
	}
	RuleCacheKeyVersion = &acr.Rule{
		ID: "ARX114", Name: "cache-key-without-model-version", Title: "prediction cache key lacks the model version",
		Aliases:  []string{"ASYNC114"},
		Severity: acr.SeverityWarning, View: acr.Process, Story: storyRedis, Since: since,
		Criteria: []string{"§3.2.caching", "PROC-REV-01-03.1"},
		What: "Reports the key of a look-aside cache read or write (see ARX113) that caches model output (the function " +
			"also runs inference, or the key mentions a prediction, score or model) when no name or attribute in the " +
			"key expression, in the assignments that built it or in the local helper that builds it, names the model's " +
			"identity: the model version symbol (the plan's `model_version_symbol`, default `version`), or a model, " +
			"MOJO or artifact id, hash, digest or revision (`model.id`, `MOJO_SHA256`, `artifact_hash`), in a " +
			"variable, attribute, settings field, f-string, join or tuple hash.",
		Why: "After a hot swap of the MOJO, keys without the model version keep returning the previous model's " +
			"predictions until they expire: the zero-downtime update silently serves two models.",
		Example:    "key = f\"pred:{customer_id}\"\ncached = await cache.get(key)",
		UseInstead: "key = f\"pred:{MODEL_VERSION}:{customer_id}\"\ncached = await cache.get(key)",
		Options:    "`model-version-symbol`: the substring that marks the model version (default: the plan's model_version_symbol).",
		References: []string{refLookAside},
	}
	RuleRedisFallback = &acr.Rule{
		ID: "ARX115", Name: "redis-without-fallback", Title: "Redis call on the request path without fallback",
		Aliases:  []string{"ASYNC115"},
		Severity: acr.SeverityWarning, View: acr.Process, Story: storyRedis, Since: since,
		Criteria: []string{"§3.2.caching", "PROC-REV-01-03.3"},
		What: "Reports the read and the write of a look-aside cache (see ARX113), in async code or routes, that are " +
			"not inside a `try` whose handlers catch Redis errors, in their function or around every call of it: `redis.exceptions.RedisError` or a subclass imported from `redis`, `Exception`, " +
			"`BaseException`, a bare `except:`, or a configured name; `contextlib.suppress` of those also counts. " +
			"The builtin `ConnectionError` and `TimeoutError` do not: redis-py's exceptions of those names derive " +
			"from `RedisError`, not from the builtins.",
		Why: "A look-aside cache is an optimization: when Redis is down, the request must fall back to computing " +
			"the value. Without a handler, a cache outage becomes a service outage.",
		Example:    "cached = await cache.get(key)",
		UseInstead: "try:\n    cached = await cache.get(key)\nexcept redis.exceptions.RedisError:\n    cached = None  # compute and serve without the cache",
		Options:    "`redis-errors`: extra exception names (qualified, comma-separated) that count as catching Redis errors.",
		References: []string{refRedisExc, refLookAside},
	}
	RuleCPU = &acr.Rule{
		ID: "ARX116", Name: "cpu-bound-dataframe", Title: "CPU-bound pandas/numpy work on the event loop",
		Aliases:  []string{"ASYNC116"},
		Severity: acr.SeverityNote, View: acr.Process, Story: spikeCPU, Since: since,
		Criteria: []string{"SPK-REV-02"},
		What: "Reports heavy pandas and numpy calls" + blockingWhat + " Covered by default: `pandas.read_*`, " +
			"`DataFrame(data)` (not an empty or one-row frame built from a request: a list of one record, a dict of scalars or one-element lists), `concat`, `merge`, `pivot_table`, `crosstab`, `get_dummies`, `json_normalize`; " +
			"`numpy.linalg.*`, `numpy.fft.*`, `matmul`, `einsum`, `loadtxt`, `genfromtxt`; and the DataFrame methods " +
			"`apply`, `applymap`, `groupby`, `merge`, `join`, `pivot_table`, `pivot`, `sort_values`, `rolling`, " +
			"`resample`, `transform`, `agg`, `describe`, `corr`, `melt`, `explode`, `drop_duplicates` and the " +
			"`to_csv`/`to_parquet`/`to_excel` writers, on a receiver known to be a DataFrame or named `df`/`*_df`.",
		Why: blockingWhy + " Data-frame work is CPU-bound: on a request-sized frame it costs microseconds, on a real " +
			"data set seconds. Static analysis cannot see the size, hence the lower severity.",
		Example:    "async def report():\n    df = pd.read_csv(PATH)\n    return df.groupby(\"k\").sum()",
		UseInstead: "async def report():\n    return await asyncio.to_thread(build_report, PATH)",
		Options:    "`cpu-bound`: the calls to report (comma-separated); bare names match pandas/numpy functions and DataFrame methods, dotted names match qualified callees. Replaces the default list.",
		References: []string{refToThread},
	}
)

// peerCodes names, for the rules that check what flake8-async and ruff
// check, their codes there; asyncradar's former ASYNC1xx codes (kept as
// Aliases) collided with that namespace, where ASYNC105, ASYNC109,
// ASYNC110, ASYNC115 and ASYNC116 mean other things.
var peerCodes = map[*acr.Rule]string{
	RuleSleep:      "ASYNC251",
	RuleHTTP:       "ASYNC210, ASYNC211, ASYNC212",
	RuleSubprocess: "ASYNC220, ASYNC221, ASYNC222",
	RuleFileIO:     "ASYNC230, ASYNC231, ASYNC232",
	RuleInput:      "ASYNC250",
	RuleDiskStat:   "ASYNC240",
}

func init() {
	for r, codes := range peerCodes {
		r.What += " flake8-async and ruff check the same calls as " + codes + " (docs/flake8-async.md compares them)."
	}
}

// Rules lists the pass's rules in id order.
var Rules = []*acr.Rule{
	RuleSleep, RuleHTTP, RuleSubprocess, RuleFileIO, RuleSocket, RuleInput, RuleDB, RuleRedisSync, RuleModel,
	RuleHelper, RuleSyncDriver, RulePoolPerRequest, RuleRedisTTL, RuleCacheKeyVersion, RuleRedisFallback, RuleCPU,
	RuleDiskStat, RuleSDK,
}
