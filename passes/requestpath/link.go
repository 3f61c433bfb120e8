package requestpath

import (
	"bytes"
	"path"
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/role"
)

// A linker resolves the references of the summaries across modules and
// walks the graph from the entry points.
type linker struct {
	g       *Graph
	byPath  map[string]*module  // summaries, handed in or loaded on demand; nil: cannot load
	suffix  map[string][]string // dotted module path suffix -> file paths
	rooted  map[string]string   // file path -> module name from its package root
	resolve map[string]*fn      // memo of resolveName
	serving map[string]bool     // top-level packages with code on the request path
	servers map[string]bool     // top-level packages that import a web server framework
	classes map[string]*class   // memo of classNamed
}

// solve summarizes the modules the walk starts from (the inputs that hold
// rootWords, and the files the plan names as entry points), indexes every
// Python file of the run by module name and computes what each entry
// point reaches. The start does not depend on which passes handed in
// which modules: other modules are summarized when a reference leads to
// them (load), so every answer is the same whichever passes run.
func (g *Graph) solve() {
	l := &linker{g: g, byPath: map[string]*module{}, suffix: map[string][]string{}, rooted: map[string]string{}, resolve: map[string]*fn{}, serving: map[string]bool{}, servers: map[string]bool{}, classes: map[string]*class{}}
	g.l = l
	g.mu.Lock()
	g.solved = true
	g.mu.Unlock()
	files := g.inputs
	if g.repo != nil {
		files = g.repo.OfKind(pass.Python)
	}
	for _, f := range files {
		l.index(f.Path)
	}
	// The start: inputs that hold rootWords, and any Python file of the
	// run the plan names as an entry point.
	var start []*pass.File
	inputs := map[*pass.File]bool{}
	for _, f := range g.inputs {
		inputs[f] = true
		if !NeverServes(g.Role(f)) || l.namedByPlan(f.Path) {
			start = append(start, f)
		}
	}
	for _, f := range files {
		if !inputs[f] && l.namedByPlan(f.Path) {
			start = append(start, f)
		}
	}
	roots := make([]*module, len(start))
	each := g.each
	if each == nil {
		each = func(fs []*pass.File, fn func(*pass.File)) {
			for _, f := range fs {
				fn(f)
			}
		}
	}
	pos := make(map[*pass.File]int, len(start))
	for i, f := range start {
		pos[f] = i
	}
	each(start, func(f *pass.File) {
		if !l.namedByPlan(f.Path) {
			if src, err := f.Bytes(); err != nil || !defines(src) {
				return
			}
		}
		roots[pos[f]] = l.summary(f)
	})
	for _, m := range roots {
		if m != nil {
			l.byPath[m.file.Path] = m
			if m.server && m.role == role.Source {
				l.servers[l.pkg(m.file.Path)] = true
			}
		}
	}
	l.walk()
}

// summary returns the summary of a file: the one a pass handed in, or a
// new one.
func (l *linker) summary(f *pass.File) *module {
	l.g.mu.Lock()
	m := l.g.mods[f]
	l.g.mu.Unlock()
	if m != nil {
		return m
	}
	return l.parse(f)
}

// defines reports whether a module may define an async function or an
// entry point (rootWords).
func defines(src []byte) bool {
	for _, t := range rootWords {
		if bytes.Contains(src, []byte(t)) {
			return true
		}
	}
	return false
}

// parse summarizes a file no pass handed in, parsing it at most once per
// run: while some pass still reads the file, through pyindex's memo, which
// that pass shares and the driver releases when the last reader is done;
// once every pass is done with it, outside the memo, so the tree and the
// bytes die at once.
func (l *linker) parse(f *pass.File) *module {
	pm := l.g.ix.Shared(f)
	if pm == nil {
		return nil
	}
	return summarize(f, pm, l.g.plan, l.g.Known)
}

