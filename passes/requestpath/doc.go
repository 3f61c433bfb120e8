// Package requestpath defines the helper analyzer that finds a
// repository's request path: the entry points that serve traffic and the
// functions reachable from them through a call graph over every Python
// module, with imports resolved across modules.
//
// Blocking an event loop that serves nobody harms nobody: a test that
// sleeps on purpose, a backfill script or a command that runs one
// coroutine under asyncio.run. Process-view rules ask the graph where a
// function runs and report only where an event loop serves someone.
//
// # API
//
//	var Analyzer // Name "requestpath", Kinds [pass.Python], Requires [pyindex], no rules
//
//	g := pass.ResultOf[requestpath.Analyzer].(*requestpath.Graph)
//	g.Add(f, m)                    // while looking at files: a module the pass parsed anyway
//	place := g.Place(f, fn.Start()) // after: where the function runs
//	place.Kind                     // Serving, CommandLine, Offline or Unreached
//	place.Library                  // Unreached code of a package no entry point serves from
//	place.Why()                    // "in a test", "on the request path from route handler app/api.py:list_users"
//
// Like pyindex, Run parses nothing. The first Place summarizes the modules
// that hold an async def or one of Triggers (the analyzer's own triggers,
// so they are its inputs whichever passes require it), walks from their
// entry points and summarizes any other module of the run when a call
// leads to it. Passes may hand the graph the modules they parse anyway
// (Add), which spares a second parse and changes no answer: what the
// graph knows does not depend on which passes run or which asks first.
// Summaries hold no syntax, so trees are released as usual: holding every
// tree of a large repository until the graph is complete would double the
// peak memory.
//
// A module the graph summarizes itself is parsed at most once per run:
// through pyindex's memo while some pass still reads the file (the pass
// then finds it parsed), outside the memo once every pass is done with
// it (pass.File.Idle), so that tree dies at once. ModuleOf reads a
// module's re-exports from what pyindex keeps of every module it parsed
// (Index.GlobalOf), so it parses only a module nobody parsed before; a
// pass that looks further into such a module after that (asyncradar
// following a call into a function or class of another module) reads
// the digest it registered with pyindex (Index.DigestOf) instead of
// parsing it again.
//
// # Entry points
//
// Serving (in production source only; a test's app serves nobody):
//   - route decorators of FastAPI, APIRouter, Starlette, Litestar, Quart,
//     Sanic and aiohttp RouteTableDef (@app.get, @router.post, @app.route,
//     @routes.get, @app.websocket, @app.middleware, @app.exception_handler);
//   - registrations: add_api_route, add_route, add_websocket_route,
//     Route(...), WebSocketRoute(...), aiohttp's router.add_get/add_post/
//     add_view and web.get/post(...), Django path()/re_path(), Depends and
//     Security dependencies, add_exception_handler, add_event_handler;
//   - lifespan=, on_startup= and on_shutdown= handlers, and the tasks they
//     start (a while True consumer loop created in the lifespan);
//   - ASGI apps (async def app(scope, receive, send)), methods of
//     Starlette endpoints and BaseHTTPMiddleware, Django and Channels
//     views and consumers, async def views in views.py taking request;
//   - message consumers and workers: a function that drains a message
//     client with async for (aiokafka, aio-pika, nats ...), however it is
//     started, FastStream @broker.subscriber,
//     aio-pika queue.consume(callback), taskiq @broker.task, dramatiq
//     actors, arq WorkerSettings.functions and cron(...), Strawberry
//     resolvers;
//   - every function of the plan's service tree (plan.service), and the
//     plan's entry points (plan.entry_points: "path/to/file.py:func",
//     "pkg.module:Class.method", or a file, module or directory).
//
// Command line: the calls of an `if __name__ == "__main__":` block, a
// coroutine handed to asyncio.run, anyio.run, trio.run or
// run_until_complete at module level, and click, typer and cyclopts
// commands (@cli.command(), @app.default).
//
// # Calls
//
// A function reaches what it calls and what it hands on as a callback:
// functions of its module, self and cls methods (through the class's
// bases), imported functions and methods of imported classes and module
// instances (user_service.get() after from app.user.service import user
// as user_service), objects built by a constructor, annotated parameters,
// attributes of self set to an instance, every method of an object built
// there (a transport handed to a client, a handler class handed to a
// framework, which calls its methods), functions passed as arguments
// (create_task, add_task, Depends), nested defs, and dispatch by module
// and name strings (fetch_impl("app.tenants.provisioning",
// "setup_tenant")). Names are resolved from a module's package root (the
// nearest directory upwards without __init__.py), so src/ layouts and
// monorepos resolve; a module a call leads to (a package's __init__.py
// for what it re-exports, a sync helper of another module) is read even
// when no pass reads it. Calls through values the module
// cannot type (a parameter without annotation, a container) are not
// followed. Graph.ModuleOf tells a pass which module of the run defines a
// qualified name, following re-exports as the walk does (asyncradar
// follows helpers, methods and factories of other modules with it).
//
// # Places
//
// A function reachable from a serving entry point is Serving, whatever its
// file's role, unless it is a test or benchmark. Otherwise a file whose
// role (pass/role) is a test, benchmark, example, script or migration is
// Offline; a function reachable from a command-line entry point is
// CommandLine; the rest is Unreached. Unreached code of a top-level package
// with no serving entry point that imports no web server framework is a
// library (Place.Library): its async functions run in event loops of
// callers the graph cannot see. A package that imports a web server
// framework (Tornado, aiohttp.web ...) but has no serving entry point the
// graph recognises is an application whose handlers it cannot see
// (Place.Unseen): its functions are Unreached and Unseen, also those a
// command of another module reaches, since the unseen handlers may reach
// them too; the command's own module stays CommandLine (start-up work). Unreached code of a package
// that serves is code its entry points do not reach, which on the corpus
// was mostly library API and worker code of mixed repositories (Prefect's
// blocks and runner) rather than request handling.
package requestpath
