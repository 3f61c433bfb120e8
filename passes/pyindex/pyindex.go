package pyindex

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
)

// Analyzer is the helper every Python pass requires. Its result is an
// *Index; it parses nothing until a pass asks for a file's Module.
var Analyzer = &acr.Analyzer{
	Name: "pyindex",
	Doc: "index Python modules: imports, scopes, functions, calls and simple types\n\n" +
		"pyindex is a helper analyzer, like go/analysis's inspect: it reports nothing. " +
		"Passes read its *pyindex.Index result and call Index.Module(file), which parses the file " +
		"(once per run, shared with every other pass) and summarizes it on first use.",
	Kinds:      []pass.Kind{pass.Python},
	Run:        run,
	ResultType: reflect.TypeFor[*Index](),
}

func run(*acr.Pass) (any, error) { return &Index{}, nil }

// An Index hands out the Module summary of any Python file of the run,
// building each at most once. It is safe for concurrent use.
type Index struct {
	// globals holds, per file parsed through the Index (*pass.File to
	// *globals), what Global binds the names that are defs or re-exports
	// to, which outlives the file's tree: a check that runs after every
	// pass is done with a module learns what an imported name is there
	// without parsing it again (see GlobalOf). A nil *globals: the file
	// does not parse.
	globals sync.Map

	// digests holds, per file parsed through the Index (*pass.File to
	// []any, one entry per registered Digest), what each Digest kept of
	// the module while its tree was alive (see RegisterDigest).
	digests     sync.Map
	digestsOnce sync.Once
	digesters   []func(*pass.File, *Module) any
}

// A Digest names what a pass keeps of every module parsed in a run, by
// whichever pass, once its tree is released (RegisterDigest).
type Digest int

var digestFactories []func() func(*pass.File, *Module) any

// RegisterDigest makes every Index call, for every module it builds while
// the module's tree is alive, a function made by factory (once per Index,
// at its first build, so it may read the run's settings), and keep what
// it returns for Index.DigestOf: a pass that reads modules after every
// pass is done with them (asyncradar's calls into other modules) learns
// what it needs without parsing them again. Call it from an init
// function, before any Index builds; the function must be safe for
// concurrent use, must not keep the module or its nodes, and must not
// panic (a panic would be the error of whichever pass parsed the module).
func RegisterDigest(factory func() func(f *pass.File, m *Module) any) Digest {
	digestFactories = append(digestFactories, factory)
	return Digest(len(digestFactories) - 1)
}

// DigestOf returns what digest d kept of f, and whether f was parsed
// through the Index (nil when it does not parse).
func (ix *Index) DigestOf(f *pass.File, d Digest) (any, bool) {
	v, ok := ix.digests.Load(f)
	if !ok {
		return nil, false
	}
	if ds := v.([]any); int(d) < len(ds) {
		return ds[d], true
	}
	return nil, true
}

// digest runs the registered digests over a module just built.
func (ix *Index) digest(f *pass.File, m *Module) {
	ix.digestsOnce.Do(func() {
		for _, factory := range digestFactories {
			ix.digesters = append(ix.digesters, factory())
		}
	})
	if len(ix.digesters) == 0 {
		return
	}
	ds := make([]any, len(ix.digesters))
	if m != nil {
		for i, d := range ix.digesters {
			ds[i] = d(f, m)
		}
	}
	ix.digests.Store(f, ds)
}

// globals is what a module's defs and re-exports bind, packed in one
// string (every parsed module keeps it to the end of the run): entry i,
// from at[i] to at[i+1], is the name, a NUL, and "d" for a def or "r" and
// the qualified name an import (not *) binds; entries sorted by name.
type globals struct {
	blob string
	at   []uint32
}

func newGlobals(m *Module) *globals {
	var entries []string
	for name := range m.Scope.Bindings {
		if b := m.Global(name); b != nil && b.Kind == DefBinding {
			entries = append(entries, name+"\x00d")
		} else if q := m.Reexport(name); q != "" {
			entries = append(entries, name+"\x00r"+q)
		}
	}
	slices.Sort(entries)
	g := &globals{at: make([]uint32, len(entries)+1)}
	var sb strings.Builder
	for i, e := range entries {
		g.at[i] = uint32(sb.Len())
		sb.WriteString(e)
	}
	g.at[len(entries)] = uint32(sb.Len())
	g.blob = sb.String()
	return g
}

// of returns what name binds: "d", "r" and a qualified name, or "".
func (g *globals) of(name string) string {
	if g == nil {
		return ""
	}
	n := len(g.at) - 1
	entry := func(i int) (string, string) {
		k, v, _ := strings.Cut(g.blob[g.at[i]:g.at[i+1]], "\x00")
		return k, v
	}
	i := sort.Search(n, func(i int) bool { k, _ := entry(i); return k >= name })
	if i == n {
		return ""
	}
	if k, v := entry(i); k == name {
		return v
	}
	return ""
}

type moduleKey struct{}

// Module returns the summary of f. When f has syntax errors the summary of
// the recovered tree is returned together with the *pass.SyntaxError; when
// f cannot be parsed at all the Module is nil.
func (ix *Index) Module(f *pass.File) (*Module, error) {
	return pass.Cached(f, moduleKey{}, func() (*Module, error) {
		tree, err := python.Parse(f)
		return ix.build(f, tree), err
	})
}

func (ix *Index) build(f *pass.File, tree *python.Tree) *Module {
	if tree == nil {
		ix.globals.Store(f, (*globals)(nil))
		ix.digest(f, nil)
		return nil
	}
	m := Build(tree)
	ix.globals.Store(f, newGlobals(m))
	ix.digest(f, m)
	return m
}

// Shared returns the summary of f parsed at most once more: through the
// memo (Module) while some pass still reads f, which that pass shares and
// the driver releases when the last reader is done; once every pass is
// done with f (pass.File.Idle), outside it (python.ParseDetached), so the
// tree dies with the caller's reference. It is for a check that reads a module no
// pass may have handed it.
func (ix *Index) Shared(f *pass.File) *Module {
	if f.Idle() {
		tree, _ := python.ParseDetached(f)
		return ix.build(f, tree)
	}
	m, _ := ix.Module(f)
	if f.Idle() {
		// The last reader finished meanwhile, and nobody would release
		// what the memo now holds.
		f.ReleaseBytes()
	}
	return m
}

// GlobalOf tells, without parsing f, what Global(name) of f's Module
// binds: whether it is a def, and the qualified name it imports when it
// is an import (not *) that names one (Import.Qualified), "" otherwise.
// known is false when f was never parsed through the Index. A file that
// does not parse binds nothing.
func (ix *Index) GlobalOf(f *pass.File, name string) (def bool, reexport string, known bool) {
	v, ok := ix.globals.Load(f)
	if !ok {
		return false, "", false
	}
	switch g := v.(*globals).of(name); {
	case g == "d":
		return true, "", true
	case strings.HasPrefix(g, "r"):
		return false, g[1:], true
	}
	return false, "", true
}