// index records a Python file under every dotted suffix of its path, and
// its module name from its package root (the nearest directory upwards
// without __init__.py).
func (l *linker) index(p string) {
	dotted := strings.TrimSuffix(p, ".py")
	dotted = strings.TrimSuffix(dotted, "/__init__")
	segs := strings.Split(dotted, "/")
	for i := range segs {
		k := strings.Join(segs[i:], ".")
		l.suffix[k] = append(l.suffix[k], p)
	}
	dir := path.Dir(p)
	if path.Base(p) == "__init__.py" {
		dir = path.Dir(dir)
	}
	root := 0
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if l.g.repo == nil || l.g.repo.Lookup(d+"/__init__.py") == nil {
			root = strings.Count(d, "/") + 1
			break
		}
	}
	l.rooted[p] = strings.Join(segs[root:], ".")
}

// moduleNamed returns the module an absolute dotted name stands for. A
// one-segment name must be a module at a package root, so json does not
// resolve to some package's json.py; longer names may match a path
// suffix, the one named from its package root first, then the shortest.
func (l *linker) moduleNamed(name string) *module {
	if p := l.modulePath(name); p != "" {
		return l.load(p)
	}
	return nil
}

// modulePath returns the path of the file a dotted module name stands
// for, "" when no Python file of the run is that module.
func (l *linker) modulePath(name string) string {
	cands := l.suffix[name]
	if len(cands) == 0 {
		return ""
	}
	best := ""
	for _, c := range cands {
		if l.rooted[c] == name && (best == "" || len(c) < len(best)) {
			best = c
		}
	}
	if best == "" {
		if !strings.Contains(name, ".") {
			return ""
		}
		sort.Slice(cands, func(i, j int) bool {
			return len(cands[i]) < len(cands[j]) || len(cands[i]) == len(cands[j]) && cands[i] < cands[j]
		})
		best = cands[0]
	}
	return best
}

// load returns the summary of a file, summarizing it on first use: a
// module a call of the request path leads to is part of the graph
// whichever passes read it. Summaries are kept, nil for a file that is not
// Python of the run or does not parse.
func (l *linker) load(p string) *module {
	if m, ok := l.byPath[p]; ok {
		return m
	}
	var m *module
	if f := l.g.file(p); f != nil && f.Kind == pass.Python {
		m = l.summary(f)
	}
	l.byPath[p] = m
	return m
}

// absolute turns a relative qualified name ("..models.user") into an
// absolute one, from the package of the module that wrote it.
func (l *linker) absolute(m *module, name string) string { return l.absoluteFrom(m.file.Path, name) }

// absoluteFrom is absolute for a name written in the module at path p.
func (l *linker) absoluteFrom(p, name string) string {
	level := len(name) - len(strings.TrimLeft(name, "."))
	if level == 0 {
		return name
	}
	pkg := strings.Split(l.rooted[p], ".")
	if path.Base(p) != "__init__.py" {
		pkg = pkg[:len(pkg)-1]
	}
	if level-1 > len(pkg) {
		return ""
	}
	pkg = pkg[:len(pkg)-(level-1)]
	rest := name[level:]
	if rest != "" {
		pkg = append(pkg, rest)
	}
	return strings.Join(pkg, ".")
}

// resolveName returns the function an absolute qualified name stands
// for: a function of a module, a method of a class or of a module-level
// instance, through re-exports.
func (l *linker) resolveName(name string, depth int) *fn {
	if depth == 0 {
		if f, ok := l.resolve[name]; ok {
			return f
		}
	}
	var out *fn
	if depth <= maxDepth && name != "" {
		segs := strings.Split(name, ".")
		for i := len(segs); i >= 1; i-- {
			if m := l.moduleNamed(strings.Join(segs[:i], ".")); m != nil {
				out = l.resolveIn(m, segs[i:], depth)
				break
			}
		}
	}
	if depth == 0 {
		l.resolve[name] = out
	}
	return out
}

func (l *linker) resolveIn(m *module, rest []string, depth int) *fn {
	if len(rest) == 0 {
		return nil
	}
	sym, ok := m.names[rest[0]]
	if !ok {
		return nil
	}
	switch {
	case sym.fn != nil:
		if len(rest) == 1 {
			return sym.fn
		}
	case sym.class != nil:
		if len(rest) == 2 {
			return l.method(classRef{local: sym.class}, rest[1], m, depth+1)
		}
	case sym.target != "":
		t := l.absolute(m, sym.target)
		if len(rest) > 1 {
			t += "." + strings.Join(rest[1:], ".")
		}
		return l.resolveName(t, depth+1)
	case sym.instance.ok():
		if len(rest) == 2 {
			return l.method(sym.instance, rest[1], m, depth+1)
		}
	}
	return nil
}

