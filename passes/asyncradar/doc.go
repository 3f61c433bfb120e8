// Package asyncradar defines an Analyzer that finds work which blocks the
// asyncio event loop of a FastAPI service and reviews how the service uses
// pools and its Redis look-aside cache: the Async Non-Blocking Radar of the
// plan's Process view (epic REV-PROC-01, spike SPK-REV-02).
//
// # Analyzer asyncradar
//
// asyncradar: find blocking calls on the asyncio event loop and review
// pools and the Redis look-aside cache.
//
// Blocking calls on the loop (story PROC-REV-01-01): a call runs on the loop
// when it is in the body of an async def, comprehensions included, but not
// in a nested def, lambda or class body. Names are resolved through imports
// (aliases, from-imports, function-local, conditional, TYPE_CHECKING and
// star imports) and scopes, by the pyindex helper, so `def f(time):
// time.sleep(1)` is not the module, while `sleep(1)` after `from time
// import sleep` is. Receivers are typed best-effort (locals, with targets,
// module globals, self attributes, annotated parameters), which finds
// `self.session.get(...)` on a requests.Session set in `__init__`.
//
//	ARX101 time.sleep                      (fix: await asyncio.sleep)
//	ARX102 requests, urllib, urllib3, http.client, sync httpx and sessions
//	ARX103 subprocess, os.system/popen/wait*/spawn*
//	ARX104 open() and friends, file objects, os.listdir/walk, glob, shutil, pathlib.Path reads and writes
//	ARX117 os.path stat functions, os.stat/mkdir/remove ..., pathlib.Path exists/stat/mkdir ... (note)
//	ARX118 sync network clients: boto3, kubernetes, google-cloud, elasticsearch, smtplib, ftplib, paramiko, PyJWKClient
//	ARX105 socket connect/recv/send/accept, name resolution
//	ARX106 input(), getpass, sys.stdin
//	ARX107 psycopg2, psycopg, pymysql, sqlite3 ..., sync SQLAlchemy
//	ARX108 sync redis.Redis
//	ARX109 model.predict, h2o.mojo_predict_*, import_mojo, H2OFrame ...
//	ARX110 a sync helper or method that does one of the above: of the same module, imported from another
//	       module of the repository (also through a package's __init__.py), or a method of an instance of an
//	       imported class (s = Storage(), self.store = Storage(), make_storage())
//
// Offloading is recognized: a function reference, functools.partial or
// lambda handed to loop.run_in_executor, asyncio.to_thread,
// run_in_threadpool or anyio.to_thread.run_sync is not a call on the loop;
// `run_in_executor(None, requests.get(url))` is, and the message says so.
// An await proves a call async whatever its receiver was inferred to be (a
// `Session` annotation on an AsyncSession, say); only a function imported
// from a known sync module stays blocking when awaited. Sync `def` routes
// are run in a thread pool by FastAPI and are not reported.
//
// docs/flake8-async.md compares the pass with flake8-async's own test
// files, line by line, and lists every divergence with its reason.
//
// Pools (story PROC-REV-01-02): ARX111 reports synchronous drivers
// imported in the plan's service tree; ARX112 reports pools and clients
// created in a route or an uncached Depends(...) dependency instead of at
// startup.
//
// Redis look-aside (story PROC-REV-01-03): ARX113 set without a TTL (and
// hset without expire), ARX114 a prediction cache key without the model
// version, ARX115 a command on the request path without a fallback for
// Redis errors (the builtin ConnectionError does not count).
//
// CPU-bound data work (spike SPK-REV-02): ARX116, at note severity.
//
// # Scope: only the request path is the request path
//
// Blocking an event loop that serves nobody harms nobody: a test that
// sleeps on purpose, a fixture that reads a file, a benchmark, an example,
// a backfill script, a command that runs one coroutine under asyncio.run.
// Every finding waits until the requestpath helper has the call graph of
// the run's modules, and one function, admit, decides it:
//
//   - on the request path (reachable, across modules, from a route, a
//     dependency, an ASGI app, a middleware, a lifespan and the tasks it
//     starts, a message consumer or worker, the plan's service tree or
//     plan.entry_points): reported;
//   - in an application whose entry points the graph does not recognise
//     (a top-level package that imports a web server framework, such as
//     Tornado or aiohttp.web, with no entry point found): reported;
//   - in a library package, a top-level package with no entry point of its
//     own that imports no web server framework (Prefect's integrations,
//     whose callers are flows): a note that says so, since its async API
//     runs in event loops of callers the graph cannot see, as often a
//     flow or a script as a server;
//   - module-level findings (a sync driver import) in production source:
//     reported;
//   - in tests (test_*.py, *_test.py, conftest.py, tests/, testing/,
//     the plan's tests), benchmarks, examples, tutorials and docs,
//     scripts/, migrations (pass/role), reachable only from a command-line
//     entry point, or code of a serving package that no entry point
//     reaches: not reported.
//
// Wherever it is reported, blocking work whose cost is bounded and small is
// a note: a call of ARX104 that touches one local file or lists one
// directory (open, a file object's read or write, Path.read_text or
// write_text, a temporary file, os.listdir) or removes a scratch
// directory on a cleanup path (rmtree with ignore_errors, or in a finally
// or except clause), unless it runs once per item of a loop or
// comprehension over a collection, and an ARX110 helper whose worst
// blocking call is one of those. The calls that walk, copy or remove
// a whole tree (os.walk, Path.rglob, shutil.copytree, shutil.rmtree), build
// or unpack an archive or copy a stream to its end, and every call that
// waits on another process or machine (network, database, subprocess,
// sleep) or burns CPU keep their rule's severity, but for one case: a
// database round trip (ARX107, or an ARX110 helper whose worst call is
// one) in an async def that must stay async, because it awaits other work
// or implements another package's async interface, is a note too; where
// the function awaits nothing but the request's body, making it a plain
// def is the free fix and the round trip stays an error (roundtrip.go).
// On seventeen real
// services no reviewer wanted to act on a single small file read or
// written on the loop (a temporary script, a static page, a token file),
// while each is still a call flake8-async's ASYNC230 reports, so they stay
// visible as notes.
//
// On Prefect this keeps 29 of 564 findings (of those dropped, 504 were in
// tests and 23 in command-line code); on Onyx 19 of 36 remain and every
// sync SQLAlchemy session in an async handler is still reported. With
// -asyncradar.scope=all-async (settings: asyncradar: {scope: all-async})
// every finding is reported, those off the request path at note severity
// and with where they are: "(off the request path: in a test)". Entry
// points acrvet cannot see (a handler registered by an import string) go
// in plan.entry_points. Because a finding depends on the modules that call
// its function, the pass is not file-local: CI shards run it whole.
//
// # Triggers and cost
//
// Only Python files containing "async def" are parsed by the pass; the
// request path adds the few modules that register handlers or start event
// loops without one (add_api_route, Route(", asyncio.run(, lifespan=).
// Service modules that mention a sync driver but have no async code are
// scanned line by line for ARX111 and never parsed. Over the CPython
// 3.11 standard library (1789 Python files) the pass parses 83 files and
// skips 1706; the request path parses 7 more (3 modules that start event
// loops, 4 packages' __init__.py for what they re-export). On Prefect the
// graph costs about a tenth of the pass's CPU time: 5% to summarize the
// modules the pass parses anyway, and 51 more files parsed (913 instead of
// 862); it holds no syntax tree, so peak memory stays flat.
//
// # Spike SPK-REV-02: can static analysis find CPU-bound pandas work in
// FastAPI routes?
//
// Partly, and the answer sets the severity. What the AST shows reliably
// is the call: pandas.read_csv, pd.merge and numpy.linalg.inv resolve
// through imports and aliases with no false positives, and DataFrame
// methods are recognized on receivers typed from a pandas constructor or
// reader (df = pd.read_csv(...)). Receivers of unknown type (a parameter,
// an attribute of app.state) are matched by name only (df, *_df, frame),
// which misses frames named otherwise and can catch a non-frame named df.
// What the AST cannot show is the size of the data: df.groupby on a
// ten-row request payload costs microseconds, on a feature table seconds.
// Measured on the golden corpus (every alias form, typed and named
// receivers, offloaded and sync code) the rule reports exactly the expected
// calls; over the standard library, the installed site-packages and the
// FastAPI repository (docs_src holds hundreds of routes) it reports no
// pandas or numpy call in async code, because none is there. So the rule
// is a review prompt (note severity, configurable list `cpu-bound`), while
// the inference calls the plan names (h2o.predict, mojo_predict_pandas) are
// errors under ARX109.
//
// # Settings
//
//	-asyncradar.cpu-bound=read_csv,merge,numpy.linalg.*   calls of ARX116
//	-asyncradar.sync-drivers=psycopg2,pymysql             modules of ARX111
//	-asyncradar.redis-errors=app.errors.CacheDown         extra fallbacks of ARX115
//	-asyncradar.model-version-symbol=rev                  ARX114; default: the plan's model_version_symbol
//
// The spec's script 5.1, `detect_blocking_calls.py --source-dir ./src/api`,
// is `acrvet -asyncradar ./src/api`.
package asyncradar
