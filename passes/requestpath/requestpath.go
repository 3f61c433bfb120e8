package requestpath

import (
	"reflect"
	"strings"
	"sync"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/passes/pyindex"
)

// Analyzer is the helper that finds a repository's request path. Its
// result is a *Graph; like pyindex it parses nothing on its own.
var Analyzer = &acr.Analyzer{
	Name: "requestpath",
	Doc: "find the request path: entry points that serve traffic and the functions reachable from them\n\n" +
		"requestpath is a helper analyzer: it reports nothing. Passes read its *requestpath.Graph result, hand it " +
		"the modules they parse anyway (Graph.Add) and then ask where a function runs (Graph.Place): on the request " +
		"path, only under a command-line entry point, in a test, benchmark, example, script or migration, or in " +
		"code no known entry point reaches.",
	Kinds: []pass.Kind{pass.Python},
	// The modules that may define an async function or an entry point are
	// inputs whichever passes require the graph, so its entry points, and
	// with them every answer, do not depend on which passes run.
	Triggers:   rootWords,
	Requires:   []*acr.Analyzer{pyindex.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Graph](),
}

// Triggers are the words of modules that register entry points or start
// event loops without defining an async def themselves (app.add_api_route
// in main.py, asyncio.run(main()) in a script). A pass that requires the
// graph adds them to its own triggers, so those modules reach the graph.
var Triggers = []string{
	"add_api_route", "add_route(", "add_websocket_route", `Route("`, "Route('", "add_get(", "add_post(", "add_routes(",
	"urlpatterns", "lifespan=", "on_startup=", "WorkerSettings",
	"asyncio.run(", "anyio.run(", "trio.run(", "run_until_complete(",
}

// rootWords are the words of the modules the graph walks from: those that
// may define an async function or an entry point. Other modules are
// summarized when a call leads to them.
var rootWords = append([]string{"async def"}, Triggers...)

func run(p *acr.Pass) (any, error) {
	g := &Graph{
		ix:     p.ResultOf[pyindex.Analyzer].(*pyindex.Index),
		plan:   p.Plan.WithDefaults(),
		repo:   p.Repo,
		inputs: p.Files,
		each:   p.ForEachFile,
		mods:   map[*pass.File]*module{},
	}
	return g, nil
}

// A Kind says where a function runs, as far as serving traffic goes.
type Kind uint8

const (
	// Unreached is source code that no known entry point reaches: the
	// public API of a library, which runs in its users' event loops, or
	// code an application reaches in ways the graph cannot see.
	Unreached Kind = iota
	// Serving is code reachable from an entry point that serves traffic:
	// a route, a dependency, an ASGI app, a middleware, a message
	// consumer or worker, a lifespan, the plan's service tree or its
	// entry points.
	Serving
	// CommandLine is code reachable only from command-line entry points:
	// a module's __main__ block, a coroutine handed to asyncio.run at
	// module level, click and typer commands. Its event loop serves one
	// program run and nobody else.
	CommandLine
	// Offline is code whose file plays a role other than production
	// source: tests, benchmarks, examples, scripts and migrations
	// (pass/role), unless the request path reaches it.
	Offline
)

var kindNames = [...]string{"unreached", "serving", "command line", "offline"}

func (k Kind) String() string { return kindNames[k] }

// A Place is where a function runs.
type Place struct {
	Kind Kind
	// Role is the role of the function's file.
	Role role.Role
	// Entry describes the entry point that reaches the function, for
	// Serving and CommandLine: "route handler app/api.py:list_users".
	Entry string
	// Library is set for Unreached code of a top-level package that has
	// no entry point serving traffic and imports no web server framework:
	// a library, whose async functions run in its users' event loops (a
	// flow, a script, a worker, a server), which the graph cannot see.
	// Unreached code of a package that serves is code its entry points do
	// not reach.
	Library bool
	// Unseen is set for Unreached code of a top-level package that imports
	// a web server framework but has no entry point the graph recognises
	// (Tornado handlers, handlers looked up by name at run time): an
	// application whose request path the graph cannot see.
	Unseen bool
}

// Why returns a short reason for a place off the request path, for
// messages: "in a test", "reached only from the command-line entry point
// cli:main".
func (p Place) Why() string {
	switch p.Kind {
	case Offline:
		return "in " + article(p.Role.String()) + " " + p.Role.String()
	case CommandLine:
		return "reached only from the command-line entry point " + p.Entry
	case Serving:
		return "on the request path from " + p.Entry
	}
	if p.Library {
		return "in a library package, whose callers (flows, scripts, workers) the graph cannot see"
	}
	if p.Unseen {
		return "in an application whose entry points the graph does not recognise"
	}
	return "reached from no entry point of its package, which serves requests"
}

func article(s string) string {
	if s != "" && (s[0] == 'a' || s[0] == 'e' || s[0] == 'i' || s[0] == 'o' || s[0] == 'u') {
		return "an"
	}
	return "a"
}