// classNamed returns the class an absolute qualified name stands for.
func (l *linker) classNamed(name string, depth int) *class {
	if c, ok := l.classes[name]; ok {
		return c
	}
	c := l.findClass(name, depth)
	l.classes[name] = c
	return c
}

func (l *linker) findClass(name string, depth int) *class {
	if depth > maxDepth {
		return nil
	}
	segs := strings.Split(name, ".")
	for i := len(segs) - 1; i >= 1; i-- {
		m := l.moduleNamed(strings.Join(segs[:i], "."))
		if m == nil {
			continue
		}
		if i != len(segs)-1 {
			return nil
		}
		sym := m.names[segs[i]]
		switch {
		case sym.class != nil:
			return sym.class
		case sym.target != "":
			return l.classNamed(l.absolute(m, sym.target), depth+1)
		}
		return nil
	}
	return nil
}

// method returns the method a class or one of its bases defines.
func (l *linker) method(c classRef, name string, from *module, depth int) *fn {
	if depth > maxDepth {
		return nil
	}
	cls := c.local
	if cls == nil {
		cls = l.classNamed(l.absolute(from, c.name), depth+1)
	}
	if cls == nil {
		return nil
	}
	if f := cls.methods[name]; f != nil {
		return f
	}
	for _, b := range cls.bases {
		if f := l.method(b, name, cls.mod, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// target resolves a reference made in module m.
func (l *linker) target(m *module, r ref) *fn {
	switch {
	case r.local != nil:
		return r.local
	case r.name != "":
		return l.resolveName(l.absolute(m, r.name), 0)
	case r.method != "" && r.cls.ok():
		return l.method(r.cls, r.method, m, 0)
	}
	return nil
}

// allMethods returns the methods of a class and its bases.
func (l *linker) allMethods(from *module, c classRef) []*fn {
	var out []*fn
	seen := map[*class]bool{}
	var visit func(c classRef, from *module, depth int)
	visit = func(c classRef, from *module, depth int) {
		cls := c.local
		if cls == nil && depth <= maxDepth {
			cls = l.classNamed(l.absolute(from, c.name), depth+1)
		}
		if cls == nil || seen[cls] {
			return
		}
		seen[cls] = true
		for _, f := range cls.methods {
			out = append(out, f)
		}
		for _, b := range cls.bases {
			visit(b, cls.mod, depth+1)
		}
	}
	visit(c, from, 0)
	sort.Slice(out, func(i, j int) bool {
		if out[i].mod != out[j].mod {
			return out[i].mod.file.Path < out[j].mod.file.Path
		}
		return out[i].start < out[j].start
	})
	return out
}

// walk marks what the serving entry points reach, then what the
// command-line entry points reach of the rest. Serving entry points count
// in production source only (a test's app serves nobody), and the walk
// does not enter tests and benchmarks.
func (l *linker) walk() {
	mods := make([]*module, 0, len(l.byPath))
	for _, m := range l.byPath {
		if m != nil {
			mods = append(mods, m)
		}
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].file.Path < mods[j].file.Path })

	for _, kind := range []Kind{Serving, CommandLine} {
		var work []*fn
		mark := func(f *fn, via string) {
			if f == nil || f.kind != Unreached || NeverServes(f.mod.role) {
				return
			}
			f.kind, f.via = kind, via
			work = append(work, f)
		}
		for _, m := range mods {
			if kind == Serving && m.role != role.Source && !l.planned(m) {
				continue
			}
			for _, f := range m.funcs {
				if f.entry.kind == kind {
					mark(f, f.entry.what+" "+l.display(f))
				}
			}
			for _, e := range m.entries {
				if e.entry.kind == kind {
					if f := l.target(m, e.ref); f != nil {
						mark(f, e.entry.what+" "+l.display(f))
					}
				}
			}
			if kind == Serving {
				for _, f := range l.planEntries(m) {
					mark(f, "the plan's entry point "+l.display(f))
				}
			}
		}
		for len(work) > 0 {
			f := work[len(work)-1]
			work = work[:len(work)-1]
			for _, r := range f.refs {
				if r.method == allMethods {
					for _, g := range l.allMethods(f.mod, r.cls) {
						mark(g, f.via)
					}
					continue
				}
				if t := l.target(f.mod, r); t != nil || !r.ctor {
					mark(t, f.via)
					continue
				}
				for _, g := range l.allMethods(f.mod, classRef{name: r.name}) {
					mark(g, f.via)
				}
			}
		}
		if kind == Serving {
			for _, m := range mods {
				for _, f := range m.funcs {
					if f.kind == Serving {
						l.serving[l.pkg(m.file.Path)] = true
					}
				}
			}
		}
	}
}

// planned reports whether the plan names the module's file as serving.
func (l *linker) planned(m *module) bool {
	return acr.InTree(m.file.Path, l.g.plan.Service)
}

// planEntries returns the module's functions the plan names as entry
// points: "path/to/file.py:func", "pkg.module:Class.method", or a file,
// module or directory for all of its functions.
func (l *linker) planEntries(m *module) []*fn {
	var out []*fn
	for _, spec := range l.g.plan.EntryPoints {
		where, qual, _ := strings.Cut(spec, ":")
		if !entryPointAt(m.file.Path, where) {
			continue
		}
		for _, f := range m.funcs {
			if qual == "" || f.qual == qual {
				out = append(out, f)
			}
		}
	}
	return out
}

// namedByPlan reports whether the plan names a file, or a module or
// directory that holds it, as an entry point.
func (l *linker) namedByPlan(p string) bool {
	for _, spec := range l.g.plan.EntryPoints {
		where, _, _ := strings.Cut(spec, ":")
		if entryPointAt(p, where) {
			return true
		}
	}
	return false
}

// entryPointAt reports whether the place of a plan's entry point
// ("path/to/file.py", "pkg.module", a directory) holds the file at p.
func entryPointAt(p, where string) bool {
	dotted := strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(p, ".py"), "/__init__"), "/", ".")
	return where == p || where == dotted || strings.HasSuffix(dotted, "."+where) || acr.InTree(p, []string{where})
}

