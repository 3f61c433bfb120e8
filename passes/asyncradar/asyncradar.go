package asyncradar

import (
	_ "embed"

	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/listflag"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

// doc is the package comment: its "# Analyzer asyncradar" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer is the Async Non-Blocking Radar.
var Analyzer = &acr.Analyzer{
	Name:     "asyncradar",
	Doc:      acr.MustExtractDoc(doc, "asyncradar"),
	Kinds:    []pass.Kind{pass.Python},
	Triggers: triggers(defaultSyncDrivers),
	Requires: []*acr.Analyzer{pyindex.Analyzer, requestpath.Analyzer},
	// Not file-local: whether a function is on the request path depends
	// on the modules that call it, so CI shards cannot split the pass.
	Run:   run,
	Rules: Rules,
}

// asyncTrigger is what makes a file worth parsing.
const asyncTrigger = "async def"

func triggers(drivers []string) []string {
	// The driver names bring service modules without async code in for
	// ARX111's line scan; those files are never parsed by the pass. The
	// request path's words bring the modules that register handlers or
	// start event loops to the call graph.
	t := append([]string{asyncTrigger}, drivers...)
	return append(t, requestpath.Triggers...)
}

var defaultSyncDrivers = []string{"psycopg2", "pymysql", "MySQLdb", "mysql.connector", "pyodbc", "cx_Oracle", "pymssql"}

// defaultCPUBound is the default of the cpu-bound setting: bare names match
// pandas and numpy functions and DataFrame methods, dotted names match
// qualified callees, a trailing ".*" matches a module.
var defaultCPUBound = []string{
	"read_csv", "read_parquet", "read_json", "read_excel", "read_sql", "read_sql_query", "read_sql_table",
	"read_pickle", "read_feather", "read_html", "read_table", "read_fwf", "read_xml", "DataFrame", "concat", "merge",
	"pivot_table", "crosstab", "get_dummies", "json_normalize",
	"apply", "applymap", "groupby", "join", "pivot", "sort_values", "rolling", "resample", "transform", "agg",
	"aggregate", "describe", "corr", "melt", "explode", "drop_duplicates", "to_csv", "to_parquet", "to_excel",
	"numpy.linalg.*", "numpy.fft.*", "numpy.matmul", "numpy.einsum", "numpy.loadtxt", "numpy.genfromtxt",
}

var (
	cpuBound      = &listflag.Value{Items: defaultCPUBound}
	syncDrivers   = &listflag.Value{Items: defaultSyncDrivers}
	redisErrors   = &listflag.Value{}
	versionSymbol string
	scope         = scopeFlag(scopeRequestPath)
)

func init() {
	// The driver reads Triggers after applying settings, so the configured
	// drivers choose the files scanned.
	syncDrivers.OnSet = func(drivers []string) { Analyzer.Triggers = triggers(drivers) }
	Analyzer.Flags.Var(cpuBound, "cpu-bound", "CPU-bound pandas/numpy calls reported by ARX116 (comma-separated)")
	Analyzer.Flags.Var(syncDrivers, "sync-drivers", "synchronous database driver modules reported by ARX111 (comma-separated)")
	Analyzer.Flags.Var(redisErrors, "redis-errors", "extra exception names that count as a Redis fallback for ARX115 (comma-separated)")
	Analyzer.Flags.Var(&scope, "scope", "where findings are reported: request-path (the request path; library packages as notes; not tests, "+
		"benchmarks, examples, scripts, migrations or command-line programs) or all-async (every async def; findings off the request path are notes)")
	Analyzer.Flags.StringVar(&versionSymbol, "model-version-symbol", "", "substring of the name that holds the model version in cache keys (default: the plan's model_version_symbol)")
}

// settings is the flag state of one run.
type settings struct {
	cpuFuncs    map[string]bool // qualified names
	cpuPrefixes []string        // qualified prefixes ("numpy.linalg.")
	cpuBare     map[string]bool // function and method names
	drivers     []string
	redisErrors map[string]bool
	version     string
}

func newSettings(plan *acr.Plan) *settings {
	s := &settings{cpuFuncs: map[string]bool{}, cpuBare: map[string]bool{}, redisErrors: map[string]bool{}}
	for _, v := range cpuBound.Items {
		switch {
		case strings.HasSuffix(v, ".*"):
			s.cpuPrefixes = append(s.cpuPrefixes, strings.TrimSuffix(v, "*"))
		case strings.Contains(v, "."):
			s.cpuFuncs[v] = true
		default:
			s.cpuBare[v] = true
		}
	}
	s.drivers = append(s.drivers, syncDrivers.Items...)
	for _, v := range redisErrors.Items {
		s.redisErrors[v] = true
	}
	s.version = strings.ToLower(versionSymbol)
	if s.version == "" && plan != nil {
		s.version = strings.ToLower(plan.ModelVersionSymbol)
	}
	if s.version == "" {
		s.version = "version"
	}
	return s
}

func run(p *acr.Pass) (any, error) {
	ix := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
	graph := p.ResultOf[requestpath.Analyzer].(*requestpath.Graph)
	plan := p.Plan.WithDefaults()
	s := newSettings(plan)
	// Findings wait until every module is in the call graph: only then is
	// it known which functions serve requests.
	var mu sync.Mutex
	var held []heldFinding
	var imported []deferredCall
	var seen examined
	p.ForEachFile(p.Files, func(f *pass.File) {
		var out []heldFinding
		var calls []deferredCall
		defer func() {
			mu.Lock()
			if held == nil {
				held = out // no copy: a dense file's findings are much of the heap
			} else {
				held = append(held, out...)
			}
			imported = append(imported, calls...)
			mu.Unlock()
		}()
		content := f.Content()
		inService := acr.InTree(f.Path, plan.Service)
		if inService {
			seen.add(&seen.serviceModules, 1)
		}
		if !bytes.Contains(content, []byte(asyncTrigger)) {
			if inService {
				out = scanDriverImports(s, f, content)
			}
			return
		}
		if scope != scopeAllAsync && requestpath.NeverServes(graph.Role(f)) {
			// Only scope all-async reports in tests and benchmarks
			// (admit): no need to parse them.
			return
		}
		m, err := ix.Module(f)
		if err != nil {
			p.ReportSyntaxError(err)
		}
		if m == nil {
			return
		}
		graph.Add(f, m)
		c := &fileCheck{pass: p, s: s, m: m, f: f, graph: graph, seen: &seen}
		c.check(inService)
		out, calls = c.held, c.imported
	})
	held = append(held, newCrossModule(ix, graph, s).judge(imported)...)
	for _, h := range held {
		if h.bounded == "" {
			if base := contractBase(graph, h.file, h.contract); base != "" {
				h.bounded = contractNote(base, h.tripTo)
				h.diag.Message += noteSuffix(h.bounded)
			}
		}
		switch d, verdict := admit(graph, h); verdict {
		case report:
			p.Report(d)
		case reportNote:
			p.ReportNote(d)
		}
	}
	seen.record(p)
	return nil, nil
}

// A heldFinding waits for the request path to be known.
type heldFinding struct {
	file *pass.File
	fn   int // start of the innermost function around the finding, -1 for module level
	diag acr.Diagnostic
	// bounded: why the blocking work is bounded and small, which makes it
	// a note wherever it is (blocked.bounded); "" for an unbounded one.
	bounded string
	// contract, tripTo: see blocked.contract.
	contract []string
	tripTo   string
}

// The values of the scope setting.
const (
	scopeRequestPath = "request-path"
	scopeAllAsync    = "all-async"
)

type scopeFlag string

func (s *scopeFlag) String() string { return string(*s) }

func (s *scopeFlag) Set(v string) error {
	switch v {
	case scopeRequestPath, scopeAllAsync:
		*s = scopeFlag(v)
		return nil
	}
	return fmt.Errorf("scope must be %s or %s, not %q", scopeRequestPath, scopeAllAsync, v)
}

// A verdict is what admit decides for a finding.
type verdict uint8

const (
	drop       verdict = iota
	report             // at the rule's severity
	reportNote         // at note severity, saying where it is
)

// admit decides whether a finding is reported, and how: the one place
// that scopes asyncradar's rules to code whose event loop serves someone.
// Code on the request path, code of an application whose entry points the
// graph does not recognise, and module-level code of production source are
// reported. Library packages are notes: their async API runs in event
// loops of callers the graph cannot see, flows and scripts as often as
// servers. Tests, benchmarks, examples, scripts, migrations, command-line
// programs and code of a serving package that no entry point reaches are
// reported only with scope all-async, as notes that say where they are.
// Blocking work that touches one local file is a note wherever it is.
func admit(graph *requestpath.Graph, h heldFinding) (acr.Diagnostic, verdict) {
	place := graph.Place(h.file, h.fn)
	switch {
	case place.Kind == requestpath.Serving,
		place.Kind == requestpath.Unreached && (place.Unseen || h.fn < 0): // module level: an import, a global
		if h.bounded != "" {
			return h.diag, reportNote
		}
		return h.diag, report
	case place.Kind == requestpath.Unreached && place.Library:
		d := h.diag
		d.Message += " (" + place.Why() + ")"
		return d, reportNote
	}
	if scope != scopeAllAsync {
		return h.diag, drop
	}
	d := h.diag
	d.Message += " (off the request path: " + place.Why() + ")"
	return d, reportNote
}

// examined counts what the rules looked at, for the Plan Alignment
// report: a criterion passes on "12 async functions", not on silence.
type examined struct {
	mu                                                      sync.Mutex
	asyncFunctions, inferenceCalls, handlers, redisCommands int
	serviceModules                                          int
}

func (e *examined) add(n *int, k int) {
	e.mu.Lock()
	*n += k
	e.mu.Unlock()
}

func (e *examined) record(p *acr.Pass) {
	p.Examined("async function", e.asyncFunctions, RuleSleep, RuleHTTP, RuleSubprocess, RuleFileIO, RuleSocket,
		RuleInput, RuleDB, RuleRedisSync, RuleHelper, RuleCPU)
	p.Examined("model inference call", e.inferenceCalls, RuleModel)
	p.Examined("service module", e.serviceModules, RuleSyncDriver)
	p.Examined("request handler", e.handlers, RulePoolPerRequest)
	p.Examined("Redis command", e.redisCommands, RuleRedisTTL, RuleCacheKeyVersion, RuleRedisFallback)
}

// fileCheck reviews one parsed module.
type fileCheck struct {
	pass *acr.Pass
	s    *settings
	m    *pyindex.Module
	f    *pass.File
	// graph answers, while the files are checked, only Known: the call
	// graph is complete once every file is (see crossModule).
	graph *requestpath.Graph

	seen  *examined
	found []*finding
	held  []heldFinding
	// imported are calls of code other modules of the repository may
	// define, judged once every module is known (crossModule).
	imported []deferredCall
	// protected caches whether every in-module call of a function is
	// inside a Redis fallback.
	protected  map[*pyindex.Function]bool
	handlerSet map[*pyindex.Function]string
	asides     map[*pyindex.Function][]lookAside
	pairOf     map[*pyindex.Call]*lookAside // the look-aside pair of a read or write
	inference  map[*pyindex.Function]bool   // whether a function calls a model
	foundCalls map[foundCall]*finding       // the calls found, from the first call chain report meets
	expires    map[*pyindex.Function]map[string][]int
	// lifecycleSet holds the startup and shutdown functions.
	lifecycleSet map[*pyindex.Function]bool
	// asyncioImport caches the edit that imports asyncio (importAsyncio).
	asyncioImport *importEdit
	// redisImported caches whether the module imports a Redis library:
	// 0 unknown, 1 yes, -1 no.
	redisImported int
	// awaiting caches staysAsync.
	awaiting map[*pyindex.Function]bool
	// onMiss memoizes filledOnMiss.
	onMiss map[*pyindex.Function]bool
}

type finding struct {
	rule     *acr.Rule
	bounded  string   // see blocked.bounded
	contract []string // see blocked.contract
	tripTo   string   // see blocked.tripTo
	call     *pyindex.Call
	node     *python.Node
	msg      string
	related  []acr.RelatedInformation
	fixes    []acr.SuggestedFix
}

func (c *fileCheck) check(inService bool) {
	c.tally()
	for _, call := range c.m.Calls {
		if call.OnLoop && !c.lifecycle()[call.Function] {
			c.blockingCall(call)
		}
		c.poolPerRequest(call)
		c.redisCall(call)
	}
	for _, fn := range c.m.Functions {
		c.fileIteration(fn)
	}
	if inService {
		c.driverImports()
	}
	c.report()
}

// tally counts the module's async functions, inference calls, request
// handlers and Redis commands.
func (c *fileCheck) tally() {
	var async, inference, redis int
	for _, fn := range c.m.Functions {
		if fn.Async {
			async++
		}
	}
	for _, call := range c.m.Calls {
		if client, _ := c.redisReceiver(call); client {
			redis++
		}
		if predictMethods[call.Method] || strings.Contains(call.Text, "h2o") {
			if b := c.classify(call); b != nil && b.fam.rule == RuleModel {
				inference++
			}
		} else if strings.Contains(call.Text, "predict") && isOffload(call) {
			inference++ // run_in_executor(None, model.predict, frame): offloaded, as the rule wants
		}
	}
	c.seen.add(&c.seen.asyncFunctions, async)
	c.seen.add(&c.seen.inferenceCalls, inference)
	c.seen.add(&c.seen.handlers, len(c.handlers()))
	c.seen.add(&c.seen.redisCommands, redis)
}

func (c *fileCheck) add(fd *finding) { c.found = append(c.found, fd) }

// report drops the inner links of call chains reported by the same rule
// (db.query(X).filter(...).first() once, at the outermost call), then
// reports in source order. The outermost call takes the worst cost of its
// chain: open(path).read() in a loop is as costly as the open.
func (c *fileCheck) report() {
	sort.SliceStable(c.found, func(i, j int) bool { return c.found[i].node.Start() < c.found[j].node.Start() })
	sweep := newFunctionSweep(c.m)
	inner := map[*finding]bool{}
	for _, fd := range c.found {
		if fd.call == nil {
			continue
		}
		if outer := c.innerLink(fd); outer != nil {
			inner[fd] = true
			switch {
			case fd.bounded == "" && outer.bounded != "":
				outer.msg = strings.TrimSuffix(outer.msg, noteSuffix(outer.bounded))
				outer.bounded = ""
			case fd.bounded != "" && outer.bounded == boundedOneFile && fd.bounded != boundedOneFile:
				// open(p).read() once per item: the read touches the one
				// file the open gave it, the open says why the chain is
				// a note.
				outer.msg = strings.TrimSuffix(outer.msg, noteSuffix(outer.bounded)) + noteSuffix(fd.bounded)
				outer.bounded = fd.bounded
			}
		}
	}
	c.held = slices.Grow(c.held, len(c.found)-len(inner))
	for _, fd := range c.found {
		if inner[fd] {
			continue
		}
		c.held = append(c.held, heldFinding{file: c.f, fn: sweep.at(fd.node.Start()), bounded: fd.bounded, contract: fd.contract, tripTo: fd.tripTo, diag: acr.Diagnostic{
			Pos:            c.f.Pos(fd.node.Start()),
			End:            c.f.Pos(fd.node.End()),
			Category:       fd.rule.ID,
			Message:        fd.msg,
			Related:        fd.related,
			SuggestedFixes: fd.fixes,
		}})
	}
}

// functionSweep finds the innermost function whose definition holds
// each of a series of increasing offsets in one pass over the module's
// functions in source order, so a file with a finding in every function
// stays linear. Function spans nest or are disjoint: the open functions
// form a stack whose top is the innermost.
type functionSweep struct {
	fns  []*pyindex.Function // by start
	next int
	open []*pyindex.Function
}

func newFunctionSweep(m *pyindex.Module) *functionSweep {
	fns := slices.Clone(m.Functions)
	slices.SortStableFunc(fns, func(a, b *pyindex.Function) int { return a.Start() - b.Start() })
	return &functionSweep{fns: fns}
}

// at returns the start of the innermost function holding offset, or -1;
// offsets must not decrease from one call to the next.
func (w *functionSweep) at(offset int) int {
	for w.next < len(w.fns) && w.fns[w.next].Start() <= offset {
		fn := w.fns[w.next]
		w.close(fn.Start())
		w.open = append(w.open, fn)
		w.next++
	}
	w.close(offset)
	if len(w.open) == 0 {
		return -1
	}
	return w.open[len(w.open)-1].Start()
}

// close drops the open functions that end at or before offset.
func (w *functionSweep) close(offset int) {
	for len(w.open) > 0 && w.open[len(w.open)-1].End() <= offset {
		w.open = w.open[:len(w.open)-1]
	}
}

// innerLink returns the finding of the same rule at a call that fd's call
// is a link of (the receiver of, through a chain), or nil.
func (c *fileCheck) innerLink(fd *finding) *finding {
	// Walk up the chain of calls this one is the receiver of:
	// db.query(X) in db.query(X).filter(...).first().
	n := fd.call.Node
	for {
		p := n.Parent()
		for p != nil && (p.Type() == "parenthesized_expression" || p.Type() == "await") {
			n, p = p, p.Parent()
		}
		if p == nil || p.Type() != "attribute" || p.ChildByField("object") != n {
			return nil
		}
		outer := p.Parent()
		if outer == nil || outer.Type() != "call" || outer.ChildByField("function") != p {
			return nil
		}
		if c.foundCalls == nil {
			// Made at the first call chain: a file of findings on plain
			// calls needs none.
			c.foundCalls = map[foundCall]*finding{}
			for _, o := range c.found {
				if o.call != nil {
					c.foundCalls[foundCall{o.rule, o.call.Node.Index()}] = o
				}
			}
		}
		if o := c.foundCalls[foundCall{fd.rule, outer.Index()}]; o != nil {
			return o
		}
		n = outer
	}
}

// A foundCall is a call reported by a rule.
type foundCall struct {
	rule *acr.Rule
	node int
}

var importLineRE = regexp.MustCompile(`(?m)^[ \t]*(?:import[ \t]+([\w. \t,]+)|from[ \t]+([\w.]+)[ \t]+import\b)`)

// scanDriverImports finds sync driver imports in a service module that has
// no async code, without parsing it.
func scanDriverImports(s *settings, f *pass.File, content []byte) []heldFinding {
	var out []heldFinding
	for _, loc := range importLineRE.FindAllSubmatchIndex(content, -1) {
		var names []string
		if loc[2] >= 0 {
			for _, part := range strings.Split(string(content[loc[2]:loc[3]]), ",") {
				name, _, _ := strings.Cut(strings.TrimSpace(part), " ")
				names = append(names, name)
			}
		} else {
			names = []string{string(content[loc[4]:loc[5]])}
		}
		for _, name := range names {
			if d := driverOf(s, name); d != "" {
				start := loc[0] + bytes.IndexFunc(content[loc[0]:loc[1]], func(r rune) bool { return r != ' ' && r != '\t' })
				end := len(content)
				if nl := bytes.IndexByte(content[start:], '\n'); nl >= 0 {
					end = start + nl
				}
				out = append(out, heldFinding{file: f, fn: -1, diag: acr.Diagnostic{
					Pos: f.Pos(start), End: f.Pos(end), Category: RuleSyncDriver.ID,
					Message: driverMessage(d),
				}})
				break
			}
		}
	}
	return out
}

func driverOf(s *settings, module string) string {
	for _, d := range s.drivers {
		if module == d || strings.HasPrefix(module, d+".") {
			return d
		}
	}
	return ""
}

func driverMessage(driver string) string {
	return "synchronous database driver " + driver + " imported in service code: its queries block the event loop " +
		"and bypass the shared pool; use asyncpg or SQLAlchemy's async engine with a pool created at startup"
}

func (c *fileCheck) driverImports() {
	seen := map[int]bool{}
	for _, imp := range c.m.Imports {
		if imp.TypeOnly || imp.Level > 0 || seen[imp.Stmt.Index()] {
			continue
		}
		d := driverOf(c.s, imp.Module)
		if d == "" && imp.Name != "" {
			d = driverOf(c.s, imp.Module+"."+imp.Name)
		}
		if d == "" {
			continue
		}
		seen[imp.Stmt.Index()] = true
		c.add(&finding{rule: RuleSyncDriver, node: imp.Stmt, msg: driverMessage(d)})
	}
}