// A Graph is the call graph of the run's Python modules with their entry
// points. It is safe for concurrent use.
//
// Passes may hand it the modules they parse anyway (Add), which spares a
// second parse, and ask Place after: the first Place summarizes the
// modules that hold rootWords, walks from their entry points and
// summarizes every other module of the run when a call leads to it. What
// was handed in, and in which order the passes ask, never changes an
// answer. Summaries hold no syntax trees, so the trees of handed-in
// modules are released as usual and memory stays flat.
type Graph struct {
	ix     *pyindex.Index
	plan   *acr.Plan
	repo   *pass.Repo
	inputs []*pass.File
	each   func([]*pass.File, func(*pass.File)) // the run's bounded workers

	mu     sync.Mutex
	mods   map[*pass.File]*module // handed in by passes
	solved bool

	once sync.Once
	l    *linker

	namesOnce sync.Once
	names     map[string]bool // every directory name and module stem of the run's Python files
}

// Known reports whether a qualified name, as pyindex resolves it through
// imports, may name code of the repository: a relative name, or one whose
// first name is a directory or module of some Python file. It is cheap
// and safe for concurrent use: calls of builtins and libraries are
// dropped from the summaries at once, which keeps them small, and a pass
// may keep for ModuleOf only the names that may lead somewhere.
func (g *Graph) Known(name string) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	g.namesOnce.Do(func() {
		g.names = map[string]bool{}
		files := g.inputs
		if g.repo != nil {
			files = g.repo.OfKind(pass.Python)
		}
		for _, f := range files {
			for _, seg := range strings.Split(strings.TrimSuffix(f.Path, ".py"), "/") {
				g.names[seg] = true
			}
		}
	})
	first, _, _ := strings.Cut(name, ".")
	return g.names[first]
}

// Add summarizes a module a pass has parsed, so the graph need not parse
// it again. Modules are summarized once; adding after the first Place has
// no effect.
func (g *Graph) Add(f *pass.File, m *pyindex.Module) {
	if m == nil {
		return
	}
	g.mu.Lock()
	_, done := g.mods[f]
	done = done || g.solved
	g.mu.Unlock()
	if done {
		return
	}
	s := summarize(f, m, g.plan, g.Known)
	g.mu.Lock()
	if _, done := g.mods[f]; !done {
		g.mods[f] = s
	}
	g.mu.Unlock()
}

// Place returns where the function defined at byte offset start of f runs
// (pyindex.Function.Start). A function the graph does not know, and code
// outside any function (start < 0), is placed by its file's role alone.
func (g *Graph) Place(f *pass.File, start int) Place {
	g.once.Do(g.solve)
	return g.l.place(f, start)
}

// ModuleOf returns the file of the run that defines what a qualified name
// written in file from names ("app.util.load", or relative "..util.load"
// as the import wrote it) and the rest of the name inside that module
// ("load"); nil when the name is not code of the repository. A module that
// only imports the name re-exports it (from .client import make_client in
// a package's __init__.py): the import is followed to the module that
// defines it, as the linker follows it for the walk. Like Place, it may be
// called only after the passes handed in their modules, and not
// concurrently with Place.
func (g *Graph) ModuleOf(from *pass.File, name string) (*pass.File, string) {
	g.once.Do(g.solve)
	l := g.l
	if strings.HasPrefix(name, ".") {
		m := l.byPath[from.Path]
		if m == nil {
			return nil, ""
		}
		name = l.absolute(m, name)
	}
	for range maxDepth {
		if name == "" || !g.Known(name) {
			return nil, ""
		}
		p, rest := l.split(name)
		if p == "" {
			return nil, ""
		}
		f := g.file(p)
		if f == nil {
			return nil, ""
		}
		head, tail, _ := strings.Cut(rest, ".")
		reexport := g.reexport(f, head)
		if reexport == "" {
			return f, rest
		}
		name = l.absoluteFrom(p, reexport)
		if tail != "" && name != "" {
			name += "." + tail
		}
	}
	return nil, ""
}

// reexport returns the qualified name a module-level name of f imports
// (not *), or "". The Index tells without parsing f when f was parsed
// before, as it usually was and has been released since; else the
// module's own index (pyindex.Index.Shared), whose parse the Index
// remembers for the asking pass, not a summary, which would parse the
// file a second time.
func (g *Graph) reexport(f *pass.File, name string) string {
	if _, q, known := g.ix.GlobalOf(f, name); known {
		return q
	}
	m := g.ix.Shared(f)
	if m == nil {
		return ""
	}
	return m.Reexport(name)
}

// split returns the path of the longest module a dotted name starts with
// and the rest of the name inside it ("" when no module of the run is a
// proper prefix of the name).
func (l *linker) split(name string) (string, string) {
	segs := strings.Split(name, ".")
	for i := len(segs) - 1; i >= 1; i-- {
		if p := l.modulePath(strings.Join(segs[:i], ".")); p != "" {
			return p, strings.Join(segs[i:], ".")
		}
	}
	return "", ""
}

// file returns the file of the run at path.
func (g *Graph) file(path string) *pass.File {
	if g.repo != nil {
		return g.repo.Lookup(path)
	}
	for _, f := range g.inputs {
		if f.Path == path {
			return f
		}
	}
	return nil
}

// NeverServes reports whether code of a file of role r can never be on a
// request path or run by a command: tests and benchmarks call the
// application, nothing calls them. The graph neither starts from nor
// marks such modules, and a pass that reports only where code runs need
// not parse them.
func NeverServes(r role.Role) bool { return r == role.Test || r == role.Benchmark }

// Role returns the role of a file, honoring the plan's test directories.
func (g *Graph) Role(f *pass.File) role.Role { return role.Of(f.Path, g.plan.Tests) }