// display names a function for messages: "app/api/users.py:list_users".
func (l *linker) display(f *fn) string { return f.mod.file.Path + ":" + f.qual }

// pkg returns the top-level package of a module: the first name of its
// module name from its package root.
func (l *linker) pkg(path string) string {
	top, _, _ := strings.Cut(l.rooted[path], ".")
	return top
}

// unseen reports whether a file belongs to an application whose serving
// entry points the graph does not recognise: its package imports a web
// server framework but has no serving entry point. There, that a command
// reaches a function does not show it runs only under the command: the
// unseen handlers may reach it too (Mage's API resources, which its CLI
// also calls). The command's own module still runs under the command
// only: its start-up work (Mage's server main, which its start command
// runs before serving).
func (l *linker) unseen(path string) bool {
	pkg := l.pkg(path)
	return l.servers[pkg] && !l.serving[pkg]
}

func (l *linker) place(f *pass.File, start int) Place {
	p := Place{Role: l.g.Role(f)}
	var x *fn
	if m := l.byPath[f.Path]; m != nil {
		x = m.byStart[start]
	}
	switch {
	case x != nil && x.kind == Serving:
		p.Kind, p.Entry = Serving, x.via
	case p.Role != role.Source:
		p.Kind = Offline
	case x != nil && x.kind == CommandLine && (!l.unseen(f.Path) || strings.Contains(x.via, " "+f.Path+":")):
		p.Kind, p.Entry = CommandLine, x.via
	default:
		pkg := l.pkg(f.Path)
		p.Library = !l.serving[pkg] && !l.servers[pkg]
		p.Unseen = l.unseen(f.Path)
	}
	return p
}
